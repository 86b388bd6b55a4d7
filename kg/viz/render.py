"""View model -> one self-contained HTML page, made with pyvis.

pyvis collects the nodes, edges and vis-network options and renders them with
our own template (``page.html``), never pyvis's: its template links Bootstrap
from a CDN, and ``show()`` or ``cdn_resources="local"`` write a ``lib/`` folder.
vis-network's JS and CSS are read from the pyvis package and inlined, with our
own small script and style (legend, filters, search, side panel, tooltips).

Safety: article text reaches the page only as JSON inside
``<script type="application/json">`` blocks (``<``, ``>``, ``&`` and ``'`` are
\\u-escaped, so no text can close the block), and the page script puts it into
the DOM with ``textContent`` only. vis-network's own HTML tooltips (``title``) are
not used. A Content-Security-Policy allows only the page's two scripts (by hash)
and no request to any host: a page that works offline, and stays inert even if
text slipped through.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.viz.model import CATEGORIES, ViewModel, degrees, short

VIS_VERSION = "vis-9.1.2"
ASSETS = Path(__file__).parent

# class -> (colour, vis-network shape)
STYLE: dict[str, tuple[str, str]] = {
    "person": ("#4e79a7", "dot"),
    "state": ("#e15759", "diamond"),
    "organization": ("#f28e2b", "square"),
    "place": ("#59a14f", "triangle"),
    "negotiation": ("#b07aa1", "star"),
    "proposal": ("#edc948", "triangleDown"),
    "statement": ("#9c755f", "hexagon"),
    "article": ("#79706e", "box"),
    "other": ("#bab0ac", "dot"),
}
# relation -> edge colour, by family: mediation, stance, conflict, affiliation, meeting
_FAMILIES = {
    "#2e8b57": "mediates hosts",
    "#4e79a7": "proposes supports",
    "#d62728": "rejects attacks",
    "#7f7f7f": "speaksFor memberOf leaderOf partOf labeledBy designee designator",
    "#e07b00": "meetsWith visits heldAt participant locatedIn",
    "#9467bd": "partyTo concerns sameProcessAs",
    "#9c755f": "speaker",
    "#c7c7c7": "mentionedIn fromArticle",
}
REL_COLOURS = {rel: colour for colour, rels in _FAMILIES.items() for rel in rels.split()}
DEFAULT_EDGE = "#8fa3b8"
QUIET_RELATIONS = {"speaker", "mentionedIn", "fromArticle"}  # many, and obvious: small labels
BIG = 300  # above this many nodes: straight edges, no improved layout


@cache
def _asset(name: str) -> str:
    if name.startswith("lib/"):
        path = resources.files("pyvis") / "templates" / name
    else:
        path = ASSETS / name
    return path.read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def csp(scripts: list[str]) -> str:
    """No fetch of anything; only the given inline scripts run."""
    hashes = " ".join(_sha256(s) for s in scripts)
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; font-src 'none'; connect-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-src 'none'; object-src 'none'"
    )


def json_for_html(data: Any) -> str:
    """JSON that cannot end a <script> block or start markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("'", "\\u0027"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def options(n_nodes: int) -> dict[str, Any]:
    """vis-network options: bounded stabilization, then the page turns physics off."""
    big = n_nodes > BIG
    iterations = max(100, min(1000, 150_000 // max(n_nodes, 1)))
    font = {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}
    return {
        "autoResize": True,
        "nodes": {"font": font, "borderWidth": 1, "borderWidthSelected": 3},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {
                "size": 11,
                "align": "middle",
                "color": "#333333",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "face": "system-ui, sans-serif",
            },
            "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.25},
            "width": 1.2,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "interaction": {
            "hover": True,
            "hideEdgesOnDrag": big,
            "tooltipDelay": 150,
            "keyboard": False,
        },
        "layout": {"improvedLayout": not big, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -80,
                "centralGravity": 0.012,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.4,
                "theta": 0.9 if big else 0.5,
            },
            "stabilization": {
                "enabled": True,
                "iterations": iterations,
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.0,
        },
    }


def _size(degree: int) -> float:
    return round(min(42.0, 9.0 + 5.0 * degree**0.5), 1)


def _network(vm: ViewModel, title: str) -> Any:
    from pyvis.network import Network  # heavy-ish: only when a page is made

    net = Network(
        height="100%", width="100%", directed=True, heading=title, cdn_resources="in_line"
    )
    deg = degrees(vm)
    for node in vm.nodes.values():
        colour, shape = STYLE.get(node.cls, STYLE["other"])
        extra: dict[str, Any] = {}
        if node.cls == "statement":  # quotes: many, long; keep them quiet
            extra["font"] = {"size": 11, "color": "#555555"}
        net.add_node(
            node.id,
            label=short(node.label, 36 if node.cls == "statement" else 48),
            shape=shape,
            size=_size(deg[node.id]),
            **extra,
            color={
                "background": colour,
                "border": "#333333",
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
        )
    pairs: Counter[frozenset] = Counter()
    for e in vm.edges:
        key = frozenset((e.source, e.target))
        pairs[key] += 1
        extra: dict[str, Any] = {}
        if e.rel in QUIET_RELATIONS:
            extra["font"] = {"size": 9, "color": "#777777"}
        if pairs[key] > 1:  # parallel edges: curve them apart
            extra["smooth"] = {
                "enabled": True,
                "type": "curvedCW",
                "roundness": 0.18 * (pairs[key] - 1),
            }
        colour = REL_COLOURS.get(e.rel, DEFAULT_EDGE)
        net.add_edge(
            e.source,
            e.target,
            id=e.id,
            label=e.rel,
            color={"color": colour, "highlight": "#111111", "hover": "#111111"},
            **extra,
        )
    net.options = options(len(vm.nodes))
    return net


def page_data(vm: ViewModel, title: str) -> dict[str, Any]:
    """What the page script needs besides vis-network's nodes and edges. Sentences and
    articles get short ids; nodes keep their IRIs."""
    art_ids = {a: f"a{i}" for i, a in enumerate(vm.articles)}
    sent_ids = {s: f"s{i}" for i, s in enumerate(vm.sentences)}
    counts = Counter(n.cls for n in vm.nodes.values())
    rels = Counter(e.rel for e in vm.edges)

    def sents(ids: list[str]) -> list[str]:
        return [sent_ids[s] for s in ids if s in sent_ids]

    def arts(ids: list[str]) -> list[str]:
        return [art_ids[a] for a in ids if a in art_ids]

    return {
        "title": title,
        "note": vm.note,
        "classes": [
            {
                "key": k,
                "label": CATEGORIES[k][1],
                "colour": STYLE[k][0],
                "shape": STYLE[k][1],
                "count": counts[k],
            }
            for k in CATEGORIES
            if counts[k]
        ],
        "relations": [
            {"key": r, "colour": REL_COLOURS.get(r, DEFAULT_EDGE), "count": c}
            for r, c in sorted(rels.items())
        ],
        "articles": [
            {"id": art_ids[a], "iri": a, "title": t, "date": d} for a, (t, d) in vm.articles.items()
        ],
        "sentences": {
            sent_ids[s]: [text, art_ids.get(a, "")] for s, (text, a) in vm.sentences.items()
        },
        "nodes": {
            n.id: {
                "label": n.label,
                "cls": n.cls,
                "kind": n.kind,
                "aliases": n.aliases,
                "articles": arts(n.articles),
                "evidence": sents(n.evidence),
                "attrs": [[r, v, sents(s)] for r, v, s in n.attrs],
            }
            for n in vm.nodes.values()
        },
        "edges": {
            e.id: {
                "rel": e.rel,
                "from": e.source,
                "to": e.target,
                "evidence": sents(e.evidence),
                "articles": arts(e.articles),
                "note": e.note,
            }
            for e in vm.edges
        },
    }


def render_html(vm: ViewModel, title: str | None = None) -> str:
    """The page as one HTML string: everything inlined, no URL to fetch."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader
    from markupsafe import Markup

    title = title or vm.title
    net = _network(vm, title)
    vis_js, page_js = _asset(f"lib/{VIS_VERSION}/vis-network.min.js"), _asset("page.js")
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(ASSETS))]), autoescape=True)
    env.globals.update(
        kg_csp=csp([vis_js, page_js]),
        kg_vis_css=Markup(_asset(f"lib/{VIS_VERSION}/vis-network.css")),
        kg_page_css=Markup(_asset("page.css")),
        kg_vis_js=Markup(vis_js),
        kg_page_js=Markup(page_js),
        kg_data=Markup(json_for_html(page_data(vm, title))),
    )
    net.templateEnv = env
    net.path = "page.html"
    return net.generate_html()
