"""argmap diff: a build read back from its Turtle, and what changed between two builds, on changes made by hand."""

from __future__ import annotations

import json
import shutil

import pytest
from argmap import pipeline
from argmap.diff import diff_files, diff_maps, format_diff
from argmap.options import BuildOptions
from argmap.rdf_read import GraphReadError, read_map
from argmap.vocab import ONTOLOGY_IRI, ONTOLOGY_VERSION, ONTOLOGY_VERSION_IRI
from rdflib import OWL, Graph, URIRef

from .conftest import MINI, ROOT
from .handmade import claim, make_map, relation, source


def without_texts(amap):
    """What the Turtle carries of a map: everything but the article texts and the rules' kinds."""
    return amap.model_copy(update={
        "sources": tuple(s.model_copy(update={"text": ""}) for s in amap.sources),
        "rules": tuple(r.model_copy(update={"kind": ""}) for r in amap.rules),
    })


def test_a_build_reads_back_as_the_map_it_was_made_from(any_build):
    seeds = MINI if "mini" in any_build.name else ROOT / "seeds"
    assert read_map(any_build) == without_texts(pipeline.build_map(BuildOptions(seeds)))


def test_the_ontology_version_the_graph_names_is_the_ontology_file_s():
    ontology = Graph().parse(ROOT / "ontology" / "argmap.ttl", format="turtle")
    assert str(ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)) == ONTOLOGY_VERSION
    assert str(ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)) == ONTOLOGY_VERSION_IRI


def test_the_same_build_twice_differs_in_nothing(mini_build):
    diff = diff_files(mini_build, mini_build / "argmap.ttl")
    assert diff.empty and diff.summary() == "no change in claims, relations, stances or agreement"


@pytest.fixture(scope="module")
def before_after():
    """Before: Ann and Bob affirm P; Bob's claim q is contradicted by Cleo's r.
    After: Cleo joins on P (denying it), Ann's claim on P is now denied, the clash on q is gone
    (r removed), and the P relation's rationale is unchanged."""
    sources = [source("a", "Ann", "2015"), source("b", "Bob", "2016"), source("c", "Cleo", "2017")]
    before = make_map(sources, [claim("a-p", "a", proposition="p"), claim("b-p", "b", proposition="p"),
                                claim("b-q", "b", "Trade will grow"), claim("c-r", "c", "Trade will shrink")],
                      [relation("c-r", "contradicts", "b-q")], {"p": "P holds"})
    after = make_map(sources, [claim("a-p", "a", polarity="denied", proposition="p"), claim("b-p", "b", proposition="p"),
                               claim("b-q", "b", "Trade will grow"), claim("c-p", "c", polarity="denied", proposition="p")],
                     [], {"p": "P holds"})
    return before, after


def test_changes_worked_out_by_hand(before_after):
    diff = diff_maps(*before_after)
    assert [(c.id, c.change, c.fields) for c in diff.claims] == [
        ("a-p", "changed", ("polarity",)), ("c-p", "added", ()), ("c-r", "removed", ())]
    # Relations: before, a-p/b-p derived support and c-r -> b-q; after, a-p/b-p derived contradiction,
    # a-p/c-p derived support, b-p/c-p derived contradiction.
    assert [(c.id, c.change) for c in diff.relations] == [
        ("a-p--contradicts--b-p", "added"), ("a-p--supports--b-p", "removed"), ("a-p--supports--c-p", "added"),
        ("b-p--contradicts--c-p", "added"), ("c-r--contradicts--b-q", "removed")]
    assert [(c.id, c.change, c.before, c.after) for c in diff.stances] == [
        ("Bob on “Trade will grow”", "removed", "affirms 2016", "silent"),  # no longer disputed: no longer a question
        ("Cleo on “Trade will grow”", "removed", "denies 2017", "silent"),
        ("Ann on “P holds”", "changed", "affirms 2015", "denies 2015"),
        ("Cleo on “P holds”", "added", "silent", "denies 2017"),
    ]
    # Bob and Cleo still disagree once (now on P, before on trade): their counts did not change.
    assert [(c.id, c.change, c.before, c.after) for c in diff.agreement] == [
        ("Ann | Bob", "changed", "1 agree, 0 disagree, index +1.00", "0 agree, 1 disagree, index -1.00"),
        ("Ann | Cleo", "added", "never meet", "1 agree, 0 disagree, index +1.00"),
    ]
    assert diff.summary() == "+1 −1 ~1 claims, +3 −2 relations, +1 −2 ~1 stance cells, agreement changed for 2 author pairs"


