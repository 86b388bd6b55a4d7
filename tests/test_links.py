"""Links across articles: the chain of each process is the same whatever the
order of ingest and re-ingest, holds two links per negotiation at most, and
links only negotiations that match. Checked against a direct reading of the
definition, on the real store, with article graphs written as ingest writes
them (without spaCy: the links only read sides, mediators and dates)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from itertools import combinations

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import iris
from kg.links import MAX_DAYS, Index, links_graph, refresh, relink
from kg.store import Store
from kg.vocab import DCTERMS, KG, RDF, RDFS, XSD

SIDES = [iris.actor("state", s) for s in ("AAA", "BBB", "CCC", "DDD")]
BROKERS = [iris.actor("org", m) for m in ("m1", "m2", "m3")]
DAY0 = date(2024, 1, 1)

# one article: its sides, its mediators, its date (days after DAY0, or None)
spec = st.tuples(
    st.sets(st.sampled_from(SIDES), max_size=3),
    st.sets(st.sampled_from(BROKERS), max_size=3),
    st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
)


def _negotiation(i: int) -> ox.NamedNode:
    return iris.local(f"a{i}", "negotiation", "n1")


def _graph(i: int, sides, brokers, day) -> list[ox.Quad]:
    n, art, g = _negotiation(i), iris.article(f"a{i}"), iris.article_graph(f"a{i}")
    quads = [
        ox.Quad(art, RDF.type, KG.Article, g),
        ox.Quad(n, RDF.type, KG.Negotiation, g),
        ox.Quad(n, RDFS.label, ox.Literal(f"talks {i}"), g),
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
    close = da is None or db is None or abs(da - db) <= MAX_DAYS
    return close and (shared >= 2 or (shared == 1 and len(ma & mb) >= 2))


def _nearest(articles: dict[int, tuple]) -> dict[int, set[int]]:
    """The definition: each negotiation to its nearest match before and after it,
    in the order of (date, IRI)."""

    def key(i):
        day = articles[i][2]
        return (
            (DAY0 + timedelta(days=day)).isoformat() if day is not None else "",
            _negotiation(i).value,
        )

    out = {}
    for i in articles:
        matches = [j for j in articles if j != i and _match(articles[i], articles[j])]
        before = [j for j in matches if key(j) < key(i)]
        after = [j for j in matches if key(j) > key(i)]
        out[i] = {max(before, key=key)} if before else set()
        out[i] |= {min(after, key=key)} if after else set()
    return out


def _expected(articles: dict[int, tuple]) -> set[frozenset]:
    return {frozenset({i, j}) for i, js in _nearest(articles).items() for j in js}


def _stored(store) -> set[frozenset]:
    index = {_negotiation(i).value: i for i in range(20)}
    pairs = set()
    for q in store.quads(ox.DefaultGraph()):
        if q.predicate == KG.sameProcessAs:
            pairs.add(frozenset({index[q.subject.value], index[q.object.value]}))
            assert ox.Triple(q.object, q.predicate, q.subject) in {
                ox.Triple(r.subject, r.predicate, r.object)
                for r in store.quads(ox.DefaultGraph())
                if r.predicate == KG.sameProcessAs
            }
    return pairs


def _write(store, i: int, article: tuple, stored: set[int], index: Index | None = None) -> None:
    store.replace_graph(iris.article_graph(f"a{i}"), _graph(i, *article))
    refresh(store, [f"a{i}"], new=i not in stored, index=index)
    stored.add(i)


@settings(max_examples=60, deadline=None)
@given(
    articles=st.lists(spec, min_size=2, max_size=7),
    order=st.randoms(use_true_random=False),
    redo=st.lists(st.tuples(st.integers(min_value=0, max_value=6), spec), max_size=3),
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
        assert _stored(store) == _expected(now)
        for i, article in redo:  # re-ingest: the article changed (or not)
            if i in now:
                now[i] = article
                _write(store, i, article, stored, index)
                assert _stored(store) == _expected(now)
        # a negotiation's own two links are in its article's link graph, and
        # nothing else is
        index = {_negotiation(i): i for i in now}
        for i, js in _nearest(now).items():
            held = {(index[q.subject], index[q.object]) for q in store.quads(links_graph(f"a{i}"))}
            assert held == {(i, j) for j in js} | {(j, i) for j in js}


def test_a_busy_process_costs_two_links_per_negotiation_not_one_per_pair():
    """Twelve reports of the same talks within a month: every pair matches (66
    pairs); the chain stores 11 links, and the query follows it to every pair."""
    from kg import queries

    articles = {i: (set(SIDES[:2]), set(), i * 2) for i in range(12)}
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        stored: set[int] = set()
        for i in articles:
            _write(store, i, articles[i], stored)
        assert all(_match(articles[a], articles[b]) for a, b in combinations(articles, 2))
        assert _stored(store) == {frozenset({i, i + 1}) for i in range(11)}
        same = queries.stored()["same-process"]
        assert len(queries.run(store, same, limit=1000).rows) == 66


def test_relink_gives_what_ingest_gives():
    articles = {
        0: (set(SIDES[:2]), set(), 10),
        1: (set(SIDES[1:3]), set(BROKERS[:2]), 30),
        2: (set(SIDES[:3]), set(BROKERS[:2]), 50),
        3: (set(SIDES[:2]), set(), 120),  # 110 days after 0: no match
    }
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        for i, a in articles.items():  # stored all at once, as a bulk load does
            store.replace_graph(iris.article_graph(f"a{i}"), _graph(i, *a))
        assert relink(store, [f"a{i}" for i in articles]) == 5  # per article: 1, 1, 2, 1
        assert (
            _stored(store)
            == _expected(articles)
            == {
                frozenset({0, 2}),
                frozenset({1, 2}),
                frozenset({2, 3}),
            }
        )
