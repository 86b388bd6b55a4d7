"""Stored questions: ``queries/*.rq`` files with a header, run with bound parameters.

Header format (comment lines at the top of the file):

    # summary: Who mediates which negotiation
    # param: name - a person's name, matched case-insensitively (optional)

Parameters are bound as SPARQL variables (``?name``), never formatted into
the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.resources import queries_dir


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    text: str
    summary: str
    params: dict[str, str] = field(default_factory=dict)


def parse_header(name: str, path: Path, text: str) -> StoredQuery:
    summary, params = "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*(summary|param):\s*(.*)", line)
        if m and m.group(1) == "summary":
            summary = m.group(2).strip()
        elif m:
            pname, _, desc = m.group(2).partition(" - ")
            params[pname.strip()] = desc.strip()
    return StoredQuery(name, path, text, summary, params)


def stored() -> dict[str, StoredQuery]:
    out = {}
    for path in sorted(queries_dir().glob("*.rq")):
        out[path.stem] = parse_header(path.stem, path, path.read_text(encoding="utf-8"))
    return out


def find(name_or_file: str) -> StoredQuery:
    """A stored question by name, or a .rq file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.exists():
        return parse_header(path.stem, path, path.read_text(encoding="utf-8"))
    queries = stored()
    if name_or_file in queries:
        return queries[name_or_file]
    raise QueryError(
        f"no stored query {name_or_file!r}; 'kg queries' lists them (or give a path to a .rq file)"
    )


def check_read_only(text: str) -> None:
    """Refuse SPARQL Update and SERVICE calls to other endpoints."""
    body = _strip_strings_and_comments(text)
    if re.search(
        r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b\s*(DATA|\{|WHERE|GRAPH|SILENT|<|DEFAULT|ALL|NAMED)",
        body,
        re.I,
    ):
        raise QueryError("kg query is read-only: SPARQL Update is refused")
    if re.search(r"\bSERVICE\b", body, re.I):
        raise QueryError("SERVICE (a call to another endpoint) is refused: kg query works offline")


def _strip_strings_and_comments(text: str) -> str:
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'', '""', text)
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', text)
    text = re.sub(r"<[^<>\s]*>", "<>", text)
    return re.sub(r"#[^\n]*", "", text)


def to_term(value: str) -> Any:
    """A parameter value as an RDF term: <iri> or http(s) IRIs as IRIs, else a literal."""
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if re.match(r"^https?://\S+$", value):
        return ox.NamedNode(value)
    return ox.Literal(value)


def bind(text: str, values: dict[str, Any]) -> str:
    """Bind parameters with a VALUES block at the start of the WHERE clause, as
    rdflib's initBindings does. Values are RDF terms serialized by pyoxigraph
    (quotes and backslashes escaped), and names must be plain variable names,
    so no input can change the query's structure. (pyoxigraph's own
    ``substitutions`` only rewrites results; FILTERs do not see it.)"""
    if not values:
        return text
    for name in values:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r}")
    body = _strip_strings_and_comments(text)
    m = re.search(r"\bWHERE\s*\{", body, re.I) or re.search(r"\{", body)
    if m is None or len(body) != len(text):
        m = re.search(r"\bWHERE\s*\{", text, re.I)
    if m is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    block = " ".join(f"VALUES ?{k} {{ {v} }}" for k, v in values.items())
    return text[: m.end()] + f" {block} " + text[m.end() :]


@dataclass
class Rows:
    columns: list[str]
    rows: list[list[Any]]


def run(store: Any, query: StoredQuery, params: dict[str, str] | None = None) -> Rows:
    check_read_only(query.text)
    params = params or {}
    unknown = set(params) - set(query.params)
    if unknown and query.params:
        raise QueryError(
            f"{query.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
            f"it takes: {', '.join(query.params) or 'none'}"
        )
    missing = [p for p, desc in query.params.items() if "required" in desc and p not in params]
    if missing:
        raise QueryError(
            f"{query.name}: missing required parameter(s): "
            + ", ".join(f"--param {m} VALUE" for m in missing)
        )
    result = store.query(bind(query.text, {k: to_term(v) for k, v in params.items()}))
    if isinstance(result, ox.QuerySolutions):
        # parameters are projected so that they can be bound; they are not output
        cols = [v.value for v in result.variables if v.value not in query.params]
        rows = [[_plain(sol[c]) for c in cols] for sol in result]
        return Rows(cols, rows)
    if isinstance(result, ox.QueryBoolean):
        return Rows(["answer"], [[bool(result)]])
    return Rows(
        ["subject", "predicate", "object"],
        [[_plain(t.subject), _plain(t.predicate), _plain(t.object)] for t in result],
    )


def _plain(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return term.value
    return term.value if hasattr(term, "value") else str(term)
