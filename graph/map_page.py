"""Stage 4b, draw: an ArgumentMap -> an interactive map, as a full page or an embeddable fragment.

The node and edge records are built with pyvis's Node and Edge (not Network.add_node/add_edge,
which check each new item against a list of every earlier one: quadratic, 8 s at 20,000 claims);
vis-network itself is the copy pyvis ships. The page comes from argmap's own
templates, because pyvis's template links Bootstrap from a CDN even with cdn_resources="in_line",
and argmap's map must work offline and be embeddable in someone else's page. Positions are precomputed
(`static_layout`), so the browser simulates nothing and the output is byte-identical per input.

Safety: corpus text reaches the browser only as JSON inside a non-executed
`<script type="application/json">` (Jinja's tojson escapes `<`, `>`, `&`, `'`), and the page's
script writes it with textContent / canvas text only, never as HTML.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyvis
from pyvis.edge import Edge
from pyvis.node import Node
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .assemble import ArgumentMap
from .models import Claim, Method, RelationKind, Source
from .static_layout import Box, layout

# Okabe–Ito, distinguishable with the common forms of colour blindness. Bluish green and
# vermillion come last because they are the colours of supports and contradicts edges.
AUTHOR_PALETTE = ["#0072B2", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000", "#009E73", "#D55E00"]
SUPPORTS_COLOUR, CONTRADICTS_COLOUR = "#009E73", "#D55E00"


@dataclass(frozen=True)
class EdgeStyle:
    label: str
    colour: str
    dashes: tuple[int, ...]  # empty: a solid line
    width: float


# Kind is shown by colour AND line style; derived edges are thinner with their own dash patterns.
EDGE_STYLES = {
    (RelationKind.SUPPORTS, False): EdgeStyle("supports", SUPPORTS_COLOUR, (), 2.5),
    (RelationKind.CONTRADICTS, False): EdgeStyle("contradicts", CONTRADICTS_COLOUR, (9, 5), 2.5),
    (RelationKind.SUPPORTS, True): EdgeStyle("supports (derived)", SUPPORTS_COLOUR, (2, 4), 1.5),
    (RelationKind.CONTRADICTS, True): EdgeStyle("contradicts (derived)", CONTRADICTS_COLOUR, (10, 4, 2, 4), 1.5),
}
# Suggested links (not yet accepted by a person): thin and finely dotted, hidden until the reader
# ticks "suggested" under Method; never in the static picture.
SUGGESTED_STYLES = {
    RelationKind.SUPPORTS: EdgeStyle("supports (suggested)", SUPPORTS_COLOUR, (1, 4), 1.2),
    RelationKind.CONTRADICTS: EdgeStyle("contradicts (suggested)", CONTRADICTS_COLOUR, (1, 4), 1.2),
}
# Curated claims are round; rule-extracted ones are diamonds with a thicker border. (A dashed border
# was tried: on small diamonds it looks like a blot.)
NODE_SHAPES = {Method.CURATED: "dot", Method.RULE_EXTRACTED: "diamond"}
METHOD_LABELS = {Method.CURATED: "curated", Method.RULE_EXTRACTED: "rule-extracted", Method.DERIVED: "derived",
                 Method.SUGGESTED: "suggested"}

FONT_SIZE = 13
CHAR_WIDTH = 6.8  # an upper estimate of one character's width at FONT_SIZE, for label boxes
LINE_HEIGHT = 16.0
LABEL_WIDTH, LABEL_LINES = 24, 3
DENIED_MARK = "denied: "  # prefixed to the label of a claim its author denies
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class MapModel:
    """What both the interactive map and the static picture draw: records, legend and details."""

    title: str
    nodes: list[dict]  # vis-network node records
    edges: list[dict]  # vis-network edge records
    authors: list[dict]  # id, name, colour: the legend and the author filter
    claims: dict[str, dict]  # the side panel's details per claim id
    sources: dict[str, dict]
    options: dict = field(default_factory=dict)
    suggested_edges: list[dict] = field(default_factory=list)  # the interactive map's only (hidden at first)

    @property
    def scope(self) -> str:
        """A class unique to this map's content: every CSS selector of a fragment starts with it."""
        digest = hashlib.sha256(json.dumps([self.title, self.nodes, self.edges], sort_keys=True).encode()).hexdigest()
        return f"argmap-{digest[:10]}"


