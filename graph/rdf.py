"""Stage 4a, export: an ArgumentMap -> RDF under the argmap ontology -> deterministic Turtle.

Every node gets an IRI under https://w3id.org/argmap/id/ (no blank nodes), so that the Turtle
serializer's sorted output is byte-identical from one build of the same inputs to the next.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote as iri_quote

import pyoxigraph
from rdflib import Graph, Literal, URIRef

from .assemble import ArgumentMap
from .models import Author, AuthorKind, Claim, Method, Polarity, Relation, RelationKind, Source, slugify
from .vocab import AIF, AM, DCTERMS, ID, OA, PREFIXES, PROV, RDF, RDFS, XSD

# How much context the Web Annotation quote selector keeps on each side of the quote.
SELECTOR_CONTEXT = 32

# Prefixes written into the Turtle: the vocabularies, and one per kind of minted data IRI.
TURTLE_PREFIXES = {
    **{prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix not in {"amid", "owl"}},
    **{kind: f"{ID}{kind}/" for kind in ("claim", "anchor", "selector", "source", "author", "relation", "entity", "proposition", "rule")},
}

METHOD_TERMS = {Method.CURATED: AM.Curated, Method.RULE_EXTRACTED: AM.RuleExtracted, Method.DERIVED: AM.Derived}
POLARITY_TERMS = {Polarity.AFFIRMED: AM.Affirmed, Polarity.DENIED: AM.Denied}
RELATION_TERMS = {
    RelationKind.SUPPORTS: (AM.supports, AM.Support, AIF["RA-node"]),
    RelationKind.CONTRADICTS: (AM.contradicts, AM.Contradiction, AIF["CA-node"]),
}


def claim_iri(claim_id: str) -> URIRef:
    return ID[f"claim/{claim_id}"]


def source_iri(source_id: str) -> URIRef:
    return ID[f"source/{source_id}"]


def author_iri(author: Author) -> URIRef:
    return ID[f"author/{author.id}"]


def relation_iri(relation: Relation) -> URIRef:
    return ID[f"relation/{relation.id}"]


def entity_iri(label: str) -> URIRef:
    return ID[f"entity/{slugify(label)}"]


def proposition_iri(proposition_id: str) -> URIRef:
    return ID[f"proposition/{proposition_id}"]


def rule_activity_iri(rule: str) -> URIRef:
    return ID[f"rule/{iri_quote(rule, safe='')}"]


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def to_rdf(amap: ArgumentMap) -> Graph:
    """The whole map as an rdflib Graph following the am: contract (see ontology/argmap.ttl)."""
    graph = new_graph()
    sources = {s.id: s for s in amap.sources}
    for source in amap.sources:
        _add_source(graph, source)
    for proposition in amap.propositions:
        iri = proposition_iri(proposition.id)
        graph.add((iri, RDF.type, AM.Proposition))
        graph.add((iri, AM.text, Literal(proposition.text)))
    for claim in amap.claims:
        _add_claim(graph, claim, sources[claim.source_id])
    for relation in amap.relations:
        _add_relation(graph, relation)
    for rule in amap.rules:
        iri = rule_activity_iri(rule.name)
        graph.add((iri, RDF.type, AM.RuleExtraction))
        graph.add((iri, RDFS.label, Literal(rule.label)))
        graph.add((iri, DCTERMS.identifier, Literal(rule.name)))
    return graph


def to_turtle(graph: Graph) -> bytes:
    """Turtle with the triples in sorted order, so that diffs of build/argmap.ttl mean something.

    Sorting the N-Triples lines gives a canonical order; Oxigraph then writes them as Turtle,
    grouping each subject's triples (rdflib's own Turtle writer is ~50x slower on large graphs).
    """
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    ordered = b"\n".join(sorted(line for line in lines if line.strip())) + b"\n"
    triples = pyoxigraph.parse(ordered, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)


def _add_source(graph: Graph, source: Source) -> None:
    iri = source_iri(source.id)
    author = author_iri(source.author)
    graph.add((iri, RDF.type, AM.Source))
    graph.add((iri, DCTERMS.identifier, Literal(source.id)))
    graph.add((iri, DCTERMS.title, Literal(source.title)))
    graph.add((iri, DCTERMS.creator, author))
    graph.add((iri, AM.contentHash, Literal(source.sha256)))
    if source.publisher:
        graph.add((iri, DCTERMS.publisher, Literal(source.publisher)))
    if source.date:
        graph.add((iri, DCTERMS.date, Literal(source.date, datatype=_date_type(source.date))))
    if source.date_note:
        graph.add((iri, AM.dateNote, Literal(source.date_note)))
    if source.url:
        graph.add((iri, AM.url, Literal(source.url, datatype=XSD.anyURI)))
    graph.add((author, RDF.type, AM.Author))
    graph.add((author, RDF.type, AM.Person if source.author.kind is AuthorKind.PERSON else AM.Organization))
    graph.add((author, RDFS.label, Literal(source.author.name)))
    if source.author.affiliation:
        graph.add((author, AM.affiliation, Literal(source.author.affiliation)))


def _date_type(date: str) -> URIRef:
    return {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(date), XSD.date)


def _add_claim(graph: Graph, claim: Claim, source: Source) -> None:
    iri = claim_iri(claim.id)
    src = source_iri(source.id)
    graph.add((iri, RDF.type, AM.Claim))
    graph.add((iri, RDF.type, AIF["I-node"]))
    graph.add((iri, RDFS.label, Literal(claim.statement)))
    graph.add((iri, AM.text, Literal(claim.statement)))
    graph.add((iri, AM.quote, Literal(claim.quote)))
    graph.add((iri, AM.source, src))
    graph.add((iri, PROV.wasQuotedFrom, src))
    graph.add((iri, AM.method, METHOD_TERMS[claim.method]))
    graph.add((iri, AM.polarity, POLARITY_TERMS[claim.polarity]))
    about = entity_iri(claim.about)
    graph.add((iri, AM.about, about))
    graph.add((about, RDF.type, AM.Entity))
    graph.add((about, RDFS.label, Literal(claim.about)))
    if claim.proposition_id:
        graph.add((iri, AM.expresses, proposition_iri(claim.proposition_id)))
    if claim.holder:
        graph.add((iri, AM.holder, Literal(claim.holder)))
    if claim.confidence is not None:
        graph.add((iri, AM.confidence, Literal(Decimal(str(claim.confidence)), datatype=XSD.decimal)))
    if claim.method is Method.RULE_EXTRACTED and claim.rule:
        graph.add((iri, PROV.wasGeneratedBy, rule_activity_iri(claim.rule)))
    else:
        graph.add((iri, PROV.wasGeneratedBy, AM.SeedCuration))
    if claim.location:
        graph.add((iri, AM.curatedIn, Literal(str(claim.location))))
    if claim.key:
        graph.add((iri, AM.claimKey, Literal(claim.key)))
    for rule in claim.also_found_by:
        graph.add((iri, AM.alsoFoundBy, rule_activity_iri(rule)))
    _add_anchor(graph, iri, claim, source)


def _add_anchor(graph: Graph, claim_node: URIRef, claim: Claim, source: Source) -> None:
    # Ids are slugs (no "."), so "<id>.quote" can never clash with another claim's selector.
    anchor = ID[f"anchor/{claim.id}"]
    quote_selector = ID[f"selector/{claim.id}.quote"]
    position_selector = ID[f"selector/{claim.id}.position"]
    start, end = claim.span.start, claim.span.end
    graph.add((claim_node, AM.anchor, anchor))
    graph.add((anchor, RDF.type, AM.Anchor))
    graph.add((anchor, RDF.type, OA.SpecificResource))
    graph.add((anchor, OA.hasSource, source_iri(source.id)))
    graph.add((anchor, OA.hasSelector, quote_selector))
    graph.add((anchor, OA.hasSelector, position_selector))
    graph.add((quote_selector, RDF.type, OA.TextQuoteSelector))
    graph.add((quote_selector, OA.exact, Literal(source.text[start:end])))
    graph.add((quote_selector, OA.prefix, Literal(source.text[max(0, start - SELECTOR_CONTEXT) : start])))
    graph.add((quote_selector, OA.suffix, Literal(source.text[end : end + SELECTOR_CONTEXT])))
    graph.add((position_selector, RDF.type, OA.TextPositionSelector))
    graph.add((position_selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((position_selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))


def _add_relation(graph: Graph, relation: Relation) -> None:
    predicate, node_class, aif_class = RELATION_TERMS[relation.kind]
    a, b = claim_iri(relation.from_id), claim_iri(relation.to_id)
    node = relation_iri(relation)
    graph.add((a, predicate, b))
    graph.add((node, RDF.type, node_class))
    graph.add((node, RDF.type, aif_class))
    graph.add((node, AM["from"], a))
    graph.add((node, AM.to, b))
    graph.add((node, AM.rationale, Literal(relation.rationale)))
    graph.add((node, AM.method, METHOD_TERMS[relation.method]))
    if relation.method is Method.DERIVED:
        graph.add((node, AM.derivationKey, Literal(relation.derivation_key or "")))
        if relation.derivation_key and relation.derivation_key.startswith("proposition:"):
            graph.add((node, PROV.wasDerivedFrom, proposition_iri(relation.derivation_key.split(":", 1)[1])))
    else:
        graph.add((node, PROV.wasGeneratedBy, AM.SeedCuration))
    if relation.location:
        graph.add((node, AM.curatedIn, Literal(str(relation.location))))
