"""The ontology file and the code's vocabulary declare exactly the same am: terms."""

from __future__ import annotations

import pytest
from argmap.vocab import AM
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from .conftest import ROOT

ONTOLOGY = ROOT / "ontology" / "argmap.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def declared_in_code() -> set[str]:
    names = set(AM.__annotations__) | set(AM._extras)
    return {str(AM._NS[name]) for name in names}


def declared_in_ontology(graph: Graph) -> set[str]:
    prefix = str(AM._NS)
    return {str(s) for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(prefix)}


def test_code_and_ontology_declare_the_same_terms(ontology):
    code, onto = declared_in_code(), declared_in_ontology(ontology)
    assert code - onto == set(), f"used in graph/vocab.py but not declared in {ONTOLOGY.name}"
    assert onto - code == set(), f"declared in {ONTOLOGY.name} but missing from argmap/vocab.py"


def test_every_term_has_a_label_and_a_comment(ontology):
    for term in declared_in_ontology(ontology):
        assert ontology.value(URIRef(term), RDFS.label), f"{term} has no rdfs:label"
        assert ontology.value(URIRef(term), RDFS.comment), f"{term} has no rdfs:comment"


def test_alignment_with_aif_prov_and_web_annotation(ontology):
    aif = "http://www.arg.dundee.ac.uk/aif#"
    assert (AM.Claim, RDFS.subClassOf, URIRef(aif + "I-node")) in ontology
    assert (AM.Support, RDFS.subClassOf, URIRef(aif + "RA-node")) in ontology
    assert (AM.Contradiction, RDFS.subClassOf, URIRef(aif + "CA-node")) in ontology
    assert (AM.source, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasQuotedFrom")) in ontology
    assert (AM.Anchor, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#SpecificResource")) in ontology
    assert (URIRef("https://w3id.org/argmap/ns"), RDF.type, OWL.Ontology) in ontology


def test_unknown_terms_fail_loudly():
    with pytest.raises(AttributeError):
        AM.Claimm  # noqa: B018
