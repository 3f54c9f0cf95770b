"""SPARQL: every bundled query on the seed build, the formats, errors, read-only, the CLI."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from argmap import analyze, pipeline, query
from argmap.assemble import ArgumentMap
from argmap.cli import main
from argmap.models import Claim, Method, Polarity, Span
from argmap.options import BuildOptions
from argmap.rdf import to_triples, to_turtle

from .conftest import MINI, ROOT
from .processes import descendants

CLAIM = "https://w3id.org/argmap/id/claim/"


@pytest.fixture(scope="module")
def seed_graph(seed_build: Path) -> Path:
    return seed_build / "argmap.ttl"


@pytest.fixture(scope="module")
def engine(seed_graph: Path) -> query.OxigraphEngine:
    return query.OxigraphEngine.from_turtle(seed_graph)


def rows(engine, name: str, **params) -> list[dict[str, str]]:
    """A bundled query's solutions as dicts of plain values (IRIs and literal values as strings)."""
    bundled = query.bundled_queries()[name]
    result = query.run_query(engine, bundled.text, params, bundled)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


def test_bundled_queries_are_documented():
    bundled = query.bundled_queries()
    assert {"disagreements", "agreement-matrix", "consensus", "contested", "claims-by-author", "evidence",
            "extracted-uncurated"} <= set(bundled)
    for q in bundled.values():
        assert q.description and q.path.name == f"{q.name}.rq"
        for parameter in q.parameters:
            assert f"?{parameter.name}" in q.text and parameter.description


def test_disagreements_between_miller_and_streltsov(engine):
    found = rows(engine, "disagreements", author_a="Chris Miller", author_b="Dmitry Streltsov")
    pairs = {(r["claim_a"], r["claim_b"]): r for r in found}
    clash = pairs[(CLAIM + "miller-sanctions-symbolic", CLAIM + "streltsov-sanctions-became-sectoral")]
    assert clash["quote_a"] == "Japan’s participation in sanctions is important primarily in symbolic terms"
    assert clash["method"].endswith("#Curated") and "symbolic" in clash["rationale"]
    assert all(r["author_a"] == "Chris Miller" and r["author_b"] == "Dmitry Streltsov" for r in found)


def test_agreement_matrix_query_matches_the_analysis(engine, seed_map):
    by_sparql = {
        frozenset((r["author_a"], r["author_b"])): (
            int(r["supports"]), int(r["contradicts"]), int(r["n"]), int(r["relations"]), Decimal(r["agreement_index"]))
        for r in rows(engine, "agreement-matrix")
    }
    by_python = {
        frozenset((p.author_a.name, p.author_b.name)): (p.supports, p.contradicts, p.n, p.relations, p.agreement_index)
        for p in analyze.agreement_matrix(seed_map).pairs
    }
    assert by_sparql.keys() == by_python.keys()
    for pair, counts in by_python.items():
        assert by_sparql[pair][:4] == counts[:4], pair
        assert float(by_sparql[pair][4]) == pytest.approx(counts[4]), pair


def test_consensus_and_contested_queries_match_the_analysis(engine, seed_map):
    consensus = {r["claim"].removeprefix(CLAIM): r for r in rows(engine, "consensus")}
    assert set(consensus) == {s.claim.id for s in analyze.consensus_claims(seed_map)}
    shape = consensus["streltsov-us-russia-shape"]
    assert {"Dmitry Streltsov", "Taisuke Abiru"} <= set(shape["endorsed_by"].split(", "))
    assert shape["quote"] == "the general vector in Russian-Japanese relations will be most likely shaped by US-Russian relations"

    contested = {r["claim"].removeprefix(CLAIM): r for r in rows(engine, "contested")}
    assert set(contested) == {s.claim.id for s in analyze.contested_claims(seed_map)}
    assert "Dmitry Streltsov" in contested["miller-sanctions-symbolic"]["contradicted_by"].split(", ")


def test_claims_by_author_lists_exactly_their_claims_with_quotes(engine, seed_map):
    found = rows(engine, "claims-by-author", author="Chris Miller")
    expected = {c.id: c.quote for c in seed_map.claims if c.source_id == "miller-2017"}
    assert {r["claim"].removeprefix(CLAIM): r["quote"] for r in found} == expected
    assert {r["source_id"] for r in found} == {"miller-2017"}


