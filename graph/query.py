"""SPARQL over the built graph: bundled queries, a pluggable engine (Oxigraph by default), formats.

An *engine* is any callable `engine(query_text, bindings) -> result`, where bindings maps variable
names to RDF terms that the engine pre-binds (SEP-0007 substitution: the value is never pasted
into the query text) and the result is a pyoxigraph QuerySolutions, QueryBoolean or QueryTriples
(a remote engine can build those from a response with `pyoxigraph.parse_query_results`).
`OxigraphEngine` loads the Turtle file into an in-memory pyoxigraph store.

Queries are read-only: `run_query` refuses SPARQL UPDATE before any engine sees it.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import ArgmapError
from .formatting import render_table
from .vocab import DATA_BASE, PREFIXES

QUERIES_DIR = Path(__file__).parent / "queries"
DEFAULT_GRAPH = Path("build/argmap.ttl")

# Prefixes every query may use without declaring them (am:, dcterms:, oa:, prov:, ...).
QUERY_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
Engine = Callable[[str, Mapping[str, ox.NamedNode | ox.Literal]], Result]

SOLUTION_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}
FORMATS = ("table", *SOLUTION_FORMATS, *GRAPH_FORMATS)
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER_LINE = re.compile(r"^#\s*(name|description|param):\s*(.*)$")


class QueryError(ArgmapError):
    """A query could not be found, parsed, or run; the message says where and why."""


class UpdateRefused(QueryError):
    """A SPARQL UPDATE was sent where only queries are allowed."""


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str


@dataclass(frozen=True)
class BundledQuery:
    """A query shipped in graph/queries/NAME.rq, described by its header comment."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path


def bundled_queries() -> dict[str, BundledQuery]:
    """Every bundled query by name, in name order."""
    return {q.name: q for q in sorted((_read_bundled(p) for p in QUERIES_DIR.glob("*.rq")), key=lambda q: q.name)}


def _read_bundled(path: Path) -> BundledQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break  # the header is the leading block of comment lines
        match = _HEADER_LINE.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            name, _, description = value.strip().partition(" ")
            parameters.append(Parameter(name, description.strip()))
        else:
            fields[key] = value.strip()
    if fields.get("name") != path.stem or not fields.get("description"):
        raise QueryError(f"{path}:1: the header needs '# name: {path.stem}' and '# description: …' lines")
    return BundledQuery(path.stem, fields["description"], tuple(parameters), text, path)


def resolve_query(spec: str) -> tuple[str, BundledQuery | None]:
    """The query text for QUERY: '-' (stdin), a bundled query's name, a .rq file, else inline text."""
    if spec == "-":
        return sys.stdin.read(), None
    bundled = bundled_queries()
    if spec in bundled:
        return bundled[spec].text, bundled[spec]
    path = Path(spec)
    if "\n" not in spec and len(spec) < 4096 and path.is_file():
        try:
            return path.read_text(encoding="utf-8"), None
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"{path}: cannot read the query ({err})") from err
    if re.fullmatch(r"[\w./-]+", spec):  # one word: meant as a name or a file, not as a query
        names = ", ".join(bundled)
        raise QueryError(f"{spec}: no such bundled query or file; bundled queries are: {names} (see --list)")
    return spec, None


class OxigraphEngine:
    """Runs queries on an in-memory pyoxigraph store loaded from a Turtle file."""

    def __init__(self, store: ox.Store):
        self.store = store

    @classmethod
    def from_turtle(cls, path: Path) -> OxigraphEngine:
        return cls(load_store(path))

    def __call__(self, text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> Result:
        substitutions = {ox.Variable(name): value for name, value in bindings.items()}
        return self.store.query(text, prefixes=QUERY_PREFIXES, substitutions=substitutions or None)


def load_store(path: Path) -> ox.Store:
    """An in-memory store holding the Turtle file at path."""
    path = Path(path)
    if not path.is_file():
        raise QueryError(f"{path}: graph file not found; run `argmap build` first or pass --graph FILE")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    except SyntaxError as err:
        raise QueryError(f"{path}: not valid Turtle: {err}") from err
    return store


def run_query(engine: Engine, text: str, params: Mapping[str, str] | None = None,
              bundled: BundledQuery | None = None) -> Result:
    """Check that text is a read-only query, bind params as string literals, and run it on engine."""
    params = dict(params or {})
    for name in params:
        if not _VARIABLE_NAME.match(name):
            raise QueryError(f"--param {name}=…: a parameter name is a SPARQL variable name (letters, digits, _)")
    if bundled is not None:
        declared = {p.name for p in bundled.parameters}
        missing = sorted(declared - params.keys())
        unknown = sorted(params.keys() - declared)
        if missing or unknown:
            usage = " ".join(f"--param {p.name}=…" for p in bundled.parameters) or "no parameters"
            problem = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(unknown)}"
            raise QueryError(f"query {bundled.name}: {problem}; it takes {usage}")
    bindings = {name: ox.Literal(value) for name, value in params.items()}
    if bundled is not None:
        check_named_values(engine, params)
    try:
        return engine(text, bindings)
    except SyntaxError as err:
        if is_update(text):
            raise UpdateRefused("SPARQL UPDATE refused: argmap queries are read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)") from err
        raise QueryError(f"query syntax error: {err}") from err
    except RuntimeError as err:  # e.g. a parameter that is not a projected variable
        raise QueryError(f"query failed: {err}") from err


