"""The W3C SPARQL 1.1 Protocol test suite against the real endpoint, one test per manifest entry.

The suite (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl) describes each test in prose: a
request and the response it expects. Each is written out here as that request, sent byte for byte
over a socket to a server started by this module, its answer read with h11. The data the suite
assumes (graphs http://kasei.us/2009/09/sparql/data/data1.rdf, data2.rdf and data3.rdf, each
holding a foaf:Document) is a TriG file written by the fixture. Two changes, both forced by the
server's guards rather than chosen: the Host header names the server's own address (the suite's
"www.example" is refused as a DNS-rebinding guard), and the requests go to the server's port.

The endpoint is read-only. The suite's 14 update tests expect a 2xx for CLEAR, INSERT and friends;
here each update is answered 403, and the test checks that and that the data did not change
(so they are counted as "refused by design", not as passes of the update operation). The seven
bad_update_* tests expect a 4xx, which a 403 is.
"""

from __future__ import annotations

import json
import urllib.parse
import xml.dom.minidom
from pathlib import Path

import pytest
from argmap import serve

from .http_raw import Reply, request

KASEI = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
DATASET = "\n".join(
    f"<{KASEI}data{n}.rdf> {{ <{KASEI}data{n}.rdf> a <{FOAF_DOCUMENT}> ; <http://purl.org/dc/terms/title> \"Data {n}\" . }}"
    for n in (1, 2, 3)) + "\n<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
RESULTS_TYPES = ("application/sparql-results+xml", "application/sparql-results+json")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path: Path = tmp_path_factory.mktemp("w3c") / "protocol.trig"
    path.write_text(DATASET, encoding="utf-8")
    with serve.make_server(path, port=0).start() as running:
        yield running


def send(server, method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b"") -> Reply:
    return request(server.server_address, method, target, headers, body)


def boolean(reply: Reply) -> bool:
    """The ASK answer in either results format (the suite accepts both)."""
    media = reply.headers["content-type"].split(";")[0]
    assert media in RESULTS_TYPES, media
    if media.endswith("json"):
        return json.loads(reply.body)["boolean"]
    return xml.dom.minidom.parseString(reply.body).getElementsByTagName("boolean")[0].firstChild.data == "true"


def ok(reply: Reply, *media_types: str) -> None:
    assert 200 <= reply.status < 400, (reply.status, reply.text)
    if media_types:
        assert reply.headers["content-type"].split(";")[0] in media_types, reply.headers["content-type"]


def q(text: str, **params) -> str:
    """A URL query string: query=text, then params (a list value repeats its parameter)."""
    pairs = ([("query", text)] if text is not None else []) + [
        (name.replace("_", "-"), v) for name, value in params.items() for v in (value if isinstance(value, list) else [value])]
    return urllib.parse.urlencode(pairs)


DATA1, DATA2, DATA3 = (f"{KASEI}data{n}.rdf" for n in (1, 2, 3))
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


# ---------------------------------------------------------------- query operation: expected 2xx


def test_query_post_form(server):
    reply = send(server, "POST", "/sparql/", FORM, b"query=ASK%20%7B%7D")
    ok(reply, *RESULTS_TYPES)
    assert boolean(reply) is True


def test_query_dataset_default_graphs_get(server):
    text = f"ASK {{ <{DATA1}> a ?type . <{DATA2}> a ?type . }}"
    reply = send(server, "GET", "/sparql?" + q(text, default_graph_uri=[DATA1, DATA2]))
    ok(reply, *RESULTS_TYPES)
    assert boolean(reply) is True


def test_query_dataset_default_graphs_post(server):
    target = "/sparql/?" + q(None, default_graph_uri=[DATA1, DATA2])
    body = f"ASK {{ <{DATA1}> ?p ?o . <{DATA2}> ?p ?o }}".encode()
    reply = send(server, "POST", target, SPARQL_QUERY, body)
    ok(reply, *RESULTS_TYPES)
    assert boolean(reply) is True


def test_query_dataset_named_graphs_post(server):
    target = "/sparql/?" + q(None, named_graph_uri=[DATA1, DATA2])
    reply = send(server, "POST", target, SPARQL_QUERY, b"ASK { GRAPH ?g { ?s ?p ?o } }")
    ok(reply, *RESULTS_TYPES)
    assert boolean(reply) is True