def test_formats(before_after):
    diff = diff_maps(*before_after)
    record = json.loads(format_diff(diff, "json", "old.ttl", "new.ttl"))
    assert record["summary"] == diff.summary()
    assert record["claims"][0] == {"id": "a-p", "change": "changed", "before": "polarity: affirmed", "after": "polarity: denied",
                                   "fields": ["polarity"]}
    assert record["counts"]["claims"] == {"before": 4, "after": 4}
    md = format_diff(diff, "md")
    assert md.startswith("# What changed from OLD to NEW") and "## Stance cells" in md
    table = format_diff(diff, "table")
    assert table.splitlines()[0] == f"OLD -> NEW: {diff.summary()}"


def test_an_edited_seed_shows_in_the_diff_of_two_build_folders(tmp_path, mini_build):
    seeds = tmp_path / "seeds"
    shutil.copytree(MINI, seeds)
    claims = seeds / "claims" / "alpha.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("polarity: affirmed\n    confidence: 0.6", "polarity: denied\n    confidence: 0.6"),
                      encoding="utf-8")
    pipeline.build(BuildOptions(seeds), tmp_path / "build")
    diff = diff_files(mini_build, tmp_path / "build")
    assert [(c.id, c.change, c.fields, c.before, c.after) for c in diff.claims] == [
        ("alpha-trade-grows", "changed", ("polarity",), "polarity: affirmed", "polarity: denied")]
    assert diff.relations == diff.stances == diff.agreement == ()  # the claim is related to nothing


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("<https://example.org/a> <https://example.org/b> 'c' .\n", r"not an argmap graph \(no am:Claim in it\)", id="someone else's graph"),
        pytest.param("this is { not turtle", "not a Turtle file argmap can read", id="not Turtle"),
        pytest.param(b"\xff\xfe\x00binary", "not a Turtle file argmap can read", id="binary"),
    ],
)
def test_a_file_that_is_not_an_argmap_graph_is_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "other.ttl"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    with pytest.raises(GraphReadError, match=message) as info:
        read_map(path)
    assert "\n" not in str(info.value)


def test_a_graph_of_another_ontology_version_is_refused(tmp_path, mini_build):
    turtle = (mini_build / "argmap.ttl").read_text(encoding="utf-8")
    other = tmp_path / "old.ttl"
    other.write_text(turtle.replace(f"<{ONTOLOGY_VERSION_IRI}>", f"<{ONTOLOGY_IRI}/0.0.9>"), encoding="utf-8")
    with pytest.raises(GraphReadError, match=r"made with ontology version 0\.0\.9, this argmap speaks 0\.1\.0; rebuild it"):
        diff_files(other, mini_build)
    unversioned = tmp_path / "unversioned.ttl"
    unversioned.write_text("\n".join(line for line in turtle.splitlines() if "ArgumentMap" not in line and "conformsTo" not in line),
                           encoding="utf-8")
    with pytest.raises(GraphReadError, match="does not say its ontology version"):
        read_map(unversioned)


def test_missing_inputs_are_named(tmp_path):
    with pytest.raises(GraphReadError, match="no such file or folder"):
        read_map(tmp_path / "nowhere")
    with pytest.raises(GraphReadError, match="a folder without argmap.ttl"):
        read_map(tmp_path)


def test_a_build_writes_its_digest_and_diff_trusts_it_only_while_it_matches_the_turtle(tmp_path, mini_build):
    from argmap.diff import DIGEST_NAME, digest, stored_digest

    stored = stored_digest(mini_build)
    assert stored is not None and (mini_build / DIGEST_NAME).is_file()
    assert stored == digest(read_map(mini_build))  # what the build wrote is what its Turtle says
    # A copy whose Turtle was edited by hand: the digest no longer matches, the Turtle is read instead.
    copy = tmp_path / "edited"
    copy.mkdir()
    turtle = (mini_build / "argmap.ttl").read_text(encoding="utf-8")
    (copy / "argmap.ttl").write_text(turtle.replace("Trade will grow", "Trade will shrink"), encoding="utf-8")
    (copy / DIGEST_NAME).write_bytes((mini_build / DIGEST_NAME).read_bytes())
    assert stored_digest(copy) is None
    diff = diff_files(mini_build, copy)
    assert [(c.id, c.fields) for c in diff.claims] == [("alpha-trade-grows", ("quote",))]  # its quote is "Trade will grow."
    # A digest of another version is not trusted either.
    (copy / "argmap.ttl").write_text(turtle, encoding="utf-8")
    assert stored_digest(copy) is not None
    (copy / DIGEST_NAME).write_bytes((mini_build / DIGEST_NAME).read_bytes().replace(b'"digest_version":1', b'"digest_version":0'))
    assert stored_digest(copy) is None and diff_files(mini_build, copy).empty
    (copy / DIGEST_NAME).write_text("not json", encoding="utf-8")
    assert stored_digest(copy) is None
