"""Stage 4b, draw: an ArgumentMap -> an interactive map, as a full page or an embeddable fragment.

What the reader should see at a glance, at a laptop's default zoom: who clashes with whom, on what.
- Claims that state one shared question (a proposition, or a statement rules found in several
  articles) are gathered around it: the question is drawn once, as a box with its text, and each
  claim is a coloured dot joined to it by a spoke that says its stance (affirms: green; denies:
  vermilion, thick, dashed, with a bar; a reported view: grey dots). The derived relations between
  such claims are what the spokes already say, so they are not drawn again (the panel lists them).
- A claim's label is short ("Miller: denies", "Putin (reported): Russia will…"); the full statement
  is on hover and in the side panel.
- Curated relations between claims of different questions are drawn as edges; contradictions in
  vermilion, thick, dashed, with a bar for an arrowhead; supports green, solid, with an arrow; a
  later fact bearing out or refuting an earlier prediction in blue or purple, dotted.
- Claims linked to nothing are gathered per source into one box, collapsed until asked for.
- The same content is offered without the canvas: a table of questions and stances, and a list of
  every claim and relation, both tied to the map (a click selects the claim there).

The node and edge records are built with pyvis's Node and Edge (not Network.add_node/add_edge,
which check each new item against a list of every earlier one: quadratic, 8 s at 20,000 claims);
vis-network itself is the copy pyvis ships. The page comes from argmap's own templates, because
pyvis's template links Bootstrap from a CDN even with cdn_resources="in_line", and argmap's map must
work offline and be embeddable in someone else's page. Positions are precomputed (`static_layout`),
so the browser simulates nothing and the output is byte-identical per input.

Safety: corpus text reaches the browser only as JSON inside a non-executed
`<script type="application/json">` (as Jinja's tojson writes it: `<`, `>`, `&`, `'` escaped; see
`page_data_json`), and the page's
script writes it with textContent / canvas text only, never as HTML.
"""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.node import Node

from .assemble import ArgumentMap
from .chronology import prediction_checks
from .layout_cache import LayoutCache
from .models import Author, AuthorKind, Claim, Method, Polarity, RelationKind, Source
from .stances import StanceGrid, stance_grid, topic_of
from .static_layout import Box, Spreader, layout
from .templating import environment, read_template

