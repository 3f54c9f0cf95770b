"""`argmap build` at growing corpus sizes, next to the engines underneath measured in the same run.

    python benchmarks/bench_build.py [--sizes 10 100 1000] [--seed 0] [--jobs 2] [--keep DIR]

For each size N a synthetic corpus of N articles (benchmarks/corpus.py, fixed seed) is generated
once into a temporary folder, then `python -m argmap build --timings --jobs J` runs on it as a
child process with an empty parse cache of its own (a cold build), so that its peak memory (the
child's own max RSS, from os.wait4, or, when larger, the largest sum of the resident memory of
the child and its worker processes, sampled from /proc every 0.1 s) is the build's alone. Then one article is added to the corpus and the build runs again
with the cache the first build filled (the rebuild a user sees after adding an article). Reported
per N: wall time, peak memory, claims, relations, triples, time and memory per article, the
rebuild's wall time, and the build's own per-stage seconds.

Baselines, on the same data in the same run:
- extract: spaCy's bare pipeline (argmap.nlp.load_pipeline(): the same model and components, loaded
  cold, then nlp.pipe over the same article texts, no matching), once in one process and once in J
  processes (spaCy's n_process, the cores the build has), vs argmap's extract stage (parsing in J
  processes, rules, gazetteer, claims); the issue's throughput ratio is bare (J) / extract;
- turtle: pyoxigraph's own Turtle serializer on the triples of the build's argmap.ttl (parsed into
  a list first) vs argmap's rdf + turtle stages (map -> pyoxigraph triples -> sorted Turtle).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph  # noqa: E402
from argmap.nlp import load_pipeline  # noqa: E402
from argmap.pipeline import TURTLE_NAME  # noqa: E402
from argmap.rdf import TURTLE_PREFIXES  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from benchmarks.corpus import make_corpus  # noqa: E402

TARGET_SECONDS, TARGET_MEMORY_MB, TARGET_ARTICLES, TARGET_REBUILD_SECONDS = 300, 2560, 1000, 60
SUMMARY = re.compile(r"^(\d+) claims \((\d+) rule-extracted\), (\d+) relations, (\d+) triples in ([\d.]+)s$", re.M)
TIMINGS = re.compile(r"^stage timings \(s\): (.*)$", re.M)


@dataclass
class Run:
    articles: int
    wall: float
    peak_mb: float
    claims: int
    relations: int
    triples: int
    stages: dict[str, float] = field(default_factory=dict)
    bare_spacy: float = 0.0
    bare_spacy_jobs: float = 0.0  # the same in as many processes as the build's --jobs (0 with --jobs 1)
    bare_spacy_jobs: float = 0.0  # the same in as many processes as the build's --jobs (0: --jobs 1)
    oxigraph_turtle: float = 0.0
    rebuild: float = 0.0  # wall seconds of the build after adding one article (warm caches)
    rebuild_peak_mb: float = 0.0
    rebuild_stages: dict[str, float] = field(default_factory=dict)
    loads: dict[str, str] = field(default_factory=dict)  # the 1-minute load average around each build


def run_build(seeds: Path, out: Path, cache: Path, jobs: int) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one `argmap build` in a child process (parses,
    claims and group layouts cached in cache: argmap's --cache-dir)."""
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "argmap", "build", "--seeds", str(seeds), "--out", str(out), "--timings",
                                  "--jobs", str(jobs), "--cache-dir", str(cache)],
                                 cwd=ROOT, stdout=stdout, stderr=stderr)
        sampler = _TreeMemory(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage: its max RSS alone
        sampler.stop = True
        sampler.join()
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0), stderr.seek(0)
        if child.returncode != 0:
            raise SystemExit(f"argmap build failed on {seeds} (exit {child.returncode}):\n{stderr.read()}")
        return wall, max(usage.ru_maxrss / 1024, sampler.peak_mb), stdout.read()


