"""Stage 4a, export: an ArgumentMap -> RDF under the argmap ontology -> deterministic Turtle.

Every node gets an IRI under https://w3id.org/argmap/id/ (no blank nodes), so that the Turtle
serializer's sorted output is byte-identical from one build of the same inputs to the next.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote as iri_quote

import pyoxigraph
from rdflib import Graph, Literal, URIRef

from .assemble import ArgumentMap
from .chronology import Outcome, prediction_checks
from .models import Author, AuthorKind, Authorship, Claim, ClaimKind, Method, Polarity, Relation, RelationKind, Source, slugify
from .vocab import AIF, AM, DCTERMS, ID, OA, ONTOLOGY_VERSION_IRI, PREFIXES, PROV, RDF, RDFS, XSD

# How much context the Web Annotation quote selector keeps on each side of the quote.
SELECTOR_CONTEXT = 32

# Prefixes written into the Turtle: the vocabularies, and one per kind of minted data IRI.
TURTLE_PREFIXES = {
    **{prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix not in {"amid", "owl"}},
    **{kind: f"{ID}{kind}/" for kind in ("claim", "anchor", "selector", "source", "author", "relation", "entity", "proposition", "rule")},
}

AUTHOR_KIND_TERMS = {AuthorKind.PERSON: AM.Person, AuthorKind.ORGANIZATION: AM.Organization,
                     AuthorKind.GROUP: AM.AuthorGroup, AuthorKind.UNKNOWN: AM.UnknownAuthor}
AUTHORSHIP_TERMS = {Authorship.SIGNED: AM.Signed, Authorship.UNSIGNED: AM.Unsigned, Authorship.UNKNOWN: AM.AuthorUnknown}
METHOD_TERMS = {Method.CURATED: AM.Curated, Method.RULE_EXTRACTED: AM.RuleExtracted, Method.DERIVED: AM.Derived,
                Method.SUGGESTED: AM.Suggested}
POLARITY_TERMS = {Polarity.AFFIRMED: AM.Affirmed, Polarity.DENIED: AM.Denied}
OUTCOME_TERMS = {Outcome.BORNE_OUT: AM.BorneOut, Outcome.REFUTED: AM.Refuted}
MAP_IRI = ID["map"]  # the graph itself: which ontology version it speaks (argmap diff checks it)
KIND_TERMS = {ClaimKind.FACT: AM.Fact, ClaimKind.ASSESSMENT: AM.Assessment, ClaimKind.PREDICTION: AM.Prediction,
              ClaimKind.GOAL: AM.Goal, ClaimKind.BELIEF: AM.Belief}
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


# pyoxigraph terms of the vocabulary, made once: a build names the same few dozen terms millions
# of times. Data IRIs (claims, sources, …) are made as needed: caching them would keep every map's.
_node = functools.lru_cache(maxsize=None)(pyoxigraph.NamedNode)
_iri = pyoxigraph.NamedNode
_XSD_STRING = str(XSD.string)


def _text(value: str) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(value)


def _typed(lexical: str, datatype: URIRef) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(lexical, datatype=_node(datatype))


class _Triples:
    """The triples of a map, collected as pyoxigraph terms.

    An rdflib Graph indexes every triple as it is added, which was ~70% of making a large map's
    RDF; a plain list of pyoxigraph triples costs a fraction of that, and pyoxigraph serializes it
    as Turtle directly. An rdflib Graph is made from it only where rdflib is needed (to_rdflib).
    """

    def __init__(self) -> None:
        self.triples: list[pyoxigraph.Triple] = []

    def add(self, subject: pyoxigraph.NamedNode, predicate: URIRef, obj: pyoxigraph.NamedNode | pyoxigraph.Literal | URIRef) -> None:
        if isinstance(obj, URIRef):
            obj = _node(obj)
        self.triples.append(pyoxigraph.Triple(subject, _node(predicate), obj))


def to_triples(amap: ArgumentMap) -> list[pyoxigraph.Triple]:
    """The whole map as distinct RDF triples following the am: contract (see ontology/argmap.ttl), unsorted."""
    out = _Triples()
    for source in amap.sources:
        _add_source(out, source)
    for proposition in amap.propositions:
        iri = _iri(proposition_iri(proposition.id))
        out.add(iri, RDF.type, AM.Proposition)
        out.add(iri, AM.text, _text(proposition.text))
    for claim in amap.claims:
        _add_claim(out, claim, amap.source_of(claim))
    checks = prediction_checks(amap)
    for relation in amap.relations:
        _add_relation(out, relation)
        if relation.id in checks:
            out.add(_iri(relation_iri(relation)), AM.outcome, OUTCOME_TERMS[checks[relation.id].outcome])
    out.add(_iri(MAP_IRI), RDF.type, AM.ArgumentMap)
    out.add(_iri(MAP_IRI), DCTERMS.conformsTo, _iri(ONTOLOGY_VERSION_IRI))
    for relation in amap.suggestions:
        _add_relation(out, relation)
    for rule in amap.rules:
        iri = _iri(rule_activity_iri(rule.name))
        out.add(iri, RDF.type, AM.RuleExtraction)
        out.add(iri, RDFS.label, _text(rule.label))
        out.add(iri, DCTERMS.identifier, _text(rule.name))
    # An entity or author is described again by each claim or source that names it: once is enough.
    return list(dict.fromkeys(out.triples))


def to_rdflib(triples: Iterable[pyoxigraph.Triple]) -> Graph:
    """The same triples as an rdflib Graph, for pyshacl and the JSON-LD writer (small graphs, mostly)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)

    def term(node: pyoxigraph.NamedNode | pyoxigraph.Literal) -> URIRef | Literal:
        if isinstance(node, pyoxigraph.NamedNode):
            return URIRef(node.value)
        datatype = node.datatype.value
        # rdflib keeps "x" and "x"^^xsd:string apart; Turtle parsers read a plain "x" as the former.
        return Literal(node.value) if datatype == _XSD_STRING else Literal(node.value, datatype=URIRef(datatype))

    for triple in triples:
        graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return graph


