"""Precomputed, deterministic positions for the map: the browser draws them and simulates nothing.

Each connected group of claims gets its own seeded spring layout, scaled to the size of its labels;
overlapping label boxes are then pushed apart, and the groups are packed in rows, largest first.
Laying groups out separately keeps unrelated claims from being flung to the edges (as one global
spring layout does) and keeps the work per group small, so 5,000 claims lay out in seconds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

if TYPE_CHECKING:
    from .layout_cache import LayoutCache

LAYOUT_SEED = 7
GAP = 10.0  # pixels kept free between two label boxes
PACK_GAP = 30.0  # pixels between two groups of claims
SCREEN_ASPECT = 1.6  # the width / height the packed map should fill best (a typical map canvas)
GRID_COLUMNS = 6  # at most this many columns in an opened group of unlinked claims
MAX_OVERLAP_PASSES = 400
CONTRACTIONS = 6
MAX_CONTRACTED_GROUP = 150  # contracting costs CONTRACTIONS more overlap removals; worth it on small maps
# Removing overlaps costs O(n^2) per pass; beyond this many claims in one connected group, labels
# may overlap (a reader zooms in there anyway).
MAX_OVERLAP_GROUP = 700
DENSE_OVERLAP_GROUP = 100  # up to this many boxes, checking every pair is quicker than a k-d tree
# A spring layout costs O(n^2) per iteration: a group larger than this gets fewer iterations, so the
# work per large group stays about that of one of this size (a corpus's largest group grows with it).
SPRING_ITERATIONS, FULL_SPRING_GROUP, MIN_SPRING_ITERATIONS = 50, 500, 10


@dataclass(frozen=True)
class Box:
    """The space a node takes on screen: its label's box, whose centre lies dy below the node's."""

    width: float
    height: float
    dy: float = 0.0


# Runs a function over argument tuples and gives the results in order: the builtin map's way by
# default; the build may pass one that spreads the calls over worker processes.
Spreader = Callable[[Callable[..., np.ndarray], Iterable[tuple]], Iterable[np.ndarray]]


def layout(graph: nx.Graph, boxes: dict[str, Box], blocks: dict[str, list[str]] | None = None,
           cache: LayoutCache | None = None, spread_all: Spreader | None = None) -> dict[str, tuple[float, float]]:
    """Positions (in pixels, y downwards) for every node of graph, rounded to 0.1 for stable output.

    blocks: nodes outside graph shown on demand, each list under a head node of graph's that stands
    for them (the map's collapsed groups of unlinked claims): each block is laid out as a grid below
    its head, and the blocks are packed in rows under the rest of the map, so that opening one
    covers nothing else. A head node must not be connected to anything in graph.

    cache (argmap.layout_cache): each group's positions are a function of the group alone, so a
    rebuild takes those of unchanged groups from it and lays out only the others.
    spread_all: how the groups not in the cache are laid out (all at once, largest first; e.g. in
    worker processes); the positions are the same whichever process computes them.
    """
    blocks = blocks or {}
    heads = set(blocks)
    groups = sorted((sorted(c) for c in nx.connected_components(graph.subgraph(set(graph) - heads))), key=lambda c: (-len(c), c[0]))
    placed = _group_layouts(graph, groups, boxes, cache, spread_all or _map_here)
    positions = _pack(placed, boxes) if placed else {}
    if blocks:
        positions.update(_pack_blocks({head: _grid(head, members, boxes) for head, members in sorted(blocks.items())}, boxes, positions))
    return {n: (round(x, 1) + 0.0, round(y, 1) + 0.0) for n, (x, y) in sorted(positions.items())}


def _grid(head: str, members: list[str], boxes: dict[str, Box]) -> dict[str, np.ndarray]:
    """The head at the top, its members in a grid of up to GRID_COLUMNS columns below it."""
    columns = max(1, min(GRID_COLUMNS, int(np.ceil(np.sqrt(len(members) * SCREEN_ASPECT)))))
    cell_w = max([boxes[m].width for m in members] + [1.0]) + GAP
    cell_h = max([boxes[m].height for m in members] + [1.0]) + GAP
    top = boxes[head].height + GAP
    grid = {head: np.zeros(2)}
    for i, member in enumerate(members):
        row, column = divmod(i, columns)
        grid[member] = np.array([(column - (min(columns, len(members)) - 1) / 2) * cell_w,
                                 top + row * cell_h + cell_h / 2 - boxes[member].dy])
    return grid


def _pack_blocks(blocks: dict[str, dict[str, np.ndarray]], boxes: dict[str, Box],
                 above: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The blocks in rows below what is already placed (above), as wide as it is (or a screen's width)."""
    placed = [_extent(block, boxes) for block in blocks.values()]
    if above:
        xs = [x for x, _ in above.values()]
        left, right = min(xs), max(xs)
        top = max(y + boxes[n].dy + boxes[n].height / 2 for n, (_, y) in above.items()) + 2 * PACK_GAP
    else:
        left = right = top = 0.0
    widest = max(size[0] for _, size in placed)
    row_width = max(right - left, widest, (sum(float(s[0] * s[1]) for _, s in placed) * SCREEN_ASPECT) ** 0.5)
    positions: dict[str, tuple[float, float]] = {}
    x, y, row_height = left, top, 0.0
    for block, (lo, size) in zip(blocks.values(), placed, strict=True):
        if x > left and x + size[0] > left + row_width:
            x, y, row_height = left, y + row_height + PACK_GAP, 0.0
        for node, p in block.items():
            positions[node] = (float(p[0] - lo[0] + x), float(p[1] - lo[1] + y))
        x += float(size[0]) + PACK_GAP
        row_height = max(row_height, float(size[1]))
    return positions


def _extent(group: dict[str, np.ndarray], boxes: dict[str, Box]) -> tuple[np.ndarray, np.ndarray]:
    """(top-left corner, size) of the label boxes of a group of placed nodes."""
    lo = np.min([(p[0] - boxes[n].width / 2, p[1] + boxes[n].dy - boxes[n].height / 2) for n, p in group.items()], axis=0)
    hi = np.max([(p[0] + boxes[n].width / 2, p[1] + boxes[n].dy + boxes[n].height / 2) for n, p in group.items()], axis=0)
    return lo, hi - lo


def _map_here(function: Callable[..., np.ndarray], arguments: Iterable[tuple]) -> Iterable[np.ndarray]:
    return (function(*args) for args in arguments)


def _group_layouts(graph: nx.Graph, groups: list[list[str]], boxes: dict[str, Box], cache: LayoutCache | None,
                   spread_all: Spreader) -> list[dict[str, np.ndarray]]:
    """Each group's positions (relative to the group): from the cache, else spread (all the missing
    groups in one call of spread_all, in the order given: the largest first)."""
    placed: list[dict[str, np.ndarray]] = []
    missing: list[tuple[int, str, tuple]] = []  # (index in placed, cache key, _spread's arguments)
    for nodes in groups:
        if len(nodes) == 1:
            placed.append({nodes[0]: np.zeros(2)})
            continue
        unit = float(np.mean([boxes[n].width for n in nodes]))
        if len(nodes) == 2:
            placed.append({nodes[0]: np.array([0.0, 0.0]), nodes[1]: np.array([unit + GAP, 0.0])})
            continue
        edges = sorted(tuple(sorted(e)) for e in graph.subgraph(nodes).edges())
        group_boxes = {n: boxes[n] for n in nodes}
        key = ""
        if cache is not None:
            # everything the positions depend on (the layout code is added by the cache)
            inputs = json.dumps([nodes, edges, [[float(b.width).hex(), float(b.height).hex(), float(b.dy).hex()] for b in (boxes[n] for n in nodes)]])
            key = hashlib.sha256(inputs.encode()).hexdigest()
            xy = cache.get(key, len(nodes))
            if xy is not None:
                placed.append(dict(zip(nodes, xy, strict=True)))
                continue
        placed.append({})
        missing.append((len(placed) - 1, key, (nodes, edges, group_boxes, unit)))
    spread = _spread  # looked up now: a test may replace it
    for (index, key, (nodes, *_)), xy in zip(missing, spread_all(spread, [args for _, _, args in missing]), strict=True):
        if cache is not None:
            cache.put(key, xy)
        placed[index] = dict(zip(nodes, xy, strict=True))
    return placed


def _spread(nodes: list[str], edges: list[tuple[str, str]], boxes: dict[str, Box], unit: float) -> np.ndarray:
    """A group's positions: a seeded spring layout, then its label boxes pushed apart."""
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)  # sorted insertion order: the seeded layout depends on it
    ordered.add_edges_from(edges)
    raw = nx.spring_layout(ordered, seed=LAYOUT_SEED, **_spring_effort(len(nodes)))
    xy = np.array([raw[n] for n in nodes]) * unit * 0.32 * len(nodes) ** 0.5
    if len(nodes) <= MAX_OVERLAP_GROUP:
        group_boxes = [boxes[n] for n in nodes]
        xy = remove_overlaps(xy, group_boxes)
        # Contract and separate again a few times: springs leave holes that labels can fill, and a
        # denser map is readable at a larger zoom. Neighbours stay neighbours.
        for _ in range(CONTRACTIONS if len(nodes) <= MAX_CONTRACTED_GROUP else 0):
            centre = xy.mean(axis=0)
            xy = remove_overlaps(centre + (xy - centre) * 0.85, group_boxes)
    return xy


