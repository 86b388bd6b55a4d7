"""Answers come a page at a time: pages cover the whole answer once, parameters
reach the sub-select that picks a page, and ``kg query`` says when more follow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import kg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import queries
from kg.errors import QueryError
from kg.store import Store


def _key(row: list) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def _pages(store, q, size: int, params=None) -> list[tuple]:
    out, offset = [], 0
    while True:
        page = queries.run(store, q, params, limit=size, offset=offset)
        assert len(page.rows) <= size
        out += [_key(r) for r in page.rows]
        if not page.more:
            return out
        offset += size


@pytest.fixture(scope="module")
def store(seeds_store):
    with Store(Path(seeds_store), read_only=True) as s:
        yield s


def test_every_stored_query_marks_its_page():
    for q in queries.stored().values():
        assert "# page" in q.text, f"{q.name}: no '# page' sub-select; it would not scale"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(size=st.integers(min_value=1, max_value=6))
def test_pages_cover_the_whole_answer_once(store, size):
    for q in queries.stored().values():
        every = sorted(_key(r) for r in queries.run(store, q).rows)
        assert sorted(_pages(store, q, size)) == every, q.name


def test_a_parameter_reaches_the_sub_select_that_picks_the_page(store):
    q = queries.stored()["mediators"]
    names = {r[0] for r in queries.run(store, q).rows}
    assert len(names) >= 3
    for name in names:  # bound outside the page, most of them would find nothing on page one
        page = queries.run(store, q, {"actor": name}, limit=1)
        assert [r[0] for r in page.rows] == [name]


def test_all_rows_are_sorted_a_page_is_sorted(store):
    q = queries.stored()["statements-by"]
    every = queries.run(store, q).rows
    assert len(every) > 4
    dates = [r[3] or "" for r in every]
    assert dates == sorted(dates)
    page = queries.run(store, q, limit=4).rows
    assert [r[3] or "" for r in page] == sorted(r[3] or "" for r in page)


def test_own_limit_is_kept_and_other_selects_get_one(store):
    def q(text: str) -> queries.StoredQuery:
        return queries.parse_header("t", Path("t.rq"), text)

    own = queries.run(store, q("SELECT ?s WHERE { ?s a kg:Person } LIMIT 3"), limit=1)
    assert len(own.rows) == 3 and not own.more
    added = queries.run(store, q("SELECT ?s WHERE { ?s a kg:Person } ORDER BY ?s"), limit=2)
    every = queries.run(store, q("SELECT ?s WHERE { ?s a kg:Person } ORDER BY ?s"))
    assert added.rows == every.rows[:2] and added.more
    ask = queries.run(store, q("ASK { ?s a kg:Person }"), limit=1)
    assert ask.rows == [[True]]


def test_a_page_mark_without_limit_is_an_error(store):
    bad = queries.parse_header("bad", Path("bad.rq"), "SELECT ?s WHERE {\n  ?s ?p ?o  # page\n}")
    with pytest.raises(QueryError, match="line 2: a '# page' mark without a LIMIT"):
        queries.run(store, bad, limit=5)


def test_cli_pages(seeds_store):
    args = ("query", "--store", str(seeds_store), "stances", "--format", "json")
    every = json.loads(kg(*args, "--all", check=True).stdout)
    assert len(every) > 3
    first = kg(*args, "--limit", "2", check=True)
    assert "more rows follow: --offset 2 for the next page" in first.stderr
    rest = kg(*args, "--limit", "100", "--offset", "2", check=True)
    assert "more rows follow" not in rest.stderr
    got = json.loads(first.stdout) + json.loads(rest.stdout)
    assert sorted(map(json.dumps, got)) == sorted(map(json.dumps, every))
    bad = kg(*args, "--limit", "0")
    assert bad.returncode == 2 and "--limit" in bad.stderr


def test_cli_page_size_is_the_library_default():
    help_text = kg("query", "--help", check=True).stdout
    assert f"Rows per page. [default: {queries.PAGE_SIZE};" in " ".join(help_text.split())


def test_queries_that_cannot_take_a_limit_at_the_end_run_as_written(store):
    def q(text: str) -> queries.StoredQuery:
        return queries.parse_header("t", Path("t.rq"), text)

    persons = len(queries.run(store, q("SELECT ?s WHERE { ?s a kg:Person }")).rows)
    assert persons > 3
    construct = "CONSTRUCT { ?s a kg:Person } WHERE { { SELECT ?s WHERE { ?s a kg:Person } } }"
    assert len(queries.run(store, q(construct), limit=2).rows) == persons
    trailing = "SELECT ?s WHERE { ?s a ?c } VALUES ?c { kg:Person }"
    assert len(queries.run(store, q(trailing), limit=2).rows) == persons
    # a comment that merely starts with the word is not a page mark
    worded = "# page through the persons\nSELECT ?s WHERE { ?s a kg:Person }"
    page = queries.run(store, q(worded), limit=2)
    assert len(page.rows) == 2 and page.more


def test_a_mark_on_the_whole_query_and_prefixes_in_the_page(store):
    def q(text: str) -> queries.StoredQuery:
        return queries.parse_header("t", Path("t.rq"), text)

    whole = q("SELECT ?s WHERE { ?s a kg:Person } LIMIT 100  # page\n")
    every = queries.run(store, whole).rows
    assert sorted(_pages(store, whole, 2)) == sorted(_key(r) for r in every)
    prefixed = q(
        "PREFIX my: <https://w3id.org/kg/ns#>\nSELECT ?s ?l WHERE {\n"
        "  { SELECT ?s WHERE { ?s a my:Person } LIMIT 100  # page\n  }\n"
        "  ?s rdfs:label ?l }"
    )
    assert sorted(_pages(store, prefixed, 2)) == sorted(
        _key(r) for r in queries.run(store, prefixed).rows
    )
