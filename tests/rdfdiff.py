"""Compare RDF graphs by isomorphism, showing the triples found on one side only."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    iso_expected, iso_actual = to_isomorphic(expected), to_isomorphic(actual)
    if iso_expected == iso_actual:
        return
    _, only_expected, only_actual = graph_diff(iso_expected, iso_actual)
    lines = ["graphs differ"]
    lines += [f"- only in expected: {' '.join(t.n3() for t in triple)}" for triple in sorted(only_expected)[:40]]
    lines += [f"+ only in actual:   {' '.join(t.n3() for t in triple)}" for triple in sorted(only_actual)[:40]]
    raise AssertionError("\n".join(lines))
