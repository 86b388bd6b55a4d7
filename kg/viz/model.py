"""The network's view model: query the store -> nodes, edges and their evidence.

Pure data, no HTML. Every SPARQL text here is constant; user values (an actor's
name) are bound as variables, never formatted into a query.

- Nodes are actors (person, state, organization, place), negotiations, proposals,
  statements, other ``kg:`` event nodes and, on request, articles.
- Edges are the direct ``kg:`` triples between two drawn nodes, labelled with the
  relation's local name (``speaksFor``, ``mediates``...). Their evidence comes from
  the ``kg:Assertion`` that names the fact (``rdf:subject/predicate/object``).
- Sentences and articles are shared tables the nodes and edges point into.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.vocab import ID_NS

# category key -> (ontology class, legend label); the order decides a node that
# has several types (a state is never also drawn as an organization).
CATEGORIES: dict[str, tuple[str, str]] = {
    "person": ("Person", "person"),
    "state": ("State", "state"),
    "organization": ("Organization", "organization"),
    "place": ("Place", "place"),
    "negotiation": ("Negotiation", "negotiation"),
    "proposal": ("Proposal", "proposal"),
    "statement": ("Statement", "statement"),
    "article": ("Article", "article"),
    "other": ("", "other (meeting, visit, ...)"),
}
ACTORS = ("person", "state", "organization", "place")
LABEL_MAX = 48


class VizError(KgError):
    """A network view cannot be made (unknown actor, nothing to draw...)."""


@dataclass
class Node:
    id: str
    label: str
    cls: str
    kind: str = ""
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str, list[str]]] = field(default_factory=list)  # literal facts


@dataclass
class Edge:
    id: str
    source: str
    target: str
    rel: str
    evidence: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    note: str = ""  # e.g. the other cells of a query row


@dataclass
class ViewModel:
    nodes: dict[str, Node]
    edges: list[Edge]
    sentences: dict[str, tuple[str, str]]  # sentence IRI -> (text, article IRI)
    articles: dict[str, tuple[str, str]]  # article IRI -> (title, date)
    title: str = "kg network"
    note: str = ""

    def select(self, keep: set[str] | list[str], note: str = "") -> ViewModel:
        """The view restricted to some nodes (in the given order) and the edges between them."""
        order = [n for n in keep if n in self.nodes]
        kept = set(order)
        edges = [e for e in self.edges if e.source in kept and e.target in kept]
        return self._with({n: self.nodes[n] for n in order}, edges, note)

    def _with(self, nodes: dict[str, Node], edges: list[Edge], note: str = "") -> ViewModel:
        sids = {s for n in nodes.values() for s in _node_sentences(n)}
        sids |= {s for e in edges for s in e.evidence}
        arts = {a for n in nodes.values() for a in n.articles}
        arts |= {a for e in edges for a in e.articles}
        arts |= {self.sentences[s][1] for s in sids if s in self.sentences}
        return ViewModel(
            nodes,
            edges,
            {s: self.sentences[s] for s in sids if s in self.sentences},
            {a: self.articles[a] for a in sorted(arts) if a in self.articles},
            self.title,
            note or self.note,
        )


def _node_sentences(n: Node) -> list[str]:
    return n.evidence + [s for _, _, sids in n.attrs for s in sids]


# -- queries (constant text) ---------------------------------------------------------

_TYPED = """
SELECT DISTINCT ?n ?t ?cat WHERE {
  VALUES ?cat { kg:Person kg:State kg:Organization kg:Place kg:Negotiation kg:Proposal
                kg:Statement kg:Article }
  ?t rdfs:subClassOf* ?cat . ?n a ?t .
}"""
_OTHER = """
SELECT DISTINCT ?n ?t WHERE {
  ?n a ?t . ?t a owl:Class .
  FILTER(STRSTARTS(STR(?t), STR(kg:)))
  FILTER NOT EXISTS {
    VALUES ?x { kg:Person kg:State kg:Organization kg:Place kg:Negotiation kg:Proposal
                kg:Statement kg:Article kg:Assertion kg:EvidenceSentence }
    ?t rdfs:subClassOf* ?x }
}"""
_LABELS = "SELECT ?n ?l WHERE { ?n rdfs:label ?l }"
_VALUES = "SELECT ?n ?v WHERE { ?n a kg:Statement ; rdf:value ?v }"
_ALIASES = "SELECT ?n ?l WHERE { ?n skos:altLabel ?l }"
_EDGES = """
SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?o) && STRSTARTS(STR(?p), STR(kg:)) && ?p NOT IN (kg:evidence, kg:sentenceOf))
}"""
_ASSERTIONS = """
SELECT ?s ?p ?o ?sent WHERE {
  ?f a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?f kg:evidence ?sent }
}"""
_NODE_EVIDENCE = """
SELECT ?n ?sent WHERE { ?n kg:evidence ?sent . FILTER NOT EXISTS { ?n a kg:Assertion } }"""
_SENTENCES = """
SELECT ?x ?text ?a WHERE {
  ?x a kg:EvidenceSentence ; rdf:value ?text . OPTIONAL { ?x kg:sentenceOf ?a }
}"""
_ARTICLES = """
SELECT ?a ?title ?label ?date WHERE {
  ?a a kg:Article .
  OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a rdfs:label ?label }
  OPTIONAL { ?a dcterms:date ?date }
}"""
_NODE_LITERALS = """
SELECT ?n ?p ?o WHERE {
  VALUES ?p { kg:topic kg:status kg:holdsRole dcterms:date } ?n ?p ?o . FILTER(isLiteral(?o))
}"""
_NODE_ARTICLES = "SELECT ?n ?a WHERE { ?n kg:mentionedIn|kg:fromArticle ?a }"
_MATCH_EXACT = """
SELECT DISTINCT ?n ?name WHERE {
  ?n rdfs:label|skos:altLabel ?l . FILTER(LCASE(STR(?l)) = LCASE(STR(?name)))
}"""
_MATCH_PART = """
SELECT DISTINCT ?n ?name WHERE {
  ?n rdfs:label|skos:altLabel ?l . FILTER(CONTAINS(LCASE(STR(?l)), LCASE(STR(?name))))
}"""


def _rows(store: Any, sparql: str, bindings: dict[str, Any] | None = None) -> list[tuple]:
    result = store.query(sparql, bindings)
    names = [v.value for v in result.variables]
    return [tuple(sol[n] for n in names) for sol in result]


def _v(term: Any) -> str:
    return "" if term is None else term.value


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def short(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the whole graph -------------------------------------------------------------


def load(store: Any, *, show_articles: bool = False, hide_statements: bool = False) -> ViewModel:
    """Every drawable node and edge of the store's union graph."""
    labels: dict[str, str] = {}
    for n, lit in _rows(store, _LABELS):
        labels[n.value] = min(labels.get(n.value, lit.value), lit.value)
    nodes = _nodes(store, labels, show_articles, hide_statements)
    sentences = {x.value: (text.value, _v(a)) for x, text, a in _rows(store, _SENTENCES)}
    articles = {}
    for a, title, label, date in _rows(store, _ARTICLES):
        articles[a.value] = (_v(title) or _v(label) or _local(a.value), _v(date))
    for n, a in _rows(store, _NODE_ARTICLES):
        if n.value in nodes and a.value not in nodes[n.value].articles:
            nodes[n.value].articles.append(a.value)
    for n, sent in _rows(store, _NODE_EVIDENCE):
        if n.value in nodes:
            nodes[n.value].evidence.append(sent.value)
    facts: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for s, p, o, sent in _rows(store, _ASSERTIONS):
        if sent is not None:
            facts[(s.value, p.value, o.value)].append(sent.value)
        if isinstance(o, ox.Literal) and s.value in nodes:
            _add_attr(nodes[s.value], _local(p.value), o.value, sent)
    for n, p, o in _rows(store, _NODE_LITERALS):
        if n.value in nodes and nodes[n.value].cls != "article":
            _add_attr(nodes[n.value], _local(p.value), o.value, None)
    edges = _edges(store, nodes, facts, sentences)
    for node in nodes.values():
        node.articles.sort()
        node.evidence = sorted(set(node.evidence))
    vm = ViewModel(nodes, edges, sentences, articles)
    return vm._with(nodes, edges)


