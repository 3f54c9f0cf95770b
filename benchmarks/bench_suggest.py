"""Link suggestions at scale: their share of `argmap build`, and suggestions for one new article.

    python benchmarks/bench_suggest.py [--articles 1000] [--seed 0] [--words 1000] [--keep DIR]

A synthetic corpus of --articles articles (benchmarks/corpus.py, fixed seed) is generated once.

1. Build share. `python -m argmap build --timings` runs three times on it as a child process:
   with suggested links (the default; the first build fills the caches), with --no-suggest, and
   with suggested links again (warm: parses, claims and suggestion features cached, as in a
   rebuild). Reported: the wall times, and the warm build's own stages `suggest index` (the
   similarity index over every proposition and claim) and `suggest` (the best matches of each
   rule-extracted claim, and the links), each against the warm build without suggestions.
   Target (issue 12): building the index under 10%; the whole of suggesting is shown beside it.
   Then, in one process on the corpus's map: the ranking of every rule-extracted claim from
   postings (SuggestionIndex.rank's pruning, as the build does), and on every 10th of them the same
   against scoring every document (exhaustive=True, the baseline), on the same index: seconds, and
   whether the candidates are the same.
2. A new article. A --words-word article made of seed sentences (not in the corpus) is written to a
   file; in one process the map of the corpus is built (not timed), then timed: the similarity
   index over the map (SuggestionIndex.build), and the article's suggestions (rules run over it,
   features, ranking against the index: `suggest`). Baseline in the same run: the rules alone over
   the same article (extract_articles), so the ratio says what suggesting adds to reading the
   article. Target: suggestions under 5 s once the index exists. The wall time of the whole command
   `argmap suggest ARTICLE --seeds CORPUS` (which also loads, extracts and indexes the corpus) is
   reported too.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import SENTENCE, make_corpus  # noqa: E402

TIMINGS = re.compile(r"^stage timings \(s\): (.*)$", re.M)
BUILD_SHARE_TARGET, ARTICLE_SECONDS_TARGET = 0.10, 5.0
SAMPLE = 10  # every SAMPLE-th rule-extracted claim is also ranked by scoring every document


def timed_build(seeds: Path, out: Path, *flags: str) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "argmap", "build", "--seeds", str(seeds), "--out", str(out), "--timings", *flags],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"argmap build failed:\n{done.stderr}")
    stages = {name: float(seconds) for name, seconds in
              (item.rsplit(" ", 1) for item in TIMINGS.search(done.stdout).group(1).split(", "))}
    return wall, stages


def new_article(path: Path, words: int, seed: int) -> None:
    """An article of about `words` words from seed sentences in a new order (not a corpus article)."""
    rng = random.Random(seed + 1)
    sentences = [s.strip() for p in sorted((ROOT / "seeds" / "articles").glob("*.txt"))
                 for s in SENTENCE.split(p.read_text(encoding="utf-8")) if 40 < len(s) < 400 and "\n" not in s.strip()]
    rng.shuffle(sentences)
    chosen, count = [], 0
    for sentence in sentences:
        if count >= words:
            break
        chosen.append(sentence)
        count += len(sentence.split())
    path.write_text("A new analysis\n\n" + " ".join(chosen) + "\n", encoding="utf-8")


def article_timings(seeds: Path, article: Path) -> dict[str, float]:
    from argmap import pipeline
    from argmap.models import Method
    from argmap.options import BuildOptions
    from argmap.suggest import LINK_CANDIDATES, SuggestionIndex, already_linked, suggest, suggested_links

    options = BuildOptions(seeds, suggest=False)
    amap = pipeline.build_map(options)
    out: dict[str, float] = {}
    started = time.perf_counter()
    index = SuggestionIndex.build(amap.sources, amap.propositions, amap.claims)
    out["index"] = time.perf_counter() - started
    # The build's suggest stage after the index: ranking every rule-extracted claim from postings
    # (pruned, what the build does); then, on every SAMPLE-th of them, the same ranking and the one
    # of scoring every document (the baseline: exhaustive=True), same index, same run.
    started = time.perf_counter()
    links = suggested_links(amap.sources, amap.propositions, amap.claims, amap.relations, index=index)
    out["links pruned"] = time.perf_counter() - started
    out["links pruned count"] = float(len(links))
    out.update({f"queries {k}": float(v) for k, v in index.retrievals.items()})
    extracted = sorted((c for c in amap.claims if c.method is Method.RULE_EXTRACTED), key=lambda c: c.id)[::SAMPLE]
    queries = index.query_documents(extracted, {s.id: s.author.id for s in amap.sources})
    exclude = already_linked(amap.claims, amap.relations)
    ranked = {}
    for name, exhaustive in (("sample pruned", False), ("sample exhaustive", True)):
        started = time.perf_counter()
        ranked[name] = [[(d.id, s) for d, s in r] for r in index.rank(queries, top=LINK_CANDIDATES, exclude=exclude, exhaustive=exhaustive, propositions=False)]
        out[name] = time.perf_counter() - started
    out["sample size"] = float(len(queries))
    out["links identical"] = float(ranked["sample pruned"] == ranked["sample exhaustive"])
    pipeline.extract_articles([article], options)  # warm: the pipeline is built once per process anyway
    started = time.perf_counter()
    found = pipeline.extract_articles([article], options)
    out["rules alone"] = time.perf_counter() - started
    started = time.perf_counter()
    claims = [c for _, _, cs in pipeline.extract_articles([article], options) for c in cs]
    author_of = {s.id: s.author.id for s in amap.sources} | {c.source_id: "new author" for c in claims}
    results = suggest(index, claims, author_of, top=5)
    out["suggest"] = time.perf_counter() - started
    out["claims"] = float(len(claims))
    out["candidates"] = float(sum(len(r.candidates) for r in results))
    out["documents"] = float(len(index.documents))
    assert len(found[0][2]) == len(claims)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--keep", type=Path, metavar="DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        seeds = work / f"corpus-{args.articles}"
        if not seeds.exists():
            make_corpus(seeds, args.articles, args.seed)
        wall_first, stages_first = timed_build(seeds, work / "build-with")
        wall_without, stages_without = timed_build(seeds, work / "build-without", "--no-suggest")
        wall_with, stages_with = timed_build(seeds, work / "build-with")
        article = work / "new-article.txt"
        new_article(article, args.words, args.seed)
        words = len(article.read_text(encoding="utf-8").split())
        article_stats = article_timings(seeds, article)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "argmap", "suggest", str(article), "--seeds", str(seeds), "--format", "json"],
                              cwd=ROOT, capture_output=True, text=True)
        command_wall = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"argmap suggest failed:\n{done.stderr}")
    share = stages_with["suggest index"] / wall_without
    whole = (stages_with["suggest index"] + stages_with["suggest"]) / wall_without
    print(f"Corpus: {args.articles:,} synthetic articles (seed {args.seed}); {int(article_stats['documents']):,} propositions and claims indexed.\n")
    print("| build | wall | suggest index | suggest (ranking, links) | index / warm build without | both / warm build without |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, wall, stages in (("first, with suggested links (fills the caches)", wall_first, stages_first),
                               ("warm, with suggested links", wall_with, stages_with)):
        print(f"| {name} | {wall:.1f} s | {stages['suggest index']:.2f} s | {stages['suggest']:.2f} s | "
              f"{100 * stages['suggest index'] / wall_without:.1f}% | {100 * (stages['suggest index'] + stages['suggest']) / wall_without:.1f}% |")
    print(f"| warm, --no-suggest (the baseline) | {wall_without:.1f} s | – | – | – | – |")
    print(f"\nWall time difference, warm builds: {wall_with - wall_without:+.1f} s ({100 * (wall_with - wall_without) / wall_without:+.1f}%; noisy, "
          "two separate runs); the stage times above are the build's own measure.\n")
    ratio = article_stats["suggest"] / article_stats["rules alone"]
    print(f"New article: {words:,} words, {int(article_stats['claims'])} claims found by the rules, "
          f"{int(article_stats['candidates'])} candidates listed.\n")
    print("| step | seconds | ratio to the rules alone |")
    print("| --- | ---: | ---: |")
    print(f"| index over the corpus (once, computed: no feature cache) | {article_stats['index']:.2f} | {article_stats['index'] / article_stats['rules alone']:.1f}× |")
    print(f"| rules alone over the article (baseline) | {article_stats['rules alone']:.3f} | 1.0× |")
    print(f"| the article's suggestions (rules + features + ranking) | {article_stats['suggest']:.3f} | {ratio:.1f}× |")
    print(f"| `argmap suggest ARTICLE --seeds CORPUS`, whole command | {command_wall:.1f} | – |")
    queries = {k.removeprefix("queries "): int(v) for k, v in article_stats.items() if k.startswith("queries ")}
    print(f"\nRanking every rule-extracted claim of the corpus from postings (the build's suggest stage after the index): "
          f"{article_stats['links pruned']:.2f} s, {int(article_stats['links pruned count'])} suggested links; "
          f"queries {sum(queries.values()):,}: " + ", ".join(f"{k} {v:,}" for k, v in sorted(queries.items())) + ". "
          f"Every {SAMPLE}th of them ({int(article_stats['sample size']):,}), same index: from postings {article_stats['sample pruned']:.2f} s, "
          f"scoring every document {article_stats['sample exhaustive']:.2f} s; the same candidates: "
          f"{'yes' if article_stats['links identical'] else 'NO'}.")
    met_build = share < BUILD_SHARE_TARGET
    met_article = article_stats["suggest"] < ARTICLE_SECONDS_TARGET
    print(f"\nTargets: building the index under {100 * BUILD_SHARE_TARGET:.0f}% of the warm build: {'met' if met_build else 'NOT met'} "
          f"({100 * share:.1f}%; the index and the ranking together: {100 * whole:.1f}%, "
          f"{'also' if whole < BUILD_SHARE_TARGET else 'not'} under it); a new article's suggestions under {ARTICLE_SECONDS_TARGET:.0f} s: "
          f"{'met' if met_article else 'NOT met'} ({article_stats['suggest']:.2f} s).")
    return 0 if met_build and met_article and article_stats["links identical"] else 1


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    sys.exit(main())