def test_query_dataset_named_graphs_get(server):
    reply = send(server, "GET", "/sparql/?" + q("ASK { GRAPH ?g { ?s ?p ?o } }", named_graph_uri=[DATA1, DATA2]))
    ok(reply, *RESULTS_TYPES)
    assert boolean(reply) is True


def test_query_dataset_full(server):
    target = "/sparql/?" + q(None, default_graph_uri=DATA3, named_graph_uri=[DATA1, DATA2])
    reply = send(server, "POST", target, {**SPARQL_QUERY, "Accept": "application/sparql-results+json"},
                 b"SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } }")
    ok(reply, *RESULTS_TYPES)
    # The suite's prose says "true" for this SELECT; what it checks is the dataset: ?x from data3 (the
    # default graph), ?g among the named graphs data1 and data2 only.
    rows = json.loads(reply.body)["results"]["bindings"]
    assert rows and {r["x"]["value"] for r in rows} == {DATA3} and {r["g"]["value"] for r in rows} <= {DATA1, DATA2}


def test_query_multiple_dataset(server):
    target = "/sparql/?" + q(None, default_graph_uri=DATA2)
    body = f"ASK FROM <{DATA1}> {{ <{DATA1}> ?p ?o }}".encode()
    reply = send(server, "POST", target, SPARQL_QUERY, body)
    ok(reply, *RESULTS_TYPES)
    assert boolean(reply) is False  # the protocol's dataset wins over the query's FROM


def test_query_get(server):
    reply = send(server, "GET", "/sparql?query=ASK%20%7B%7D")
    ok(reply, *RESULTS_TYPES)
    assert boolean(reply) is True


def test_query_content_type_select(server):
    reply = send(server, "POST", "/sparql/", SPARQL_QUERY, b"SELECT (1 AS ?value) {}")
    ok(reply, *RESULTS_TYPES, "text/tab-separated-values", "text/csv")


def test_query_content_type_ask(server):
    ok(send(server, "POST", "/sparql/", SPARQL_QUERY, b"ASK {}"), *RESULTS_TYPES)


def test_query_content_type_describe(server):
    ok(send(server, "POST", "/sparql/", SPARQL_QUERY, b"DESCRIBE <http://example.org/>"),
       "application/rdf+xml", "application/rdf+json", "text/turtle")


def test_query_content_type_construct(server):
    reply = send(server, "POST", "/sparql/", SPARQL_QUERY, b"CONSTRUCT { <s> <p> 1 } WHERE {}")
    ok(reply, "application/rdf+xml", "application/rdf+json", "text/turtle")
    assert reply.text.startswith(f"<{server.url.rsplit('/', 1)[0]}/s> ")  # the service's base IRI: the endpoint


def test_query_post_direct(server):
    reply = send(server, "POST", "/sparql/", SPARQL_QUERY, b"ASK {}")
    ok(reply, *RESULTS_TYPES)
    assert boolean(reply) is True


# ---------------------------------------------------------------- query operation: expected 4xx


@pytest.mark.parametrize(("name", "method", "target", "headers", "body"), [
    ("bad_query_method", "PUT", "/sparql?query=ASK%20%7B%7D", {}, b""),
    ("bad_multiple_queries", "GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", {}, b""),
    ("bad_query_wrong_media_type", "POST", "/sparql/", {"Content-Type": "text/plain"}, b"ASK {}"),
    ("bad_query_missing_form_type", "POST", "/sparql/", {}, b"query=ASK%20%7B%7D"),
    ("bad_query_missing_direct_type", "POST", "/sparql/", {}, b"ASK {}"),
    ("bad_query_non_utf8", "POST", "/sparql/", {"Content-Type": "application/sparql-query; charset=UTF-16"},
     "ASK {}".encode("utf-16")),
    ("bad_query_syntax", "GET", "/sparql?query=ASK%20%7B", {}, b""),
], ids=lambda value: value if isinstance(value, str) and value.startswith("bad_") else "")
def test_bad_query_requests_are_4xx(server, name, method, target, headers, body):
    reply = send(server, method, target, headers, body)
    assert 400 <= reply.status < 500, (name, reply.status, reply.text)
    assert reply.headers["content-type"].startswith("text/plain") and len(reply.body) < 1000