def test_evidence_behind_a_claim(engine, seed_map):
    found = rows(engine, "evidence", claim_id="miller-sanctions-symbolic")
    roles = {(r["role"], r["other"].removeprefix(CLAIM)) for r in found}
    assert ("claim", "miller-sanctions-symbolic") in roles
    assert ("supports", "abiru-sanctions-moderate") in roles
    assert ("contradicts", "streltsov-sanctions-became-sectoral") in roles
    quotes = {c.id: c.quote for c in seed_map.claims}
    assert all(r["quote"] == quotes[r["other"].removeprefix(CLAIM)] for r in found)
    assert found[0]["role"] == "claim"


def test_contradictions_by_author(engine):
    found = rows(engine, "contradictions-by-author", author="Dmitry Streltsov")
    assert {(r["claim"], r["direction"], r["other"]) for r in found} >= {
        (CLAIM + "streltsov-sanctions-became-sectoral", "contradicts", CLAIM + "miller-sanctions-symbolic")}
    assert all(r["other_author"] != "Dmitry Streltsov" for r in found)


def test_authors_query_counts_claims(engine, seed_map):
    found = {r["author_name"]: int(r["claims"]) for r in rows(engine, "authors")}
    assert found["Chris Miller"] == sum(1 for c in seed_map.claims if c.source_id == "miller-2017")


def test_extracted_uncurated_on_the_seeds_matches_the_spans(engine, seed_map):
    curated = [c for c in seed_map.claims if c.method is Method.CURATED]
    expected = {
        c.id for c in seed_map.claims
        if c.method is Method.RULE_EXTRACTED and not any(
            k.source_id == c.source_id and k.span.start < c.span.end and c.span.start < k.span.end for k in curated)
    }
    found = rows(engine, "extracted-uncurated")
    assert expected and {r["claim"].removeprefix(CLAIM) for r in found} == expected
    assert len(found) == len(expected)


def test_extracted_uncurated_finds_only_extractions_no_curator_covered(tmp_path):
    amap = pipeline.build_map(BuildOptions(MINI, extract=False))
    text = next(s.text for s in amap.sources if s.id == "alpha")

    def extracted(claim_id: str, passage: str) -> Claim:
        start = text.index(passage)
        return Claim(id=claim_id, source_id="alpha", statement=passage, quote=passage,
                     span=Span(start=start, end=start + len(passage)), about="Japan", polarity=Polarity.AFFIRMED,
                     method=Method.RULE_EXTRACTED, rule="test-rule")

    new = extracted("x-islands", "The Kremlin will never return the Habomai.")
    covered = extracted("x-sanctions", "sanctions on Russia were moderate")
    amap = ArgumentMap(sources=amap.sources, propositions=amap.propositions,
                       claims=tuple(sorted((*amap.claims, new, covered), key=lambda c: c.id)), relations=amap.relations)
    path = tmp_path / "extracted.ttl"
    path.write_bytes(to_turtle(to_triples(amap)))
    found = rows(query.OxigraphEngine.from_turtle(path), "extracted-uncurated")
    assert [(r["claim"], r["quote"], r["rule"]) for r in found] == [
        (CLAIM + "x-islands", "The Kremlin will never return the Habomai.", "https://w3id.org/argmap/id/rule/test-rule")]


def test_parameters_are_bound_not_pasted(engine):
    hostile = 'Chris Miller" } ?s ?p ?o . { "'
    text, _ = query.resolve_query("claims-by-author")
    assert list(query.run_query(engine, text, {"author": hostile})) == []  # bound as a value: it matches no author
    with pytest.raises(query.QueryError, match="no author in the graph is called that"):  # and a bundled query names it
        rows(engine, "claims-by-author", author=hostile)
    with pytest.raises(query.QueryError, match="missing author"):
        rows(engine, "claims-by-author")
    with pytest.raises(query.QueryError, match="parameter name"):
        query.run_query(engine, "SELECT * WHERE { ?s ?p ?o }", {"x y": "1"})


def test_update_is_refused_and_changes_nothing(engine):
    before = len(engine.store)
    for update in ("DELETE WHERE { ?s ?p ?o }", "PREFIX am: <https://w3id.org/argmap/ns#>\nINSERT DATA { am:a am:b am:c }"):
        with pytest.raises(query.UpdateRefused, match="read-only"):
            query.run_query(engine, update)
    assert len(engine.store) == before


