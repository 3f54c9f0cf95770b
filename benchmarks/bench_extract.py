"""Extraction throughput (words/s) next to the bare spaCy pipeline's, on the same texts, same run.

    python benchmarks/bench_extract.py [--megabytes 1.0] [--repeat 3]

The corpus is the seed articles recombined: each synthetic article is the seed paragraphs in a
shuffled order (fixed seed), until the total reaches --megabytes of UTF-8 text. The baseline is
`nlp.pipe` of argmap's own pipeline (blank English + sentencizer + lookup lemmatizer) with no
matching; argmap's figure covers everything extraction adds (gazetteer, rules, claim building).
The best of --repeat runs is reported for each, alternating, to damp noise. Target: ratio >= 0.5.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tqdm import tqdm  # noqa: E402

from graph.extract import Extractor, pipeline  # noqa: E402
from graph.rules import load_ruleset  # noqa: E402


def make_corpus(megabytes: float) -> list[tuple[str, str]]:
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds" / "articles").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    rng = random.Random(20240601)
    target, size, articles = int(megabytes * 1_000_000), 0, []
    while size < target:
        rng.shuffle(paragraphs)
        text = "\n\n".join(paragraphs[:40])
        articles.append((f"bench-{len(articles)}", text))
        size += len(text.encode("utf-8"))
    return articles


def run_bare(articles, progress: bool) -> float:
    nlp = pipeline()
    started = time.perf_counter()
    for _ in tqdm(nlp.pipe(text for _, text in articles), total=len(articles), desc="bare spaCy", disable=not progress):
        pass
    return time.perf_counter() - started


def run_argmap(extractor: Extractor, articles, progress: bool) -> tuple[float, int]:
    started = time.perf_counter()
    claims = 0
    for _, found in tqdm(extractor.extract_texts(articles), total=len(articles), desc="argmap extract", disable=not progress):
        claims += len(found)
    return time.perf_counter() - started, claims


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=1.0, help="size of the corpus (default 1.0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best kept (default 3)")
    args = parser.parse_args()
    articles = make_corpus(args.megabytes)
    words = sum(len(text.split()) for _, text in articles)
    megabytes = sum(len(text.encode("utf-8")) for _, text in articles) / 1e6
    progress = sys.stderr.isatty()
    extractor = Extractor(load_ruleset())
    run_bare(articles[:2], False)  # warm up: lookup tables and vocab
    run_argmap(extractor, articles[:2], False)
    bare, ours, claims = float("inf"), float("inf"), 0
    for _ in range(args.repeat):
        bare = min(bare, run_bare(articles, progress))
        elapsed, claims = run_argmap(extractor, articles, progress)
        ours = min(ours, elapsed)
    print(f"corpus: {len(articles)} articles, {megabytes:.2f} MB, {words} words; {claims} claims extracted")
    print(f"bare spaCy pipeline: {words / bare:>10,.0f} words/s")
    print(f"argmap extraction:   {words / ours:>10,.0f} words/s")
    ratio = bare / ours
    print(f"ratio argmap/bare:   {ratio:.2f} (target >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'})")
    return 0 if ratio >= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
