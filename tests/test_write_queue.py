"""kg.write_queue: writes in input order, inline or in a thread; none after a failure."""

from __future__ import annotations

import threading
import time

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


def test_leaving_early_drops_the_queued_writes():
    ran: list[int] = []
    holder: list[WriteQueue] = []

    def write(job: int) -> int:
        ran.append(job)
        deadline = time.monotonic() + 5
        # the first write is under way until the caller has left (white box: the
        # queue's stop flag), so the two queued behind it are still waiting then
        while not holder[0]._stop.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)
        return job

    with pytest.raises(KeyboardInterrupt):
        with WriteQueue(write, lambda job, result: None, background=True, depth=4) as queue:
            holder.append(queue)
            for job in range(3):
                queue.put(job)
            raise KeyboardInterrupt  # as a Ctrl-C in the caller's thread would
    assert ran == [0]  # the write under way finished; the two queued ones did not run
