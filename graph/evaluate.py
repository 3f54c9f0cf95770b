"""Score rule extraction against the curated claims, by span overlap, per rule and overall.

An extracted claim is correct when its span overlaps a curated claim's span in the same source;
a curated claim is found when some extracted claim overlaps it. The rules were tuned on four seed
articles; HELD_OUT names the fifth, chosen before any tuning and never looked at while tuning,
so that its score says how well the rules generalize.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Claim

HELD_OUT = "russia-direct-2016"


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one rule (or all rules) on one set of sources."""

    name: str
    extracted: int  # claims the rule extracted
    correct: int  # of those, how many overlap a curated claim
    curated: int  # curated claims in the sources
    found: int  # curated claims overlapped by one of the rule's claims

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    """Scores on one split (the tuning sources or the held-out one): per rule, then overall."""

    split: str
    sources: tuple[str, ...]
    per_rule: tuple[Score, ...]
    overall: Score


def overlaps(a: Claim, b: Claim) -> bool:
    return a.source_id == b.source_id and a.span.overlaps(b.span)


def score(split: str, sources: Iterable[str], rule_names: Iterable[str], extracted: Iterable[Claim], curated: Iterable[Claim]) -> Evaluation:
    """Score extracted claims against curated ones, restricted to the given sources."""
    sources = tuple(sorted(set(sources)))
    wanted = set(sources)
    extracted = [c for c in extracted if c.source_id in wanted]
    curated = [c for c in curated if c.source_id in wanted]

    def one(name: str, claims: list[Claim]) -> Score:
        correct = sum(1 for e in claims if any(overlaps(e, c) for c in curated))
        found = sum(1 for c in curated if any(overlaps(e, c) for e in claims))
        return Score(name, len(claims), correct, len(curated), found)

    per_rule = tuple(one(name, [c for c in extracted if c.rule == name]) for name in rule_names)
    return Evaluation(split, sources, per_rule, one("overall", extracted))


def evaluate(source_ids: Iterable[str], rule_names: Iterable[str], extracted: Iterable[Claim], curated: Iterable[Claim], held_out: str = HELD_OUT) -> tuple[Evaluation, Evaluation]:
    """(tuning split, held-out split) evaluations."""
    source_ids, rule_names = sorted(source_ids), list(rule_names)
    extracted, curated = list(extracted), list(curated)
    tuning = [s for s in source_ids if s != held_out]
    held = [s for s in source_ids if s == held_out]
    return (
        score("tuning", tuning, rule_names, extracted, curated),
        score("held-out", held, rule_names, extracted, curated),
    )


def format_evaluation(evaluation: Evaluation) -> str:
    """A fixed-width table a person can read in a terminal."""
    width = max([len(s.name) for s in evaluation.per_rule] + [len("overall"), len("rule")])
    lines = [
        f"{evaluation.split}: {', '.join(evaluation.sources) or '(no sources)'}",
        f"  {'rule':<{width}}  extracted  correct  found/curated  precision  recall     F1",
    ]
    for s in (*evaluation.per_rule, evaluation.overall):
        lines.append(
            f"  {s.name:<{width}}  {s.extracted:>9}  {s.correct:>7}  {f'{s.found}/{s.curated}':>13}  "
            f"{s.precision:>9.2f}  {s.recall:>6.2f}  {s.f1:>5.2f}"
        )
    return "\n".join(lines)
