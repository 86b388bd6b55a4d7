"""Store extracted articles in a thread of their own, in input order.

Oxigraph loads N-Quads and answers queries without holding the GIL, so while
this thread writes an article and links it, the caller's thread parses the
next one: with one extraction process, writing then costs almost no wall time.
Only this thread writes: the store still has one writer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg import iris
from kg.articles import Article
from kg.links import refresh

FLUSH_QUADS = 20_000  # write the store's buffers to disk after this many article quads
AHEAD = 4  # extracted articles waiting to be written, at most


@dataclass
class Written:
    article: Article
    quads: list[ox.Quad]
    triples: int
    links: int


class ArticleWriter:
    """``submit`` an article's quads; ``done``/``finish`` yield what is written, in order.

    A write error surfaces from the next call, and nothing after the failed
    article is written (those articles are not stored, so a rerun does them)."""

    def __init__(self, store: Any, ahead: int = AHEAD) -> None:
        self.store = store
        self.ahead = ahead
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="kg-writer")
        self._pending: deque[Future] = deque()
        self._failed = False
        self._unflushed = 0  # touched by the writer thread alone

    def _write(self, art: Article, quads: list[ox.Quad]) -> Written:
        if self._failed:
            raise RuntimeError("not written: an earlier write failed")
        try:
            n = self.store.replace_graph(iris.article_graph(art.id), quads)
            # negotiations: the same process as one stored before?
            links = refresh(self.store, [art.id])
            self._unflushed += n
            if self._unflushed >= FLUSH_QUADS:  # keeps RocksDB's write buffers small
                self.store.flush()
                self._unflushed = 0
        except BaseException:
            self._failed = True
            raise
        return Written(art, quads, n, links)

    def submit(self, art: Article, quads: list[ox.Quad]) -> Iterator[Written]:
        """Queue one article; yields the articles written meanwhile (waits when
        ``ahead`` are queued, so that extraction cannot run away from the store)."""
        self._pending.append(self._thread.submit(self._write, art, quads))
        while self._pending and (self._pending[0].done() or len(self._pending) > self.ahead):
            yield self._pending.popleft().result()

    def finish(self) -> Iterator[Written]:
        """Wait for every queued article; then flush the store."""
        while self._pending:
            yield self._pending.popleft().result()
        self.store.flush()

    def close(self) -> None:
        """Drop the articles not yet written; the one being written completes."""
        self._thread.shutdown(wait=True, cancel_futures=True)
