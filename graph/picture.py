"""Stage 4c, picture: the same map as a static SVG and PNG, for PDF reports and the README.

It draws the interactive map's own records (`html.MapModel`): same positions, colours, shapes, line
styles and labels, so the picture and the page never disagree. One layout pixel is 1/100 inch.
matplotlib is used without pyplot (no global state); the SVG's ids are salted and its date left
out, and the PNG carries no software/version text, so equal inputs give byte-identical files.
"""

from __future__ import annotations

import io

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, Polygon

from .map_page import EDGE_STYLES, FONT_SIZE, MapModel

PX = 1 / 100  # inches per layout pixel
PT_PER_PX = 72 * PX
MARGIN = 40.0  # layout pixels around the map
LEGEND_HEIGHT = 90.0  # layout pixels below the map for the legend
MAX_SIDE = 20000.0  # a larger map is drawn smaller (Agg images stop at 2^16 pixels)
PNG_DPI = 100
MAX_PNG_SIDE = 6000  # pixels
MAX_LABELLED_CLAIMS = 400
# Settings for byte-identical SVG from matplotlib (the report's heatmap uses them too): fonts shipped
# with matplotlib, so nothing depends on the machine's fonts; salted ids instead of random ones;
# text kept as text; no mathtext, since a "$" in an author's name is not a formula.
DETERMINISTIC_SVG = {"font.family": "DejaVu Sans", "svg.hashsalt": "argmap", "svg.fonttype": "none", "text.parse_math": False}


def _figure(model: MapModel) -> Figure:
    xs = [n["x"] for n in model.nodes] or [0.0]
    ys = [n["y"] for n in model.nodes] or [0.0]
    lo_x, hi_x = min(xs) - 110 - MARGIN, max(xs) + 110 + MARGIN
    lo_y, hi_y = min(ys) - 40 - MARGIN, max(ys) + 90 + MARGIN + LEGEND_HEIGHT
    width, height = max(hi_x - lo_x, 700.0), hi_y - lo_y
    lo_x = (lo_x + hi_x) / 2 - width / 2
    shrink = min(1.0, MAX_SIDE / max(width, height))
    fig = Figure(figsize=(width * PX * shrink, height * PX * shrink))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(lo_x, lo_x + width)
    ax.set_ylim(lo_y + height, lo_y)  # y grows downwards, as on the screen
    ax.set_aspect("equal")
    ax.axis("off")
    pt = PT_PER_PX * shrink  # points per layout pixel
    if len(model.nodes) > MAX_LABELLED_CLAIMS:
        _draw_overview(ax, model, pt)
        _legend(fig, model, pt)
        return fig
    node_at = {n["id"]: n for n in model.nodes}
    for edge in model.edges:
        start, end = node_at[edge["from"]], node_at[edge["to"]]
        dashes = edge["dashes"] or None
        ax.add_patch(
            FancyArrowPatch(
                (start["x"], start["y"]),
                (end["x"], end["y"]),
                connectionstyle="arc3,rad=-0.12",
                arrowstyle=f"-|>,head_length={0.8 * 10 * pt},head_width={0.8 * 5 * pt}",
                color=edge["color"]["color"],
                linewidth=edge["width"] * pt,
                linestyle=(0, tuple(d / edge["width"] for d in dashes)) if dashes else "solid",  # matplotlib scales dashes by width
                shrinkA=start["size"] * pt,
                shrinkB=end["size"] * pt + 1,
                zorder=1,
            )
        )
    # A light box behind each label keeps it legible over edges (a stroke outline would turn SVG text into paths).
    halo = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
    for node in model.nodes:
        x, y, r = node["x"], node["y"], node["size"]
        style = {
            "facecolor": node["color"]["background"],
            "edgecolor": node["color"]["border"],
            "linewidth": node["borderWidth"] * pt,
            "zorder": 2,
        }
        if node["shape"] == "diamond":
            ax.add_patch(Polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], closed=True, **style))
        else:
            ax.add_patch(Circle((x, y), r, **style))
        ax.text(x, y + r + 3, node["label"], ha="center", va="top", fontsize=FONT_SIZE * pt, color="#222222",
                linespacing=1.15, parse_math=False, bbox=halo, zorder=3)
    _legend(fig, model, pt)
    return fig


def _draw_overview(ax, model: MapModel, pt: float) -> None:
    """A large map as an overview: straight edges and unlabelled nodes, drawn as collections.

    Past a few hundred claims, labels in a static picture are unreadable at any page size, and
    one artist per label, arrow and node costs minutes; the interactive map keeps every detail.
    """
    node_at = {n["id"]: n for n in model.nodes}
    by_style: dict[tuple, list] = {}
    for edge in model.edges:
        start, end = node_at[edge["from"]], node_at[edge["to"]]
        key = (edge["color"]["color"], edge["width"], tuple(edge["dashes"] or ()))
        by_style.setdefault(key, []).append(((start["x"], start["y"]), (end["x"], end["y"])))
    for (colour, width, dashes), segments in sorted(by_style.items()):
        style = (0, tuple(d / width for d in dashes)) if dashes else "solid"
        ax.add_collection(LineCollection(segments, colors=colour, linewidths=width * pt, linestyles=[style], zorder=1))
    for shape, marker in (("dot", "o"), ("diamond", "D")):
        nodes = [n for n in model.nodes if (n["shape"] == "diamond") == (shape == "diamond")]
        if nodes:
            ax.scatter([n["x"] for n in nodes], [n["y"] for n in nodes], s=[(2 * n["size"] * pt) ** 2 for n in nodes],
                       c=[n["color"]["background"] for n in nodes], edgecolors=[n["color"]["border"] for n in nodes],
                       linewidths=0.5, marker=marker, zorder=2)


def _legend(fig: Figure, model: MapModel, pt: float) -> None:
    handles = [
        Line2D([], [], linestyle="none", marker="o", markersize=10 * pt * 1.2, markerfacecolor=a["colour"],
               markeredgecolor="#333333", label=a["name"])
        for a in model.authors
    ]
    for style in EDGE_STYLES.values():
        dashes = (0, tuple(d / style.width for d in style.dashes)) if style.dashes else "solid"
        handles.append(Line2D([], [], color=style.colour, linewidth=style.width * pt * 1.5, linestyle=dashes, label=style.label))
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=12 * pt, markerfacecolor="#bbbbbb",
                          markeredgecolor="#333333", label="curated claim"))
    handles.append(Line2D([], [], linestyle="none", marker="D", markersize=11 * pt, markerfacecolor="#bbbbbb",
                          markeredgecolor="#333333", label="rule-extracted claim"))
    fig.legend(handles=handles, loc="lower center", ncol=min(6, len(handles)), frameon=False,
               fontsize=FONT_SIZE * pt * 1.1, handlelength=3, title=f"{model.title}: claims coloured by author; "
               "node size grows with links to other authors' claims", title_fontsize=FONT_SIZE * pt * 1.2)


def render_pictures(model: MapModel) -> tuple[bytes, bytes]:
    """The map as SVG (text stays text: selectable, searchable, escaped by matplotlib) and as PNG."""
    svg, png = io.BytesIO(), io.BytesIO()
    with matplotlib.rc_context(DETERMINISTIC_SVG):
        fig = _figure(model)
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        # A large map's PNG is capped in pixels: past that it only costs memory and time to raster
        # (the SVG keeps every detail at any size).
        width, height = fig.get_size_inches()
        dpi = min(PNG_DPI, MAX_PNG_SIDE / max(width, height))
        fig.savefig(png, format="png", dpi=dpi, metadata={"Software": None})
    return svg.getvalue(), png.getvalue()
