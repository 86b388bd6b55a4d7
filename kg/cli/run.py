"""``kg run``: the main job on a folder of articles, in one command."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="run")
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Store folder (default: OUT/store).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the answers, the network page and the export.",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def run(store_path: Path | None, out: Path, paths: tuple[Path, ...]) -> None:
    """Ingest articles, answer every stored question, draw the network and
    export Turtle; say where everything is.

    \b
    Example:
      kg run seeds/ --out out/
    """
    from kg.cli import echo_progress, echo_warning
    from kg.report import build

    rep = build(
        list(paths), store_path or out / "store", out, progress=echo_progress, warn=echo_warning
    )
    for err in rep.ingest.errors:
        click.echo(f"kg: error: {err}", err=True)
    click.echo(
        f"ingested {len(rep.ingest.ingested)} article(s), skipped "
        f"{len(rep.ingest.skipped)} unchanged, {len(rep.ingest.errors)} error(s)"
    )
    click.echo(f"store:    {store_path or out / 'store'}")
    click.echo("answers:")
    for name, path in rep.answers.items():
        click.echo(f"  {name:24} {rep.rows[name]:4} row(s)  {path}")
    for name, why in rep.skipped_queries.items():
        click.echo(
            f"  {name:24}    -           ({why}; try: kg query --store "
            f"{store_path or out / 'store'} {name} --param ...)"
        )
    if rep.network:
        click.echo(f"network:  {rep.network}  (open it in a browser)")
    click.echo(f"turtle:   {rep.turtle}")


COMMANDS = [run]
