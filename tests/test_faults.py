"""Faults and concurrent use: a killed ingest loses nothing that was finished,
a second process gets a clear "store is busy", and the store never breaks."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SEEDS, kg

ARTICLES = 12
_NAMES = ["Lindqvist", "Okafor", "Castillo", "Moreau", "Tanaka", "Fischer", "Rossi", "Silva"]


def make_variants(folder: Path, n: int = ARTICLES) -> Path:
    """``n`` small articles: the seeds with other names and a line of their own."""
    folder.mkdir(parents=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        text = re.sub(r"\bBlinken\b", _NAMES[i % len(_NAMES)], text)
        text = re.sub(r"\bNetanyahu\b", _NAMES[(i + 3) % len(_NAMES)], text)
        (folder / f"article-{i:02d}.txt").write_text(
            f"{text}\nThe talks resumed on day {i} of the truce.\n", encoding="utf-8"
        )
    return folder


def _stats(store: Path) -> dict:
    return json.loads(kg("stats", "--store", str(store), "--format", "json", check=True).stdout)


def _busy(p: subprocess.CompletedProcess, store: Path, holder: str) -> bool:
    line = p.stderr.strip()
    return (
        p.returncode == 1
        and "Traceback" not in p.stderr
        and len(line.splitlines()) == 1
        and line.startswith(f"kg: error: {store}: store is busy: {holder}")
    )


# -- atomic writes ---------------------------------------------------------


def test_replacing_a_graph_is_one_transaction(tmp_path):
    """Store.replace_graph is one SPARQL update; Oxigraph applies an update in one
    transaction: when a later operation of it fails, the earlier ones are undone."""
    from kg.store import Store, replace_graph_update

    g = ox.NamedNode("https://w3id.org/kg/id/graph/a")
    old = [
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(f"old {i}"),
            g,
        )
        for i in range(50)
    ]
    new = [ox.Quad(q.subject, q.predicate, ox.Literal("new"), g) for q in old]
    with Store(tmp_path / "store") as store:
        store.replace_graph(g, old)
        before = sorted(map(str, store.quads()))
        update, _ = replace_graph_update(g, new)
        failing = (
            update + " ;\nCREATE GRAPH <http://example.org/x> ;\n"
            "CREATE GRAPH <http://example.org/x>"
        )
        with pytest.raises(RuntimeError, match="already exists"):
            store._db.update(failing)
        assert sorted(map(str, store.quads())) == before
        store.replace_graph(g, new)
        assert {q.object.value for q in store.quads(g)} == {"new"}
        assert {q.object.value for q in store.quads(ox.DefaultGraph())} == {"new"}


# -- a second process --------------------------------------------------------


@pytest.fixture
def store_copy(tmp_path, seeds_store) -> Path:
    path = tmp_path / "store"
    shutil.copytree(seeds_store, path)
    return path


def test_writer_first_then_readers_and_writers_are_told_busy(store_copy):
    from kg.store import Store

    before = _stats(store_copy)
    holder = f"kg process {os.getpid()} is writing to it"
    with Store(store_copy):
        for args in (
            ["stats"],
            ["query", "mediators"],
            ["export", "--format", "nquads"],
            ["validate"],
            ["ingest", str(SEEDS)],
        ):
            p = kg(args[0], "--store", str(store_copy), *args[1:])
            assert _busy(p, store_copy, holder), (args, p.stderr)
            assert p.stdout == ""
    assert _stats(store_copy) == before


def test_reader_first_then_readers_share_and_a_writer_is_told_busy(store_copy):
    from kg.store import Store

    before = _stats(store_copy)
    with Store(store_copy, read_only=True):
        p = kg("ingest", "--store", str(store_copy), str(SEEDS))
        assert _busy(p, store_copy, "another kg process is reading it"), p.stderr
        assert _stats(store_copy) == before  # readers share the store
    p = kg("ingest", "--store", str(store_copy), str(SEEDS), check=True)
    assert "skipped 2 unchanged" in p.stderr
    assert _stats(store_copy) == before


def test_what_is_not_a_store_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    p = kg("stats", "--store", str(empty))
    assert p.returncode == 1 and "no store here" in p.stderr and "Traceback" not in p.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "CURRENT").write_text("MANIFEST-999999\n")
    p = kg("stats", "--store", str(broken))
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.startswith(f"kg: error: {broken}: cannot open store")


# -- SIGKILL in the middle of an ingest --------------------------------------


def _union_is_the_union_of_the_graphs(store) -> bool:
    named = {
        (q.subject, q.predicate, q.object)
        for q in store.quads()
        if not isinstance(q.graph_name, ox.DefaultGraph)
    }
    union = {(q.subject, q.predicate, q.object) for q in store.quads(ox.DefaultGraph())}
    return named == union


def _expected_graphs(paths: list[Path]) -> dict[str, set]:
    """Each article's graph as a fresh extraction in this process makes it."""
    from kg.articles import read_text_file
    from kg.extract import InProcess
    from kg.pipeline import DEFAULT, version

    articles = [read_text_file(p) for p in paths]
    return {a.id: set(quads) for a, quads in InProcess()(articles, version(DEFAULT))}


