"""Exports read back by tools argmap does not own: arguebuf (AIF), rdflib and pyoxigraph (JSON-LD), networkx (GraphML),
Argdown's own parser @argdown/core (Argdown)."""

from __future__ import annotations

import json
import logging
import os
import random
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import arguebuf
import networkx as nx
import pyoxigraph
import pytest
from argmap.assemble import ArgumentMap
from argmap.cli import main
from argmap.exports import to_argdown
from argmap.options import BuildOptions
from argmap.pipeline import build_map
from arguebuf.model.scheme import Attack, Support
from rdflib import Graph, URIRef

from .rdfdiff import assert_isomorphic

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "data" / "mini"
XSS = REPO / "tests" / "data" / "xss"
AM = "https://w3id.org/argmap/ns#"

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


# Suggested links (am:method am:Suggested) are not part of the argument: the interchange exports leave them out.
ASSERTED = f"FILTER NOT EXISTS {{ ?r <{AM}method> <{AM}Suggested> }}"

def _count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


def _turtle(build: Path) -> Graph:
    return Graph().parse(build / "argmap.ttl", format="turtle")


def _local(iri: Any) -> str:
    """The last segment of an IRI (a claim id, or a term after the ontology's #)."""
    return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def test_aif_loads_in_arguebuf(any_build: Path, caplog: pytest.LogCaptureFixture) -> None:
    rdf = _turtle(any_build)
    with caplog.at_level(logging.WARNING, logger="arguebuf"):
        loaded = arguebuf.load.file(any_build / "argmap.aif.json")

    claims = {str(c).rsplit("/", 1)[-1] for c in rdf.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(AM + "Claim"))}
    supports = _count(rdf, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r a <{AM}Support> {ASSERTED} }}")
    contradictions = _count(rdf, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r a <{AM}Contradiction> {ASSERTED} }}")
    schemes = [node.scheme for node in loaded.scheme_nodes.values()]

    assert set(loaded.atom_nodes) == claims
    assert sum(isinstance(s, Support) for s in schemes) == supports > 0
    assert sum(isinstance(s, Attack) for s in schemes) == contradictions > 0
    assert len(schemes) == supports + contradictions
    # premise -> RA -> conclusion and attacker -> CA -> target, for every relation node
    for relation, source, target in rdf.query(f"SELECT ?r ?a ?b WHERE {{ ?r <{AM}from> ?a ; <{AM}to> ?b {ASSERTED} }}"):
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
    locution = next(item for item in document["locutions"] if item["nodeID"] == "alpha-trade-grows/locution")
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
    assert graph.number_of_edges() == _count(rdf, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r <{AM}from> ?a {ASSERTED} }}")
    rows = rdf.query(f"""SELECT ?c ?name WHERE {{ ?c a <{AM}Claim> ; <{AM}source>/<http://purl.org/dc/terms/creator>/<http://www.w3.org/2000/01/rdf-schema#label> ?name }}""")
    for claim, name in rows:
        assert graph.nodes[str(claim).rsplit("/", 1)[-1]]["author"] == str(name)
    kinds = {(a, b, data["relation"], data["method"]) for a, b, data in graph.edges(data=True)}
    expected = {
        (str(a).rsplit("/", 1)[-1], str(b).rsplit("/", 1)[-1], "supports" if str(t).endswith("Support") else "contradicts", str(m).rsplit("#", 1)[-1].lower())
        for a, b, t, m in rdf.query(f"SELECT ?a ?b ?t ?m WHERE {{ ?r <{AM}from> ?a ; <{AM}to> ?b ; <{AM}method> ?m ; a ?t . FILTER(?t IN (<{AM}Support>, <{AM}Contradiction>)) {ASSERTED} }}")
    }
    assert kinds == expected


