"""Property tests: round trips, idempotence, deterministic IRIs, offsets."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import iris
from kg.export import FORMATS, export
from kg.store import Store

names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
nasty = st.one_of(
    names,
    st.sampled_from(
        [
            'Say "hi"',
            "<script>alert(1)</script>",
            "} ; DROP ALL ; {",
            "line\nbreak",
            "back\\slash",
            "?x a kg:Person",
            "ünïcödé 名前",
        ]
    ),
)


@given(st.lists(names, min_size=2, max_size=20, unique=True))
def test_minted_iris_are_deterministic_and_distinct_for_distinct_keys(keys):
    once = [iris.actor("person", iris.normalize(k)) for k in keys]
    again = [iris.actor("person", iris.normalize(k)) for k in keys]
    assert once == again
    norm = {iris.normalize(k) for k in keys}
    assert len(set(once)) == len(norm)
    assert all(" " not in i.value and i.value.startswith("https://") for i in once)


def _quads(labels: list[str], graph: str) -> list[ox.Quad]:
    g = iris.article_graph(graph)
    out = []
    for n, label in enumerate(labels):
        node = iris.actor("person", f"p{n}")
        out.append(
            ox.Quad(
                node,
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal(label),
                g,
            )
        )
    return out


@settings(max_examples=25, deadline=None)
@given(st.lists(nasty, min_size=1, max_size=8))
def test_export_and_reimport_is_the_same_graph_in_every_format(labels):
    with tempfile.TemporaryDirectory() as tmp:  # a new store for each example
        path = Path(tmp) / "store"
        with Store(path) as store:
            store.replace_graph(iris.article_graph("a"), _quads(labels, "a"))
        with Store(path, read_only=True) as store:
            want = {(q.subject, q.predicate, q.object) for q in store.quads(ox.DefaultGraph())}
            for fmt, (rdf_format, _union) in FORMATS.items():
                buf = io.BytesIO()
                export(store, fmt, buf)
                got = ox.parse(buf.getvalue(), rdf_format)
                assert {(q.subject, q.predicate, q.object) for q in got} == want, fmt


@settings(max_examples=20, deadline=None)
@given(st.lists(nasty, min_size=1, max_size=6), st.lists(nasty, min_size=1, max_size=6))
def test_replacing_a_graph_twice_changes_nothing_and_keeps_others(a, b):
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "store") as store:
        store.replace_graph(iris.article_graph("b"), _quads(b, "b"))
        store.replace_graph(iris.article_graph("a"), _quads(a, "a"))
        first = set(store.quads())
        store.replace_graph(iris.article_graph("a"), _quads(a, "a"))
        assert set(store.quads()) == first
        # removing "a" keeps every triple "b" still states in the union graph
        store.remove_graph(iris.article_graph("a"))
        union = {(q.subject, q.predicate, q.object) for q in store.quads(ox.DefaultGraph())}
        assert union == {(q.subject, q.predicate, q.object) for q in _quads(b, "b")}


@settings(max_examples=10, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "Read more: Kenya Wins",
                "--With assistance from Ann Lee.",
                "   ",
                "Subhead In Title Case",
            ]
        ),
        max_size=3,
    )
)
def test_offsets_point_at_the_mention_text(pipeline, boilerplate):
    from kg.articles import make_article

    body = (
        "Chilean President Ana Torres met Kenyan President William Otieno in Nairobi.\n\n"
        "“We want a deal that holds,” Torres said."
    )
    text = "\n\n".join([*boilerplate, body])
    doc = pipeline(make_article(text, "prop"))
    assert doc.mentions
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
    for s in doc.statements:
        assert text[s.span.start : s.span.end].strip().startswith(s.text[:10])
    for r in doc.relations:
        assert 0 <= r.evidence.start < r.evidence.end <= len(text)


_GRAPHS = st.sampled_from(["a", "other", None])  # None: the default graph


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), names, _GRAPHS), min_size=1, max_size=10))
def test_a_graph_holds_each_given_triple_once_and_bulk_loading_writes_the_same(labels):
    """Whatever graph the given quads name, and however often a triple comes, the
    graph holds each triple once and the union a copy of it, written new or
    over itself; the bulk loader writes the same quads as ``replace_graph``."""
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    g = iris.article_graph("a")
    quads = [
        ox.Quad(
            iris.actor("person", f"p{n}"),
            label,
            ox.Literal(text),
            *([iris.article_graph(where)] if where else []),
        )
        for n, text, where in labels
    ]
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    stored = []
    with tempfile.TemporaryDirectory() as tmp:  # a new store for each example
        for name, write in [
            ("one", lambda store: store.replace_graph(g, quads)),
            ("bulk", lambda store: store.bulk_load_articles([(g, quads)])),
        ]:
            with Store(Path(tmp) / name) as store:
                for _ in range(2):  # a new graph, then the same graph over itself
                    assert write(store) == len(triples)
                    assert {(q.subject, q.predicate, q.object) for q in store.quads(g)} == triples
                    union = store.quads(ox.DefaultGraph())
                    assert {(q.subject, q.predicate, q.object) for q in union} == triples
                stored.append(set(store.quads()))
    assert stored[0] == stored[1]