def test_syntax_error_names_the_position(engine):
    with pytest.raises(query.QueryError) as caught:
        query.run_query(engine, "SELECT ?s WHERE {\n  ?s ?p\n}")
    assert "error at 3:" in str(caught.value) and "syntax error" in str(caught.value)  # line 3: the "}"


def test_results_formats_follow_sparql_11(engine):
    text = "SELECT ?claim ?quote WHERE { ?claim a am:Claim ; am:quote ?quote } ORDER BY ?claim LIMIT 3"
    as_json = json.loads(query.serialize_result(query.run_query(engine, text), "json"))
    assert as_json["head"]["vars"] == ["claim", "quote"]
    first = as_json["results"]["bindings"][0]
    assert first["claim"]["type"] == "uri" and first["quote"]["type"] == "literal"
    as_csv = list(csv.reader(io.StringIO(query.serialize_result(query.run_query(engine, text), "csv").decode())))
    assert as_csv[0] == ["claim", "quote"] and as_csv[1] == [first["claim"]["value"], first["quote"]["value"]]
    as_tsv = query.serialize_result(query.run_query(engine, text), "tsv").decode().splitlines()
    assert as_tsv[0] == "?claim\t?quote" and as_tsv[1].startswith(f"<{first['claim']['value']}>\t")
    table = query.serialize_result(query.run_query(engine, text), "table").decode()
    assert "amid:claim/" in table and table.rstrip().endswith("(3 rows)")
    ask = query.run_query(engine, "ASK { ?c a am:Claim }")
    assert json.loads(query.serialize_result(ask, "json")) == {"head": {}, "boolean": True}
    graph = query.run_query(engine, "CONSTRUCT { ?c am:quote ?q } WHERE { ?c am:quote ?q } LIMIT 2")
    assert len(list(ox.parse(query.serialize_result(graph, "ntriples"), format=ox.RdfFormat.N_TRIPLES))) == 2
    with pytest.raises(query.QueryError, match="CONSTRUCT"):
        query.serialize_result(query.run_query(engine, "CONSTRUCT WHERE { ?s ?p ?o }"), "csv")


def test_resolve_query_sources(tmp_path, monkeypatch):
    path = tmp_path / "q.rq"
    path.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert query.resolve_query(str(path)) == ("ASK { ?s ?p ?o }", None)
    assert query.resolve_query("consensus")[1].name == "consensus"
    assert query.resolve_query("SELECT * WHERE { ?s ?p ?o }") == ("SELECT * WHERE { ?s ?p ?o }", None)
    with pytest.raises(query.QueryError, match="no such bundled query or file"):
        query.resolve_query("consensuss")
    monkeypatch.setattr(sys, "stdin", io.StringIO("ASK {}"))
    assert query.resolve_query("-") == ("ASK {}", None)


def test_missing_graph_says_to_build(tmp_path):
    with pytest.raises(query.QueryError, match="argmap build"):
        query.OxigraphEngine.from_turtle(tmp_path / "none.ttl")


# ---------------------------------------------------------------- CLI