def test_export_command_matches_build(mini_build: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    for format_name, file_name in [("aif", "argmap.aif.json"), ("jsonld", "argmap.jsonld"), ("graphml", "argmap.graphml"),
                                   ("argdown", "argmap.argdown")]:
        out = tmp_path / f"export.{format_name}"
        assert main(["export", "--seeds", str(MINI), "--format", format_name, "--out", str(out)]) == 0
        assert out.read_bytes() == (mini_build / file_name).read_bytes()
    capsysbinary.readouterr()
    assert main(["export", "--seeds", str(MINI), "--format", "graphml"]) == 0
    assert capsysbinary.readouterr().out == (mini_build / "argmap.graphml").read_bytes()



# ---------------------------------------------------------------- Argdown, read back by Argdown's own parser

ARGDOWN_DIR = REPO / "tests" / "argdown"
ARGDOWN_CORE = ARGDOWN_DIR / "node_modules" / "@argdown" / "core" / "package.json"
LINE_BREAK = re.compile(r"\r\n|\r|\n")
ARGDOWN_TYPE = {"supports": "support", "contradicts": "attack"}


@pytest.fixture(scope="session")
def read_argdown() -> Callable[[Path], dict[str, Any]]:
    """@argdown/core on Node.js (tests/argdown/read-argdown.mjs) as a function: file -> statements and relations."""
    node = shutil.which("node")
    missing = ("node is not on PATH: install Node.js 20" if node is None
               else f"{ARGDOWN_CORE.parent} is missing: run scripts/install-node-deps.sh" if not ARGDOWN_CORE.exists()
               else None)
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; CI must run the Argdown tests")
        pytest.skip(missing)

    def read(path: Path) -> dict[str, Any]:
        done = subprocess.run([node, str(ARGDOWN_DIR / "read-argdown.mjs"), str(path)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"Argdown's parser failed on {path}:\n{done.stderr[-3000:]}"
        return json.loads(done.stdout)

    return read


@pytest.fixture(scope="module")
def seed_argdown(seed_build: Path, read_argdown) -> dict[str, Any]:
    return read_argdown(seed_build / "argmap.argdown")


@pytest.fixture(scope="module")
def xss_argdown(read_argdown, tmp_path_factory: pytest.TempPathFactory) -> tuple[ArgumentMap, dict[str, Any]]:
    amap = build_map(BuildOptions(XSS))
    path = tmp_path_factory.mktemp("xss-argdown") / "argmap.argdown"
    path.write_bytes(to_argdown(amap))
    return amap, read_argdown(path)


def _assert_statements_are_the_claims(parsed: dict[str, Any], claims: dict[str, dict[str, str]]) -> None:
    """Each claim is exactly one statement, with its exact text and data (a line break reads as a space)."""
    statements = {s["title"]: s for s in parsed["statements"]}
    assert len(parsed["statements"]) == len(statements) == len(claims)
    assert set(statements) == set(claims)
    for claim_id, claim in claims.items():
        statement = statements[claim_id]
        data = statement["data"]
        assert statement["text"] == LINE_BREAK.sub(" ", claim["statement"]), claim_id
        assert data.get("statement", statement["text"]) == claim["statement"], claim_id
        assert (data["author"], data["source"], data["quote"]) == (claim["author"], claim["source"], claim["quote"]), claim_id
        assert (data["polarity"], data["method"]) == (claim["polarity"], claim["method"]), claim_id
        assert statement["section"] == LINE_BREAK.sub(" ", claim["author"]).strip(), claim_id


def test_argdown_reads_back_every_claim_and_relation_of_the_seeds(seed_build: Path, seed_argdown: dict[str, Any]) -> None:
    # Compared with the Turtle of the same build, not with what the exporter was given.
    rdf = _turtle(seed_build)
    rows = rdf.query(f"""
        PREFIX am: <{AM}> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?c ?text ?quote ?id ?name ?polarity ?method WHERE {{
          ?c a am:Claim ; am:text ?text ; am:quote ?quote ; am:polarity ?polarity ; am:method ?method ;
             am:source [ dcterms:identifier ?id ; dcterms:creator/rdfs:label ?name ] .
        }}""")
    method_names = {"Curated": "curated", "RuleExtracted": "rule-extracted"}
    claims = {
        _local(c): {"statement": str(text), "quote": str(quote), "source": str(id_), "author": str(name),
                    "polarity": _local(polarity).lower(), "method": method_names[_local(method)]}
        for c, text, quote, id_, name, polarity, method in rows
    }
    assert len(claims) == _count(rdf, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a <{AM}Claim> }}") > 100
    _assert_statements_are_the_claims(seed_argdown, claims)

    relations = {(_local(a), _local(b), "support" if _local(t) == "Support" else "attack")
                 for a, b, t in rdf.query(f"SELECT ?a ?b ?t WHERE {{ ?r <{AM}from> ?a ; <{AM}to> ?b ; a ?t . FILTER(?t IN (<{AM}Support>, <{AM}Contradiction>)) {ASSERTED} }}")}
    parsed = [(r["from"], r["to"], r["type"]) for r in seed_argdown["relations"]]
    assert len(parsed) == len(set(parsed)) == _count(rdf, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r <{AM}from> ?a {ASSERTED} }}")
    assert set(parsed) == relations
    assert {"support", "attack"} == {kind for _, _, kind in relations}


def test_argdown_keeps_hostile_text_exactly(xss_argdown: tuple[ArgumentMap, dict[str, Any]]) -> None:
    amap, parsed = xss_argdown
    sources = {s.id: s for s in amap.sources}
    claims = {c.id: {"statement": c.statement, "quote": c.quote, "source": c.source_id, "author": sources[c.source_id].author.name,
                     "polarity": c.polarity.value, "method": c.method.value} for c in amap.claims}
    # The fixture holds what Argdown would otherwise read as markup: [titles], <arguments>, #tags,
    # *bold*, _italic_, links, comments, :shortcodes:, {data}, backslashes, tabs, line breaks.
    assert any("\n" in c.statement for c in amap.claims) and any("\\" in c.quote for c in amap.claims)
    _assert_statements_are_the_claims(parsed, claims)
    assert {(r["from"], r["to"], r["type"]) for r in parsed["relations"]} == {
        (r.from_id, r.to_id, ARGDOWN_TYPE[r.kind.value]) for r in amap.relations}
    assert len(parsed["relations"]) == len(amap.relations)


def test_argdown_escaping_survives_random_markup(read_argdown, tmp_path: Path) -> None:
    # Text built from every character and sequence Argdown's lexer gives a meaning to, at random
    # (fixed seed): whatever the mix, the parser must read back the exact text and data.
    amap = build_map(BuildOptions(XSS))
    pieces = [*"\\@#*_[],.:</>(){};-=+!?'\"&%$^|~`", " ", "  ", "\t", "\n", "\r\n", "\r", "a", "Z", "1", "é", "’", "\u2028",
              "\x85", "\xa0", "\x7f", "\x9f", "\ufeff", "\U0001F600", "\x00", "<!--", "-->", "/*", "*/", "//", "===", "} x",
              ":smile:", ".dot.", "#tag", "[t]:", "<a>:", "@[x]", "[l](u)", "**", "__", "1.", "(1)", "--", "+>", "<+", "->",
              "<-", "><", "_>", "<_", "# ", "\\\\", "\\ "]
    rng = random.Random(20240601)
    text = lambda: "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))  # noqa: E731
    template = amap.claims[0]
    claims = tuple(template.model_copy(update={"id": f"random-{i:04d}", "statement": text(), "quote": text()}) for i in range(1000))
    source = next(s for s in amap.sources if s.id == template.source_id)
    author = source.author.model_copy(update={"name": text()})
    sources = tuple(s.model_copy(update={"author": author}) if s.id == source.id else s for s in amap.sources)
    path = tmp_path / "random.argdown"
    path.write_bytes(to_argdown(amap.model_copy(update={"claims": claims, "relations": (), "sources": sources})))

    parsed = read_argdown(path)
    _assert_statements_are_the_claims(parsed, {c.id: {"statement": c.statement, "quote": c.quote, "source": c.source_id, "author": author.name,
                                                      "polarity": c.polarity.value, "method": c.method.value} for c in claims})
    assert parsed["relations"] == []


def test_argdown_groups_claims_by_author_with_relations_under_a_reference(mini_build: Path) -> None:
    text = (mini_build / "argmap.argdown").read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    assert blocks[0] == "# Ann Alpha"
    assert ('[alpha-trade-grows]: Trade between Japan and Russia will grow{author: "Ann Alpha", source: "alpha", '
            'polarity: "affirmed", method: "curated", quote: "Trade will grow."}') in blocks
    assert "# Beta Weekly" in blocks
    assert "[alpha-not-independent]\n  +> [beta-not-independent]" in blocks
    assert text.endswith("\n") and not text.endswith("\n\n")
