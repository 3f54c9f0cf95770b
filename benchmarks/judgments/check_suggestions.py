"""Precision of the seed build's suggested links, from the committed judgments (issue 12).

    .venv/bin/python benchmarks/judgments/check_suggestions.py [--judgments benchmarks/judgments/suggestions-seed.yaml]

Builds the seed map as `argmap build` does (extraction and suggested links on, no parse cache),
matches every suggested link to a judged one by its two ends (either way round), its stance and
both claims' statements (a changed statement or stance needs a new reading: it counts as
unjudged), and prints: the links, their verdicts, precision (correct / judged), how many links
touch a rule-extracted claim against the issue's target (at least 20, at least 80% correct), and
every link nobody has judged yet. Judged links the build no longer makes are listed as gone.

First, what the thresholds are chosen on: the leave-one-source-out curves of the curated claims,
with the build's rule-extracted claims in the index as distractors (suggest.choose_threshold), the
direct links' and the links through a proposition, and the thresholds chosen from them.

Then the census: the links the build would make at any score (both thresholds 0: each
rule-extracted claim's best other-author claim among its top candidates that link_blocker lets
through, and the other authors' claims of its best proposition that it lets through), counted
by score band (a direct link's score, or the proposition's), with the verdicts of those judged (the `links` list and `below_threshold`): how
many right pairs exist at all, whatever the threshold. What the threshold is chosen on is the
curated claims' leave-one-source-out figures (suggest.choose_threshold), never these verdicts.

Exit 1 when some link is unjudged or precision is under 0.8 (the count target is reported, not
enforced: see the README's linking section for where it stands).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from argmap import pipeline, suggest  # noqa: E402
from argmap.models import Method  # noqa: E402
from argmap.options import BuildOptions  # noqa: E402
from argmap.seeds import load_corpus  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402

PRECISION_TARGET = 0.8
COUNT_TARGET = 20
BANDS = (0.3, 0.2, 0.15, 0.1, 0.05, 0.0)


def _judgment(item: dict | None, link, amap) -> str | None:
    """The verdict of a judged link, if it was judged as the build makes it now (same stance, same statements)."""
    if item is None:
        return None
    statements = {item["from"]: item["from_statement"], item["to"]: item["to_statement"]}
    same = item["stance"] == link.kind.value and all(statements.get(end) == amap.claim(end).statement for end in (link.from_id, link.to_id))
    return item["verdict"] if same else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--judgments", type=Path, default=ROOT / "benchmarks" / "judgments" / "suggestions-seed.yaml")
    parser.add_argument("--engines", nargs="+", choices=suggest.ENGINES, default=[],
                        help="first, the leave-one-source-out table of these engines with the build's rule-extracted claims "
                             "as distractors (the README's figures; minilm and hybrid need the semantic extra)")
    args = parser.parse_args()
    document = YAML(typ="safe").load(args.judgments.read_text(encoding="utf-8"))
    judged = document["links"]
    by_pair = {frozenset((item["from"], item["to"])): item for item in judged}
    below = {frozenset((item["from"], item["to"])): item for item in document.get("below_threshold") or []}
    amap = pipeline.build_map(BuildOptions(ROOT / "seeds", parse_cache=False))
    corpus = load_corpus(ROOT / "seeds")
    extracted_claims = [c for c in amap.claims if c.method is Method.RULE_EXTRACTED]
    if args.engines:
        print(f"leave one source out, {len(extracted_claims)} rule-extracted claims as distractors:")
        print("| engine | relations top-1 | relations top-5 | propositions top-1 | propositions top-3 | direct-link threshold | proposition-link threshold |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for engine in args.engines:
            e = suggest.evaluate_leave_one_source_out(corpus.sources, corpus.propositions, corpus.claims, corpus.relations, engine,
                                                      distractors=extracted_claims)
            r, q = e.relation_queries, e.proposition_queries
            print(f"| {engine} | {e.share(r, 1):.1%} | {e.share(r, 5):.1%} | {e.share(q, 1):.1%} | {e.share(q, 3):.1%} "
                  f"| {suggest.choose_threshold(e):.2f} | {suggest.choose_threshold(e, kind='proposition link'):.2f} |")
        print()
    evaluation = suggest.evaluate_leave_one_source_out(corpus.sources, corpus.propositions, corpus.claims, corpus.relations,
                                                       distractors=extracted_claims)
    print(f"leave one source out, {len(extracted_claims)} rule-extracted claims as distractors: "
          f"relations top-5 {evaluation.share(evaluation.relation_queries, 5):.1%}, propositions top-3 "
          f"{evaluation.share(evaluation.proposition_queries, 3):.1%}")
    print("| score at least | direct: best claim linked in the seeds | through a proposition: its own, stance right |")
    print("| ---: | ---: | ---: |")
    for step in range(1, 7):
        cut = round(0.05 * step, 2)
        rows = [evaluation.precision_at(cut, kind) for kind in ("claim", "proposition link")]
        print(f"| {cut:.2f} | " + " | ".join(f"{share:.1%} of {kept}" for share, kept in rows) + " |")
    print(f"chosen (precision >= 0.8 over >= 5): direct {suggest.choose_threshold(evaluation):.2f} "
          f"(suggest.SUGGESTED_LINK_THRESHOLD {suggest.SUGGESTED_LINK_THRESHOLD:.2f}), through a proposition "
          f"{suggest.choose_threshold(evaluation, kind='proposition link'):.2f} (suggest.PROPOSITION_LINK_THRESHOLD "
          f"{suggest.PROPOSITION_LINK_THRESHOLD:.2f})\n")
    verdicts, unjudged, seen = [], [], set()
    for link in amap.suggestions:
        pair = frozenset((link.from_id, link.to_id))
        verdict = _judgment(by_pair.get(pair), link, amap)
        if verdict is None:
            unjudged.append(link)
            continue
        seen.add(pair)
        verdicts.append((link, verdict))
    counts = Counter(v for _, v in verdicts)
    precision = counts["correct"] / len(verdicts) if verdicts else 0.0
    extracted = {c.id for c in amap.claims if c.method is Method.RULE_EXTRACTED}
    touching = [link for link in amap.suggestions if {link.from_id, link.to_id} & extracted]
    touching_correct = sum(1 for link, v in verdicts if v == "correct" and {link.from_id, link.to_id} & extracted)
    for link, verdict in verdicts:
        print(f"{verdict:<13} {link.score:.3f} {link.kind.value:<11} {link.from_id} -> {link.to_id}")
    print(f"suggested links: {len(amap.suggestions)} (threshold {suggest.SUGGESTED_LINK_THRESHOLD:.2f}); judged: {len(verdicts)}; unjudged: {len(unjudged)}")
    print(f"precision (correct / judged): {counts['correct']}/{len(verdicts)} = {precision:.3f} "
          f"(wrong-stance {counts['wrong-stance']}, unrelated {counts['unrelated']}; target >= {PRECISION_TARGET}: "
          f"{'met' if precision >= PRECISION_TARGET else 'NOT met'})")
    print(f"links touching a rule-extracted claim: {len(touching)}, {touching_correct} judged correct "
          f"(target: at least {COUNT_TARGET}: {'met' if len(touching) >= COUNT_TARGET else 'NOT met'})")
    for link in unjudged:
        print(f"UNJUDGED {link.kind.value} {link.from_id} -> {link.to_id}: "
              f"{amap.claim(link.from_id).statement} || {amap.claim(link.to_id).statement}")
    for pair, item in sorted(by_pair.items(), key=lambda kv: (kv[1]["from"], kv[1]["to"])):
        if pair not in seen:
            print(f"GONE (judged, no longer suggested) {item['from']} -> {item['to']} ({item['verdict']})")

    # The census: every pair the build would link at any score.
    census = suggest.suggested_links(amap.sources, amap.propositions, amap.claims, amap.relations, threshold=0.0,
                                     proposition_threshold=0.0)
    rows = []
    for link in census:
        pair = frozenset((link.from_id, link.to_id))
        rows.append((link, _judgment(by_pair.get(pair) or below.get(pair), link, amap)))
    print(f"\ncensus: {len(census)} pairs at any score (each rule-extracted claim's best other-author claim that "
          f"link_blocker lets through, and the claims of its best proposition it lets through; "
          f"{sum(1 for c in amap.claims if c.method is Method.RULE_EXTRACTED)} rule-extracted claims)")
    print("| score at least | pairs | judged | correct |")
    print("| ---: | ---: | ---: | ---: |")
    for band in BANDS:
        inside = [(link, v) for link, v in rows if (link.score or 0.0) >= band]
        print(f"| {band:.2f} | {len(inside)} | {sum(1 for _, v in inside if v)} | {sum(1 for _, v in inside if v == 'correct')} |")
    for link, verdict in sorted(rows, key=lambda r: (-(r[0].score or 0.0), r[0].id)):
        if verdict is None and (link.score or 0.0) < suggest.SUGGESTED_LINK_THRESHOLD:
            print(f"census, unjudged: {link.score:.3f} {link.kind.value} {link.from_id} -> {link.to_id}: "
                  f"{amap.claim(link.from_id).statement} || {amap.claim(link.to_id).statement}")
    return 0 if not unjudged and precision >= PRECISION_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
