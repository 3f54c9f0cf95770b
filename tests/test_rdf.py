"""The export stage: the am: contract, isomorphism with a reviewed golden graph, determinism."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from argmap import exports, pipeline
from argmap.options import BuildOptions
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from .conftest import DATA, MINI, SEEDS

CONTRACT_QUERY = """
PREFIX am: <https://w3id.org/argmap/ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?c ?statement ?verbatim ?m ?sourceId ?title ?name ?start ?end ?exact WHERE {
  ?c a am:Claim ; am:text ?statement ; am:quote ?verbatim ; am:source ?s ; am:method ?m .
  ?c am:anchor ?t . ?t oa:hasSource ?s ; oa:hasSelector ?sel, ?q .
  ?sel oa:start ?start ; oa:end ?end .
  ?q oa:exact ?exact .
  ?s a am:Source ; dcterms:identifier ?sourceId ; dcterms:title ?title ; dcterms:creator ?author .
  ?author a am:Author ; rdfs:label ?name .
}
"""


def build_mini(out: Path) -> Graph:
    # The reviewed golden graph is of the curated claims; rule-extracted ones are tested in test_extract.py.
    pipeline.build(BuildOptions(MINI, extract=False), out)
    return Graph().parse(out / "argmap.ttl", format="turtle")


def test_build_is_isomorphic_to_the_reviewed_golden_graph(tmp_path):
    built = build_mini(tmp_path)
    golden = Graph().parse(DATA / "mini_golden.ttl", format="turtle")
    if not isomorphic(built, golden):
        _, only_built, only_golden = graph_diff(to_isomorphic(built), to_isomorphic(golden))
        raise AssertionError(
            "built graph differs from tests/data/mini_golden.ttl\n"
            f"only in build:\n{only_built.serialize(format='nt')}\nonly in golden:\n{only_golden.serialize(format='nt')}"
        )


def test_every_claim_satisfies_the_contract_and_its_selector_matches_the_article(tmp_path):
    graph = build_mini(tmp_path)
    rows = list(graph.query(CONTRACT_QUERY))
    claims = {str(r.c) for r in rows}
    assert len(claims) == 5
    for row in rows:
        article = (MINI / "articles" / f"{row.sourceId}.txt").read_text(encoding="utf-8")
        assert article[int(row.start) : int(row.end)] == str(row.verbatim) == str(row.exact)
        assert str(row.m) == "https://w3id.org/argmap/ns#Curated"
    names = {str(r.name) for r in rows}
    assert names == {"Ann Alpha", "Beta Weekly"}


def test_shared_proposition_gives_a_derived_support_across_authors(tmp_path):
    graph = build_mini(tmp_path)
    rows = list(
        graph.query(
            """
            PREFIX am: <https://w3id.org/argmap/ns#>
            SELECT ?a ?b ?key WHERE {
              ?r a am:Support ; am:from ?a ; am:to ?b ; am:method am:Derived ; am:derivationKey ?key .
              ?a am:supports ?b .
            }"""
        )
    )
    assert [(r.a.split("/")[-1], r.b.split("/")[-1], str(r.key)) for r in rows] == [
        ("alpha-not-independent", "beta-not-independent", "proposition:russia-sees-japan-not-independent")
    ]




def test_the_rdflib_graph_holds_exactly_the_turtles_triples(tmp_path):
    # pyshacl and the JSON-LD writer read an rdflib Graph converted from the same triples as the
    # Turtle; plain strings must stay plain (rdflib keeps "x" and "x"^^xsd:string apart).
    from argmap.rdf import to_rdflib, to_triples

    amap = pipeline.build_map(BuildOptions(SEEDS))
    triples = to_triples(amap)
    assert len(triples) == len(set(triples)), "to_triples gives each triple once"
    converted = to_rdflib(triples)
    pipeline.build(BuildOptions(SEEDS), tmp_path, shacl=False)
    parsed = Graph().parse(tmp_path / "argmap.ttl", format="turtle")
    assert len(converted) == len(parsed) == len(triples)
    assert isomorphic(converted, parsed)


def test_a_large_build_skips_the_json_ld_says_so_and_removes_a_stale_one(tmp_path, monkeypatch):
    out = tmp_path / "out"
    small = pipeline.build(BuildOptions(MINI), out)
    assert (out / "argmap.jsonld").exists() and small.skipped == ()
    # The mini corpus has more triples than 100.
    monkeypatch.setitem(exports.EXPORTS, "jsonld", dataclasses.replace(exports.EXPORTS["jsonld"], build_limit=100))
    large = pipeline.build(BuildOptions(MINI), out)
    assert large.skipped == (f"argmap.jsonld: {large.triples} triples is over 100; `argmap export --format jsonld` writes it",)
    assert not (out / "argmap.jsonld").exists(), "a JSON-LD of an earlier build must not stay beside the new outputs"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(p.name for p in large.outputs)
