"""Claim kinds (am:kind) and holder actors (am:holderActor) of rule-extracted claims: every extracted
claim has a kind; both reach the graph, conform to the shapes and can be queried."""

from __future__ import annotations

from argmap import pipeline
from argmap.models import ClaimKind, Method
from argmap.options import BuildOptions
from argmap.rdf import to_rdf

from .conftest import SEEDS


def test_every_extracted_claim_has_a_kind_and_kinds_and_holder_actors_are_queryable(seed_map):
    extracted = [c for c in seed_map.claims if c.method is Method.RULE_EXTRACTED]
    assert extracted and all(isinstance(c.kind, ClaimKind) for c in extracted)
    graph = to_rdf(seed_map)
    kinds = {str(r.kind).rsplit("#", 1)[1] for r in graph.query(
        "PREFIX am: <https://w3id.org/argmap/ns#> SELECT DISTINCT ?kind WHERE { ?c a am:Claim ; am:kind ?kind }")}
    assert kinds == {"Fact", "Assessment", "Prediction", "Goal", "Belief"}
    held = list(graph.query("""
        PREFIX am: <https://w3id.org/argmap/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?words ?actor WHERE { ?c am:holder ?words ; am:holderActor ?a . ?a a am:Entity ; rdfs:label ?actor }"""))
    assert ("Japanese Prime Minister Shinzo Abe", "Japan") in {(str(r.words), str(r.actor)) for r in held}


def test_claim_kind_labels_match_the_ontology():
    from argmap.ontology_files import ontology_file
    from argmap.rdf import KIND_TERMS
    from rdflib import Graph, URIRef

    ontology = Graph().parse(ontology_file("argmap.ttl"), format="turtle")
    for kind, term in KIND_TERMS.items():
        labels = {str(o) for o in ontology.objects(URIRef(str(term)), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
        assert labels == {kind.label}, (kind, labels)


def test_the_built_graph_with_kinds_conforms_to_the_shapes(tmp_path):
    result = pipeline.build(BuildOptions(SEEDS, parse_cache=False), tmp_path / "out", shacl=True)
    assert result.shacl == "conforms"
