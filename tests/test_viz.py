"""``kg viz``: the view model from a real store, and the HTML page it renders
(offline, escaped, with legend, filters and search). Browser checks are in
test_viz_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import subprocess
import sys
from html import unescape

import pytest
from conftest import kg

from kg.store import Store
from kg.viz import VizError, render_html, view
from kg.viz.model import Edge, Node, ViewModel
from kg.vocab import ID_NS

EVIL = ["<script>alert(1)</script>", "<img src=x onerror=\"document.title='pwned'\">"]
CLASSES = ["person", "state", "organization", "place", "negotiation", "proposal", "statement"]
RELATIONS = ["speaksFor", "mediates", "partyTo", "meetsWith", "supports", "rejects", "speaker"]


def synthetic_view(n: int, evil_label: str | None = None, seed: int = 1) -> ViewModel:
    """A connected view of ``n`` nodes and about 1.5 n edges, each with evidence."""
    rng = random.Random(seed)
    art = ID_NS + "article/synthetic"
    nodes, edges, sentences = {}, [], {}
    for i in range(n):
        iri = f"{ID_NS}person/n{i}"
        label = evil_label if (i == 0 and evil_label) else f"Node {i}"
        nodes[iri] = Node(
            iri, label, CLASSES[i % len(CLASSES)], aliases=[f"alias {i}"], articles=[art]
        )
    ids = list(nodes)
    pairs = [(i, rng.randrange(i)) for i in range(1, n)]
    pairs += [(rng.randrange(n), rng.randrange(n)) for _ in range(n // 2)]
    for k, (a, b) in enumerate(p for p in pairs if p[0] != p[1]):
        sid = f"{ID_NS}sentence/synthetic/{k}"
        sentences[sid] = (f"Sentence {k} says that node {a} relates to node {b}.", art)
        edges.append(Edge(f"e{k}", ids[a], ids[b], RELATIONS[k % len(RELATIONS)], [sid], [art]))
    return ViewModel(
        nodes, edges, sentences, {art: ("Synthetic article", "2024-01-01")}, title=f"synthetic {n}"
    )


def blocks(html: str) -> dict[str, object]:
    """The page's JSON data blocks, parsed."""
    found = re.findall(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', html, re.S)
    return {k: json.loads(v) for k, v in found}


@pytest.fixture(scope="module")
def seeds_view(seeds_store):
    with Store(seeds_store, read_only=True) as store:
        yield store, view(store)


def by_label(vm: ViewModel, label: str) -> str:
    return next(n.id for n in vm.nodes.values() if n.label == label)


# -- the view model ---------------------------------------------------------------------


def test_view_model_has_classes_relations_and_evidence(seeds_view):
    _, vm = seeds_view
    classes = {n.cls for n in vm.nodes.values()}
    assert {"person", "state", "organization", "negotiation", "proposal", "statement"} <= classes
    assert "article" not in classes  # articles are not drawn by default
    rels = {e.rel for e in vm.edges}
    assert {"speaksFor", "mediates", "partyTo", "meetsWith", "speaker"} <= rels
    assert not rels & {"evidence", "sentenceOf", "mentionedIn", "fromArticle", "type"}
    blinken = by_label(vm, "Antony Blinken")
    assert "Blinken" in vm.nodes[blinken].aliases
    assert any(r == "holdsRole" for r, _, _ in vm.nodes[blinken].attrs)
    speaks = next(e for e in vm.edges if e.source == blinken and e.rel == "speaksFor")
    assert vm.nodes[speaks.target].label == "United States"
    text, article = vm.sentences[speaks.evidence[0]]
    assert "Blinken" in text and article in vm.articles and speaks.articles == [article]
    for e in vm.edges:
        assert e.source in vm.nodes and e.target in vm.nodes
        assert all(s in vm.sentences for s in e.evidence)


def test_hide_statements_and_show_articles(seeds_store):
    with Store(seeds_store, read_only=True) as store:
        quiet = view(store, hide_statements=True)
        full = view(store, show_articles=True)
    assert "statement" not in {n.cls for n in quiet.nodes.values()}
    assert "speaker" not in {e.rel for e in quiet.edges}
    assert "article" in {n.cls for n in full.nodes.values()}
    assert "mentionedIn" in {e.rel for e in full.edges}


def test_focus_on_an_actor(seeds_store):
    with Store(seeds_store, read_only=True) as store:
        one = view(store, focus="BLINKEN", depth=1, hide_statements=True)
        zero = view(store, focus="Antony Blinken", depth=0)
        two = view(store, focus="blinken", depth=2, hide_statements=True)
        blinken = by_label(one, "Antony Blinken")
        by_iri = view(store, focus=f"<{blinken}>", depth=1, hide_statements=True)
        with pytest.raises(VizError, match="no actor named"):
            view(store, focus="Nobody Atall")
    labels = {n.label for n in one.nodes.values()}
    assert {"Antony Blinken", "United States", "Qatar"} <= labels
    assert "Yahya Sinwar" not in labels
    assert list(zero.nodes) == [blinken] and zero.edges == []
    assert set(one.nodes) < set(two.nodes)
    assert set(by_iri.nodes) == set(one.nodes)
    assert "Antony Blinken" in one.title


def test_query_rows_become_nodes_and_edges(seeds_store, tmp_path):
    rq = tmp_path / "speakers.rq"
    rq.write_text(
        "# summary: who speaks for whom\n# param: who - a label (optional)\n"
        "SELECT ?who ?person ?state WHERE {\n"
        "  ?person kg:speaksFor ?state ; rdfs:label ?l . FILTER(!BOUND(?who) || ?l = ?who) }\n",
        encoding="utf-8",
    )
    with Store(seeds_store, read_only=True) as store:
        vm = view(store, query=str(rq))
        one = view(store, query=str(rq), params={"who": "Antony Blinken"})
    assert "speaksFor" in {e.rel for e in vm.edges}  # and any other edge of the same pair
    assert {e.rel for e in vm.edges} <= {"speaksFor", "leaderOf"}
    assert {vm.nodes[e.source].cls for e in vm.edges} == {"person"}
    assert all(e.evidence for e in vm.edges)
    assert {n.label for n in one.nodes.values()} == {"Antony Blinken", "United States"}


def test_query_cells_that_are_labels_join_by_row(seeds_store, tmp_path):
    rq = tmp_path / "names.rq"
    rq.write_text(
        "SELECT ?who ?place WHERE { VALUES (?who ?place) "
        '{ ("Kamala Harris" "Tel Aviv") ("Qatar" "nowhere") } }\n',
        encoding="utf-8",
    )
    with Store(seeds_store, read_only=True) as store:
        vm = view(store, query=str(rq))
    assert {n.label for n in vm.nodes.values()} == {"Kamala Harris", "Tel Aviv", "Qatar"}
    # no fact links them: the row does, under the names of its columns
    assert [e.rel for e in vm.edges] == ["who → place"]


def test_max_nodes_keeps_the_best_connected(seeds_view, seeds_store):
    _, full = seeds_view
    with Store(seeds_store, read_only=True) as store:
        vm = view(store, max_nodes=5)
    assert len(vm.nodes) == 5 and "showing 5 of" in vm.note
    assert "Israel" in {n.label for n in vm.nodes.values()}
    assert all(e.source in vm.nodes and e.target in vm.nodes for e in vm.edges)
    assert len(full.nodes) > 5


# -- the page ---------------------------------------------------------------------------


def test_page_is_self_contained_and_offline(seeds_view):
    _, vm = seeds_view
    html = render_html(vm)
    assert not re.search(r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?(?:https?:)?//", html, re.I)
    assert "bootstrap" not in html.lower() and "cdnjs" not in html and "fonts.g" not in html
    assert "vis.Network" in html or "Network=" in html  # vis-network is inlined
    # a CSP that fetches nothing and runs only the page's own two scripts
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    policy = unescape(policy)
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_page_has_legend_filters_search_and_sizes(seeds_view):
    _, vm = seeds_view
    html = render_html(vm)
    for element in ("kg-legend", "kg-relations", "kg-article", "kg-search", "kg-details"):
        assert f'id="{element}"' in html
    data = blocks(html)
    assert {c["key"] for c in data["kg-data"]["classes"]} >= {"person", "state", "negotiation"}
    assert {r["key"] for r in data["kg-data"]["relations"]} >= {"speaksFor", "mediates"}
    assert len(data["kg-data"]["articles"]) == 2
    nodes = {n["id"]: n for n in data["kg-nodes"]}
    shapes = {(vm.nodes[i].cls, n["shape"]) for i, n in nodes.items()}
    assert ("person", "dot") in shapes and ("state", "diamond") in shapes
    israel, quote = (
        by_label(vm, "Israel"),
        next(n for n in vm.nodes.values() if n.cls == "statement").id,
    )
    assert nodes[israel]["size"] > nodes[quote]["size"]  # size by degree
    assert {e["label"] for e in data["kg-edges"]} >= {"speaksFor", "partyTo"}
    assert data["kg-options"]["physics"]["stabilization"]["iterations"] <= 1000


def test_article_text_is_escaped():
    vm = synthetic_view(5, evil_label=EVIL[0])
    first = next(iter(vm.nodes.values()))
    first.aliases = [EVIL[1]]
    first.attrs = [("holdsRole", EVIL[1], [])]
    vm.articles = {a: (EVIL[1], "") for a in vm.articles}
    vm.sentences = {
        s: (f"He said {EVIL[0]} and {EVIL[1]}.", a) for s, (_, a) in vm.sentences.items()
    }
    vm.edges[0].note = EVIL[0]
    html = render_html(vm, title=f"focus {EVIL[0]}")
    for evil in EVIL:
        assert evil not in html
    assert "<img" not in html and 'onerror="' not in html
    assert "<title>focus &lt;script&gt;" in html
    data = blocks(html)["kg-data"]
    assert data["nodes"][first.id]["label"] == EVIL[0]  # the text survives, as data
    assert data["articles"][0]["title"] == EVIL[1]
    assert blocks(html)["kg-nodes"][0]["label"] == EVIL[0]


def test_big_view_renders_with_bounded_layout():
    vm = synthetic_view(2000)
    html = render_html(vm)
    data = blocks(html)
    assert len(data["kg-nodes"]) == 2000 and len(data["kg-edges"]) == len(vm.edges)
    options = data["kg-options"]
    assert options["physics"]["stabilization"]["iterations"] <= 200
    assert options["layout"]["improvedLayout"] is False and options["edges"]["smooth"] is False


# -- the command ------------------------------------------------------------------------


def test_cli_writes_one_file_and_no_lib_folder(seeds_store, tmp_path):
    p = kg("viz", "--store", str(seeds_store), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert sorted(x.name for x in tmp_path.iterdir()) == ["kg-network.html"]
    assert "wrote kg-network.html" in p.stderr
    p = kg(
        "viz",
        "--store",
        str(seeds_store),
        "--focus",
        "Netanyahu",
        "--depth",
        "2",
        "--hide-statements",
        "--max-nodes",
        "50",
        "-o",
        "-",
    )
    assert p.returncode == 0 and p.stdout.startswith("<!DOCTYPE html>")
    assert "Benjamin Netanyahu" in blocks(p.stdout)["kg-data"]["title"]


def test_cli_errors_and_help(seeds_store):
    p = kg("viz", "--store", str(seeds_store), "--focus", "Nobody Atall")
    assert p.returncode == 1 and p.stderr.startswith("kg: error: no actor named")
    assert "Traceback" not in p.stderr
    p = kg("viz", "--store", str(seeds_store), "--query", "no-such-query")
    assert p.returncode == 1 and "kg: error:" in p.stderr
    p = kg("viz", "--depth", "-1")
    assert p.returncode == 2
    p = kg("viz", "--help")
    assert p.returncode == 0 and "Example" in p.stdout and "--focus" in p.stdout


def test_kg_help_does_not_import_pyvis():
    code = "import sys, kg.cli; print('pyvis' in sys.modules, 'networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[0] == "False"
