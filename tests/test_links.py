"""Links across articles: the chain of each process is the same whatever the
order of ingest and re-ingest, holds two links of its own per negotiation,
and links only negotiations that match. Checked against a direct reading of
the definition, on the real store, with article graphs written as ingest
writes them (without spaCy: the links only read sides, mediators and dates)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from itertools import combinations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import iris
from kg.links import MAX_DAYS, Index, links_graph, refresh, relink
from kg.store import Store
from kg.vocab import DCTERMS, KG, RDF, RDFS, XSD

SIDES = [iris.actor("state", s) for s in ("AAA", "BBB", "CCC", "DDD")]
BROKERS = [iris.actor("org", m) for m in ("m1", "m2", "m3")]
DAY0 = date(2024, 1, 1)

# one negotiation: its sides, its mediators, its date (days after DAY0, or None)
talks = st.tuples(
    st.sets(st.sampled_from(SIDES), max_size=3),
    st.sets(st.sampled_from(BROKERS), max_size=3),
    st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
)
# one article: its negotiations by key (a re-ingest may keep, change, add or drop them)
article = st.dictionaries(st.sampled_from(["n1", "n2"]), talks, min_size=1, max_size=2)

Talks = tuple[int, str]  # (article number, negotiation key)


def _node(t: Talks) -> ox.NamedNode:
    return iris.local(f"a{t[0]}", "negotiation", t[1])


def _graph(i: int, negotiations: dict) -> list[ox.Quad]:
    art, g = iris.article(f"a{i}"), iris.article_graph(f"a{i}")
    quads = [ox.Quad(art, RDF.type, KG.Article, g)]
    for k, (sides, brokers, day) in negotiations.items():
        n = _node((i, k))
        quads += [
            ox.Quad(n, RDF.type, KG.Negotiation, g),
            ox.Quad(n, RDFS.label, ox.Literal(f"talks {i} {k}"), g),
            ox.Quad(n, KG.fromArticle, art, g),
        ]
        quads += [ox.Quad(s, KG.partyTo, n, g) for s in sides]
        quads += [ox.Quad(m, KG.mediates, n, g) for m in brokers]
        if day is not None:
            when = (DAY0 + timedelta(days=day)).isoformat()
            quads.append(ox.Quad(n, DCTERMS.date, ox.Literal(when, datatype=XSD.date), g))
    return quads


def _match(a, b) -> bool:
    (sa, ma, da), (sb, mb, db) = a, b
    shared = len(sa & sb)
    if da is None or db is None:
        close = da is None and db is None  # undated ones match only each other
    else:
        close = abs(da - db) <= MAX_DAYS
    return close and (shared >= 2 or (shared == 1 and len(ma & mb) >= 2))


def _nearest(articles: dict[int, dict]) -> dict[Talks, set[Talks]]:
    """The definition: each negotiation to its nearest match in another article
    before it and after it, in the order of (date, IRI)."""
    every = {(i, k): v for i, negs in articles.items() for k, v in negs.items()}

    def key(t):
        day = every[t][2]
        when = (DAY0 + timedelta(days=day)).isoformat() if day is not None else ""
        return (when, _node(t).value)

    out = {}
    for t in every:
        matches = [u for u in every if u[0] != t[0] and _match(every[t], every[u])]
        before = [u for u in matches if key(u) < key(t)]
        after = [u for u in matches if key(u) > key(t)]
        out[t] = {max(before, key=key)} if before else set()
        out[t] |= {min(after, key=key)} if after else set()
    return out


def _index(articles: dict[int, dict]) -> dict[str, Talks]:
    return {_node((i, k)).value: (i, k) for i, negs in articles.items() for k in ("n1", "n2")}


def _stored(store, articles: dict[int, dict]) -> set[frozenset]:
    index = _index(articles)
    triples = {
        (q.subject.value, q.object.value)
        for q in store.quads(ox.DefaultGraph())
        if q.predicate == KG.sameProcessAs
    }
    assert all((b, a) in triples for a, b in triples), "links go both ways"
    return {frozenset({index[a], index[b]}) for a, b in triples}


def _expected(articles: dict[int, dict]) -> set[frozenset]:
    return {frozenset({t, u}) for t, us in _nearest(articles).items() for u in us}


def _check(store, now: dict[int, dict]) -> None:
    assert _stored(store, now) == _expected(now)
    # a negotiation's own links are in its article's link graph, and nothing else is
    index = _index(now)
    own = _nearest(now)
    for i in now:
        held = {
            (index[q.subject.value], index[q.object.value])
            for q in store.quads(links_graph(f"a{i}"))
        }
        want = {(t, u) for t, us in own.items() if t[0] == i for u in us}
        assert held == want | {(u, t) for t, u in want}


def _write(store, i: int, negotiations: dict, stored: set[int], index=None) -> None:
    store.replace_graph(iris.article_graph(f"a{i}"), _graph(i, negotiations))
    refresh(store, [f"a{i}"], new=i not in stored, index=index)
    stored.add(i)


@settings(max_examples=40, deadline=None)
@given(
    articles=st.lists(article, min_size=2, max_size=6),
    order=st.randoms(use_true_random=False),
    redo=st.lists(st.tuples(st.integers(min_value=0, max_value=5), article), max_size=3),
    one_run=st.booleans(),
)
def test_the_chain_does_not_depend_on_the_order_of_ingest(articles, order, redo, one_run):
    """``one_run``: every write goes through one index, as in one ``kg ingest``;
    otherwise each is a run of its own."""
    now = dict(enumerate(articles))
    ids = list(now)
    order.shuffle(ids)
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        index = Index(store) if one_run else None
        stored: set[int] = set()
        for i in ids:
            _write(store, i, now[i], stored, index)
        _check(store, now)
        for i, negotiations in redo:  # re-ingest: the article changed (or not)
            if i in now:
                now[i] = negotiations
                _write(store, i, negotiations, stored, index)
                _check(store, now)


def test_a_re_ingest_in_the_same_run_forgets_the_old_version():
    """What the run's index read of an article's old version (its negotiations,
    their sides) is dropped when the article is written again."""
    before = {0: {"n1": (set(SIDES[:2]), set(), 0)}, 1: {"n1": (set(SIDES[:2]), set(), 5)}}
    after = {**before, 1: {"n2": (set(SIDES[2:]), set(), 5)}}
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        index = Index(store)
        stored: set[int] = set()
        for i in before:
            _write(store, i, before[i], stored, index)
        assert _stored(store, before) == {frozenset({(0, "n1"), (1, "n1")})}
        _write(store, 1, after[1], stored, index)
        assert _stored(store, after) == set()


class _Interrupted(Exception):
    pass


class _FailingStore(Store):
    """Fails the n-th graph write from now on."""

    fail_at = -1

    def replace_graph(self, graph, quads):
        self.fail_at -= 1
        if self.fail_at == 0:
            raise _Interrupted
        return super().replace_graph(graph, quads)


@settings(max_examples=20, deadline=None)
@given(
    articles=st.lists(article, min_size=3, max_size=5),
    last=article,
    fail_at=st.integers(min_value=1, max_value=8),
)
def test_links_interrupted_midway_are_mended_by_the_redo(articles, last, fail_at):
    """Ingest stops inside an article's links (a failed write, a Ctrl-C); the
    article has no content hash then, so the next run does it again as a stored
    article: the chain is then as if nothing had stopped."""
    now = dict(enumerate(articles))
    with tempfile.TemporaryDirectory() as tmp:
        with _FailingStore(tmp) as store:
            stored: set[int] = set()
            for i in now:
                _write(store, i, now[i], stored)
            i = len(now)
            now[i] = last
            store.fail_at = fail_at + 1  # the article's graph, then its links' writes
            try:
                _write(store, i, last, stored)
            except _Interrupted:
                pass
            stored.add(i)  # its graph is stored
        with Store(tmp) as store:
            _write(store, i, last, stored)  # the redo
            _check(store, now)


def test_a_busy_process_costs_two_links_per_negotiation_not_one_per_pair():
    """Twelve reports of the same talks within a month: every pair matches (66
    pairs); the chain stores 11 links, which the stored query lists, and
    kg:sameProcessAs+ follows to every pair."""
    from kg import queries

    articles = {i: {"n1": (set(SIDES[:2]), set(), i * 2)} for i in range(12)}
    every = [a["n1"] for a in articles.values()]
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        stored: set[int] = set()
        for i in articles:
            _write(store, i, articles[i], stored)
        assert all(_match(a, b) for a, b in combinations(every, 2))
        assert _stored(store, articles) == {
            frozenset({(i, "n1"), (i + 1, "n1")}) for i in range(11)
        }
        same = queries.stored()["same-process"]
        assert len(queries.run(store, same, limit=1000).rows) == 11
        closure = "SELECT ?a ?b { ?a kg:sameProcessAs+ ?b FILTER(STR(?a) < STR(?b)) }"
        assert len(list(store.query(closure))) == 66


@pytest.mark.parametrize("one_run", [True, False])
@pytest.mark.parametrize("later_first", [True, False])
def test_reports_exactly_max_days_apart_match_and_one_day_more_do_not(one_run, later_first):
    articles = {
        0: {"n1": (set(SIDES[:2]), set(), 10)},
        1: {"n1": (set(SIDES[:2]), set(), 10 + MAX_DAYS)},
        2: {"n1": (set(SIDES[2:]), set(), 10)},
        3: {"n1": (set(SIDES[2:]), set(), 11 + MAX_DAYS)},
    }
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        index = Index(store) if one_run else None
        stored: set[int] = set()
        for i in sorted(articles, reverse=later_first):
            _write(store, i, articles[i], stored, index)
        assert _stored(store, articles) == {frozenset({(0, "n1"), (1, "n1")})}
        _check(store, articles)  # each end holds it: the other is its nearest


def test_an_undated_report_does_not_join_processes_years_apart():
    """Dated talks in 2024 and in 2025 are two processes; an undated report of
    the same sides matches neither (it would join both, coming first in the order)."""
    articles = {
        0: {"n1": (set(SIDES[:2]), set(), 0)},
        1: {"n1": (set(SIDES[:2]), set(), 400)},
        2: {"n1": (set(SIDES[:2]), set(), None)},
        3: {"n1": (set(SIDES[:2]), set(), None)},
    }
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        stored: set[int] = set()
        for i in articles:
            _write(store, i, articles[i], stored)
        assert _stored(store, articles) == {frozenset({(2, "n1"), (3, "n1")})}


@pytest.mark.parametrize("in_order", [True, False])
def test_relink_after_a_bulk_load_gives_the_chain(in_order):
    articles = {
        0: {"n1": (set(SIDES[:2]), set(), 10)},
        1: {"n1": (set(SIDES[1:3]), set(BROKERS[:2]), 30)},
        2: {"n1": (set(SIDES[:3]), set(BROKERS[:2]), 50)},
        3: {"n1": (set(SIDES[:2]), set(), 120)},  # 110 days after 0: no match
    }
    ids = list(articles) if in_order else list(reversed(articles))
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        for i in ids:  # stored all at once, as a bulk load does
            store.replace_graph(iris.article_graph(f"a{i}"), _graph(i, articles[i]))
        assert relink(store, [f"a{i}" for i in ids]) == 5  # per article: 1, 1, 2, 1
        assert _stored(store, articles) == _expected(articles)
        assert _expected(articles) == {
            frozenset({(0, "n1"), (2, "n1")}),
            frozenset({(1, "n1"), (2, "n1")}),
            frozenset({(2, "n1"), (3, "n1")}),
        }
