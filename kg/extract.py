"""Extraction backends: articles in, each article's quads out, in input order.

- ``InProcess``: spaCy and the stages in this process (``--workers 1``);
- ``ProcessPool``: worker processes on this machine (``--workers N``);
- ``DaskCluster``: the workers of a Dask cluster (``--scheduler ADDRESS``).

Workers load the model once and receive batches of articles; they send back
each article's graph as N-Quads text (pyoxigraph terms do not pickle), which
the caller parses again. Only the caller writes to the store: one writer.
Articles are streamed: at most a few batches per worker are in flight.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any, Protocol, TypeVar

import pyoxigraph as ox

from kg.articles import Article
from kg.errors import KgError
from kg.pipeline import DEFAULT

BATCH = 2  # articles per task sent to a worker
WINDOW = 2  # batches in flight per worker

Extracted = tuple[Article, list[ox.Quad]]
T = TypeVar("T")


class ExtractionError(KgError):
    """The extraction workers failed (a worker died, or a cluster is unreachable)."""


class Extractor(Protocol):
    def __call__(self, articles: Iterable[Article], version: str) -> Iterator[Extracted]: ...

    def close(self) -> None: ...


# -- worker side ----------------------------------------------------------


@cache
def _pipeline(names: tuple[str, ...]) -> Any:
    """One pipeline (and model) per process, loaded on first use."""
    from kg.pipeline import Pipeline

    return Pipeline(names)


def warm(names: tuple[str, ...] = DEFAULT) -> int:
    """Load the model and the stages' data in this process; returns the process id."""
    from kg.articles import make_article

    pipeline = _pipeline(tuple(names))
    if not getattr(pipeline, "warm", False):
        pipeline(
            make_article(
                "Officials from Qatar met the Israeli envoy in Cairo on Monday.", "warm-up"
            )
        )
        pipeline.warm = True
    return os.getpid()


def extract_batch(
    articles: list[Article], names: tuple[str, ...], version: str
) -> list[tuple[str, bytes]]:
    """(article id, N-Quads of its graph) for each article, in order. Runs in workers."""
    from kg.graph import to_quads

    pipeline = _pipeline(tuple(names))
    out = []
    for doc in pipeline.pipe(articles, batch_size=len(articles) or 1):
        data = ox.serialize(to_quads(doc, version), format=ox.RdfFormat.N_QUADS)
        out.append((doc.article.id, data))
    return out


def _parse(data: bytes) -> list[ox.Quad]:
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of ``size`` (the last may be shorter), read as needed."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


# -- backends ------------------------------------------------------------


class InProcess:
    """Extraction in this process, as a one-worker run."""

    def __init__(self, names: tuple[str, ...] = DEFAULT) -> None:
        self.names = tuple(names)

    def warm(self) -> None:
        warm(self.names)

    def __call__(self, articles: Iterable[Article], version: str) -> Iterator[Extracted]:
        from kg.graph import to_quads

        it = iter(articles)
        first = next(it, None)
        if first is None:
            return  # nothing to do: do not load the model
        for doc in _pipeline(self.names).pipe(_chain([first], it)):
            yield doc.article, list(to_quads(doc, version))

    def close(self) -> None:
        pass


class _Windowed:
    """Submit batches, keep a bounded number in flight, yield results in input order."""

    names: tuple[str, ...]
    batch: int
    slots: int

    def _submit(self, batch: list[Article], version: str) -> Any: ...

    def _result(self, future: Any) -> list[tuple[str, bytes]]: ...

    def __call__(self, articles: Iterable[Article], version: str) -> Iterator[Extracted]:
        inflight: deque[tuple[list[Article], Any]] = deque()
        try:
            for batch in batches(articles, self.batch):
                inflight.append((batch, self._submit(batch, version)))
                while len(inflight) >= self.slots:
                    yield from self._collect(*inflight.popleft())
            while inflight:
                yield from self._collect(*inflight.popleft())
        finally:
            for _, future in inflight:
                future.cancel()

    def _collect(self, batch: list[Article], future: Any) -> Iterator[Extracted]:
        results = self._result(future)
        for art, (art_id, data) in zip(batch, results, strict=True):
            assert art.id == art_id
            yield art, _parse(data)