def _nodes(
    store: Any, labels: dict[str, str], show_articles: bool, hide_statements: bool
) -> dict[str, Node]:
    rank = {CATEGORIES[k][0]: i for i, k in enumerate(CATEGORIES)}
    best: dict[str, tuple[int, str, str]] = {}
    for n, t, cat in _rows(store, _TYPED):
        if not n.value.startswith(ID_NS):
            continue
        r = rank[_local(cat.value)]
        kind = labels.get(t.value, _local(t.value))
        # the most specific type names the kind: "armed group" rather than "organization"
        if n.value not in best or r < best[n.value][0] or (r == best[n.value][0] and t != cat):
            best[n.value] = (r, list(CATEGORIES)[r], kind)
    for n, t in _rows(store, _OTHER):
        if n.value.startswith(ID_NS) and n.value not in best:
            best[n.value] = (len(rank), "other", labels.get(t.value, _local(t.value)))
    values = {n.value: v.value for n, v in _rows(store, _VALUES)}
    skip = {"article"} if not show_articles else set()
    if hide_statements:
        skip.add("statement")
    nodes = {}
    for iri, (_, cls, kind) in sorted(best.items()):
        if cls in skip:
            continue
        label = labels.get(iri) or values.get(iri) or _local(iri)
        nodes[iri] = Node(iri, label, cls, kind)
    for n, alias in _rows(store, _ALIASES):
        if n.value in nodes and alias.value != nodes[n.value].label:
            nodes[n.value].aliases.append(alias.value)
    for node in nodes.values():
        node.aliases.sort()
    return nodes


