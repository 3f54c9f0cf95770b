"""Stage 2, assemble: a corpus and rule-extracted claims -> one ArgumentMap.

Curated claims win: an extracted claim whose span overlaps a curated claim of the same source is
not added; the curated claim records the rule that also found it (am:alsoFoundBy).

Agreement that nobody drew an edge for is made explicit here: claims of different authors that
share a derivation key (the same proposition, or the same normalized subject|predicate|object of
rule-extracted claims) and state it in the same voice (their own, or the same reported holder's)
get a derived supports (same polarity) or contradicts (opposite polarity) relation, marked
am:Derived with the key that matched, so readers can filter them.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import networkx as nx
from pydantic import BaseModel, ConfigDict

from .models import Author, Claim, Corpus, Method, Proposition, Relation, RelationKind, RuleInfo, Source

# Key groups up to this size are linked pair by pair; larger ones as a star (see _pairs).
PAIRWISE_GROUP_LIMIT = 12


class ArgumentMap(BaseModel):
    """The assembled graph's content, sorted so every export is deterministic."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[Source, ...]
    propositions: tuple[Proposition, ...]
    claims: tuple[Claim, ...]
    relations: tuple[Relation, ...]
    rules: tuple[RuleInfo, ...] = ()  # the extraction rules the build ran
    # Links proposed by similarity (method SUGGESTED), kept apart from `relations` so that
    # analysis and the interchange exports count only what people accepted or propositions imply;
    # with_suggested() folds them in when asked (`--with-suggested`).
    suggestions: tuple[Relation, ...] = ()

    def source(self, source_id: str) -> Source:
        """The source with this id (KeyError if the map has none)."""
        return self._by_id("sources")[source_id]

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id (KeyError if the map has none)."""
        return self._by_id("claims")[claim_id]

    def source_of(self, claim: Claim) -> Source:
        """The article a claim was taken from."""
        return self.source(claim.source_id)

    def author_of(self, claim: Claim) -> Author:
        """The agent a claim is attributed to: its source's author (for an unsigned article, the
        publisher; for co-authors, their group; see Source.author)."""
        return self.source(claim.source_id).author

    def _by_id(self, field: str) -> dict:
        # An index per field, made on first use and kept in the instance's __dict__ (as
        # functools.cached_property would, so that == still compares the fields only). It is
        # tied to the very tuple it indexes: model_copy(update=...) copies __dict__, and a copy
        # with another tuple must not answer from the old one.
        key = f"_index_{field}"
        items = getattr(self, field)
        cached = self.__dict__.get(key)
        if cached is None or cached[0] is not items:
            cached = self.__dict__[key] = (items, {item.id: item for item in items})
        return cached[1]


def with_suggested(amap: ArgumentMap) -> ArgumentMap:
    """The map with its suggested links counted as relations (for analysis that asks for them)."""
    if not amap.suggestions:
        return amap
    return amap.model_copy(update={"relations": tuple(sorted((*amap.relations, *amap.suggestions), key=lambda r: r.id)), "suggestions": ()})


def assemble(corpus: Corpus, extracted: tuple[Claim, ...] = (), rules: tuple[RuleInfo, ...] = ()) -> ArgumentMap:
    """Combine curated and extracted claims, curated relations, and the relations shared keys imply."""
    claims = merge_extracted(corpus.claims, extracted)
    derived = derive_relations(claims, corpus.sources, corpus.relations, {p.id: p.text for p in corpus.propositions})
    return ArgumentMap(
        sources=corpus.sources,
        propositions=corpus.propositions,
        claims=tuple(sorted(claims, key=lambda c: c.id)),
        relations=tuple(sorted((*corpus.relations, *derived), key=lambda r: r.id)),
        rules=tuple(sorted(rules, key=lambda r: r.name)),
    )


def merge_extracted(curated: tuple[Claim, ...], extracted: Iterable[Claim]) -> list[Claim]:
    """Curated claims (each noting the rules that also found it) plus the extracted claims they do not cover."""
    by_source: dict[str, list[Claim]] = {}
    for claim in curated:
        by_source.setdefault(claim.source_id, []).append(claim)
    found_by: dict[str, set[str]] = {}
    kept = []
    for claim in extracted:
        covering = [c for c in by_source.get(claim.source_id, []) if c.span.overlaps(claim.span)]
        if covering:
            for c in covering:
                found_by.setdefault(c.id, set()).add(claim.rule or "")
        else:
            kept.append(claim)
    merged = [c.model_copy(update={"also_found_by": tuple(sorted(found_by[c.id]))}) if c.id in found_by else c for c in curated]
    return [*merged, *kept]


def derivation_keys(claim: Claim) -> list[str]:
    """The keys on which two claims state one thing: a shared proposition, or a rule's normalized key."""
    keys = []
    if claim.proposition_id:
        keys.append(f"proposition:{claim.proposition_id}")
    if claim.triple_key:
        keys.append(f"claim-key:{claim.triple_key}")
    return keys


