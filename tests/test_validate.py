"""SHACL validation of the built graph: real builds conform, and every shape fires on a broken graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from argmap import pipeline, rdf_outputs
from argmap.cli import main
from argmap.errors import ShaclError
from argmap.options import BuildOptions
from argmap.validate import load_shapes, validate_graph
from rdflib import Dataset, Graph, URIRef

SHACL_DATA = Path(__file__).parent / "data" / "shacl"
MINI = Path(__file__).parent / "data" / "mini"

# rdflib's TriG parser (for the fixtures' remove/add graphs) uses its own deprecated classes.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

# fixture -> the exact set of (focus node, property path, SHACL constraint component) it must raise.
# Node-level constraints have no path; the whole-graph edge checks report on the property or
# class they check (am:supports, am:contradicts, am:Relation) and name the claims in the message.
EXPECTED = {
    "claim-no-text": {("claim/c1", "am:text", "MinCountConstraintComponent")},
    "claim-two-quotes": {("claim/c1", "am:quote", "MaxCountConstraintComponent"),
                         ("claim/c1", "am:anchor/oa:hasSelector/oa:exact", "EqualsConstraintComponent")},  # the 2nd quote differs from oa:exact
    "claim-source-not-source": {("claim/c1", "am:source", "ClassConstraintComponent"),
                                ("claim/c1", "am:anchor/oa:hasSource", "EqualsConstraintComponent")},  # the anchor is now in another source
    "claim-no-anchor": {("claim/c1", "am:anchor", "MinCountConstraintComponent"),
                        ("claim/c1", "am:anchor/oa:hasSelector/oa:exact", "EqualsConstraintComponent"), ("claim/c1", "am:anchor/oa:hasSource", "EqualsConstraintComponent")},
    "claim-method-derived": {("claim/c1", "am:method", "InConstraintComponent")},
    "claim-no-polarity": {("claim/c1", "am:polarity", "MinCountConstraintComponent")},
    "claim-no-about": {("claim/c1", "am:about", "MinCountConstraintComponent")},
    "claim-two-propositions": {("claim/c1", "am:expresses", "MaxCountConstraintComponent"),
                               ("claim/c1", "am:expresses", "ClassConstraintComponent")},
    "claim-confidence-above-one": {("claim/c1", "am:confidence", "MaxInclusiveConstraintComponent")},
    "claim-empty-holder": {("claim/c1", "am:holder", "MinLengthConstraintComponent")},
    "quote-differs": {("claim/c1", "am:anchor/oa:hasSelector/oa:exact", "EqualsConstraintComponent")},
    "anchor-other-source": {("claim/c1", "am:anchor/oa:hasSource", "EqualsConstraintComponent")},
    "supports-without-node": {("am:supports", "", "SPARQLConstraintComponent")},
    "contradicts-without-node": {("am:contradicts", "", "SPARQLConstraintComponent")},
    "anchor-no-position": {("claim/c1/anchor", "oa:hasSelector", "QualifiedMinCountConstraintComponent"),
                           ("claim/c1", "am:anchor", "NodeConstraintComponent")},
    "anchor-no-quote-selector": {("claim/c1/anchor", "oa:hasSelector", "QualifiedMinCountConstraintComponent"),
                                 ("claim/c1", "am:anchor", "NodeConstraintComponent"), ("claim/c1", "am:anchor/oa:hasSelector/oa:exact", "EqualsConstraintComponent")},
    "anchor-no-source": {("claim/c1/anchor", "oa:hasSource", "MinCountConstraintComponent"),
                         ("claim/c1", "am:anchor", "NodeConstraintComponent"), ("claim/c1", "am:anchor/oa:hasSource", "EqualsConstraintComponent")},
    "quote-selector-empty": {("claim/c1/anchor/quote", "oa:exact", "MinLengthConstraintComponent"),
                             ("claim/c1", "am:quote", "MinLengthConstraintComponent")},
    "span-negative": {("claim/c1/anchor/position", "oa:start", "DatatypeConstraintComponent"),
                      ("claim/c1/anchor/position", "oa:start", "MinInclusiveConstraintComponent")},
    "span-reversed": {("claim/c1/anchor/position", "oa:start", "LessThanConstraintComponent")},
    "span-empty": {("claim/c1/anchor/position", "oa:start", "LessThanConstraintComponent")},
    "source-no-title": {("source/s1", "dcterms:title", "MinCountConstraintComponent")},
    "source-no-identifier": {("source/s1", "dcterms:identifier", "MinCountConstraintComponent")},
    "source-creator-not-author": {("source/s1", "dcterms:creator", "ClassConstraintComponent")},
    "author-no-label": {("author/a1", "rdfs:label", "MinCountConstraintComponent")},
    "proposition-no-text": {("proposition/p", "am:text", "MinCountConstraintComponent")},
    "entity-no-label": {("entity/japan", "rdfs:label", "MinCountConstraintComponent")},
    "relation-two-froms": {("relation/r1", "am:from", "MaxCountConstraintComponent"),
                           ("am:Relation", "", "SPARQLConstraintComponent")},  # c2 -> c2 has no edge
    "relation-to-not-claim": {("relation/r1", "am:to", "ClassConstraintComponent"),
                              ("am:Relation", "", "SPARQLConstraintComponent"),  # no edge c1 -> s2
                              ("am:supports", "", "SPARQLConstraintComponent")},  # edge c1 -> c2 lost its node
    "relation-no-rationale": {("relation/r1", "am:rationale", "MinCountConstraintComponent")},
    "relation-rule-extracted": {("relation/r1", "am:method", "InConstraintComponent"),
                                ("relation/r1", "", "OrConstraintComponent")},
    "derived-no-key": {("relation/r2", "", "OrConstraintComponent")},
    "relation-both-kinds": {("relation/r1", "", "NotConstraintComponent")},
    "node-without-edge": {("am:Relation", "", "SPARQLConstraintComponent")},
    "source-impossible-date": {("source/s1", "dcterms:date", "OrConstraintComponent")},  # "2017-02-30"^^xsd:date
    "source-month-13": {("source/s2", "dcterms:date", "OrConstraintComponent")},
    "source-two-dates": {("source/s1", "dcterms:date", "MaxCountConstraintComponent")},
    "source-no-authorship": {("source/s1", "am:authorship", "MinCountConstraintComponent"), ("source/s1", "", "XoneConstraintComponent")},
    "source-signed-without-author": {("source/s1", "", "XoneConstraintComponent")},
    "source-unsigned-with-author": {("source/s2", "", "XoneConstraintComponent")},
    "source-unknown-author-is-publisher": {("source/s2", "", "XoneConstraintComponent")},
    "author-group-of-one": {("author/g", "am:member", "MinCountConstraintComponent")},
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def broken_graph(name: str) -> Graph:
    """valid.ttl with the fixture's fix:remove triples taken out and its fix:add triples put in."""
    graph = Graph().parse(SHACL_DATA / "valid.ttl", format="turtle")
    change = Dataset().parse(SHACL_DATA / f"broken-{name}.trig", format="trig")
    for triple in change.graph(URIRef("urn:argmap:fixture:remove")):
        assert triple in graph, f"broken-{name}.trig removes a triple valid.ttl lacks: {triple}"
        graph.remove(triple)
    for triple in change.graph(URIRef("urn:argmap:fixture:add")):
        graph.add(triple)
    return graph


