"""Export the store: Turtle (the union graph, with the ontology), or TriG /
N-Quads / JSON-LD, which keep one named graph per article (provenance)."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import KgError
from kg.store import Store

FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, True),
    "ntriples": (ox.RdfFormat.N_TRIPLES, True),
    "trig": (ox.RdfFormat.TRIG, False),
    "nquads": (ox.RdfFormat.N_QUADS, False),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
}

TURTLE_NOTE = (
    b"# kg export: the union of all article graphs (Turtle cannot carry named graphs).\n"
    b"# Use --format trig or nquads to keep one graph per article.\n"
)


def export(store: Store, fmt: str, out: BinaryIO) -> None:
    try:
        rdf_format, union = FORMATS[fmt]
    except KeyError:
        raise KgError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}") from None
    if fmt == "turtle":
        out.write(TURTLE_NOTE)
    store.dump(out, rdf_format, union_only=union)
