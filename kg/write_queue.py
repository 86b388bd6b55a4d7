"""Article writes in input order: inline, or queued to one background thread.

A store whose writes wait on the network (a SPARQL server) is written from a
thread, so that the next articles are extracted while a request is in flight.
The embedded store is written inline: a thread gained nothing measurable
there (decision 0006). Either way the writes run one at a
time, in input order, and once one fails no queued write runs.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


class _Skipped(Exception):
    """A queued write not run because an earlier one failed."""


class WriteQueue(Generic[Job, Result]):
    """``put`` jobs; each finished write is handed to ``done`` in the caller's
    thread, in order. Use as a context manager: leaving it early drops the
    queued writes that have not started."""

    def __init__(
        self,
        write: Callable[[Job], Result],
        done: Callable[[Job, Result], None],
        *,
        background: bool,
        depth: int = 4,
    ) -> None:
        self._write = write
        self._done = done
        self._depth = depth  # writes queued at most: bounds the memory held
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="kg-write") if background else None
        self._queued: deque[tuple[Job, Future[Result]]] = deque()
        self._stop = threading.Event()

    def put(self, job: Job) -> None:
        """Write ``job``, now or queued. A failed write raises its error here or in a
        later ``put`` or ``finish``, after every write before it was handed to ``done``."""
        if self._pool is None:
            self._done(job, self._write(job))
            return
        self._queued.append((job, self._pool.submit(self._run, job)))
        while len(self._queued) > self._depth:
            self._next()

    def finish(self) -> None:
        """Wait for every queued write."""
        while self._queued:
            self._next()

    def _next(self) -> None:
        job, future = self._queued[0]
        result = future.result()  # a failed write stays first: raised again, not lost
        self._queued.popleft()
        self._done(job, result)

    def _run(self, job: Job) -> Result:
        if self._stop.is_set():
            raise _Skipped
        try:
            return self._write(job)
        except BaseException:
            self._stop.set()  # the writes queued after it must not run
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._stop.set()
            for _, future in self._queued:
                future.cancel()
            self._queued.clear()
            self._pool.shutdown(wait=True)  # the write under way finishes: it is atomic

    def __enter__(self) -> WriteQueue[Job, Result]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
