"""Links across articles: negotiations that describe the same process.

Two negotiations from different articles are the same process when they share
two sides, or a side and two mediators, and their dates (when known) are at
most ``MAX_DAYS`` apart. As each article is written, its links are computed
from the stored negotiations that share a side with its own (an index
lookup, not a comparison of every pair) and kept in a named graph of that
article's own (``kgr:graph/links-<id>``), replaced with it; the link graphs of
other articles that name its negotiations are recomputed too, so that a link
to an article's old version does not outlive it.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def same_process(
    store, article_ids: Sequence[str], unseen: Sequence[str] = ()
) -> dict[str, list[ox.Quad]]:
    """The sameProcessAs links of each article's negotiations, asked of the store
    at once for all of them. Each article is linked as if those after it in
    ``article_ids``, and those in ``unseen``, were not stored yet."""
    node = {"article": [iris.article(a) for a in article_ids]}
    mine = [_negotiations(a) for a in article_ids]
    later = tuple(map(_negotiations, unseen))
    brokers: set | None = None  # asked for only when a pair shares one side
    pairs: list[set] = [set() for _ in article_ids]
    for row in store.query(bind(_SIDES, node)):
        a, b = row["mine"], row["n"]
        i = next(i for i, prefix in enumerate(mine) if a.value.startswith(prefix))
        if b.value.startswith((*mine[i:], *later)):
            continue  # the same article, or one written after it
        if int(row["sides"].value) < 2:
            if brokers is None:
                brokers = {(r["mine"], r["n"]) for r in store.query(bind(_BROKERS, node))}
            if (a, b) not in brokers:
                continue
        day, other = _day(row["myDate"]), _day(row["date"])
        if day and other and abs((day - other).days) > MAX_DAYS:
            continue
        pairs[i].add((a, b))
    out = {}
    for article_id, found in zip(article_ids, pairs, strict=True):
        g = links_graph(article_id)
        out[article_id] = quads = []
        for a, b in sorted(found, key=lambda p: (p[0].value, p[1].value)):
            quads.append(ox.Quad(a, KG.sameProcessAs, b, g))
            quads.append(ox.Quad(b, KG.sameProcessAs, a, g))
    return out


# link graphs of other articles that name one of this article's negotiations
_LINKED_FROM = """
SELECT DISTINCT ?g WHERE {
  GRAPH ?g { ?a kg:sameProcessAs ?b }
  FILTER(STRSTARTS(STR(?b), STR(?prefix)) && ?g != ?own)
}
"""


def refresh(store, article_ids: Sequence[str], *, new: bool = False) -> int:
    """Recompute the links of the given (newly written) articles, and those of
    the articles linked to them, which were computed against their old graphs.

    The articles are taken in order, each as if those after it were not stored
    yet: a batch written at once gets the link graphs that writing its articles
    one by one would give, so they do not depend on where batches end.

    ``new``: none of the articles was stored before, so no link graph of
    another article can name their negotiations (links are made only between
    stored ones), and there is none to recompute."""
    links = same_process(store, article_ids)
    count = 0
    for i, article_id in enumerate(article_ids):
        quads = links[article_id]
        if quads or not new:  # a new article has no links graph to empty
            store.replace_graph(links_graph(article_id), quads)
        count += len(quads) // 2
        if new:
            continue
        unseen = article_ids[i + 1 :]
        prefix = ox.Literal(_negotiations(article_id))
        text = bind(_LINKED_FROM, {"prefix": prefix, "own": links_graph(article_id)})
        for row in store.query(text):
            other = row["g"].value.removeprefix(links_graph("").value)
            store.replace_graph(row["g"], same_process(store, [other], unseen)[other])
    return count