def _add_attr(node: Node, rel: str, value: str, sent: Any) -> None:
    for r, v, sids in node.attrs:
        if (r, v) == (rel, value):
            if sent is not None and sent.value not in sids:
                sids.append(sent.value)
            return
    node.attrs.append((rel, value, [sent.value] if sent is not None else []))


def _edges(store: Any, nodes: dict[str, Node], facts: dict, sentences: dict) -> list[Edge]:
    edges = []
    for s, p, o in sorted(_rows(store, _EDGES), key=lambda r: (r[0].value, r[1].value, r[2].value)):
        if s.value not in nodes or o.value not in nodes:
            continue
        evidence = sorted(set(facts.get((s.value, p.value, o.value), [])))
        if not evidence:  # statement -> speaker, proposal -> negotiation: the node's own
            evidence = list(nodes[s.value].evidence)
        arts = sorted({sentences[x][1] for x in evidence if x in sentences and sentences[x][1]})
        if not arts and nodes[o.value].cls == "article":
            arts = [o.value]
        edges.append(
            Edge(
                f"e{len(edges)}",
                s.value,
                o.value,
                _local(p.value),
                evidence,
                arts or list(nodes[s.value].articles),
            )
        )
    return edges


# -- focused views -----------------------------------------------------------------


def degrees(vm: ViewModel) -> dict[str, int]:
    import networkx as nx

    g = nx.MultiGraph()
    g.add_nodes_from(vm.nodes)
    g.add_edges_from((e.source, e.target) for e in vm.edges)
    return dict(g.degree())


def limit(vm: ViewModel, max_nodes: int | None, order: list[str] | None = None) -> ViewModel:
    """At most ``max_nodes`` nodes: the first of ``order``, else the best connected."""
    if not max_nodes or len(vm.nodes) <= max_nodes:
        return vm
    if order is None:
        deg = degrees(vm)
        order = sorted(vm.nodes, key=lambda n: (-deg[n], vm.nodes[n].label))
    note = (
        f"showing {max_nodes:,} of {len(vm.nodes):,} nodes; narrow the view with "
        "--focus or --query, or raise --max-nodes"
    )
    return vm.select(order[:max_nodes], note)


