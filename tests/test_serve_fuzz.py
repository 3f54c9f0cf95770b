"""Fuzzing `argmap serve` with hypothesis: arbitrary bytes, and requests with arbitrary methods,
targets, headers and bodies, over real sockets to the real command.

Whatever arrives, the server answers with a well-formed HTTP response (h11 reads it strictly; an
error has a short text body) or, for a request it never received whole, closes the connection; it
stays up, and its log (stderr) holds no traceback and no internal error.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .conftest import ROOT
from .http_raw import NoReply, Reply, exchange, request

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def served(seed_build: Path, tmp_path_factory):
    log = tmp_path_factory.mktemp("fuzz") / "serve.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "argmap", "serve", "--port", "0", "--timeout", "5", "--graph", str(seed_build / "argmap.ttl")],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True)
        try:
            url = process.stdout.readline().rsplit(" ", 1)[1].strip()
            address = urllib.parse.urlsplit(url)
            yield process, (address.hostname, address.port), log
        finally:
            process.terminate()
            process.wait(timeout=30)


def check_answer(process, data: bytes, method: str, address, whole: bool = False) -> Reply | None:
    """whole: the request is well framed, so the client waits for the answer (a half-close after a
    moment would tell the server that the client left, and a slow answer on a loaded machine would
    then be cancelled rightly)."""
    try:
        reply = exchange(address, data, method=method, timeout=30, half_close_after=None if whole else 0.5)
    except NoReply:
        reply = None  # a request never received whole: closing is the answer
    assert process.poll() is None, "the server died"
    if reply is None:
        event("no answer")
    else:
        lines = [line for line in reply.text.splitlines() if line.strip()]
        event(f"status {reply.status} {' / '.join(lines[:2])[:40] if reply.status >= 300 else ''}")
    if reply is not None:
        assert 100 <= reply.status <= 599
        if reply.status >= 400:
            assert reply.headers.get("content-type", "").startswith("text/plain"), reply.headers
            assert len(reply.body) < 2000 and b"Traceback" not in reply.body, reply.body
        if method == "HEAD":
            assert reply.body == b""
    return reply


@FUZZ
@given(garbage=st.binary(max_size=600))
def test_arbitrary_bytes(served, garbage):
    process, address, _ = served
    check_answer(process, garbage + b"\r\n\r\n", "GET", address)


HEADER_NAMES = ["Host", "Content-Type", "Content-Length", "Accept", "Accept-Charset", "Origin", "Transfer-Encoding",
                "Connection", "Expect", "Range", "If-None-Match", "Cookie", "X-Forwarded-Host", "Forwarded", "Upgrade"]
TEXT = st.text(st.characters(codec="latin-1"), max_size=80)
QUERIES = st.one_of(*[st.sampled_from([
    "ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", "DESCRIBE <http://example.org/>",
    "SELECT * { SERVICE <http://127.0.0.1:1/> {} }", "DELETE WHERE { ?s ?p ?o }", "", "SELECT * WHERE { ?s ?p }",
    "ASK { ?s ?p 'café' }", "SELECT ?o { <s> ?p ?o }", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"])] * 2, st.text(max_size=200))


def mostly(common: st.SearchStrategy, rare: st.SearchStrategy, times: int = 3) -> st.SearchStrategy:
    """common `times` times as often as rare (hypothesis picks one_of's branches evenly)."""
    return st.one_of(*[common] * times, rare)


VALUES = st.sampled_from([
    "application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-query; charset=ISO-8859-1",
    "application/sparql-update", "text/csv", "*/*", "application/sparql-results+json;q=0, */*", "text/turtle;q=0.5",
    "chunked", "gzip, chunked", "close", "keep-alive", "100-continue", "null", "http://evil.example", "-1", "99999999999",
    "application/sparql-query; charset=utf-16", "bytes=0-5", "websocket", "h2c"])


@st.composite
def requests(draw) -> tuple[str, bytes]:
    method = draw(mostly(st.sampled_from(["GET", "POST", "GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "get", "PRI"]), TEXT, 8))
    params = draw(st.lists(st.tuples(mostly(st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri"]), TEXT),
                                     QUERIES), max_size=4))
    path = draw(mostly(st.sampled_from(["/sparql", "/sparql/", "/sparql", "/"]), st.sampled_from(["/nope", "*", "http://127.0.0.1/sparql", "//sparql"])))
    target = path + ("?" + urllib.parse.urlencode(params) if params else "") + draw(mostly(st.just(""), st.sampled_from(["%", "%FF", "#x", " "])))
    printable = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
    headers = draw(st.lists(st.tuples(mostly(st.sampled_from(HEADER_NAMES), TEXT, 12), mostly(VALUES | printable, TEXT, 12)),
                            max_size=4))
    body = draw(st.one_of(st.binary(max_size=300), QUERIES.map(lambda t: t.encode("utf-8")),
                          st.lists(st.tuples(st.sampled_from(["query", "update"]), QUERIES)).map(
                              lambda pairs: urllib.parse.urlencode(pairs).encode())))
    version = draw(mostly(st.just("HTTP/1.1"), st.sampled_from(["HTTP/1.0", "HTTP/2.0", "HTTP/1.1 ", ""])))
    lines = [f"{method} {target} {version}".rstrip()]
    if draw(mostly(st.just(True), st.just(False))):
        lines.append("Host: {host}")
    if draw(mostly(st.just(True), st.just(False))):
        lines.append(f"Content-Length: {len(body)}")
    lines += [f"{name}: {value}" for name, value in headers]
    return method, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", errors="replace") + body


@FUZZ
@given(drawn=requests())
def test_arbitrary_requests(served, drawn):
    process, address, _ = served
    method, data = drawn
    data = data.replace(b"{host}", f"{address[0]}:{address[1]}".encode())
    check_answer(process, data, method, address)


@st.composite
def framed_requests(draw) -> tuple[str, bytes]:
    """Requests that HTTP frames correctly, with arbitrary SPARQL-level content: what reaches the endpoint's code."""
    method = draw(st.sampled_from(["GET", "POST", "HEAD", "OPTIONS"]))
    params = draw(st.lists(st.tuples(st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri", "x"]), QUERIES),
                           max_size=3))
    target = draw(st.sampled_from(["/sparql", "/sparql/"])) + ("?" + urllib.parse.urlencode(params) if params else "")
    printable = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=60)
    headers = draw(st.dictionaries(st.sampled_from(["Content-Type", "Accept", "Origin", "Accept-Charset", "Expect", "Range"]),
                                   VALUES | printable, max_size=3))
    body = draw(st.one_of(QUERIES.map(lambda t: t.encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), errors="replace")),
                          st.binary(max_size=200),
                          st.lists(st.tuples(st.sampled_from(["query", "update", "default-graph-uri"]), QUERIES), max_size=3).map(
                              lambda pairs: urllib.parse.urlencode(pairs).encode())))
    lines = [f"{method} {target} HTTP/1.1", "Host: {host}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return method, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@FUZZ
@given(drawn=framed_requests())
def test_arbitrary_sparql_requests(served, drawn):
    process, address, _ = served
    method, data = drawn
    reply = check_answer(process, data.replace(b"{host}", f"{address[0]}:{address[1]}".encode()), method, address, whole=True)
    assert reply is not None, "a whole request got no answer"


def test_after_fuzzing_the_server_answers_and_its_log_is_clean(served):
    process, address, log = served
    reply = request(address, "GET", "/sparql?query=ASK%20%7B%7D")
    assert reply.status == 200 and process.poll() is None
    text = log.read_text()
    assert "Traceback" not in text and "internal error" not in text, text[-3000:]
    assert '"GET /sparql' in text  # the log is the server's own (its access lines), not an empty file
    with socket.create_connection(address) as still_open:  # and it still accepts connections
        still_open.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n\r\n")
        assert still_open.recv(12) == b"HTTP/1.0 200"  # waitress answers HTTP/1.0 in kind