class ProcessPool(_Windowed):
    """Worker processes on this machine (spawned: each loads the model once).

    A run with fewer articles than two is extracted in this process: starting
    workers would cost more than it saves."""

    def __init__(self, workers: int, names: tuple[str, ...] = DEFAULT, batch: int = BATCH) -> None:
        self.workers = max(1, workers)
        self.names = tuple(names)
        self.batch = batch
        self.slots = WINDOW * self.workers
        self._pool: Any = None

    def _start(self) -> Any:
        if self._pool is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=mp.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.names,),
            )
        return self._pool

    def warm(self) -> None:
        """Start every worker and load the model in each (for timing runs)."""
        pool = self._start()
        futures = [pool.submit(_warm_slowly, self.names) for _ in range(self.workers)]
        for f in futures:
            f.result()

    def _submit(self, batch: list[Article], version: str) -> Any:
        return self._start().submit(extract_batch, batch, self.names, version)

    def _result(self, future: Any) -> list[tuple[str, bytes]]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool as e:
            raise ExtractionError(
                "an extraction worker process died (out of memory?); "
                "run the ingest again: stored articles are skipped"
            ) from e

    def __call__(self, articles: Iterable[Article], version: str) -> Iterator[Extracted]:
        it = iter(articles)
        head = list(islice(it, 2))
        if self._pool is None and len(head) < 2:
            yield from InProcess(self.names)(head, version)
            return
        yield from super().__call__(_chain(head, it), version)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskCluster(_Windowed):
    """Extraction on a Dask cluster: ``kg`` must be installed on its workers."""

    def __init__(
        self,
        address: str,
        names: tuple[str, ...] = DEFAULT,
        batch: int = BATCH,
        timeout: float = 30,
    ) -> None:
        try:
            from distributed import Client
        except ImportError as e:
            raise ExtractionError("--scheduler needs Dask: pip install 'kg[dask]'") from e
        self.names = tuple(names)
        self.batch = batch
        try:
            self.client = Client(address, timeout=timeout)
        except (OSError, TimeoutError) as e:
            raise ExtractionError(f"cannot reach the Dask scheduler at {address}: {e}") from e
        threads = sum(self.client.nthreads().values()) or 1
        self.slots = WINDOW * threads

    def warm(self) -> None:
        self.client.run(warm, self.names)

    def _submit(self, batch: list[Article], version: str) -> Any:
        return self.client.submit(extract_batch, batch, self.names, version, pure=False)

    def _result(self, future: Any) -> list[tuple[str, bytes]]:
        return future.result()

    def close(self) -> None:
        self.client.close()


def _chain(head: list[Article], rest: Iterator[Article]) -> Iterator[Article]:
    yield from head
    yield from rest


def _init_worker(names: tuple[str, ...]) -> None:
    # one process per core: keep numerical libraries to one thread each
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    _exit_with_parent()
    warm(names)


def _exit_with_parent(every: float = 1.0) -> None:
    """A worker whose kg process was killed (even by SIGKILL) must not live on:
    watch the parent and leave when it is gone."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _warm_slowly(names: tuple[str, ...]) -> int:
    import time

    pid = warm(names)
    time.sleep(0.5)  # hold this worker so that the next warm-up task starts another
    return pid


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def make_extractor(
    workers: int | None = 1, scheduler: str | None = None, names: tuple[str, ...] = DEFAULT
) -> Extractor:
    """The backend for ``--workers`` (None: one per core) / ``--scheduler``."""
    if scheduler:
        return DaskCluster(scheduler, names)
    if workers is None:
        workers = default_workers()
    if workers <= 1:
        return InProcess(names)
    return ProcessPool(workers, names)
