"""Ingest: read files, extract, and write each article's graph in one transaction,
then its links to other articles, then its content hash.

An article whose text and extraction pipeline are unchanged since it was
stored is skipped, so a run that was interrupted can simply be repeated. Its
content hash, what the skip is decided on, is written last: an article
interrupted after its graph but before its links is done again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import iris
from kg import ontology_graph as ontology
from kg.articles import Article, find_files, read_articles
from kg.errors import InputError
from kg.extract import Extractor, batches, make_extractor
from kg.links import Index, refresh
from kg.store import Store
from kg.vocab import KG
from kg.write_queue import WriteQueue


@dataclass
class IngestReport:
    files: int = 0
    ingested: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    triples: int = 0
    links: int = 0


Progress = Callable[[int, int, str], None]
FLUSH_QUADS = 20_000  # write the store's buffers to disk after this many article quads
HASH_LOOKUP = 64  # articles whose stored hashes are looked up at once (one server request)


def _articles(files: list[Path], report: IngestReport, warn, strict: bool) -> Iterator[Article]:
    for path in files:
        try:
            yield from read_articles(
                path, warn=warn, strict=strict, errors=lambda e: report.errors.append(str(e))
            )
        except InputError as e:
            report.errors.append(str(e))


def ingest(
    paths: list[Path],
    store: Store | Any,
    *,
    strict: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    workers: int | None = 1,
    scheduler: str | None = None,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Ingest files or folders into ``store``. Bad inputs are reported, not raised,
    unless no path exists at all.

    Extraction runs in this process (``workers=1``), in ``workers`` processes
    (None: one per core), on the Dask cluster at ``scheduler``, or with a given
    ``extractor`` (left open); this process alone writes to the store, in input
    order."""
    from kg.pipeline import DEFAULT
    from kg.pipeline import version as pipeline_version

    files = find_files(paths, warn)
    report = IngestReport(files=len(files))
    store.ensure_ontology(ontology.quads(), ontology.digest())
    version = pipeline_version(DEFAULT)
    seen: set[str] = set()
    stored: set[str] = set()  # of the articles to write, those whose graph is stored

    def unique() -> Iterator[Article]:
        for art in _articles(files, report, warn, strict):
            if art.id in seen:
                report.errors.append(
                    f"{art.path}: same article id {art.id!r} as an earlier "
                    "input in this run; ingested once"
                )
                continue
            seen.add(art.id)
            yield art

    def todo() -> Iterator[Article]:
        for batch in batches(unique(), HASH_LOOKUP):
            stored_hashes = store.article_hashes([a.id for a in batch])
            for art in batch:
                have = stored_hashes.get(art.id)
                if not force and have == (art.content_hash, version):
                    report.skipped.append(art.id)
                    continue
                if have is not None:
                    stored.add(art.id)
                yield art

    unflushed = 0
    linked = Index(store)  # the stored negotiations, read once per side for the run

    def write(job: tuple[Article, list, bool]) -> tuple[int, int]:
        nonlocal unflushed
        art, quads, new = job
        graph = iris.article_graph(art.id)
        node = iris.article(art.id)
        body: list = []
        marks: list = []  # the content hash
        for q in quads:
            (marks if q.predicate == KG.contentHash and q.subject == node else body).append(q)
        n = store.replace_graph(graph, body)
        # negotiations: the same process as one stored before? (done here, while
        # the next articles are extracted, not as a serial step at the end)
        written = linked.written
        links = refresh(store, [art.id], new=new, index=linked)
        # last: an article interrupted before this point has no hash, and is redone
        store.add_to_graph(graph, marks)
        n += len(marks)
        unflushed += n + linked.written - written  # its links, and its matches' edited ones
        if unflushed >= FLUSH_QUADS:  # keeps the store's write buffers (memory) small
            store.flush()
            unflushed = 0
        return n, links

    def written(job: tuple[Article, list, bool], counts: tuple[int, int]) -> None:
        art, quads, _ = job
        report.triples += counts[0]
        report.links += counts[1]
        report.ingested.append(art.id)
        if warn and not any(q.predicate == KG.mentionedIn for q in quads):
            warn(
                f"{art.path or art.id}: no people, organizations or places found; "
                "stored the article alone"
            )
        if progress:
            progress(len(report.ingested), len(files), art.path or art.id)

    run = extractor or make_extractor(workers, scheduler, DEFAULT)
    background = getattr(store, "overlap_writes", False)
    try:
        with WriteQueue(write, written, background=background) as queue:
            for art, quads in run(todo(), version):
                queue.put((art, quads, art.id not in stored))
            queue.finish()
    finally:
        if extractor is None:
            run.close()
    store.flush()
    return report
