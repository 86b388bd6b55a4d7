"""Embedded Oxigraph against an rdflib in-memory graph reloaded from a file, on the
synthetic stores of the main benchmark (docs/decisions/0001-store-backend.md).

    .venv/bin/python -m benchmarks.backends [--sizes 100000,1000000]

Each measurement runs in a fresh process (peak memory is per process); a query
that takes longer than --timeout seconds is reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import ROOT

QUERIES = ["mediators", "multi-article-actors", "stances", "statements-by"]
PARAMS = {"statements-by": {"name": "Carter"}}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _texts() -> dict[str, str]:
    from kg import queries

    out = {}
    for name in QUERIES:
        q = queries.find(name)
        params = {k: queries.to_term(v) for k, v in PARAMS.get(name, {}).items()}
        out[name] = queries.bind(q.text, params)
    return out


def run_oxigraph(store: str) -> dict:
    import pyoxigraph as ox

    from kg.vocab import PREFIXES

    t = time.perf_counter()
    db = ox.Store.read_only(store)
    out = {"open_s": time.perf_counter() - t, "queries": {}}
    for name, text in _texts().items():
        t = time.perf_counter()
        rows = len(list(db.query(text, prefixes=PREFIXES)))
        out["queries"][name] = {"s": time.perf_counter() - t, "rows": rows}
        print(json.dumps({"progress": name, **out["queries"][name]}), flush=True)
    out["maxrss_mb"] = _rss_mb()
    return out


def run_rdflib(ntriples: str) -> dict:
    import rdflib

    from kg.vocab import PREFIXES

    base = _rss_mb()
    t = time.perf_counter()
    g = rdflib.Graph()
    g.parse(ntriples, format="nt")
    out = {"load_s": time.perf_counter() - t, "triples": len(g), "queries": {}}
    out["load_rss_mb"] = _rss_mb() - base
    print(json.dumps({"progress": "load", "s": out["load_s"]}), flush=True)
    for name, text in _texts().items():
        t = time.perf_counter()
        rows = len(list(g.query(text, initNs=PREFIXES)))
        out["queries"][name] = {"s": time.perf_counter() - t, "rows": rows}
        print(json.dumps({"progress": name, **out["queries"][name]}), flush=True)
    out["maxrss_mb"] = _rss_mb()
    return out


def _child(args: list[str], timeout: float) -> tuple[dict, list[dict]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        p = subprocess.run(
            [sys.executable, "-m", "benchmarks.backends", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        out = p.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    done = [d for d in lines if "progress" not in d]
    return (done[-1] if done else {}), [d for d in lines if "progress" in d]


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.backends")
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path(os.environ.get("KG_BENCH_CACHE") or Path(tempfile.gettempdir()) / "kg-bench"),
    )
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, path = args.child
        print(
            json.dumps(run_oxigraph(path) if kind == "oxigraph" else run_rdflib(path)), flush=True
        )
        return
    from benchmarks import synth

    for size in [int(s) for s in args.sizes.split(",")]:
        store, info, _ = synth.cached_store(args.cache, size)
        nt = args.cache / f"union-{size}.nt"
        if not nt.exists():
            import pyoxigraph as ox

            db = ox.Store.read_only(str(store))
            db.dump(str(nt), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            del db
        print(
            f"{info['union_triples']:,} triples ({nt.stat().st_size / 1e6:.0f} MB N-Triples)",
            flush=True,
        )
        for kind, path in (("oxigraph", str(store)), ("rdflib", str(nt))):
            res, progress = _child(["--child", kind, path], args.timeout)
            if not res:
                done = ", ".join(f"{d['progress']} {d['s']:.2f} s" for d in progress)
                print(f"  {kind:9} stopped after {args.timeout:.0f} s; done: {done or 'nothing'}")
                continue
            head = (
                f"open {res['open_s'] * 1000:.0f} ms"
                if kind == "oxigraph"
                else f"load {res['load_s']:.1f} s (+{res['load_rss_mb']:.0f} MB)"
            )
            qs = ", ".join(
                f"{k} {v['s'] * 1000:.0f} ms [{v['rows']}]" for k, v in res["queries"].items()
            )
            print(f"  {kind:9} {head}; peak RSS {res['maxrss_mb']:.0f} MB; {qs}", flush=True)


if __name__ == "__main__":
    main()
