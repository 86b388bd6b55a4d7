"""``--store URL``: a real Oxigraph server behaves like the embedded store."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

import pytest
from conftest import SEEDS, kg


def _oxigraph() -> str:
    exe = Path(sys.executable).parent / "oxigraph"
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]'")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serve(location: Path) -> Iterator[str]:
    """An Oxigraph server on 127.0.0.1 with its data in ``location``; yields its URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [_oxigraph(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode()}")
            time.sleep(0.1)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _serve(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def remote(server):
    p = kg("ingest", "--store", server, "--workers", "1", str(SEEDS))
    assert p.returncode == 0, p.stderr
    assert "ingested 2 article(s)" in p.stderr
    return server


def _rows(store_spec, name, *params):
    args = [a for pair in params for a in ("--param", *pair)]
    p = kg("query", "--store", str(store_spec), name, "--format", "json", *args, check=True)
    return sorted(json.dumps(r, sort_keys=True) for r in json.loads(p.stdout))


def test_every_stored_query_answers_the_same(remote, seeds_store):
    from kg.queries import stored

    for name in stored():
        assert _rows(remote, name) == _rows(seeds_store, name), name
    params = ("name", "Blinken")
    assert _rows(remote, "statements-by", params) == _rows(seeds_store, "statements-by", params)
    assert _rows(remote, "statements-by", params)


def test_export_is_isomorphic(remote, seeds_store, tmp_path):
    import rdflib
    from rdflib.compare import isomorphic

    for fmt in ("turtle", "trig"):
        a, b = tmp_path / f"remote.{fmt}", tmp_path / f"local.{fmt}"
        kg("export", "--store", remote, "--format", fmt, "-o", str(a), check=True)
        kg("export", "--store", str(seeds_store), "--format", fmt, "-o", str(b), check=True)
        if fmt == "turtle":
            assert isomorphic(rdflib.Graph().parse(a), rdflib.Graph().parse(b))
            continue
        da = rdflib.Dataset().parse(a, format="trig")
        db = rdflib.Dataset().parse(b, format="trig")
        names = {g.identifier for g in db.graphs() if len(g)}
        assert names == {g.identifier for g in da.graphs() if len(g)}
        for name in names:
            assert isomorphic(da.graph(name), db.graph(name)), name


def test_reingest_skips_and_force_changes_nothing(remote):
    from kg.store import open_store

    with open_store(remote, read_only=True) as store:
        before = len(store)
        articles = store.articles()
    p = kg("ingest", "--store", remote, "--workers", "1", str(SEEDS), check=True)
    assert "skipped 2 unchanged" in p.stderr
    kg("ingest", "--store", remote, "--workers", "1", "--force", str(SEEDS), check=True)
    with open_store(remote, read_only=True) as store:
        assert len(store) == before
        assert store.articles() == articles
        assert store.article_hash(articles[0]) is not None
        assert store.article_hash("no-such-article") is None


def test_store_interface_matches_embedded(remote, seeds_store):
    import pyoxigraph as ox

    from kg import iris
    from kg.remote import RemoteStore
    from kg.store import Store

    with (
        RemoteStore.from_spec(remote, read_only=True) as r,
        Store(seeds_store, read_only=True) as e,
    ):
        assert r.articles() == e.articles()
        aid = e.articles()[0]
        assert r.article_hash(aid) == e.article_hash(aid)
        ids = [*e.articles(), "no-such-article"]
        assert r.article_hashes(ids) == e.article_hashes(ids)
        assert set(e.article_hashes(ids)) == set(e.articles())
        g = iris.article_graph(aid)
        assert sorted(map(str, r.quads(g))) == sorted(map(str, e.quads(g)))
        assert len(list(r.quads(ox.DefaultGraph()))) == len(list(e.quads(ox.DefaultGraph())))
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Article }"
        assert next(iter(r.query(q)))["n"] == next(iter(e.query(q)))["n"]
        assert bool(r.query("ASK { ?a a kg:Article }"))


def test_explicit_endpoints_and_atomic_replace(server):
    import pyoxigraph as ox

    from kg.errors import StoreError
    from kg.remote import RemoteStore

    spec = f"sparql+{server}/query?update={server}/update"
    g = ox.NamedNode("https://w3id.org/kg/id/graph/remote-test")
    s, p = ox.NamedNode("https://w3id.org/kg/id/person/x"), ox.NamedNode("http://e/p")
    with RemoteStore.from_spec(spec) as store:
        assert store.replace_graph(g, [ox.Quad(s, p, ox.Literal("a"), g)]) == 1
        store.replace_graph(g, [ox.Quad(s, p, ox.Literal("b"), g)])
        assert [q.object.value for q in store.quads(g)] == ["b"]
        union = [q.object.value for q in store.quads(ox.DefaultGraph()) if q.subject == s]
        assert union == ["b"]
        store.remove_graph(g)
        assert list(store.quads(g)) == []
    with (
        RemoteStore.from_spec(spec, read_only=True) as store,
        pytest.raises(StoreError, match="read-only"),
    ):
        store.remove_graph(g)


def test_errors_are_one_clear_line(server, tmp_path):
    p = kg("stats", "--store", "http://127.0.0.1:9")
    assert p.returncode == 1
    assert "cannot reach the SPARQL server" in p.stderr and "Traceback" not in p.stderr
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT WHERE {", encoding="utf-8")
    p = kg("query", "--store", server, str(bad))
    assert p.returncode == 1 and "syntax error" in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_server_errors_become_query_errors(server):
    from kg.errors import QueryError
    from kg.remote import RemoteStore

    with (
        RemoteStore.from_spec(server, read_only=True) as store,
        pytest.raises(QueryError, match="HTTP 400"),
    ):
        store.query("SELECT WHERE {")


def test_basic_auth_is_taken_from_the_url():
    from kg.remote import _split_auth

    url, header = _split_auth("https://ann:s%40cret@example.org:8443/sparql")
    assert url == "https://example.org:8443/sparql"
    assert header == "Basic YW5uOnNAY3JldA=="
    assert _split_auth("http://127.0.0.1:7878/query") == ("http://127.0.0.1:7878/query", None)


def test_a_failed_write_stops_the_queued_writes(tmp_path):
    """Writes to a server run in a background thread, a few articles queued
    behind the one in flight. When one fails, ingest raises its error; the
    articles before it are stored whole, none after it is (though they were
    queued), and a rerun does the rest."""
    from test_faults import _union_is_the_union_of_the_graphs, make_variants

    from kg import iris
    from kg.errors import StoreError
    from kg.extract import InProcess
    from kg.ingest import ingest
    from kg.remote import RemoteStore

    corpus = make_variants(tmp_path / "corpus", 8)
    failing = iris.article_graph("article-02")

    class FailingStore(RemoteStore):
        def replace_graph(self, graph, quads):
            if graph == failing:
                time.sleep(1)  # while later articles are queued behind it
                raise StoreError(f"{self.path}: could not write graph (injected fault)")
            return super().replace_graph(graph, quads)

    extracted: list[str] = []

    class Recording(InProcess):
        def __call__(self, articles, version):
            for art, quads in super().__call__(articles, version):
                extracted.append(art.id)
                yield art, quads

    extractor = Recording()
    with _serve(tmp_path / "oxigraph") as url:
        store = FailingStore.from_spec(url)
        assert store.overlap_writes
        with pytest.raises(StoreError, match="injected fault"):
            ingest([corpus], store, extractor=extractor)
        assert len(extracted) > 3  # articles after the failing one were queued
        assert store.articles() == ["article-00", "article-01"]
        assert _union_is_the_union_of_the_graphs(store)
        report = ingest([corpus], RemoteStore.from_spec(url), extractor=extractor)
        assert (len(report.skipped), len(report.ingested)) == (2, 6)
        assert _union_is_the_union_of_the_graphs(store)
        assert len(store.articles()) == 8


def test_stored_hashes_are_asked_for_a_batch_at_a_time(tmp_path, monkeypatch):
    """A rerun asks the server which articles it holds in one request per
    HASH_LOOKUP articles, not one round trip per article."""
    from test_faults import make_variants

    from kg import ingest as ingesting
    from kg import iris
    from kg.extract import InProcess
    from kg.remote import RemoteStore

    monkeypatch.setattr(ingesting, "HASH_LOOKUP", 4)  # 6 articles: two lookups
    corpus = make_variants(tmp_path / "corpus", 6)
    lookups: list[str] = []

    class Counting(RemoteStore):
        def query(self, sparql, bindings=None):
            if "contentHash" in sparql and iris.article("").value in sparql:
                lookups.append(sparql)  # a question about stored articles
            return super().query(sparql, bindings)

    with _serve(tmp_path / "oxigraph") as url:
        first = ingesting.ingest([corpus], Counting.from_spec(url), extractor=InProcess())
        assert len(first.ingested) == 6
        lookups.clear()
        again = ingesting.ingest([corpus], Counting.from_spec(url), extractor=InProcess())
    assert (len(again.skipped), len(again.ingested)) == (6, 0)
    assert len(lookups) == 2
