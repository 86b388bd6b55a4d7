"""Article writes in input order: inline, or queued to one background thread.

A store whose writes wait on the network (a SPARQL server) is written from a
thread, so that the next articles are extracted while a request is in flight.
The embedded store is written inline: a thread gained nothing measurable
there (decision 0006). Either way the writes run one at a
time, in input order, and once one fails no queued write runs.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


class _Skipped(Exception):
    """A queued write not run because an earlier one failed."""


class WriteQueue(Generic[Job, Result]):
    """``put`` jobs; each finished write is handed to ``done`` in the caller's
    thread, in order. Use as a context manager: leaving it early drops the
    queued writes that have not started; on an interrupt (Ctrl-C) it does not
    wait for the one under way either (it must not hang on a server that
    stopped answering, and a server applies an update whole or not at all)."""

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
        self._queued: deque[tuple[Job, Future[Result]]] = deque()
        self._stop = threading.Event()
        self._jobs: queue.SimpleQueue[tuple[Job, Future[Result]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        if background:
            # a daemon: the interpreter does not wait for it at exit (a thread
            # pool's would), so an abandoned request cannot hold the process
            self._thread = threading.Thread(target=self._loop, name="kg-write", daemon=True)
            self._thread.start()

    def put(self, job: Job) -> None:
        """Write ``job``, now or queued. A failed write raises its error here or in a
        later ``put`` or ``finish``, after every write before it was handed to ``done``."""
        if self._thread is None:
            self._done(job, self._write(job))
            return
        future: Future[Result] = Future()
        self._queued.append((job, future))
        self._jobs.put((job, future))
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

    def _loop(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, future = item
            if not future.set_running_or_notify_cancel():
                continue  # dropped by close()
            if self._stop.is_set():
                future.set_exception(_Skipped())
                continue
            try:
                future.set_result(self._write(job))
            except BaseException as e:
                self._stop.set()  # the writes queued after it must not run
                future.set_exception(e)

    def close(self, *, wait: bool = True) -> None:
        """Stop the thread, dropping queued writes. ``wait``: for the write under
        way, if any, to end."""
        if self._thread is None:
            return
        self._stop.set()
        for _, future in self._queued:
            future.cancel()
        self._queued.clear()
        self._jobs.put(None)
        if wait:
            self._thread.join()

    def __enter__(self) -> WriteQueue[Job, Result]:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        # an interrupt does not wait for the write under way; any other way out
        # does, so that no write of this queue outlives it unseen
        interrupted = exc_type is not None and issubclass(exc_type, (KeyboardInterrupt, SystemExit))
        self.close(wait=not interrupted)
