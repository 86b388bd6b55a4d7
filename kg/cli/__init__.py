"""The ``kg`` command line: parse options, make one library call, print.

Data goes to stdout, messages and progress to stderr. Library errors
(``KgError``) become one line and exit code 1; usage errors exit 2.
Heavy modules (spaCy, pyvis) are imported inside the commands that need them.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from kg.errors import KgError

STORE_HELP = (
    "Store folder, or a SPARQL endpoint: http://HOST:PORT for an Oxigraph server, "
    "sparql+http://HOST/PATH?update=URL for another (default: $KG_STORE or ./kg-store)."
)


class _StoreSpec(click.ParamType):
    """A store folder (as a Path) or a SPARQL endpoint URL (kept as a string)."""

    name = "PATH|URL"

    def convert(self, value, param, ctx):
        from kg.store import is_remote

        if isinstance(value, Path) or is_remote(value):
            return value
        return Path(value)


def _store_option(f):
    return click.option("--store", "store_path", type=_StoreSpec(), default=None, help=STORE_HELP)(
        f
    )


def echo_progress(done: int, total: int, name: str) -> None:
    """Progress on stderr, when there are enough files for it to help."""
    if total > 3:
        click.echo(f"[{done}/{total}] {name}", err=True)


def echo_warning(msg: str) -> None:
    click.echo(f"kg: warning: {msg}", err=True)


def _fail(e: Exception) -> None:
    click.echo(f"kg: error: {e}", err=True)
    sys.exit(1)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as e:
            _fail(e)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """Turn news articles into a knowledge graph of who negotiates with whom.

    \b
    Example:
      kg ingest seeds/            # read articles into ./kg-store
      kg queries                  # list the stored questions
      kg query mediators          # ask one
      kg viz --output graph.html  # the network in a browser
      kg export --format turtle --output graph.ttl
    """


@main.command()
@_store_option
@click.option("--strict", is_flag=True, help="Refuse a whole .jsonl file if any line is malformed.")
@click.option("--force", is_flag=True, help="Re-extract articles even if unchanged.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Extraction processes (default: the number of cores; 1 = in this process).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Extract on a Dask cluster (e.g. tcp://HOST:8786; kg installed on its "
    "workers); this process writes the store.",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def ingest(
    store_path: Path | None,
    strict: bool,
    force: bool,
    workers: int | None,
    scheduler: str | None,
    paths: tuple[Path, ...],
) -> None:
    """Read articles (.txt, .html, .jsonl files or folders) into the store.

    Ingesting an article again replaces its graph; unchanged articles are skipped.

    \b
    Example:
      kg ingest --store my-store seeds/ more/article.html feed.jsonl
      kg ingest --workers 4 archive/
      kg ingest --store http://127.0.0.1:7878 seeds/
      kg ingest --scheduler tcp://10.0.0.5:8786 archive/
    """
    from kg.ingest import ingest as run_ingest
    from kg.store import open_store

    with open_store(store_path) as store:
        report = run_ingest(
            list(paths),
            store,
            strict=strict,
            force=force,
            progress=echo_progress,
            warn=echo_warning,
            workers=workers,
            scheduler=scheduler,
        )
    for err in report.errors:
        click.echo(f"kg: error: {err}", err=True)
    click.echo(
        f"ingested {len(report.ingested)} article(s), skipped {len(report.skipped)} "
        f"unchanged, {len(report.errors)} error(s); store: {store.path}",
        err=True,
    )
    if report.errors:
        sys.exit(1)


@main.command(name="queries")
def list_queries() -> None:
    """List the stored questions with their summaries and parameters.

    \b
    Example:
      kg queries
    """
    from kg.queries import stored

    for q in stored().values():
        params = " ".join(f"[--param {p} VALUE]" for p in q.params)
        click.echo(f"{q.name:24} {q.summary}" + (f"\n{'':24}   {params}" if params else ""))


@main.command()
@_store_option
@click.argument("name")
@click.option(
    "--param",
    "params",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help="Bind a query parameter (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option(  # the default is kg.queries.PAGE_SIZE, not imported so that 'kg --help' stays light
    "--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Rows per page."
)
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Rows to skip: --offset 100 is the second page.",
)
@click.option(
    "--all", "every", is_flag=True, help="Every row in one answer (slow on large stores)."
)
def query(
    store_path: Path | None,
    name: str,
    params: tuple,
    fmt: str,
    limit: int,
    offset: int,
    every: bool,
) -> None:
    """Answer a stored question (see 'kg queries') or a .rq file.

    Answers come a page at a time (--limit rows from --offset), so that a
    question costs the same on a large archive; stderr says when more rows
    follow. Pages follow the store's order and are sorted; --all sorts the
    whole answer.

    Read-only: SPARQL Update is refused, and so is SERVICE (queries never call
    other endpoints). Parameters are bound as values, never pasted into the text.

    \b
    Example:
      kg query mediators
      kg query mediators --offset 100
      kg query statements-by --param name Blinken --format csv --all
      kg query my-question.rq --format json
    """
    from kg.queries import find, run
    from kg.store import open_store

    q = find(name)
    with open_store(store_path, read_only=True) as store:
        rows = run(
            store, q, dict(params), limit=None if every else limit, offset=0 if every else offset
        )
    _print_rows(rows.columns, rows.rows, fmt)
    if rows.more:
        click.echo(
            f"(more rows follow: --offset {offset + limit} for the next page, --all for every row)",
            err=True,
        )


def _print_rows(cols: list[str], rows: list[list], fmt: str) -> None:
    if fmt == "json":
        click.echo(
            json.dumps(
                [dict(zip(cols, r, strict=True)) for r in rows], indent=2, ensure_ascii=False
            )
        )
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows([["" if v is None else v for v in r] for r in rows])
    else:
        cells = [[_short(v) for v in r] for r in rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
        click.echo("  ".join("-" * w for w in widths))
        for r in cells:
            click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


def _short(v) -> str:
    s = "" if v is None else str(v)
    s = s.replace("https://w3id.org/kg/id/", "kgr:").replace("https://w3id.org/kg/ns#", "kg:")
    s = " ".join(s.split())
    return s if len(s) <= 80 else s[:77] + "..."


@main.command()
@_store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "ntriples", "trig", "nquads", "jsonld"]),
    default="turtle",
    show_default=True,
)
@click.option("--output", "-o", default="-", help="File to write, or - for stdout.")
def export(store_path: Path | None, fmt: str, output: str) -> None:
    """Export the graph. Turtle holds the union of all articles (and the
    ontology); TriG, N-Quads and JSON-LD keep one named graph per article.

    \b
    Example:
      kg export --format turtle --output graph.ttl
      kg export --format trig > graph.trig
    """
    from kg.export import export as run_export
    from kg.store import open_store

    with open_store(store_path, read_only=True) as store:
        if output == "-":
            run_export(store, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            tmp = Path(output + ".partial")
            with tmp.open("wb") as f:
                run_export(store, fmt, f)
            tmp.replace(output)
            click.echo(f"wrote {output}", err=True)


@main.command()
@_store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def stats(store_path: Path | None, fmt: str) -> None:
    """Count actors by type, negotiations, statements, articles and triples.

    \b
    Example:
      kg stats --store my-store
    """
    from kg.stats import stats as run_stats
    from kg.store import open_store

    with open_store(store_path, read_only=True) as store:
        counts = run_stats(store)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        for k, v in counts.items():
            click.echo(f"{k:24} {v}")


def _register_optional() -> None:
    """Commands that live in their own modules (viz, validate, run)."""
    from importlib import import_module

    for module in ("kg.cli.run", "kg.cli.viz", "kg.cli.validate"):
        try:
            mod = import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
            continue
        for cmd in mod.COMMANDS:
            main.add_command(cmd)


_register_optional()
