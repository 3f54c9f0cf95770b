"""The only module that knows the order of the stages: load -> extract -> assemble -> export / draw.

The CLI and the notebook call these functions with one BuildOptions record (what to build the map
from); nothing here parses arguments or prints.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .analyze import agreement_matrix, consensus_claims, contested_claims, summarize
from .assemble import ArgumentMap, assemble, with_suggested
from .chronology import Window, restrict
from .cite import csl_items, to_bibtex, to_csl_json
from .dates import check_partial_date
from .diff import DIGEST_NAME, PreviousBuild, diff_digests, digest, digest_file, digest_json
from .errors import InputError, Issue, OutputError, ShaclError
from .evaluate import HELD_OUT, Evaluation, evaluate
from .exports import EXPORTS
from .extract import extract_all, extract_corpus, parse_cache, read_articles
from .feature_cache import FeatureCache
from .layout_cache import LayoutCache
from .map_page import map_model, render_fragment, render_html, render_html_bytes
from .models import Claim, Corpus
from .options import BuildOptions
from .outputs import build_lock, switch_outputs
from .outputs import write_outputs as write_outputs  # single files (a report, an export): the notebook and the tests use it
from .picture import render_pictures
from .rdf import to_rdflib, to_triples
from .rdf_outputs import rdf_outputs, start_worker, timed
from .report_document import (
    MAP_TITLE,
    SUGGESTIONS_SHOWN,
    InputFile,
    ReportData,
    SuggestedLink,
    render_report_html,
    render_report_markdown,
)
from .rules import DEFAULT_GAZETTEER, DEFAULT_RULES, load_ruleset
from .seeds import load_corpus
from .stances import stance_grid
from .suggest import SuggestionIndex, suggested_links
from .validate import ShaclReport, validate_graph, validate_turtle_file

TURTLE_NAME = "argmap.ttl"
HTML_NAME = "argmap.html"
SVG_NAME = "argmap.svg"
PNG_NAME = "argmap.png"


@dataclass(frozen=True)
class BuildResult:
    outputs: tuple[Path, ...]
    claims: int
    relations: int
    triples: int
    extracted: int = 0  # rule-extracted claims in the map (overlaps with curated ones excluded)
    shacl: str = ""  # what became of SHACL validation: "conforms", or why it was skipped
    skipped: tuple[str, ...] = ()  # outputs not written by this build, each with why
    changes: str = ""  # what changed since the build it replaced (diff.MapDiff.summary), in one line


def check(options: BuildOptions) -> Corpus:
    """Load and validate the seeds; raise InputError listing every problem."""
    return load_corpus(options.seeds_dir)


@contextmanager
def stage(timings: dict[str, float] | None, name: str) -> Iterator[None]:
    """Add the seconds spent in the with-block to timings[name] (when timings is a dict)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


