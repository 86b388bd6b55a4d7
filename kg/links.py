"""Links across articles: negotiations that describe the same process.

Two negotiations from different articles *match* when they share two sides,
or a side and two mediators, and their dates are at most ``MAX_DAYS`` apart
(undated ones match only undated ones). Matching negotiations are one
process, and being one process is transitive (``kg:sameProcessAs`` is
declared so), so the store keeps a chain, not every matching pair: each
negotiation is linked to its nearest match before it and its nearest match
after it, in the order of (date, IRI). A process that hundreds of articles
report within 90 days then costs two links of its own per article instead of
one per earlier article (decision 0008). ``queries/same-process.rq`` lists
the links; ``kg:sameProcessAs+`` follows them to a whole process.

The chain depends only on which negotiations are stored, never on the order
of ingest. A negotiation's own links (to its two nearest matches) are kept in
its article's link graph (``kgr:graph/links-<id>``). As an article is written:

- its links are computed from the stored negotiations that share a side with
  its own;
- a stored match that now has it as its nearest match before or after takes
  it in place of the old one, in that match's link graph;
- when the article was stored before, the articles whose links named its
  negotiations are linked again from scratch (against its new version).

What this reads of the store (each side's negotiations, with their dates and
own links) is kept in an ``Index`` for the rest of a run, and kept in step
with what the run writes: one query per side and run, not one per article,
since a busy side has thousands of negotiations.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

import pyoxigraph as ox

from kg import iris
from kg.queries import bind
from kg.vocab import KG

MAX_DAYS = 90
# Part of the pipeline version stored with each article, so that a store linked
# another way is linked again as its articles are ingested again. v2: the chain
# (v1 linked every matching pair).
LINKS = "kg.links.v2"

# an article's negotiations, with their sides, mediators and dates
_OWN = """
SELECT ?n ?date ?side ?broker WHERE {
  ?n kg:fromArticle ?article ; a kg:Negotiation .
  OPTIONAL { ?n dcterms:date ?date }
  { ?side kg:partyTo ?n } UNION { ?broker kg:mediates ?n }
}
"""
# one side's negotiations, with their articles, dates and stored links
_OF_SIDE = """
SELECT ?n ?article ?date ?y ?g ?ydate WHERE {
  ?side kg:partyTo ?n .
  ?n a kg:Negotiation ; kg:fromArticle ?article .
  OPTIONAL { ?n dcterms:date ?date }
  OPTIONAL { GRAPH ?g { ?n kg:sameProcessAs ?y } OPTIONAL { ?y dcterms:date ?ydate } }
}
"""
_OF_BROKER = "SELECT ?n WHERE { ?broker kg:mediates ?n }"
# the link graphs (other than ?own) that name some negotiations (?b, bound)
_NAMED_IN = """
SELECT DISTINCT ?g WHERE {
  GRAPH ?g { ?a kg:sameProcessAs ?b }
  FILTER(?g != ?own)
}
"""

Key = tuple[str, str]  # (ISO date or "" when unknown, IRI): the order of the chain
Node = ox.NamedNode


def links_graph(article_id: str) -> ox.NamedNode:
    return iris.mint("graph", f"links-{article_id}")


def _day(term) -> date | None:
    try:
        return date.fromisoformat(term.value[:10]) if term is not None else None
    except ValueError:
        return None


def _key(node: Node, term) -> Key:
    day = _day(term)
    return (day.isoformat() if day else "", node.value)


_LAST = "\U0010ffff"  # after every IRI


def _window(at: Key) -> tuple[Key, Key]:
    """The keys of the negotiations close enough in time to match one at ``at``:
    from the first to before the second. Undated negotiations match only each
    other: placed first in the order, one would join every process on its sides
    across the years."""
    if not at[0]:
        return ("", ""), ("", _LAST)
    day = date.fromisoformat(at[0])
    span = timedelta(days=MAX_DAYS)
    return ((day - span).isoformat(), ""), ((day + span).isoformat(), _LAST)


def _negotiation_prefix(article_id: str) -> str:
    """What the IRIs of an article's negotiations start with."""
    return iris.local(article_id, "negotiation", "").value


def _article_id(node: Node) -> str:
    return node.value[len(iris.article("").value) :]


def _article_id_of_graph(graph: Node) -> str:
    return graph.value[len(links_graph("").value) :]


def _remove(keys: list[Key], key: Key) -> None:
    i = bisect_left(keys, key)
    if i < len(keys) and keys[i] == key:
        del keys[i]


def _nearest(at: Key, keys: dict[Node, Key]) -> tuple[Node | None, Node | None]:
    """Of ``keys``, the node just before ``at`` and the one just after."""
    before = max((n for n, k in keys.items() if k < at), key=keys.__getitem__, default=None)
    after = min((n for n, k in keys.items() if k > at), key=keys.__getitem__, default=None)
    return before, after


