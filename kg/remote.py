"""A store on a SPARQL 1.1 server, with the interface of ``kg.store.Store``.

``--store`` names the server:

- ``http://HOST:PORT`` (or ``https://...``, with an optional base path): an
  Oxigraph server (``oxigraph serve``): queries go to ``BASE/query``, updates
  to ``BASE/update``;
- ``sparql+http://HOST/PATH?update=URL``: any SPARQL 1.1 server; ``PATH`` is
  the query endpoint and ``update`` the update endpoint (default: the same URL).

``user:password@`` in the URL is sent as HTTP basic authentication. The
server must keep its default graph separate from the named graphs (Oxigraph's
default; do not start it with ``--union-default-graph``): like the embedded
store, ``kg`` keeps the union of the article graphs there itself.

Replacing an article's graph is one SPARQL update request, which the server
applies atomically. Only the standard library speaks HTTP; pyoxigraph parses
the answers, so results have the same types as the embedded store's.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

import pyoxigraph as ox

from kg import iris
from kg.errors import QueryError, StoreError
from kg.store import insert_data_update, replace_graph_update
from kg.vocab import EXPORT_PREFIXES, KG, PREFIXES, RDF

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class RemoteStore:
    """A SPARQL 1.1 query endpoint and update endpoint, used as a ``Store``."""

    # each write waits for the server: ingest writes from a thread meanwhile
    # (kg.write_queue), one request at a time, in input order
    overlap_writes = True

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        read_only: bool = False,
        timeout: float = 300,
        label: str | None = None,
    ) -> None:
        self.query_url, auth = _split_auth(query_url)
        self.update_url, update_auth = _split_auth(update_url or query_url)
        self._auth = {k: v for k, v in (("query", auth), ("update", update_auth or auth)) if v}
        self.read_only = read_only
        self.timeout = timeout
        self.path = label or self.query_url  # what messages call the store
        self._prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        self.query("ASK {}")  # fail early, with a clear message, if the server is not there

    @classmethod
    def from_spec(cls, spec: str, *, read_only: bool = False) -> RemoteStore:
        """``http://host:port[/base]`` (an Oxigraph server) or
        ``sparql+http://host/query-path[?update=URL]`` (any SPARQL 1.1 server)."""
        parts = urlsplit(spec)
        if parts.scheme.lower().startswith("sparql+"):
            update = parse_qs(parts.query).get("update", [None])[0]
            query = urlunsplit((parts.scheme[len("sparql+") :], parts.netloc, parts.path, "", ""))
            return cls(query, update, read_only=read_only, label=spec)
        base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        return cls(f"{base}/query", f"{base}/update", read_only=read_only, label=spec)

    # -- HTTP --------------------------------------------------------------
    def _post(self, kind: str, field: str, text: str, accept: str | None) -> Any:
        url = self.query_url if kind == "query" else self.update_url
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        if kind in self._auth:
            headers["Authorization"] = self._auth[kind]
        req = Request(
            url, data=urlencode({field: text}).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            return urlopen(req, timeout=self.timeout)  # noqa: S310 (http(s) only, see from_spec)
        except HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip().splitlines()
            msg = f"{url}: HTTP {e.code}: {detail[0] if detail else e.reason}"
            if kind == "query" and e.code == 400:
                raise QueryError(f"query failed: {msg}") from None
            raise StoreError(msg) from None
        except (URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(
                f"{url}: cannot reach the SPARQL server ({reason}); is it "
                "running, and is the URL right?"
            ) from None

    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        with self._post("update", "update", update, None) as resp:
            resp.read()

    # -- writing -----------------------------------------------------------
    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> int:
        """Replace one named graph and keep the union default graph in step:
        one update request, atomic on the server."""
        update, n = replace_graph_update(graph, quads)
        self._update(update)
        return n

    def add_to_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Add triples to a named graph and to the union default graph: one update."""
        update = insert_data_update(graph, quads)
        if update is not None:
            self._update(update)

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.replace_graph(graph, [])

    def article_hash(self, article_id: str) -> tuple[str | None, str | None] | None:
        """(content hash, pipeline version) stored for an article, or None when its
        graph is not in the store. The hash is None while the article is not
        finished (ingest writes it last)."""
        return self.article_hashes([article_id]).get(article_id)

    def article_hashes(self, article_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """``article_hash`` of each stored article among these, in one request
        (ingest asks for a batch at a time, not one round trip per article)."""
        if not article_ids:
            return {}
        ids = {iris.article(a): a for a in article_ids}
        pairs = " ".join(f"({node} {iris.article_graph(a)})" for node, a in ids.items())
        rows = self.query(
            f"SELECT ?a ?h ?v WHERE {{ VALUES (?a ?g) {{ {pairs} }} "
            f"GRAPH ?g {{ ?a {RDF.type} {KG.Article} "
            f"OPTIONAL {{ ?a {KG.contentHash} ?h }} OPTIONAL {{ ?a {KG.stage} ?v }} }} }}"
        )
        return {
            ids[r["a"]]: (_value(r["h"]), _value(r["v"]))
            for r in rows
            if r["a"] in ids  # a server that rewrites IRIs: as if not stored, so redone
        }

    def ensure_ontology(self, quads: list[ox.Quad], digest: str) -> bool:
        """Load the ontology when it is missing or has changed. True if loaded."""
        g = iris.ontology_graph()
        marker = ox.Quad(g, KG.contentHash, ox.Literal(digest), g)
        if self.query(f"ASK {{ GRAPH {g} {{ {g} {KG.contentHash} {marker.object} }} }}"):
            return False
        self.replace_graph(g, [*quads, marker])
        return True

    def flush(self) -> None:
        """Nothing to do: the server has applied every update when it answered."""

    # -- reading -----------------------------------------------------------
    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Any:
        """Run a query; the answer has the types of pyoxigraph's (``QuerySolutions``,
        ``QueryBoolean``, or an iterator of triples for CONSTRUCT and DESCRIBE)."""
        if bindings:
            from kg.queries import bind

            sparql = bind(sparql, bindings)
        accept = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"
        resp = self._post("query", "query", self._prologue + sparql, accept)
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype == N_TRIPLES or ctype.startswith("text/turtle"):
            fmt = ox.RdfFormat.N_TRIPLES if ctype == N_TRIPLES else ox.RdfFormat.TURTLE
            return _triples(resp, fmt)
        with resp:
            data = resp.read()
        try:
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as e:
            raise QueryError(f"{self.query_url}: unreadable answer ({ctype}): {e}") from None

    def dump(self, output: BinaryIO, fmt: ox.RdfFormat, union_only: bool) -> None:
        prefixes = dict(EXPORT_PREFIXES)
        if union_only:
            triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            ox.serialize(
                (ox.Triple(t.subject, t.predicate, t.object) for t in triples),
                output,
                fmt,
                prefixes=prefixes,
            )
        else:
            # named graphs only: the default graph is their union and would repeat them
            data = ox.Dataset(self._quads("GRAPH ?g { ?s ?p ?o }"))
            ox.serialize(data, output, fmt, prefixes=prefixes)

    def quads(self, graph: Any = None) -> Iterator[ox.Quad]:
        if isinstance(graph, ox.DefaultGraph):
            return self._quads("?s ?p ?o")
        if graph is not None:
            return self._quads(f"GRAPH {graph} {{ ?s ?p ?o }} BIND({graph} AS ?g)")
        return self._quads("{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }")

    def _quads(self, pattern: str) -> Iterator[ox.Quad]:
        for row in self.query(f"SELECT ?s ?p ?o ?g WHERE {{ {pattern} }}"):
            g = row["g"]
            yield ox.Quad(row["s"], row["p"], row["o"], g if g is not None else ox.DefaultGraph())

    def __len__(self) -> int:
        rows = self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        return int(next(iter(rows))["n"].value)

    def articles(self) -> list[str]:
        prefix = iris.article("").value
        rows = self.query(f"SELECT DISTINCT ?a WHERE {{ ?a {RDF.type} {KG.Article} }}")
        return sorted(r["a"].value[len(prefix) :] for r in rows)

    def close(self) -> None:
        pass

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _value(term: Any) -> str | None:
    return term.value if term is not None else None


def _triples(resp: Any, fmt: ox.RdfFormat) -> Iterator[ox.Triple]:
    """Stream the triples of a CONSTRUCT answer."""
    with resp:
        for q in ox.parse(io.BufferedReader(resp), format=fmt):
            yield ox.Triple(q.subject, q.predicate, q.object)


def _split_auth(url: str) -> tuple[str, str | None]:
    """The URL without ``user:password@``, and the basic-auth header for it."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise StoreError(f"{url}: not an http(s) URL")
    if parts.username is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    token = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
    header = "Basic " + base64.b64encode(token.encode("utf-8")).decode("ascii")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")), header