# Parameters of the bundled queries that name something in the graph (by the parameter's name): what
# it is, and the query listing every such name. A value naming nothing would give 0 rows and exit 0.
_NAMED = {
    "author": ("author", "ASK { ?a a am:Author ; rdfs:label ?name }", lambda value: {"name": ox.Literal(value)},
               "SELECT DISTINCT ?name WHERE { ?a a am:Author ; rdfs:label ?name }", "`argmap query authors` lists them"),
    "claim_id": ("claim", "ASK { ?claim a am:Claim }", lambda value: {"claim": ox.NamedNode(f"{DATA_BASE}claim/{value}")},
                 "SELECT ?name WHERE { ?c a am:Claim . BIND(STRAFTER(STR(?c), \"/claim/\") AS ?name) }",
                 "`argmap query claims-by-author --param author=…` lists an author's claims"),
}


def check_named_values(engine: Engine, params: Mapping[str, str]) -> None:
    """Refuse, in one line with a "did you mean", a parameter value that names no author or claim of the graph."""
    for name, value in params.items():
        kind = _NAMED.get("author" if name.startswith("author") else name)
        if kind is None:
            continue
        what, exists, binding, listing, hint = kind
        try:
            if bool(engine(exists, binding(value))):
                continue
        except ValueError:
            pass  # not even a possible IRI: certainly no such claim
        known = [row[0].value for row in engine(listing, {})]
        close = [k for k in known if k.casefold() == value.casefold()] or difflib.get_close_matches(value, known, n=3, cutoff=0.6)
        guess = f"did you mean {' or '.join(repr(k) for k in close)}? ({hint})" if close else hint
        raise QueryError(f"--param {name}={value}: no {what} in the graph is called that; {guess}")


def run(engine: Engine, spec: str, params: Mapping[str, str] | None = None) -> Result:
    """Resolve spec (a bundled query's name, a .rq file, or query text) and run it: the notebook's one call."""
    text, bundled = resolve_query(spec)
    return run_query(engine, text, params, bundled)


def is_update(text: str) -> bool:
    """Whether text parses as SPARQL UPDATE (rdflib parses it; nothing is executed)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except (ParseException, ValueError, TypeError):
        return False
    return True


def serialize_result(result: Result, fmt: str) -> bytes:
    """The result in fmt: SPARQL 1.1 results formats for SELECT/ASK, RDF syntaxes for CONSTRUCT/DESCRIBE."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(result, ox.QueryTriples):
        if fmt == "table":
            fmt = "turtle"
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"CONSTRUCT and DESCRIBE give triples: use --format {' or '.join(GRAPH_FORMATS)} (or table)")
        return result.serialize(format=GRAPH_FORMATS[fmt])
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; choose table, {', '.join(SOLUTION_FORMATS)}")
    if fmt == "table":
        return (format_table(result) + "\n").encode("utf-8")
    return result.serialize(format=SOLUTION_FORMATS[fmt])


def format_table(result: ox.QuerySolutions | ox.QueryBoolean) -> str:
    """A plain-text table, IRIs shortened with the argmap prefixes, long cells cut to fit a terminal."""
    if isinstance(result, ox.QueryBoolean):
        return "true" if bool(result) else "false"
    headers = [v.value for v in result.variables]
    rows = [[short_term(solution[i]) for i in range(len(headers))] for solution in result]
    return render_table(headers, rows) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"


def short_term(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    """A term as a reader wants to see it: prefixed name, plain literal value, _:id, or empty."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(str(namespace)):
                return f"{prefix}:{term.value[len(str(namespace)):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value

