"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, on 127.0.0.1.

Queries come as GET ?query=…, as a POSTed form (query=…) or as a POSTed application/sparql-query
body, with default-graph-uri / named-graph-uri for the dataset; relative IRIs resolve against the
endpoint's URL. Results are negotiated from the Accept header (python-mimeparse): SPARQL JSON, XML,
CSV, TSV for SELECT (JSON and XML for ASK); Turtle, N-Triples, RDF/XML, JSON-LD for CONSTRUCT and
DESCRIBE. Updates are answered with 403 and never reach the store.

Made for hostile clients as well as for the analyst's own tools:
- HTTP is waitress's (a WSGI server that frames requests strictly: bad or huge Content-Length,
  chunked bodies, header and body size limits), never a hand-written parser.
- queries run in worker processes (argmap.query_workers) with a time limit, a memory limit, a cap on
  the result's size and on long queries at once; a query whose client disconnects is stopped.
- federated queries (SERVICE) are refused, on the parsed query.
- the Host header must name the served address (a page on another site that rebinds its DNS name
  to 127.0.0.1 is refused), requests from another web origin are refused, and CORS is off unless a
  cors_origin is given.
- every answer is a well-formed HTTP response with a short text body saying what went wrong.
"""

from __future__ import annotations

import codecs
import errno
import ipaddress
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs

import mimeparse
import pyoxigraph as ox
import waitress.channel
import waitress.server

from .errors import ArgmapError
from .query import OxigraphEngine, QueryError, QueryForm, ServiceRefused, UpdateRefused
from .query_workers import (
    EngineFailure,
    Limits,
    NotAcceptable,
    QueryCancelled,
    QueryJob,
    QueryLimitError,
    QueryPool,
    ServerBusy,
    WorkersUnavailable,
    default_limits,
)

ENDPOINT_PATH = "/sparql"
DEFAULT_PORT = 7878
MAX_BODY_BYTES = 1_000_000
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
# Offered media types in order of preference (the first wins for */* and for ties), with the
# argmap.query format that writes each.
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
ASK_TYPES = {  # SPARQL's CSV and TSV formats have no boolean
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "application/json": "json",
    "application/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
    "text/plain": "ntriples",
}
SOLUTION_TYPES = SELECT_TYPES  # the name this module used before ASK had its own table
OFFERS: dict[QueryForm, dict[str, str]] = {
    "SELECT": SELECT_TYPES, "ASK": ASK_TYPES, "CONSTRUCT": GRAPH_TYPES, "DESCRIBE": GRAPH_TYPES}
# Charsets a request body may declare: ASCII-compatible ones (the protocol's UTF-8, and the
# ISO-8859 and Windows families a client may honestly label its bytes with). UTF-16/32 are refused.
READABLE_CHARSETS = {"utf-8", "ascii", *(f"iso8859-{n}" for n in range(1, 17)),
                     *(f"cp125{n}" for n in range(9))}

log = logging.getLogger("argmap.serve")


class ServeError(ArgmapError):
    """The endpoint could not start (a port in use or out of range, say)."""


class BadAcceptHeader(ValueError):
    pass


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the Accept header prefers (highest q, then our order); None if none fits.

    A missing or blank header accepts anything; q=0 excludes a type. BadAcceptHeader if it cannot be parsed.
    """
    if accept is None or not accept.strip():
        return offered[0]
    try:
        # mimeparse breaks ties in favour of the *last* candidate: give it ours least preferred first.
        best = mimeparse.best_match(list(reversed(offered)), accept)
    except (mimeparse.MimeTypeParseException, ValueError) as err:
        raise BadAcceptHeader(f"the Accept header cannot be parsed: {err}") from err
    return best or None


@dataclass
class Response:
    status: HTTPStatus
    body: bytes = b""
    content_type: str | None = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


def _text(status: HTTPStatus, message: str, headers: Iterable[tuple[str, str]] = ()) -> Response:
    return Response(status, (message + "\n").encode("utf-8"), headers=list(headers))


class _Refusal(Exception):
    def __init__(self, response: Response):
        super().__init__(response.status)
        self.response = response


def _refuse(status: HTTPStatus, message: str, headers: Iterable[tuple[str, str]] = ()) -> _Refusal:
    return _Refusal(_text(status, message, headers))


