"""The ontology is the single source of vocabulary."""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.ontology_graph import ontology_file
from kg.resources import queries_dir
from kg.vocab import KG, KG_NS


def ontology() -> Graph:
    g = Graph()
    g.parse(ontology_file(), format="turtle")
    return g


def test_every_term_used_by_code_is_declared_with_label_and_comment():
    g = ontology()
    for name in KG:
        term = URIRef(KG_NS + name)
        assert (term, RDF.type, None) in g, f"kg:{name} is not declared in kg.ttl"
        assert g.value(term, RDFS.label), f"kg:{name} has no label"
        assert g.value(term, RDFS.comment), f"kg:{name} has no comment"


def test_every_class_and_property_has_label_comment_and_properties_domain_range():
    g = ontology()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            if not str(term).startswith(KG_NS):
                continue
            assert g.value(term, RDFS.label) and g.value(term, RDFS.comment), term
            if kind != OWL.Class:
                assert g.value(term, RDFS.domain) and g.value(term, RDFS.range), term


def test_core_terms_of_the_profile():
    g = ontology()
    core = (
        "Person Organization State Place Negotiation Proposal Statement speaksFor holdsRole "
        "memberOf leaderOf partOf labeledBy mediates partyTo proposes rejects supports "
        "meetsWith visits attacks speaker"
    ).split()
    for name in core:
        assert (URIRef(KG_NS + name), RDF.type, None) in g, name


def test_queries_use_only_declared_terms():
    g = ontology()
    declared = {str(s)[len(KG_NS) :] for s in g.subjects() if str(s).startswith(KG_NS)}
    for rq in queries_dir().glob("*.rq"):
        for name in re.findall(r"\bkg:([A-Za-z]+)", rq.read_text()):
            assert name in declared, f"{rq.name} uses undeclared kg:{name}"
