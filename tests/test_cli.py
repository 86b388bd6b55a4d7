"""The command line: help with an example for every command, exit codes, formats."""

from __future__ import annotations

import pytest
from conftest import kg

COMMANDS = ["ingest", "queries", "query", "viz", "export", "stats", "validate", "run"]


def test_main_help_lists_every_command():
    p = kg("--help", check=True)
    for cmd in COMMANDS:
        assert cmd in p.stdout


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_help_with_an_example(cmd):
    p = kg(cmd, "--help", check=True)
    assert "Example" in p.stdout and f"kg {cmd}" in p.stdout


def test_queries_lists_summaries():
    p = kg("queries", check=True)
    assert "mediators" in p.stdout and "Who mediates" in p.stdout


def test_unknown_query_is_a_one_line_error(seeds_store):
    p = kg("query", "--store", str(seeds_store), "no-such-question")
    assert p.returncode == 1
    assert p.stderr.strip().startswith("kg: error:") and "Traceback" not in p.stderr


def test_usage_error_exits_2():
    assert kg("query", "--format", "yaml", "mediators").returncode == 2


def test_missing_store_is_a_clear_error(tmp_path):
    p = kg("query", "--store", str(tmp_path / "nowhere"), "mediators")
    assert p.returncode == 1 and "no store here" in p.stderr


def test_stats_counts(seeds_store):
    p = kg("stats", "--store", str(seeds_store), "--format", "json", check=True)
    import json

    counts = json.loads(p.stdout)
    assert counts["articles"] == 2 and counts["negotiations"] == 2
    assert counts["persons"] >= 4 and counts["statements"] >= 15


def test_export_turtle_parses_in_rdflib_and_says_it_is_the_union(seeds_store, tmp_path):
    from rdflib import Graph

    out = tmp_path / "g.ttl"
    kg("export", "--store", str(seeds_store), "--output", str(out), check=True)
    text = out.read_text()
    assert "union" in text.splitlines()[0]
    g = Graph().parse(out, format="turtle")
    assert len(g) > 500


def test_export_trig_keeps_one_graph_per_article(seeds_store):
    from rdflib import Dataset

    p = kg("export", "--store", str(seeds_store), "--format", "nquads", check=True)
    ds = Dataset().parse(data=p.stdout, format="nquads")
    graphs = {str(c.identifier) for c in ds.graphs()}
    articles = {g for g in graphs if "/graph/" in g and not g.endswith("ontology")}
    # the two seeds are one process: their link has a graph of its own
    assert sum("/graph/links-" not in g for g in articles) == 2


def test_reingest_replaces_nothing_doubles(tmp_path):
    from conftest import SEEDS

    store = str(tmp_path / "s")
    kg("ingest", "--store", store, str(SEEDS), check=True)
    first = kg("stats", "--store", store, "--format", "json", check=True).stdout
    again = kg("ingest", "--store", store, "--force", str(SEEDS), check=True)
    assert "ingested 2" in again.stderr
    assert kg("stats", "--store", store, "--format", "json", check=True).stdout == first
    skip = kg("ingest", "--store", store, str(SEEDS), check=True)
    assert "skipped 2 unchanged" in skip.stderr


def test_python_dash_m_works():
    assert "ingest" in kg("--help", check=True).stdout
