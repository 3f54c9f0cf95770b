"""Small argument maps written by hand, for worked examples whose answers are counted on paper.

The maps go through the real assemble stage (so derived relations are made as in a build); only
the load stage is skipped: quotes and spans are placeholders, since no analysis reads them.
"""

from __future__ import annotations

from argmap.assemble import ArgumentMap, assemble
from argmap.models import Author, AuthorKind, Claim, ClaimKind, Corpus, Polarity, Proposition, Relation, RelationKind, Source, Span, slugify


def source(source_id: str, author: str, date: str | None) -> Source:
    return Source(id=source_id, title=f"Article {source_id}", author=Author(id=slugify(author), name=author, kind=AuthorKind.PERSON),
                  signed=True, publisher=None, date=date, date_note=None, url=None, text="placeholder text", sha256="0" * 64)


def claim(claim_id: str, source_id: str, statement: str = "", polarity: str = "affirmed", proposition: str | None = None,
          holder: str | None = None, kind: ClaimKind | None = None) -> Claim:
    return Claim(id=claim_id, source_id=source_id, statement=statement or claim_id.replace("-", " "), quote="placeholder",
                 span=Span(start=0, end=11), about="Japan", polarity=Polarity(polarity), proposition_id=proposition,
                 holder=holder, kind=kind)


def relation(from_id: str, kind: str, to_id: str) -> Relation:
    return Relation(from_id=from_id, kind=RelationKind(kind), to_id=to_id, rationale=f"{from_id} {kind} {to_id}")


def make_map(sources: list[Source], claims: list[Claim], relations: list[Relation] = (), propositions: dict[str, str] | None = None) -> ArgumentMap:
    """Assemble the map as a build would (derived relations for shared propositions included)."""
    corpus = Corpus(sources=tuple(sources), claims=tuple(claims), relations=tuple(relations),
                    propositions=tuple(Proposition(id=i, text=t) for i, t in (propositions or {}).items()))
    return assemble(corpus)
