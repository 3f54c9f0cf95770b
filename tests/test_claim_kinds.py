"""Claim kinds (am:kind) and holder actors (am:holderActor): curated claims may give a kind,
validated and located; extracted claims always have one; both reach the graph and SPARQL."""

from __future__ import annotations

import pytest
from argmap import pipeline
from argmap.errors import InputError
from argmap.models import ClaimKind
from argmap.options import BuildOptions
from argmap.rdf import to_rdf
from argmap.seeds import load_corpus

from .conftest import SEEDS


def test_a_curated_claim_may_give_its_kind(mini_copy):
    path = mini_copy / "claims" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    polarity: affirmed\n    holder: Moscow\n",
                                                             "    polarity: affirmed\n    holder: Moscow\n    kind: belief\n"), encoding="utf-8")
    claims = {c.id: c for c in load_corpus(mini_copy).claims}
    assert claims["alpha-not-independent"].kind is ClaimKind.BELIEF
    assert claims["alpha-sanctions-moderate"].kind is None  # optional: unknown stays unknown


def test_an_unknown_kind_is_a_located_error(mini_copy):
    path = mini_copy / "claims" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    polarity: affirmed\n    holder: Moscow\n",
                                                             "    polarity: affirmed\n    holder: Moscow\n    kind: opinion\n"), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_corpus(mini_copy)
    [issue] = raised.value.issues
    assert "claims/alpha.yaml:9: claim alpha-not-independent: `kind` is 'opinion'" in str(issue), str(issue)


def test_every_seed_claim_has_a_kind_and_kinds_and_holder_actors_are_queryable(seed_map):
    assert all(c.kind is not None for c in seed_map.claims)
    graph = to_rdf(seed_map)
    kinds = {str(r.kind).rsplit("#", 1)[1] for r in graph.query(
        "PREFIX am: <https://w3id.org/argmap/ns#> SELECT DISTINCT ?kind WHERE { ?c a am:Claim ; am:kind ?kind }")}
    assert kinds == {"Fact", "Assessment", "Prediction", "Goal", "Belief"}
    held = list(graph.query("""
        PREFIX am: <https://w3id.org/argmap/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?words ?actor WHERE { ?c am:holder ?words ; am:holderActor ?a . ?a a am:Entity ; rdfs:label ?actor }"""))
    assert ("Japanese Prime Minister Shinzo Abe", "Japan") in {(str(r.words), str(r.actor)) for r in held}


def test_the_built_graph_with_kinds_conforms_to_the_shapes(tmp_path):
    result = pipeline.build(BuildOptions(SEEDS, parse_cache=False), tmp_path / "out", shacl=True)
    assert result.shacl == "conforms"
