"""The only place IRIs are minted: deterministic, readable, no blank nodes."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pyoxigraph import NamedNode

from kg.vocab import ID_NS

# kind of node -> path segment
KINDS = (
    "person",
    "org",
    "state",
    "place",
    "article",
    "graph",
    "sentence",
    "fact",
    "negotiation",
    "proposal",
    "statement",
    "designation",
)


def normalize(name: str) -> str:
    """A name as a key: ASCII folded, lower case, words joined by '-'."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    s = s.lower().replace("'s ", " ").replace("’", "'")
    s = re.sub(r"^the\s+", "", s)
    return (
        re.sub(r"[^a-z0-9]+", "-", s).strip("-")
        or "x" + hashlib.sha1(name.encode()).hexdigest()[:8]
    )


def mint(kind: str, key: str) -> NamedNode:
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}")
    return NamedNode(f"{ID_NS}{kind}/{key}")


def actor(kind: str, key: str) -> NamedNode:
    """An actor's IRI; ``key`` is already normalized (or an ISO code for states)."""
    return mint(kind, key)


def article(article_id: str) -> NamedNode:
    return mint("article", article_id)


def article_graph(article_id: str) -> NamedNode:
    return mint("graph", article_id)


def ontology_graph() -> NamedNode:
    return mint("graph", "ontology")


def local(article_id: str, kind: str, *parts: object) -> NamedNode:
    """A node that belongs to one article: sentence, fact, statement, negotiation..."""
    tail = "-".join(str(p) for p in parts)
    return mint(kind, f"{article_id}/{tail}")


def fact(article_id: str, *parts: object) -> NamedNode:
    digest = hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
    return mint("fact", f"{article_id}/{digest}")
