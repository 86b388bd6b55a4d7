"""The graph store: an embedded Oxigraph database in a folder.

Layout of the dataset:
- one named graph per article (``kgr:graph/<article id>``): its provenance;
- the ontology in ``kgr:graph/ontology``;
- the default graph: the set union of all of them, what queries read. Keeping
  it materialised avoids Oxigraph's bag semantics over a union default graph,
  where a fact reported by 40 articles comes back 40 times and joins multiply.

Replacing an article's graph, and the union with it, is one SPARQL update,
which Oxigraph applies in one transaction: all or nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import iris
from kg.errors import QueryError, StoreBusy, StoreError
from kg.vocab import EXPORT_PREFIXES, KG, PREFIXES, RDF

DEFAULT_DIR = "kg-store"
ENV = "KG_STORE"


def default_path() -> Path:
    return Path(os.environ.get(ENV) or DEFAULT_DIR)


def _nt(term: Any) -> str:
    return str(term)  # pyoxigraph terms print in N-Triples / SPARQL syntax


class Store:
    """Open with ``Store(path)`` for writing or ``Store(path, read_only=True)``."""

    # ingest writes it inline: a writer thread gained nothing measurable on
    # this store (decision 0006)
    overlap_writes = False

    def __init__(
        self, path: str | Path | None = None, *, read_only: bool = False, create: bool = True
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.read_only = read_only
        if read_only and not (self.path / "CURRENT").exists():
            raise StoreError(f"{self.path}: no store here (run 'kg ingest' first, or pass --store)")
        if not read_only and not create and not self.path.exists():
            raise StoreError(f"{self.path}: no store here")
        if not read_only:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"{self.path}: cannot create store: {e.strerror or e}") from e
        self._lock = _lock(self.path, exclusive=not read_only)
        try:
            if read_only:
                self._db = ox.Store.read_only(str(self.path))
            else:
                self._db = ox.Store(str(self.path))
        except OSError as e:
            _unlock(self._lock)
            msg = str(e)
            if "lock" in msg.lower() or "temporarily unavailable" in msg.lower():
                raise StoreBusy(
                    f"{self.path}: store is busy: another process is writing to it; "
                    "try again when it has finished"
                ) from e
            raise StoreError(f"{self.path}: cannot open store: {msg}") from e

    # -- writing -----------------------------------------------------------
    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> int:
        """Replace one named graph and keep the union default graph in step."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            if not self._db.contains_named_graph(graph):
                # a new graph: nothing to remove, one transactional insert of the
                # graph and its triples in the union (no update text to build and parse)
                triples = {(q.subject, q.predicate, q.object) for q in quads}
                self._db.extend(_in_graph_and_union(graph, triples))
                return len(triples)
            update, n = replace_graph_update(graph, quads)
            self._db.update(update)
        except (OSError, SyntaxError) as e:
            raise StoreError(f"{self.path}: could not write graph {graph.value}: {e}") from e
        return n

    def bulk_load_articles(
        self, graphs: Iterable[tuple[ox.NamedNode, Iterable[ox.Quad]]], *, chunk: int = 500_000
    ) -> int:
        """Write many graphs with the same result as ``replace_graph`` on each, faster.

        Graphs not in the store yet go through Oxigraph's bulk loader, which is not
        transactional: for building a store (a first import, benchmarks) with no other
        writer. A graph already stored is replaced with ``replace_graph``. Returns the
        number of quads written to the named graphs.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        pending: set[ox.NamedNode] = set()
        buf: list[ox.Quad] = []
        total = 0

        def write() -> None:
            self._db.bulk_extend(buf)
            buf.clear()
            pending.clear()

        for graph, quads in graphs:
            triples = list(dict.fromkeys((q.subject, q.predicate, q.object) for q in quads))
            total += len(triples)
            if graph in pending:
                write()
            if self._db.contains_named_graph(graph):
                self.replace_graph(graph, (ox.Quad(*t) for t in triples))
                continue
            pending.add(graph)
            buf.extend(_in_graph_and_union(graph, triples))
            if len(buf) >= chunk:
                write()
        if buf:
            write()
        return total

    def add_to_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Add triples to a named graph and to the union default graph, in one
        transaction."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        triples = dict.fromkeys((q.subject, q.predicate, q.object) for q in quads)
        if not triples:
            return
        try:
            self._db.extend(_in_graph_and_union(graph, triples))
        except OSError as e:
            raise StoreError(f"{self.path}: could not write graph {graph.value}: {e}") from e

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.replace_graph(graph, [])

    def article_hash(self, article_id: str) -> tuple[str | None, str | None] | None:
        """(content hash, pipeline version) stored for an article, or None when its
        graph is not in the store. The hash is None while the article is not
        finished (ingest writes it last)."""
        node = iris.article(article_id)
        g = iris.article_graph(article_id)
        if next(self._db.quads_for_pattern(node, RDF.type, KG.Article, g), None) is None:
            return None
        h = v = None
        for q in self._db.quads_for_pattern(node, KG.contentHash, None, g):
            h = q.object.value
        for q in self._db.quads_for_pattern(node, KG.stage, None, g):
            v = q.object.value
        return (h, v)

    def article_hashes(self, article_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """``article_hash`` of each stored article among these."""
        return {a: h for a in article_ids if (h := self.article_hash(a)) is not None}

    def ensure_ontology(self, quads: list[ox.Quad], digest: str) -> bool:
        """Load the ontology when it is missing or has changed. True if loaded."""
        g = iris.ontology_graph()
        marker = ox.Quad(g, KG.contentHash, ox.Literal(digest), g)
        if marker in self._db:
            return False
        self.replace_graph(g, [*quads, marker])
        return True

    def flush(self) -> None:
        if not self.read_only:
            self._db.flush()

    # -- reading -----------------------------------------------------------
    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Any:
        """Run a query on the union graph; ``bindings`` are bound as a VALUES
        block (``kg.queries.bind``), the same way as on a remote store."""
        if bindings:
            from kg.queries import bind

            sparql = bind(sparql, bindings)
        try:
            return self._db.query(sparql, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(f"query syntax error: {e}") from e
        except (OSError, RuntimeError, ValueError) as e:
            raise QueryError(f"query failed: {e}") from e

    def dump(self, output: Any, fmt: ox.RdfFormat, union_only: bool) -> None:
        prefixes = EXPORT_PREFIXES
        if union_only:
            self._db.dump(output, fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        else:
            # named graphs only: the default graph is their union and would repeat them
            data = ox.Dataset(q for q in self._db if not isinstance(q.graph_name, ox.DefaultGraph))
            ox.serialize(
                data, output, fmt, prefixes=prefixes
            ) if _has_serialize_prefixes() else ox.serialize(data, output, fmt)

    def quads(self, graph: Any = None) -> Iterator[ox.Quad]:
        return self._db.quads_for_pattern(None, None, None, graph)

    def __len__(self) -> int:
        return len(self._db)

    def articles(self) -> list[str]:
        prefix = iris.article("").value
        return sorted(
            q.subject.value[len(prefix) :]
            for q in self._db.quads_for_pattern(None, RDF.type, KG.Article, ox.DefaultGraph())
        )

    def close(self) -> None:
        if hasattr(self, "_db"):
            self.flush()
            del self._db  # closes the database before other processes may open it
        _unlock(self._lock)
        self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


LOCK_FILE = "kg.lock"


def _lock(path: Path, *, exclusive: bool) -> int | None:
    """Take kg's lock on a store folder: shared for readers, exclusive for the writer.

    Oxigraph locks a store against a second writer, but a read-only open while
    another process writes is undefined behaviour in RocksDB, so readers and the
    writer exclude each other here, and the one that comes second is told the
    store is busy. The kernel drops the lock when its process ends, even by
    SIGKILL. Returns the descriptor to pass to ``_unlock``, or None where locks
    are not available (not POSIX, or a folder this user cannot write to)."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        if exclusive:
            raise StoreError(f"{path}: cannot write to the store folder") from None
        try:
            fd = os.open(path / LOCK_FILE, os.O_RDONLY)
        except OSError:
            return None
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except OSError:
        holder = _holder(fd, fcntl)
        os.close(fd)
        raise StoreBusy(f"{path}: store is busy: {holder}") from None
    if exclusive:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def _holder(fd: int, fcntl: Any) -> str:
    """Who holds the lock, as the end of a "store is busy" message."""
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        who = f"kg process {pid}" if pid.isdigit() else "another kg process"
        return f"{who} is writing to it; try again when it has finished"
    fcntl.flock(fd, fcntl.LOCK_UN)
    return "another kg process is reading it; try again when it has finished"


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the descriptor releases the lock