def derive_relations(claims: Iterable[Claim], sources: tuple[Source, ...], existing: tuple[Relation, ...],
                     proposition_texts: dict[str, str] | None = None) -> list[Relation]:
    """Derived relations between claims of different authors that share a derivation key
    (every such pair in a small group; a star in a large one, see _pairs). A rationale quotes the
    shared proposition's text where it is known, since readers see it and not the id."""
    author_of = {s.id: s.author.id for s in sources}
    linked = {frozenset((r.from_id, r.to_id)) for r in existing}
    # Claims of a proposition are grouped by whose view they state as well: an author reporting
    # someone else's view ("Abe hoped for four islands") neither agrees nor disagrees with an
    # author who states the opposite in their own voice. (A rule's key already starts with the
    # holder's entity, "Russia|regards-as|…", so its groups need no such split.)
    by_key: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        for key in derivation_keys(claim):
            voice = " ".join((claim.holder or "").lower().split()) if key.startswith("proposition:") else ""
            by_key.setdefault((key, voice), []).append(claim)
    derived = []
    for (key, _holder), group in sorted(by_key.items()):
        kind, _, value = key.partition(":")
        what = f"the proposition “{(proposition_texts or {}).get(value, value)}”" if kind == "proposition" else f"the statement keyed “{value}”"
        for a, b in _pairs(sorted(group, key=lambda c: c.id), author_of):
            pair = frozenset((a.id, b.id))
            if author_of[a.source_id] == author_of[b.source_id] or pair in linked:
                continue  # agreement with oneself says nothing; an edge already drawn says it better
            linked.add(pair)  # two keys matching one pair still give one relation
            same = a.polarity == b.polarity
            derived.append(
                Relation(
                    from_id=a.id,
                    kind=RelationKind.SUPPORTS if same else RelationKind.CONTRADICTS,
                    to_id=b.id,
                    rationale=(
                        f"Both {'affirm' if a.polarity == 'affirmed' else 'deny'} {what}."
                        if same
                        else f"One affirms and the other denies {what}."
                    ),
                    method=Method.DERIVED,
                    derivation_key=key,
                )
            )
    return derived


def _pairs(group: list[Claim], author_of: dict[str, str]) -> Iterable[tuple[Claim, Claim]]:
    """Which claims of one key group get a derived edge.

    A small group (the seed corpus's are at most a handful) is linked pair by pair, so every
    author pair that agrees or disagrees has its own edge. A large group would make that
    quadratic (a synthetic corpus of 1,000 articles gave 200,000 derived edges from 9,000
    curated ones), so it becomes a star: each claim is linked to the group's first claim by
    another author. The shared key still ties every member together in the graph.
    """
    if len(group) <= PAIRWISE_GROUP_LIMIT:
        yield from combinations(group, 2)
        return
    hub = group[0]
    other_hub = next((c for c in group if author_of[c.source_id] != author_of[hub.source_id]), None)
    for claim in group[1:]:
        partner = hub if author_of[claim.source_id] != author_of[hub.source_id] else other_hub
        if partner is not None and partner is not claim:
            yield (partner, claim) if partner.id < claim.id else (claim, partner)


def to_networkx(amap: ArgumentMap) -> nx.MultiDiGraph:
    """The map as a networkx graph: claim ids as nodes, one keyed edge per relation."""
    graph = nx.MultiDiGraph()
    for claim in amap.claims:
        source = amap.source_of(claim)
        graph.add_node(claim.id, claim=claim, source=source, author=source.author.id)
    for relation in amap.relations:
        graph.add_edge(relation.from_id, relation.to_id, key=relation.id, relation=relation, kind=relation.kind.value, method=relation.method.value)
    return graph
