"""kg.write_queue: writes in input order, inline or in a thread; none after a failure."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.write_queue import WriteQueue


class Boom(Exception):
    pass


@settings(max_examples=60, deadline=None)
@given(
    jobs=st.integers(min_value=0, max_value=12),
    fail_at=st.one_of(st.none(), st.integers(min_value=0, max_value=11)),
    background=st.booleans(),
    depth=st.integers(min_value=0, max_value=4),
)
def test_writes_run_in_order_and_stop_at_the_first_failure(jobs, fail_at, background, depth):
    ran: list[int] = []
    threads: set[str] = set()

    def write(job: int) -> int:
        threads.add(threading.current_thread().name)
        ran.append(job)
        if job == fail_at:
            raise Boom(job)
        return job * 10

    returned: list[tuple[int, int]] = []
    failed = fail_at is not None and fail_at < jobs
    with WriteQueue(write, background=background, depth=depth) as queue:
        try:
            for job in range(jobs):
                returned += queue.put(job)
            returned += queue.finish()
        except Boom as e:
            assert failed and e.args == (fail_at,)
        else:
            assert not failed
    last = fail_at if failed else jobs - 1
    assert ran == list(range(last + 1))  # in order, and nothing after the failed one
    assert returned == [(j, j * 10) for j in range(last if failed else jobs)]
    if jobs:
        on_caller = threads == {threading.current_thread().name}
        assert on_caller != background


def test_leaving_early_drops_the_queued_writes():
    started, release = threading.Event(), threading.Event()
    ran: list[int] = []

    def write(job: int) -> int:
        ran.append(job)
        started.set()
        release.wait(5)
        return job

    with pytest.raises(KeyboardInterrupt):
        with WriteQueue(write, background=True, depth=4) as queue:
            for job in range(3):
                assert queue.put(job) == []
            assert started.wait(5)
            threading.Timer(0.2, release.set).start()  # finishes after the interrupt
            raise KeyboardInterrupt  # as a Ctrl-C in the caller's thread would
    assert ran == [0]  # the write under way finished; the two queued ones did not run
