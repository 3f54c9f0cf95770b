"""Command line: parse options, call the pipeline, format results. No logic of its own.

Exit codes: 0 ok, 1 problems found (invalid input, unwritable output), 2 usage.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path

from . import __version__, pipeline
from .candidates import FORMATS, format_candidates
from .errors import ArgmapError, InputError
from .evaluate import HELD_OUT, format_evaluation

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = pipeline.build(args.seeds, args.out, extract=not args.no_extract, rules=args.rules, gazetteer=args.gazetteer)
    elapsed = time.perf_counter() - started
    for path in result.outputs:
        print(f"wrote {path}")
    print(f"{result.claims} claims ({result.extracted} rule-extracted), {result.relations} relations, {result.triples} triples in {elapsed:.2f}s")
    return EXIT_OK


def _cmd_extract(args: argparse.Namespace) -> int:
    results = pipeline.extract_articles(args.articles, rules=args.rules, gazetteer=args.gazetteer)
    sys.stdout.write(format_candidates(results, args.format))
    return EXIT_OK


def _cmd_eval(args: argparse.Namespace) -> int:
    tuning, held_out = pipeline.evaluate_seeds(args.seeds, rules=args.rules, gazetteer=args.gazetteer, held_out=args.held_out)
    print(format_evaluation(tuning))
    print()
    print(format_evaluation(held_out))
    return EXIT_OK


def _cmd_html(args: argparse.Namespace) -> int:
    text = pipeline.html_map(args.seeds, fragment=args.fragment, title=args.title, extract=not args.no_extract,
                             rules=args.rules, gazetteer=args.gazetteer)
    if args.out is None:
        sys.stdout.write(text)
    else:
        out = args.out.resolve()
        pipeline.write_outputs(out.parent, {out.name: text.encode("utf-8")})
        print(f"wrote {args.out}")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    corpus = pipeline.check(args.seeds)
    print(
        f"ok: {len(corpus.sources)} sources, {len(corpus.claims)} claims, "
        f"{len(corpus.propositions)} propositions, {len(corpus.relations)} relations"
    )
    return EXIT_OK


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="argmap",
        description="Turn analysts' articles into a graph of claims: where they agree and where they clash.",
    )
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def rules_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rules", type=Path, metavar="FILE", help="extraction rules file (default: the rules shipped with argmap)")
        p.add_argument("--gazetteer", type=Path, metavar="FILE", help="entity gazetteer file (default: the one shipped with argmap)")

    def seeds_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--seeds", type=Path, default=Path("seeds"), metavar="DIR", help="the corpus folder (default: seeds)")

    build = commands.add_parser("build", help="validate the seeds and write build/argmap.ttl, .html, .svg and .png",
                                description="Validate the seeds, then write the Turtle graph, the interactive HTML map and a static picture of it "
                                "(SVG and PNG). "
                                "On any problem nothing in the output folder is changed.")
    seeds_option(build)
    build.add_argument("--out", type=Path, default=Path("build"), metavar="DIR", help="the output folder (default: build)")
    build.add_argument("--no-extract", action="store_true", help="leave out rule-extracted claims (curated claims only)")
    rules_options(build)
    build.set_defaults(run=_cmd_build)

    extract = commands.add_parser("extract", help="print the claims the extraction rules find in article files, for review",
                                  description="Run the extraction rules over article text files and print the candidate claims. "
                                  "--format yaml prints a claims file that can be pasted into seeds/claims/ as is; "
                                  "jsonl prints one object per claim (source, start, end, quote, statement, subject, polarity, "
                                  "confidence, rule, …).")
    extract.add_argument("articles", nargs="+", type=Path, metavar="ARTICLE", help="UTF-8 article text files; the source id is the file name without .txt")
    extract.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    rules_options(extract)
    extract.set_defaults(run=_cmd_extract)

    evaluate = commands.add_parser("eval", help="score the extraction rules against the curated claims",
                                   description="Score rule extraction against the curated seed claims by span overlap: precision, "
                                   "recall and F1 per rule and overall, on the tuning articles and on the held-out article.")
    seeds_option(evaluate)
    evaluate.add_argument("--held-out", default=HELD_OUT, metavar="SOURCE", help=f"the source kept out of tuning (default: {HELD_OUT})")
    rules_options(evaluate)
    evaluate.set_defaults(run=_cmd_eval)

    check = commands.add_parser("check", help="validate the seeds only, reporting every problem",
                                description="Validate the seeds and report every problem as path:line: what is wrong; hint.")
    seeds_option(check)
    check.set_defaults(run=_cmd_check)
    html = commands.add_parser("html", help="write the interactive map alone, as a page or as a fragment to embed",
                               description="Write the interactive argument map: a self-contained HTML page, or with "
                               "--fragment one <div> (scoped CSS, data and script; no <html>/<body>, no global CSS) to paste "
                               "into a report. Several fragments can share one page. Works offline.")
    seeds_option(html)
    html.add_argument("--fragment", action="store_true", help="write an embeddable fragment instead of a full page")
    html.add_argument("--out", type=Path, default=None, metavar="FILE", help="the file to write (default: standard output)")
    html.add_argument("--title", default="argmap", help="the map's title, shown above it (default: argmap)")
    html.add_argument("--no-extract", action="store_true", help="leave out rule-extracted claims (curated claims only)")
    rules_options(html)
    html.set_defaults(run=_cmd_html)
    return parser


def _exit_on_sigterm(signum: int, frame: object) -> None:
    # Raising instead of dying lets `finally` blocks remove half-written temporary files.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm) if in_main_thread else None
    try:
        return args.run(args)
    except InputError as err:
        for issue in err.issues:
            print(f"Error: {issue}", file=sys.stderr)
        print(f"Error: {len(err.issues)} problem(s) found; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except ArgmapError as err:
        print(f"Error: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
