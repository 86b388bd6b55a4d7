"""Parallel ingest (``--workers N``) writes the same graph as a one-process run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS, kg

# persons of the seed articles, renamed in the copies so that entities differ
_RENAMES = [("Blinken", "Lindqvist"), ("Netanyahu", "Okafor"), ("Herzog", "Castillo")]


def make_corpus(folder: Path, copies: int = 2) -> Path:
    """The seed articles, plus copies with other names, an empty file and a
    duplicate article id (both reported as errors)."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text, encoding="utf-8")
        for i in range(copies):
            old, new = _RENAMES[i % len(_RENAMES)]
            (folder / f"{path.stem}-v{i}.txt").write_text(
                re.sub(rf"\b{old}\b", new, text).replace("Hamas", f"Hamas{'s' * i}"),
                encoding="utf-8",
            )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    dup = folder / "dup"
    dup.mkdir(exist_ok=True)
    (dup / seeds[0].name).write_text("Another text with the same id.", encoding="utf-8")
    return folder


def dataset(path: Path) -> tuple[list[str], int]:
    """The store's quads as sorted N-Quads lines, and how many hold blank nodes
    (the ontology's, whose labels are new at each load)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(path))
    lines = [str(q) for q in store]
    plain = sorted(ln for ln in lines if "_:" not in ln)
    return plain, len(lines) - len(plain)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def one_worker(corpus, tmp_path_factory):
    from kg.ingest import ingest
    from kg.store import Store

    path = tmp_path_factory.mktemp("one") / "store"
    with Store(path) as store:
        report = ingest([corpus], store, workers=1)
    return path, report


def test_two_workers_write_the_same_graph(corpus, one_worker, tmp_path):
    path1, report1 = one_worker
    path2 = tmp_path / "store"
    p = kg("ingest", "--store", str(path2), "--workers", "2", str(corpus))
    assert p.returncode == 1  # the empty file and the duplicate id
    assert f"ingested {len(report1.ingested)} article(s)" in p.stderr
    assert len(report1.ingested) == 6
    for err in report1.errors:
        assert err in p.stderr
    assert len(report1.errors) == 2
    assert dataset(path2) == dataset(path1)


def test_unchanged_articles_are_skipped_with_workers(corpus, one_worker, tmp_path):
    import shutil

    from kg.ingest import ingest
    from kg.store import Store

    path1, report1 = one_worker
    copy = tmp_path / "store"
    shutil.copytree(path1, copy)
    with Store(copy) as store:
        report = ingest([corpus], store, workers=2)
    assert report.ingested == []
    assert sorted(report.skipped) == sorted(report1.ingested)
    assert report.errors == report1.errors
    assert dataset(copy) == dataset(path1)


def test_workers_stream_in_input_order(corpus):
    from kg.articles import find_files, read_articles
    from kg.extract import ProcessPool
    from kg.pipeline import version

    arts = [a for f in find_files([corpus]) if f.stat().st_size > 0 for a in read_articles(f)][:5]
    pool = ProcessPool(2, batch=2)
    try:
        out = [(a.id, len(q)) for a, q in pool(iter(arts), version())]
    finally:
        pool.close()
    assert [i for i, _ in out] == [a.id for a in arts]
    assert all(n > 0 for _, n in out)
