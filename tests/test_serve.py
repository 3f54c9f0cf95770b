"""The SPARQL endpoint over real HTTP: SPARQLWrapper as the client, no mocks."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, N3, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from argmap import query, serve

from .conftest import ROOT

CLAIM = "https://w3id.org/argmap/id/claim/"
SANCTIONS = f"""PREFIX am: <https://w3id.org/argmap/ns#>
SELECT ?other ?quote WHERE {{ ?other am:contradicts <{CLAIM}miller-sanctions-symbolic> ; am:quote ?quote }} ORDER BY ?other"""


@pytest.fixture(scope="module")
def endpoint(seed_build: Path):
    engine = query.OxigraphEngine.from_turtle(seed_build / "argmap.ttl")
    server = serve.make_server(engine, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}{serve.ENDPOINT_PATH}", engine
    server.shutdown()
    server.server_close()


def client(url: str, text: str, fmt: str = JSON, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(text)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", [None, POST], ids=["GET", "POST"])
def test_select_over_get_and_post(endpoint, method):
    url, engine = endpoint
    result = client(url, SANCTIONS, JSON, method).queryAndConvert()
    over_http = [(b["other"]["value"], b["quote"]["value"]) for b in result["results"]["bindings"]]
    in_process = [(s["other"].value, s["quote"].value) for s in engine.store.query(SANCTIONS)]
    assert over_http == in_process
    assert CLAIM + "streltsov-sanctions-became-sectoral" in dict(over_http)


def test_results_formats_by_content_negotiation(endpoint):
    url, _ = endpoint
    xml = client(url, SANCTIONS, XML).queryAndConvert()  # an xml.dom document
    uris = [node.firstChild.data for node in xml.getElementsByTagName("uri")]
    assert CLAIM + "streltsov-sanctions-became-sectoral" in uris
    table = list(csv.reader(io.StringIO(client(url, SANCTIONS, CSV).queryAndConvert().decode())))
    assert table[0] == ["other", "quote"] and CLAIM + "streltsov-sanctions-became-sectoral" in [r[0] for r in table[1:]]
    tsv = client(url, SANCTIONS, TSV).queryAndConvert().decode().splitlines()
    assert tsv[0] == "?other\t?quote"
    ask = client(url, "ASK { ?c a <https://w3id.org/argmap/ns#Claim> }", JSON).queryAndConvert()
    assert ask["boolean"] is True


def test_construct_as_turtle(endpoint):
    url, _ = endpoint
    text = f"CONSTRUCT {{ ?o <https://w3id.org/argmap/ns#contradicts> <{CLAIM}miller-sanctions-symbolic> }} " \
           f"WHERE {{ ?o <https://w3id.org/argmap/ns#contradicts> <{CLAIM}miller-sanctions-symbolic> }}"
    sparql = client(url, text, TURTLE)
    response = sparql.query()
    assert response.response.headers["Content-Type"].startswith("text/turtle")
    triples = list(ox.parse(response.response.read(), format=ox.RdfFormat.TURTLE))
    assert ox.NamedNode(CLAIM + "streltsov-sanctions-became-sectoral") in {t.subject for t in triples}
    nt = client(url, text, N3)  # SPARQLWrapper's N3 asks for text/rdf+n3 among others; we answer what fits
    assert nt.query().response.headers["Content-Type"].split(";")[0] in serve.GRAPH_TYPES


def test_updates_are_refused_and_change_nothing(endpoint):
    url, engine = endpoint
    before = len(engine.store)
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
    assert len(engine.store) == before


def test_bad_query_is_400_with_the_position(endpoint):
    url, _ = endpoint
    with pytest.raises(QueryBadFormed) as bad:
        client(url, "SELECT * WHERE { ?s ?p }").query()
    assert "error at 1:" in str(bad.value)


def test_cors_and_raw_sparql_query_body(endpoint):
    url, _ = endpoint
    preflight = urllib.request.urlopen(urllib.request.Request(url, method="OPTIONS", headers={"Origin": "null"}))
    assert preflight.status == 204 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    request = urllib.request.Request(url, data=SANCTIONS.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv;q=0.5, application/sparql-results+json"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("application/sparql-results+json")
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert json.load(response)["head"]["vars"] == ["other", "quote"]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(url + "?query=ASK%7B%7D", headers={"Accept": "image/png"}))
    assert refused.value.code == 406


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("image/png", None),
        ("text/csv;q=0", None),
    ],
)
def test_negotiate(accept, expected):
    assert serve.negotiate(accept, list(serve.SOLUTION_TYPES)) == expected


def test_argmap_serve_command_answers(seed_build: Path):
    process = subprocess.Popen(
        [sys.executable, "-m", "argmap", "serve", "--port", "0", "--graph", str(seed_build / "argmap.ttl")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        banner = process.stdout.readline()
        assert "read-only at http://127.0.0.1:" in banner, banner
        url = banner.rsplit(" ", 1)[1].strip()
        result = client(url, "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/argmap/ns#Claim> }").queryAndConvert()
        assert int(result["results"]["bindings"][0]["n"]["value"]) > 0
    finally:
        process.terminate()
        process.wait(timeout=10)
