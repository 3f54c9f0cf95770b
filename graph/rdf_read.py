"""The export stage read backwards: an argmap Turtle file -> the ArgumentMap it was written from.

So that two builds can be compared (`argmap diff`, and `argmap build`'s summary against the build it
replaces) with the same analyses that made them, from nothing but their Turtle. It reads the am:
contract that rdf.py writes; what the Turtle does not carry comes back empty (the article texts, the
rules' kinds).

A file that is not argmap's, or was made with another version of the ontology, is refused with
one line saying so: comparing graphs of two vocabularies would report the vocabulary as content.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from .assemble import ArgumentMap
from .errors import ArgmapError
from .models import (
    Author,
    AuthorKind,
    Authorship,
    Claim,
    ClaimKind,
    Location,
    Method,
    Polarity,
    Proposition,
    Relation,
    RelationKind,
    RuleInfo,
    Source,
    Span,
)
from .vocab import AM, DATA_BASE, DCTERMS, OA, ONTOLOGY_VERSION_IRI, PROV, RDF, RDFS

TURTLE_NAME = "argmap.ttl"  # what a build folder holds (pipeline.TURTLE_NAME)
_METHODS = {str(AM.Curated): Method.CURATED, str(AM.RuleExtracted): Method.RULE_EXTRACTED, str(AM.Derived): Method.DERIVED,
            str(AM.Suggested): Method.SUGGESTED}


class GraphReadError(ArgmapError):
    """A file given as an argmap graph is missing, unreadable, not argmap's, or of another ontology version."""


def resolve_graph(path: Path) -> Path:
    """A Turtle file as given, or the argmap.ttl of a build folder."""
    path = Path(path)
    if path.is_dir():
        turtle = path / TURTLE_NAME
        if not turtle.is_file():
            raise GraphReadError(f"{path}: a folder without {TURTLE_NAME}; give a build folder (argmap build --out DIR) or a Turtle file")
        return turtle
    if not path.is_file():
        raise GraphReadError(f"{path}: no such file or folder; give a build folder or an argmap Turtle file")
    return path


# The properties read back (one value each, except those in _MANY); everything else (quote selectors'
# context, anchors, the am:supports edges beside relation nodes, …) is skipped while parsing: a
# 1,000-article graph has 680,000 triples, and only about half of them are needed here.
_ONE = (AM.text, AM.quote, AM.source, AM.polarity, AM.method, AM.about, AM.expresses, AM.holder, AM.confidence, AM.curatedIn,
        AM.claimKey, PROV.wasGeneratedBy, AM.rationale, AM.derivationKey, AM["from"], AM.to, DCTERMS.identifier, DCTERMS.title,
        DCTERMS.publisher, DCTERMS.date, AM.dateNote, AM.url, AM.contentHash, AM.affiliation, RDFS.label, OA.start, OA.end,
        AM.kind, DCTERMS.creator, AM.authorship, AM.authorNote, AM.familyName, AM.givenName, AM.authorList, RDF.first, RDF.rest,
        DCTERMS.conformsTo, AM.score, AM.holderActor)
_MANY = (AM.alsoFoundBy,)
_CLASSES = (AM.Claim, AM.Source, AM.Proposition, AM.Support, AM.Contradiction, AM.RuleExtraction, AM.Organization, AM.AuthorGroup,
            AM.UnknownAuthor, AM.ArgumentMap)
_AUTHORSHIPS = {str(AM.Signed): Authorship.SIGNED, str(AM.Unsigned): Authorship.UNSIGNED, str(AM.AuthorUnknown): Authorship.UNKNOWN}


class _Triples:
    """What read_map keeps of a graph: per property, subject -> value(s); per class, its members (all as str)."""

    def __init__(self, turtle: Path):
        one = {ox.NamedNode(str(p)): {} for p in _ONE}
        many = {ox.NamedNode(str(p)): {} for p in _MANY}
        classes = {ox.NamedNode(str(c)): [] for c in _CLASSES}
        rdf_type = ox.NamedNode(str(RDF.type))
        for triple in ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE):
            predicate = triple.predicate
            values = one.get(predicate)
            if values is not None:
                values[triple.subject.value] = triple.object.value
            elif predicate == rdf_type:
                members = classes.get(triple.object)
                if members is not None:
                    members.append(triple.subject.value)
            else:
                values = many.get(predicate)
                if values is not None:
                    values.setdefault(triple.subject.value, []).append(triple.object.value)
        self.one = {p.value: v for p, v in one.items()}
        self.many = {p.value: v for p, v in many.items()}
        self.classes = {c.value: sorted(m) for c, m in classes.items()}

    def get(self, subject: str, predicate: URIRef | str) -> str | None:
        return self.one[str(predicate)].get(subject)

    def members(self, cls: URIRef) -> list[str]:
        return self.classes[str(cls)]


