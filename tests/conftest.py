"""Shared fixtures: the real model, the real store, real kg processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT.parent / "shared" / "eval" / "dev"


def kg(
    *args: str,
    cwd: Path | None = None,
    env: dict | None = None,
    check: bool = False,
    input: str | None = None,
) -> subprocess.CompletedProcess:
    """Run the real ``kg`` command line in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    p = subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        input=input,
    )
    if check and p.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} -> {p.returncode}\n{p.stderr}")
    return p


@pytest.fixture(scope="session")
def pipeline():
    from kg.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def extract(pipeline):
    """Text -> Document, through the full pipeline and the real spaCy model."""
    from kg.articles import make_article

    def run(text: str, published: str | None = None):
        return pipeline(make_article(text, "test", published=published))

    return run


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory) -> Path:
    """A store with both seed articles, ingested once per test session."""
    path = tmp_path_factory.mktemp("seeds") / "store"
    kg("ingest", "--store", str(path), str(SEEDS), check=True)
    return path
