"""Links across articles: negotiations that describe the same process.

Two negotiations from different articles are the same process when they share
two sides, or a side and two mediators, and their dates (when known) are at most
``MAX_DAYS`` apart. The links live in their own named graph, recomputed after
every ingest, so that replacing an article never leaves a stale link.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pyoxigraph as ox

from kg import iris
from kg.vocab import KG

MAX_DAYS = 90

_ROLES = """
SELECT DISTINCT ?n ?actor ?role ?date WHERE {
  VALUES ?role { kg:partyTo kg:mediates }
  ?actor ?role ?n . ?n a kg:Negotiation .
  OPTIONAL { ?n dcterms:date ?date }
}
"""


def links_graph() -> ox.NamedNode:
    return iris.mint("graph", "links")


def same_process(store) -> list[ox.Quad]:
    parties, mediators, dates = defaultdict(set), defaultdict(set), {}
    for row in store.query(_ROLES):
        n = row["n"]
        (parties if row["role"] == KG.partyTo else mediators)[n].add(row["actor"])
        if row["date"] is not None:
            try:
                dates[n] = date.fromisoformat(row["date"].value[:10])
            except ValueError:
                pass
    nodes = sorted(set(parties) | set(mediators), key=lambda n: n.value)
    g = links_graph()
    out = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if a.value.rsplit("/", 1)[0] == b.value.rsplit("/", 1)[0]:
                continue  # same article
            sides = len(parties[a] & parties[b])
            brokers = len(mediators[a] & mediators[b])
            if not (sides >= 2 or (sides >= 1 and brokers >= 2)):
                continue
            if a in dates and b in dates and abs((dates[a] - dates[b]).days) > MAX_DAYS:
                continue
            out.append(ox.Quad(a, KG.sameProcessAs, b, g))
            out.append(ox.Quad(b, KG.sameProcessAs, a, g))
    return out


def refresh(store) -> int:
    quads = same_process(store)
    store.replace_graph(links_graph(), quads)
    return len(quads) // 2
