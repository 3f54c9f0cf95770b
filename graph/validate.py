"""Validate a built RDF graph against the am: contract's SHACL shapes (ontology/shapes.ttl).

Input validation is pydantic's job (graph/seeds.py) and always runs; this checks the *output*:
what users' SPARQL relies on. pyshacl's cost grows with the graph (see SHACL_DEFAULT_LIMIT for what
was measured), so callers decide whether a graph is small enough.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import ArgmapError
from .ontology_files import ontology_file
from .vocab import DATA_BASE, PREFIXES

# Above this many triples `argmap build` skips SHACL unless asked. Measured with
# benchmarks/shacl_scaling.py (2 cores): 1.1 s for the seed graph (2,941 triples), 4.4 s for 11,764
# (linear so far), 11-27 s for 29,410 (faster than linear, and noisy).
SHACL_DEFAULT_LIMIT = 15_000


class ShaclFinding(BaseModel):
    """One SHACL validation result, with its nodes written as short readable names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: str  # "Violation", "Warning" or "Info"
    focus: str  # the node that breaks the contract, e.g. "claim/alpha-x"
    path: str  # the property concerned, e.g. "am:text"; "" for node-level constraints
    message: str
    value: str = ""  # the offending value, when there is one
    shape: str = ""  # the shape's property or constraint, for tooling

    def __str__(self) -> str:
        where = f"{self.focus}: {self.path}" if self.path else self.focus
        return f"{where}: {self.message}" + (f" (value: {self.value})" if self.value else "")


class ShaclReport(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    conforms: bool
    triples: int
    findings: tuple[ShaclFinding, ...]


def load_shapes() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def validate_graph(data: Graph, shapes: Graph | None = None) -> ShaclReport:
    """Run the shapes over `data` (no inference) and collect every result, sorted."""
    import pyshacl  # imported here: it takes about a second, and only check/build need it

    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(), inference="none", abort_on_first=False
    )
    findings = sorted(
        {_finding(results, result, data) for result in results.subjects(SH.resultSeverity, None)},
        key=lambda f: (f.focus, f.path, f.message, f.value),
    )
    return ShaclReport(conforms=bool(conforms), triples=len(data), findings=tuple(findings))


def validate_turtle_file(path: Path) -> ShaclReport:
    """Parse an existing Turtle file and validate it."""
    try:
        data = Graph().parse(path, format="turtle")
    except FileNotFoundError as err:
        raise ArgmapError(f"{path}: file not found; build it first with `argmap build`") from err
    except Exception as err:  # rdflib raises several unrelated types for bad syntax
        raise ArgmapError(f"{path}: not valid Turtle ({err})") from err
    return validate_graph(data)


def _finding(results: Graph, result: Node, data: Graph) -> ShaclFinding:
    def one(predicate: URIRef) -> Node | None:
        return results.value(result, predicate)

    severity = one(SH.resultSeverity)
    value = one(SH.value)
    if value == one(SH.focusNode):
        value = None  # pyshacl repeats the focus node as the value of node-level results
    return ShaclFinding(
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        focus=short_name(one(SH.focusNode), data),
        path=_path_name(results, one(SH.resultPath)),
        message=str(one(SH.resultMessage) or ""),
        value=short_name(value, data) if value is not None else "",
        shape=str(one(SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
    )


def _path_name(results: Graph, path: Node | None) -> str:
    """A SHACL property path in SPARQL's notation: am:anchor/oa:hasSource, ^am:from."""
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + _path_name(results, inverse)
        if results.value(path, RDF.first) is not None:
            return "/".join(_path_name(results, step) for step in Collection(results, path))
    return short_name(path)


def short_name(node: Node | None, graph: Graph | None = None) -> str:
    """amid:claim/x -> "claim/x", am:text -> "am:text", literals as their text."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    text = str(node)
    if text.startswith(DATA_BASE):
        return text[len(DATA_BASE) :]
    for prefix, namespace in PREFIXES.items():
        if prefix != "amid" and text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return f"<{text}>" if isinstance(node, URIRef) else text
