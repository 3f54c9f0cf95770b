"""Exports read back by tools argmap does not own: arguebuf (AIF), rdflib and pyoxigraph (JSON-LD), networkx (GraphML)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import arguebuf
import networkx as nx
import pyoxigraph
import pytest
from arguebuf.model.scheme import Attack, Support
from rdflib import Graph, URIRef

from graph.cli import main
from .rdfdiff import assert_isomorphic

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "data" / "mini"
AM = "https://w3id.org/argmap/ns#"

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def _count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


def _turtle(build: Path) -> Graph:
    return Graph().parse(build / "argmap.ttl", format="turtle")


def test_aif_loads_in_arguebuf(any_build: Path, caplog: pytest.LogCaptureFixture) -> None:
    rdf = _turtle(any_build)
    with caplog.at_level(logging.WARNING, logger="arguebuf"):
        loaded = arguebuf.load.file(any_build / "argmap.aif.json")

    claims = {str(c).rsplit("/", 1)[-1] for c in rdf.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(AM + "Claim"))}
    supports = _count(rdf, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r a <{AM}Support> }}")
    contradictions = _count(rdf, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r a <{AM}Contradiction> }}")
    schemes = [node.scheme for node in loaded.scheme_nodes.values()]

    assert set(loaded.atom_nodes) == claims
    assert sum(isinstance(s, Support) for s in schemes) == supports > 0
    assert sum(isinstance(s, Attack) for s in schemes) == contradictions > 0
    assert len(schemes) == supports + contradictions
    # premise -> RA -> conclusion and attacker -> CA -> target, for every relation node
    for relation, source, target in rdf.query(f"SELECT ?r ?a ?b WHERE {{ ?r <{AM}from> ?a ; <{AM}to> ?b }}"):
        node_id = str(relation).rsplit("/", 1)[-1]
        incoming = {e.source.id for e in loaded.edges.values() if e.target.id == node_id}
        outgoing = {e.target.id for e in loaded.edges.values() if e.source.id == node_id}
        assert incoming == {str(source).rsplit("/", 1)[-1]} and outgoing == {str(target).rsplit("/", 1)[-1]}
    assert len(loaded.edges) == 2 * (supports + contradictions)
    # arguebuf models arguments, not dialogue: it skips exactly the L/YA locution edges, nothing else.
    skipped = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Skipping edge")]
    assert len(skipped) == 2 * len(claims)
    assert all("/locution" in m or "/asserting" in m for m in skipped)


def test_aif_names_authors_as_participants(mini_build: Path) -> None:
    document = json.loads((mini_build / "argmap.aif.json").read_text(encoding="utf-8"))
    assert document["participants"] == [
        {"participantID": "ann-alpha", "firstname": "Ann", "surname": "Alpha"},
        {"participantID": "beta-weekly", "firstname": "Beta Weekly", "surname": ""},
    ]
    locution = next(l for l in document["locutions"] if l["nodeID"] == "alpha-trade-grows/locution")
    assert locution == {"nodeID": "alpha-trade-grows/locution", "personID": "ann-alpha", "timestamp": "2017-04-03 00:00:00",
                        "start": "184", "end": "200", "source": "alpha"}


def test_jsonld_round_trips(any_build: Path) -> None:
    rdf = _turtle(any_build)
    data = (any_build / "argmap.jsonld").read_bytes()
    assert_isomorphic(rdf, Graph().parse(data=data, format="json-ld"))
    oxigraph_nt = pyoxigraph.serialize(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.JSON_LD), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert_isomorphic(rdf, Graph().parse(data=oxigraph_nt, format="nt"))


def test_jsonld_uses_the_published_context(mini_build: Path) -> None:
    document = json.loads((mini_build / "argmap.jsonld").read_text(encoding="utf-8"))
    published = json.loads((REPO / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert document["@context"] == published
    claim = next(n for n in document["@graph"] if n["@id"] == "https://w3id.org/argmap/id/claim/alpha-trade-grows")
    assert claim["text"] == "Trade between Japan and Russia will grow"
    assert claim["quote"] == "Trade will grow."
    assert claim["method"] == "Curated" and claim["polarity"] == "Affirmed"
    assert claim["source"] == "https://w3id.org/argmap/id/source/alpha"


def test_graphml_rereads_in_networkx(any_build: Path) -> None:
    rdf = _turtle(any_build)
    graph = nx.read_graphml(any_build / "argmap.graphml", force_multigraph=True)
    claims = _count(rdf, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a <{AM}Claim> }}")
    assert graph.number_of_nodes() == claims
    assert graph.number_of_edges() == _count(rdf, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r <{AM}from> ?a }}")
    rows = rdf.query(f"""SELECT ?c ?name WHERE {{ ?c a <{AM}Claim> ; <{AM}source>/<http://purl.org/dc/terms/creator>/<http://www.w3.org/2000/01/rdf-schema#label> ?name }}""")
    for claim, name in rows:
        assert graph.nodes[str(claim).rsplit("/", 1)[-1]]["author"] == str(name)
    kinds = {(a, b, data["relation"], data["method"]) for a, b, data in graph.edges(data=True)}
    expected = {
        (str(a).rsplit("/", 1)[-1], str(b).rsplit("/", 1)[-1], "supports" if str(t).endswith("Support") else "contradicts", str(m).rsplit("#", 1)[-1].lower())
        for a, b, t, m in rdf.query(f"SELECT ?a ?b ?t ?m WHERE {{ ?r <{AM}from> ?a ; <{AM}to> ?b ; <{AM}method> ?m ; a ?t . FILTER(?t IN (<{AM}Support>, <{AM}Contradiction>)) }}")
    }
    assert kinds == expected


def test_export_command_matches_build(mini_build: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    for format_name, file_name in [("aif", "argmap.aif.json"), ("jsonld", "argmap.jsonld"), ("graphml", "argmap.graphml")]:
        out = tmp_path / f"export.{format_name}"
        assert main(["export", "--seeds", str(MINI), "--format", format_name, "--out", str(out)]) == 0
        assert out.read_bytes() == (mini_build / file_name).read_bytes()
    capsysbinary.readouterr()
    assert main(["export", "--seeds", str(MINI), "--format", "graphml"]) == 0
    assert capsysbinary.readouterr().out == (mini_build / "argmap.graphml").read_bytes()


def test_exports_are_byte_identical_across_processes(mini_build: Path, tmp_path: Path) -> None:
    # A different hash seed changes set and dict iteration orders; the bytes must not change.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = tmp_path / "again"
    subprocess.run([sys.executable, "-m", "graph", "build", "--seeds", str(MINI), "--out", str(out)], cwd=REPO, env=env, check=True, capture_output=True)
    for name in ["argmap.ttl", "argmap.aif.json", "argmap.jsonld", "argmap.graphml"]:
        assert (out / name).read_bytes() == (mini_build / name).read_bytes(), name
