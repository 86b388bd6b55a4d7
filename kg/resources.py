"""Locate files shipped with the package: ontology, stored queries, data."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def _dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def ontology_dir() -> Path:
    return _dir("kg._ontology")


def queries_dir() -> Path:
    return _dir("kg._queries")


def data_path(name: str) -> Path:
    return _dir("kg.data") / name


@cache
def load_json(name: str) -> Any:
    """A JSON data file of ``kg/data``, parsed once per process."""
    return json.loads(data_path(name).read_text(encoding="utf-8"))
