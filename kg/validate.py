"""Check a store against the SHACL shapes (``ontology/shapes.ttl``) with pyshacl.

The data is the store's default graph (the union of every article graph and
the ontology) or one article's named graph; the ontology is passed as
``ont_graph`` with RDFS inference, so a ``kg:Military`` node counts as a
``kg:Organization``. pyshacl works on an in-memory rdflib graph: fine for
thousands of articles, slow for millions of triples (validate one article
with ``article=`` there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg import iris
from kg.errors import KgError
from kg.ontology_graph import ontology_file, shapes_file
from kg.vocab import PREFIXES

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    focus: str  # the node that breaks a shape
    message: str
    path: str | None = None  # the property, if the shape is about one
    value: str | None = None  # the offending value, if any
    shape: str | None = None
    severity: str = "Violation"


@dataclass
class Report:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)

    def summary(self, limit: int = 5) -> list[str]:
        """A short report: conforms yes/no, the count, the first ``limit`` results."""
        lines = [
            f"conforms: {'yes' if self.conforms else 'no'}",
            f"triples checked: {self.triples}",
            f"violations: {len(self.violations)}",
        ]
        for v in self.violations[:limit]:
            where = f" {v.path}" if v.path else ""
            value = f" (value {v.value})" if v.value else ""
            lines.append(f"  {v.focus}{where}{value}: {v.message}")
        if len(self.violations) > limit:
            lines.append(f"  ... and {len(self.violations) - limit} more")
        return lines


def store_graph(store: Any, article: str | None = None) -> Any:
    """The default graph of ``store`` (or one article's named graph) as rdflib."""
    from rdflib import Graph

    graph_name = iris.article_graph(article) if article else ox.DefaultGraph()
    triples = [q.triple for q in store.quads(graph_name)]
    if article and not triples:
        raise KgError(
            f"{store.path}: no article {article!r} in the store "
            "('kg query' or 'kg stats' show what it holds)"
        )
    data = Graph()
    if triples:
        data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return data


def validate_graph(data: Any) -> Report:
    """Validate an rdflib graph against the shapes, with the ontology and RDFS."""
    from pyshacl import validate as shacl
    from rdflib import Graph

    shapes = Graph().parse(shapes_file(), format="turtle")
    ontology = Graph().parse(ontology_file(), format="turtle")
    conforms, results, _ = shacl(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="rdfs",
        abort_on_first=False,
        meta_shacl=False,
        advanced=True,
        allow_warnings=False,
    )
    return Report(bool(conforms), len(data), _violations(results))


def validate_store(store: Any, article: str | None = None) -> Report:
    """Validate the union graph of ``store``, or the graph of one article."""
    return validate_graph(store_graph(store, article))


def _violations(results: Any) -> list[Violation]:
    from rdflib import RDF, URIRef

    def one(node: Any, prop: str) -> Any:
        return results.value(node, URIRef(SH + prop))

    out = []
    for r in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        severity = one(r, "resultSeverity")
        out.append(
            Violation(
                focus=_short(one(r, "focusNode")),
                message=str(one(r, "resultMessage") or "(no message)"),
                path=_short(one(r, "resultPath")) if one(r, "resultPath") is not None else None,
                value=_short(one(r, "value")) if one(r, "value") is not None else None,
                shape=_short(one(r, "sourceShape")),
                severity=str(severity).rpartition("#")[2] if severity else "Violation",
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))


def _short(term: Any) -> str:
    """An RDF term as text, with the prefixes of ``kg.vocab`` (kgr:person/...)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.startswith(ns):
                return f"{prefix}:{term[len(ns) :]}"
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term)
        return repr(text if len(text) <= 60 else text[:57] + "...")
    if isinstance(term, BNode):
        return "[a SHACL path]"  # sequence or alternative paths are blank nodes
    return str(term)
