"""Command line: parse options, call the pipeline, format results. No logic of its own.

Exit codes: 0 ok, 1 problems found (invalid input, unwritable output), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__, pipeline
from .errors import ArgmapError, InputError
from .exports import EXPORTS
from .validate import ShaclError, ShaclReport

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = pipeline.build(args.seeds, args.out, shacl=args.shacl)
    elapsed = time.perf_counter() - started
    for path in result.outputs:
        print(f"wrote {path}")
    print(f"SHACL: {result.shacl}")
    print(f"{result.claims} claims, {result.relations} relations, {result.triples} triples in {elapsed:.2f}s")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    if args.graph:
        return _report_shacl(pipeline.check_turtle(args.graph), str(args.graph))
    corpus = pipeline.check(args.seeds)
    print(
        f"ok: {len(corpus.sources)} sources, {len(corpus.claims)} claims, "
        f"{len(corpus.propositions)} propositions, {len(corpus.relations)} relations"
    )
    return _report_shacl(pipeline.check_graph(corpus), "the built graph")


def _report_shacl(report: ShaclReport, where: str) -> int:
    if not report.conforms:
        _print_shacl_findings(ShaclError(report, where))
        return EXIT_PROBLEMS
    print(f"ok: {where} conforms to the SHACL shapes ({report.triples} triples)")
    return EXIT_OK


def _print_shacl_findings(err: ShaclError) -> None:
    for finding in err.report.findings:
        print(f"Error: {err.where}: {finding}", file=sys.stderr)
    print(f"Error: {len(err.report.findings)} SHACL violation(s) in {err.where}", file=sys.stderr)


def _cmd_export(args: argparse.Namespace) -> int:
    data = pipeline.export(args.seeds, args.format)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    (written,) = pipeline.write_outputs(args.out.parent, {args.out.name: data})
    print(f"wrote {written}", file=sys.stderr)
    return EXIT_OK


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="argmap",
        description="Turn analysts' articles into a graph of claims: where they agree and where they clash.",
    )
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def seeds_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--seeds", type=Path, default=Path("seeds"), metavar="DIR", help="the corpus folder (default: seeds)")

    build = commands.add_parser("build", help="validate the seeds and write build/argmap.ttl and build/argmap.html",
                                description="Validate the seeds, then write the Turtle graph and the interactive HTML map. "
                                "On any problem nothing in the output folder is changed.")
    seeds_option(build)
    build.add_argument("--out", type=Path, default=Path("build"), metavar="DIR", help="the output folder (default: build)")
    build.add_argument("--shacl", action=argparse.BooleanOptionalAction, default=None,
                       help="validate the built graph with ontology/shapes.ttl (default: only graphs of at most "
                       "100,000 triples; pyshacl needs about 90 s per million)")
    build.set_defaults(run=_cmd_build)

    check = commands.add_parser("check", help="validate the seeds and the graph built from them, reporting every problem",
                                description="Validate the seeds and report every problem as path:line: what is wrong; hint. "
                                "Then assemble the graph in memory and validate it with the SHACL shapes of "
                                "ontology/shapes.ttl, reporting each violation as focus node: property: message. "
                                "With --graph, validate an existing Turtle file instead.")
    seeds_option(check)
    check.add_argument("--graph", type=Path, metavar="FILE", help="validate this Turtle file with the SHACL shapes instead of the seeds")
    check.set_defaults(run=_cmd_check)

    export = commands.add_parser("export", help="write the map as AIF-JSON, JSON-LD or GraphML",
                                 description="Build the map from the seeds and write one interchange format: aif "
                                 "(AIF-JSON for OVA, AIFdb, arguebuf), jsonld (JSON-LD with argmap's context) or graphml "
                                 "(for Gephi, yEd, Cytoscape). `argmap build` writes all three into the build folder.")
    seeds_option(export)
    export.add_argument("--format", required=True, choices=sorted(EXPORTS), help="the format to write")
    export.add_argument("--out", type=Path, metavar="FILE", help="the file to write (default: standard output)")
    export.set_defaults(run=_cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except InputError as err:
        for issue in err.issues:
            print(f"Error: {issue}", file=sys.stderr)
        print(f"Error: {len(err.issues)} problem(s) found; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except ShaclError as err:
        _print_shacl_findings(err)
        print("Error: nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except ArgmapError as err:
        print(f"Error: {err}", file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
