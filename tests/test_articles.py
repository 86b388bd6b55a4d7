"""Reading articles: datelines, boilerplate, titles."""

from __future__ import annotations

import pytest

from kg.articles import make_article


@pytest.mark.parametrize(
    ("text", "source", "date"),
    [
        (" date 2024-02-07 (Bloomberg) -- Israel and the US offered...", "Bloomberg", "2024-02-07"),
        ("WASHINGTON (Reuters) - Armenia and Azerbaijan initialled a deal.", "Reuters", None),
        ("KYIV, Jan 3 (Reuters) - Russia and Ukraine exchanged prisoners.", "Reuters", None),
        ("DOHA, Nov. 9 (AFP) -- Qatar said talks would resume.", "AFP", None),
        ("ARLINGTON, Va. (AP) — Armenia and Azerbaijan met.", "AP", None),
        ("CASTRIES, St Lucia and the Islands, May 2 (AP) - Qatar hosted talks.", "AP", None),
    ],
)
def test_datelines(text, source, date):
    body = text + "\n\nA second paragraph follows here, as in any article."
    a = make_article(body, "x")
    assert a.source == source and a.published == date
    start, end = a.masked[0]
    assert start == 0 and text[end : end + 3] in ("Isr", "Arm", "Rus", "Qat")


def test_a_dateline_after_the_headline_is_read_and_masked():
    text = (
        "Rivals Agree to Extend Truce\n\n"
        "LIMA, March 14 (Reuters) - Peru and Chile agreed on Thursday to extend a truce.\n"
    )
    a = make_article(text, "x")
    assert a.title == "Rivals Agree to Extend Truce" and a.source == "Reuters"
    masked = [text[s:e].strip() for s, e in a.masked]
    assert masked == ["Rivals Agree to Extend Truce", "LIMA, March 14 (Reuters) -"]


def test_a_dateline_after_a_byline_is_read_and_masked():
    text = (
        "Rivals Agree to Extend Truce\n\nBy Staff Writer\n\n"
        "LIMA (AFP) -- Peru and Chile agreed on Thursday to extend a truce.\n"
    )
    a = make_article(text, "x")
    assert a.source == "AFP"
    assert "LIMA (AFP) --" in [text[s:e].strip() for s, e in a.masked]


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON (Reuters) -\nPeru and Chile agreed on Thursday to extend a truce.\n",
        "Rivals Agree to Extend Truce   \n\nLIMA (Reuters) - Peru and Chile agreed on Thursday.\n",
    ],
)
def test_a_dateline_on_a_line_of_its_own_or_after_a_spaced_headline(text):
    assert make_article(text, "x").source == "Reuters"


def test_boilerplate_lines_are_masked_and_the_headline_is_the_title():
    text = (
        "Talks Resume in Doha\n\nQatar said on Monday that talks would resume.\n\n"
        "Read more: Oil Slips as Traders Weigh Gaza Truce\n\n"
        "--With assistance from Jane Doe.\n"
    )
    a = make_article(text, "x")
    masked = [text[s:e] for s, e in a.masked]
    assert a.title == "Talks Resume in Doha"
    assert "Read more: Oil Slips as Traders Weigh Gaza Truce" in masked
    assert "--With assistance from Jane Doe." in masked
    assert not any("Qatar said" in m for m in masked)


def test_an_afp_dateline_with_a_title_case_city_is_blanked():
    from kg.articles import make_article

    text = "Addis Ababa (AFP) - Delegations began indirect talks on Tuesday.\n"
    art = make_article(text, "afp")
    assert art.source == "AFP"
    assert any(text[s:e].startswith("Addis Ababa (AFP)") for s, e in art.masked)
