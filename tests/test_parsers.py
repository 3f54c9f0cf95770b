"""The Turtle is read by parsers argmap does not own: rdflib, pyoxigraph (Rust) and rapper (C, raptor2)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from .rdfdiff import assert_isomorphic

RAPPER = shutil.which("rapper")


def test_three_parsers_agree(any_build: Path) -> None:
    turtle = any_build / "argmap.ttl"
    rdflib_graph = Graph().parse(turtle, format="turtle")
    with turtle.open("rb") as handle:
        oxigraph_triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
    if RAPPER is None:
        pytest.fail("rapper is missing: install raptor2-utils (scripts/install-system-deps.sh)")
    # -c only counts; -o ntriples lets us compare the triples themselves, not just their number.
    counted = subprocess.run([RAPPER, "-i", "turtle", "-c", str(turtle)], capture_output=True, text=True, check=True)
    match = re.search(r"Parsing returned (\d+) triples", counted.stderr)
    rapper_count = int(match.group(1)) if match else None
    ntriples = subprocess.run([RAPPER, "-q", "-i", "turtle", "-o", "ntriples", str(turtle)], capture_output=True, check=True).stdout

    assert len(rdflib_graph) > 100
    assert len(oxigraph_triples) == len(rdflib_graph)
    assert rapper_count == len(rdflib_graph), counted.stderr
    assert_isomorphic(rdflib_graph, Graph().parse(data=ntriples, format="nt"))
    oxigraph_nt = pyoxigraph.serialize(oxigraph_triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert_isomorphic(rdflib_graph, Graph().parse(data=oxigraph_nt, format="nt"))
