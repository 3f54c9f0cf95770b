"""The precomputed layout (graph/static_layout.py): no label on another, groups packed, folded blocks below, deterministic."""

from __future__ import annotations

import networkx as nx
import numpy as np
from argmap.map_page import label_box, map_model, text_box
from argmap.options import BuildOptions
from argmap.pipeline import build_map
from argmap.static_layout import DENSE_OVERLAP_GROUP, Box, _near_pairs, layout, remove_overlaps

from .conftest import SEEDS


def node_boxes(model) -> dict[str, tuple[float, float, Box]]:
    """Each node's position and the box its label takes, as the layout was given them."""
    return {n["id"]: (n["x"], n["y"], text_box(n["label"]) if n["shape"] == "box" else label_box(n["label"], n["size"]))
            for n in model.nodes}


def overlaps(boxes: dict[str, tuple[float, float, Box]]) -> list[tuple[str, str]]:
    clashes = []
    items = sorted(boxes.items())
    for i, (a, (ax, ay, abox)) in enumerate(items):
        for b, (bx, by, bbox) in items[i + 1:]:
            if abs(ax - bx) < (abox.width + bbox.width) / 2 and abs(ay + abox.dy - by - bbox.dy) < (abox.height + bbox.height) / 2:
                clashes.append((a, b))
    return clashes


def test_no_two_labels_overlap_on_the_seed_map_folded_claims_included():
    model = map_model(build_map(BuildOptions(SEEDS)))
    assert len(model.nodes) > 50
    assert overlaps(node_boxes(model)) == []


def test_overlap_removal_separates_coincident_boxes():
    xy = remove_overlaps(np.zeros((4, 2)), [Box(100, 40)] * 4)
    for i in range(4):
        for j in range(i + 1, 4):
            assert abs(xy[i, 0] - xy[j, 0]) >= 100 or abs(xy[i, 1] - xy[j, 1]) >= 40


def test_kd_tree_finds_every_overlapping_pair_in_row_major_order():
    # Large groups look for overlaps with a k-d tree instead of every pair: it must miss none, and
    # list them in the order every-pair checking does (the pushes are summed in that order).
    rng = np.random.default_rng(3)
    n = DENSE_OVERLAP_GROUP * 3
    w, h = rng.uniform(20, 180, n), rng.uniform(30, 80, n)
    cx, cy = rng.normal(size=n) * 900, rng.normal(size=n) * 500
    cx[:10] = cx[10:20]  # some coincident centres
    i, j = _near_pairs(cx, cy, w, h)
    assert np.all(i < j) and np.all(np.diff(i * n + j) > 0)
    ai, aj = np.triu_indices(n, 1)
    clash = ((w[ai] + w[aj]) / 2 > np.abs(cx[aj] - cx[ai])) & ((h[ai] + h[aj]) / 2 > np.abs(cy[aj] - cy[ai]))
    found = set(zip(i.tolist(), j.tolist(), strict=True))
    overlapping = set(zip(ai[clash].tolist(), aj[clash].tolist(), strict=True))
    assert overlapping and overlapping <= found


def test_large_group_overlap_removal_leaves_no_overlap():
    rng = np.random.default_rng(5)
    boxes = [Box(float(rng.uniform(40, 160)), 50.0, 10.0) for _ in range(DENSE_OVERLAP_GROUP * 2)]
    xy = remove_overlaps(rng.normal(size=(len(boxes), 2)) * 300, boxes)
    cx, cy = xy[:, 0], xy[:, 1] + 10.0
    w = np.array([b.width for b in boxes])
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            assert abs(cx[a] - cx[b]) >= (w[a] + w[b]) / 2 or abs(cy[a] - cy[b]) >= 50.0


def small_world():
    """A chain a-b-c, a pair d-e, a loner f, and two folded blocks under heads g and h."""
    graph = nx.Graph([("a", "b"), ("b", "c"), ("d", "e")])
    graph.add_nodes_from(["f", "g", "h"])
    boxes = {n: Box(120.0, 50.0, 10.0) for n in "abcdef"}
    boxes.update({"g": Box(140.0, 40.0), "h": Box(140.0, 40.0)})
    boxes.update({f"m{i}": Box(100.0, 45.0, 8.0) for i in range(9)})
    blocks = {"g": [f"m{i}" for i in range(7)], "h": ["m7", "m8"]}
    return graph, boxes, blocks


def test_folded_blocks_lie_below_the_map_each_under_its_head_without_overlap():
    graph, boxes, blocks = small_world()
    positions = layout(graph, boxes, blocks)
    assert set(positions) == set(boxes)
    main = [n for n in "abcdef"]
    bottom_of_map = max(positions[n][1] + boxes[n].dy + boxes[n].height / 2 for n in main)
    for head, members in blocks.items():
        assert positions[head][1] > bottom_of_map
        assert all(positions[m][1] > positions[head][1] for m in members)
    placed = {n: (x, y, boxes[n]) for n, (x, y) in positions.items()}
    assert overlaps(placed) == []


def test_the_layout_is_the_same_on_every_run_and_rounded():
    graph, boxes, blocks = small_world()
    first, second = layout(graph, boxes, blocks), layout(graph.copy(), dict(boxes), dict(blocks))
    assert first == second
    assert all(round(x, 1) == x and round(y, 1) == y for x, y in first.values())
    assert list(first) == sorted(first)


def test_a_map_of_only_folded_blocks_or_of_no_block_lays_out():
    graph, boxes, blocks = small_world()
    only_blocks = nx.Graph()
    only_blocks.add_nodes_from(blocks)
    assert set(layout(only_blocks, boxes, blocks)) == set(blocks) | {m for ms in blocks.values() for m in ms}
    assert set(layout(graph.subgraph("abcdef"), boxes)) == set("abcdef")