# Okabe–Ito, distinguishable with the common forms of colour blindness. Bluish green and
# vermilion come last because they are the colours of supports and contradicts edges.
AUTHOR_PALETTE = ["#0072B2", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000", "#009E73", "#D55E00"]
SUPPORTS_COLOUR, CONTRADICTS_COLOUR = "#009E73", "#D55E00"
BORNE_OUT_COLOUR, REFUTED_COLOUR = "#0072B2", "#8E4585"
REPORTED_COLOUR = "#6E7781"


@dataclass(frozen=True)
class EdgeStyle:
    label: str
    colour: str
    dashes: tuple[int, ...]  # empty: a solid line
    width: float
    arrow: str  # vis-network arrowhead type at the target: "arrow", "bar", "circle", or "" for none


# Kind is shown by colour AND line style AND arrowhead, so it reads in grey and for colour-blind readers.
EDGE_STYLES = {
    "supports": EdgeStyle("supports", SUPPORTS_COLOUR, (), 2.5, "arrow"),
    "contradicts": EdgeStyle("contradicts", CONTRADICTS_COLOUR, (10, 5), 4.0, "bar"),
    "affirms": EdgeStyle("affirms the question", SUPPORTS_COLOUR, (), 2.0, ""),
    "denies": EdgeStyle("denies the question", CONTRADICTS_COLOUR, (10, 5), 4.0, "bar"),
    "reports": EdgeStyle("reports someone's view of it", REPORTED_COLOUR, (2, 4), 1.5, ""),
    "borne-out": EdgeStyle("a later fact bears out the forecast", BORNE_OUT_COLOUR, (3, 3), 3.0, "arrow"),
    "refuted": EdgeStyle("a later fact refutes the forecast", REFUTED_COLOUR, (3, 3), 3.0, "bar"),
}
# Suggested links (not yet accepted by a person): thin and finely dotted, hidden until the reader
# ticks "suggested links" under Links; never in the static picture.
SUGGESTED_STYLES = {
    RelationKind.SUPPORTS: EdgeStyle("supports (suggested)", SUPPORTS_COLOUR, (1, 4), 1.2, "arrow"),
    RelationKind.CONTRADICTS: EdgeStyle("contradicts (suggested)", CONTRADICTS_COLOUR, (1, 4), 1.2, "bar"),
}
# Curated claims are round; rule-extracted ones are diamonds with a thicker border. (A dashed border
# was tried: on small diamonds it looks like a blot.)
NODE_SHAPES = {Method.CURATED: "dot", Method.RULE_EXTRACTED: "diamond"}
METHOD_LABELS = {Method.CURATED: "curated", Method.RULE_EXTRACTED: "rule-extracted", Method.DERIVED: "derived",
                 Method.SUGGESTED: "suggested"}

FONT_SIZE = 14  # canvas pixels; the page opens at a zoom where this is at least READABLE_PX on screen
READABLE_PX = 11
CHAR_WIDTH = 7.4  # an upper estimate of one character's width at FONT_SIZE, for label boxes
LINE_HEIGHT = 17.0
LABEL_WIDTH, LABEL_LINES = 22, 2  # a claim's label: fewer words on the node, the whole in the panel
HOLDER_WIDTH = 20
QUESTION_WIDTH, QUESTION_LINES = 26, 4
DENIED_MARK = "denied: "  # prefixed to the label of a claim its author denies (off a question)
INK, QUESTION_FILL, QUESTION_BORDER = "#1f2328", "#f6f8fa", "#59636e"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


@dataclass(frozen=True)
class MapModel:
    """What both the interactive map and the static picture draw: records, legend and details."""

    title: str
    nodes: list[dict]  # vis-network node records: claims, questions, groups
    edges: list[dict]  # vis-network edge records: what is drawn
    authors: list[dict]  # id, name, colour: the legend and the author filter
    claims: dict[str, dict]  # the side panel's details per claim id
    sources: dict[str, dict]
    relations: list[dict] = field(default_factory=list)  # every relation, drawn or implied by a question
    questions: list[dict] = field(default_factory=list)  # the stance grid's rows, for the panel and the table view
    dates: list[str] = field(default_factory=list)  # the sources' dates, for the date filter
    options: dict = field(default_factory=dict)
    suggested_edges: list[dict] = field(default_factory=list)  # the interactive map's only (hidden at first)
    suggestions: list[dict] = field(default_factory=list)  # suggested links, apart from the relations people stated

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
    return round(8 + 3 * min(cross_degree, 9) ** 0.5, 1)


def short_label(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder=" …"))


def author_short(author: Author) -> str:
    """A person by surname ("Miller"), an organisation by its name ("Russia Direct")."""
    return author.name.split()[-1] if author.kind is AuthorKind.PERSON and author.name.split() else author.name


def holder_short(claim: Claim) -> str:
    """Whose view a claim reports, in the article's own words, made short: the first of several
    holders ("Shinzo Abe and his government" -> "Shinzo Abe"), a name at the end of a title ("Japanese
    Prime Minister Shinzo Abe" -> "Shinzo Abe"), else the first words. The label must name the person
    or body, not the country extraction maps it to."""
    words = (claim.holder or "").split(" and ")[0].split(", ")[0]
    if len(words) <= HOLDER_WIDTH:
        return words
    name = re.search(r"((?:[A-Z][\w’'-]+ )?[A-Z][\w’'-]+)$", words)
    return name.group(1) if name and len(name.group(1)) <= HOLDER_WIDTH else textwrap.shorten(words, HOLDER_WIDTH, placeholder="…")


