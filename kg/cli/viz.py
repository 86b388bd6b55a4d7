"""``kg viz``: write the network as one self-contained HTML page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import _store_option  # defined before kg.cli registers this module


@click.command()
@_store_option
@click.option(
    "--output",
    "-o",
    default="kg-network.html",
    show_default=True,
    help="HTML file to write, or - for stdout.",
)
@click.option(
    "--query",
    "query",
    metavar="NAME",
    help="Draw what a stored query (see 'kg queries') or a .rq file returns.",
)
@click.option(
    "--param",
    "params",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help="Bind a parameter of --query (repeatable).",
)
@click.option(
    "--focus",
    metavar="ACTOR",
    help="Draw an actor's neighbourhood: a name or alias (case-insensitive) or an IRI.",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Steps around the --focus actor.",
)
@click.option("--hide-statements", is_flag=True, help="Leave out statement (quote) nodes.")
@click.option("--show-articles", is_flag=True, help="Draw articles as nodes too.")
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Draw at most this many nodes (the best connected, or the nearest to --focus).",
)
def viz(
    store_path: Path | None,
    output: str,
    query: str | None,
    params: tuple,
    focus: str | None,
    depth: int,
    hide_statements: bool,
    show_articles: bool,
    max_nodes: int,
) -> None:
    """Write the network as one HTML page that works offline.

    Nodes are coloured and shaped by class and sized by degree; edges are
    labelled with the relation. Hover for the evidence sentences, click for a
    node's facts; filter by relation or article; search by name.

    \b
    Example:
      kg viz --output graph.html
      kg viz --focus Blinken --depth 2 --hide-statements -o blinken.html
      kg viz --query mediators -o mediators.html
      kg viz --query statements-by --param name Netanyahu -o netanyahu.html
    """
    from kg.store import open_store
    from kg.viz import page

    with open_store(store_path, read_only=True) as store:
        result = page(
            store,
            query=query,
            params=dict(params),
            focus=focus,
            depth=depth,
            hide_statements=hide_statements,
            show_articles=show_articles,
            max_nodes=max_nodes,
        )
    if result.note:
        click.echo(f"kg: note: {result.note}", err=True)
    if output == "-":
        sys.stdout.write(result.html)
        sys.stdout.flush()
        return
    tmp = Path(output + ".partial")
    tmp.write_text(result.html, encoding="utf-8")
    tmp.replace(output)
    click.echo(f"wrote {output}: {result.nodes} nodes, {result.edges} edges", err=True)


COMMANDS = [viz]
