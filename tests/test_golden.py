"""Whole-article results locked in golden files, compared by graph isomorphism.

Rewrite them after an intended change with ``KG_UPDATE_GOLDEN=1 pytest
tests/test_golden.py`` and read the diff of tests/golden/ before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SEEDS
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _graph_of(pipeline, path: Path) -> Graph:
    import pyoxigraph as ox

    from kg.articles import read_text_file
    from kg.graph import to_quads

    doc = pipeline(read_text_file(path))
    doc.article = doc.article.__class__(**{**doc.article.__dict__, "path": path.name})
    data = ox.serialize(ox.Dataset(to_quads(doc, "golden")), format=ox.RdfFormat.N_QUADS)
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@pytest.mark.parametrize("case", CASES)
def test_golden(pipeline, case):
    got = _graph_of(pipeline, SEEDS / case)
    path = GOLDEN / (Path(case).stem + ".nt")
    if os.environ.get("KG_UPDATE_GOLDEN") or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        lines = sorted(got.serialize(format="nt").splitlines())
        path.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
        if not os.environ.get("KG_UPDATE_GOLDEN"):
            pytest.fail(f"golden file {path.name} was missing and has been written; re-run")
    want = Graph().parse(path, format="nt")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        extra = "\n".join(sorted(" ".join(x.n3() for x in tr) for tr in only_got)[:15])
        missing = "\n".join(sorted(" ".join(x.n3() for x in tr) for tr in only_want)[:15])
        pytest.fail(
            f"{case} differs from its golden file\n+ extra:\n{extra}\n- missing:\n{missing}"
        )


_EXTRACT = """
import sys
from pathlib import Path
import pyoxigraph as ox
from kg.articles import make_article, read_text_file
from kg.graph import to_quads
from kg.pipeline import Pipeline
pipeline = Pipeline()
arts = [read_text_file(Path(p)) for p in sys.argv[1:]]
arts.append(make_article(
    "Ana Soto, the deputy leader of the Northern Front and brother of its commander "
    "Luis Soto, led the team.", "tie"))
lines = set()
for art in arts:
    data = ox.serialize(ox.Dataset(to_quads(pipeline(art), "v")), format=ox.RdfFormat.N_QUADS)
    lines |= set(data.decode().splitlines())
print("\\n".join(sorted(lines)))
"""


def test_extraction_does_not_depend_on_the_hash_seed():
    """Python salts str hashes per process: a rule that follows a set's order
    gives different graphs from run to run (a title's head was picked that
    way: "deputy leader" was "deputy" or "leader")."""
    import subprocess
    import sys

    paths = [str(SEEDS / c) for c in CASES]
    outs = [
        subprocess.run(
            [sys.executable, "-c", _EXTRACT, *paths],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    ]
    assert outs[0] and outs[0] == outs[1] == outs[2]