class SparqlApp:
    """The WSGI application: the SPARQL 1.1 Protocol's query operation, read-only, over a QueryPool."""

    def __init__(self, pool: QueryPool, url: str, allowed_hosts: Iterable[str], cors_origin: str | None = None,
                 access_log: Callable[[str], None] | None = None):
        self.pool = pool
        self.url = url  # the endpoint's own URL: the base IRI of every query
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.own_origins = {f"http://{h}" for h in self.allowed_hosts}
        self.cors_origin = cors_origin
        self.access_log = access_log

    def __call__(self, environ: dict, start_response) -> list[bytes]:
        started = time.perf_counter()
        try:
            response = self._respond(environ)
        except _Refusal as refusal:
            response = refusal.response
        except Exception as err:  # a bug of ours: still a well-formed answer, and one line in the log
            log.error("internal error on %s %s: %s: %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"),
                      type(err).__name__, err)
            response = _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error ({type(err).__name__}); see the server's log")
        headers = [*response.headers, ("Content-Length", str(len(response.body)))]
        if response.content_type:
            headers.append(("Content-Type", response.content_type))
        headers += self._cors_headers(environ)
        start_response(f"{response.status.value} {response.status.phrase}", headers)
        if self.access_log:
            target = environ.get("PATH_INFO", "") + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
            self.access_log(f'{environ.get("REMOTE_ADDR", "-")} "{environ.get("REQUEST_METHOD")} {target[:200]}" '
                            f"{response.status.value} {len(response.body)} {time.perf_counter() - started:.3f}s")
        # HEAD: the headers GET would have (Content-Length included), no body (waitress sends what we return).
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [response.body]

    # ------------------------------------------------------------ checks before anything else

    def _respond(self, environ: dict) -> Response:
        self._check_host(environ)
        self._check_origin(environ)
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path in ("/", ""):
            if method not in ("GET", "HEAD"):
                raise _refuse(HTTPStatus.METHOD_NOT_ALLOWED, "the root only describes the endpoint; use GET",
                              [("Allow", "GET, HEAD")])
            return _text(HTTPStatus.OK, f"argmap SPARQL endpoint (read-only): GET or POST a query to {self.url}")
        if path not in (ENDPOINT_PATH, ENDPOINT_PATH + "/"):
            raise _refuse(HTTPStatus.NOT_FOUND, f"not found; the SPARQL endpoint is {self.url}")
        if method == "OPTIONS":
            return Response(HTTPStatus.NO_CONTENT, content_type=None, headers=[("Allow", ALLOWED_METHODS)])
        if method in ("GET", "HEAD"):
            params = _parse_form(environ.get("QUERY_STRING", ""), "utf-8", "the URL's query string")
            return self._operation(environ, params)
        if method == "POST":
            return self._operation(environ, self._post_params(environ))
        raise _refuse(HTTPStatus.METHOD_NOT_ALLOWED, f"method {method} not allowed; use GET or POST",
                      [("Allow", ALLOWED_METHODS)])

    def _check_host(self, environ: dict) -> None:
        host = environ.get("HTTP_HOST")
        if host is None:
            if environ.get("SERVER_PROTOCOL") == "HTTP/1.0":
                return  # HTTP/1.0 may omit Host; browsers, which DNS rebinding needs, always send it
            raise _refuse(HTTPStatus.BAD_REQUEST, "missing Host header")
        if host.lower() not in self.allowed_hosts:
            raise _refuse(HTTPStatus.FORBIDDEN,
                          f"Host {host[:100]!r} is not this server's address ({', '.join(sorted(self.allowed_hosts))}); "
                          "refused (a guard against DNS rebinding)")

    def _origin_allowed(self, origin: str) -> bool:
        return origin.lower() in self.own_origins or self.cors_origin in ("*", origin)

    def _check_origin(self, environ: dict) -> None:
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and not self._origin_allowed(origin):
            raise _refuse(HTTPStatus.FORBIDDEN, f"cross-origin request from {origin[:100]!r} refused; start the "
                          "server with --cors ORIGIN to let pages from that origin query it")

    def _cors_headers(self, environ: dict) -> list[tuple[str, str]]:
        origin = environ.get("HTTP_ORIGIN")
        if self.cors_origin is None or origin is None or not self._origin_allowed(origin):
            return []
        headers = [("Access-Control-Allow-Origin", self.cors_origin), ("Vary", "Origin")]
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            headers += [("Access-Control-Allow-Methods", "GET, POST"),
                        ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                        ("Access-Control-Max-Age", "600")]
        return headers

    # ------------------------------------------------------------ the protocol

    def _post_params(self, environ: dict) -> dict[str, list[str]]:
        content_type = environ.get("CONTENT_TYPE", "")
        if not content_type.strip():
            raise _refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "a POST needs a Content-Type: application/sparql-query "
                          "(the query as the body) or application/x-www-form-urlencoded (query=…)")
        try:
            major, minor, type_params = mimeparse.parse_mime_type(content_type)
        except (mimeparse.MimeTypeParseException, ValueError):
            raise _refuse(HTTPStatus.BAD_REQUEST, f"the Content-Type {content_type[:100]!r} cannot be parsed") from None
        media = f"{major}/{minor}".lower()
        if media == "application/sparql-update":
            raise _refuse(HTTPStatus.FORBIDDEN, "SPARQL UPDATE refused: this endpoint is read-only")
        if media not in ("application/sparql-query", "application/x-www-form-urlencoded"):
            raise _refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"POST a query as application/sparql-query or "
                          f"application/x-www-form-urlencoded, not {media[:100]}")
        charset = _readable_charset(type_params.get("charset", "utf-8"))
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        url_params = _parse_form(environ.get("QUERY_STRING", ""), "utf-8", "the URL's query string")
        if media == "application/sparql-query":
            if "query" in url_params or "update" in url_params:
                raise _refuse(HTTPStatus.BAD_REQUEST, "with an application/sparql-query body, the URL may carry "
                              "default-graph-uri and named-graph-uri only")
            return {**url_params, "query": [_decode(body, charset, "the request body")]}
        form = _parse_form(_decode(body, charset, "the form"), charset, "the form")
        return {name: url_params.get(name, []) + form.get(name, []) for name in url_params.keys() | form.keys()}

    def _operation(self, environ: dict, params: dict[str, list[str]]) -> Response:
        if "update" in params:
            raise _refuse(HTTPStatus.FORBIDDEN, "SPARQL UPDATE refused: this endpoint is read-only")
        queries = params.get("query", [])
        if not queries:
            return _text(HTTPStatus.BAD_REQUEST, "no query: send query=… (GET or a form POST) or POST the query as "
                         "application/sparql-query")
        if len(queries) > 1:
            raise _refuse(HTTPStatus.BAD_REQUEST, f"exactly one query parameter is allowed, not {len(queries)}")
        if not queries[0].strip():
            raise _refuse(HTTPStatus.BAD_REQUEST, "empty query: give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        default_graphs, named_graphs = _graph_iris(params, "default-graph-uri"), _graph_iris(params, "named-graph-uri")
        if default_graphs is not None or named_graphs is not None:  # the protocol's dataset replaces the store's
            default_graphs, named_graphs = default_graphs or (), named_graphs or ()
        try:
            chosen = {form: negotiate(environ.get("HTTP_ACCEPT"), list(offer)) for form, offer in OFFERS.items()}
        except BadAcceptHeader as err:
            raise _refuse(HTTPStatus.BAD_REQUEST, str(err)) from None
        job = QueryJob(text=queries[0], formats={form: OFFERS[form][media] for form, media in chosen.items() if media},
                       default_graphs=default_graphs, named_graphs=named_graphs, base_iri=self.url)
        answer = self._run(job, environ.get("waitress.client_disconnected"))
        media = chosen[answer.form]
        textual = media.startswith("text/") or media.endswith("json")
        return Response(HTTPStatus.OK, answer.data, media + ("; charset=utf-8" if textual else ""),
                        [("Vary", "Accept"), ("Cache-Control", "no-store")])

    def _run(self, job: QueryJob, cancelled: Callable[[], bool] | None):
        try:
            return self.pool.run(job, cancelled)
        except (UpdateRefused, ServiceRefused) as err:
            raise _refuse(HTTPStatus.FORBIDDEN, str(err)) from None
        except NotAcceptable as err:
            offered = ", ".join(OFFERS[err.form]) if err.form else "none"
            raise _refuse(HTTPStatus.NOT_ACCEPTABLE, f"no acceptable result type: a {err.form} result comes as {offered}") from None
        except ServerBusy as err:
            raise _refuse(HTTPStatus.SERVICE_UNAVAILABLE, str(err), [("Retry-After", str(err.retry_after))]) from None
        except WorkersUnavailable as err:
            raise _refuse(HTTPStatus.SERVICE_UNAVAILABLE, str(err), [("Retry-After", "5")]) from None
        except (QueryLimitError, QueryCancelled) as err:
            raise _refuse(HTTPStatus.SERVICE_UNAVAILABLE, str(err)) from None
        except EngineFailure as err:
            log.warning("query engine failure: %s", err)
            raise _refuse(HTTPStatus.INTERNAL_SERVER_ERROR, str(err)) from None
        except QueryError as err:
            raise _refuse(HTTPStatus.BAD_REQUEST, str(err)) from None


def _readable_charset(name: str) -> str:
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise _refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unknown charset {name[:40]!r}; send UTF-8") from None
    if codec not in READABLE_CHARSETS:
        raise _refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"charset {name[:40]!r} refused: send the query as UTF-8 "
                      "(ASCII-compatible charsets such as ISO-8859-1 are read too)")
    return codec