def test_cli_list_shows_every_bundled_query(capsys):
    assert main(["query", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(query.bundled_queries())
    assert any(line.startswith("disagreements ") and "--param author_a=… --param author_b=…" in line for line in lines)


def test_cli_runs_a_bundled_query_as_csv(seed_graph, capsys):
    assert main(["query", "disagreements", "--graph", str(seed_graph), "--format", "csv",
                 "--param", "author_a=Chris Miller", "--param", "author_b=Dmitry Streltsov"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {"claim_a": CLAIM + "miller-sanctions-symbolic", "claim_b": CLAIM + "streltsov-sanctions-became-sectoral"}.items() \
        <= next(r for r in table if r["claim_b"].endswith("streltsov-sanctions-became-sectoral")).items()


def test_cli_errors_and_exit_codes(seed_graph, capsys):
    assert main(["query", "--graph", str(seed_graph), "SELECT * WHERE { ?s ?p }"]) == 1
    assert capsys.readouterr().err.startswith("Error: query syntax error: error at 1:")
    assert main(["query", "--graph", str(seed_graph), "DELETE WHERE { ?s ?p ?o }"]) == 1
    assert "SPARQL UPDATE refused" in capsys.readouterr().err
    assert main(["query", "--graph", str(seed_graph)]) == 2
    assert main(["query", "--graph", str(seed_graph), "consensus", "--param", "oops"]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err


def test_cli_reads_the_query_from_stdin(seed_graph):
    done = subprocess.run([sys.executable, "-m", "argmap", "query", "-", "--graph", str(seed_graph), "--format", "json"],
                          input="ASK { ?c a am:Claim }", capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(done.stdout)["boolean"] is True


def test_cli_agree_and_claims(capsys):
    assert main(["agree", "--seeds", str(MINI), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "author_a,author_b,supports,contradicts,n,agreement_index,shrunken_index,interval_low,interval_high,borne_out,refuted,relations,since",
        "Ann Alpha,Beta Weekly,1,1,2,0.0000,0.0000,-0.8114,0.8114,0,0,2,2017-04-03",
    ]
    assert main(["agree", "--seeds", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2].split() == ["Ann", "Alpha", "Beta", "Weekly", "1", "1", "2", "+0.00", "-0.81", "to", "+0.81", "2017-04-03"]
    assert main(["claims", "--seeds", str(MINI), "--contested", "--format", "json"]) == 0
    contested = json.loads(capsys.readouterr().out)
    assert [(c["claim"], c["contradicted_by"]) for c in contested] == [
        ("alpha-sanctions-moderate", ["Beta Weekly"]), ("beta-sanctions-sectoral", ["Ann Alpha"])]
    assert main(["claims", "--seeds", str(MINI), "--grounded", "rejected"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("alpha-sanctions-moderate [rejected] — Ann Alpha (alpha)\n")
    assert "“Japan’s sanctions on Russia were moderate and symbolic.”" in out


# ---------------------------------------------------------------- federated queries (SERVICE)


class _Recorder:
    """A real HTTP server that records every request and answers as a SPARQL endpoint would."""

    def __init__(self):
        import http.server
        import threading

        self.paths: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the base class's name)
                recorder.paths.append(self.path)
                body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"fetched"}}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recorder():
    running = _Recorder()
    yield running
    running.close()


SERVICE_PLACES = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?x ?p ?o }} }}",
    "SELECT * WHERE {{ sErViCe <{url}> {{ ?x ?p ?o }} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?x ?p ?o }} }} }} }} }}",
    "ASK {{ FILTER NOT EXISTS {{ SERVICE <{url}> {{ ?x ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?x ?p ?o }} WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?x ?p ?o }} }} }}",
    "DESCRIBE ?x WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?where) SERVICE ?where {{ ?x ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SERVICE_PLACES)
def test_service_anywhere_is_refused_and_nothing_is_fetched(engine, recorder, template):
    text = template.format(url=recorder.url)
    assert query.check_query(text).calls_service is True
    with pytest.raises(query.ServiceRefused, match="--allow-service"):
        query.run_query(engine, text)
    assert recorder.paths == []


def test_a_codepoint_escaped_keyword_is_refused(engine, recorder):
    # rdflib reads \u0053ERVICE as SERVICE, Oxigraph as a syntax error: refused either way, nothing fetched.
    text = f"SELECT * WHERE {{ \\u0053ERVICE <{recorder.url}> {{ ?x ?p ?o }} }}"
    with pytest.raises(query.QueryError, match="syntax error"):
        query.run_query(engine, text)
    assert recorder.paths == []


@pytest.mark.parametrize("text", [
    "SELECT * WHERE {{ ?s ?p ?o FILTER(?o = 'SERVICE <{url}> {{}}') }}",  # in a string
    "SELECT * WHERE {{ ?s ?p ?o }} # SERVICE <{url}> {{}}",  # in a comment
    'SELECT * WHERE {{ ?s ?p """a" }} SERVICE <{url}> {{ }} """ }}',  # in a long string holding a quote
])
def test_the_word_service_outside_the_grammar_is_no_service(engine, recorder, text):
    assert query.check_query(text.format(url=recorder.url)).calls_service is False
    query.run_query(engine, text.format(url=recorder.url))  # runs: decided on the parsed query, not the text


def test_a_query_the_checker_cannot_read_is_refused(engine, recorder):
    # Oxigraph reads LATERAL (SPARQL 1.2 work) and triple terms; rdflib does not: refused, never guessed.
    for text in (f"SELECT * WHERE {{ ?s ?p ?o LATERAL {{ SERVICE <{recorder.url}> {{ ?s ?p ?o }} }} }}",
                 "SELECT * WHERE { <<( <http://a/b> <http://a/c> <http://a/d> )>> ?p ?o }"):
        checked = query.check_query(text)
        assert checked.calls_service is None and checked.unreadable.startswith("rdflib: ")
        with pytest.raises(query.ServiceRefused, match="cannot tell whether the query calls other servers"):
            query.run_query(engine, text)
    assert recorder.paths == []


def test_allow_service_is_an_explicit_opt_in(engine, recorder):
    text = f"SELECT ?x WHERE {{ SERVICE <{recorder.url}> {{ ?x ?p ?o }} }}"
    result = query.run_query(engine, text, allow_service=True)
    assert [s["x"].value for s in result] == ["fetched"] and len(recorder.paths) == 1


def test_checking_a_query_never_runs_it(recorder):
    for form in ("ASK {{ SERVICE <{url}> {{ ?x ?p ?o }} }}", "SELECT * {{ SERVICE <{url}> {{ ?x ?p ?o }} }}",
                 "CONSTRUCT {{ ?x ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}"):
        query.check_query.cache_clear()
        query.check_query(form.format(url=recorder.url))
    assert recorder.paths == []


def test_cli_query_refuses_service(seed_graph, recorder, capsys):
    assert main(["query", "--graph", str(seed_graph), f"SELECT * WHERE {{ SERVICE <{recorder.url}> {{ ?x ?p ?o }} }}"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: federated query refused") and err.count("\n") == 1
    assert recorder.paths == []


def test_empty_query_says_so(engine):
    for text in ("", "  \n# only a comment\n"):
        with pytest.raises(query.QueryError, match="empty query|syntax error"):
            query.run_query(engine, text)
    with pytest.raises(query.QueryError, match="^empty query"):
        query.run_query(engine, "")


def test_query_module_does_not_import_the_analysis():
    code = "import sys, argmap.query; print('argmap.analyze' in sys.modules, 'argmap.formatting' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------- limits of a local query


ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_cli_limits_match_the_library():
    from argmap import cli, query_workers, serve

    limits = query_workers.Limits()
    assert (cli.QUERY_TIMEOUT, cli.QUERY_MEMORY_MB, cli.ANSWER_MB) == (
        limits.timeout, limits.memory_mb, limits.max_result_bytes // query_workers.MEGABYTE)
    assert cli.SERVE_PORT == serve.DEFAULT_PORT


def test_cli_query_stops_at_its_time_and_memory_limits(seed_graph, capsys):
    assert main(["query", "--graph", str(seed_graph), "--timeout", "1", ENDLESS]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: query stopped after 1 s, its time limit") and err.count("\n") == 1
    hog = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    assert main(["query", "--graph", str(seed_graph), "--max-memory", "200", hog]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "memory" in err and "(200 MB)" in err and err.count("\n") == 1


def test_cli_allow_service_is_the_opt_in(seed_graph, recorder, capsys):
    text = f"SELECT ?x WHERE {{ SERVICE <{recorder.url}> {{ ?x ?p ?o }} }}"
    assert main(["query", "--graph", str(seed_graph), "--allow-service", "--format", "csv", text]) == 0
    assert capsys.readouterr().out.splitlines() == ["x", "fetched"] and len(recorder.paths) == 1


def test_ctrl_c_stops_a_local_query_and_its_processes(seed_graph):
    process = subprocess.Popen([sys.executable, "-m", "argmap", "query", "--graph", str(seed_graph), ENDLESS],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        give_up = time.monotonic() + 60
        while len(descendants(process.pid)) < 2:  # the zygote and its worker
            assert process.poll() is None and time.monotonic() < give_up, "the query's worker never started"
            time.sleep(0.05)
        helpers = descendants(process.pid)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130 and err == "Error: interrupted; the query was stopped\n"
    give_up = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in helpers):
        assert time.monotonic() < give_up, "a query process outlived the command"
        time.sleep(0.05)