class _TreeMemory(threading.Thread):
    """The largest summed resident memory (MB) of a process and its descendants, sampled."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.stop = pid, 0.0, False

    def run(self) -> None:
        while not self.stop:
            self.peak_mb = max(self.peak_mb, _tree_rss_mb(self.pid))
            time.sleep(0.1)


def _tree_rss_mb(root: int) -> float:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, changed = {root}, True
    while changed:
        grown = tree | {pid for pid, parent in parents.items() if parent in tree}
        changed, tree = grown != tree, grown
    total = 0.0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def bare_spacy_seconds(texts: list[str], processes: int = 1) -> float:
    """spaCy's bare pipeline, built cold as the build builds it (the same settings: one BLAS thread
    per process), over the same article texts, in `processes` processes (spaCy's own n_process:
    with as many as the build's --jobs, the baseline has the cores the build has)."""
    load_pipeline.cache_clear()
    started = time.perf_counter()
    nlp = load_pipeline()
    with threadpool_limits(limits=1, user_api="blas"):
        # Small batches when several processes share the texts (spaCy hands whole batches out).
        for _ in nlp.pipe(texts, **({"n_process": processes, "batch_size": 8} if processes > 1 else {})):
            pass
    return time.perf_counter() - started


def oxigraph_turtle_seconds(turtle: Path) -> float:
    """pyoxigraph's own Turtle serializer on the build's triples (parsed beforehand, not timed)."""
    triples = list(pyoxigraph.parse(path=str(turtle), format=pyoxigraph.RdfFormat.TURTLE))
    started = time.perf_counter()
    pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
    return time.perf_counter() - started


def add_article(seeds: Path) -> None:
    """One more article: an existing one's paragraphs in reverse order, under a new id (no claims file)."""
    from ruamel.yaml import YAML

    first = sorted((seeds / "articles").glob("*.txt"))[0]
    paragraphs = first.read_text(encoding="utf-8").split("\n\n")
    (seeds / "articles" / "added-article.txt").write_text("\n\n".join(reversed(paragraphs)), encoding="utf-8")
    yaml = YAML()
    yaml.width = 4096
    data = yaml.load((seeds / "sources.yaml").read_text(encoding="utf-8"))
    data["sources"]["added-article"] = {"title": "Added article", "author": "unsigned", "publisher": "Benchmark", "date": None, "url": None}
    with (seeds / "sources.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def _stages(stdout: str) -> dict[str, float]:
    timings = TIMINGS.search(stdout)
    if not timings:
        raise SystemExit(f"unexpected output of argmap build:\n{stdout}")
    return {name: float(seconds) for name, seconds in (item.rsplit(" ", 1) for item in timings.group(1).split(", "))}


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def measure(articles: int, seed: int, work: Path, jobs: int) -> Run:
    seeds, out, cache = work / f"corpus-{articles}", work / f"build-{articles}", work / f"cache-{articles}"
    make_corpus(seeds, articles, seed)
    before = _load()
    wall, peak, stdout = run_build(seeds, out, cache, jobs)
    summary = SUMMARY.search(stdout)
    if not summary:
        raise SystemExit(f"unexpected output of argmap build:\n{stdout}")
    run = Run(articles, wall, peak, int(summary.group(1)), int(summary.group(3)), int(summary.group(4)), _stages(stdout))
    run.loads["cold build"] = f"{before} → {_load()}"
    texts = [p.read_text(encoding="utf-8") for p in sorted((seeds / "articles").glob("*.txt"))]
    add_article(seeds)
    before = _load()
    run.rebuild, run.rebuild_peak_mb, stdout = run_build(seeds, out, cache, jobs)
    run.loads["rebuild"] = f"{before} → {_load()}"
    run.rebuild_stages = _stages(stdout)
    # The baselines last: a child's max RSS counts what it shared with this process when forked
    # (Linux keeps it across exec), and the bare pipeline grows this process by gigabytes.
    before = _load()
    run.bare_spacy = bare_spacy_seconds(texts)
    run.loads["bare spaCy"] = f"{before} → {_load()}"
    if jobs > 1:
        before = _load()
        run.bare_spacy_jobs = bare_spacy_seconds(texts, jobs)
        run.loads[f"bare spaCy, {jobs} processes"] = f"{before} → {_load()}"
    run.oxigraph_turtle = oxigraph_turtle_seconds(out / TURTLE_NAME)
    return run


def report(runs: list[Run]) -> str:
    lines = [
        "| articles | wall (cold) | peak memory | claims | relations | triples | time / article | memory / article | rebuild after adding one article |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        lines.append(f"| {r.articles:,} | {r.wall:.1f} s | {r.peak_mb:,.0f} MB | {r.claims:,} | {r.relations:,} | {r.triples:,} "
                     f"| {1000 * r.wall / r.articles:,.0f} ms | {r.peak_mb / r.articles:.2f} MB | {r.rebuild:.1f} s |")
    names = list(dict.fromkeys(name for r in runs for name in r.stages))
    lines += ["", "Stage seconds (from `argmap build --timings`):", "",
              "| articles | " + " | ".join(names) + " |", "| ---: |" + " ---: |" * len(names)]
    for r in runs:
        lines.append(f"| {r.articles:,} | " + " | ".join(f"{r.stages.get(n, 0.0):.2f}" for n in names) + " |")
    for small, large in zip(runs, runs[1:], strict=False):
        # Near-linear growth: a stage's seconds grow by about the factor the articles grow by.
        lines.append(f"| growth {small.articles:,} → {large.articles:,} (×{large.articles / small.articles:g} articles) | "
                     + " | ".join(_growth(small.stages.get(n, 0.0), large.stages.get(n, 0.0)) for n in names) + " |")
    lines += ["", "Baselines measured in the same run, on the same data (bare spaCy: the cold build's texts; Turtle: the rebuild's triples):", "",
              "| articles | bare spaCy | argmap extract | ratio | pyoxigraph Turtle | argmap rdf + turtle | ratio | argmap turtle alone | ratio |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in runs:
        # pyoxigraph serializes the rebuild's triples (measured last, see measure): compared with the rebuild's stages
        extract, rdf, turtle = r.stages.get("extract", 0.0), r.rebuild_stages.get("rdf", 0.0), r.rebuild_stages.get("turtle", 0.0)
        lines.append(f"| {r.articles:,} | {r.bare_spacy:.2f} s | {extract:.2f} s | {extract / r.bare_spacy:.1f}× "
                     f"| {r.oxigraph_turtle:.2f} s | {rdf + turtle:.2f} s | {(rdf + turtle) / r.oxigraph_turtle:.1f}× "
                     f"| {turtle:.2f} s | {turtle / r.oxigraph_turtle:.1f}× |")
    if any(r.bare_spacy_jobs for r in runs):
        # The figure: extraction's throughput as a fraction of the bare pipeline's, both with
        # the same cores (the build parses in --jobs processes; so does this baseline).
        lines += ["", "Extraction's throughput against the bare pipeline in as many processes as the build's --jobs (target ≥ 0.7×):", "",
                  "| articles | bare spaCy, one process | bare spaCy, --jobs processes | argmap extract | throughput ratio |",
                  "| ---: | ---: | ---: | ---: | ---: |"]
        for r in runs:
            extract = r.stages.get("extract", 0.0)
            lines.append(f"| {r.articles:,} | {r.bare_spacy:.2f} s | {r.bare_spacy_jobs:.2f} s | {extract:.2f} s "
                         f"| {r.bare_spacy_jobs / extract:.2f}× |")
    lines += ["", "The rebuild after adding one article (warm caches: parses, claims, group layouts), stage seconds:", "",
              "| articles | wall | peak memory | " + " | ".join(names) + " |", "| ---: | ---: | ---: |" + " ---: |" * len(names)]
    for r in runs:
        lines.append(f"| {r.articles + 1:,} | {r.rebuild:.1f} s | {r.rebuild_peak_mb:,.0f} MB | "
                     + " | ".join(f"{r.rebuild_stages.get(n, 0.0):.2f}" for n in names) + " |")
    lines += ["", "Load average (1, 5, 15 min; 2 cores shared) before → after each step:", ""]
    lines += [f"- {r.articles:,} articles, {step}: {load}" for r in runs for step, load in r.loads.items()]
    big = [r for r in runs if r.articles == TARGET_ARTICLES]
    if big:
        r = big[0]
        met = r.wall < TARGET_SECONDS and r.peak_mb < TARGET_MEMORY_MB and r.rebuild < TARGET_REBUILD_SECONDS
        slowest = max(r.stages, key=r.stages.get)
        lines += ["", f"Target ({TARGET_ARTICLES:,} articles cold in under {TARGET_SECONDS} s, peak under {TARGET_MEMORY_MB / 1024:.1f} GB, "
                  f"rebuild after adding one article under {TARGET_REBUILD_SECONDS} s): {'met' if met else 'NOT met'} "
                  f"({r.wall:.1f} s, {r.peak_mb / 1024:.2f} GB, rebuild {r.rebuild:.1f} s). Slowest stage: {slowest} ({r.stages[slowest]:.1f} s)."]
    return "\n".join(lines)


def _growth(before: float, after: float) -> str:
    return f"×{after / before:.1f}" if before >= 0.05 else "–"  # too short to divide meaningfully


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="numbers of articles (default: 10 100 1000)")
    parser.add_argument("--seed", type=int, default=0, help="the corpus generator's seed (default 0)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate and build in DIR and keep it (default: a temporary folder)")
    parser.add_argument("--jobs", type=int, default=2, help="argmap build --jobs (default 2)")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        for articles in sorted(args.sizes):
            runs.append(measure(articles, args.seed, work, args.jobs))
            print(f"{articles} articles: {runs[-1].wall:.1f} s, {runs[-1].peak_mb:,.0f} MB", file=sys.stderr, flush=True)
    print(report(runs))
    big = [r for r in runs if r.articles == TARGET_ARTICLES]
    return 0 if not big or (big[0].wall < TARGET_SECONDS and big[0].peak_mb < TARGET_MEMORY_MB
                            and big[0].rebuild < TARGET_REBUILD_SECONDS) else 1


if __name__ == "__main__":
    sys.exit(main())
