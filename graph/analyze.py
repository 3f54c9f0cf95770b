"""Stage 3, analyze: pure functions over an assembled ArgumentMap (through its networkx view).

Three questions a reader asks of the map:
- who agrees with whom (the author × author agreement matrix),
- which claims have cross-author consensus, which are contested, which are most discussed,
- which claims stand once every objection is counted (Dung's grounded semantics, contradicts as
  attacks).

Claims that express one proposition with the same polarity already carry a derived supports
relation (and opposite polarities a derived contradicts) from the assemble stage, so shared
propositions count here without special cases.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Hashable, Iterable
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, computed_field

from .assemble import ArgumentMap, to_networkx
from .chronology import date_days, prediction_checks
from .models import Author, Claim, Method, RelationKind
from .stances import topic_of, voice_of

Arg = TypeVar("Arg", bound=Hashable)


class _Result(BaseModel):
    """Results built from already-validated models in hot loops are made with model_construct."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- agreement matrix

# The share of supports among a pair's points of evidence, p, gets a uniform prior Beta(1, 1):
# before any evidence every share is as likely as any other. After s supports and c contradictions
# it is Beta(s + 1, c + 1). On the index scale (2p - 1, from -1 to +1) that gives the shrunken
# index (s - c) / (n + 2), its posterior mean, and an equal-tailed credible interval. Why this and
# not a Wilson interval: one model gives both the figure the heatmap shades by and its interval,
# and both behave at n = 1 and at unanimity, where the plain index says ±1 on one relation.
CREDIBLE_MASS = 0.95


class EvidencePoint(_Result):
    """One question on which two authors meet: the relations between them about it count once.

    Two authors' claims on one shared proposition (however many) are one point; a curated relation
    between claims on two different questions is a point about that pair of questions.
    """

    kind: RelationKind
    topics: tuple[str, ...]  # the questions (stances.topic_of, with the voice), sorted; one when both state it
    relations: tuple[str, ...]  # the relations behind the point, by id
    date: str | None  # when both had said it: the later of the two sides' dates (None if either is undated)


class AuthorPair(_Result):
    """What two different authors' claims say of each other (a before b by id), counted per question.

    Relations that check an earlier prediction against a later fact are kept apart (borne_out,
    refuted): they are not two analysts agreeing or disagreeing.
    """

    author_a: Author
    author_b: Author
    points: tuple[EvidencePoint, ...] = ()
    checks: tuple[EvidencePoint, ...] = ()  # predictions of one borne out or refuted by facts of the other

    @computed_field
    @property
    def supports(self) -> int:
        return sum(1 for p in self.points if p.kind is RelationKind.SUPPORTS)

    @computed_field
    @property
    def contradicts(self) -> int:
        return sum(1 for p in self.points if p.kind is RelationKind.CONTRADICTS)

    @computed_field
    @property
    def n(self) -> int:
        """Points of evidence: supports + contradicts."""
        return len(self.points)

    @computed_field
    @property
    def relations(self) -> int:
        """The relations behind the points (a shared proposition of four claims is 1 point, several relations)."""
        return len({r for p in self.points for r in p.relations})

    @computed_field
    @property
    def agreement_index(self) -> float | None:
        """(supports − contradicts) / n, in [-1, 1]; None when they never meet.

        1 when they agree on every question where they meet, -1 when they disagree on every one.
        """
        return None if self.n == 0 else (self.supports - self.contradicts) / self.n

    @computed_field
    @property
    def shrunken_index(self) -> float:
        """(supports − contradicts) / (n + 2): the index pulled towards 0 by thin evidence (the
        posterior mean under a uniform prior; see CREDIBLE_MASS). One support gives +0.33, nine +0.82."""
        return (self.supports - self.contradicts) / (self.n + 2)

    @computed_field
    @property
    def interval(self) -> tuple[float, float]:
        """The 95% credible interval of the index: (-0.95, +0.95) with no evidence, narrowing as points add up."""
        return credible_interval(self.supports, self.contradicts)

    @computed_field
    @property
    def borne_out(self) -> int:
        return sum(1 for p in self.checks if p.kind is RelationKind.SUPPORTS)

    @computed_field
    @property
    def refuted(self) -> int:
        return sum(1 for p in self.checks if p.kind is RelationKind.CONTRADICTS)

    @computed_field
    @property
    def since(self) -> str | None:
        """The earliest date at which both had made a point of it (None when no point is dated)."""
        return _earliest([p.date for p in self.points if p.date])


