"""``kg validate``: check the store against the SHACL shapes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli import _store_option  # defined before kg.cli registers this module


@click.command()
@_store_option
@click.option(
    "--article",
    metavar="ID",
    default=None,
    help="Validate one article's graph (its id, as in kgr:article/ID) instead of the union of all.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="How many violations to list.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def validate(store_path: Path | None, article: str | None, limit: int, fmt: str) -> None:
    """Check the store against ontology/shapes.ttl (SHACL, with the ontology
    and RDFS inference). Prints whether it conforms, the number of violations
    and the first few (focus node, property, message); exits 1 when it does not
    conform.

    \b
    Example:
      kg validate --store my-store
      kg validate --article 000-c94d25af17f8711b --format json
    """
    from kg.store import open_store
    from kg.validate import validate_store

    with open_store(store_path, read_only=True) as store:
        report = validate_store(store, article)
        where = store.path
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "conforms": report.conforms,
                    "triples": report.triples,
                    "violations": [vars(v) for v in report.violations[:limit]],
                    "total_violations": len(report.violations),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for line in report.summary(limit):
            click.echo(line)
    if not report.conforms:
        click.echo(
            f"kg: error: {where}: does not conform to the shapes "
            f"({len(report.violations)} violation(s))",
            err=True,
        )
        sys.exit(1)


COMMANDS = [validate]
