"""How SHACL validation time grows with the graph: the seed graph copied N times under renamed IRIs.

Run from the repository root:  python benchmarks/shacl_scaling.py [COPIES ...]   (default: 1 4 10)
Reports seconds and the ratio to the single-copy baseline measured in the same run; this is what
graph/validate.py's SHACL_DEFAULT_LIMIT is chosen from.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap import pipeline  # noqa: E402
from argmap.options import BuildOptions  # noqa: E402
from argmap.validate import load_shapes, validate_graph  # noqa: E402
from argmap.vocab import DATA_BASE  # noqa: E402


def renamed(term, copy: int):
    """The term of the given copy: argmap's own IRIs get a copy prefix, vocabulary terms stay."""
    if isinstance(term, URIRef) and str(term).startswith(DATA_BASE):
        return URIRef(f"{DATA_BASE}copy{copy}/{str(term)[len(DATA_BASE):]}")
    return term


def copies_of(base: Graph, copies: int) -> Graph:
    graph = Graph()
    for copy in range(copies):
        for s, p, o in base:
            graph.add((renamed(s, copy), p, renamed(o, copy)))
    return graph


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as out:
        pipeline.build(BuildOptions(Path("seeds")), Path(out), shacl=False)
        base = Graph().parse(Path(out) / pipeline.TURTLE_NAME, format="turtle")
    shapes = load_shapes()
    baseline = None
    for copies in counts:
        graph = copies_of(base, copies)
        started = time.perf_counter()
        report = validate_graph(graph, shapes)
        seconds = time.perf_counter() - started
        baseline = baseline or seconds / copies
        print(f"{copies:3d} copies {len(graph):8d} triples {seconds:7.1f} s  ratio to linear {seconds / (baseline * copies):5.2f}"
              f"  conforms={report.conforms}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 4, 10])
