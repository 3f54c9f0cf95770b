"""Stage 2, assemble: a corpus (and later, extracted claims) -> one ArgumentMap.

Agreement that nobody drew an edge for is made explicit here: claims of different authors that
express the same proposition get a derived supports (same polarity) or contradicts (opposite
polarity) relation, marked am:Derived with the key that matched, so readers can filter them.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
from pydantic import BaseModel, ConfigDict

from .models import Claim, Corpus, Method, Proposition, Relation, RelationKind, Source


class ArgumentMap(BaseModel):
    """The assembled graph's content, sorted so every export is deterministic."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[Source, ...]
    propositions: tuple[Proposition, ...]
    claims: tuple[Claim, ...]
    relations: tuple[Relation, ...]


def assemble(corpus: Corpus) -> ArgumentMap:
    """Combine curated claims and relations with the relations their shared propositions imply."""
    derived = derive_proposition_relations(corpus.claims, corpus.sources, corpus.relations)
    return ArgumentMap(
        sources=corpus.sources,
        propositions=corpus.propositions,
        claims=tuple(sorted(corpus.claims, key=lambda c: c.id)),
        relations=tuple(sorted((*corpus.relations, *derived), key=lambda r: r.id)),
    )


def derive_proposition_relations(
    claims: tuple[Claim, ...], sources: tuple[Source, ...], existing: tuple[Relation, ...]
) -> list[Relation]:
    """One derived relation per pair of claims by different authors that express one proposition."""
    author_of = {s.id: s.author.id for s in sources}
    linked = {frozenset((r.from_id, r.to_id)) for r in existing}
    by_proposition: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.proposition_id:
            by_proposition.setdefault(claim.proposition_id, []).append(claim)
    derived = []
    for proposition_id, group in sorted(by_proposition.items()):
        for a, b in combinations(sorted(group, key=lambda c: c.id), 2):
            if author_of[a.source_id] == author_of[b.source_id] or frozenset((a.id, b.id)) in linked:
                continue  # agreement with oneself says nothing; a curated edge already says it better
            same = a.polarity == b.polarity
            derived.append(
                Relation(
                    from_id=a.id,
                    kind=RelationKind.SUPPORTS if same else RelationKind.CONTRADICTS,
                    to_id=b.id,
                    rationale=(
                        f"Both {'affirm' if a.polarity == 'affirmed' else 'deny'} the proposition “{proposition_id}”."
                        if same
                        else f"One affirms and the other denies the proposition “{proposition_id}”."
                    ),
                    method=Method.DERIVED,
                    derivation_key=f"proposition:{proposition_id}",
                )
            )
    return derived


def to_networkx(amap: ArgumentMap) -> nx.MultiDiGraph:
    """The map as a networkx graph: claim ids as nodes, one keyed edge per relation."""
    graph = nx.MultiDiGraph()
    sources = {s.id: s for s in amap.sources}
    for claim in amap.claims:
        source = sources[claim.source_id]
        graph.add_node(claim.id, claim=claim, source=source, author=source.author.id)
    for relation in amap.relations:
        graph.add_edge(relation.from_id, relation.to_id, key=relation.id, relation=relation, kind=relation.kind.value, method=relation.method.value)
    return graph
