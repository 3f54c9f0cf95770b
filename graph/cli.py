"""Command line: parse options, call the pipeline, format results. No logic of its own.

Exit codes: 0 ok, 1 problems found (invalid input, unwritable output), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__, analyze, pipeline, query, report, serve
from .errors import ArgmapError, InputError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = pipeline.build(args.seeds, args.out)
    elapsed = time.perf_counter() - started
    for path in result.outputs:
        print(f"wrote {path}")
    print(f"{result.claims} claims, {result.relations} relations, {result.triples} triples in {elapsed:.2f}s")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    corpus = pipeline.check(args.seeds)
    print(
        f"ok: {len(corpus.sources)} sources, {len(corpus.claims)} claims, "
        f"{len(corpus.propositions)} propositions, {len(corpus.relations)} relations"
    )
    return EXIT_OK


def _cmd_agree(args: argparse.Namespace) -> int:
    matrix = analyze.agreement_matrix(pipeline.build_map(args.seeds))
    print(report.format_agreement(matrix, args.format))
    return EXIT_OK


def _cmd_claims(args: argparse.Namespace) -> int:
    amap = pipeline.build_map(args.seeds)
    labels = None
    if args.consensus:
        standings = analyze.consensus_claims(amap)
    elif args.contested:
        standings = analyze.contested_claims(amap)
    elif args.most_discussed:
        standings = analyze.most_discussed_claims(amap, limit=args.limit)
    else:
        labels = analyze.grounded_claims(amap)
        wanted = analyze.Label(args.grounded)
        standings = [s for s in analyze.claim_standings(amap) if labels[s.claim.id] is wanted]
    print(report.format_standings(standings, args.format, labels))
    return EXIT_OK


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"--param {pair}: write --param NAME=VALUE")
        params[name] = value
    return params


def _cmd_query(args: argparse.Namespace) -> int:
    if args.list:
        for bundled in query.bundled_queries().values():
            params = " ".join(f"--param {p.name}=…" for p in bundled.parameters)
            print(f"{bundled.name:<26} {bundled.description}" + (f"  [{params}]" if params else ""))
        return EXIT_OK
    if args.query is None:
        raise UsageError("give a QUERY (a bundled name, a file, - for stdin, or the text) or --list")
    text, bundled = query.resolve_query(args.query)
    engine = query.OxigraphEngine.from_turtle(args.graph)
    result = query.run_query(engine, text, _parse_params(args.param), bundled)
    data = query.serialize_result(result, args.format)
    sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")
    sys.stdout.flush()
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    engine = query.OxigraphEngine.from_turtle(args.graph)
    server = serve.make_server(engine, port=args.port, log=True)
    host, port = server.server_address[:2]
    print(f"serving {args.graph} ({len(engine.store)} triples) read-only at http://{host}:{port}{serve.ENDPOINT_PATH}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


class UsageError(Exception):
    """Wrong use of the command line (exit 2)."""


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
    build.set_defaults(run=_cmd_build)

    check = commands.add_parser("check", help="validate the seeds only, reporting every problem",
                                description="Validate the seeds and report every problem as path:line: what is wrong; hint.")
    seeds_option(check)
    check.set_defaults(run=_cmd_check)

    agree = commands.add_parser("agree", help="the author × author agreement matrix",
                                description="For each pair of authors: supports and contradicts between their claims "
                                "(curated and derived), and an agreement index from -1 (only contradictions) to +1 (only supports).")
    seeds_option(agree)
    agree.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    agree.set_defaults(run=_cmd_agree)

    claims_cmd = commands.add_parser("claims", help="consensus, contested, most discussed, or grounded-status claims",
                                 description="List claims with their authors, backers, opponents and quotes.")
    seeds_option(claims_cmd)
    which = claims_cmd.add_mutually_exclusive_group(required=True)
    which.add_argument("--consensus", action="store_true", help="endorsed by at least two authors, contradicted by none")
    which.add_argument("--contested", action="store_true", help="endorsed by some authors and contradicted by others")
    which.add_argument("--most-discussed", action="store_true", help="the most relations to other authors' claims")
    which.add_argument("--grounded", choices=[label.value for label in analyze.Label],
                       help="claims with this status under Dung's grounded semantics (contradicts read as attacks)")
    claims_cmd.add_argument("--limit", type=int, default=10, help="how many claims --most-discussed lists (default: 10)")
    claims_cmd.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    claims_cmd.set_defaults(run=_cmd_claims)

    def graph_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--graph", type=Path, default=Path("build/argmap.ttl"), metavar="FILE",
                       help="the Turtle graph to query (default: build/argmap.ttl, written by `argmap build`)")

    query_cmd = commands.add_parser("query", help="run a SPARQL query (bundled, from a file, stdin, or inline) on the graph",
                                description="Run a read-only SPARQL query with Oxigraph. QUERY is the name of a bundled "
                                "query (see --list), a .rq file, - for stdin, or the query text itself. "
                                "Tables cut long cells; csv, tsv, json and xml follow the SPARQL 1.1 results formats.")
    query_cmd.add_argument("query", nargs="?", metavar="QUERY", help="bundled name, file, - (stdin) or query text")
    query_cmd.add_argument("--format", choices=("table", "csv", "tsv", "json", "xml", "turtle", "ntriples"), default="table",
                       help="output format (default: table; turtle/ntriples for CONSTRUCT and DESCRIBE)")
    query_cmd.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="bind the variable ?NAME to the string VALUE (repeatable); bundled queries list theirs")
    query_cmd.add_argument("--list", action="store_true", help="list the bundled queries, one line each")
    graph_option(query_cmd)
    query_cmd.set_defaults(run=_cmd_query)

    serve_cmd = commands.add_parser("serve", help="serve the graph as a read-only SPARQL endpoint on 127.0.0.1",
                                description="Serve the graph over the SPARQL 1.1 Protocol (GET and POST) at "
                                "http://127.0.0.1:PORT/sparql, read-only, with CORS; stop with Ctrl-C.")
    serve_cmd.add_argument("--port", type=int, default=7878, help="the port (default: 7878; 0 picks a free one)")
    graph_option(serve_cmd)
    serve_cmd.set_defaults(run=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as err:
        print(f"Error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as err:
        for issue in err.issues:
            print(f"Error: {issue}", file=sys.stderr)
        print(f"Error: {len(err.issues)} problem(s) found; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except ArgmapError as err:
        print(f"Error: {err}", file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
