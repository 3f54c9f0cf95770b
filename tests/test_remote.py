"""argmap push and remote queries against a real Virtuoso server (tests/virtuoso.py starts it)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import requests
from argmap import remote
from argmap.cli import main
from argmap.errors import RemoteError
from rdflib import Graph

from .rdfdiff import assert_isomorphic
from .virtuoso import VirtuosoServer

AM = "https://w3id.org/argmap/ns#"
PASSWORD_VAR = "ARGMAP_TEST_VIRTUOSO_PASSWORD"
# Who contradicts whom: claims, their authors' names, and the contradicted claim.
CONTRADICTIONS = f"""
PREFIX am: <{AM}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?author ?text ?target WHERE {{
  ?claim a am:Claim ; am:text ?text ; am:source/dcterms:creator/rdfs:label ?author ; am:contradicts ?target .
}} ORDER BY ?claim ?target
"""
CLAIMS = f"""PREFIX am: <{AM}> SELECT ?claim ?text ?method WHERE {{ ?claim a am:Claim ; am:text ?text ; am:method ?method }} ORDER BY ?claim"""

# tests/data/shacl/valid.ttl, pushed as other content: its number of triples.
VALID_TRIPLES = len(Graph().parse(Path(__file__).parent / "data" / "shacl" / "valid.ttl", format="turtle"))


def local_rows(turtle: Path, sparql: str) -> tuple[tuple[str | None, ...], ...]:
    """The query's rows from the embedded engine (pyoxigraph), in remote.QueryResult's shape."""
    store = pyoxigraph.Store()
    store.bulk_load(path=str(turtle), format=pyoxigraph.RdfFormat.TURTLE)
    solutions = store.query(sparql)
    names = [v.value for v in solutions.variables]
    return tuple(tuple(s[n].value if s[n] is not None else None for n in names) for s in solutions)


def remote_count(server: VirtuosoServer, graph_iri: str) -> int:
    # Always inside GRAPH <...>: a fresh Virtuoso already holds ~2,500 system triples.
    return remote.count_triples(server.sparql, graph_iri)


def push_cli(server: VirtuosoServer, turtle: Path, graph_iri: str, *extra: str) -> int:
    return main(["push", "--endpoint", server.graph_store, "--graph", graph_iri, "--turtle", str(turtle),
                 "--user", server.user, "--password-env", PASSWORD_VAR, *extra])


@pytest.fixture
def password_env(virtuoso: VirtuosoServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_VAR, virtuoso.password)


def test_push_and_query_back(any_build: Path, virtuoso: VirtuosoServer, password_env: None,
                             capsys: pytest.CaptureFixture[str]) -> None:
    turtle = any_build / "argmap.ttl"
    graph_iri = f"https://example.org/argmap/{any_build.name}"
    local = Graph().parse(turtle, format="turtle")

    assert push_cli(virtuoso, turtle, graph_iri) == 0
    assert capsys.readouterr().out == f"pushed {len(local)} triples to <{graph_iri}> in 1 chunk(s) of N-Triples ({len(local.serialize(format='nt').encode())} bytes)\n"
    assert remote_count(virtuoso, graph_iri) == len(local)
    for sparql in (CONTRADICTIONS, CLAIMS):
        answer = remote.query(virtuoso.sparql, sparql, default_graph=graph_iri)
        assert answer.rows == local_rows(turtle, sparql)
        assert answer.rows  # a comparison of two empty answers would prove nothing

    # Read the whole graph back through the Graph Store Protocol (anonymous GET) and compare.
    fetched = requests.get(virtuoso.base + "/sparql-graph-crud", params={"graph-uri": graph_iri},
                           headers={"Accept": "text/turtle"}, timeout=60)
    assert fetched.status_code == 200
    assert_isomorphic(local, Graph().parse(data=fetched.text, format="turtle"))

    # A second push replaces the graph: nothing doubles, and no staging graph is left behind.
    assert push_cli(virtuoso, turtle, graph_iri) == 0
    assert remote_count(virtuoso, graph_iri) == len(local)
    staging = remote.query(virtuoso.sparql, 'ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:argmap:staging:")) }')
    assert staging.boolean is False


def test_push_in_chunks_replaces_other_content(mini_build: Path, virtuoso: VirtuosoServer) -> None:
    graph_iri = "https://example.org/argmap/chunked"
    auth = remote.make_auth(virtuoso.user, virtuoso.password)
    other = Path(__file__).parent / "data" / "shacl" / "valid.ttl"
    remote.push(other, virtuoso.graph_store, graph_iri, auth=auth)
    assert remote_count(virtuoso, graph_iri) == VALID_TRIPLES

    seen: list[tuple[int, int]] = []
    result = remote.push(mini_build / "argmap.ttl", virtuoso.graph_store, graph_iri, auth=auth, chunk_bytes=4_000,
                         progress=lambda sent, total: seen.append((sent, total)))
    assert result.chunks == len(seen) > 3
    assert seen[-1][0] == seen[-1][1] == result.bytes
    local = len(Graph().parse(mini_build / "argmap.ttl", format="turtle"))
    assert remote_count(virtuoso, graph_iri) == result.triples == local  # replaced, not added to valid.ttl's


def test_wrong_password_leaves_graph_unchanged(mini_build: Path, virtuoso: VirtuosoServer, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    graph_iri = "https://example.org/argmap/guarded"
    small = Path(__file__).parent / "data" / "shacl" / "valid.ttl"
    remote.push(small, virtuoso.graph_store, graph_iri, auth=remote.make_auth(virtuoso.user, virtuoso.password))
    before = remote.query(virtuoso.sparql, CLAIMS, default_graph=graph_iri)

    monkeypatch.setenv(PASSWORD_VAR, virtuoso.password + "-wrong")
    assert push_cli(virtuoso, mini_build / "argmap.ttl", graph_iri) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Error: PUT chunk 1/1 to {virtuoso.graph_store}: the server refused the credentials (HTTP 401)")
    assert "the target graph is unchanged" in err
    assert remote_count(virtuoso, graph_iri) == VALID_TRIPLES
    assert remote.query(virtuoso.sparql, CLAIMS, default_graph=graph_iri) == before


def test_invalid_turtle_sends_nothing(tmp_path: Path, virtuoso: VirtuosoServer) -> None:
    graph_iri = "https://example.org/argmap/untouched"
    auth = remote.make_auth(virtuoso.user, virtuoso.password)
    remote.push(Path(__file__).parent / "data" / "shacl" / "valid.ttl", virtuoso.graph_store, graph_iri, auth=auth)
    bad = tmp_path / "bad.ttl"
    bad.write_text('<https://example.org/a> <https://example.org/b> "unterminated .\n', encoding="utf-8")
    with pytest.raises(RemoteError, match="not valid Turtle"):
        remote.push(bad, virtuoso.graph_store, graph_iri, auth=auth)
    assert remote_count(virtuoso, graph_iri) == VALID_TRIPLES


def test_missing_password_variable(mini_build: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(PASSWORD_VAR, raising=False)
    assert main(["push", "--endpoint", "http://127.0.0.1:9/sparql-graph-crud-auth", "--turtle", str(mini_build / "argmap.ttl"),
                 "--user", "dba", "--password-env", PASSWORD_VAR]) == 1
    assert capsys.readouterr().err == f"Error: the environment variable {PASSWORD_VAR} is not set; export it with the password of dba\n"


def test_ask_query_is_a_boolean(virtuoso: VirtuosoServer) -> None:
    assert remote.query(virtuoso.sparql, "ASK { ?s ?p ?o }").boolean is True
    assert remote.query(virtuoso.sparql, "ASK { <urn:argmap:none> ?p ?o }").boolean is False


def _numbers_rounded(csv_line: str) -> tuple[str, ...]:
    import csv

    def cell(value: str) -> str:
        try:
            return f"{float(value):.6f}"
        except ValueError:
            # GROUP_CONCAT's order is left open by SPARQL: compare the listed items, not their order.
            return ", ".join(sorted(value.split(", ")))

    return tuple(cell(v) for v in next(csv.reader([csv_line])))


PARAMETER_VALUES = {"author": "Chris Miller", "author_a": "Chris Miller", "author_b": "Intersection", "claim_id": "miller-japan-not-independent"}


def test_every_bundled_query_gives_the_same_rows_remotely(seed_build: Path, virtuoso: VirtuosoServer, password_env: None,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """`argmap query --endpoint` on Virtuoso answers every bundled query as the embedded engine does."""
    from argmap.query import bundled_queries

    turtle = seed_build / "argmap.ttl"
    graph_iri = "https://example.org/argmap/bundled"
    assert push_cli(virtuoso, turtle, graph_iri) == 0
    non_empty = 0
    for name, bundled in sorted(bundled_queries().items()):
        params = [f"--param={p.name}={PARAMETER_VALUES[p.name]}" for p in bundled.parameters]
        capsys.readouterr()
        assert main(["query", name, *params, "--graph", str(turtle), "--format", "csv"]) == 0
        local = capsys.readouterr().out.splitlines()
        assert main(["query", name, *params, "--endpoint", virtuoso.sparql, "--default-graph", graph_iri, "--format", "csv"]) == 0, name
        remote_lines = capsys.readouterr().out.splitlines()
        assert remote_lines[0] == local[0], name  # the same columns
        # Rows tied under ORDER BY may come in another order, engines print decimals to different
        # precision, and GROUP_CONCAT lists in any order; the same rows must come.
        assert sorted(map(_numbers_rounded, remote_lines[1:])) == sorted(map(_numbers_rounded, local[1:])), name
        non_empty += bool(local[1:])
    assert non_empty >= len(bundled_queries()) - 1  # every query but at most one has rows on the seeds


def test_remote_query_errors_are_clear(virtuoso: VirtuosoServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "SELECT ?x WHERE { ?x ?y }", "--endpoint", virtuoso.sparql]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "rejected the query" in err
    assert main(["query", "authors", "--endpoint", "http://127.0.0.1:9/sparql"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "is the server running" in err


def test_remote_parameters_cannot_change_the_query(seed_build: Path, virtuoso: VirtuosoServer, password_env: None,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    graph_iri = "https://example.org/argmap/hostile"
    assert push_cli(virtuoso, seed_build / "argmap.ttl", graph_iri) == 0
    capsys.readouterr()
    hostile = 'Chris Miller") } } SELECT * WHERE { ?s ?p ?o } #'
    assert main(["query", "claims-by-author", f"--param=author={hostile}", "--endpoint", virtuoso.sparql,
                 "--default-graph", graph_iri, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1  # the header only: the value matched no author, and ran nothing else
    assert main(["query", "claims-by-author", "--param=author=Chris Miller", "--endpoint", virtuoso.sparql,
                 "--default-graph", graph_iri, "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) > 10