def node_label(claim: Claim, source: Source, on_question: bool) -> str:
    """The few words drawn on a claim's node.

    On a question the question's box says what is at stake, so the label says who and which way
    ("Miller: denies", "Moscow (reported): affirms"). Off a question it is the statement's first
    words; statements read affirmatively (negation is the polarity), so a denied claim says so: a
    reader scanning the map must not take a denial ("Tokyo will not lift them") for its opposite.
    A reported view names its holder: it is not the author's own view.
    """
    stance = "affirms" if claim.polarity is Polarity.AFFIRMED else "denies"
    if claim.holder:
        who = f"{holder_short(claim)} (reported):"
        if on_question:
            return short_label(f"{who} {stance}")
        # The holder comes first and whole; the statement takes what room is left.
        head = textwrap.wrap(who, LABEL_WIDTH)
        rest = textwrap.wrap(claim.statement, LABEL_WIDTH, max_lines=max(1, LABEL_LINES + 1 - len(head)), placeholder=" …")
        return "\n".join(head + rest)
    if on_question:
        return short_label(f"{author_short(source.author)}: {stance}")
    return short_label(f"{DENIED_MARK}{claim.statement}" if claim.polarity is Polarity.DENIED else claim.statement)


def label_box(label: str, size: float) -> Box:
    """A dot or diamond with its label below it."""
    lines = label.split("\n")
    width = max(max(len(line) for line in lines) * CHAR_WIDTH, 2 * size)
    height = 2 * size + 4 + len(lines) * LINE_HEIGHT
    return Box(width=width, height=height, dy=height / 2 - size)


def text_box(label: str) -> Box:
    """A box with its label inside (questions, groups)."""
    lines = label.split("\n")
    return Box(width=max(len(line) for line in lines) * CHAR_WIDTH + 20, height=len(lines) * LINE_HEIGHT + 14)


def tooltip(claim: Claim, source: Source) -> str:
    """Plain text: vis-network writes a string title with innerText, never as HTML."""
    by = f"— {source.author.name}" + (f" ({source.date})" if source.date else "")
    stance = "\n(the author denies this)" if claim.polarity is Polarity.DENIED else ""
    view = f"\n(the view of {claim.holder}, as the author reports it)" if claim.holder else ""
    return f"{claim.statement}{stance}{view}\n{by}\nClick for the quote and the source."


def question_topics(amap: ArgumentMap) -> dict[str, list[str]]:
    """Shared questions drawn as a box: a proposition or rule key stated by at least two claims -> their ids."""
    claims_of: dict[str, list[str]] = defaultdict(list)
    for claim in amap.claims:
        topic = topic_of(claim)
        if not topic.startswith("claim:"):
            claims_of[topic].append(claim.id)
    return {topic: ids for topic, ids in sorted(claims_of.items()) if len(ids) >= 2}


def _question_id(topic: str) -> str:
    return f"question:{topic}"


def _group_id(source_id: str) -> str:
    return f"group:{source_id}"


