"""SPARQL over the built graph: bundled queries, a pluggable engine (Oxigraph by default), formats.

An *engine* is any callable `engine(query_text, bindings) -> result`, where bindings maps variable
names to RDF terms that the engine pre-binds (SEP-0007 substitution: the value is never pasted
into the query text) and the result is a pyoxigraph QuerySolutions, QueryBoolean or QueryTriples
(a remote engine can build those from a response with `pyoxigraph.parse_query_results`).
`OxigraphEngine` loads the Turtle file into an in-memory pyoxigraph store.

Queries are read-only and local: `run_query` refuses SPARQL UPDATE, and federated queries (SERVICE,
which would make the engine fetch other servers) unless asked, before any engine runs them. Both are
decided on the parsed query (`check_query`), never on a search of its text.
"""

from __future__ import annotations

import functools
import io
import re
import secrets
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from .errors import ArgmapError
from .tables import render_table
from .vocab import PREFIXES

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
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
FORMATS = ("table", *SOLUTION_FORMATS, *GRAPH_FORMATS)
# The graph files argmap can query, by suffix: triples go to the default graph, quads keep their graphs.
GRAPH_FILE_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
}
QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER_LINE = re.compile(r"^#\s*(name|description|param):\s*(.*)$")


class QueryError(ArgmapError):
    """A query could not be found, parsed, or run; the message says where and why."""


class UpdateRefused(QueryError):
    """A SPARQL UPDATE was sent where only queries are allowed."""


class ServiceRefused(QueryError):
    """A federated query (SERVICE), or one whose use of SERVICE cannot be checked, was refused."""