def test_every_broken_fixture_has_an_expectation() -> None:
    on_disk = {p.name.removeprefix("broken-").removesuffix(".trig") for p in SHACL_DATA.glob("broken-*.trig")}
    assert on_disk == set(EXPECTED)


def test_valid_fixture_conforms(shapes: Graph) -> None:
    report = validate_graph(Graph().parse(SHACL_DATA / "valid.ttl"), shapes)
    assert report.conforms, "\n".join(map(str, report.findings))
    assert report.triples == 73


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shape_fires_on_broken_fixture(name: str, shapes: Graph) -> None:
    report = validate_graph(broken_graph(name), shapes)
    assert not report.conforms
    assert {(f.focus, f.path, f.shape) for f in report.findings} == EXPECTED[name], "\n".join(map(str, report.findings))
    assert all(f.severity == "Violation" and f.message for f in report.findings)


def test_edge_findings_name_the_claims(shapes: Graph) -> None:
    report = validate_graph(broken_graph("supports-without-node"), shapes)
    assert [str(f) for f in report.findings] == [
        "am:supports: direct edge claim/c2 -> claim/c1 has no am:Support node with this am:from and am:to"
    ]


def test_build_conforms(any_build: Path, shapes: Graph) -> None:
    report = validate_graph(Graph().parse(any_build / "argmap.ttl"), shapes)
    assert report.conforms, "\n".join(map(str, report.findings))