@contextmanager
def rare_garbage_collection(allocations: int = 100_000) -> Iterator[None]:
    """Run the cyclic garbage collector every `allocations` net allocations instead of every 700.

    A build allocates millions of small objects that live to its end (claim records, pyoxigraph
    triples, layout records); at CPython's default threshold the collector rescans them over and
    over (when the triples were rdflib terms, that made making them 1.8x slower at 700k triples).
    Reference counting still frees everything else at once.
    """
    previous = gc.get_threshold()
    gc.set_threshold(allocations, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def build_map(options: BuildOptions, timings: dict[str, float] | None = None) -> ArgumentMap:
    """Load the seeds, extract claims by rule (unless options.extract is False) and assemble the map."""
    with stage(timings, "load"):
        corpus = load_corpus(options.seeds_dir)
    extracted: tuple[Claim, ...] = ()
    infos = ()
    if options.extract:
        with stage(timings, "extract"):
            ruleset = load_ruleset(options.rules, options.gazetteer)
            extracted, infos = extract_corpus(corpus.sources, ruleset, jobs=options.jobs, cache=parse_cache(options)), ruleset.infos
    with stage(timings, "assemble"):
        amap = assemble(corpus, extracted, infos)
    if options.extract and options.suggest:
        with stage(timings, "suggest index"):
            index = SuggestionIndex.build(amap.sources, amap.propositions, amap.claims, gazetteer=options.gazetteer,
                                          cache=feature_cache(options))
        with stage(timings, "suggest"):
            links = suggested_links(amap.sources, amap.propositions, amap.claims, amap.relations, index=index)
            amap = amap.model_copy(update={"suggestions": links})
    return with_suggested(amap) if options.with_suggested else amap


def extract_articles(paths: list[Path], options: BuildOptions) -> list[tuple[str, str, list[Claim]]]:
    """The candidate claims of article files, for a person to review: (source id, text, claims) per file.

    Only the rule settings of options apply (the articles are not part of the seeds)."""
    ruleset = load_ruleset(options.rules, options.gazetteer)
    articles = read_articles(paths)
    texts = dict(articles)
    found = extract_all(articles, ruleset, options.jobs, progress=True, cache=parse_cache(options))
    return [(source_id, texts[source_id], claims) for source_id, claims in found]


def evaluate_seeds(options: BuildOptions, held_out: str = HELD_OUT) -> tuple[Evaluation, Evaluation]:
    """Score the rules against the curated claims: (tuning sources, held-out source)."""
    corpus = load_corpus(options.seeds_dir)
    ruleset = load_ruleset(options.rules, options.gazetteer)
    extracted = extract_corpus(corpus.sources, ruleset, jobs=options.jobs, cache=parse_cache(options))
    return evaluate([s.id for s in corpus.sources], [r.name for r in ruleset.rules], extracted, corpus.claims, held_out)


def check_graph(options: BuildOptions) -> ShaclReport:
    """Build the map exactly as `build` does (rule-extracted claims included) and run the SHACL
    shapes over its RDF graph, whatever its size."""
    return validate_graph(to_rdflib(to_triples(build_map(options))))


def check_turtle(path: Path) -> ShaclReport:
    """Run the SHACL shapes over an existing Turtle file."""
    return validate_turtle_file(Path(path))


def build(options: BuildOptions, out_dir: Path, shacl: bool | None = None,
          timings: dict[str, float] | None = None) -> BuildResult:
    """Build every output in memory first, then switch the outputs in out_dir all at once
    (outputs.switch_outputs; build/README.md says how). A second build into the same folder
    while this one runs fails at once (OutputError) instead of racing it.

    shacl: True validates the graph with the SHACL shapes, False skips it, None (the default)
    validates only graphs of at most SHACL_DEFAULT_LIMIT triples. A violation raises ShaclError
    and nothing is written. timings, when given, receives the seconds spent in each stage.
    """
    out_dir = Path(out_dir)
    with rare_garbage_collection(), build_lock(out_dir, create=False):
        return _build(options, out_dir, shacl, timings)


def _build(options: BuildOptions, out_dir: Path, shacl: bool | None, timings: dict[str, float] | None) -> BuildResult:
    with PreviousBuild(out_dir / TURTLE_NAME) as previous, OutputWorker(options.jobs > 1) as worker:
        return _build_against(options, out_dir, shacl, timings, previous, worker)


class OutputWorker:
    """Where a build lays out the groups of claims that the layout cache does not hold.

    With --jobs 2 or more, two worker processes: a cold layout's groups are spread over both
    (largest first) while this process waits for them; a cold layout took ~57 s on one core at
    1,000 articles. The workers are started with the build, so that their imports overlap loading
    and extraction, and spawned, not forked: a fork of a process holding the map would share its
    memory page by page and copy what it touches; a worker gets a group's nodes and boxes pickled
    and sends back positions. They are closed once the layout is done (`close`). With jobs = 1
    every call runs in this process. The outputs are the same bytes either way
    (tests/test_output_worker.py).
    """

    def __init__(self, enabled: bool, processes: int = 2):
        self.pool = multiprocessing.get_context("spawn").Pool(processes, initializer=start_worker) if enabled else None

    def submit(self, function: Callable, *args) -> Callable[[], tuple[object, float]]:
        """Run function(*args) in the worker (or here, now); returns what gives (result, seconds it took)."""
        if self.pool is None:
            done = timed(function, *args)
            return lambda: done
        return self.pool.apply_async(timed, (function, *args)).get

    def map(self, function: Callable, arguments: Iterable[tuple]) -> Iterable:
        """function(*args) for each args, in order: spread over the worker's processes (one call at a
        time each, in the order given), or here."""
        if self.pool is None:
            return (function(*args) for args in arguments)
        arguments = list(arguments)
        return self.pool.starmap(function, arguments, chunksize=1) if arguments else []

    def __enter__(self) -> OutputWorker:
        return self

    def close(self) -> None:
        """End the worker processes once their work is done (calls after this run here)."""
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def __exit__(self, kind, error, trace) -> None:
        if self.pool is None:
            return
        if error is None:
            self.pool.close()
        else:
            self.pool.terminate()  # whatever it was making is not wanted any more
        self.pool.join()
        self.pool = None


def _build_against(options: BuildOptions, out_dir: Path, shacl: bool | None, timings: dict[str, float] | None,
                   previous: PreviousBuild, worker: OutputWorker) -> BuildResult:
    amap = build_map(options, timings)
    # The triples' outputs first, in this process: the triples, about a third of the build's memory
    # at 1,000 articles, are freed before the page is drawn. (Made in a worker beside the drawing,
    # the worker's copy of the map and its triples put the build's processes together at 3.2 GB,
    # over the 2.5 GB target: benchmarks/README.md.)
    rdf, _ = timed(rdf_outputs, amap, shacl)
    _add_timings(timings, rdf.timings)
    if rdf.violations is not None:
        raise ShaclError(rdf.violations)
    with stage(timings, "stances"):
        grid = stance_grid(amap)  # one grid for the page and the digest
    with stage(timings, "layout"):
        # one layout for the page and the picture; groups not in the cache laid out in the worker
        drawing = map_model(amap, layout_cache=layout_cache(options), grid=grid, spread_all=worker.map)
    # The workers' part is done: they go now, before the picture and the page, when this process's
    # memory peaks (with the picture drawn in a worker, the build's processes together reached
    # 2.6 GB at 1,000 articles; benchmarks/README.md).
    worker.close()
    with stage(timings, "picture"):
        svg, png = render_pictures(drawing)
    with stage(timings, "html"):
        page = render_html_bytes(amap, model=drawing)
    del drawing
    made: dict[str, bytes] = {}
    for format_name, exporter in EXPORTS.items():
        if not exporter.from_triples:  # those are rdf_outputs'
            with stage(timings, f"export {format_name}"):
                made[exporter.file_name] = exporter.write(amap, [])
    with stage(timings, "compare"):
        mine = digest(amap, grid)
    turtle, triple_count, shacl_status, skipped = rdf.turtle, rdf.triples, rdf.shacl, rdf.skipped
    made.update(rdf.exported)
    outputs = {TURTLE_NAME: turtle, HTML_NAME: page, SVG_NAME: svg, PNG_NAME: png}
    outputs.update((e.file_name, made[e.file_name]) for e in EXPORTS.values() if e.file_name in made)
    with stage(timings, "compare"):
        outputs[DIGEST_NAME] = digest_json(mine, turtle)  # what the next build and argmap diff compare
        changes = previous.compare(mine)  # before the new files replace the old
    with stage(timings, "write"):
        # A skipped output left by an earlier build would describe other inputs: it goes.
        written = switch_outputs(out_dir, outputs, remove=tuple(skipped))
    extracted = sum(1 for c in amap.claims if c.rule is not None)
    return BuildResult(
        outputs=written,
        claims=len(amap.claims),
        relations=len(amap.relations),
        triples=triple_count,
        extracted=extracted,
        shacl=shacl_status,
        skipped=tuple(f"{name}: {why}" for name, why in sorted(skipped.items())),
        changes=changes,
    )


def cite(options: BuildOptions, format_name: str, source_ids: list[str] | None = None) -> bytes:
    """The sources as references (cite.CITE_FORMATS: CSL-JSON or BibTeX), all of them or those named.

    Only the seeds are loaded (a reference does not depend on extraction); an unknown source id is
    an InputError with the nearest id as a hint."""
    corpus = load_corpus(options.seeds_dir)
    items = csl_items(corpus)
    if source_ids:
        known = {item["id"]: item for item in items}
        unknown = [Issue("--source", f"source {sid}", f"unknown source `{sid}`", _nearest_hint(sid, sorted(known)), "unknown-source")
                   for sid in source_ids if sid not in known]
        if unknown:
            raise InputError(unknown)
        items = [known[sid] for sid in dict.fromkeys(source_ids)]
    text = to_csl_json(items) if format_name == "csl-json" else to_bibtex(items)
    return text.encode("utf-8")


def _nearest_hint(value: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, known, n=1)
    return f"did you mean `{close[0]}`?" if close else f"the sources are: {', '.join(known)}"


def export(options: BuildOptions, format_name: str) -> bytes:
    """One interchange export (a key of exports.EXPORTS) of the map, at any size."""
    amap = build_map(options)
    return EXPORTS[format_name].write(amap, to_triples(amap))


LAYOUTS_FOLDER = "layouts"  # the layout cache's folder inside the cache folder (beside the parses and claims)


def layout_cache(options: BuildOptions) -> LayoutCache | None:
    """The cache of group positions a BuildOptions asks for (the same switch and folder as the parse cache)."""
    cache = parse_cache(options)
    return LayoutCache(cache.folder / LAYOUTS_FOLDER) if cache else None


FEATURES_FOLDER = "features"  # the link suggestions' feature cache's folder inside the cache folder


def feature_cache(options: BuildOptions) -> FeatureCache | None:
    """The cache of the link suggestions' text features a BuildOptions asks for (the same switch and folder as the parse cache)."""
    cache = parse_cache(options)
    return FeatureCache(cache.folder / FEATURES_FOLDER) if cache else None


def _add_timings(timings: dict[str, float] | None, seconds: dict[str, float]) -> None:
    if timings is not None:
        for name, value in seconds.items():
            timings[name] = timings.get(name, 0.0) + value


def html_map(options: BuildOptions, fragment: bool = False, title: str = "argmap") -> str:
    """The interactive map alone: a full page, or a fragment to paste into another page."""
    amap = build_map(options)
    return render_fragment(amap, title) if fragment else render_html(amap, title)


REPORT_FORMATS = ("html", "md")


def report(options: BuildOptions, fmt: str = "html", title: str = "argmap report", date: str | None = None,
           window: Window | None = None, against: Path | None = None) -> str:
    """The reader's report (HTML page, or Markdown with fmt="md") of the map (of the sources within
    window), saying what changed since the build `against` (a build folder or Turtle file) if given."""
    data = report_data(options, title, date, with_map=fmt == "html", window=window, against=against)
    return render_report_html(data) if fmt == "html" else render_report_markdown(data)


def report_data(options: BuildOptions, title: str = "argmap report", date: str | None = None,
                with_map: bool = True, window: Window | None = None, against: Path | None = None) -> ReportData:
    """Build the map and gather what the report shows: agreement, stances, consensus, contested, changes, provenance."""
    window = window or Window()
    cut = restrict(build_map(options), window)
    amap = cut.amap
    when, basis = report_date([s.date for s in amap.sources], date)
    rule_files = {"rules": options.rules or DEFAULT_RULES, "gazetteer": options.gazetteer or DEFAULT_GAZETTEER}
    inputs = input_hashes(options.seeds_dir, rule_files if options.extract else {})
    return ReportData(
        title=title,
        date=when,
        date_basis=basis,
        summary=summarize(amap),
        triples=len(to_triples(amap)),
        matrix=agreement_matrix(amap),
        consensus=consensus_claims(amap),
        contested=contested_claims(amap),
        sources={s.id: s for s in amap.sources},
        rules=amap.rules,
        inputs=inputs,
        version=__version__,
        fragment=render_fragment(amap, MAP_TITLE, heading_level=3) if with_map else "",
        grid=stance_grid(amap),
        claims={c.id: c for c in amap.claims},
        window=window.describe(),
        window_note=cut.note(window),
        changes=diff_digests(digest_file(against), digest(amap)) if against is not None else None,
        against=str(against) if against is not None else "",
        suggestions=_strongest_suggestions(amap),
    )


def _strongest_suggestions(amap: ArgumentMap) -> tuple[SuggestedLink, ...]:
    claims = {c.id: c for c in amap.claims}
    best = sorted(amap.suggestions, key=lambda r: (-(r.score or 0.0), r.id))[:SUGGESTIONS_SHOWN]
    return tuple(SuggestedLink(r, claims[r.from_id], claims[r.to_id]) for r in best)


def report_date(source_dates: list[str | None], explicit: str | None = None,
                environ: dict[str, str] | os._Environ = os.environ) -> tuple[str, str]:
    """(date, where it comes from): explicit, else SOURCE_DATE_EPOCH, else the newest source's date.

    Never the clock: the same inputs must give the same report.
    """
    if explicit:
        try:
            return check_partial_date(explicit), "given with --date"
        except ValueError as err:
            raise OutputError(f"--date: {err}") from None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat(), "SOURCE_DATE_EPOCH"
        except ValueError as err:
            raise OutputError(f"SOURCE_DATE_EPOCH={epoch!r}: not a number of seconds since 1970; unset it or fix it") from err
    known = sorted(d for d in source_dates if d)
    return (known[-1], "the newest source's date") if known else ("", "no source is dated")


def input_hashes(seeds_dir: Path, extra: dict[str, Path] | None = None) -> tuple[InputFile, ...]:
    """sha256 of every seed file (YAML and article text, named relative to seeds_dir), then of each extra
    file, named "what: file name" (e.g. "rules: rules.yaml") so the report does not depend on the checkout."""
    seeds_dir = Path(seeds_dir)
    files = sorted(p for p in seeds_dir.rglob("*") if p.is_file() and p.suffix in (".yaml", ".txt"))
    found = [InputFile(p.relative_to(seeds_dir).as_posix(), _sha256(p)) for p in files]
    found += [InputFile(f"{what}: {Path(p).name}", _sha256(Path(p))) for what, p in (extra or {}).items()]
    return tuple(found)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def suggestions(options: BuildOptions, source_id: str | None = None, articles: list[Path] | None = None,
                top: int = 5, engine: str = "bm25") -> tuple[list, dict[str, str]]:
    """Link suggestions (suggest.Suggestions) for one source's claims, or for the claims the rules
    find in article files (not in the seeds: their author is new to the corpus), against the map
    built from options; and the text of every proposition and claim by id, for showing targets."""
    from .errors import InputError, Issue
    from .suggest import already_linked, suggest

    amap = build_map(BuildOptions(**{**options.__dict__, "suggest": False}))
    index = SuggestionIndex.build(amap.sources, amap.propositions, amap.claims, engine, options.gazetteer, feature_cache(options))
    author_of = {s.id: s.author.id for s in amap.sources}
    if articles:
        claims = [c for _, _, found in extract_articles(articles, options) for c in found]
        author_of.update({c.source_id: f"new article {c.source_id}" for c in claims})
        exclude: dict[str, set[str]] = {}
    else:
        if source_id not in author_of:
            raise InputError([Issue(str(options.seeds_dir / "sources.yaml"), f"source {source_id}", "unknown source",
                                    f"known sources: {', '.join(sorted(author_of))}", "unknown-source")])
        claims = sorted((c for c in amap.claims if c.source_id == source_id), key=lambda c: c.span.start)
        exclude = already_linked(amap.claims, amap.relations)
    texts = {p.id: p.text for p in amap.propositions} | {c.id: c.statement for c in amap.claims}
    return suggest(index, claims, author_of, top, exclude), texts
