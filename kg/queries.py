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

PAGE_SIZE = 100  # rows per page of 'kg query' unless told otherwise


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    text: str
    summary: str
    params: dict[str, str] = field(default_factory=dict)
    actors: frozenset[str] = frozenset()  # parameters that name an actor


def parse_header(name: str, path: Path, text: str) -> StoredQuery:
    summary, params, actors = "", {}, set()
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*(summary|param):\s*(.*)", line)
        if m and m.group(1) == "summary":
            summary = m.group(2).strip()
        elif m:
            pname, _, desc = m.group(2).partition(" - ")
            pname = pname.strip()
            if pname.endswith("[actor]"):  # the value names an actor: bound to its node(s)
                pname = pname.removesuffix("[actor]").strip()
                actors.add(pname)
            params[pname] = desc.strip()
    return StoredQuery(name, path, text, summary, params, frozenset(actors))


def stored() -> dict[str, StoredQuery]:
    out = {}
    for path in sorted(queries_dir().glob("*.rq")):
        out[path.stem] = parse_header(path.stem, path, path.read_text(encoding="utf-8"))
    return out


def find(name_or_file: str) -> StoredQuery:
    """A stored question by name, or a .rq file by path."""
    path = Path(name_or_file)
    if path.suffix in (".rq", ".sparql") and path.exists():
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"{path}: cannot read the query: {e}") from None
        return parse_header(path.stem, path, text)
    queries = stored()
    if name_or_file in queries:
        return queries[name_or_file]
    raise QueryError(
        f"no stored query {name_or_file!r}; 'kg queries' lists them (or give a path to a .rq file)"
    )


_UPDATE = re.compile(
    r"(?<![\w:?$.-])(?:(?:INSERT|DELETE)\s+(?:DATA\b|WHERE\b)|(?:INSERT|DELETE)\s*\{"
    r"|LOAD\s+(?:SILENT\s+)?<|(?:CLEAR|DROP)\s+(?:SILENT\s+)?(?:GRAPH|DEFAULT|NAMED|ALL)\b"
    r"|CREATE\s+(?:SILENT\s+)?GRAPH\b|(?:ADD|MOVE|COPY)\s+(?:SILENT\s+)?\S+\s+TO\b"
    r"|WITH\s+<[^>]*>\s*(?:INSERT|DELETE)\b)",
    re.IGNORECASE,
)
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE\s+(?:SILENT\s+)?(?:<|[?$]|[\w.-]*:)", re.I)
# comments, strings and IRIs, matched left to right
_OPAQUE = re.compile(
    r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\s\"{}|^`\\]*>"
)


def check_read_only(text: str, where: str = "query") -> None:
    """Refuse SPARQL Update and SERVICE calls to other endpoints (strings,
    IRIs and comments are not looked at)."""
    body = _strip_strings_and_comments(text)
    for pattern, problem in (
        (_UPDATE, "kg query is read-only: SPARQL Update is refused"),
        (
            _SERVICE,
            "SERVICE (a call to another endpoint) is refused: kg query only reads the local store",
        ),
    ):
        m = pattern.search(body)
        if m:
            line, col = _line_col(text, m.start())
            raise QueryError(f"{where}: line {line}, column {col}: {problem}")


def _strip_strings_and_comments(text: str) -> str:
    """The query with comments, string contents and IRIs blanked out (kept at
    the same length, so that positions still point into the original)."""

    def blank(m: re.Match) -> str:
        t = m.group()
        keep = 0 if t[0] == "#" else 1  # keep the quotes or angle brackets
        inner = re.sub(r"[^\n]", " ", t[keep : len(t) - keep])
        return t[:keep] + inner + t[len(t) - keep :]

    return _OPAQUE.sub(blank, text)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset into ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_syntax(text: str, where: str = "query") -> None:
    """Parse the query (on an empty in-memory store: nothing is read) and report
    a syntax error as "WHERE: syntax error at line L, column C: ..."."""
    from kg.vocab import PREFIXES

    try:
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as e:
        raise QueryError(f"{where}: {syntax_message(text, str(e))}") from None


def syntax_message(text: str, message: str) -> str:
    """Oxigraph's "error at L:C: expected ..." as one readable line."""
    m = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.S)
    if not m:
        return "syntax error: " + _one_line(message)
    line, col, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    earlier = _rdflib_error(text)  # Oxigraph often reports the end of the query
    if earlier and earlier[:2] < (line, col):
        line, col, detail = earlier
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in detail:
        pname = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", source[: col - 1])
        prefix = (pname.group(1) or "") if pname else ""
        col = pname.start() + 1 if pname else col  # point at the prefixed name
        detail = f"unknown prefix '{prefix}:' (declare it with PREFIX {prefix}: <...>)"
    else:
        detail = _one_line(detail)
    rest = source[col - 1 :].strip()
    if not rest and not "".join(lines[line:]).strip():
        near = " (at the end of the query)"
    else:
        near = f" (near {rest[:30]!r})" if rest else ""
    return f"syntax error at line {line}, column {col}{near}: {detail}"


