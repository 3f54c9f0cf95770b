"""Hostile clients against the real endpoint: broken framing, odd charsets, queries that never end or
eat memory, clients that leave, too many long queries. Every answer is a well-formed HTTP response
(read with h11) with a short text body; work is stopped in the worker process, which is checked to
be gone. Nothing here waits a fixed time as its check: each polls for a condition, with a generous deadline.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from argmap import serve
from argmap.query_workers import Limits, QueryJob, QueryPool, ServerBusy

from .conftest import ROOT
from .http_raw import NoReply, Reply, exchange, request

# Each of these keeps a core busy for hours on the seed graph (4,347^3 rows to count).
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MEMORY_HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"  # sorts 19 million rows
CHEAP = "ASK { ?s ?p ?o }"
JSON_FORMATS = {"SELECT": "json", "ASK": "json", "CONSTRUCT": "turtle", "DESCRIBE": "turtle"}


def wait_for(condition: Callable[[], object], what: str, deadline: float = 30.0):
    """Poll until condition() is truthy; fail (saying what was awaited) after deadline seconds."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"still waiting after {deadline:g} s for {what}")


def gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


def assert_short_error(reply: Reply, status: int, *words: str) -> None:
    assert reply.status == status, (reply.status, reply.text)
    assert reply.headers["content-type"].startswith("text/plain") and len(reply.body) < 1000, reply.body
    assert int(reply.headers["content-length"]) == len(reply.body)
    assert "Traceback" not in reply.text
    for word in words:
        assert word in reply.text, (word, reply.text)