def to_rdf(amap: ArgumentMap) -> Graph:
    """The whole map as an rdflib Graph (to_triples, converted)."""
    return to_rdflib(to_triples(amap))


def to_turtle(triples: Iterable[pyoxigraph.Triple]) -> bytes:
    """Turtle with the (distinct, as to_triples gives them) triples in sorted order, so that diffs
    of build/argmap.ttl mean something.

    The order is that of the triples' N-Triples form; Oxigraph writes them as Turtle, grouping
    each subject's triples (rdflib's own Turtle writer is ~50x slower on large graphs).
    """
    ordered = sorted(triples, key=str)
    return pyoxigraph.serialize(ordered, format=pyoxigraph.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)


def _add_source(out: _Triples, source: Source) -> None:
    iri = _iri(source_iri(source.id))
    author = _iri(author_iri(source.author))
    out.add(iri, RDF.type, AM.Source)
    out.add(iri, DCTERMS.identifier, _text(source.id))
    out.add(iri, DCTERMS.title, _text(source.title))
    # Exactly one creator, whom the claims are attributed to (a person, the co-authors as a group,
    # the publisher of an unsigned article, or the unknown author of this source): queries that
    # read one creator per source stay right. The named authors themselves are am:author.
    out.add(iri, DCTERMS.creator, author)
    out.add(iri, AM.authorship, AUTHORSHIP_TERMS[source.authorship])
    out.add(iri, AM.contentHash, _text(source.sha256))
    if source.publisher:
        out.add(iri, DCTERMS.publisher, _text(source.publisher))
    if source.date:
        out.add(iri, DCTERMS.date, _typed(source.date, _date_type(source.date)))
    if source.date_note:
        out.add(iri, AM.dateNote, _text(source.date_note))
    if source.author_note:
        out.add(iri, AM.authorNote, _text(source.author_note))
    if source.url:
        out.add(iri, AM.url, _typed(source.url, XSD.anyURI))
    _add_author(out, source.author)
    for named in source.authors:
        _add_author(out, named)
        out.add(iri, AM.author, _iri(author_iri(named)))
        if source.author.kind is AuthorKind.GROUP:
            out.add(author, AM.member, _iri(author_iri(named)))
    if source.authors:
        _add_author_list(out, iri, source)


def _add_author(out: _Triples, author: Author) -> None:
    iri = _iri(author_iri(author))
    out.add(iri, RDF.type, AM.Author)
    out.add(iri, RDF.type, AUTHOR_KIND_TERMS[author.kind])
    out.add(iri, RDFS.label, _text(author.name))
    if author.affiliation:
        out.add(iri, AM.affiliation, _text(author.affiliation))
    if author.family:
        out.add(iri, AM.familyName, _text(author.family))
    if author.given:
        out.add(iri, AM.givenName, _text(author.given))


def _add_author_list(out: _Triples, source_node: pyoxigraph.NamedNode, source: Source) -> None:
    """The byline's order as an RDF list (as bibo:authorList has it), with named cells: the graph
    has no blank nodes, so that its Turtle is byte-identical from one build to the next."""
    cells = [_iri(ID[f"source/{source.id}/author/{n}"]) for n in range(1, len(source.authors) + 1)]
    out.add(source_node, AM.authorList, cells[0])
    for n, (cell, named) in enumerate(zip(cells, source.authors, strict=True)):
        out.add(cell, RDF.first, _iri(author_iri(named)))
        out.add(cell, RDF.rest, cells[n + 1] if n + 1 < len(cells) else RDF.nil)


def _date_type(date: str) -> URIRef:
    return {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(date), XSD.date)