def read_map(path: Path) -> ArgumentMap:
    """The ArgumentMap of an argmap Turtle file (or build folder), checked to be of this ontology version."""
    turtle = resolve_graph(path)
    try:
        triples = _Triples(turtle)
    except (SyntaxError, ValueError, OSError) as err:
        raise GraphReadError(f"{turtle}: not a Turtle file argmap can read ({' '.join(str(err).split())})") from None
    _check_version(turtle, triples)
    return _Reader(triples).map()


def _check_version(turtle: Path, triples: _Triples) -> None:
    map_iri = f"{DATA_BASE}map"
    if map_iri not in triples.members(AM.ArgumentMap):
        if not triples.members(AM.Claim):
            raise GraphReadError(f"{turtle}: not an argmap graph (no am:Claim in it); give a build folder or the argmap.ttl of one")
        raise GraphReadError(f"{turtle}: an argmap graph that does not say its ontology version (made by an older argmap); "
                             f"rebuild it with this argmap (argmap build)")
    version = triples.get(map_iri, DCTERMS.conformsTo)
    if version != ONTOLOGY_VERSION_IRI:
        found = version.rsplit("/", 1)[-1] if version else "none"
        raise GraphReadError(f"{turtle}: made with ontology version {found}, this argmap speaks "
                             f"{ONTOLOGY_VERSION_IRI.rsplit('/', 1)[-1]}; rebuild it with this argmap (argmap build) to compare")


def _local(iri: str, kind: str) -> str:
    return iri.removeprefix(f"{DATA_BASE}{kind}/")


