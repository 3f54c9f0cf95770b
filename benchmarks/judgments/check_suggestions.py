"""Precision of the seed build's suggested links, from the committed judgments (issue 12).

    .venv/bin/python benchmarks/judgments/check_suggestions.py [--judgments benchmarks/judgments/suggestions-seed.yaml]

Builds the seed map as `argmap build` does (extraction and suggested links on, no parse cache),
matches every suggested link to a judged one by its two ends (either way round), its stance and
both claims' statements (a changed statement or stance needs a new reading: it counts as
unjudged), and prints: the links, their verdicts, precision (correct / judged), how many links
touch a rule-extracted claim against the issue's target (at least 20, at least 80% correct), and
every link nobody has judged yet. Judged links the build no longer makes are listed as gone.
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

from argmap import pipeline  # noqa: E402
from argmap.models import Method  # noqa: E402
from argmap.options import BuildOptions  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402

PRECISION_TARGET = 0.8
COUNT_TARGET = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--judgments", type=Path, default=ROOT / "benchmarks" / "judgments" / "suggestions-seed.yaml")
    args = parser.parse_args()
    judged = YAML(typ="safe").load(args.judgments.read_text(encoding="utf-8"))["links"]
    by_pair = {frozenset((item["from"], item["to"])): item for item in judged}
    amap = pipeline.build_map(BuildOptions(ROOT / "seeds", parse_cache=False))
    verdicts, unjudged, seen = [], [], set()
    for link in amap.suggestions:
        pair = frozenset((link.from_id, link.to_id))
        item = by_pair.get(pair)
        statements = {item["from"]: item["from_statement"], item["to"]: item["to_statement"]} if item else {}
        same = item is not None and item["stance"] == link.kind.value and all(
            statements.get(end) == amap.claim(end).statement for end in (link.from_id, link.to_id))
        if not same:
            unjudged.append(link)
            continue
        seen.add(pair)
        verdicts.append((link, item["verdict"]))
    counts = Counter(v for _, v in verdicts)
    precision = counts["correct"] / len(verdicts) if verdicts else 0.0
    extracted = {c.id for c in amap.claims if c.method is Method.RULE_EXTRACTED}
    touching = [link for link in amap.suggestions if {link.from_id, link.to_id} & extracted]
    touching_correct = sum(1 for link, v in verdicts if v == "correct" and {link.from_id, link.to_id} & extracted)
    for link, verdict in verdicts:
        print(f"{verdict:<13} {link.score:.3f} {link.kind.value:<11} {link.from_id} -> {link.to_id}")
    print(f"suggested links: {len(amap.suggestions)}; judged: {len(verdicts)}; unjudged: {len(unjudged)}")
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
    return 0 if not unjudged and precision >= PRECISION_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
