"""Talk to any SPARQL 1.1 store: load the built graph through the Graph Store Protocol, query it.

Pushing must never leave the target graph half-written. Virtuoso's Graph Store PUT is not atomic
(on a syntax error it keeps what it parsed) and large single uploads hang, so a push:
  1. parses the Turtle locally (a syntax error stops here, before any request);
  2. sends it as N-Triples chunks of about 5 MB into a fresh staging graph (PUT the first, POST
     the rest; N-Triples lines stand alone, so any line boundary is a safe cut);
  3. checks that the staging graph holds exactly the triples sent;
  4. replaces the target with `MOVE <staging> TO <target>` through the SPARQL Update endpoint,
     one server-side operation, so a second push replaces rather than duplicates.
Any failure drops the staging graph and leaves the target as it was.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import requests
from pydantic import BaseModel, ConfigDict
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from .errors import RemoteError

DEFAULT_GRAPH_IRI = "https://w3id.org/argmap/graph"
CHUNK_BYTES = 5_000_000  # measured on Virtuoso: ~5 MB pieces never hung, one 49 MB PUT often did
TIMEOUT = 300  # seconds per request
RESULTS_JSON = "application/sparql-results+json"

Progress = Callable[[int, int], None]  # (bytes sent so far, total bytes)


class QueryResult(BaseModel):
    """A SPARQL result: variables and rows of plain values (IRIs and literals as their text), or a boolean."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    boolean: bool | None = None  # set for ASK queries only


@dataclass(frozen=True)
class PushResult:
    graph: str
    triples: int
    chunks: int
    bytes: int


def make_auth(user: str | None, password: str | None, scheme: str = "digest") -> AuthBase | None:
    """requests auth for a user, or None for anonymous access. Virtuoso's write endpoints use digest."""
    if user is None:
        return None
    if password is None:
        raise RemoteError(f"a password is needed for user {user!r}; pass the name of an environment variable holding it")
    if scheme not in ("digest", "basic"):
        raise RemoteError(f"unknown auth scheme {scheme!r}; use digest or basic")
    return HTTPDigestAuth(user, password) if scheme == "digest" else HTTPBasicAuth(user, password)


def default_update_endpoint(graph_store: str) -> str | None:
    """Virtuoso's authenticated SPARQL endpoint beside its authenticated Graph Store endpoint."""
    suffix = "/sparql-graph-crud-auth"
    return graph_store[: -len(suffix)] + "/sparql-auth" if graph_store.rstrip("/").endswith(suffix) else None


def ntriples_chunks(turtle: Path, chunk_bytes: int = CHUNK_BYTES) -> tuple[list[bytes], int]:
    """The Turtle file as sorted N-Triples cut at line boundaries into pieces of about chunk_bytes."""
    try:
        with Path(turtle).open("rb") as handle:
            triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE, base_iri=None))
    except FileNotFoundError as err:
        raise RemoteError(f"{turtle}: file not found; build it first with `argmap build`") from err
    except SyntaxError as err:
        raise RemoteError(f"{turtle}: not valid Turtle ({err}); nothing was sent") from err
    if any(isinstance(term, pyoxigraph.BlankNode) for t in triples for term in (t.subject, t.object)):
        # Blank node labels are scoped to one request: chunks would split one node into several.
        raise RemoteError(f"{turtle}: has blank nodes, which cannot be sent in chunks; argmap's own graphs have none")
    lines = sorted(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES).splitlines(keepends=True))
    return list(_pack(lines, chunk_bytes)), len(triples)


def _pack(lines: list[bytes], chunk_bytes: int) -> Iterator[bytes]:
    chunk: list[bytes] = []
    size = 0
    for line in lines:
        if chunk and size + len(line) > chunk_bytes:
            yield b"".join(chunk)
            chunk, size = [], 0
        chunk.append(line)
        size += len(line)
    if chunk:
        yield b"".join(chunk)


def push(
    turtle: Path,
    graph_store: str,
    graph_iri: str = DEFAULT_GRAPH_IRI,
    *,
    update_endpoint: str | None = None,
    auth: AuthBase | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    progress: Progress | None = None,
) -> PushResult:
    """Replace the named graph graph_iri on the store with the triples of the Turtle file."""
    update_endpoint = update_endpoint or default_update_endpoint(graph_store)
    if update_endpoint is None:
        raise RemoteError(f"{graph_store}: cannot guess the SPARQL Update endpoint of this store; give it with --update-endpoint")
    chunks, triples = ntriples_chunks(turtle, chunk_bytes)
    total = sum(len(c) for c in chunks)
    staging = f"urn:argmap:staging:{uuid.uuid4()}"
    session = requests.Session()
    session.auth = auth
    sent = 0
    try:
        for index, chunk in enumerate(chunks):
            method = "PUT" if index == 0 else "POST"  # PUT replaces, POST appends
            response = _request(session, method, graph_store, params={"graph-uri": staging}, data=chunk,
                                headers={"Content-Type": "text/turtle; charset=utf-8"})
            _raise_for(response, f"{method} chunk {index + 1}/{len(chunks)} to {graph_store}")
            sent += len(chunk)
            if progress:
                progress(sent, total)
        staged = count_triples(update_endpoint, staging, session=session)
        if staged != triples:
            raise RemoteError(f"{graph_store}: the staging graph holds {staged} triples, {triples} were sent; the target graph is unchanged")
        update(update_endpoint, f"MOVE <{staging}> TO <{graph_iri}>", session=session)
    except BaseException:
        _drop_quietly(session, update_endpoint, staging)
        raise
    return PushResult(graph=graph_iri, triples=triples, chunks=len(chunks), bytes=total)