class _Reader:
    """Builds the models from _Triples; each property's subject -> value table is looked up once, here
    (a vocabulary term's attribute lookup costs more than the dictionary lookup it names).

    Claims, relations and their parts are made with model_construct, without validation: a graph
    reaches here only after its ontology version was checked, and every value is put in the type
    the model declares (enums as enums, tuples as tuples); validating 40,000 models again would be
    a third of the reading at 1,000 articles."""

    def __init__(self, triples: _Triples):
        self.t = triples
        self.author_kinds = {
            **{a: AuthorKind.ORGANIZATION for a in triples.members(AM.Organization)},
            **{a: AuthorKind.GROUP for a in triples.members(AM.AuthorGroup)},
            **{a: AuthorKind.UNKNOWN for a in triples.members(AM.UnknownAuthor)},
        }
        one = triples.one
        (self.text, self.quote, self.source_of, self.polarity, self.method, self.about, self.expresses, self.holder,
         self.confidence, self.curated_in, self.claim_key, self.generated_by, self.rationale, self.derivation_key,
         self.from_, self.to, self.identifier, self.title, self.publisher, self.date, self.date_note, self.url,
         self.content_hash, self.affiliation, self.label, self.start, self.end, self.kind, self.creator, self.authorship,
         self.author_note, self.family, self.given, self.author_list, self.first, self.rest, _, self.score, self.holder_actor) = (one[str(p)] for p in _ONE)
        (self.also_found_by,) = (triples.many[str(p)] for p in _MANY)
        self.denied = str(AM.Denied)

    def map(self) -> ArgumentMap:
        rules = {iri: RuleInfo(name=self.identifier.get(iri) or "", label=self.label.get(iri) or "", kind="")
                 for iri in self.t.members(AM.RuleExtraction)}
        relations = [(iri, RelationKind.SUPPORTS) for iri in self.t.members(AM.Support)]
        relations += [(iri, RelationKind.CONTRADICTS) for iri in self.t.members(AM.Contradiction)]
        read = sorted((self.relation(iri, kind) for iri, kind in relations), key=lambda r: r.id)
        return ArgumentMap(
            sources=tuple(sorted((self.source(iri) for iri in self.t.members(AM.Source)), key=lambda s: s.id)),
            propositions=tuple(Proposition(id=_local(iri, "proposition"), text=self.text.get(iri) or "")
                               for iri in self.t.members(AM.Proposition)),
            claims=tuple(sorted((self.claim(iri, rules) for iri in self.t.members(AM.Claim)), key=lambda c: c.id)),
            relations=tuple(r for r in read if r.method is not Method.SUGGESTED),
            suggestions=tuple(r for r in read if r.method is Method.SUGGESTED),  # kept apart, as assemble keeps them
            rules=tuple(sorted(rules.values(), key=lambda r: r.name)),
        )

    def author(self, iri: str) -> Author:
        return Author(id=_local(iri, "author"), name=self.label.get(iri) or "", kind=self.author_kinds.get(iri, AuthorKind.PERSON),
                      affiliation=self.affiliation.get(iri), family=self.family.get(iri), given=self.given.get(iri))

    def byline(self, iri: str) -> tuple[Author, ...]:
        """The named authors in byline order, from the source's am:authorList."""
        authors, cell = [], self.author_list.get(iri)
        while cell and cell != str(RDF.nil):
            authors.append(self.author(self.first[cell]))
            cell = self.rest.get(cell)
        return tuple(authors)

    def source(self, iri: str) -> Source:
        return Source(
            id=self.identifier.get(iri) or _local(iri, "source"),
            title=self.title.get(iri) or "",
            author=self.author(self.creator.get(iri) or ""),
            authors=self.byline(iri),
            authorship=_AUTHORSHIPS.get(self.authorship.get(iri) or "", Authorship.SIGNED),
            author_note=self.author_note.get(iri),
            publisher=self.publisher.get(iri),
            date=self.date.get(iri),
            date_note=self.date_note.get(iri),
            url=self.url.get(iri),
            text="",
            sha256=self.content_hash.get(iri) or "",
        )

    def claim(self, iri: str, rules: dict[str, RuleInfo]) -> Claim:
        claim_id = _local(iri, "claim")
        position = f"{DATA_BASE}selector/{claim_id}.position"
        generated = self.generated_by.get(iri)
        proposition = self.expresses.get(iri)
        confidence = self.confidence.get(iri)
        found_by = self.also_found_by.get(iri)
        return Claim.model_construct(
            id=claim_id,
            source_id=_local(self.source_of.get(iri) or "", "source"),
            statement=self.text.get(iri) or "",
            quote=self.quote.get(iri) or "",
            span=Span.model_construct(start=int(self.start.get(position) or 0), end=int(self.end.get(position) or 1)),
            about=self.label.get(self.about.get(iri) or "") or "",
            polarity=Polarity.DENIED if self.polarity.get(iri) == self.denied else Polarity.AFFIRMED,
            proposition_id=_local(proposition, "proposition") if proposition else None,
            holder=self.holder.get(iri),
            holder_actor=self.label.get(actor) if (actor := self.holder_actor.get(iri)) else None,
            confidence=float(confidence) if confidence is not None else None,
            kind=_claim_kind(self.kind.get(iri)),
            method=_METHODS.get(self.method.get(iri) or "", Method.CURATED),
            rule=rules[generated].name if generated in rules else None,
            location=_location(self.curated_in.get(iri)),
            triple_key=self.claim_key.get(iri),
            also_found_by=tuple(sorted(rules[r].name for r in found_by if r in rules)) if found_by else (),
        )

    def relation(self, iri: str, kind: RelationKind) -> Relation:
        return Relation.model_construct(
            from_id=_local(self.from_.get(iri) or "", "claim"),
            kind=kind,
            to_id=_local(self.to.get(iri) or "", "claim"),
            rationale=self.rationale.get(iri) or "",
            method=_METHODS.get(self.method.get(iri) or "", Method.CURATED),
            derivation_key=self.derivation_key.get(iri),
            location=_location(self.curated_in.get(iri)),
            score=float(score) if (score := self.score.get(iri)) is not None else None,
        )


def _claim_kind(value: str | None) -> ClaimKind | None:
    if not value:
        return None
    name = value.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()
    return ClaimKind(name) if name in ClaimKind._value2member_map_ else None


def _location(value: str | None) -> Location | None:
    if not value:
        return None
    path, _, line = value.rpartition(":")
    return Location.model_construct(path=path, line=int(line)) if line.isdigit() else None
