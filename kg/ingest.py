"""Ingest: read files, extract, and write each article's graph atomically.

An article whose text and extraction pipeline are unchanged since it was
stored is skipped, so a run that was interrupted can simply be repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg import iris, ontology_graph as ontology
from kg.articles import Article, find_files, read_articles
from kg.errors import InputError
from kg.store import Store


@dataclass
class IngestReport:
    files: int = 0
    ingested: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    triples: int = 0


Progress = Callable[[int, int, str], None]


def _articles(files: list[Path], report: IngestReport, warn, strict: bool) -> Iterator[Article]:
    for path in files:
        try:
            yield from read_articles(path, warn=warn, strict=strict)
        except InputError as e:
            report.errors.append(str(e))


def ingest(
    paths: list[Path],
    store: Store,
    *,
    strict: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files or folders into ``store``. Bad inputs are reported, not raised,
    unless no path exists at all."""
    from kg.graph import to_quads
    from kg.pipeline import Pipeline

    files = find_files(paths)
    report = IngestReport(files=len(files))
    store.ensure_ontology(ontology.quads(), ontology.digest())
    pipeline = Pipeline()
    version = pipeline.version
    seen: set[str] = set()

    def todo() -> Iterator[Article]:
        for art in _articles(files, report, warn, strict):
            if art.id in seen:
                report.errors.append(f"{art.path}: same article id {art.id!r} as an earlier "
                                     "input in this run; ingested once")
                continue
            seen.add(art.id)
            if not force and store.article_hash(art.id) == (art.content_hash, version):
                report.skipped.append(art.id)
                continue
            yield art

    done = 0
    for doc in pipeline.pipe(todo()):
        n = store.replace_graph(iris.article_graph(doc.article.id), to_quads(doc, version))
        report.ingested.append(doc.article.id)
        report.triples += n
        done += 1
        if progress:
            progress(done, len(files), doc.article.path or doc.article.id)
    store.flush()
    return report
