"""Start-up stays light: help and queries do not load spaCy, pyvis or Dask."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "thinc", "pyvis", "dask", "distributed", "trafilatura")

_PROBE = """
import sys
from kg.cli import main
try:
    main(sys.argv[1:], prog_name="kg")
except SystemExit as e:
    code = e.code
else:
    code = 0
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print("EXIT", code, "HEAVY", ",".join(heavy) or "-", file=sys.stderr)
"""


def _loaded(*args: str) -> tuple[str, str]:
    p = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = [ln for ln in p.stderr.splitlines() if ln.startswith("EXIT ")][-1]
    _, code, _, heavy = line.split()
    return code, heavy


@pytest.mark.parametrize(
    "args", [["--help"], ["queries"], ["ingest", "--help"], ["query", "--help"]]
)
def test_help_is_light(args):
    code, heavy = _loaded(*args)
    assert code in ("0", "None")
    assert heavy == "-", f"kg {' '.join(args)} imported {heavy}"


def test_query_is_light(seeds_store):
    from kg.queries import stored

    for name in list(stored())[:3]:
        code, heavy = _loaded("query", "--store", str(seeds_store), name, "--format", "json")
        assert code in ("0", "None")
        assert heavy == "-", f"kg query {name} imported {heavy}"


def test_stats_and_export_are_light(seeds_store, tmp_path):
    for args in (
        ["stats", "--store", str(seeds_store)],
        ["export", "--store", str(seeds_store), "-o", str(tmp_path / "g.ttl")],
    ):
        code, heavy = _loaded(*args)
        assert code in ("0", "None")
        assert heavy == "-", f"kg {' '.join(args)} imported {heavy}"