def network_records(amap: ArgumentMap, layout_cache: LayoutCache | None = None,
                    spread_all: Spreader | None = None) -> tuple[list[dict], list[dict], dict]:
    """vis-network's node and edge records (via pyvis), and what the page needs besides: claims on
    questions, implied relations, groups."""
    colours = author_colours(amap)
    sources = {s.id: s for s in amap.sources}
    claims = {c.id: c for c in amap.claims}
    degree = cross_author_degree(amap)
    questions = question_topics(amap)
    question_of = {cid: topic for topic, ids in questions.items() for cid in ids}
    checks = prediction_checks(amap)
    propositions = {f"proposition:{p.id}": p.text for p in amap.propositions}
    # A relation between two claims of one question is what the question's spokes already say.
    drawn = [r for r in amap.relations if not (r.from_id in question_of and question_of.get(r.to_id) == question_of[r.from_id])]
    linked = {c for r in drawn for c in (r.from_id, r.to_id)} | set(question_of)
    loose: dict[str, list[str]] = defaultdict(list)
    for claim in amap.claims:
        if claim.id not in linked:
            loose[claim.source_id].append(claim.id)

    labels = {c.id: node_label(c, sources[c.source_id], c.id in question_of) for c in amap.claims}
    # A diamond of a given size covers half the area of a dot of that size: give it a little more.
    sizes = {c.id: node_size(degree[c.id]) + (3 if c.method is Method.RULE_EXTRACTED else 0) for c in amap.claims}
    question_labels = {t: short_label(propositions.get(t) or claims[ids[0]].statement, QUESTION_WIDTH, QUESTION_LINES)
                       for t, ids in questions.items()}
    group_labels = {s: _group_label(sources[s], len(ids)) for s, ids in loose.items()}
    boxes = {cid: label_box(labels[cid], sizes[cid]) for cid in labels}
    boxes.update({_question_id(t): text_box(label) for t, label in question_labels.items()})
    boxes.update({_group_id(s): text_box(label) for s, label in group_labels.items()})

    graph = nx.Graph()
    graph.add_nodes_from(c.id for c in amap.claims if c.id in linked)
    graph.add_nodes_from(_question_id(t) for t in questions)
    graph.add_nodes_from(_group_id(s) for s in loose)
    graph.add_edges_from((r.from_id, r.to_id) for r in drawn)
    graph.add_edges_from((cid, _question_id(t)) for cid, t in question_of.items())
    positions = layout(graph, boxes, blocks={_group_id(s): ids for s, ids in loose.items()}, cache=layout_cache, spread_all=spread_all)

    nodes = []
    for topic, ids in questions.items():
        x, y = positions[_question_id(topic)]
        nodes.append(Node(_question_id(topic), "box", question_labels[topic], x=x, y=y, kind="question", topic=topic,
                          title=(propositions.get(topic) or claims[ids[0]].statement) + f"\nStated by {len(ids)} claims. Click for each author's stance.",
                          color={"background": QUESTION_FILL, "border": QUESTION_BORDER, "highlight": {"background": "#ffffff", "border": INK}},
                          borderWidth=1.5, font={"size": FONT_SIZE, "color": INK, "bold": {"color": INK}}, margin=8).options)
    for source_id, ids in loose.items():
        x, y = positions[_group_id(source_id)]
        colour = colours[sources[source_id].author.id]
        nodes.append(Node(_group_id(source_id), "box", group_labels[source_id], x=x, y=y, kind="group", source=source_id,
                          author=sources[source_id].author.id, members=ids, date=sources[source_id].date,
                          title=f"{len(ids)} claims of {sources[source_id].title!s} linked to no other claim. Click to show them.",
                          color={"background": "#ffffff", "border": colour, "highlight": {"background": "#ffffff", "border": INK}},
                          borderWidth=3, shapeProperties={"borderDashes": [6, 4]}, font={"size": FONT_SIZE, "color": INK}, margin=8).options)
    for claim in amap.claims:
        source = sources[claim.source_id]
        colour = colours[source.author.id]
        x, y = positions[claim.id]
        record = Node(
            claim.id,
            NODE_SHAPES.get(claim.method, NODE_SHAPES[Method.CURATED]),
            labels[claim.id],
            title=tooltip(claim, source),
            color={"background": colour, "border": "#333333", "highlight": {"background": colour, "border": "#000000"}},
            borderWidth=1.5 if claim.method is Method.CURATED else 2,
            size=sizes[claim.id],
            x=x,
            y=y,
            kind="claim",
            author=source.author.id,
            method=claim.method.value,
            date=source.date,
        ).options
        if claim.id not in linked:
            record.update(group=_group_id(claim.source_id), hidden=True)
        nodes.append(record)

    edges = []
    for relation in drawn:
        check = checks.get(relation.id)
        style = EDGE_STYLES[check.outcome.value if check else relation.kind.value]
        edges.append(_edge(relation.from_id, relation.to_id, relation.id, style, relation.kind.value, relation.method.value,
                           f"{style.label}: {relation.rationale}", outcome=check.outcome.value if check else None))
    for cid, topic in sorted(question_of.items()):
        claim = claims[cid]
        stance = "reports" if claim.holder else "affirms" if claim.polarity is Polarity.AFFIRMED else "denies"
        style = EDGE_STYLES[stance]
        edges.append(_edge(cid, _question_id(topic), f"stance:{cid}", style, "stance", claim.method.value,
                           f"{labels[cid].replace(chr(10), ' ')} — {style.label}", stance=stance))
    extra = {"question_of": question_of, "questions": questions, "loose": dict(loose), "checks": checks}
    return nodes, edges, extra


