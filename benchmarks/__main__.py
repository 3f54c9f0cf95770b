"""Run every benchmark, one after the other, and keep what each printed.

    python -m benchmarks [--full] [--only NAME ...] [--out DIR]

Each benchmark runs in its own process (so one's memory does not weigh on the next) with quick
settings by default, or with its own (larger) defaults with --full. What each prints is shown as
it runs and saved to DIR/NAME.txt (default build/benchmarks/). Exit status 1 if any failed or
missed its target.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name -> (script, quick options, what it measures)
BENCHMARKS = {
    "build": ("bench_build.py", [], "argmap build at 10, 100, 1,000 articles vs bare spaCy and pyoxigraph's Turtle writer"),
    "extract": ("bench_extract.py", ["--megabytes", "0.5", "--repeat", "2"], "extraction throughput vs bare spaCy"),
    "query": ("bench_query.py", ["--claims", "20000", "--rdflib-triples", "2000", "--rdflib-timeout", "30"],
              "SPARQL through argmap vs raw pyoxigraph (and rdflib)"),
    "html": ("bench_html.py", ["--sizes", "200", "2000", "--runs", "1"], "the map's time to interactive in Chromium"),
    "shacl": ("shacl_scaling.py", ["1", "4"], "SHACL validation time vs graph size"),
    "suggest": ("bench_suggest.py", ["--articles", "100"], "link suggestions: their share of the build, and a new article's suggestions"),
    "stress-kill": ("stress_kill.py", ["--kills", "4"], "builds killed at random moments leave all old or all new outputs"),
    "serve": ("bench_serve.py", ["--seconds", "20"], "argmap serve under 50 clients, cheap and heavy queries: latency, memory, answers"),
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="each benchmark's own defaults (slower, larger) instead of quick settings")
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), metavar="NAME", help=f"run only these ({', '.join(BENCHMARKS)})")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "benchmarks", metavar="DIR",
                        help="where to save each benchmark's output (default: build/benchmarks)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    failed = []
    for name in args.only or BENCHMARKS:
        script, quick, what = BENCHMARKS[name]
        command = [sys.executable, str(Path(__file__).parent / script), *([] if args.full else quick)]
        print(f"== {name}: {what}\n$ {' '.join(['python', 'benchmarks/' + script, *command[2:]])}", flush=True)
        started = time.perf_counter()
        with (args.out / f"{name}.txt").open("w", encoding="utf-8") as log:
            child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for line in child.stdout:
                sys.stdout.write(line)
                log.write(line)
            status = child.wait()
        print(f"== {name}: {'ok' if status == 0 else f'exit {status}'} in {time.perf_counter() - started:.0f} s\n", flush=True)
        if status:
            failed.append(name)
    print(f"outputs saved in {args.out}" + (f"; failed or missed a target: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