@pytest.fixture(scope="module")
def graph_with_rdf12(seed_build: Path, tmp_path_factory) -> Path:
    """The seed graph plus one RDF 1.2 triple term, as N-Triples (which JSON-LD cannot express)."""
    path = tmp_path_factory.mktemp("rdf12") / "argmap.nt"
    triples = list(ox.parse(path=str(seed_build / "argmap.ttl"), format=ox.RdfFormat.TURTLE))
    quoted = ox.Triple(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/says"), ox.Literal("x"))
    triples.append(ox.Triple(ox.NamedNode("http://example.org/b"), ox.NamedNode("http://example.org/doubts"), quoted))
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    return path


@pytest.fixture(scope="module")
def strict(graph_with_rdf12: Path):
    """A server with tight limits: 2 s per query, 300 MB per worker, 256 kB per answer."""
    limits = Limits(timeout=2, memory_mb=300, max_result_bytes=256 * 1024, workers=3, max_heavy=2, heavy_after=1,
                    queue_wait=5)
    with serve.make_server(graph_with_rdf12, port=0, limits=limits).start() as running:
        yield running


@pytest.fixture(scope="module")
def memory_bound(graph_with_rdf12: Path):
    """A server whose only tight limit is memory (300 MB per worker): on a loaded machine a 2 s time limit can
    stop a growing query before its memory does, so the memory test must not share the strict server's clock."""
    limits = Limits(timeout=120, memory_mb=300, workers=2, max_heavy=1, heavy_after=1, queue_wait=5)
    with serve.make_server(graph_with_rdf12, port=0, limits=limits).start() as running:
        yield running


@pytest.fixture(scope="module")
def patient(seed_build: Path):
    """A server that lets queries run 60 s, at most one of them past 0.5 s."""
    limits = Limits(timeout=60, workers=3, max_heavy=1, heavy_after=0.5, queue_wait=5)
    with serve.make_server(seed_build / "argmap.ttl", port=0, limits=limits).start() as running:
        yield running


def query_target(text: str, **params: str) -> str:
    return serve.ENDPOINT_PATH + "?" + urllib.parse.urlencode({"query": text, **params})


def raw(server, data: bytes, **kw) -> Reply:
    return exchange(server.server_address, data, **kw)


def host(server) -> bytes:
    return f"Host: {server.server_address[0]}:{server.server_address[1]}\r\n".encode()


def start_in_background(server, text: str) -> socket.socket:
    """Send a GET for text on a socket left open (the caller reads or closes it)."""
    sock = socket.create_connection(server.server_address, timeout=90)
    sock.sendall(f"GET {query_target(text)} HTTP/1.1\r\n".encode() + host(server) + b"\r\n")
    return sock


def busy_worker(server, heavy: bool | None = None, exclude: set[int] = frozenset()) -> int:
    def find():
        return next((pid for pid, is_heavy in server.pool.running()
                     if pid not in exclude and (heavy is None or is_heavy == heavy)), None)

    return wait_for(find, "a worker busy with the query")


# ---------------------------------------------------------------- request framing (waitress) and bodies


def test_negative_and_non_numeric_content_length_are_400(strict):
    for value in (b"-5", b"abc", b"1e3", b"0x10", b" 5", b"5, 5"):
        reply = raw(strict, b"POST /sparql HTTP/1.1\r\n" + host(strict) + b"Content-Type: application/sparql-query\r\n"
                    b"Content-Length: " + value + b"\r\n\r\nASK {}", half_close_after=3)
        assert_short_error(reply, 400)


def test_huge_content_length_or_body_is_413_before_reading_it(strict):
    reply = raw(strict, b"POST /sparql HTTP/1.1\r\n" + host(strict) + b"Content-Type: application/sparql-query\r\n"
                b"Content-Length: 99999999999999999999\r\n\r\nASK {}")
    assert_short_error(reply, 413)
    body = b"ASK {} #" + b"x" * serve.MAX_BODY_BYTES
    assert_short_error(request(strict.server_address, "POST", serve.ENDPOINT_PATH,
                               {"Content-Type": "application/sparql-query"}, body), 413)


def test_chunked_body_is_read(strict):
    chunks = b"4\r\nASK \r\n2\r\n{}\r\n0\r\n\r\n"
    reply = raw(strict, b"POST /sparql HTTP/1.1\r\n" + host(strict) + b"Content-Type: application/sparql-query\r\n"
                b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks)
    assert reply.status == 200 and json.loads(reply.body) == {"head": {}, "boolean": True}


def test_broken_or_oversized_chunks_are_refused(strict):
    head = b"POST /sparql HTTP/1.1\r\n" + host(strict) + b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
    assert_short_error(raw(strict, head + b"zz\r\nASK {}\r\n0\r\n\r\n", half_close_after=3), 400)
    megabyte_chunk = b"FFFFF\r\n" + b"#" * 0xFFFFF + b"\r\n"
    assert_short_error(raw(strict, head + b"4\r\nASK \r\n" + megabyte_chunk * 2 + b"0\r\n\r\n"), 413)
    with pytest.raises(NoReply):  # announces 4 GB, sends 6 bytes and leaves: nothing to answer
        raw(strict, head + b"FFFFFFFF\r\nASK {}", half_close_after=1)
    assert request(strict.server_address, "GET", query_target(CHEAP)).status == 200


def test_smuggling_shapes_are_refused(strict):
    both = (b"POST /sparql HTTP/1.1\r\n" + host(strict) + b"Content-Type: application/sparql-query\r\n"
            b"Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert raw(strict, both, half_close_after=3).status == 400
    twice = (b"POST /sparql HTTP/1.1\r\n" + host(strict) + b"Content-Type: application/sparql-query\r\n"
             b"Content-Length: 6\r\nContent-Length: 7\r\n\r\nASK {}")
    assert raw(strict, twice, half_close_after=3).status == 400


def test_huge_headers_are_refused(strict):
    reply = raw(strict, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n" + host(strict) + b"X-Big: " + b"a" * 70_000 + b"\r\n\r\n",
                half_close_after=3)
    assert reply.status in (400, 431)


@pytest.mark.parametrize("head", [
    b"GET /sparql HTTP/1.1\r\n",  # no query: 400, answered at once
    b"GET / HTTP/1.1\r\n",
    b"POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n",  # an empty query: 400
])
@pytest.mark.parametrize("length", [b"", b"Content-Length: 0\r\n"])
def test_expect_100_continue_without_a_body_is_answered(strict, head, length):
    """Found by the fuzz test: waitress sent "100 Continue" and then waited forever for a body that was never announced."""
    reply = raw(strict, head + host(strict) + length + b"Expect: 100-continue\r\n\r\n", timeout=20)
    assert reply.status in (200, 400)


def test_expect_100_continue_with_a_body_still_works(strict):
    reply = raw(strict, b"POST /sparql HTTP/1.1\r\n" + host(strict) + b"Content-Type: application/sparql-query\r\n"
                b"Content-Length: 6\r\nExpect: 100-continue\r\nConnection: close\r\n\r\nASK {}")
    assert reply.status == 200 and json.loads(reply.body) == {"head": {}, "boolean": True}


def test_a_client_that_stops_mid_body_leaves_the_server_well(strict):
    with socket.create_connection(strict.server_address) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\n" + host(strict) + b"Content-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nASK")
    assert request(strict.server_address, "GET", query_target(CHEAP)).status == 200


def test_iso_8859_1_body_is_decoded_as_iso_8859_1(strict):
    text = 'SELECT ?word WHERE { BIND("café crème" AS ?word) }'
    for content_type, body in [
        ("application/sparql-query; charset=ISO-8859-1", text.encode("iso-8859-1")),
        ("application/sparql-query; charset=latin1", text.encode("iso-8859-1")),
        ("application/sparql-query", text.encode("utf-8")),
        ("application/x-www-form-urlencoded; charset=ISO-8859-1", urllib.parse.urlencode({"query": text}, encoding="iso-8859-1").encode()),
        ("application/x-www-form-urlencoded", urllib.parse.urlencode({"query": text}).encode()),
    ]:
        reply = request(strict.server_address, "POST", serve.ENDPOINT_PATH, {"Content-Type": content_type}, body)
        assert reply.status == 200, (content_type, reply.text)
        assert json.loads(reply.body)["results"]["bindings"][0]["word"]["value"] == "café crème", content_type


@pytest.mark.parametrize(("content_type", "body", "status", "word"), [
    ("application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 415, "UTF-16"),
    ("application/sparql-query; charset=klingon", b"ASK {}", 415, "unknown charset"),
    ("application/sparql-query", "ASK { ?s ?p 'café' }".encode("iso-8859-1"), 400, "not valid utf-8"),
    ("application/x-www-form-urlencoded", b"query=ASK%20%7B%20%3Fs%20%3Fp%20%27caf%E9%27%20%7D", 400, "not valid utf-8"),
    ("text/plain", b"ASK {}", 415, "application/sparql-query"),
    ("sparql-query", b"ASK {}", 400, "Content-Type"),
    ("application/sparql-update", b"CLEAR ALL", 403, "read-only"),
])
def test_bodies_in_charsets_or_types_not_read_are_refused(strict, content_type, body, status, word):
    reply = request(strict.server_address, "POST", serve.ENDPOINT_PATH, {"Content-Type": content_type}, body)
    assert_short_error(reply, status, word)


def test_query_strings_that_are_not_utf8_are_400(strict):
    assert_short_error(request(strict.server_address, "GET", serve.ENDPOINT_PATH + "?query=ASK%20%7B%7D%FF"), 400, "utf-8")


def test_host_is_required_in_http11_but_not_in_http10(strict):
    assert_short_error(raw(strict, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n\r\n", half_close_after=3), 400, "Host")
    reply = raw(strict, b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n\r\n")
    assert reply.status == 200


# ---------------------------------------------------------------- queries that hit a limit


def test_timeout_stops_the_work_in_its_process(strict):
    answers: list[Reply] = []
    thread = threading.Thread(target=lambda: answers.append(request(strict.server_address, "GET", query_target(ENDLESS))))
    thread.start()
    pid = busy_worker(strict)
    thread.join(60)
    assert_short_error(answers[0], 503, "time limit", "--timeout")
    assert "retry-after" not in answers[0].headers  # the same query would stop again: no invitation to retry
    wait_for(lambda: gone(pid), f"worker {pid} to be killed")
    assert request(strict.server_address, "GET", query_target(CHEAP)).status == 200


def test_memory_limit_stops_a_query_that_grows(memory_bound):
    pid_before = set(memory_bound.pool.pids())
    reply = request(memory_bound.server_address, "GET", query_target(MEMORY_HOG))
    assert_short_error(reply, 503, "memory")
    assert set(memory_bound.pool.pids()) != pid_before  # its worker was replaced
    assert request(memory_bound.server_address, "GET", query_target(CHEAP)).status == 200


def test_result_size_is_capped(strict):
    reply = request(strict.server_address, "GET", query_target("CONSTRUCT WHERE { ?s ?p ?o }"), {"Accept": "text/turtle"})
    assert_short_error(reply, 503, "larger than 0.25 MB", "LIMIT")
    small = request(strict.server_address, "GET", query_target("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5"))
    assert small.status == 200


def test_engine_error_while_serializing_is_a_short_500(strict):
    reply = request(strict.server_address, "GET", query_target("CONSTRUCT WHERE { ?s ?p ?o }"),
                    {"Accept": "application/ld+json"})
    assert_short_error(reply, 500, "JSON-LD")
    assert request(strict.server_address, "GET", query_target(CHEAP)).status == 200


def test_client_disconnect_stops_the_work(patient):
    sock = start_in_background(patient, ENDLESS)
    pid = busy_worker(patient)
    sock.close()
    wait_for(lambda: gone(pid), f"worker {pid} to be killed once its client left", deadline=20)
    assert all(p != pid for p, _ in patient.pool.running())


def test_long_queries_are_capped_and_quick_ones_still_answered(patient):
    first = start_in_background(patient, ENDLESS)
    try:
        heavy = busy_worker(patient, heavy=True)
        second = request(patient.server_address, "GET", query_target(ENDLESS))
        assert_short_error(second, 503, "long-running", "retry later")
        assert 1 <= int(second.headers["retry-after"]) <= 60
        quick = request(patient.server_address, "GET", query_target(CHEAP))
        assert quick.status == 200 and json.loads(quick.body)["boolean"] is True
        assert (heavy, True) in patient.pool.running()  # the first long query still runs
    finally:
        first.close()
    wait_for(lambda: gone(heavy), "the long query's worker to be killed")


def test_a_full_pool_answers_busy_with_retry_after(seed_build):
    limits = Limits(timeout=60, workers=1, max_heavy=1, heavy_after=60, queue_wait=0.3)
    stop = threading.Event()
    with QueryPool(seed_build / "argmap.ttl", limits) as pool:
        errors: list[Exception] = []

        def endless():
            try:
                pool.run(QueryJob(ENDLESS, JSON_FORMATS), cancelled=stop.is_set)
            except Exception as err:  # noqa: BLE001 (kept for the assertion below)
                errors.append(err)

        thread = threading.Thread(target=endless)
        thread.start()
        pid = wait_for(lambda: pool.running(), "the endless query to start")[0][0]
        with pytest.raises(ServerBusy) as busy:
            pool.run(QueryJob(CHEAP, JSON_FORMATS))
        assert busy.value.retry_after >= 1 and "busy" in str(busy.value)
        stop.set()
        thread.join(30)
        assert type(errors[0]).__name__ == "QueryCancelled"
        wait_for(lambda: gone(pid), "the cancelled query's worker to be killed")
        assert pool.run(QueryJob(CHEAP, JSON_FORMATS)).data == b'{"head":{},"boolean":true}'


def test_many_concurrent_clients_all_get_an_answer(strict):
    def one(i: int) -> Reply:
        return request(strict.server_address, "GET", query_target(f"SELECT ?i WHERE {{ BIND({i} AS ?i) }}"))

    with ThreadPoolExecutor(max_workers=60) as clients:
        replies = list(clients.map(one, range(120)))
    for i, reply in enumerate(replies):
        if reply.status == 503:
            assert int(reply.headers["retry-after"]) >= 1
        else:
            assert reply.status == 200 and json.loads(reply.body)["results"]["bindings"][0]["i"]["value"] == str(i)


# ---------------------------------------------------------------- the worker's confinement


CONFINED = r"""
import os, socket, sys
import pyoxigraph as ox
from multiprocessing.connection import Connection
from argmap.query_workers import confine

fd = int(sys.argv[1])
conn = Connection(confine(fd, memory_mb=200, allow_service=sys.argv[3] == "allow"))
results = []
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=5).close()
    results.append("socket opened")
except OSError as err:
    results.append(f"socket refused: {err.errno}")
if sys.argv[3] == "allow":  # the listener would never answer a SERVICE call
    results.append("service not tried")
else:
    try:
        rows = list(ox.Store().query("SELECT * WHERE { SERVICE <http://127.0.0.1:%s/sparql> { ?s ?p ?o } }" % sys.argv[2]))
        results.append(f"service answered {len(rows)}")
    except OSError as err:
        results.append(f"service failed: {err}")
try:
    bytearray(400 * 1024 * 1024)
    results.append("400 MB allocated")
except MemoryError:
    results.append("400 MB refused")
conn.send(results)
"""


@pytest.mark.parametrize("mode", ["forbid", "allow"])
def test_a_confined_worker_cannot_open_sockets_or_grow(mode):
    with socket.socket() as listener:  # something listening that a query would reach
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.settimeout(0.2)
        ours, theirs = socket.socketpair()
        child = subprocess.run([sys.executable, "-c", CONFINED, str(theirs.fileno()), str(listener.getsockname()[1]), mode],
                               pass_fds=[theirs.fileno()], cwd=ROOT, timeout=60, capture_output=True)
        theirs.close()
        from multiprocessing.connection import Connection

        with Connection(ours.detach()) as conn:
            assert conn.poll(5), child.stderr.decode()
            results = conn.recv()
        reached = 0
        try:
            while True:
                listener.accept()[0].close()
                reached += 1
        except TimeoutError:
            pass
    if mode == "forbid":
        assert results[0] == f"socket refused: {__import__('errno').EMFILE}"
        assert results[1].startswith("service failed") and reached == 0
    else:
        assert results[0] == "socket opened" and reached >= 1
    assert results[2] == "400 MB refused"
    assert os.getpid()  # the test process itself is untouched
