"""Namespaces and the ontology's terms: the one place code names vocabulary.

Terms of ``kg:`` are declared in ``ontology/kg.ttl``; ``tests/test_vocab.py``
checks that every name used here exists there with a label and a comment.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

KG_NS = "https://w3id.org/kg/ns#"
ID_NS = "https://w3id.org/kg/id/"

PREFIXES = {
    "kg": KG_NS,
    "kgr": ID_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
}

# Resource IRIs hold slashes ("kgr:person/x"), which Turtle can only write as
# "kgr:person\/x"; exports spell them out in full instead.
EXPORT_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "kgr"}


class _Namespace:
    """Attribute access to the terms of one namespace, limited to known names."""

    def __init__(self, base: str, names: str) -> None:
        self._base = base
        self._names = frozenset(names.split())
        for name in self._names:
            setattr(self, name, NamedNode(base + name))

    def __iter__(self):
        return iter(sorted(self._names))

    def __getitem__(self, name: str) -> NamedNode:
        if name not in self._names:
            raise KeyError(f"{name} is not a term of {self._base}")
        return NamedNode(self._base + name)


KG = _Namespace(
    KG_NS,
    """
    Person Organization State Place Negotiation Proposal Statement
    ArmedGroup GovernmentBody Military InternationalOrganization NewsOutlet PoliticalParty
    Article EvidenceSentence Assertion Designation
    speaksFor memberOf leaderOf partOf labeledBy mediates partyTo proposes rejects supports
    meetsWith visits attacks speaker hosts concerns sameProcessAs mentionedIn evidence
    sentenceOf fromArticle designee designator heldAt
    holdsRole designationLabel topic status indirect stage contentHash
    """,
)
RDF = _Namespace(PREFIXES["rdf"], "type value subject predicate object")
RDFS = _Namespace(PREFIXES["rdfs"], "label comment subClassOf subPropertyOf")
OWL = _Namespace(PREFIXES["owl"], "sameAs")
XSD = _Namespace(PREFIXES["xsd"], "date integer boolean string")
SKOS = _Namespace(PREFIXES["skos"], "altLabel prefLabel")
DCTERMS = _Namespace(PREFIXES["dcterms"], "title date source")
SCHEMA = _Namespace(PREFIXES["schema"], "url")
OA = _Namespace(PREFIXES["oa"], "start end")
WD = PREFIXES["wd"]

# Relation names the extractors use, mapped to properties of the ontology.
ACTOR_CLASSES = ("Person", "Organization", "State", "Place")
ORG_SUBCLASSES = (
    "ArmedGroup",
    "GovernmentBody",
    "Military",
    "InternationalOrganization",
    "NewsOutlet",
    "PoliticalParty",
)