def _group_label(source: Source, count: int) -> str:
    when = f", {source.date[:4]}" if source.date else ""
    return f"{author_short(source.author)}{when}:\n{count} unlinked claim{'s' if count != 1 else ''} ▸"


def _edge(start: str, end: str, edge_id: str, style: EdgeStyle, kind: str, method: str, title: str, **extra) -> dict:
    arrows = {"to": {"enabled": bool(style.arrow), "type": style.arrow or "arrow", "scaleFactor": 0.9}}
    return Edge(start, end, directed=bool(style.arrow), id=edge_id,
                color={"color": style.colour, "highlight": style.colour, "hover": style.colour},
                dashes=list(style.dashes) or False, width=style.width, title=title, arrows=arrows,
                kind=kind, method=method, **{k: v for k, v in extra.items() if v is not None}).options


def suggested_edge_records(amap: ArgumentMap) -> list[dict]:
    """vis-network records of the map's suggested links: hidden at first, in their own style."""
    return [
        _edge(relation.from_id, relation.to_id, relation.id, SUGGESTED_STYLES[relation.kind], relation.kind.value,
              relation.method.value, f"{SUGGESTED_STYLES[relation.kind].label}, not checked by a person: {relation.rationale}",
              hidden=True)
        for relation in amap.suggestions
    ]


def _vis_options() -> dict:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},  # positions are given; skip vis-network's own pass
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": False, "multiselect": False,
                        # Keys act when the canvas has focus; autoFocus off, or merely moving the mouse over
                        # the map would take the focus from the search box or the panel.
                        "keyboard": {"enabled": True, "bindToWindow": False, "autoFocus": False, "speed": {"x": 12, "y": 12, "zoom": 0.04}}},
        # Labels smaller than READABLE_PX on screen are not drawn: zoomed out, the map shows its shape
        # (dots, boxes, spokes) and every label the reader can see is one they can read.
        "nodes": {"labelHighlightBold": False, "font": {"size": FONT_SIZE, "face": "sans-serif", "color": INK, "strokeWidth": 4, "strokeColor": "#ffffff"},
                  # vis-network skips a label under drawThreshold - 1 px and fades it up to drawThreshold.
                  "scaling": {"label": {"enabled": False, "drawThreshold": READABLE_PX + 1}}},
        "edges": {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.12}, "selectionWidth": 1.5},
    }


