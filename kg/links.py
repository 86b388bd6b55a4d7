"""Links across articles: negotiations that describe the same process.

Two negotiations from different articles are the same process when they share
two sides, or a side and two mediators, and their dates (when known) are at
most ``MAX_DAYS`` apart. As each article is written, its links are computed
from the stored negotiations that share a side with its own (an index
lookup, not a comparison of every pair) and kept in a named graph of that
article's own (``kgr:graph/links-<id>``), replaced with it. A pair of articles
ingested in one run is linked in the graph of the later one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import pyoxigraph as ox

from kg import iris
from kg.queries import bind
from kg.vocab import KG

MAX_DAYS = 90

# the article's negotiations, and every negotiation sharing a side with them,
# with the roles and dates needed to compare them
_NEIGHBOURS = """
SELECT DISTINCT ?mine ?n ?actor ?role ?date WHERE {
  ?mine kg:fromArticle ?article ; a kg:Negotiation .
  ?side kg:partyTo ?mine .
  ?side kg:partyTo ?n .
  VALUES ?role { kg:partyTo kg:mediates }
  ?actor ?role ?n .
  OPTIONAL { ?n dcterms:date ?date }
}
"""


def links_graph(article_id: str) -> ox.NamedNode:
    return iris.mint("graph", f"links-{article_id}")


def _day(term) -> date | None:
    try:
        return date.fromisoformat(term.value[:10]) if term is not None else None
    except ValueError:
        return None


def same_process(store, article_id: str) -> list[ox.Quad]:
    """The sameProcessAs links of one article's negotiations."""
    text = bind(_NEIGHBOURS, {"article": iris.article(article_id)})
    parties, mediators, dates = defaultdict(set), defaultdict(set), {}
    mine = set()
    for row in store.query(text):
        n = row["n"]
        mine.add(row["mine"])
        (parties if row["role"] == KG.partyTo else mediators)[n].add(row["actor"])
        dates[n] = _day(row["date"])
    prefix = iris.local(article_id, "negotiation", "").value
    g = links_graph(article_id)
    out = []
    for a in sorted(mine, key=lambda n: n.value):
        for b in sorted(parties, key=lambda n: n.value):
            if b.value.startswith(prefix):
                continue  # the same article
            sides = len(parties[a] & parties[b])
            brokers = len(mediators[a] & mediators[b])
            if not (sides >= 2 or (sides >= 1 and brokers >= 2)):
                continue
            if dates.get(a) and dates.get(b) and abs((dates[a] - dates[b]).days) > MAX_DAYS:
                continue
            out.append(ox.Quad(a, KG.sameProcessAs, b, g))
            out.append(ox.Quad(b, KG.sameProcessAs, a, g))
    return out


def refresh(store, article_ids: Iterable[str]) -> int:
    """Recompute the links of the given (newly ingested) articles."""
    count = 0
    for article_id in article_ids:
        quads = same_process(store, article_id)
        store.replace_graph(links_graph(article_id), quads)
        count += len(quads) // 2
    return count