def author_colours(amap: ArgumentMap) -> dict[str, str]:
    """Each author's colour, in a stable order (by author id)."""
    authors = sorted({s.author.id for s in amap.sources})
    return {a: AUTHOR_PALETTE[i % len(AUTHOR_PALETTE)] for i, a in enumerate(authors)}


def cross_author_degree(amap: ArgumentMap) -> dict[str, int]:
    """How many relations link each claim to claims of other authors: what makes a claim central."""
    author_of_source = {s.id: s.author.id for s in amap.sources}
    author = {c.id: author_of_source[c.source_id] for c in amap.claims}
    degree = dict.fromkeys(author, 0)
    for r in amap.relations:
        if author[r.from_id] != author[r.to_id]:
            degree[r.from_id] += 1
            degree[r.to_id] += 1
    return degree


def node_size(cross_degree: int) -> float:
    return round(9 + 5 * min(cross_degree, 9) ** 0.5, 1)


def short_label(statement: str) -> str:
    return "\n".join(textwrap.wrap(statement, LABEL_WIDTH, max_lines=LABEL_LINES, placeholder=" …"))


def node_label(claim: Claim) -> str:
    """The statement as drawn on the map. Statements read affirmatively (negation is the polarity),
    so a denied claim says so in its label: a reader scanning the map must not take a denial
    ("Tokyo will not lift them") for its opposite."""
    return short_label(f"{DENIED_MARK}{claim.statement}" if claim.polarity == "denied" else claim.statement)


def label_box(label: str, size: float) -> Box:
    lines = label.split("\n")
    width = max(max(len(line) for line in lines) * CHAR_WIDTH, 2 * size)
    height = 2 * size + 4 + len(lines) * LINE_HEIGHT
    return Box(width=width, height=height, dy=height / 2 - size)


def tooltip(claim: Claim, source: Source) -> str:
    """Plain text: vis-network writes a string title with innerText, never as HTML."""
    by = f"— {source.author.name}" + (f" ({source.date})" if source.date else "")
    stance = "\n(the author denies this)" if claim.polarity == "denied" else ""
    return f"{claim.statement}{stance}\n{by}\nClick for the quote and the source."


def network_records(amap: ArgumentMap) -> tuple[list[dict], list[dict]]:
    """vis-network's node and edge records (via pyvis): nodes coloured by author, edges styled by relation kind and method."""
    colours = author_colours(amap)
    sources = {s.id: s for s in amap.sources}
    degree = cross_author_degree(amap)
    labels = {c.id: node_label(c) for c in amap.claims}
    # A diamond of a given size covers half the area of a dot of that size: give it a little more.
    sizes = {c.id: node_size(degree[c.id]) + (3 if c.method is Method.RULE_EXTRACTED else 0) for c in amap.claims}
    graph = nx.Graph()
    graph.add_nodes_from(c.id for c in amap.claims)
    graph.add_edges_from((r.from_id, r.to_id) for r in amap.relations)
    positions = layout(graph, {cid: label_box(labels[cid], sizes[cid]) for cid in labels})
    nodes = []
    for claim in amap.claims:
        source = sources[claim.source_id]
        colour = colours[source.author.id]
        x, y = positions[claim.id]
        nodes.append(Node(
            claim.id,
            NODE_SHAPES.get(claim.method, NODE_SHAPES[Method.CURATED]),
            labels[claim.id],
            title=tooltip(claim, source),
            color={"background": colour, "border": "#333333", "highlight": {"background": colour, "border": "#000000"}},
            borderWidth=1.5 if claim.method is Method.CURATED else 2,
            size=sizes[claim.id],
            x=x,
            y=y,
            author=source.author.id,
            method=claim.method.value,
        ).options)
    edges = []
    for relation in amap.relations:
        style = EDGE_STYLES[(relation.kind, relation.method is Method.DERIVED)]
        edges.append(Edge(
            relation.from_id,
            relation.to_id,
            directed=True,
            id=relation.id,
            color={"color": style.colour, "highlight": style.colour, "hover": style.colour},
            dashes=list(style.dashes) or False,
            width=style.width,
            title=f"{style.label}: {relation.rationale}",
            arrows={"to": {"enabled": True, "scaleFactor": 0.8}},
            kind=relation.kind.value,
            method=relation.method.value,
            rationale=relation.rationale,
        ).options)
    return nodes, edges


