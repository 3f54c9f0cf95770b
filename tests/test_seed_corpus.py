"""The curated seed corpus: coverage, the mission examples, and the queries users rely on.

Expected values are read from the seed YAML files with plain PyYAML (not argmap's loader), so a
bug in the pipeline cannot make its own expectations.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, URIRef

from .conftest import SEEDS

AUTHORS_QUERY = """
PREFIX am: <https://w3id.org/argmap/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?nameA ?nameB (COUNT(*) AS ?n) WHERE {
  ?a am:contradicts ?b .
  ?a am:source/dcterms:creator/rdfs:label ?nameA .
  ?b am:source/dcterms:creator/rdfs:label ?nameB .
  FILTER(?nameA != ?nameB)
} GROUP BY ?nameA ?nameB ORDER BY DESC(?n)
"""

INDEPENDENT_QUERY = """
PREFIX am: <https://w3id.org/argmap/ns#>
SELECT ?statement ?quote ?sourceId WHERE {
  ?c a am:Claim ; am:text ?statement ; am:quote ?quote ; am:source/<http://purl.org/dc/terms/identifier> ?sourceId .
  FILTER(CONTAINS(LCASE(?statement), "independent"))
}
"""


@pytest.fixture(scope="module")
def seeds() -> dict:
    """The seed files as plain data: sources, claims by id (with their source), relations."""
    sources = yaml.safe_load((SEEDS / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    claims = {}
    for path in sorted((SEEDS / "claims").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for claim in data["claims"]:
            claims[claim["id"]] = {**claim, "source": data["source"]}
    relations = yaml.safe_load((SEEDS / "relations.yaml").read_text(encoding="utf-8"))["relations"]

    def author(source_id: str) -> str:
        # seeds/README.md: a signed source's claims are its author's, an unsigned one's its publisher's.
        source = sources[source_id]
        return source["author"]["name"] if isinstance(source["author"], dict) else source["publisher"]

    return {"sources": sources, "claims": claims, "relations": relations, "author": author}


@pytest.fixture(scope="module")
def graph(seed_build: Path) -> Graph:
    return Graph().parse(seed_build / "argmap.ttl", format="turtle")


def test_coverage_of_the_five_articles(seeds):
    per_source = Counter(c["source"] for c in seeds["claims"].values())
    assert set(per_source) == set(seeds["sources"]) and len(per_source) == 5
    assert sum(per_source.values()) >= 40
    assert min(per_source.values()) >= 5, per_source


def test_at_least_twenty_curated_relations_across_authors(seeds):
    author_of = lambda claim_id: seeds["author"](seeds["claims"][claim_id]["source"])  # noqa: E731
    cross = [r for r in seeds["relations"] if author_of(r["from"]) != author_of(r["to"])]
    assert len(cross) >= 20
    assert {r["type"] for r in cross} == {"supports", "contradicts"}


def test_unsigned_articles_are_attributed_to_their_publication_not_a_person(seeds, graph):
    unsigned = {sid for sid, s in seeds["sources"].items() if s["author"] == "unsigned"}
    assert len(unsigned) == 2
    rows = graph.query(
        """PREFIX am: <https://w3id.org/argmap/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?id ?name WHERE { ?s dcterms:identifier ?id ; dcterms:creator ?a . ?a a am:Organization ; rdfs:label ?name . }"""
    )
    assert {(str(r.id), str(r.name)) for r in rows} == {(sid, seeds["sources"][sid]["publisher"]) for sid in unsigned}


def test_contradictions_between_authors_include_every_curated_one(seeds, graph):
    rows = {(str(r.nameA), str(r.nameB)): int(r.n) for r in graph.query(AUTHORS_QUERY)}
    curated = Counter()
    for r in seeds["relations"]:
        if r["type"] != "contradicts":
            continue
        a = seeds["author"](seeds["claims"][r["from"]]["source"])
        b = seeds["author"](seeds["claims"][r["to"]]["source"])
        if a != b:
            curated[(a, b)] += 1
    assert curated, "the seeds should hold cross-author contradictions"
    for pair, n in curated.items():
        assert rows.get(pair, 0) >= n, f"{pair}: {n} curated contradictions, query found {rows.get(pair, 0)}"
    derived = len(
        list(
            graph.query(
                """PREFIX am: <https://w3id.org/argmap/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>
                SELECT ?r WHERE { ?r a am:Contradiction ; am:method am:Derived ; am:from/am:source/dcterms:creator ?x ;
                                     am:to/am:source/dcterms:creator ?y . FILTER(?x != ?y) }"""
            )
        )
    )
    assert sum(rows.values()) == sum(curated.values()) + derived


def test_independent_actor_claims_come_from_several_authors_with_verbatim_quotes(seeds, graph):
    rows = list(graph.query(INDEPENDENT_QUERY))
    expected = {
        (c["source"], c["quote"])
        for c in seeds["claims"].values()
        if "independent" in (c.get("statement") or "").lower()
    }
    assert {(str(r.sourceId), str(r.quote)) for r in rows} >= expected
    assert len({str(r.sourceId) for r in rows}) >= 2
    for r in rows:
        article = (SEEDS / "articles" / f"{r.sourceId}.txt").read_text(encoding="utf-8")
        assert str(r.quote) in article


@pytest.mark.parametrize(
    "proposition", ["russia-sees-japan-not-independent", "japan-sanctions-moderate-symbolic"]
)
def test_mission_examples_span_several_authors_and_are_linked(seeds, graph, proposition):
    members = [cid for cid, c in seeds["claims"].items() if c.get("proposition") == proposition]
    authors = {seeds["author"](seeds["claims"][cid]["source"]) for cid in members}
    assert len(authors) >= 2, (proposition, authors)
    linked = [
        r for r in seeds["relations"]
        if (r["from"] in members or r["to"] in members)
        and seeds["author"](seeds["claims"][r["from"]]["source"]) != seeds["author"](seeds["claims"][r["to"]]["source"])
    ]
    assert linked, f"no curated cross-author relation touches {proposition}"
    rows = graph.query(
        """PREFIX am: <https://w3id.org/argmap/ns#>
        SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c am:expresses ?p . }""",
        initBindings={"p": URIRef(f"https://w3id.org/argmap/id/proposition/{proposition}")},
    )
    assert int(next(iter(rows)).n) == len(members)