def _rdflib_error(text: str) -> tuple[int, int, str] | None:
    """(line, column, message) where rdflib's SPARQL grammar stops, if it does."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseBaseException as e:
        return e.lineno, e.col, e.msg.replace("Expected", "expected", 1)
    except Exception:  # a second opinion only
        return None
    return None


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def to_term(value: str, name: str = "value") -> Any:
    """A parameter value as an RDF term: <iri> or http(s) IRIs as IRIs, else a literal."""
    try:
        if value.startswith("<") and value.endswith(">"):
            return ox.NamedNode(value[1:-1])
        if re.match(r"^https?://\S+$", value):
            return ox.NamedNode(value)
    except ValueError as e:
        raise QueryError(
            f"parameter {name}: {value!r} is not a valid IRI ({e}); "
            "drop the angle brackets to match it as text"
        ) from None
    return ox.Literal(value)


_ACTOR_LOOKUP = """SELECT DISTINCT ?x WHERE {
  ?x rdfs:label|skos:altLabel ?n . FILTER(LCASE(STR(?n)) = LCASE(STR(?key)))
}"""


def actor_nodes(store: Any, name: str) -> list[Any]:
    """The nodes whose name or alias is ``name``, case-insensitively."""
    text = bind(_ACTOR_LOOKUP, {"key": ox.Literal(name)})
    return sorted((row["x"] for row in store.query(text)), key=lambda n: n.value)


def bind(text: str, values: dict[str, Any]) -> str:
    """Bind parameters with VALUES blocks, as rdflib's initBindings does. Values
    are RDF terms serialized by pyoxigraph (quotes and backslashes escaped), and
    names must be plain variable names, so no input can change the query's
    structure. Each block goes at the start of the innermost WHERE clause that
    uses the variable: a sub-select that picks a page must see the parameter,
    or it would pick its page from every row. (pyoxigraph's own
    ``substitutions`` is not used: ``BOUND()`` does not see a substituted value,
    so an optional parameter could not be tested for.)"""
    if not values:
        return text
    for name in values:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r}")
    body = _strip_strings_and_comments(text)  # same length as text
    clauses = _where_clauses(body)
    if not clauses:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    inserts: dict[int, list[str]] = {}
    for k, v in values.items():
        uses = re.compile(rf"[?$]{k}\b")
        inside = [c for c in clauses if uses.search(body, c[0], c[1])] or clauses[:1]
        at = max(inside, key=lambda c: c[2])[0]  # the deepest
        terms = " ".join(map(str, v)) if isinstance(v, list) else str(v)
        inserts.setdefault(at, []).append(f"VALUES ?{k} {{ {terms} }}")
    for at in sorted(inserts, reverse=True):
        text = text[:at] + " " + " ".join(inserts[at]) + " " + text[at:]
    return text


def _where_clauses(body: str) -> list[tuple[int, int, int]]:
    """(start, end, depth) of each WHERE group's contents, outermost first; a
    query without the WHERE keyword has its first group."""
    opens = [m.end() for m in re.finditer(r"\bWHERE\s*\{", body, re.I)]
    if not opens:
        m = re.search(r"\{", body)
        opens = [m.end()] if m else []
    return [(start, _group_end(body, start), _depth(body, start)) for start in opens]


_PAGE_MARK = re.compile(r"#\s*page\s*(?:$|\()", re.I)  # "# page" or "# page (why ...)"
_LIMIT = re.compile(r"\bLIMIT\s+\d+(?:\s+OFFSET\s+\d+)?|\bOFFSET\s+\d+(?:\s+LIMIT\s+\d+)?", re.I)
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.I)


def _page_clause(text: str, body: str) -> re.Match | None:
    """The LIMIT clause marked ``# page`` (on its line, after it), if any."""
    for m in _OPAQUE.finditer(text):
        if m.group().startswith("#") and _PAGE_MARK.match(m.group()):
            line_start = text.rfind("\n", 0, m.start()) + 1
            found = list(_LIMIT.finditer(body, line_start, m.start()))
            if not found:
                line = _line_col(text, m.start())[0]
                raise QueryError(f"line {line}: a '# page' mark without a LIMIT clause before it")
            return found[-1]
    return None


def _depth(body: str, at: int) -> int:
    """How many groups ``{ }`` are open at ``at``."""
    return body.count("{", 0, at) - body.count("}", 0, at)


def _group_end(body: str, start: int) -> int:
    """Offset of the '}' that closes the group whose contents begin at ``start``."""
    depth, i = 1, start
    while i < len(body) and depth:
        depth += {"{": 1, "}": -1}.get(body[i], 0)
        i += 1
    return i - 1