def map_model(amap: ArgumentMap, title: str = "argmap", layout_cache: LayoutCache | None = None,
              grid: StanceGrid | None = None, spread_all: Spreader | None = None) -> MapModel:
    """Everything the renderers need, built once (positions of unchanged groups from layout_cache, if
    given; grid: the map's stance grid when the caller has it already, else it is computed;
    spread_all: how the groups to lay out are computed, see static_layout.layout)."""
    nodes, edges, extra = network_records(amap, layout_cache, spread_all)
    colours = author_colours(amap)
    authors = {s.author.id: s.author.name for s in amap.sources}
    sources = {s.id: s for s in amap.sources}
    checks: dict = extra["checks"]
    grid = grid if grid is not None else stance_grid(amap)
    hubs = set(extra["questions"])
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
                "author": sources[c.source_id].author.id,
                "method": METHOD_LABELS[c.method],
                "rule": c.rule,
                "polarity": c.polarity.value,
                "holder": c.holder,
                "holder_actor": c.holder_actor,
                "kind": c.kind.label if c.kind else None,
                "question": _question_id(extra["question_of"][c.id]) if c.id in extra["question_of"] else None,
                "group": _group_id(c.source_id) if c.source_id in extra["loose"] and c.id in extra["loose"][c.source_id] else None,
            }
            for c in amap.claims
        },
        sources={
            s.id: {"title": s.title, "author": s.author.id, "publisher": s.publisher, "date": s.date, "url": s.url}
            for s in amap.sources
        },
        relations=[
            {"id": r.id, "from": r.from_id, "to": r.to_id, "kind": r.kind.value, "method": r.method.value, "rationale": r.rationale,
             "outcome": checks[r.id].outcome.value if r.id in checks else None}
            for r in amap.relations
        ],
        suggestions=[  # listed in the panel and the list view only while suggested links are shown
            {"id": r.id, "from": r.from_id, "to": r.to_id, "kind": r.kind.value, "method": r.method.value, "rationale": r.rationale,
             "score": r.score, "outcome": None}
            for r in amap.suggestions
        ],
        questions=[
            {"topic": row.topic, "node": _question_id(row.topic) if row.topic in hubs else None,
             "claim": row.topic.removeprefix("claim:") if row.topic.startswith("claim:") else None,
             "text": row.text, "contested": row.contested,
             "cells": {a: {"stance": c.stance.value, "claims": list(c.claims), "date": c.date, "implied": c.implied,
                           "reported": [{"holder": v.holder, "stance": v.stance.value, "claims": list(v.claims)} for v in c.reported]}
                       for a, c in row.cells.items()}}
            for row in grid.rows
        ],
        dates=sorted({s.date for s in amap.sources if s.date}),
        options=_vis_options(),
        suggested_edges=suggested_edge_records(amap),
    )


def _legend_edges() -> list[dict]:
    return [{"key": key, "label": s.label, "colour": s.colour, "dashes": " ".join(map(str, s.dashes)), "width": s.width, "arrow": s.arrow}
            for key, s in EDGE_STYLES.items()]


_C1_CONTROLS = re.compile("[\u0080-\u009f]")


def _vis_js() -> str:
    """vis-network's bundle, without its source-map comment (a browser's devtools would fetch the map),
    and with its raw C1 control characters (a U+0085 in a string literal) written as escapes: HTML
    forbids them in a page, and a strict parser refuses the page."""
    code = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in code.split("\n") if not line.startswith("//# sourceMappingURL="))
    return _C1_CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", code)


# Where the page's data goes in the rendered template: a NUL, which no template, script or JSON
# text holds (JSON writes control characters as escapes), so the split below is unambiguous.
_DATA_MARK = "\0argmap-data\0"
# What Jinja's tojson filter does to json.dumps's text so that it can stand inside <script>.
_HTML_SAFE_JSON = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"))


def page_data(model: MapModel) -> dict:
    """What the page's script reads (the JSON in its `am-data` script element)."""
    return {
        "nodes": model.nodes,
        "edges": model.edges + model.suggested_edges,
        "options": model.options,
        "authors": model.authors,
        "claims": model.claims,
        "sources": model.sources,
        "relations": model.relations,
        "suggestions": model.suggestions,
        "questions": model.questions,
        "readableScale": (READABLE_PX + 1) / FONT_SIZE,  # labels drawn whole, not faded
    }


