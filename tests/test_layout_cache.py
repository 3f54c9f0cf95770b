"""The cache of group positions (argmap.layout_cache): a warm layout is the computed one to the bit,
lays out nothing again, and an entry that does not check out is computed again, never trusted."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from argmap import static_layout
from argmap.layout_cache import LayoutCache
from argmap.static_layout import Box, layout


def _graph() -> tuple[nx.Graph, dict[str, Box]]:
    """Groups of 1 to 40 claims with labels of varied sizes (fixed seed)."""
    rng = random.Random(3)
    graph, boxes = nx.Graph(), {}
    for group in range(12):
        nodes = [f"g{group:02d}-{n:02d}" for n in range(rng.choice([1, 2, 3, 5, 12, 40]))]
        graph.add_nodes_from(nodes)
        for a, b in zip(nodes, nodes[1:], strict=False):
            graph.add_edge(a, b)
        for node in nodes:
            if len(nodes) > 2 and rng.random() < 0.3:
                graph.add_edge(node, rng.choice(nodes))
            boxes[node] = Box(rng.uniform(60, 220), rng.uniform(18, 60), rng.choice([0.0, 12.5]))
    graph.remove_edges_from(nx.selfloop_edges(graph))
    return graph, boxes


def test_a_warm_layout_is_the_computed_one_and_computes_nothing(tmp_path, monkeypatch):
    graph, boxes = _graph()
    plain = layout(graph, boxes)
    cache = LayoutCache(tmp_path)
    assert layout(graph, boxes, cache=cache) == plain
    computed = cache.misses
    assert computed >= 5 and cache.hits == 0  # one entry per group of three or more
    assert len(list(tmp_path.rglob("*.json"))) == computed

    def refuse(*args, **kwargs):
        raise AssertionError("a cached group was laid out again")

    with monkeypatch.context() as patch:
        patch.setattr(static_layout, "_spread", refuse)
        warm = LayoutCache(tmp_path)
        assert layout(graph, boxes, cache=warm) == plain
        assert (warm.hits, warm.misses) == (computed, 0)
    # a changed label box or a new edge changes that group's key only
    first = min(n for n in graph if len(nx.node_connected_component(graph, n)) >= 3)
    boxes[first] = Box(boxes[first].width + 1, boxes[first].height, boxes[first].dy)
    changed = LayoutCache(tmp_path)
    assert layout(graph, boxes, cache=changed) == layout(graph, boxes)
    assert (changed.hits, changed.misses) == (computed - 1, 1)


@pytest.mark.parametrize("damage", [
    lambda entry: b"",
    lambda entry: entry[: len(entry) // 2],
    lambda entry: json.dumps({**json.loads(entry), "key": "0" * 64}).encode(),
    lambda entry: json.dumps({**json.loads(entry), "positions": json.loads(entry)["positions"][:-1]}).encode(),
    lambda entry: json.dumps({**json.loads(entry), "positions": [[1.0, "x"]] * len(json.loads(entry)["positions"])}).encode(),
    lambda entry: json.dumps({**json.loads(entry), "positions": [[1.0]] * len(json.loads(entry)["positions"])}).encode(),
    lambda entry: entry.replace(b"]", b", NaN]", 1),
    lambda entry: json.dumps({**json.loads(entry), "positions": [[float("nan"), 0.0]] * len(json.loads(entry)["positions"])}).encode(),
    lambda entry: b"[1, 2]",
], ids=["empty", "truncated", "another key", "a node short", "not numbers", "no y", "three numbers", "not finite", "not an object"])
def test_a_damaged_entry_is_computed_again(tmp_path, damage):
    graph, boxes = _graph()
    plain = layout(graph, boxes)
    layout(graph, boxes, cache=LayoutCache(tmp_path))
    entries = sorted(tmp_path.rglob("*.json"))
    good = {path: path.read_bytes() for path in entries}
    for path in entries:
        path.write_bytes(damage(good[path]))
    cache = LayoutCache(tmp_path)
    assert layout(graph, boxes, cache=cache) == plain
    assert (cache.hits, cache.misses) == (0, len(entries))
    assert {path: path.read_bytes() for path in entries} == good  # computed again and stored again


def test_an_unwritable_cache_only_costs_time(tmp_path):
    graph, boxes = _graph()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert layout(graph, boxes, cache=LayoutCache(blocked / "layouts")) == layout(graph, boxes)