def _enclosing_group(body: str, at: int) -> tuple[int, int]:
    """Offsets of the '{' and the matching '}' of the innermost group around ``at``."""
    depth, i = 0, at
    while i > 0:
        i -= 1
        depth += {"}": 1, "{": -1}.get(body[i], 0)
        if depth < 0:
            break
    return i, _group_end(body, i + 1)


def _paged(store: Any, text: str, limit: int | None, offset: int) -> tuple[str, bool | None]:
    """The query to run for one page, and whether more rows follow it (None:
    the answer's extra row will tell).

    A stored query marks the LIMIT clause of the sub-select that picks its rows
    with a comment (``LIMIT 100  # page``); labels and articles are looked up
    around it. All rows: the clause is dropped. One page: the sub-select is run
    on its own (with the query's PREFIX and BASE) for ``limit`` + 1 rows (so
    that a page costs the same on any store size, and the extra row tells
    whether there is more), and its first ``limit`` rows replace it as a VALUES
    block. A mark on the query's own LIMIT pages the whole query. A SELECT
    without a mark, without LIMIT or OFFSET and without a trailing VALUES block
    gets LIMIT and OFFSET at the end; any other query is run as written."""
    body = _strip_strings_and_comments(text)
    clause = _page_clause(text, body)
    form = _FORM.search(body)
    if clause is not None and limit is None:
        return text[: clause.start()] + text[clause.end() :], False
    page = f"LIMIT {limit + 1} OFFSET {offset}" if limit is not None else ""
    if clause is not None and _depth(body, clause.start()) == 0:  # the whole query's LIMIT
        return text[: clause.start()] + page + text[clause.end() :], None
    if clause is not None:
        assert limit is not None
        start, end = _enclosing_group(body, clause.start())
        prologue = text[: form.start()] if form else ""
        inner = f"{prologue}{text[start + 1 : clause.start()]} {page} {text[clause.end() : end]}"
        result = store.query(inner)
        names = [v.value for v in result.variables]
        rows = [[sol[n] for n in names] for sol in result]
        if any(isinstance(t, ox.BlankNode) for row in rows for t in row):
            raise QueryError(
                "a page picked blank nodes, which cannot be passed on to the "
                "rest of the query; use --all"
            )
        more = len(rows) > limit
        table = " ".join(
            "(" + " ".join("UNDEF" if t is None else str(t) for t in row) + ")"
            for row in rows[:limit]
        )
        values = f"VALUES ({' '.join('?' + n for n in names)}) {{ {table} }}"
        return text[:start] + values + text[end + 1 :], more
    trailing_values = any(
        _depth(body, m.start()) == 0 for m in re.finditer(r"\bVALUES\b", body, re.I)
    )
    if (
        limit is None
        or _LIMIT.search(body)
        or trailing_values
        or not form
        or form.group(1).upper() != "SELECT"
    ):
        return text, False
    return f"{text.rstrip()}\n{page}\n", None


@dataclass
class Rows:
    columns: list[str]
    rows: list[list[Any]]
    more: bool = False  # a page, and rows follow it


def run(
    store: Any,
    query: StoredQuery,
    params: dict[str, str] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Rows:
    """Answer ``query``: every row, or the page of ``limit`` rows from ``offset``
    (see ``_paged``: a stored query's page is picked before its rows are
    labeled, so a page costs the same on any store size)."""
    where = str(query.path) if query.path else query.name
    check_read_only(query.text, where)
    check_syntax(query.text, where)
    if limit is not None and limit < 1 or offset < 0:
        raise QueryError(f"{query.name}: the limit must be at least 1 and the offset at least 0")
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
    body = _strip_strings_and_comments(query.text)
    absent = [p for p in params if not re.search(rf"[?$]{re.escape(p)}\b", body)]
    if absent:
        raise QueryError(
            f"{query.name}: no variable {', '.join('?' + p for p in absent)} in "
            f"the query to bind; it takes: {', '.join(query.params) or 'none'}"
        )
    values: dict[str, Any] = {}
    for k, v in params.items():
        # an actor's name becomes the actor's node(s), so that the query starts
        # from them instead of filtering every row (fast on large stores)
        values[k] = actor_nodes(store, v) if k in query.actors else to_term(v, k)
    text, more = _paged(store, bind(query.text, values), limit, offset)
    result = store.query(text)
    if isinstance(result, ox.QuerySolutions):
        # parameters are projected so that they can be bound; they are not output
        cols = [v.value for v in result.variables if v.value not in query.params]
        rows = [[_plain(sol[c]) for c in cols] for sol in result]
        if more is None:  # a LIMIT added at the end, for one row more than the page
            more = limit is not None and len(rows) > limit
            rows = rows[:limit]
        return Rows(cols, rows, more)
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