@functools.lru_cache(maxsize=1024)  # pairs share few distinct (supports, contradicts) counts
def credible_interval(supports: int, contradicts: int, mass: float = CREDIBLE_MASS) -> tuple[float, float]:
    """The equal-tailed credible interval of the agreement index 2p − 1, p ~ Beta(supports + 1, contradicts + 1)."""
    from scipy.special import betaincinv  # imported here: scipy takes a while to load

    tail = (1 - mass) / 2
    low, high = betaincinv(supports + 1, contradicts + 1, [tail, 1 - tail])
    return (round(2 * float(low) - 1, 6), round(2 * float(high) - 1, 6))


class AgreementMatrix(_Result):
    """Every author, and one AuthorPair for each pair whose claims are related at all."""

    authors: tuple[Author, ...]
    pairs: tuple[AuthorPair, ...]
    questions: dict[str, str] = {}  # each point's topic -> what it says, for readers ("Moscow (reported): …")

    def pair(self, a: str, b: str) -> AuthorPair:
        """The counts between authors a and b (by id), zero when no relation links them."""
        first, second = sorted((a, b))
        for pair in self.pairs:
            if (pair.author_a.id, pair.author_b.id) == (first, second):
                return pair
        by_id = {author.id: author for author in self.authors}
        return AuthorPair(author_a=by_id[first], author_b=by_id[second])


