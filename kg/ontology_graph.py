"""The ontology files as quads for the store, and their digest."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from kg import iris
from kg.resources import ontology_dir


def ontology_file() -> Path:
    return ontology_dir() / "kg.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def digest() -> str:
    return hashlib.sha256(ontology_file().read_bytes()).hexdigest()


def quads() -> list[ox.Quad]:
    g = iris.ontology_graph()
    with ontology_file().open("rb") as f:
        return [
            ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(f, ox.RdfFormat.TURTLE)
        ]
