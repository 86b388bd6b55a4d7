"""Every stored question parses, runs, and gives the expected rows on the seeds."""

from __future__ import annotations

import json

import pytest
from conftest import kg

from kg.queries import stored


def rows(store, name, *params):
    args = []
    for k, v in params:
        args += ["--param", k, v]
    p = kg("query", "--store", str(store), name, *args, "--format", "json", check=True)
    return json.loads(p.stdout)


def test_every_query_has_a_summary_and_is_tested():
    names = set(stored())
    assert len(names) >= 8
    for q in stored().values():
        assert q.summary, q.name
    tested = {n.removeprefix("test_").replace("_", "-") for n in globals() if n.startswith("test_")}
    assert names <= tested, f"queries without a test: {names - tested}"


def test_mediators(seeds_store):
    got = {r["mediator"] for r in rows(seeds_store, "mediators")}
    assert got == {"Qatar", "Egypt", "United States"}
    only = rows(seeds_store, "mediators", ("actor", "qatar"))
    assert {r["mediator"] for r in only} == {"Qatar"}


def test_parties(seeds_store):
    got = {(r["actor"], r["role"]) for r in rows(seeds_store, "parties")}
    assert {("Israel", "party"), ("Hamas", "party")} <= got
    assert not {a for a, role in got if a in ("Qatar", "Egypt", "United States")}


def test_speaks_for(seeds_store):
    got = {(r["person"], r["speaksFor"]) for r in rows(seeds_store, "speaks-for")}
    assert ("Antony Blinken", "United States") in got
    assert ("Benjamin Netanyahu", "Israel") in got
    assert ("Isaac Herzog", "Israel") in got
    roles = {r["person"]: r["role"] for r in rows(seeds_store, "speaks-for")}
    assert roles["Antony Blinken"] == "Secretary of State"
    us = rows(seeds_store, "speaks-for", ("actor", "United States"))
    assert {r["person"] for r in us} == {"Antony Blinken"}


def test_designations(seeds_store):
    got = {
        (r["designated"], r["designatedBy"], r["label"]) for r in rows(seeds_store, "designations")
    }
    assert got == {
        ("Hamas", "United States", "terrorist group"),
        ("Hamas", "European Union", "terrorist group"),
    }


def test_stances(seeds_store):
    got = {(r["who"], r["stance"]) for r in rows(seeds_store, "stances")}
    assert {
        ("Hamas", "proposes"),
        ("Benjamin Netanyahu", "rejects"),
        ("Antony Blinken", "supports"),
        ("Isaac Herzog", "rejects"),
    } <= got


def test_statements_by(seeds_store):
    got = rows(seeds_store, "statements-by", ("name", "Blinken"))
    texts = [r["text"] for r in got if r["indirect"] == "false"]
    assert any(t.startswith("While there are some clear nonstarters") for t in texts)
    assert any(t.startswith("We cannot, we must not, lose sight") for t in texts)
    assert {r["speaker"] for r in got} == {"Antony Blinken"}
    assert {r["date"] for r in got} == {"2024-02-07"}
    assert {r["source"] for r in got} == {"Bloomberg News"}


def test_meetings(seeds_store):
    got = {(r["actor"], r["metWith"]) for r in rows(seeds_store, "meetings")}
    assert {
        ("Antony Blinken", "Qatar"),
        ("Antony Blinken", "Egypt"),
        ("Antony Blinken", "Saudi Arabia"),
        ("Isaac Herzog", "NBC News"),
    } <= got


def test_multi_article_actors(seeds_store):
    got = {r["actor"]: int(r["articles"]) for r in rows(seeds_store, "multi-article-actors")}
    assert got["Benjamin Netanyahu"] == 2 and got["Hamas"] == 2 and got["Israel"] == 2
    assert "Antony Blinken" not in got


def test_visits_and_attacks(seeds_store):
    got = {(r["actor"], r["event"], r["target"]) for r in rows(seeds_store, "visits-and-attacks")}
    assert {("Hamas", "attacks", "Israel"), ("Israel", "attacks", "Gaza")} <= got


