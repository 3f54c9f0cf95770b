"""Stage 4b, draw: an ArgumentMap -> one self-contained interactive HTML page (pyvis + vis-network).

pyvis builds the node and edge records; the page itself comes from argmap's own template, because
pyvis's template links Bootstrap from a CDN even with cdn_resources="in_line", and argmap's page
must work offline. Positions are computed here with a fixed seed, so the file is deterministic.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from .assemble import ArgumentMap, to_networkx
from .models import Claim, Method, RelationKind, Source

# Okabe–Ito: distinguishable with the common forms of colour blindness.
AUTHOR_PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
RELATION_STYLE = {
    RelationKind.SUPPORTS: {"color": "#009E73", "dashes": False, "label": "supports"},
    RelationKind.CONTRADICTS: {"color": "#D55E00", "dashes": [8, 6], "label": "contradicts"},
}
METHOD_SHAPE = {Method.CURATED: "dot", Method.RULE_EXTRACTED: "diamond"}
LAYOUT_SEED = 7
LAYOUT_SCALE = 900
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
TEMPLATES = Path(__file__).parent / "templates"


def author_colours(amap: ArgumentMap) -> dict[str, str]:
    """Each author's colour, in a stable order (by author id)."""
    authors = sorted({s.author.id for s in amap.sources})
    return {a: AUTHOR_PALETTE[i % len(AUTHOR_PALETTE)] for i, a in enumerate(authors)}


def layout(amap: ArgumentMap) -> dict[str, tuple[float, float]]:
    """Deterministic positions: a seeded spring layout of the claims, relations pulling them together."""
    graph = nx.Graph(to_networkx(amap))
    if graph.number_of_nodes() == 0:
        return {}
    positions = nx.spring_layout(graph, seed=LAYOUT_SEED, k=1.6 / max(1, graph.number_of_nodes()) ** 0.5, iterations=200)
    return {n: (round(float(x) * LAYOUT_SCALE, 1), round(float(y) * LAYOUT_SCALE, 1)) for n, (x, y) in positions.items()}


def tooltip(claim: Claim, source: Source) -> str:
    """Plain text (vis-network shows a string title as text, never as HTML)."""
    lines = [claim.statement, "", f"“{claim.quote}”", "", f"— {source.author.name}, {source.title}"]
    if source.date:
        lines[-1] += f" ({source.date})"
    if claim.polarity == "denied":
        lines.insert(1, "(the author denies this)")
    return "\n".join(lines)


def build_network(amap: ArgumentMap) -> Network:
    """The pyvis network: nodes coloured by author, edges styled by relation kind and method."""
    colours = author_colours(amap)
    sources = {s.id: s for s in amap.sources}
    positions = layout(amap)
    degree = nx.Graph(to_networkx(amap)).degree
    net = Network(directed=True, cdn_resources="in_line")
    for claim in amap.claims:
        source = sources[claim.source_id]
        x, y = positions[claim.id]
        net.add_node(
            claim.id,
            label="\n".join(textwrap.wrap(claim.statement, 28)),
            title=tooltip(claim, source),
            color=colours[source.author.id],
            shape=METHOD_SHAPE.get(claim.method, "dot"),
            size=12 + 4 * degree[claim.id],
            x=x,
            y=y,
            author=source.author.name,
            method=claim.method.value,
        )
    for relation in amap.relations:
        style = RELATION_STYLE[relation.kind]
        derived = relation.method is Method.DERIVED
        net.add_edge(
            relation.from_id,
            relation.to_id,
            color=style["color"],
            dashes=[2, 5] if derived else style["dashes"],
            width=1 if derived else 2.5,
            title=f"{style['label']}{' (derived)' if derived else ''}: {relation.rationale}",
            arrows="to",
            kind=relation.kind.value,
            method=relation.method.value,
        )
    net.set_options(json.dumps(_vis_options()))
    return net


def _vis_options() -> dict:
    return {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 2},
        "edges": {"smooth": {"enabled": True, "type": "continuous"}},
    }


def render_html(amap: ArgumentMap, title: str = "argmap") -> str:
    """The full page: vis-network, data and legend inline, no network access needed."""
    net = build_network(amap)
    nodes, edges, _, _, _, options = net.get_network_data()
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    colours = author_colours(amap)
    authors = sorted({(s.author.name, colours[s.author.id]) for s in amap.sources})
    return env.get_template("argmap.html.j2").render(
        title=title,
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        nodes=nodes,
        edges=edges,
        options=json.loads(options),
        authors=authors,
        relation_styles=[(s["label"], s["color"], bool(s["dashes"])) for s in RELATION_STYLE.values()],
        counts={"claims": len(amap.claims), "relations": len(amap.relations), "sources": len(amap.sources)},
    )
