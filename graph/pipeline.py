"""The only module that knows the order of the stages: load -> assemble -> export / draw.

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
from .exports import EXPORTS
from .html import render_html
from .models import Corpus
from .rdf import to_rdf, to_turtle
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
    shacl: str = ""  # what became of SHACL validation: "conforms", or why it was skipped


def check(seeds_dir: Path) -> Corpus:
    """Load and validate the seeds; raise InputError listing every problem."""
    return load_corpus(seeds_dir)


def check_graph(corpus: Corpus) -> ShaclReport:
    """Assemble a validated corpus in memory and run the SHACL shapes over its RDF graph."""
    return validate_graph(to_rdf(assemble(corpus)))


def check_turtle(path: Path) -> ShaclReport:
    """Run the SHACL shapes over an existing Turtle file."""
    return validate_turtle_file(Path(path))


def build_map(seeds_dir: Path) -> ArgumentMap:
    return assemble(load_corpus(seeds_dir))


def build(seeds_dir: Path, out_dir: Path, shacl: bool | None = None) -> BuildResult:
    """Build every output in memory first, then replace the files in out_dir all at once.

    shacl: True validates the graph with the SHACL shapes, False skips it, None (the default)
    validates only graphs of at most SHACL_DEFAULT_LIMIT triples. A violation raises ShaclError
    and nothing is written.
    """
    amap = build_map(seeds_dir)
    graph = to_rdf(amap)
    shacl_status = _validate_for_build(graph, shacl)
    outputs = {
        TURTLE_NAME: to_turtle(graph),
        HTML_NAME: render_html(amap).encode("utf-8"),
        **{name: export(amap, graph) for name, export in EXPORTS.values()},
    }
    written = write_outputs(Path(out_dir), outputs)
    return BuildResult(
        outputs=written, claims=len(amap.claims), relations=len(amap.relations), triples=len(graph), shacl=shacl_status
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
