"""Relative dates resolved against the article's date."""

from __future__ import annotations

from datetime import date

import pytest

from kg.dates import parse_published, resolve

WED = date(2024, 2, 7)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Wednesday night", date(2024, 2, 7)),
        ("on Tuesday", date(2024, 2, 6)),
        ("Saturday morning", date(2024, 2, 3)),
        ("yesterday", date(2024, 2, 6)),
        ("today", WED),
        ("Oct. 7", date(2023, 10, 7)),  # later in the year than the article: last year
        ("Jan. 30", date(2024, 1, 30)),
        ("May 6, 2023", date(2023, 5, 6)),
        ("last week", None),
        ("earlier this year", None),
        ("five weeks", None),
    ],
)
def test_resolve(text, want):
    assert resolve(text, WED) == want


def test_parse_published():
    assert parse_published("2024-02-07") == WED
    assert parse_published("published 2024-02-07T10:00") == WED
    assert parse_published("Feb 7") is None and parse_published(None) is None


def test_events_and_statements_are_dated(extract):
    doc = extract(
        "Chilean President Ana Torres spoke by phone with Kenyan President William "
        "Otieno on Tuesday.\n\n“We want a deal that holds,” Torres said on Monday.",
        published="2024-02-07",
    )
    from kg.graph import to_quads

    quads = list(to_quads(doc))
    dated = {q.object.value for q in quads if q.predicate.value.endswith("/date")}
    assert {"2024-02-06", "2024-02-05"} <= dated