def resolve_actor(store: Any, vm: ViewModel, actor: str) -> list[str]:
    """Nodes named ``actor``: an IRI (``<...>``, ``kgr:...``, ``https://...``), else a
    label or alias, case-insensitive; a part of a name if no name matches whole."""
    text = actor.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith("kgr:"):
        text = ID_NS + text[4:]
    if text.startswith(("http://", "https://")):
        if text in vm.nodes:
            return [text]
        raise VizError(f"{actor}: no such node in the graph")
    for sparql in (_MATCH_EXACT, _MATCH_PART):
        found = [n.value for n, _ in _rows(store, sparql, {"name": ox.Literal(text)})]
        found = sorted(n for n in found if n in vm.nodes)
        if found:
            return found
    raise VizError(
        f"no actor named {actor!r} in the graph; 'kg query' lists names, or give the actor's IRI"
    )


def neighbourhood(vm: ViewModel, roots: list[str], depth: int) -> list[str]:
    """Nodes within ``depth`` steps of the roots (edges in either direction), nearest first."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(vm.nodes)
    g.add_edges_from((e.source, e.target) for e in vm.edges)
    dist: dict[str, int] = {}
    for root in roots:
        for n, d in nx.single_source_shortest_path_length(g, root, cutoff=max(depth, 0)).items():
            dist[n] = min(d, dist.get(n, d))
    deg = dict(g.degree())
    return sorted(dist, key=lambda n: (dist[n], -deg[n], vm.nodes[n].label))


def from_rows(
    vm: ViewModel, columns: list[str], rows: list[list[Any]]
) -> tuple[list[str], list[Edge]]:
    """The nodes a query's rows name and the edges that join them.

    A cell is a node when it is a node's IRI, or a node's exact label (the stored
    queries return names). Nodes of one row are joined by the graph's own edges
    between them; two cells in a row with no such edge get a "row" edge named by
    their columns, with the row's other values as its note."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for node in vm.nodes.values():
        by_label[node.label].append(node.id)
    between: dict[frozenset, list[Edge]] = defaultdict(list)
    for e in vm.edges:
        between[frozenset((e.source, e.target))].append(e)
    order: list[str] = []
    edges: dict[str, Edge] = {}
    for row in rows:
        cells = []
        for col, value in zip(columns, row, strict=False):
            if isinstance(value, str) and value in vm.nodes:
                cells.append((col, [value]))
            elif isinstance(value, str) and value in by_label:
                cells.append((col, by_label[value]))
        cells = _disambiguate(cells, between)
        order += [n for _, ids in cells for n in ids if n not in order]
        note = "; ".join(
            f"{c}: {v}"
            for c, v in zip(columns, row, strict=False)
            if v is not None and not any(c == cc for cc, _ in cells)
        )
        _join_row(cells, between, edges, note)
    return order, list(edges.values())


def _disambiguate(cells: list, between: dict) -> list:
    """Of several nodes with one label, keep those linked to another cell of the row."""
    out = []
    for i, (col, ids) in enumerate(cells):
        others = {n for j, (_, o) in enumerate(cells) if j != i for n in o}
        linked = [n for n in ids if any(frozenset((n, m)) in between for m in others)]
        out.append((col, linked or ids))
    return out


def _join_row(cells: list, between: dict, edges: dict[str, Edge], note: str) -> None:
    for i, (ci, a_ids) in enumerate(cells):
        for j in range(i + 1, len(cells)):
            cj, b_ids = cells[j]
            real = [e for a in a_ids for b in b_ids for e in between.get(frozenset((a, b)), [])]
            for e in real:
                edges.setdefault(e.id, e)
            if not real and j == i + 1:
                for a in a_ids:
                    for b in b_ids:
                        if a != b:
                            key = f"row:{ci}:{cj}:{a}:{b}"
                            edges.setdefault(
                                key, Edge(f"q{len(edges)}", a, b, f"{ci} → {cj}", note=note)
                            )
