"""The only module that knows the order of the stages: load -> extract -> assemble -> export / draw.

The CLI and the notebook call these functions; nothing here parses arguments or prints.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .assemble import ArgumentMap, assemble
from .errors import OutputError
from .evaluate import HELD_OUT, Evaluation, evaluate
from .exports import EXPORTS
from .extract import Extractor, extract_corpus, read_articles
from .html import render_html
from .models import Claim, Corpus
from .rdf import to_rdf, to_turtle
from .rules import load_ruleset
from .seeds import load_corpus
from .validate import SHACL_DEFAULT_LIMIT, ShaclError, ShaclReport, validate_graph, validate_turtle_file

TURTLE_NAME = "argmap.ttl"
HTML_NAME = "argmap.html"


@dataclass(frozen=True)
class BuildResult:
    outputs: tuple[Path, ...]
    claims: int
    relations: int
    triples: int
    extracted: int = 0  # rule-extracted claims in the map (overlaps with curated ones excluded)
    shacl: str = ""  # what became of SHACL validation: "conforms", or why it was skipped


def check(seeds_dir: Path) -> Corpus:
    """Load and validate the seeds; raise InputError listing every problem."""
    return load_corpus(seeds_dir)


def build_map(seeds_dir: Path, extract: bool = True, rules: Path | None = None, gazetteer: Path | None = None) -> ArgumentMap:
    """Load the seeds, extract claims by rule (unless extract is False) and assemble the map."""
    corpus = load_corpus(seeds_dir)
    if not extract:
        return assemble(corpus)
    ruleset = load_ruleset(rules, gazetteer)
    return assemble(corpus, extract_corpus(corpus.sources, ruleset), ruleset.infos)


def extract_articles(paths: list[Path], rules: Path | None = None, gazetteer: Path | None = None) -> list[tuple[str, str, list[Claim]]]:
    """The candidate claims of article files, for a person to review: (source id, text, claims) per file."""
    ruleset = load_ruleset(rules, gazetteer)
    articles = read_articles(paths)
    texts = dict(articles)
    found = Extractor(ruleset).extract_texts(articles, progress=True, total=len(articles))
    return [(source_id, texts[source_id], claims) for source_id, claims in found]


def evaluate_seeds(seeds_dir: Path, rules: Path | None = None, gazetteer: Path | None = None, held_out: str = HELD_OUT) -> tuple[Evaluation, Evaluation]:
    """Score the rules against the curated claims: (tuning sources, held-out source)."""
    corpus = load_corpus(seeds_dir)
    ruleset = load_ruleset(rules, gazetteer)
    extracted = extract_corpus(corpus.sources, ruleset)
    return evaluate([s.id for s in corpus.sources], [r.name for r in ruleset.rules], extracted, corpus.claims, held_out)


def check_graph(corpus: Corpus) -> ShaclReport:
    """Assemble a validated corpus in memory and run the SHACL shapes over its RDF graph."""
    return validate_graph(to_rdf(assemble(corpus)))


def check_turtle(path: Path) -> ShaclReport:
    """Run the SHACL shapes over an existing Turtle file."""
    return validate_turtle_file(Path(path))


def build(
    seeds_dir: Path,
    out_dir: Path,
    extract: bool = True,
    rules: Path | None = None,
    gazetteer: Path | None = None,
    shacl: bool | None = None,
) -> BuildResult:
    """Build every output in memory first, then replace the files in out_dir all at once.

    shacl: True validates the graph with the SHACL shapes, False skips it, None (the default)
    validates only graphs of at most SHACL_DEFAULT_LIMIT triples. A violation raises ShaclError
    and nothing is written.
    """
    amap = build_map(seeds_dir, extract, rules, gazetteer)
    graph = to_rdf(amap)
    shacl_status = _validate_for_build(graph, shacl)
    outputs = {
        TURTLE_NAME: to_turtle(graph),
        HTML_NAME: render_html(amap).encode("utf-8"),
        **{name: export(amap, graph) for name, export in EXPORTS.values()},
    }
    written = write_outputs(Path(out_dir), outputs)
    extracted = sum(1 for c in amap.claims if c.rule is not None)
    return BuildResult(
        outputs=written,
        claims=len(amap.claims),
        relations=len(amap.relations),
        triples=len(graph),
        extracted=extracted,
        shacl=shacl_status,
    )


def export(seeds_dir: Path, format_name: str) -> bytes:
    """One interchange export (a key of exports.EXPORTS) of the map built from seeds_dir."""
    amap = build_map(seeds_dir)
    _, exporter = EXPORTS[format_name]
    return exporter(amap, to_rdf(amap))


def _validate_for_build(graph: Graph, shacl: bool | None) -> str:
    if shacl is False:
        return "skipped (--no-shacl)"
    if shacl is None and len(graph) > SHACL_DEFAULT_LIMIT:
        return f"skipped: {len(graph)} triples is over {SHACL_DEFAULT_LIMIT} (use --shacl to force, or argmap check)"
    report = validate_graph(graph)
    if not report.conforms:
        raise ShaclError(report)
    return "conforms"


def write_outputs(out_dir: Path, outputs: dict[str, bytes]) -> tuple[Path, ...]:
    """Write each output to a temporary file beside its target, then rename it into place.

    A failure (or a kill) before the renames leaves every previous output untouched; the renames
    themselves are atomic per file.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot create the output folder ({err.strerror}); choose another with --out") from err
    _remove_stale_temporaries(out_dir, outputs)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in sorted(outputs.items()):
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            staged.append((Path(tmp), out_dir / name))
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot write outputs ({err.strerror}); previous outputs are unchanged") from err
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return tuple(target for _, target in staged)


def _remove_stale_temporaries(out_dir: Path, outputs: dict[str, bytes]) -> None:
    """Temporary files left by a build that was killed (SIGKILL cannot be cleaned up after)."""
    for name in outputs:
        for stale in out_dir.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)