def _link(a: Node, b: Node, graph: Node) -> list[ox.Quad]:
    return [ox.Quad(a, KG.sameProcessAs, b, graph), ox.Quad(b, KG.sameProcessAs, a, graph)]


class _Negotiation:
    """One of the article's own negotiations, as stored."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.key: Key = ("", node.value)
        self.sides: set[Node] = set()
        self.brokers: set[Node] = set()


class Index:
    """The stored negotiations that links are computed against, read a side at a
    time as needed and kept in step with the links written through it. For one
    run, with no other writer to the store meanwhile."""

    def __init__(self, store) -> None:
        self.store = store
        self._sides: dict[Node, list[Key]] = {}  # side -> its negotiations' keys, sorted
        self._on: dict[Node, set[Node]] = {}  # negotiation -> the sides above it is in
        self._node: dict[str, Node] = {}  # IRI -> negotiation (keys hold IRIs)
        self._brokers: dict[Node, set[Node]] = {}  # mediator -> the negotiations it mediates
        self.key: dict[Node, Key] = {}
        self.article: dict[Node, str] = {}  # negotiation -> its article's id
        self.own: dict[Node, dict[Node, Key]] = {}  # negotiation -> its own links' other ends
        self._of_article: dict[str, set[Node]] = {}  # article id -> its negotiations
        self.written = 0  # quads written to link graphs, with their union copies

    def write(self, graph: Node, quads: list[ox.Quad]) -> None:
        """Replace a link graph (and the union with it)."""
        self.store.replace_graph(graph, quads)
        self.written += 2 * len(quads)

    def forget(self, article_id: str) -> set[Node]:
        """Drop what was read of an article's negotiations (it is written again);
        returns them."""
        gone = self._of_article.pop(article_id, set())
        for n in gone:
            key = self.key.pop(n)
            for side in self._on.pop(n, ()):
                _remove(self._sides[side], key)
            self.article.pop(n, None)
            self.own.pop(n, None)
        for members in self._brokers.values():
            members -= gone
        return gone

    def _known(self, n: Node, key: Key, article_id: str) -> None:
        self.key[n] = key
        self.article[n] = article_id
        self._node[n.value] = n
        self._of_article.setdefault(article_id, set()).add(n)

    def side(self, side: Node) -> list[Key]:
        """The keys of the side's negotiations, in order."""
        if side not in self._sides:
            found: set[Node] = set()
            fresh: set[Node] = set()  # not read before (through another side)
            for row in self.store.query(bind(_OF_SIDE, {"side": side})):
                n = row["n"]
                if n not in found:
                    found.add(n)
                    self._on.setdefault(n, set()).add(side)
                    if n not in self.key:
                        fresh.add(n)
                        self._known(n, _key(n, row["date"]), _article_id(row["article"]))
                        self.own[n] = {}
                y, g = row["y"], row["g"]
                if n in fresh and y is not None and g == links_graph(self.article[n]):
                    self.own[n][y] = _key(y, row["ydate"])
            self._sides[side] = sorted(self.key[n] for n in found)
        return self._sides[side]

    def broker(self, broker: Node) -> set[Node]:
        if broker not in self._brokers:
            rows = self.store.query(bind(_OF_BROKER, {"broker": broker}))
            self._brokers[broker] = {row["n"] for row in rows}
        return self._brokers[broker]

    def mine(self, article_id: str) -> list[_Negotiation]:
        """The article's negotiations as stored, with their sides and mediators."""
        out: dict[Node, _Negotiation] = {}
        for row in self.store.query(bind(_OWN, {"article": iris.article(article_id)})):
            if row["n"] not in out:
                out[row["n"]] = _Negotiation(row["n"])
            n = out[row["n"]]
            n.key = _key(n.node, row["date"])
            if row["side"] is not None:
                n.sides.add(row["side"])
            if row["broker"] is not None:
                n.brokers.add(row["broker"])
        return [out[n] for n in sorted(out, key=lambda n: n.value)]

    def matches(self, mine: _Negotiation, article_id: str) -> dict[Node, Key]:
        """The stored negotiations of other articles that match ``mine``, with
        their keys."""
        lo, hi = _window(mine.key)
        shared: Counter[str] = Counter()  # IRI -> sides shared
        for s in mine.sides:
            keys = self.side(s)  # only those in the window: a side can have thousands
            shared.update(k[1] for k in keys[bisect_left(keys, lo) : bisect_left(keys, hi)])
        out = {}
        for iri, count in shared.items():
            n = self._node[iri]
            if self.article[n] == article_id:
                continue
            if count < 2 and sum(n in self.broker(b) for b in mine.brokers) < 2:
                continue
            out[n] = self.key[n]
        return out

    def add(self, article_id: str, negotiations: list[_Negotiation]) -> None:
        """Count the article's negotiations among the stored ones (it was written;
        if it was known, ``forget`` it first)."""
        for n in negotiations:
            self._known(n.node, n.key, article_id)
            on = self._on.setdefault(n.node, set())
            for s in n.sides & self._sides.keys() - on:  # not in it already (relinked)
                insort(self._sides[s], n.key)
                on.add(s)
            for b in n.brokers & self._brokers.keys():
                self._brokers[b].add(n.node)


