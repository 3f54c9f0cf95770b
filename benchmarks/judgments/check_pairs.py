"""How well each similarity engine tells related claim pairs from unrelated ones, on the read census (issue 12).

    .venv/bin/python benchmarks/judgments/check_pairs.py [--judgments benchmarks/judgments/pairs-census.yaml]

Builds the seed map as `argmap build` does, keeps the census pairs whose two claims are still in it
with the statements that were read, scores each pair with every engine installed (bm25; minilm and
hybrid with the semantic extra), and prints, per engine, how many of the pairs it scores highest
(top 10, 20, 40, 80) the readers found related (supports or contradicts), against the share of
related pairs in the whole census: a linker that chose pairs by that score could be no more precise
than these rows. Then how many pairs link_blocker lets through, and how many of those are related.
A pair the engine does not put among a claim's 60 best other-author claims scores 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from argmap import pipeline, suggest  # noqa: E402
from argmap.options import BuildOptions  # noqa: E402

TOPS = (10, 20, 40, 80)
RANKED = 60  # how many other-author claims are scored per claim


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judgments", type=Path, default=ROOT / "benchmarks" / "judgments" / "pairs-census.yaml")
    args = parser.parse_args()
    pairs = YAML(typ="safe").load(args.judgments.read_text(encoding="utf-8"))["pairs"]
    amap = pipeline.build_map(BuildOptions(ROOT / "seeds", parse_cache=False))
    statement = {c.id: c.statement for c in amap.claims}
    current = [p for p in pairs if statement.get(p["from"]) == p["from_statement"] and statement.get(p["to"]) == p["to_statement"]]
    related = [p for p in current if p["verdict"] != "none"]
    print(f"census pairs still in the build: {len(current)} of {len(pairs)}; related {len(related)} "
          f"({len(related) / max(1, len(current)):.1%}: {sum(p['verdict'] == 'supports' for p in related)} supports, "
          f"{sum(p['verdict'] == 'contradicts' for p in related)} contradicts)")
    author_of = {s.id: s.author.id for s in amap.sources}
    claims = {c.id: c for c in amap.claims}
    engines = ["bm25"]
    try:
        suggest.semantic_model_dir()
        engines += ["minilm", "hybrid"]
    except suggest.SemanticEngineMissing:
        print("(minilm and hybrid: the semantic extra is not installed)")
    print("\n| engine | " + " | ".join(f"related in its top {n}" for n in TOPS) + " |")
    print("| --- |" + " ---: |" * len(TOPS))
    blocked_line = ""
    for name in engines:
        index = suggest.SuggestionIndex.build(amap.sources, amap.propositions, amap.claims, name)
        queries = {c: q for c, q in zip(sorted({p["from"] for p in current}),
                                        index.query_documents([claims[i] for i in sorted({p["from"] for p in current})], author_of),
                                        strict=True)}
        ids = sorted(queries)
        ranked = index.rank([queries[i] for i in ids], top=RANKED, exhaustive=True, propositions=False)
        score = {(i, doc.id): s for i, found in zip(ids, ranked, strict=True) for doc, s in found}
        order = sorted(current, key=lambda p: (-round(score.get((p["from"], p["to"]), 0.0), 6), p["from"], p["to"]))
        print(f"| {name} | " + " | ".join(f"{sum(p['verdict'] != 'none' for p in order[:n])} of {n}" for n in TOPS) + " |")
        if name == "bm25":
            passed = [p for p in current
                      if suggest.link_blocker(queries[p["from"]], index.documents[index.position[("claim", p["to"])]]) is None]
            blocked_line = (f"\nlink_blocker lets {len(passed)} of the {len(current)} pairs through; {sum(p['verdict'] != 'none' for p in passed)} "
                            f"of them related; it stops {len(related) - sum(p['verdict'] != 'none' for p in passed)} of the {len(related)} related pairs")
    print(blocked_line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