def _add_claim(out: _Triples, claim: Claim, source: Source) -> None:
    iri = _iri(claim_iri(claim.id))
    src = _iri(source_iri(source.id))
    out.add(iri, RDF.type, AM.Claim)
    out.add(iri, RDF.type, AIF["I-node"])
    statement = _text(claim.statement)
    out.add(iri, RDFS.label, statement)
    out.add(iri, AM.text, statement)
    out.add(iri, AM.quote, _text(claim.quote))
    out.add(iri, AM.source, src)
    out.add(iri, PROV.wasQuotedFrom, src)
    out.add(iri, AM.method, METHOD_TERMS[claim.method])
    out.add(iri, AM.polarity, POLARITY_TERMS[claim.polarity])
    about = _iri(entity_iri(claim.about))
    out.add(iri, AM.about, about)
    out.add(about, RDF.type, AM.Entity)
    out.add(about, RDFS.label, _text(claim.about))
    if claim.proposition_id:
        out.add(iri, AM.expresses, _iri(proposition_iri(claim.proposition_id)))
    if claim.holder:
        out.add(iri, AM.holder, _text(claim.holder))
    if claim.holder_actor:
        actor = _iri(entity_iri(claim.holder_actor))
        out.add(iri, AM.holderActor, actor)
        out.add(actor, RDF.type, AM.Entity)
        out.add(actor, RDFS.label, _text(claim.holder_actor))
    if claim.kind is not None:
        out.add(iri, AM.kind, KIND_TERMS[claim.kind])
    if claim.confidence is not None:
        out.add(iri, AM.confidence, _typed(str(Decimal(str(claim.confidence))), XSD.decimal))
    if claim.method is Method.RULE_EXTRACTED and claim.rule:
        out.add(iri, PROV.wasGeneratedBy, _iri(rule_activity_iri(claim.rule)))
    else:
        out.add(iri, PROV.wasGeneratedBy, AM.SeedCuration)
    if claim.location:
        out.add(iri, AM.curatedIn, _text(str(claim.location)))
    if claim.triple_key:
        out.add(iri, AM.claimKey, _text(claim.triple_key))
    for rule in claim.also_found_by:
        out.add(iri, AM.alsoFoundBy, _iri(rule_activity_iri(rule)))
    _add_anchor(out, iri, claim, source)


def _add_anchor(out: _Triples, claim_node: pyoxigraph.NamedNode, claim: Claim, source: Source) -> None:
    # Ids are slugs (no "."), so "<id>.quote" can never clash with another claim's selector.
    anchor = _iri(ID[f"anchor/{claim.id}"])
    quote_selector = _iri(ID[f"selector/{claim.id}.quote"])
    position_selector = _iri(ID[f"selector/{claim.id}.position"])
    start, end = claim.span.start, claim.span.end
    out.add(claim_node, AM.anchor, anchor)
    out.add(anchor, RDF.type, AM.Anchor)
    out.add(anchor, RDF.type, OA.SpecificResource)
    out.add(anchor, OA.hasSource, _iri(source_iri(source.id)))
    out.add(anchor, OA.hasSelector, quote_selector)
    out.add(anchor, OA.hasSelector, position_selector)
    out.add(quote_selector, RDF.type, OA.TextQuoteSelector)
    out.add(quote_selector, OA.exact, _text(source.text[start:end]))
    out.add(quote_selector, OA.prefix, _text(source.text[max(0, start - SELECTOR_CONTEXT) : start]))
    out.add(quote_selector, OA.suffix, _text(source.text[end : end + SELECTOR_CONTEXT]))
    out.add(position_selector, RDF.type, OA.TextPositionSelector)
    out.add(position_selector, OA.start, _typed(str(start), XSD.nonNegativeInteger))
    out.add(position_selector, OA.end, _typed(str(end), XSD.nonNegativeInteger))


def _add_relation(out: _Triples, relation: Relation) -> None:
    predicate, node_class, aif_class = RELATION_TERMS[relation.kind]
    a, b = _iri(claim_iri(relation.from_id)), _iri(claim_iri(relation.to_id))
    node = _iri(relation_iri(relation))
    if relation.method is not Method.SUGGESTED:
        # A suggestion gets its relation node only: no direct edge, so that every query on
        # am:supports / am:contradicts keeps meaning what people accepted or propositions imply.
        out.add(a, predicate, b)
    out.add(node, RDF.type, node_class)
    if relation.method is not Method.SUGGESTED:
        out.add(node, RDF.type, aif_class)  # an AIF RA/CA-node is part of the argument; a suggestion is not yet
    out.add(node, AM["from"], a)
    out.add(node, AM.to, b)
    out.add(node, AM.rationale, _text(relation.rationale))
    out.add(node, AM.method, METHOD_TERMS[relation.method])
    if relation.score is not None:
        out.add(node, AM.score, _typed(str(Decimal(str(relation.score))), XSD.decimal))
    if relation.method is Method.SUGGESTED:
        pass  # made by graph/suggest.py; the rationale says how
    elif relation.method is Method.DERIVED:
        out.add(node, AM.derivationKey, _text(relation.derivation_key or ""))
        if relation.derivation_key and relation.derivation_key.startswith("proposition:"):
            out.add(node, PROV.wasDerivedFrom, _iri(proposition_iri(relation.derivation_key.split(":", 1)[1])))
    else:
        out.add(node, PROV.wasGeneratedBy, AM.SeedCuration)
    if relation.location:
        out.add(node, AM.curatedIn, _text(str(relation.location)))