def suggested_edge_records(amap: ArgumentMap) -> list[dict]:
    """vis-network records of the map's suggested links: hidden at first, their own style."""
    edges = []
    for relation in amap.suggestions:
        style = SUGGESTED_STYLES[relation.kind]
        edges.append(Edge(
            relation.from_id,
            relation.to_id,
            directed=True,
            id=relation.id,
            color={"color": style.colour, "highlight": style.colour, "hover": style.colour},
            dashes=list(style.dashes),
            width=style.width,
            hidden=True,
            title=f"{style.label}, not checked by a person: {relation.rationale}",
            arrows={"to": {"enabled": True, "scaleFactor": 0.6}},
            kind=relation.kind.value,
            method=relation.method.value,
            rationale=relation.rationale,
        ).options)
    return edges


def _vis_options() -> dict:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},  # positions are given; skip vis-network's own pass
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": False, "multiselect": False},
        "nodes": {"labelHighlightBold": False, "font": {"size": FONT_SIZE, "face": "sans-serif", "color": "#343434", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.12}, "selectionWidth": 1.5},
    }


def map_model(amap: ArgumentMap, title: str = "argmap") -> MapModel:
    """Everything the renderers need, built once."""
    nodes, edges = network_records(amap)
    colours = author_colours(amap)
    authors = {s.author.id: s.author.name for s in amap.sources}
    return MapModel(
        title=title,
        nodes=nodes,
        edges=edges,
        authors=[{"id": a, "name": authors[a], "colour": colours[a]} for a in sorted(authors)],
        claims={
            c.id: {
                "statement": c.statement,
                "quote": c.quote,
                "source": c.source_id,
                "method": METHOD_LABELS[c.method],
                "rule": c.rule,
                "polarity": c.polarity.value,
                "holder": c.holder,
                "holder_actor": c.holder_actor,
                "kind": c.kind.label if c.kind else None,
            }
            for c in amap.claims
        },
        sources={
            s.id: {"title": s.title, "author": s.author.id, "publisher": s.publisher, "date": s.date, "url": s.url}
            for s in amap.sources
        },
        options=_vis_options(),
        suggested_edges=suggested_edge_records(amap),
    )


def _legend_edges() -> list[dict]:
    return [
        {"kind": kind.value, "derived": derived, "label": s.label, "colour": s.colour, "dashes": " ".join(map(str, s.dashes)), "width": s.width}
        for (kind, derived), s in EDGE_STYLES.items()
    ]


def _vis_js() -> str:
    """vis-network's bundle, without its source-map comment (a browser's devtools would fetch the map)."""
    code = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    return "\n".join(line for line in code.split("\n") if not line.startswith("//# sourceMappingURL="))


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)


def render_fragment(amap: ArgumentMap, title: str = "argmap", model: MapModel | None = None) -> str:
    """One self-contained div (scoped CSS, data, script) to paste into any HTML page, several times if wanted."""
    model = model or map_model(amap, title)
    data = {
        "nodes": model.nodes,
        "edges": model.edges + model.suggested_edges,
        "options": model.options,
        "authors": model.authors,
        "claims": model.claims,
        "sources": model.sources,
    }
    methods_present = sorted({c.method for c in amap.claims} | {r.method for r in (*amap.relations, *amap.suggestions)}, key=list(Method).index)
    return _environment().get_template("argmap_fragment.html.j2").render(
        scope=model.scope,
        title=title,
        data=data,
        authors=model.authors,
        edge_styles=_legend_edges(),
        suggested_styles=[{"colour": s.colour, "dashes": " ".join(map(str, s.dashes))} for s in SUGGESTED_STYLES.values()],
        methods=[{"value": m.value, "label": METHOD_LABELS[m]} for m in methods_present],
        counts={"claims": len(amap.claims), "relations": len(amap.relations), "sources": len(amap.sources)},
        vis_js=_vis_js(),
        app_js=(TEMPLATES / "argmap.js").read_text(encoding="utf-8"),
    )


def render_html(amap: ArgumentMap, title: str = "argmap", model: MapModel | None = None) -> str:
    """The full page: the fragment filling the window. Works offline; needs nothing but this file."""
    fragment = render_fragment(amap, title, model)
    return _environment().get_template("argmap.html.j2").render(title=title, fragment=fragment)