# ---------------------------------------------------------------- update operation: refused (read-only)


UPDATE_DATASET = """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA { GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document } } ;
INSERT { GRAPH <http://example.org/protocol-update-dataset-test/> { ?s a dc:BibliographicResource } }
WHERE { ?s a foaf:Document }"""
UPDATE_TESTS = [
    ("update_dataset_default_graph", "POST", "/sparql?using-graph-uri=" + urllib.parse.quote(DATA1, safe=""),
     {"Content-Type": "application/sparql-update"}, UPDATE_DATASET.encode()),
    ("update_dataset_default_graphs", "POST", "/sparql?" + q(None, using_graph_uri=[DATA1, DATA2]),
     {"Content-Type": "application/sparql-update"}, UPDATE_DATASET.encode()),
    ("update_dataset_named_graphs", "POST", "/sparql?" + q(None, using_named_graph_uri=[DATA1, DATA2]),
     {"Content-Type": "application/sparql-update"}, UPDATE_DATASET.encode()),
    ("update_dataset_full", "POST", "/sparql?" + q(None, using_graph_uri=DATA1, using_named_graph_uri=DATA2),
     {"Content-Type": "application/sparql-update"}, UPDATE_DATASET.encode()),
    ("update_post_form", "POST", "/sparql/", FORM, b"update=CLEAR%20ALL"),
    ("update_post_direct", "POST", "/sparql/", {"Content-Type": "application/sparql-update"}, b"CLEAR ALL"),
    ("update_base_uri", "POST", "/sparql/", {"Content-Type": "application/sparql-update"},
     b"CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
     b"INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }"),
    ("bad_update_get", "GET", "/sparql?update=CLEAR%20ALL", {}, b""),
    ("bad_multiple_updates", "POST", "/sparql/", FORM, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"),
    ("bad_update_wrong_media_type", "POST", "/sparql/", {"Content-Type": "text/plain"}, b"CLEAR NAMED"),
    ("bad_update_missing_form_type", "POST", "/sparql/", {}, b"update=CLEAR%20NAMED"),
    ("bad_update_non_utf8", "POST", "/sparql/", {"Content-Type": "application/sparql-update; charset=UTF-16"},
     "CLEAR NAMED".encode("utf-16")),
    ("bad_update_syntax", "POST", "/sparql/", FORM, b"update=CLEAR%20XYZ"),
    ("bad_update_dataset_conflict", "POST", "/sparql/", FORM,
     b"using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople&update=%09%09PREFIX%20foaf%3A%20%20%3Chttp%3A%2F%2Fxmlns.com%2Ffoaf%2F0.1%2F%3E"
     b"%0A%09%09WITH%20%3Chttp%3A%2F%2Fexample%2Faddresses%3E%0A%09%09DELETE%20%7B%20%3Fperson%20foaf%3AgivenName%20%27Bill%27%20%7D"
     b"%0A%09%09INSERT%20%7B%20%3Fperson%20foaf%3AgivenName%20%27William%27%20%7D%0A%09%09WHERE%20%7B%0A%09%09%09%3Fperson%20foaf"
     b"%3AgivenName%20%27Bill%27%0A%09%09%7D%0A"),
]


@pytest.mark.parametrize(("name", "method", "target", "headers", "body"), UPDATE_TESTS, ids=[t[0] for t in UPDATE_TESTS])
def test_updates_are_refused_and_change_nothing(server, name, method, target, headers, body):
    count = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"

    def triples() -> int:
        return int(json.loads(send(server, "GET", "/sparql?" + q(count)).body)["results"]["bindings"][0]["n"]["value"])

    before = triples()
    reply = send(server, method, target, headers, body)
    if name.startswith("bad_update_"):
        assert 400 <= reply.status < 500, (reply.status, reply.text)
    else:
        assert reply.status == 403 and "read-only" in reply.text, (reply.status, reply.text)
    assert triples() == before == 7