def test_timeline(seeds_store):
    got = rows(seeds_store, "timeline", ("actor", "Qatar"))
    assert {(r["role"], r["date"]) for r in got} == {("mediator", "2024-02-07")}
    assert len(rows(seeds_store, "timeline")) >= 5


def test_disagreements(seeds_store):
    got = {(r["supporter"], r["rejecter"]) for r in rows(seeds_store, "disagreements")}
    assert ("Antony Blinken", "Benjamin Netanyahu") in got


def test_evidence(seeds_store):
    got = rows(seeds_store, "evidence", ("name", "Qatar"))
    mediation = [r for r in got if r["relation"] == "mediates"]
    assert mediation and "broker" in mediation[0]["sentence"]
    assert mediation[0]["stage"] == "kg.negotiation.v19"


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_output_formats(seeds_store, fmt):
    p = kg("query", "--store", str(seeds_store), "mediators", "--format", fmt, check=True)
    assert "Qatar" in p.stdout
    if fmt == "csv":
        assert p.stdout.splitlines()[0].startswith("mediator,")


def test_same_process(tmp_path):
    """The same article under two names describes one process: the graph links them."""
    from conftest import SEEDS

    src = SEEDS / "000_c94d25af17f8711b.txt"
    for name in ("monday.txt", "tuesday.txt"):
        (tmp_path / name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    store = tmp_path / "store"
    kg(
        "ingest",
        "--store",
        str(store),
        str(tmp_path / "monday.txt"),
        str(tmp_path / "tuesday.txt"),
        check=True,
    )
    got = rows(store, "same-process")
    assert len(got) == 1
    assert {got[0]["article"], got[0]["otherArticle"]} == {
        str(tmp_path / "monday.txt"),
        str(tmp_path / "tuesday.txt"),
    }
    single = tmp_path / "single"
    kg("ingest", "--store", str(single), str(src), check=True)
    assert rows(single, "same-process") == []
    # monday's article turns out to be from another year: the link goes, also
    # from tuesday's link graph (where the later of the two put it)
    text = src.read_text(encoding="utf-8")
    assert text.lstrip().startswith("date 2024-02-07")
    (tmp_path / "monday.txt").write_text(
        text.replace("date 2024-02-07", "date 2025-09-30", 1), encoding="utf-8"
    )
    kg("ingest", "--store", str(store), str(tmp_path / "monday.txt"), check=True)
    assert rows(store, "same-process") == []
    p = kg("export", "--store", str(store), "--format", "nquads", check=True)
    assert "#sameProcessAs> <https://w3id.org/kg/id/negotiation/" not in p.stdout


def test_a_re_ingest_leaves_the_links_of_a_first_ingest(tmp_path):
    """Three copies of one article are one process: a chain of two links, each
    kept in the link graphs of the negotiations it joins, which the same-process
    query lists. Re-ingesting the first copy changes nothing.
    (Every order of ingest and re-ingest: tests/test_links.py.)"""
    from conftest import SEEDS

    src = SEEDS / "000_c94d25af17f8711b.txt"
    paths = []
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(str(tmp_path / name))
    store = str(tmp_path / "store")

    def links() -> list[str]:
        p = kg("export", "--store", store, "--format", "nquads", check=True)
        return sorted(
            line
            for line in p.stdout.splitlines()
            if "#sameProcessAs> <https://w3id.org/kg/id/negotiation/" in line
        )

    kg("ingest", "--store", store, *paths, check=True)
    first = links()
    triples = {line.rsplit(" ", 2)[0] for line in first}
    assert len(triples) == 4  # a-b and b-c, both ways
    assert sum("links-b" in line for line in first) == 4  # b's two neighbours
    assert len(rows(store, "same-process")) == 2
    kg("ingest", "--store", store, "--force", paths[0], check=True)
    assert links() == first