def _in_graph_and_union(graph: ox.NamedNode, triples: Iterable[tuple]) -> list[ox.Quad]:
    """Each triple as a quad in ``graph`` and as one in the union default graph.
    (New quads for both, even where the caller's are in ``graph`` already:
    reusing those peaked 25-40 MB higher at 10x, decision 0007.)"""
    triples = list(triples)
    return [*(ox.Quad(*t, graph) for t in triples), *(ox.Quad(*t) for t in triples)]


def triple_lines(quads: Iterable[ox.Quad]) -> list[str]:
    """Each distinct triple of ``quads`` as a line of N-Triples / SPARQL data."""
    return list(
        dict.fromkeys(f"{_nt(q.subject)} {_nt(q.predicate)} {_nt(q.object)} ." for q in quads)
    )


def insert_data_update(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> str | None:
    """The SPARQL update that adds triples to ``graph`` and to the union default
    graph; None when there is nothing to add."""
    body = "\n".join(triple_lines(quads))
    return f"INSERT DATA {{ GRAPH {_nt(graph)} {{\n{body}\n}}\n{body}\n}}" if body else None


def replace_graph_update(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> tuple[str, int]:
    """The one SPARQL update that replaces a named graph and keeps the union default
    graph in step (a triple leaves the union only when no other graph holds it).
    Returns the update and the number of quads it writes to ``graph``."""
    g = _nt(graph)
    lines = triple_lines(quads)
    body = "\n".join(lines)
    update = (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }} ;\n"
        f"DROP SILENT GRAPH {g} ;\n"
        f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}}\n{body}\n}}"
    )
    return update, len(lines)


_REMOTE = re.compile(r"^(?:sparql\+)?https?://", re.IGNORECASE)


def is_remote(spec: str | Path | None) -> bool:
    """Whether a ``--store`` value names a SPARQL endpoint rather than a folder."""
    return isinstance(spec, str) and bool(_REMOTE.match(spec))


def open_store(spec: str | Path | None = None, *, read_only: bool = False) -> Any:
    """A store from a ``--store`` value: a folder (embedded Oxigraph, ``Store``) or a
    SPARQL 1.1 endpoint URL (``kg.remote.RemoteStore``, same interface). ``None``
    means ``$KG_STORE`` or ``./kg-store``."""
    if spec is None:
        spec = os.environ.get(ENV) or DEFAULT_DIR
    if is_remote(spec):
        from kg.remote import RemoteStore

        return RemoteStore.from_spec(str(spec), read_only=read_only)
    return Store(spec, read_only=read_only)


def _has_serialize_prefixes() -> bool:
    import inspect

    try:
        return "prefixes" in inspect.signature(ox.serialize).parameters
    except (TypeError, ValueError):
        return False
