"""``kg viz``: the network as one offline HTML page.

- ``model``: query the store -> a view model (nodes, edges, evidence), pure data;
- ``render``: view model -> HTML via pyvis, with vis-network and the page's own
  script and style inlined (no request to any host).

``view`` picks what to draw (everything, a stored query's rows, or an actor's
neighbourhood); ``page`` renders it. The library never prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.viz.model import ViewModel, VizError

__all__ = ["Page", "ViewModel", "VizError", "page", "render_html", "view"]

DEFAULT_MAX_NODES = 2000


@dataclass
class Page:
    html: str
    nodes: int
    edges: int
    note: str


def view(
    store: Any,
    *,
    query: str | None = None,
    params: dict[str, str] | None = None,
    focus: str | None = None,
    depth: int = 1,
    hide_statements: bool = False,
    show_articles: bool = False,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> ViewModel:
    """The view model of what to draw."""
    from kg.viz import model

    if query and focus:
        raise VizError("give --query or --focus, not both")
    if depth < 0:
        raise VizError(f"--depth must be 0 or more, not {depth}")
    full = model.load(store, show_articles=show_articles, hide_statements=hide_statements)
    order = None
    if query:
        from kg.queries import find, run

        q = find(query)
        rows = run(store, q, params or {})
        order, edges = model.from_rows(full, rows.columns, rows.rows)
        vm = full._with({n: full.nodes[n] for n in order}, edges)
        vm.title = f"kg query {q.name}"
        if not order:
            vm.note = (
                f"the query returned {len(rows.rows)} row(s), none naming a node "
                "(an IRI or a node's label)"
            )
    elif focus:
        roots = model.resolve_actor(store, full, focus)
        order = model.neighbourhood(full, roots, depth)
        vm = full.select(order)
        names = ", ".join(full.nodes[r].label for r in roots)
        vm.title = f"{names}: {depth} step{'s' if depth != 1 else ''} around"
    else:
        vm = full
        vm.title = f"kg network: {len(vm.articles)} article{'s' if len(vm.articles) != 1 else ''}"
    return model.limit(vm, max_nodes, order)


def render_html(vm: ViewModel, title: str | None = None) -> str:
    from kg.viz.render import render_html as _render

    return _render(vm, title)


def page(store: Any, **options: Any) -> Page:
    """The HTML page of a view (see ``view`` for the options)."""
    vm = view(store, **options)
    return Page(render_html(vm), len(vm.nodes), len(vm.edges), vm.note)
