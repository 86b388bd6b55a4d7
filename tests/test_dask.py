"""Extraction on a Dask cluster writes the same graph as a local run."""

from __future__ import annotations

import pytest
from test_parallel import dataset, make_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as c:
        yield c


def test_dask_ingest_writes_the_same_graph(cluster, tmp_path):
    from kg.ingest import ingest
    from kg.store import Store

    corpus = make_corpus(tmp_path / "corpus", copies=1)
    local, remote = tmp_path / "local", tmp_path / "dask"
    with Store(local) as store:
        expected = ingest([corpus], store, workers=1)
    with Store(remote) as store:
        report = ingest([corpus], store, scheduler=cluster.scheduler_address)
    assert report.ingested == expected.ingested
    assert report.errors == expected.errors
    assert dataset(remote) == dataset(local)
    with Store(remote) as store:
        again = ingest([corpus], store, scheduler=cluster.scheduler_address)
    assert again.ingested == [] and sorted(again.skipped) == sorted(expected.ingested)


def test_unreachable_scheduler_is_one_clear_error(tmp_path):
    from kg.errors import KgError
    from kg.extract import DaskCluster

    with pytest.raises(KgError, match="cannot reach the Dask scheduler"):
        DaskCluster("tcp://127.0.0.1:9", timeout=2)
