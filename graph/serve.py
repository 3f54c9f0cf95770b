"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, on 127.0.0.1.

Queries come as GET ?query=…, as a POSTed form (query=…) or as a POSTed application/sparql-query
body; results are negotiated from the Accept header (SPARQL JSON, XML, CSV, TSV for SELECT and
ASK; Turtle, N-Triples, RDF/XML, JSON-LD for CONSTRUCT and DESCRIBE). Updates are answered with
403 and never reach the store. CORS is open, so that a report page opened from disk can query it.
The standard library's ThreadingHTTPServer is enough for one analyst's machine.
"""

from __future__ import annotations

import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .query import OxigraphEngine, QueryError, UpdateRefused, run_query

ENDPOINT_PATH = "/sparql"
MAX_BODY_BYTES = 1_000_000
# Offered media types in order of preference (the first wins for */* and for ties).
SOLUTION_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
}


class _Refusal(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers (highest q, then our order); None if none fits."""
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, str] | None = None
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        for rank, candidate in enumerate(offered):
            if _matches(media.lower(), candidate):
                key = (q, -rank, candidate)
                if best is None or key > best:
                    best = key
    return best[2] if best else None


def _matches(pattern: str, media: str) -> bool:
    if pattern in ("*/*", media):
        return True
    major, _, minor = pattern.partition("/")
    return minor == "*" and media.startswith(major + "/")


def make_server(engine: OxigraphEngine, port: int = 0, host: str = "127.0.0.1", log: bool = False) -> ThreadingHTTPServer:
    """An HTTP server answering SPARQL on ENDPOINT_PATH; port 0 picks a free port (see server_address)."""

    class Handler(_SparqlHandler):
        pass

    Handler.engine = engine
    Handler.log = log
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


class _SparqlHandler(BaseHTTPRequestHandler):
    engine: OxigraphEngine
    log: bool = False
    server_version = "argmap-sparql"

    def do_OPTIONS(self) -> None:
        self._reply(HTTPStatus.NO_CONTENT, b"", None)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path not in (ENDPOINT_PATH, "/"):
            return self._reply_text(HTTPStatus.NOT_FOUND, f"not found; the SPARQL endpoint is {ENDPOINT_PATH}")
        form = parse_qs(url.query, keep_blank_values=True)
        if "update" in form:
            return self._reply_text(HTTPStatus.FORBIDDEN, "SPARQL UPDATE refused: this endpoint is read-only")
        if "query" not in form:
            return self._reply_text(HTTPStatus.OK if url.path == "/" else HTTPStatus.BAD_REQUEST,
                                    f"argmap SPARQL endpoint (read-only): GET or POST a query to {ENDPOINT_PATH}")
        self._answer(form["query"])

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in (ENDPOINT_PATH, "/"):
            return self._reply_text(HTTPStatus.NOT_FOUND, f"not found; the SPARQL endpoint is {ENDPOINT_PATH}")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            return self._reply_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY_BYTES} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            return self._reply_text(HTTPStatus.FORBIDDEN, "SPARQL UPDATE refused: this endpoint is read-only")
        if content_type == "application/sparql-query":
            return self._answer([body])
        if content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return self._reply_text(HTTPStatus.FORBIDDEN, "SPARQL UPDATE refused: this endpoint is read-only")
            if "query" in form:
                return self._answer(form["query"])
            return self._reply_text(HTTPStatus.BAD_REQUEST, "the form needs a query field")
        self._reply_text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                         "POST application/sparql-query or application/x-www-form-urlencoded (query=…)")

    def _answer(self, queries: list[str]) -> None:
        if len(queries) != 1:
            return self._reply_text(HTTPStatus.BAD_REQUEST, "exactly one query parameter is allowed")
        try:
            result = self._run(queries[0])
        except _Refusal as refusal:
            return self._reply_text(refusal.status, str(refusal))
        offered = list(GRAPH_TYPES if isinstance(result, ox.QueryTriples) else SOLUTION_TYPES)
        media = negotiate(self.headers.get("Accept"), offered)
        if media is None:
            return self._reply_text(HTTPStatus.NOT_ACCEPTABLE, f"no acceptable result type; this result comes as {', '.join(offered)}")
        if isinstance(result, ox.QueryTriples):
            data = result.serialize(format=GRAPH_TYPES[media])
        else:
            data = result.serialize(format=SOLUTION_TYPES[media])
        charset = "" if media.endswith("+xml") else "; charset=utf-8"
        self._reply(HTTPStatus.OK, data, media + charset)

    def _run(self, text: str):
        try:
            return run_query(self.engine, text)
        except UpdateRefused as err:
            raise _Refusal(HTTPStatus.FORBIDDEN, "SPARQL UPDATE refused: this endpoint is read-only") from err
        except QueryError as err:
            raise _Refusal(HTTPStatus.BAD_REQUEST, str(err)) from err

    def _reply_text(self, status: HTTPStatus, message: str) -> None:
        self._reply(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _reply(self, status: HTTPStatus, data: bytes, content_type: str | None) -> None:
        self.send_response(status)
        for name, value in CORS_HEADERS.items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Vary", "Accept")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if self.log:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")
