"""The SPARQL endpoint over real HTTP: SPARQLWrapper and raw sockets as clients, a real server, no mocks."""

from __future__ import annotations

import csv
import io
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from argmap import query, serve
from argmap.cli import main
from SPARQLWrapper import CSV, JSON, N3, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from .conftest import ROOT
from .http_raw import request
from .processes import descendants

CLAIM = "https://w3id.org/argmap/id/claim/"
SANCTIONS = f"""PREFIX am: <https://w3id.org/argmap/ns#>
SELECT ?other ?quote WHERE {{ ?other am:contradicts <{CLAIM}miller-sanctions-symbolic> ; am:quote ?quote }} ORDER BY ?other"""


@pytest.fixture(scope="module")
def engine(seed_build: Path) -> query.OxigraphEngine:
    return query.OxigraphEngine.from_turtle(seed_build / "argmap.ttl")


@pytest.fixture(scope="module")
def server(seed_build: Path):
    with serve.make_server(seed_build / "argmap.ttl", port=0).start() as running:
        yield running


@pytest.fixture(scope="module")
def url(server) -> str:
    return server.url


def client(url: str, text: str, fmt: str = JSON, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(text)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql


def get(server, text: str, **headers: str):
    return request(server.server_address, "GET", serve.ENDPOINT_PATH + "?" + urllib.parse.urlencode({"query": text}),
                   {k.replace("_", "-"): v for k, v in headers.items()})


@pytest.mark.parametrize("method", [None, POST], ids=["GET", "POST"])
def test_select_over_get_and_post(url, engine, method):
    result = client(url, SANCTIONS, JSON, method).queryAndConvert()
    over_http = [(b["other"]["value"], b["quote"]["value"]) for b in result["results"]["bindings"]]
    in_process = [(s["other"].value, s["quote"].value) for s in engine.store.query(SANCTIONS)]
    assert over_http == in_process
    assert CLAIM + "streltsov-sanctions-became-sectoral" in dict(over_http)


def test_results_formats_by_content_negotiation(url):
    xml = client(url, SANCTIONS, XML).queryAndConvert()  # an xml.dom document
    uris = [node.firstChild.data for node in xml.getElementsByTagName("uri")]
    assert CLAIM + "streltsov-sanctions-became-sectoral" in uris
    table = list(csv.reader(io.StringIO(client(url, SANCTIONS, CSV).queryAndConvert().decode())))
    assert table[0] == ["other", "quote"] and CLAIM + "streltsov-sanctions-became-sectoral" in [r[0] for r in table[1:]]
    tsv = client(url, SANCTIONS, TSV).queryAndConvert().decode().splitlines()
    assert tsv[0] == "?other\t?quote"
    ask = client(url, "ASK { ?c a <https://w3id.org/argmap/ns#Claim> }", JSON).queryAndConvert()
    assert ask["boolean"] is True


def test_construct_as_turtle(url):
    text = f"CONSTRUCT {{ ?o <https://w3id.org/argmap/ns#contradicts> <{CLAIM}miller-sanctions-symbolic> }} " \
           f"WHERE {{ ?o <https://w3id.org/argmap/ns#contradicts> <{CLAIM}miller-sanctions-symbolic> }}"
    response = client(url, text, TURTLE).query()
    assert response.response.headers["Content-Type"].startswith("text/turtle")
    triples = list(ox.parse(response.response.read(), format=ox.RdfFormat.TURTLE))
    assert ox.NamedNode(CLAIM + "streltsov-sanctions-became-sectoral") in {t.subject for t in triples}
    nt = client(url, text, N3)  # SPARQLWrapper's N3 asks for text/rdf+n3 among others; we answer what fits
    assert nt.query().response.headers["Content-Type"].split(";")[0] in serve.GRAPH_TYPES


def test_updates_are_refused_and_change_nothing(url, server):
    sparql = SPARQLWrapper(url)
    sparql.setMethod(POST)
    sparql.setQuery("DELETE WHERE { ?s ?p ?o }")  # SPARQLWrapper sends this as an update
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403
    form = urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}).encode()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(url, data=form))
    assert refused.value.code == 403 and b"read-only" in refused.value.read()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(client(url, count).queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == server.triples


def test_bad_query_is_400_with_the_position(url):
    with pytest.raises(QueryBadFormed) as bad:
        client(url, "SELECT * WHERE { ?s ?p }").query()
    assert "error at 1:" in str(bad.value)


def test_raw_sparql_query_body_and_accept_with_q(server):
    reply = request(server.server_address, "POST", serve.ENDPOINT_PATH,
                    {"Content-Type": "application/sparql-query", "Accept": "text/csv;q=0.5, application/sparql-results+json"},
                    SANCTIONS.encode())
    assert reply.status == 200 and reply.headers["content-type"].startswith("application/sparql-results+json")
    assert json.loads(reply.body)["head"]["vars"] == ["other", "quote"]
    refused = get(server, "ASK {}", Accept="image/png")
    assert refused.status == 406 and "application/sparql-results+json" in refused.text


def test_accept_q0_is_respected(server):
    reply = get(server, "ASK {}", Accept="application/sparql-results+json;q=0, */*")
    assert reply.status == 200 and reply.headers["content-type"] == "application/sparql-results+xml"
    assert get(server, "ASK {}", Accept="application/sparql-results+json;q=0").status == 406
    malformed = get(server, "ASK {}", Accept=";;;")
    assert malformed.status == 400 and "Accept" in malformed.text


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
        ("image/png", None),
        ("text/csv;q=0", None),
    ],
)
def test_negotiate(accept, expected):
    assert serve.negotiate(accept, list(serve.SELECT_TYPES)) == expected


