"""Precision of rule extraction on the seed corpus, from the committed judgments (issue 11).

    .venv/bin/python benchmarks/judgments/check.py [--judgments benchmarks/judgments/seed-extraction.yaml]

Extracts the seed corpus's claims afresh (all articles, no parse cache), matches them to the
judged claims by id (source, span and rule), and prints: precision (correct / judged), the
counts of each verdict, per-rule counts, the claims in the build's map (those no curated claim
covers), per split (tuning / held-out) `argmap eval`'s recall and precision beside the precision by
reading (eval's precision counts every claim that overlaps no curated claim as wrong, though the
curators picked some of an article's claims, not all), and every extracted claim nobody has judged yet (a changed rule or statement needs a new
reading: a claim whose statement differs from the judged one counts as unjudged). Exit 1 when
some claim is unjudged or precision is under 0.85.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from argmap.assemble import merge_extracted  # noqa: E402
from argmap.evaluate import HELD_OUT, evaluate  # noqa: E402
from argmap.extract import extract_corpus  # noqa: E402
from argmap.rules import load_ruleset  # noqa: E402
from argmap.seeds import load_corpus  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402

TARGET = 0.85


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--judgments", type=Path, default=ROOT / "benchmarks" / "judgments" / "seed-extraction.yaml")
    args = parser.parse_args()
    judged = {item["id"]: item for item in YAML(typ="safe").load(args.judgments.read_text(encoding="utf-8"))["claims"]}
    corpus = load_corpus(ROOT / "seeds")
    claims = extract_corpus(corpus.sources, load_ruleset(), cache=None)
    verdicts, unjudged, per_rule = [], [], {}
    for claim in claims:
        item = judged.get(claim.id)
        if item is None or item["statement"] != claim.statement or item["polarity"] != claim.polarity.value \
                or item.get("holder") != claim.holder or item.get("confidence") != claim.confidence:
            unjudged.append(claim)
            continue
        verdicts.append((claim, item["verdict"]))
        per_rule.setdefault(claim.rule, Counter())[item["verdict"]] += 1
    counts = Counter(v for _, v in verdicts)
    precision = counts["correct"] / len(verdicts) if verdicts else 0.0
    in_map = {c.id for c in merge_extracted(corpus.claims, claims) if c.rule is not None}
    map_counts = Counter(v for c, v in verdicts if c.id in in_map)
    print(f"extracted: {len(claims)} claims; judged: {len(verdicts)}; unjudged: {len(unjudged)}")
    print(f"precision (correct / judged): {counts['correct']}/{len(verdicts)} = {precision:.3f} "
          f"(partly {counts['partly']}, wrong {counts['wrong']}; target >= {TARGET}: {'met' if precision >= TARGET else 'NOT met'})")
    if map_counts:
        total = sum(map_counts.values())
        print(f"in the build's map (not covered by a curated claim): {map_counts['correct']}/{total} correct = {map_counts['correct'] / total:.3f}")
    for rule, rule_counts in sorted(per_rule.items()):
        print(f"  {rule:<24} correct {rule_counts['correct']:>3}  partly {rule_counts['partly']:>2}  wrong {rule_counts['wrong']:>2}")
    # Per split, beside `argmap eval`'s figures: its precision counts as wrong every extracted claim
    # that overlaps no curated claim, though curators pick some claims of an article, not all; the
    # precision by reading counts the claims a reader judged correct. Recall is eval's (span overlap).
    verdict_of = {c.id: v for c, v in verdicts}
    for split in evaluate([s.id for s in corpus.sources], [], claims, corpus.claims, HELD_OUT):
        wanted = set(split.sources)
        mine = [c for c in claims if c.source_id in wanted]
        right = sum(1 for c in mine if verdict_of.get(c.id) == "correct")
        overall = split.overall
        reading = right / len(mine) if mine else 0.0
        f1 = 2 * reading * overall.recall / (reading + overall.recall) if reading + overall.recall else 0.0
        unmatched = [c for c in mine if not any(c.source_id == k.source_id and c.span.overlaps(k.span) for k in corpus.claims)]
        unmatched_right = sum(1 for c in unmatched if verdict_of.get(c.id) == "correct")
        print(f"{split.split}: recall (eval, span overlap) {overall.found}/{overall.curated} = {overall.recall:.2f}; "
              f"precision (eval, overlap) {overall.correct}/{overall.extracted} = {overall.precision:.2f}, F1 {overall.f1:.2f}; "
              f"precision by reading {right}/{len(mine)} = {reading:.2f}, F1 with it {f1:.2f}; "
              f"overlapping no curated claim: {len(unmatched)}, of which judged correct {unmatched_right}")
    for claim in unjudged:
        print(f"UNJUDGED {claim.id}: {claim.statement}")
    return 0 if not unjudged and precision >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
