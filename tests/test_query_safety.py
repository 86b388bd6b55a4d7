"""``kg query`` only reads: SPARQL Update and SERVICE are refused, syntax errors
say where they are, and parameters are bound as values, never pasted in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import kg


def _query(store: Path, path: Path, *args: str):
    return kg("query", "--store", str(store), str(path), *args)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _size(store: Path) -> dict:
    p = kg("stats", "--store", str(store), "--format", "json", check=True)
    return json.loads(p.stdout)


UPDATES = {
    "insert-data": "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }\n",
    "delete-where": "# remove everything\nDELETE WHERE { ?s ?p ?o }\n",
    "drop-all": "DROP ALL\n",
    "clear": "CLEAR SILENT GRAPH <https://w3id.org/kg/id/graph/ontology>\n",
    "load": "LOAD <http://example.org/data.ttl>\n",
    "modify": "WITH <http://example.org/g>\nDELETE { ?s ?p ?o }\nWHERE { ?s ?p ?o }\n",
    "copy": "COPY DEFAULT TO <http://example.org/g>\n",
}


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_sparql_update_is_refused(tmp_path, seeds_store, name):
    before = _size(seeds_store)
    path = _write(tmp_path, f"{name}.rq", UPDATES[name])
    p = _query(seeds_store, path)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.startswith(f"kg: error: {path}: line ")
    assert "kg query is read-only: SPARQL Update is refused" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    assert _size(seeds_store) == before


def test_update_words_in_names_strings_and_comments_are_not_refused(tmp_path, seeds_store):
    path = _write(
        tmp_path,
        "words.rq",
        (
            "# this comment says INSERT DATA { and DROP ALL and SERVICE <http://x/>\n"
            "PREFIX ex: <http://example.org/insert#>\n"
            "SELECT ?insert ?service WHERE {\n"
            '  BIND("DELETE WHERE { ?s ?p ?o }" AS ?insert)\n'
            "  OPTIONAL { ?service ex:drop ?copy }\n"
            "} LIMIT 1\n"
        ),
    )
    p = _query(seeds_store, path, "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == [{"insert": "DELETE WHERE { ?s ?p ?o }", "service": None}]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE {\n  SERVICE <http://example.org/sparql> { ?s ?p ?o }\n}\n",
        "SELECT * WHERE { ?s ?p ?o . service silent ?endpoint { ?s ?p ?o } }\n",
    ],
)
def test_service_is_refused(tmp_path, seeds_store, text):
    path = _write(tmp_path, "service.rq", text)
    p = _query(seeds_store, path)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert "SERVICE (a call to another endpoint) is refused" in p.stderr
    assert p.stderr.startswith(f"kg: error: {path}: line ")


def test_help_says_update_and_service_are_refused():
    p = kg("query", "--help", check=True)
    assert "SPARQL Update is refused" in p.stdout and "SERVICE" in p.stdout


@pytest.mark.parametrize(
    "text,where,problem",
    [
        (
            "# summary: broken\nSELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?x = )\n}\n",
            "syntax error at line 4, column 3 (near 'FILTER(?x = )')",
            "",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o }}\n",
            "syntax error at line 1, column 28 (near '}')",
            "expected end of text",
        ),
        (
            "SELECT * WHERE {\n  ?s foo:bar ?o\n}\n",
            "syntax error at line 2, column 6 (near 'foo:bar ?o')",
            "unknown prefix 'foo:'",
        ),
        (
            'SELECT * WHERE { ?s ?p "é€😀" . ?s ?p ?o } LIMIT x\n',
            "syntax error at line 1, column 43 (near 'LIMIT x')",
            "",
        ),  # characters, not bytes
    ],
)
def test_syntax_error_names_line_and_column(tmp_path, seeds_store, text, where, problem):
    path = _write(tmp_path, "broken.rq", text)
    p = _query(seeds_store, path)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"kg: error: {path}: {where}"), lines[0]
    assert problem in lines[0]


ECHO = (
    "# summary: the parameter, as bound\n# param: name - any text\n"
    "SELECT ?value WHERE { BIND(?name AS ?value) }\n"
)


@pytest.mark.parametrize(
    "value",
    [
        'Hamas" } ; DROP ALL ; #',
        "O'Neil\\\" <http://evil.example/> ?s ?p ?o",
        "line one\nline two } UNION { ?s ?p ?o }",
        "",
    ],
)
def test_parameters_are_bound_as_values(tmp_path, seeds_store, value):
    path = _write(tmp_path, "echo.rq", ECHO)
    p = _query(seeds_store, path, "--param", "name", value, "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == [{"value": value}]


def test_injection_in_a_stored_query_matches_nothing(seeds_store):
    p = kg("query", "--store", str(seeds_store), "statements-by", "--format", "json", check=True)
    assert json.loads(p.stdout)  # there are statements
    p = kg(
        "query",
        "--store",
        str(seeds_store),
        "statements-by",
        "--format",
        "json",
        "--param",
        "name",
        'x" || true || "',
        check=True,
    )
    assert json.loads(p.stdout) == []


def test_bad_parameters_are_clear_errors(tmp_path, seeds_store):
    path = _write(tmp_path, "echo.rq", ECHO)
    p = _query(seeds_store, path, "--param", "name", "<not an iri>")
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert "parameter name: '<not an iri>' is not a valid IRI" in p.stderr
    p = _query(seeds_store, path, "--param", "nmae", "x")
    assert p.returncode == 1 and "unknown parameter(s) nmae; it takes: name" in p.stderr
    bare = _write(tmp_path, "bare.rq", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n")
    p = _query(seeds_store, bare, "--param", "x", "1")
    assert p.returncode == 1 and "no variable ?x in the query" in p.stderr


def test_unreadable_query_file_is_a_clear_error(tmp_path, seeds_store):
    path = tmp_path / "latin1.rq"
    path.write_bytes('SELECT * WHERE { ?s ?p "café" }'.encode("latin-1"))
    p = _query(seeds_store, path)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.startswith(f"kg: error: {path}: cannot read the query")