@dataclass(frozen=True)
class CheckedQuery:
    """What the parsed query is: its form, and whether it calls other servers (None: could not be told)."""

    form: QueryForm | None
    calls_service: bool | None
    unreadable: str = ""  # why the checking parser could not read a query the engine accepts


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
    """Runs queries on a pyoxigraph store (in memory, loaded from a graph file).

    The dataset and base IRI apply to every query it runs: default_graphs / named_graphs are graph
    IRIs (None: the store's default graph / all its named graphs; a graph the store lacks is empty),
    base_iri resolves the relative IRIs of a query (None: a relative IRI is an error).
    """

    def __init__(self, store: ox.Store, source: Path | None = None, *, default_graphs: Sequence[str] | None = None,
                 named_graphs: Sequence[str] | None = None, base_iri: str | None = None):
        self.store = store
        self.source = source  # the file the store was loaded from, if any
        self.default_graphs = None if default_graphs is None else tuple(default_graphs)
        self.named_graphs = None if named_graphs is None else tuple(named_graphs)
        self.base_iri = base_iri

    @classmethod
    def from_turtle(cls, path: Path) -> OxigraphEngine:
        """An engine over a graph file (Turtle, N-Triples, TriG or N-Quads, by its suffix)."""
        return cls(load_store(path), Path(path))

    def with_dataset(self, default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
                     base_iri: str | None = None) -> OxigraphEngine:
        """The same store, queried with this dataset and base IRI."""
        return OxigraphEngine(self.store, self.source, default_graphs=default_graphs, named_graphs=named_graphs,
                              base_iri=base_iri)

    def __call__(self, text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> Result:
        substitutions = {ox.Variable(name): value for name, value in bindings.items()}
        dataset = {}
        if self.default_graphs is not None:
            dataset["default_graph"] = [ox.NamedNode(iri) for iri in self.default_graphs]
        if self.named_graphs is not None:
            dataset["named_graphs"] = [ox.NamedNode(iri) for iri in self.named_graphs]
        return self.store.query(text, prefixes=QUERY_PREFIXES, substitutions=substitutions or None,
                                base_iri=self.base_iri, **dataset)


def load_store(path: Path) -> ox.Store:
    """An in-memory store holding the graph file at path (Turtle unless its suffix says .nt, .trig or .nq)."""
    path = Path(path)
    if not path.is_file():
        raise QueryError(f"{path}: graph file not found; run `argmap build` first or pass --graph FILE")
    fmt = GRAPH_FILE_FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as err:
        raise QueryError(f"{path}: not valid {fmt.name}: {err}") from err
    except OSError as err:
        raise QueryError(f"{path}: cannot read the graph ({err})") from err
    return store


def run_query(engine: Engine, text: str, params: Mapping[str, str] | None = None,
              bundled: BundledQuery | None = None, *, allow_service: bool = False) -> Result:
    """Check that text is a read-only, local query, bind params as string literals, and run it on engine.

    Raises UpdateRefused for SPARQL UPDATE, ServiceRefused for a federated query (SERVICE) unless
    allow_service, and QueryError for a syntax error (with its line:column) or a failed query.
    With allow_service the text goes to the engine unchecked (a remote store applies its own rules).
    """
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
    if not allow_service:
        refuse_service(check_query(text, getattr(engine, "base_iri", None)), allow_service)
    bindings = {name: ox.Literal(value) for name, value in params.items()}
    try:
        return engine(text, bindings)
    except SyntaxError as err:
        if is_update(text):
            raise UpdateRefused("SPARQL UPDATE refused: argmap queries are read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)") from err
        raise QueryError(f"query syntax error: {_shorten(str(err))}") from err
    except (RuntimeError, ValueError) as err:  # e.g. a parameter that is not a projected variable
        raise QueryError(f"query failed: {_shorten(str(err))}") from err


def refuse_service(checked: CheckedQuery, allow_service: bool) -> None:
    """Raise ServiceRefused unless the query is known not to call other servers (or that is allowed)."""
    if allow_service or checked.calls_service is False:
        return
    if checked.calls_service is None:
        raise ServiceRefused(
            "query refused: argmap's safety check (rdflib's SPARQL parser) cannot read this query, which Oxigraph "
            f"accepts, so it cannot tell whether the query calls other servers (SERVICE); rewrite it ({checked.unreadable})")
    raise ServiceRefused(
        "federated query refused: SERVICE would make argmap send requests to other servers; only the local "
        "`argmap query --allow-service` runs such queries")


_EMPTY_STORE = ox.Store()  # only ever asked to parse (see _engine_syntax_error)
_PROBE = {ox.Variable(f"argmap_probe_{secrets.token_hex(8)}"): ox.Literal("")}  # a name no query can guess


@functools.lru_cache(maxsize=512)
def check_query(text: str, base_iri: str | None = None) -> CheckedQuery:
    """Parse text as a query with both the engine's parser and the checker's; raise if it is not a query.

    base_iri: the one the query will run with (without one, a relative IRI is a syntax error).

    Oxigraph decides what is a syntax error (its messages give line:column). rdflib's parser then
    gives the form and whether any SERVICE pattern occurs anywhere (subqueries, EXISTS, OPTIONAL, …).
    A query Oxigraph accepts but rdflib cannot read is reported as unreadable (calls_service None),
    so that a difference between the two parsers can never let a SERVICE call through unseen.
    """
    problem = _engine_syntax_error(text, base_iri)
    if problem is not None:
        operations = _update_operations(text)
        if operations == 0 or not text.strip():  # nothing but prefixes and comments: SPARQL's empty update
            raise QueryError("empty query: give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        if operations:
            raise UpdateRefused("SPARQL UPDATE refused: argmap queries are read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)")
        raise QueryError(f"query syntax error: {_shorten(problem)}")
    return _read_by_checker(text)


@functools.lru_cache(maxsize=512)
def _read_by_checker(text: str) -> CheckedQuery:
    """rdflib's reading of a query Oxigraph accepts (cached by text alone: it is the slow part, 5-100 ms)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except (ParseBaseException, RecursionError, ValueError, TypeError, KeyError, IndexError) as err:
        return CheckedQuery(None, None, f"rdflib: {' '.join(str(err).split())[:300]}")
    return CheckedQuery(_FORMS.get(parsed[1].name), _has_service(parsed))


def _shorten(message: str, limit: int = 240) -> str:
    """Oxigraph lists every character class it expected; the position and the start say enough."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _engine_syntax_error(text: str, base_iri: str | None) -> str | None:
    """Oxigraph's syntax error for text, or None if it parses; nothing is evaluated.

    Oxigraph checks substitutions after parsing and before evaluating: a variable that the query
    cannot contain (a random name) makes it stop right there, so a SERVICE is never called.
    """
    try:
        _EMPTY_STORE.query(text, prefixes=QUERY_PREFIXES, substitutions=_PROBE, base_iri=base_iri)
    except SyntaxError as err:
        return str(err)
    except (RuntimeError, ValueError):
        return None  # the probe's refusal: the query parsed
    return None


def _has_service(node: object) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_has_service(v) for v in node.values())
    if isinstance(node, dict):
        return any(_has_service(v) for v in node.values())
    if isinstance(node, (list, tuple)) or hasattr(node, "asList"):  # pyparsing ParseResults
        return any(_has_service(v) for v in node)
    return False


def form_of(result: Result) -> QueryForm | None:
    """The form a result comes from, as far as its type tells (SELECT or ASK; CONSTRUCT and DESCRIBE alike)."""
    if isinstance(result, ox.QueryBoolean):
        return "ASK"
    if isinstance(result, ox.QueryTriples):
        return "CONSTRUCT"
    return "SELECT"


def run(engine: Engine, spec: str, params: Mapping[str, str] | None = None) -> Result:
    """Resolve spec (a bundled query's name, a .rq file, or query text) and run it: the notebook's one call."""
    text, bundled = resolve_query(spec)
    return run_query(engine, text, params, bundled)


def is_update(text: str) -> bool:
    """Whether text parses as SPARQL UPDATE with at least one operation (rdflib parses it; nothing is executed)."""
    return bool(_update_operations(text))


def _update_operations(text: str) -> int | None:
    """How many operations text holds as SPARQL UPDATE, or None if it is not one."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return len(dict.get(parseUpdate(text), "request") or [])  # (CompValue.get answers a missing key with its name)
    except (ParseBaseException, RecursionError, ValueError, TypeError, KeyError, IndexError):
        return None


def serialize_result(result: Result, fmt: str) -> bytes:
    """The result in fmt: SPARQL 1.1 results formats for SELECT/ASK, RDF syntaxes for CONSTRUCT/DESCRIBE."""
    out = io.BytesIO()
    write_result(result, fmt, out)
    return out.getvalue()


def write_result(result: Result, fmt: str, output) -> None:
    """Write the result in fmt to output (a binary file-like object); serialize_result's streaming twin.

    An exception raised by output.write (a size cap, say) stops the serialization and propagates.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(result, ox.QueryTriples):
        if fmt == "table":
            fmt = "turtle"
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"CONSTRUCT and DESCRIBE give triples: use --format {' or '.join(GRAPH_FORMATS)} (or table)")
        result.serialize(output, format=GRAPH_FORMATS[fmt])
        return
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; choose table, {', '.join(SOLUTION_FORMATS)}")
    if fmt == "table":
        output.write((format_table(result) + "\n").encode("utf-8"))
        return
    result.serialize(output, format=SOLUTION_FORMATS[fmt])


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