def update(endpoint: str, statement: str, *, auth: AuthBase | None = None, session: requests.Session | None = None) -> None:
    """Run one SPARQL Update statement (form-encoded POST, as SPARQL 1.1 Protocol allows)."""
    session = session or _session(auth)
    response = _request(session, "POST", endpoint, data={"update": statement})
    _raise_for(response, f"SPARQL Update at {endpoint}")


def query(endpoint: str, sparql: str, *, default_graph: str | None = None, auth: AuthBase | None = None,
          session: requests.Session | None = None) -> QueryResult:
    """Run a SELECT or ASK query on a remote endpoint; default_graph scopes it to one named graph."""
    session = session or _session(auth)
    data = {"query": sparql}
    if default_graph:
        data["default-graph-uri"] = default_graph
    response = _request(session, "POST", endpoint, data=data, headers={"Accept": RESULTS_JSON})
    _raise_for(response, f"SPARQL query at {endpoint}")
    try:
        body = response.json()
    except ValueError as err:
        raise RemoteError(f"{endpoint}: the answer is not SPARQL JSON results ({response.headers.get('Content-Type')})") from err
    if "boolean" in body:
        return QueryResult(boolean=bool(body["boolean"]))
    variables = tuple(body["head"]["vars"])
    rows = tuple(
        tuple(binding[v]["value"] if v in binding else None for v in variables) for binding in body["results"]["bindings"]
    )
    if variables == ("__ASK_RETVAL",):
        # Virtuoso 7 answers ASK in JSON as a one-column SELECT: one row "1" for true, none for false.
        return QueryResult(boolean=bool(rows) and rows[0][0] not in (None, "0"))
    return QueryResult(variables=variables, rows=rows)


def count_triples(endpoint: str, graph_iri: str, *, auth: AuthBase | None = None,
                  session: requests.Session | None = None) -> int:
    result = query(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}", auth=auth, session=session)
    return int(result.rows[0][0]) if result.rows else 0


def _session(auth: AuthBase | None) -> requests.Session:
    session = requests.Session()
    session.auth = auth
    return session


def _request(session: requests.Session, method: str, url: str, **kwargs) -> requests.Response:
    try:
        return session.request(method, url, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as err:
        raise RemoteError(f"{url}: {method} failed ({err}); is the server running and the address right?") from err


def _raise_for(response: requests.Response, what: str) -> None:
    if response.status_code in (401, 403):
        raise RemoteError(
            f"{what}: the server refused the credentials (HTTP {response.status_code}); check --user and the "
            "password variable, and that the user may write; the target graph is unchanged"
        )
    if response.status_code >= 300:
        detail = " ".join(response.text.split())[:300]
        raise RemoteError(f"{what}: HTTP {response.status_code}: {detail}")


def _drop_quietly(session: requests.Session, endpoint: str, staging: str) -> None:
    # Best effort: the push has already failed, and the original error is the one to report.
    try:
        session.post(endpoint, data={"update": f"DROP SILENT GRAPH <{staging}>"}, timeout=60)
    except requests.RequestException:
        pass


class RemoteEngine:
    """A query engine (see graph.query.Engine) that runs queries on a remote SPARQL 1.1 endpoint.

    Its answers come back as pyoxigraph results, so `argmap query --endpoint` formats them exactly
    as it formats local ones. Parameters are bound by a VALUES block (see _bind_with_values).
    """

    def __init__(self, endpoint: str, *, default_graph: str | None = None, auth: AuthBase | None = None,
                 prefixes: dict[str, str] | None = None):
        self.endpoint = endpoint
        self.default_graph = default_graph
        self.prefixes = prefixes or {}
        self.session = _session(auth)

    def __call__(self, text: str, bindings: dict) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples:
        prologue = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in sorted(self.prefixes.items()))
        if bindings:
            text = _bind_with_values(text, bindings)
        data = {"query": prologue + text}
        if self.default_graph:
            data["default-graph-uri"] = self.default_graph
        response = _request(self.session, "POST", self.endpoint, data=data,
                            headers={"Accept": f"{RESULTS_JSON}, application/n-triples;q=0.9"})
        if response.status_code == 400:
            detail = " ".join(response.text.split())[:400]
            raise SyntaxError(f"the endpoint rejected the query: {detail}")
        _raise_for(response, f"SPARQL query at {self.endpoint}")
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type in ("application/n-triples", "text/plain", "text/turtle"):
            # CONSTRUCT / DESCRIBE: pyoxigraph returns graph results only from a query, so the
            # triples are loaded into a scratch store and read back whole.
            store = pyoxigraph.Store()
            store.load(response.content, format=pyoxigraph.RdfFormat.TURTLE)
            return store.query("CONSTRUCT WHERE { ?s ?p ?o }")
        try:
            return pyoxigraph.parse_query_results(response.content, format=pyoxigraph.QueryResultsFormat.JSON)
        except SyntaxError as err:
            raise RemoteError(f"{self.endpoint}: the answer is not SPARQL JSON results ({content_type}): {err}") from err


def _bind_with_values(text: str, bindings: dict) -> str:
    """The query with `VALUES (?name …) { ("value" …) }` opening its WHERE group.

    At the start of the group the values are joined before any BIND or FILTER that uses them
    (a trailing VALUES clause would be joined after them). The literals are written by
    pyoxigraph, escaped, so a parameter's text can never change the query's structure.
    """
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE) or re.search(r"\{", text)
    if where is None:
        raise RemoteError("cannot bind --param values: the query has no WHERE { … } group")
    names = sorted(bindings)
    values = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(str(bindings[n]) for n in names) + ") }\n"
    return text[: where.end()] + "\n  " + values + text[where.end():]
