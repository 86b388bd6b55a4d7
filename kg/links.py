"""Links across articles: negotiations that describe the same process.

Two negotiations from different articles are the same process when they share
two sides, or a side and two mediators, and their dates (when known) are at
most ``MAX_DAYS`` apart. As each article is written, its links are computed
from the stored negotiations that share a side with its own (an index
lookup, not a comparison of every pair) and kept in a named graph of that
article's own (``kgr:graph/links-<id>``), replaced with it; the link graphs of
other articles that name its negotiations lose those links, which its own
graph now holds (against its new version): a link to an article's old
version does not outlive it, and a link is kept once, in the graph of the
later-written of its two articles, whatever the order of ingest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pyoxigraph as ox

from kg import iris
from kg.queries import bind
from kg.vocab import KG

MAX_DAYS = 90

# the article's negotiations and every negotiation sharing a side with them,
# with how many sides they share (counted by the store: one row per pair, not
# one per actor, which matters when a side has thousands of negotiations)
_SIDES = """
SELECT ?mine ?myDate ?n ?date (COUNT(DISTINCT ?side) AS ?sides) WHERE {
  ?mine kg:fromArticle ?article ; a kg:Negotiation .
  ?side kg:partyTo ?mine .
  ?side kg:partyTo ?n .
  FILTER(?n != ?mine)
  OPTIONAL { ?mine dcterms:date ?myDate }
  OPTIONAL { ?n dcterms:date ?date }
}
GROUP BY ?mine ?myDate ?n ?date
"""
# pairs with two mediators in common
_BROKERS = """
SELECT ?mine ?n WHERE {
  ?mine kg:fromArticle ?article ; a kg:Negotiation .
  ?m kg:mediates ?mine .
  ?m kg:mediates ?n .
  FILTER(?n != ?mine)
}
GROUP BY ?mine ?n
HAVING (COUNT(DISTINCT ?m) >= 2)
"""


def links_graph(article_id: str) -> ox.NamedNode:
    return iris.mint("graph", f"links-{article_id}")


def _day(term) -> date | None:
    try:
        return date.fromisoformat(term.value[:10]) if term is not None else None
    except ValueError:
        return None


def _negotiations(article_id: str) -> str:
    """What the IRIs of an article's negotiations start with."""
    return iris.local(article_id, "negotiation", "").value


def same_process(store, article_id: str) -> list[ox.Quad]:
    """The sameProcessAs links of one article's negotiations."""
    node = {"article": iris.article(article_id)}
    prefix = _negotiations(article_id)
    brokers: set | None = None  # asked for only when a pair shares one side
    pairs = set()
    for row in store.query(bind(_SIDES, node)):
        a, b = row["mine"], row["n"]
        if b.value.startswith(prefix):
            continue  # the same article
        sides = int(row["sides"].value)
        if sides < 2:
            if brokers is None:
                brokers = {(r["mine"], r["n"]) for r in store.query(bind(_BROKERS, node))}
            if (a, b) not in brokers:
                continue
        mine, other = _day(row["myDate"]), _day(row["date"])
        if mine and other and abs((mine - other).days) > MAX_DAYS:
            continue
        pairs.add((a, b))
    g = links_graph(article_id)
    out = []
    for a, b in sorted(pairs, key=lambda p: (p[0].value, p[1].value)):
        out.append(ox.Quad(a, KG.sameProcessAs, b, g))
        out.append(ox.Quad(b, KG.sameProcessAs, a, g))
    return out


# link graphs of other articles that name one of this article's negotiations
_LINKED_FROM = """
SELECT DISTINCT ?g WHERE {
  GRAPH ?g { ?a kg:sameProcessAs ?b }
  FILTER(STRSTARTS(STR(?b), STR(?prefix)) && ?g != ?own)
}
"""


def refresh(store, article_ids: Iterable[str], *, new: bool = False) -> int:
    """Recompute the links of the given (newly written) articles, and those of
    the articles linked to them, which were computed against their old graphs.

    ``new``: none of the articles was stored before. Links join only stored
    articles, so no other article's links name their negotiations, and the
    scan for such links (which grows with the archive) is skipped."""
    count = 0
    for article_id in article_ids:
        quads = same_process(store, article_id)
        if quads or not new:  # a new article has no links graph to empty
            store.replace_graph(links_graph(article_id), quads)
        count += len(quads) // 2
        if new:
            continue
        mine = _negotiations(article_id)
        text = bind(_LINKED_FROM, {"prefix": ox.Literal(mine), "own": links_graph(article_id)})
        for g in [row["g"] for row in store.query(text)]:
            keep = [
                q
                for q in store.quads(g)
                if not (q.subject.value.startswith(mine) or q.object.value.startswith(mine))
            ]
            store.replace_graph(g, keep)
    return count
