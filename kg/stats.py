"""Counts that say what a store holds."""

from __future__ import annotations

from typing import Any

from kg.store import Store

_COUNTS = """
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES (?what ?class) {
    ("persons" kg:Person) ("organizations" kg:Organization) ("states" kg:State)
    ("places" kg:Place) ("negotiations" kg:Negotiation) ("proposals" kg:Proposal)
    ("statements" kg:Statement) ("articles" kg:Article)
  }
  ?x a ?c . ?c rdfs:subClassOf* ?class .
} GROUP BY ?what
"""


def stats(store: Store) -> dict[str, Any]:
    out: dict[str, Any] = {
        k: 0
        for k in (
            "persons",
            "organizations",
            "states",
            "places",
            "negotiations",
            "proposals",
            "statements",
            "articles",
        )
    }
    for row in store.query(_COUNTS):
        out[row["what"].value] = int(row["n"].value)
    # counted by the store (a remote one sends a number, not every triple)
    union = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    out["triples (union graph)"] = int(union["n"].value)
    out["quads (all graphs)"] = len(store)
    return out