Found = dict[Node, dict[Node, Key]]  # each of an article's negotiations -> its matches


def _matches(index: Index, article_id: str, negotiations: list[_Negotiation]) -> Found:
    return {n.node: index.matches(n, article_id) for n in negotiations}


def _own_links(
    index: Index, article_id: str, negotiations: list[_Negotiation], found: Found
) -> list[ox.Quad]:
    graph = links_graph(article_id)
    quads = []
    for n in negotiations:
        keys = found[n.node]
        own = {m: keys[m] for m in _nearest(n.key, keys) if m is not None}
        index.own[n.node] = own
        for m in sorted(own, key=lambda m: m.value):
            quads += _link(n.node, m, graph)
    return quads


def relink(store, article_ids: Iterable[str], index: Index | None = None) -> int:
    """Compute the links of these stored articles from scratch, against every
    stored negotiation, and replace their link graphs. Returns the links written
    (pairs). What they change in other articles' links is left alone: for
    articles stored all at once (a bulk load), or to repair link graphs."""
    index = index or Index(store)
    count = 0
    for article_id in article_ids:
        mine = index.mine(article_id)
        index.add(article_id, mine)
        quads = _own_links(index, article_id, mine, _matches(index, article_id, mine))
        index.write(links_graph(article_id), quads)
        count += len(quads) // 2
    return count


def _pass_on(index: Index, article_id: str, found: Found, skip: set[str]) -> None:
    """Put this article's negotiations into the own links of the stored matches
    that now have one of them as their nearest match before or after (except in
    the articles of ``skip``, linked from scratch already)."""
    prefix = _negotiation_prefix(article_id)
    ours: dict[Node, dict[Node, Key]] = {}  # a stored match -> our negotiations it matches
    for n, matches in found.items():
        for m in matches:
            ours.setdefault(m, {})[n] = index.key[n]
    edits: dict[str, tuple[set, list]] = {}  # article id -> (links taken out, quads put in)
    for m in sorted(ours, key=lambda m: m.value):
        other = index.article[m]
        if other in skip:
            continue
        own = {y: k for y, k in index.own.get(m, {}).items() if not y.value.startswith(prefix)}
        ends = {**own, **ours[m]}
        at = index.key[m]
        was_before, was_after = _nearest(at, own)
        now_before, now_after = _nearest(at, ends)
        for old, new in ((was_before, now_before), (was_after, now_after)):
            if new == old:
                continue
            out, add = edits.setdefault(other, (set(), []))
            if old is not None:
                out.update({(m, old), (old, m)})
                index.own[m].pop(old, None)
            add.extend(_link(m, new, links_graph(other)))
            index.own.setdefault(m, {})[new] = ends[new]
    for other, (out, add) in edits.items():
        graph = links_graph(other)
        keep = [q for q in index.store.quads(graph) if (q.subject, q.object) not in out]
        index.write(graph, [*keep, *add])


def refresh(
    store, article_ids: Iterable[str], *, new: bool = False, index: Index | None = None
) -> int:
    """Link the given (newly written) articles into the chains of the stored ones.
    Returns the links written in their own link graphs (pairs). Pass one ``index``
    for every article of a run.

    ``new``: none of the articles was stored before, so no link graph names
    their negotiations, and the search for such graphs is skipped."""
    index = index or Index(store)
    count = 0
    for article_id in article_ids:
        own_graph = links_graph(article_id)
        relinked: set[str] = set()
        if not new:
            # its negotiations as linked before (its own link graph names each one
            # that had a match) and as read before: stale
            old = {q.subject for q in store.quads(own_graph)} | index.forget(article_id)
        mine = index.mine(article_id)
        index.add(article_id, mine)
        if not new:
            named = sorted(old, key=lambda n: n.value)
            if named:
                text = bind(_NAMED_IN, {"b": named, "own": own_graph})
                relinked = {_article_id_of_graph(row["g"]) for row in store.query(text)}
                relink(store, sorted(relinked), index)
        found = _matches(index, article_id, mine)
        quads = _own_links(index, article_id, mine, found)
        if quads or not new:  # a new article has no link graph to empty
            index.write(own_graph, quads)
        _pass_on(index, article_id, found, relinked)
        count += len(quads) // 2
    return count