def agreement_matrix(amap: ArgumentMap) -> AgreementMatrix:
    """Points of agreement and disagreement between each pair of distinct authors.

    Every relation between claims of two different authors is evidence about the questions its two
    claims speak to (stances.topic_of, in the voice they state it). Relations about the same
    questions with the same kind are one point: four authors stating one proposition give each pair
    one point of agreement, not one per relation.
    """
    authors = _authors(amap)
    checks = prediction_checks(amap)
    propositions = {p.id: p.text for p in amap.propositions}
    questions: dict[str, str] = {}
    found: dict[tuple[str, str], dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    for relation in amap.relations:
        x, y = amap.claim(relation.from_id), amap.claim(relation.to_id)
        a, b = amap.author_of(x).id, amap.author_of(y).id
        if a == b:
            continue  # an author agreeing with themselves is not agreement between authors
        topic_x, topic_y = _voiced_topic(x), _voiced_topic(y)
        if topic_x not in questions:
            questions[topic_x] = _question_text(x, propositions)
        if topic_y not in questions:
            questions[topic_y] = _question_text(y, propositions)
        relation_id = relation.id
        found[(a, b) if a < b else (b, a)][(relation_id in checks, relation.kind, (topic_x, topic_y) if topic_x < topic_y else
                                            (topic_y,) if topic_x == topic_y else (topic_y, topic_x))].append(
            (relation_id, _later(amap.source_of(x).date, amap.source_of(y).date)))
    pairs = []
    for (a, b), points in sorted(found.items()):
        made = {True: [], False: []}
        for (is_check, kind, topics), behind in sorted(points.items()):  # kinds are str enums: they sort as their values
            dates = [d for _, d in behind]
            made[is_check].append(EvidencePoint.model_construct(kind=kind, topics=topics, relations=tuple(sorted(r for r, _ in behind)),
                                                date=None if None in dates else _earliest(dates)))
        pairs.append(AuthorPair.model_construct(author_a=authors[a], author_b=authors[b], points=tuple(made[False]), checks=tuple(made[True])))
    used = {t for pair in pairs for p in (*pair.points, *pair.checks) for t in p.topics}
    return AgreementMatrix(authors=tuple(sorted(authors.values(), key=lambda x: x.id)), pairs=tuple(pairs),
                           questions={t: questions[t] for t in sorted(used)})


def _question_text(claim: Claim, propositions: dict[str, str]) -> str:
    text = propositions.get(claim.proposition_id or "", claim.statement)
    return f"{claim.holder} (reported): {text}" if claim.holder else text


def _voiced_topic(claim: Claim) -> str:
    voice = voice_of(claim)
    return f"{topic_of(claim)}@{voice}" if voice else topic_of(claim)


def _earliest(dates: list[str]) -> str | None:
    """The partial date that may stand for the earliest day ("2016" before "2016-07-23"), ties by text."""
    days = {d: date_days(d) for d in dates}
    known = [d for d in dates if days[d]]
    return min(known, key=lambda d: (days[d].first, d), default=None)


def _later(first: str | None, second: str | None) -> str | None:
    """The later of two partial dates as written (None if either is unknown): when both had been said."""
    if first is None or second is None:
        return None
    days = date_days(first), date_days(second)
    if None in days:
        return None
    return first if days[0].last >= days[1].last else second


# ---------------------------------------------------------------- consensus, contested, most discussed


class ClaimStanding(_Result):
    """Which authors back a claim and which oppose it, across authors."""

    claim: Claim
    author: Author
    endorsers: tuple[Author, ...]  # its own author, and authors of claims that support it
    opponents: tuple[Author, ...]  # other authors with a claim contradicting it (either direction)
    cross_author_degree: int  # relations linking it to claims of other authors


def claim_standings(amap: ArgumentMap) -> tuple[ClaimStanding, ...]:
    """One ClaimStanding per claim, sorted by claim id.

    A support x -> c makes x's author an endorser of c. A derived support (two claims affirming, or
    both denying, one proposition) has no real direction, so it endorses both ends. Contradiction is
    symmetric by nature ("cannot both be true"): it makes each side's author an opponent of the other.
    A relation checking an earlier prediction against a later fact (chronology) counts for neither.
    """
    graph = to_networkx(amap)
    authors = _authors(amap)
    checks = prediction_checks(amap)
    endorsers: dict[str, set[str]] = {c.id: {graph.nodes[c.id]["author"]} for c in amap.claims}
    opponents: dict[str, set[str]] = {c.id: set() for c in amap.claims}
    degree: dict[str, int] = {c.id: 0 for c in amap.claims}
    for u, v, key, data in graph.edges(keys=True, data=True):
        au, av = graph.nodes[u]["author"], graph.nodes[v]["author"]
        if au == av or key in checks:
            continue  # a fact bearing out a forecast neither endorses nor opposes it
        degree[u] += 1
        degree[v] += 1
        if data["kind"] == RelationKind.SUPPORTS.value:
            endorsers[v].add(au)
            if data["method"] == Method.DERIVED.value:
                endorsers[u].add(av)
        else:
            opponents[v].add(au)
            opponents[u].add(av)

    def people(ids: set[str]) -> tuple[Author, ...]:
        return tuple(sorted((authors[i] for i in ids), key=lambda a: a.id))

    return tuple(
        ClaimStanding(
            claim=claim,
            author=authors[graph.nodes[claim.id]["author"]],
            endorsers=people(endorsers[claim.id]),
            opponents=people(opponents[claim.id]),
            cross_author_degree=degree[claim.id],
        )
        for claim in amap.claims
    )


def consensus_claims(amap: ArgumentMap) -> list[ClaimStanding]:
    """Claims endorsed by at least two authors and contradicted by none; most endorsed first."""
    found = [s for s in claim_standings(amap) if len(s.endorsers) >= 2 and not s.opponents]
    return sorted(found, key=lambda s: (-len(s.endorsers), s.claim.id))


def contested_claims(amap: ArgumentMap) -> list[ClaimStanding]:
    """Claims that some authors endorse (their own author at least) and other authors contradict.

    Most evenly split first (the larger of the smaller side), then the most involved.
    """
    found = [s for s in claim_standings(amap) if s.opponents]
    return sorted(
        found,
        key=lambda s: (-min(len(s.endorsers), len(s.opponents)), -(len(s.endorsers) + len(s.opponents)), s.claim.id),
    )


def most_discussed_claims(amap: ArgumentMap, limit: int = 10) -> list[ClaimStanding]:
    """The claims with the most relations to other authors' claims (ties by id); none without any."""
    found = [s for s in claim_standings(amap) if s.cross_author_degree > 0]
    return sorted(found, key=lambda s: (-s.cross_author_degree, s.claim.id))[:limit]


# ---------------------------------------------------------------- argumentation semantics


class Label(StrEnum):
    """A claim's status in the grounded labelling."""

    ACCEPTED = "accepted"  # "in": every attacker is rejected
    REJECTED = "rejected"  # "out": some accepted claim attacks it
    UNDECIDED = "undecided"  # neither can be settled (e.g. an unresolved mutual contradiction)


def grounded_labelling(arguments: Iterable[Arg], attacks: Iterable[tuple[Arg, Arg]]) -> dict[Arg, Label]:
    """Dung's grounded labelling of the framework (arguments, attacks): the least fixpoint.

    Accept every argument whose attackers are all rejected (at first: the unattacked ones), reject
    everything an accepted argument attacks, repeat until nothing changes; the rest is undecided.
    Runs in time linear in the number of attacks, since each attack is looked at a bounded
    number of times. Attacks naming an argument not in `arguments` are an error (KeyError).
    """
    args = list(dict.fromkeys(arguments))
    attackers: dict[Arg, set[Arg]] = {a: set() for a in args}
    targets: dict[Arg, set[Arg]] = {a: set() for a in args}
    for attacker, target in attacks:
        attackers[target].add(attacker)
        targets[attacker].add(target)
    not_rejected_attackers = {a: len(attackers[a]) for a in args}
    labels: dict[Arg, Label] = {}
    ready = [a for a in args if not attackers[a]]
    while ready:
        arg = ready.pop()
        if arg in labels:
            continue
        labels[arg] = Label.ACCEPTED
        for target in targets[arg]:
            if target in labels:
                continue  # already rejected by another accepted attacker
            labels[target] = Label.REJECTED
            for victim in targets[target]:
                not_rejected_attackers[victim] -= 1
                if not_rejected_attackers[victim] == 0 and victim not in labels:
                    ready.append(victim)
    return {a: labels.get(a, Label.UNDECIDED) for a in args}


def contradiction_attacks(amap: ArgumentMap) -> list[tuple[str, str]]:
    """Contradicts relations read as attacks, sorted.

    A curated "a contradicts b" is a's objection to b: a attacks b. A derived contradiction (one
    claim affirms what another denies) has no objector, so each attacks the other.
    """
    attacks = set()
    for _, _, data in to_networkx(amap).edges(data=True):
        relation = data["relation"]
        if relation.kind is not RelationKind.CONTRADICTS:
            continue
        attacks.add((relation.from_id, relation.to_id))
        if relation.method is not Method.CURATED:
            attacks.add((relation.to_id, relation.from_id))
    return sorted(attacks)


def grounded_claims(amap: ArgumentMap) -> dict[str, Label]:
    """Each claim id -> accepted / rejected / undecided under grounded semantics."""
    return grounded_labelling((c.id for c in amap.claims), contradiction_attacks(amap))


# ---------------------------------------------------------------- summary


class MapSummary(_Result):
    """What the map holds, in the counts a reader asks for first."""

    sources: int
    authors: int
    propositions: int
    claims_curated: int
    claims_extracted: int
    relations: dict[str, int]  # "supports (curated)" -> count, for every kind × method present
    extracted_by_rule: dict[str, int]  # rule name -> rule-extracted claims it contributed

    @computed_field
    @property
    def claims(self) -> int:
        return self.claims_curated + self.claims_extracted

    def rows(self) -> list[tuple[str, int]]:
        """(what, how many) in reading order: sources, authors, claims, relations by kind and method."""
        return [
            ("sources", self.sources),
            ("authors", self.authors),
            ("shared propositions", self.propositions),
            ("claims", self.claims),
            ("claims, curated", self.claims_curated),
            ("claims, rule-extracted", self.claims_extracted),
            ("relations", sum(self.relations.values())),
            *((f"relations, {name}", n) for name, n in self.relations.items()),
        ]


def compare_summaries(before: MapSummary, after: MapSummary) -> list[tuple[str, int, int]]:
    """(what, before, after) for every count of either summary, in reading order: what a change did."""
    old, new = dict(before.rows()), dict(after.rows())
    names = list(dict.fromkeys([*old, *new]))
    return [(name, old.get(name, 0), new.get(name, 0)) for name in names]


def summarize(amap: ArgumentMap) -> MapSummary:
    """Counts of sources, authors, claims by method, relations by kind and method, extracted claims by rule."""
    relations: dict[str, int] = {}
    for kind in RelationKind:
        for method in Method:
            n = sum(1 for r in amap.relations if r.kind is kind and r.method is method)
            if n:
                relations[f"{kind.value} ({method.value})"] = n
    by_rule: dict[str, int] = {}
    for claim in amap.claims:
        if claim.method is Method.RULE_EXTRACTED:
            by_rule[claim.rule or ""] = by_rule.get(claim.rule or "", 0) + 1
    extracted = sum(by_rule.values())
    return MapSummary(
        sources=len(amap.sources),
        authors=len(_authors(amap)),
        propositions=len(amap.propositions),
        claims_curated=len(amap.claims) - extracted,
        claims_extracted=extracted,
        relations=relations,
        extracted_by_rule=dict(sorted(by_rule.items())),
    )


# ---------------------------------------------------------------- helpers


def _authors(amap: ArgumentMap) -> dict[str, Author]:
    return {source.author.id: source.author for source in amap.sources}


__all__ = [
    "AgreementMatrix",
    "AuthorPair",
    "EvidencePoint",
    "credible_interval",
    "ClaimStanding",
    "Label",
    "MapSummary",
    "agreement_matrix",
    "claim_standings",
    "compare_summaries",
    "consensus_claims",
    "contested_claims",
    "contradiction_attacks",
    "grounded_claims",
    "grounded_labelling",
    "most_discussed_claims",
    "summarize",
]