def _decode(data: bytes, charset: str, what: str) -> str:
    try:
        return data.decode(charset)
    except UnicodeDecodeError as err:
        raise _refuse(HTTPStatus.BAD_REQUEST, f"{what} is not valid {charset}: byte {data[err.start]:#04x} "
                      f"at offset {err.start}") from None


def _parse_form(text: str, charset: str, what: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, encoding=charset, errors="strict", max_num_fields=100)
    except UnicodeDecodeError as err:
        raise _refuse(HTTPStatus.BAD_REQUEST, f"{what} has percent-escapes that are not valid {charset} ({err.reason})") from None
    except ValueError as err:
        raise _refuse(HTTPStatus.BAD_REQUEST, f"{what} cannot be read: {err}") from None


def _graph_iris(params: dict[str, list[str]], name: str) -> tuple[str, ...] | None:
    if name not in params:
        return None
    for iri in params[name]:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise _refuse(HTTPStatus.BAD_REQUEST, f"{name} {iri[:100]!r} is not an absolute IRI") from None
    return tuple(params[name])


# ---------------------------------------------------------------- the server


class SparqlServer:
    """The endpoint: a waitress server and its query workers. serve_forever() blocks until shutdown()."""

    def __init__(self, wsgi_server, pool: QueryPool, app: SparqlApp, host: str, port: int):
        self._server = wsgi_server
        self.pool = pool
        self.app = app
        self.server_address = (host, port)
        self.url = app.url
        self.triples = pool.triples
        self._serving = False
        self._stop_asked = threading.Event()
        self._stopped = threading.Event()
        self._trigger_lock = threading.Lock()  # shutdown's pull never meets the loop's closing of the trigger

    def serve_forever(self) -> None:
        """Serve until shutdown(); raises ServeError if waitress closed the listening socket itself.

        waitress's own run() loops until its map is empty and is stopped through its trigger (a pipe).
        This loop also ends when asked, so stopping does not depend on the trigger still being open:
        waitress closes the trigger with the listening socket when accepting a connection fails
        unexpectedly, and a later pull writes to a closed descriptor (or one reused since).
        """
        self._serving = True
        server, listening = self._server, self._server._fileno
        try:
            while not self._stop_asked.is_set():
                if listening not in server._map:
                    raise ServeError(f"{self.url}: the listening socket was closed after an error (logged by "
                                     "waitress above); the server no longer accepts connections")
                waitress.server.wasyncore.loop(timeout=server.adj.asyncore_loop_timeout, map=server._map,
                                               use_poll=server.adj.asyncore_use_poll, count=1)
        except (SystemExit, KeyboardInterrupt):
            return  # Ctrl-C or SIGTERM (the CLI raises SystemExit for it) ends serving, as in waitress's run()
        finally:
            with self._trigger_lock:
                waitress.server.wasyncore.close_all(server._map)  # in the loop's own thread, as waitress does
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serving (from any thread) and wait until serve_forever has returned."""
        self._stop_asked.set()
        trigger = self._server.trigger
        with self._trigger_lock:
            if not trigger._closed:  # a closed trigger's descriptor may belong to another file by now
                try:
                    trigger.pull_trigger()  # wakes the loop now rather than after its poll timeout
                except OSError:
                    pass  # the loop still sees the request within asyncore_loop_timeout
        self._stopped.wait(10)

    def server_close(self) -> None:
        """Release the workers and the listening socket (after shutdown, or instead of serving)."""
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        if not self._serving:
            waitress.server.wasyncore.close_all(self._server._map)
        self.pool.close()

    def close(self) -> None:
        if self._serving and not self._stopped.is_set():
            self.shutdown()
        self.server_close()

    def start(self) -> SparqlServer:
        """serve_forever in a daemon thread (for tests and notebooks); returns self."""
        threading.Thread(target=self.serve_forever, name="argmap-sparql", daemon=True).start()
        return self

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Channel(waitress.channel.HTTPChannel):
    """waitress's connection, less one hang.

    waitress 3.0.2 answers `Expect: 100-continue` on a request that has no body (no Content-Length,
    or 0) with "100 Continue" and then marks the finished request unfinished: the client never gets
    an answer and a thread waits for a body that will not come. A request that is already complete
    needs no 100 (RFC 9110 §10.1.1 lets a server leave it out); it is answered like any other.
    """

    def send_continue(self) -> None:
        if self.request is not None and self.request.completed:
            self.request.expect_continue = False
            return
        super().send_continue()


def make_server(graph: Path | OxigraphEngine, port: int = DEFAULT_PORT, host: str = "127.0.0.1", log: bool = False, *,
                limits: Limits | None = None, cors_origin: str | None = None, threads: int | None = None,
                allowed_hosts: Sequence[str] | None = None) -> SparqlServer:
    """The endpoint for a graph file (Turtle, N-Triples, TriG, N-Quads), listening on host:port.

    port 0 picks a free port (see server_address / url). limits: time, memory, result size and
    concurrency (default_limits() for this machine; allow_service is refused here: a server never
    makes requests for its clients). cors_origin: the one web origin (or "*") whose pages may read
    answers. allowed_hosts: Host header values accepted (default: the address served, and
    localhost:PORT on a loopback address). Raises ServeError for a port in use or out of range.
    """
    graph_file = graph.source if isinstance(graph, OxigraphEngine) else graph
    if graph_file is None:
        raise ServeError("make_server needs the graph file (an engine made by OxigraphEngine.from_turtle has it)")
    limits = limits or default_limits()
    if limits.allow_service:
        raise ServeError("the endpoint never allows SERVICE: it would fetch any address for any client")
    if not isinstance(port, int) or not 0 <= port <= 65535:
        raise ServeError(f"port {port} is out of range: give 1-65535, or 0 for a free port")
    try:
        wsgi = waitress.server.create_server(
            _late_app, host=host, port=port, ipv6=":" in host, ipv4=":" not in host,
            threads=threads or max(16, 4 * limits.workers), ident="argmap-sparql",
            max_request_body_size=MAX_BODY_BYTES, max_request_header_size=64 * 1024,
            channel_timeout=30, channel_request_lookahead=2, connection_limit=200,
            log_socket_errors=False, expose_tracebacks=False, clear_untrusted_proxy_headers=True)
    except OSError as err:
        raise ServeError(_bind_problem(err, host, port)) from None
    except (OverflowError, ValueError) as err:
        raise ServeError(f"cannot listen on {host}:{port}: {err}") from None
    wsgi.channel_class = _Channel
    try:
        pool = QueryPool(Path(graph_file), limits)
    except BaseException:
        wsgi.close()
        raise
    bound_host, bound_port = wsgi.effective_host, int(wsgi.effective_port)
    name = f"[{bound_host}]" if ":" in bound_host else bound_host
    hosts = list(allowed_hosts) if allowed_hosts else _default_hosts(bound_host, bound_port)
    app = SparqlApp(pool, f"http://{name}:{bound_port}{ENDPOINT_PATH}", hosts, cors_origin,
                    access_log=(lambda line: print(line, file=sys.stderr, flush=True)) if log else None)
    wsgi.application = app
    return SparqlServer(wsgi, pool, app, bound_host, bound_port)


def _late_app(environ, start_response):  # replaced by the SparqlApp once the workers are up
    start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "1")])
    return [b"starting\n"]


def _default_hosts(host: str, port: int) -> list[str]:
    name = f"[{host}]" if ":" in host else host
    hosts = [f"{name}:{port}"]
    try:
        if ipaddress.ip_address(host).is_loopback:
            hosts.append(f"localhost:{port}")
    except ValueError:
        pass
    if port == 80:
        hosts += [h.rsplit(":", 1)[0] for h in hosts]
    return hosts


def _bind_problem(err: OSError, host: str, port: int) -> str:
    if err.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use (another `argmap serve`?); choose another with --port, or --port 0 for a free one"
    if err.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (ports below 1024 need privileges); choose another with --port"
    if err.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: not an address of this machine"
    return f"cannot listen on {host}:{port}: {err.strerror or err}"