def _spring_effort(n: int) -> dict:
    if n < FULL_SPRING_GROUP:
        return {"iterations": SPRING_ITERATIONS}  # networkx's "force" method below 500 nodes
    iterations = max(MIN_SPRING_ITERATIONS, round(SPRING_ITERATIONS * (FULL_SPRING_GROUP / n) ** 2))
    return {"iterations": iterations, "method": "force"}


def remove_overlaps(xy: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """Push apart every pair of overlapping boxes along the axis where they overlap least."""
    xy = xy.astype(float).copy()
    w = np.array([b.width for b in boxes]) + GAP
    h = np.array([b.height for b in boxes]) + GAP
    dy = np.array([b.dy for b in boxes])
    every_pair = np.triu_indices(len(boxes), 1) if len(boxes) <= DENSE_OVERLAP_GROUP else None
    for _ in range(MAX_OVERLAP_PASSES):
        cx, cy = xy[:, 0], xy[:, 1] + dy
        i, j = every_pair if every_pair is not None else _near_pairs(cx, cy, w, h)
        ddx, ddy = cx[j] - cx[i], cy[j] - cy[i]
        over_x = (w[i] + w[j]) / 2 - np.abs(ddx)
        over_y = (h[i] + h[j]) / 2 - np.abs(ddy)
        clash = (over_x > 0) & (over_y > 0)
        if not clash.any():
            break
        i, j, ddx, ddy, over_x, over_y = (a[clash] for a in (i, j, ddx, ddy, over_x, over_y))
        along_x = over_x <= over_y * (w[i] + w[j]) / (h[i] + h[j])
        # A fixed tie-breaker (i < j), so that coincident boxes separate the same way on every run.
        sx = np.where(ddx != 0, np.sign(ddx), 1.0)
        sy = np.where(ddy != 0, np.sign(ddy), 1.0)
        push = np.zeros((len(i), 2))
        push[:, 0] = np.where(along_x, sx * (over_x / 2 + 0.5), 0.0)
        push[:, 1] = np.where(along_x, 0.0, sy * (over_y / 2 + 0.5))
        shift = np.zeros_like(xy)
        np.add.at(shift, j, push)
        np.add.at(shift, i, -push)
        xy += shift * 0.6  # under-relaxed: a box pushed by several others moves less than their sum
    return xy


def _near_pairs(cx: np.ndarray, cy: np.ndarray, w: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j, in row-major order, as np.nonzero gives them) of boxes that may overlap,
    found with a k-d tree (checking every pair is O(n^2) per pass)."""
    # Two boxes can overlap only if their centres are closer than the widest box's width along x and
    # the tallest's height along y: in units of those, a Chebyshev distance of at most 1 (+ rounding).
    scaled = np.column_stack((cx / w.max(), cy / h.max()))
    pairs = cKDTree(scaled).query_pairs(1.0 + 1e-9, p=np.inf, output_type="ndarray")
    if not len(pairs):
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    return pairs[:, 0], pairs[:, 1]


def _pack(groups: list[dict[str, np.ndarray]], boxes: dict[str, Box]) -> dict[str, tuple[float, float]]:
    """Shelf packing, tallest groups first, with the row width that best fills a screen-shaped frame."""
    extents = [_extent(group, boxes) for group in groups]
    order = sorted(range(len(groups)), key=lambda i: (-round(float(extents[i][1][1])), i))
    area = sum(float(size[0] + PACK_GAP) * float(size[1] + PACK_GAP) for _, size in extents)
    widest = max(float(size[0]) for _, size in extents)
    candidates = [max(widest, (area * SCREEN_ASPECT) ** 0.5 * f) for f in np.linspace(0.8, 2.0, 25)]

    def shelves(row_width: float) -> tuple[list[tuple[float, float]], float, float]:
        corners, x, y, row_height, width = [], 0.0, 0.0, 0.0, 0.0
        for i in order:
            size = extents[i][1]
            if x > 0 and x + size[0] > row_width:
                x, y, row_height = 0.0, y + row_height + PACK_GAP, 0.0
            corners.append((x, y))
            width = max(width, x + float(size[0]))
            x += float(size[0]) + PACK_GAP
            row_height = max(row_height, float(size[1]))
        return corners, width, y + row_height

    # The zoom at which the whole map fits a SCREEN_ASPECT frame: the larger, the more readable.
    best = max(candidates, key=lambda w: (lambda c, W, H: min(SCREEN_ASPECT / W, 1 / H))(*shelves(w)))
    corners, _, _ = shelves(best)
    positions: dict[str, tuple[float, float]] = {}
    for i, (x, y) in zip(order, corners, strict=True):
        lo = extents[i][0]
        for n, p in groups[i].items():
            positions[n] = (float(p[0] - lo[0] + x), float(p[1] - lo[1] + y))
    # Centre the map on the origin, where vis-network's view starts.
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {n: (x - mx, y - my) for n, (x, y) in positions.items()}