@pytest.mark.parametrize("options", [[], ["--no-extract"]])
def test_check_validates_the_graph_that_build_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]) -> None:
    assert main(["build", "--seeds", str(MINI), "--out", str(tmp_path), "--no-shacl", *options]) == 0
    written = len(Graph().parse(tmp_path / "argmap.ttl", format="turtle"))
    capsys.readouterr()
    assert main(["check", "--seeds", str(MINI), *options]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "ok: 2 sources, 5 claims, 1 propositions, 1 relations",
        f"ok: the built graph conforms to the SHACL shapes ({written} triples)",
    ]


def test_check_graph_reports_violations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.ttl"
    broken_graph("span-reversed").serialize(bad, format="turtle")
    assert main(["check", "--graph", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"Error: {bad}: claim/c1/anchor/position: oa:start: the span is empty or reversed: oa:start is not before oa:end (value: 20)",
        f"Error: 1 SHACL violation(s) in {bad}",
    ]


def test_check_graph_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--graph", str(tmp_path / "none.ttl")]) == 1
    assert "none.ttl: file not found" in capsys.readouterr().err


def test_build_skips_shacl_above_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdf_outputs, "SHACL_DEFAULT_LIMIT", 100)  # the mini corpus has more triples
    result = pipeline.build(BuildOptions(MINI), tmp_path / "auto")
    assert result.triples > 100
    assert result.shacl.startswith(f"skipped: {result.triples} triples is over 100")
    assert pipeline.build(BuildOptions(MINI), tmp_path / "forced", shacl=True).shacl == "conforms"
    assert pipeline.build(BuildOptions(MINI), tmp_path / "off", shacl=False).shacl == "skipped (--no-shacl)"


def test_build_writes_nothing_on_violation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    # The loader's pydantic checks keep bad graphs out of the RDF, so break the graph SHACL checks instead.
    real_to_rdflib = rdf_outputs.to_rdflib

    def to_rdflib_without_titles(triples):
        graph = real_to_rdflib(triples)
        graph.remove((None, URIRef("http://purl.org/dc/terms/title"), None))
        return graph

    monkeypatch.setattr(rdf_outputs, "to_rdflib", to_rdflib_without_titles)
    out = tmp_path / "out"
    assert main(["build", "--seeds", str(MINI), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "Error: the built graph: source/alpha: dcterms:title: a source needs exactly one non-empty dcterms:title",
        "Error: the built graph: source/beta: dcterms:title: a source needs exactly one non-empty dcterms:title",
        "Error: 2 SHACL violation(s) in the built graph",
        "Error: nothing was written",
    ]
    assert not out.exists() or not any(out.iterdir())
    with pytest.raises(ShaclError):
        pipeline.build(BuildOptions(MINI), out, shacl=True)