def test_sigkill_mid_ingest_keeps_finished_articles_and_a_rerun_finishes(tmp_path):
    from kg import iris
    from kg.store import Store
    from kg.vocab import KG

    corpus = make_variants(tmp_path / "corpus")
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "ingest", "--store", str(store), str(corpus)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    guard = threading.Timer(300, os.killpg, (proc.pid, signal.SIGKILL))
    guard.start()
    busy = f"kg process {proc.pid} is writing to it"
    try:
        # while it loads the model and writes: a reader is told the store is busy
        # (it may first find no store, before the writer has made it) ...
        for _ in range(60):
            reader = kg("stats", "--store", str(store))
            if "no store here" not in reader.stderr:
                break
        assert _busy(reader, store, busy), reader.stderr
        # ... and so is a second writer
        writer = kg("ingest", "--store", str(store), str(corpus))
        assert _busy(writer, store, busy), writer.stderr
        lines: list[str] = []
        while not any(ln.startswith(f"[2/{ARTICLES}]") for ln in lines):
            line = proc.stderr.readline()
            assert line, f"kg ingest ended early:\n{''.join(lines)}"
            lines.append(line)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL
        # its extraction workers notice and leave by themselves
        for _ in range(100):
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("extraction workers outlived the killed kg ingest")
    finally:
        guard.cancel()
        try:  # the extraction workers it started, if they outlive it
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.stderr.close()

    # the store opens, and every article in it is whole; the one being written
    # when the kill came may lack its links and its content hash (written last)
    with Store(store, read_only=True) as s:
        ids = s.articles()
        assert _union_is_the_union_of_the_graphs(s)
        expected = _expected_graphs([corpus / f"{i}.txt" for i in ids])
        unfinished = [a for a in ids if s.article_hash(a)[0] is None]
        assert len(unfinished) <= 1, unfinished
        for article_id in ids:
            graph = set(s.quads(iris.article_graph(article_id)))
            if article_id in unfinished:
                graph |= {q for q in expected[article_id] if q.predicate == KG.contentHash}
            assert graph == expected[article_id], article_id
    assert len(ids) == _stats(store)["articles"]
    done = len(ids) - len(unfinished)
    assert 2 <= done < ARTICLES, "the ingest was not interrupted: make the corpus larger"

    # a second run skips what is finished and does the rest
    p = kg("ingest", "--workers", "1", "--store", str(store), str(corpus), check=True)
    assert (
        f"ingested {ARTICLES - done} article(s), skipped {done} unchanged, 0 error(s)" in p.stderr
    )
    assert _stats(store)["articles"] == ARTICLES
    with Store(store, read_only=True) as s:
        assert _union_is_the_union_of_the_graphs(s)


def test_a_failed_write_stops_ingest_and_keeps_what_was_written(tmp_path):
    """A store error reaches the caller; articles before the failed one are
    stored whole, none after it is, and a rerun does the rest."""
    from kg import iris
    from kg.errors import StoreError
    from kg.ingest import ingest
    from kg.store import Store

    corpus = make_variants(tmp_path / "corpus", 5)
    failing = iris.article_graph("article-02")

    class FailingStore(Store):
        def replace_graph(self, graph, quads):
            if graph == failing:
                raise StoreError(f"{self.path}: could not write graph (injected fault)")
            return super().replace_graph(graph, quads)

    with FailingStore(tmp_path / "store") as store:
        with pytest.raises(StoreError, match="injected fault"):
            ingest([corpus], store, workers=1)
        assert store.articles() == ["article-00", "article-01"]
        assert _union_is_the_union_of_the_graphs(store)
    with Store(tmp_path / "store") as store:
        report = ingest([corpus], store, workers=1)
        assert (len(report.skipped), len(report.ingested)) == (2, 3)
        assert _union_is_the_union_of_the_graphs(store)


def _link_graphs(store) -> dict[str, set]:
    from kg.links import links_graph

    prefix = links_graph("").value
    out: dict[str, set] = {}
    for q in store.quads():
        if q.graph_name != ox.DefaultGraph() and q.graph_name.value.startswith(prefix):
            out.setdefault(q.graph_name.value, set()).add(q)
    return out


def test_an_article_interrupted_before_its_links_is_done_again(tmp_path):
    """Ingest writes an article's graph, then its links, then its content hash:
    stopped in between, a rerun does the article again instead of skipping it,
    and ends with the links of a run that was never stopped."""
    from kg.ingest import ingest
    from kg.links import links_graph
    from kg.store import Store

    corpus = make_variants(tmp_path / "corpus", 3)  # article-02 tells article-00's story
    failing = links_graph("article-02")

    class Interrupted(Exception):
        pass

    class StoppingStore(Store):
        def replace_graph(self, graph, quads):
            if graph == failing:
                raise Interrupted  # as a Ctrl-C between the article's writes would
            return super().replace_graph(graph, quads)

    with StoppingStore(tmp_path / "store") as store:
        with pytest.raises(Interrupted):
            ingest([corpus], store, workers=1)
        assert store.article_hash("article-02")[0] is None  # written, not finished
        assert store.article_hash("article-01")[0] is not None
    with Store(tmp_path / "store") as store:
        report = ingest([corpus], store, workers=1)
        assert report.ingested == ["article-02"]
        assert report.skipped == ["article-00", "article-01"]
        got = _link_graphs(store)
        assert _union_is_the_union_of_the_graphs(store)
    with Store(tmp_path / "clean") as store:
        ingest([corpus], store, workers=1)
        want = _link_graphs(store)
    assert failing.value in want, "no links to lose: the test corpus must link articles"
    assert got == want
