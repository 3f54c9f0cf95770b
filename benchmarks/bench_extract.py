"""Extraction throughput (words/s) next to the bare spaCy pipeline's, on the same texts, same run.

    python benchmarks/bench_extract.py [--megabytes 1.0] [--repeat 5] [--corpus DIR] [--jobs N]

The corpus is the seed articles recombined: each synthetic article is the seed paragraphs in a
shuffled order (fixed seed), until the total reaches --megabytes of UTF-8 text (or, with
--corpus, the *.txt files of DIR/articles or DIR). The baseline is `nlp.pipe` of the same
pipeline argmap loads (spaCy's en_core_web_sm 3.8.0 with the same components: tok2vec, tagger,
parser, attribute_ruler, lemmatizer, ner) over the same texts, with no matching; argmap's figure
covers everything extraction adds (parsing line by line, gazetteer, rules, claim building),
single process, no parse cache. Runs alternate (bare, argmap, bare, …) and the best of --repeat
is kept for each, in wall-clock time and in the process's CPU time: on a shared machine other
processes stretch wall-clock time at random, CPU time much less. Target: ratio >= 0.7 (wall clock).

--jobs N also times extraction over the same corpus in N worker processes (extract_all, as
`argmap build --jobs N` does) against one process, wall clock, best of --repeat, and prints the
speedup.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argmap.extract import Extractor, extract_all  # noqa: E402
from argmap.nlp import load_pipeline  # noqa: E402
from argmap.rules import load_ruleset  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402
from tqdm import tqdm  # noqa: E402


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


def read_corpus(folder: Path) -> list[tuple[str, str]]:
    folder = folder / "articles" if (folder / "articles").is_dir() else folder
    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]


def run_bare(articles, progress: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the bare pipeline over the articles."""
    nlp = load_pipeline()
    started, cpu = time.perf_counter(), time.process_time()
    # the settings argmap parses with (argmap.nlp): one BLAS thread per process
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in tqdm(nlp.pipe(text for _, text in articles), total=len(articles), desc="bare spaCy", disable=not progress):
            pass
    return time.perf_counter() - started, time.process_time() - cpu


def run_argmap(extractor: Extractor, articles, progress: bool) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, claims) of argmap's extraction over the articles."""
    started, cpu = time.perf_counter(), time.process_time()
    claims = 0
    for _, found in tqdm(extractor.extract_texts(articles), total=len(articles), desc="argmap extract", disable=not progress):
        claims += len(found)
    return time.perf_counter() - started, time.process_time() - cpu, claims


def run_jobs(ruleset, articles, jobs: int) -> tuple[float, list]:
    """(wall seconds, results) of extract_all over the articles in `jobs` processes."""
    started = time.perf_counter()
    found = list(extract_all(articles, ruleset, jobs))
    return time.perf_counter() - started, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=0.3, help="size of the corpus (default 0.3)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best kept (default 3)")
    parser.add_argument("--corpus", type=Path, metavar="DIR", help="use the articles of this corpus folder instead")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="also time extraction in N processes against one (default: 1, skip)")
    args = parser.parse_args()
    articles = read_corpus(args.corpus) if args.corpus else make_corpus(args.megabytes)
    words = sum(len(text.split()) for _, text in articles)
    megabytes = sum(len(text.encode("utf-8")) for _, text in articles) / 1e6
    progress = sys.stderr.isatty()
    ruleset = load_ruleset()
    extractor = Extractor(ruleset)
    run_bare(articles[:2], False)  # warm up: lookup tables and vocab
    run_argmap(extractor, articles[:2], False)
    bare, ours, bare_cpu, ours_cpu, claims = (float("inf"),) * 4 + (0,)
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    for _ in range(args.repeat):
        wall, cpu = run_bare(articles, progress)
        bare, bare_cpu = min(bare, wall), min(bare_cpu, cpu)
        wall, cpu, claims = run_argmap(extractor, articles, progress)
        ours, ours_cpu = min(ours, wall), min(ours_cpu, cpu)
    print(f"corpus: {len(articles)} articles, {megabytes:.2f} MB, {words} words; {claims} claims extracted")
    print(f"load average (1, 5, 15 min) before → after: {load_before} → {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"bare spaCy pipeline: {words / bare:>10,.0f} words/s  ({words / bare_cpu:,.0f} per CPU second)")
    print(f"argmap extraction:   {words / ours:>10,.0f} words/s  ({words / ours_cpu:,.0f} per CPU second)")
    ratio = bare / ours
    print(f"ratio argmap/bare:   {ratio:.2f} wall clock, {bare_cpu / ours_cpu:.2f} CPU time, best of {args.repeat} "
          f"(target >= 0.7: {'met' if ratio >= 0.7 else 'NOT met'})")
    if args.jobs > 1:
        one, many = float("inf"), float("inf")
        for _ in range(args.repeat):
            elapsed, serial = run_jobs(ruleset, articles, 1)
            one = min(one, elapsed)
            elapsed, parallel = run_jobs(ruleset, articles, args.jobs)
            many = min(many, elapsed)
            assert parallel == serial, "extraction in processes must give the same claims in the same order"
        print(f"extraction, 1 process:   {one:.2f} s ({words / one:,.0f} words/s)")
        print(f"extraction, {args.jobs} processes: {many:.2f} s ({words / many:,.0f} words/s); speedup {one / many:.2f}x")
    return 0 if ratio >= 0.7 else 1


if __name__ == "__main__":
    sys.exit(main())
