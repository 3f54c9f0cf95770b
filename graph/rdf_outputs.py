"""Stage 4a's outputs of a build, made together: the map's triples -> SHACL -> Turtle -> the exports
made from the triples (exports.Export.from_triples).

`argmap build` runs this first, before the layout: the triples never leave the function, only
bytes and counts come back, so the triples (about a third of a large build's memory) are freed
before the page is drawn. `start_worker` and `timed` serve the build's worker processes
(pipeline.OutputWorker).
"""

from __future__ import annotations

import gc
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .assemble import ArgumentMap
from .exports import EXPORTS
from .rdf import to_rdflib, to_triples, to_turtle
from .validate import SHACL_DEFAULT_LIMIT, ShaclReport, validate_graph


@dataclass(frozen=True)
class RdfOutputs:
    triples: int  # how many
    shacl: str  # what became of SHACL validation: "conforms", or why it was skipped
    violations: ShaclReport | None = None  # a report that does not conform: the build stops, nothing is made after it
    turtle: bytes = b""
    exported: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes (exports made from the triples)
    skipped: dict[str, str] = field(default_factory=dict)  # file name -> why the build does not write it
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, in the process that ran them


def rdf_outputs(amap: ArgumentMap, shacl: bool | None) -> RdfOutputs:
    """The triples' outputs of amap. shacl: True validates, False skips, None validates graphs of at
    most SHACL_DEFAULT_LIMIT triples (a violation comes back as `violations`, with no outputs)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    triples = to_triples(amap)
    timings["rdf"] = _lap(started)
    started = time.perf_counter()
    status, report = _validate(triples, shacl)
    timings["shacl"] = _lap(started)
    if report is not None:
        return RdfOutputs(len(triples), status, report, timings=timings)
    started = time.perf_counter()
    turtle = to_turtle(triples)
    timings["turtle"] = _lap(started)
    exported, skipped = {}, {}
    for format_name, exporter in EXPORTS.items():
        if not exporter.from_triples:
            continue
        if exporter.build_limit is not None and len(triples) > exporter.build_limit:
            skipped[exporter.file_name] = (f"{len(triples)} triples is over {exporter.build_limit}; "
                                           f"`argmap export --format {format_name}` writes it")
            continue
        started = time.perf_counter()
        exported[exporter.file_name] = exporter.write(amap, triples)
        timings[f"export {format_name}"] = _lap(started)
    return RdfOutputs(len(triples), status, None, turtle, exported, skipped, timings)


def _lap(started: float) -> float:
    return time.perf_counter() - started


def _validate(triples: list, shacl: bool | None) -> tuple[str, ShaclReport | None]:
    if shacl is False:
        return "skipped (--no-shacl)", None
    if shacl is None and len(triples) > SHACL_DEFAULT_LIMIT:
        return f"skipped: {len(triples)} triples is over {SHACL_DEFAULT_LIMIT} (use --shacl to force, or argmap check)", None
    report = validate_graph(to_rdflib(triples))
    return ("conforms", None) if report.conforms else ("violates the shapes", report)


def start_worker() -> None:
    """In a build's output worker, once: Ctrl-C is the build's to handle (it ends the worker), and the
    garbage collector runs as rarely as in the build (pipeline.rare_garbage_collection: the worker
    too makes a million triples that live until it is done with them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.set_threshold(100_000, *gc.get_threshold()[1:])


def timed(function: Callable, *args) -> tuple[object, float]:
    """(function(*args), the seconds it took), measured where it runs."""
    started = time.perf_counter()
    result = function(*args)
    return result, _lap(started)


__all__ = ["RdfOutputs", "rdf_outputs", "start_worker", "timed"]