def test_ask_is_never_csv(server):
    reply = get(server, "ASK {}", Accept="text/csv, application/sparql-results+xml;q=0.1")
    assert reply.status == 200 and reply.headers["content-type"] == "application/sparql-results+xml"


def test_head_gives_the_headers_of_get(server):
    target = serve.ENDPOINT_PATH + "?" + urllib.parse.urlencode({"query": SANCTIONS})
    full = request(server.server_address, "GET", target)
    head = request(server.server_address, "HEAD", target)
    assert head.status == full.status == 200 and head.body == b""
    assert head.headers["content-length"] == full.headers["content-length"] == str(len(full.body))
    assert head.headers["content-type"] == full.headers["content-type"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE", "BREW"])
def test_other_methods_get_405_with_allow(server, method):
    reply = request(server.server_address, method, serve.ENDPOINT_PATH + "?query=ASK%7B%7D")
    assert reply.status == 405 and reply.headers["allow"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize("query_text", ["", "   \n\t "])
def test_empty_query_is_400_saying_so(server, query_text):
    assert "empty query" in get(server, query_text).text
    posted = request(server.server_address, "POST", serve.ENDPOINT_PATH, {"Content-Type": "application/sparql-query"},
                     query_text.encode())
    assert posted.status == 400 and "empty query" in posted.text
    missing = request(server.server_address, "GET", serve.ENDPOINT_PATH)
    assert missing.status == 400 and "no query" in missing.text


def test_dataset_parameters_are_honoured(server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    every = json.loads(get(server, count).body)["results"]["bindings"][0]["n"]["value"]
    assert int(every) == server.triples
    target = serve.ENDPOINT_PATH + "?" + urllib.parse.urlencode({"query": count, "default-graph-uri": "http://example.org/none"})
    scoped = request(server.server_address, "GET", target)
    assert json.loads(scoped.body)["results"]["bindings"][0]["n"]["value"] == "0"  # a graph that does not exist is empty
    bad = request(server.server_address, "GET", target.replace("http%3A%2F%2Fexample.org%2Fnone", "not%20an%20iri"))
    assert bad.status == 400 and "absolute IRI" in bad.text


def test_relative_iris_resolve_against_the_endpoint(server):
    reply = get(server, "CONSTRUCT { <s> <p> 1 } WHERE {}", Accept="application/n-triples")
    assert reply.status == 200
    assert reply.text.startswith(f"<{server.url.rsplit('/', 1)[0]}/s> ")


def test_service_is_refused_and_nothing_is_fetched(server):
    with socket.socket() as listener:  # a "server" that would see any connection the endpoint made
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        reply = get(server, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
        assert reply.status == 403 and "SERVICE" in reply.text
        with pytest.raises(TimeoutError):
            listener.accept()


def test_cors_is_off_unless_asked(server, seed_build):
    plain = get(server, "ASK {}")
    assert "access-control-allow-origin" not in plain.headers
    foreign = get(server, "ASK {}", Origin="https://evil.example")
    assert foreign.status == 403 and "--cors" in foreign.text
    with serve.make_server(seed_build / "argmap.ttl", port=0, cors_origin="null").start() as open_to_files:
        preflight = request(open_to_files.server_address, "OPTIONS", serve.ENDPOINT_PATH,
                            {"Origin": "null", "Access-Control-Request-Method": "POST"})
        assert preflight.status == 204 and preflight.headers["access-control-allow-origin"] == "null"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        answered = get(open_to_files, "ASK {}", Origin="null")
        assert answered.status == 200 and answered.headers["access-control-allow-origin"] == "null"
        assert get(open_to_files, "ASK {}", Origin="https://evil.example").status == 403


def test_host_header_must_be_the_address_served(server):
    host, port = server.server_address
    target = serve.ENDPOINT_PATH + "?query=ASK%7B%7D"
    for good in (f"{host}:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert request(server.server_address, "GET", target, host=good).status == 200
    for bad in ("attacker.example", f"attacker.example:{port}", f"{host}:{port + 1}", f"{host}"):
        reply = request(server.server_address, "GET", target, host=bad)
        assert reply.status == 403 and "DNS rebinding" in reply.text


def test_port_in_use_or_out_of_range_is_one_clear_error(seed_build, capfd):
    graph = str(seed_build / "argmap.ttl")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(serve.ServeError, match=f"port {port} on 127.0.0.1 is already in use"):
            serve.make_server(graph, port=port)
        assert main(["serve", "--port", str(port), "--graph", graph]) == 1
        err = capfd.readouterr().err
        assert err.startswith(f"Error: port {port} on 127.0.0.1 is already in use") and err.count("\n") == 1, err
    for port in ("70000", "-1"):
        assert main(["serve", "--port", port, "--graph", graph]) == 1
        err = capfd.readouterr().err
        assert err.startswith(f"Error: port {port} is out of range") and "Traceback" not in err, err


@pytest.mark.parametrize("signal", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_argmap_serve_command_answers_and_stops_cleanly(seed_build: Path, signal):
    process = subprocess.Popen(
        [sys.executable, "-m", "argmap", "serve", "--port", "0", "--graph", str(seed_build / "argmap.ttl")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        banner = process.stdout.readline()
        assert "read-only at http://127.0.0.1:" in banner, banner
        url = banner.rsplit(" ", 1)[1].strip()
        result = client(url, "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/argmap/ns#Claim> }").queryAndConvert()
        assert int(result["results"]["bindings"][0]["n"]["value"]) > 0
        helpers = descendants(process.pid)
        assert len(helpers) >= 3  # the zygote and its workers
        process.send_signal(signal)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    give_up = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in helpers):
        assert time.monotonic() < give_up, "a query process outlived the server"
        time.sleep(0.05)
