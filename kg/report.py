"""The main job in one call: ingest articles, answer every stored question,
draw the network and export Turtle, all into one output folder."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg import queries
from kg.export import export
from kg.ingest import IngestReport, ingest
from kg.store import Store


@dataclass
class Report:
    ingest: IngestReport
    answers: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    skipped_queries: dict[str, str] = field(default_factory=dict)
    network: Path | None = None
    turtle: Path | None = None


def build(
    paths: list[Path],
    store_path: Path,
    out: Path,
    progress: Callable[[int, int, str], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> Report:
    out.mkdir(parents=True, exist_ok=True)
    with Store(store_path) as store:
        rep = Report(ingest(paths, store, progress=progress, warn=warn))
    answers = out / "answers"
    answers.mkdir(exist_ok=True)
    with Store(store_path, read_only=True) as store:
        for name, q in queries.stored().items():
            required = [p for p, d in q.params.items() if "required" in d]
            if required:
                rep.skipped_queries[name] = "needs --param " + ", ".join(required)
                continue
            rows = queries.run(store, q)
            path = answers / f"{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(rows.columns)
                w.writerows([["" if v is None else v for v in r] for r in rows.rows])
            rep.answers[name] = path
            rep.rows[name] = len(rows.rows)
        rep.turtle = out / "graph.ttl"
        with rep.turtle.open("wb") as f:
            export(store, "turtle", f)
        from kg.viz import page

        rep.network = out / "network.html"
        rep.network.write_text(page(store).html, encoding="utf-8")
    return rep
