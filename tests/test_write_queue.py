"""kg.write_queue: writes in input order, inline or in a thread; none after a failure."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.write_queue import WriteQueue


class Boom(Exception):
    pass


@settings(max_examples=80, deadline=None)
@given(
    jobs=st.integers(min_value=0, max_value=12),
    fail_at=st.one_of(st.none(), st.integers(min_value=0, max_value=11)),
    background=st.booleans(),
    depth=st.integers(min_value=0, max_value=4),
)
def test_writes_run_in_order_and_stop_at_the_first_failure(jobs, fail_at, background, depth):
    ran: list[int] = []
    threads: set[str] = set()
    caller = threading.current_thread().name

    def write(job: int) -> int:
        threads.add(threading.current_thread().name)
        ran.append(job)
        if job == fail_at:
            raise Boom(job)
        return job * 10

    done: list[tuple[int, int]] = []

    def record(job: int, result: int) -> None:
        assert threading.current_thread().name == caller
        done.append((job, result))

    failed = fail_at is not None and fail_at < jobs
    with WriteQueue(write, record, background=background, depth=depth) as queue:
        try:
            for job in range(jobs):
                queue.put(job)
            queue.finish()
        except Boom as e:
            assert failed and e.args == (fail_at,)
        else:
            assert not failed
    last = fail_at if failed else jobs - 1
    assert ran == list(range(last + 1))  # in order, and nothing after the failed one
    # every write that succeeded was handed back, in order, even when a later one failed
    assert done == [(j, j * 10) for j in range(last if failed else jobs)]
    if jobs:
        assert (threads == {caller}) != background


def test_leaving_early_drops_the_queued_writes_and_does_not_wait_for_the_one_under_way():
    """A Ctrl-C while a server hangs: kg leaves at once (the server applies the
    update under way whole or not at all), and no queued write runs after it."""
    ran: list[int] = []
    started = threading.Event()
    release = threading.Event()  # the hung server answers only when the test says so
    safety = threading.Timer(60, release.set)  # a queue that waits must not hang the suite
    safety.start()

    def write(job: int) -> int:
        ran.append(job)
        started.set()
        release.wait()
        return job

    try:
        with pytest.raises(KeyboardInterrupt):
            with WriteQueue(write, lambda job, result: None, background=True, depth=4) as queue:
                for job in range(3):
                    queue.put(job)
                assert started.wait(30)
                raise KeyboardInterrupt  # as a Ctrl-C in the caller's thread would
        left_while_blocked = not release.is_set()
    finally:
        release.set()
        safety.cancel()
    assert left_while_blocked, "leaving the queue waited for the write under way"
    queue._thread.join(30)
    assert not queue._thread.is_alive()
    assert queue._thread.daemon  # the interpreter does not wait for it at exit either
    assert ran == [0]  # the two queued writes never ran


def test_leaving_on_an_error_waits_for_the_write_under_way():
    """Only an interrupt leaves a write running: after any other error the
    queue has finished its write when the caller goes on."""
    started, finished = threading.Event(), threading.Event()
    release = threading.Event()

    def write(job: int) -> int:
        started.set()
        release.wait(30)
        finished.set()
        return job

    with pytest.raises(Boom):
        with WriteQueue(write, lambda job, result: None, background=True) as queue:
            queue.put(0)
            assert started.wait(30)
            threading.Timer(0.2, release.set).start()
            raise Boom
    assert finished.is_set()
    assert not queue._thread.is_alive()