def page_data_json(data: dict) -> bytes:
    """data as the UTF-8 bytes of what `{{ data | tojson }}` writes (json.dumps with sorted keys,
    then <, >, & and ' as \\u escapes), made one top-level key at a time.

    At 1,000 articles this text is about 100 MB. Through the template, tojson's four replacements,
    the fragment, the page and its encoding each held another copy of it (about 800 MB of the
    build's peak memory); here each key's text is made, escaped and encoded on its own, and the
    page is joined from bytes once (render_html_bytes).
    """
    policies = environment().policies
    if policies["json.dumps_function"] is not None or policies["json.dumps_kwargs"] != {"sort_keys": True}:
        raise ValueError("page_data_json writes tojson's default form; the Jinja environment's json policies differ")
    parts = [b"{"]
    for i, key in enumerate(sorted(data)):
        parts += [b", " if i else b"", _html_safe_json(key), b": ", _html_safe_json(data[key])]
    parts.append(b"}")
    return b"".join(parts)


def _html_safe_json(value: object) -> bytes:
    text = json.dumps(value, sort_keys=True)
    for char, escape in _HTML_SAFE_JSON:
        text = text.replace(char, escape)  # the previous text is freed as each new one is made
    return text.encode("utf-8")


def _render_around_data(amap: ArgumentMap, title: str, model: MapModel, heading_level: int, page: bool) -> tuple[str, str]:
    """The fragment (or, with page, the full page) as the text before and after its data's JSON."""
    methods_present = sorted({c.method for c in amap.claims}, key=list(Method).index)
    kinds_present = {"outcomes": sorted({r["outcome"] for r in model.relations if r["outcome"]})}
    text = environment().get_template("argmap_fragment.html.j2").render(
        scope=model.scope,
        title=title,
        heading=f"h{min(max(int(heading_level), 1), 6)}",
        data_json=Markup(_DATA_MARK),
        authors=model.authors,
        edge_styles=_legend_edges(),
        outcomes=kinds_present["outcomes"],
        suggested_styles=[{"colour": s.colour, "width": s.width, "dashes": " ".join(map(str, s.dashes)), "arrow": s.arrow, "label": s.label}
                          for s in SUGGESTED_STYLES.values()] if amap.suggestions else [],
        methods=[{"value": m.value, "label": METHOD_LABELS[m]} for m in methods_present],
        dates=model.dates,
        counts={"claims": len(amap.claims), "relations": len(amap.relations), "sources": len(amap.sources),
                "questions": len(model.questions), "groups": sum(1 for n in model.nodes if n.get("kind") == "group")},
        vis_js=_vis_js(),
        app_js=read_template("argmap.js"),
    )
    if page:
        text = environment().get_template("argmap.html.j2").render(title=title, fragment=Markup(text))
    before, after = text.split(_DATA_MARK)  # exactly one mark: anything else is a template error
    return before, after


def render_fragment(amap: ArgumentMap, title: str = "argmap", model: MapModel | None = None, heading_level: int = 2) -> str:
    """One self-contained div (scoped CSS, data, script) to paste into any HTML page, several times if wanted.

    heading_level: the level of the map's title in the host page's outline (h1 on its own page).
    """
    model = model or map_model(amap, title)
    before, after = _render_around_data(amap, title, model, heading_level, page=False)
    return before + page_data_json(page_data(model)).decode("utf-8") + after


def render_html(amap: ArgumentMap, title: str = "argmap", model: MapModel | None = None) -> str:
    """The full page: the fragment filling the window. Works offline; needs nothing but this file."""
    return render_html_bytes(amap, title, model).decode("utf-8")


def render_html_bytes(amap: ArgumentMap, title: str = "argmap", model: MapModel | None = None) -> bytes:
    """render_html's page as UTF-8 bytes, made with one copy of the map's data (what the build writes)."""
    model = model or map_model(amap, title)
    before, after = _render_around_data(amap, title, model, 1, page=True)
    return b"".join((before.encode("utf-8"), page_data_json(page_data(model)), after.encode("utf-8")))


__all__ = ["EDGE_STYLES", "FONT_SIZE", "MapModel", "map_model", "page_data", "page_data_json", "render_fragment", "render_html",
           "render_html_bytes"]
