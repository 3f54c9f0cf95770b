"""Hostile but valid seeds build, and every output still parses; names of any script keep distinct,
stable author ids; several authors, unsigned and unknown authors reach the graph as the contract
says; seeds files that never end (a FIFO) fail fast instead of hanging.

The catalogue of invalid input (one located error each) is tests/test_bad_input.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from argmap import pipeline
from argmap.errors import InputError
from argmap.models import AuthorKind, Authorship, slugify
from argmap.options import BuildOptions
from argmap.seeds import load_corpus
from argmap.validate import validate_graph
from lxml import etree
from rdflib import Graph

from .conftest import ROOT

AM = "https://w3id.org/argmap/ns#"
PREFIXES = f"PREFIX am: <{AM}> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
           "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Text that is valid but breaks formats that are careless: markup and XML specials, a CDATA end,
# an XML comment opener, a tab, the line and paragraph separators (invalid in old JavaScript
# strings), the replacement character, a right-to-left mark, an emoji outside the BMP, Cyrillic.
ODD = "A & B < C > D \"q\" 'a' ]]> -- \t tab \u2028 line \u2029 para \ufffd \u200f rtl 🦊 Кремль"


def yaml_quoted(text: str) -> str:
    """A double-quoted YAML scalar of text (YAML reads U+2028 and U+2029 as line breaks unless escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\u2028", "\\L").replace("\u2029", "\\P")
    return f'"{escaped}"'


@pytest.fixture
def odd_seeds(mini_copy: Path) -> Path:
    # The quote must stand verbatim in the article, so the article gets the odd sentence too.
    article = mini_copy / "articles" / "beta.txt"
    article.write_text(article.read_text(encoding="utf-8") + f"Odd: {ODD}.\n", encoding="utf-8")
    yaml_odd = yaml_quoted(ODD)
    _edit(mini_copy / "claims/beta.yaml", "  - id: beta-not-independent",
          f"  - id: beta-odd\n    statement: {yaml_odd}\n    quote: {yaml_quoted(f'Odd: {ODD}.')}\n"
          f"    about: {yaml_odd}\n    polarity: denied\n    holder: {yaml_odd}\n\n  - id: beta-not-independent")
    _edit(mini_copy / "sources.yaml", 'title: "Beta\'s view"', f"title: {yaml_odd}")
    _edit(mini_copy / "sources.yaml", "    author: unsigned\n    publisher: Beta Weekly",
          f"    authors:\n      - {{name: {yaml_odd}, kind: person}}\n      - {{name: Дмитрий Стрельцов, kind: person}}\n    publisher: {yaml_odd}")
    _edit(mini_copy / "relations.yaml", "rationale: Sectoral, real sanctions are not merely symbolic ones.", f"rationale: {yaml_odd}")
    (mini_copy / "relations.yaml").write_text((mini_copy / "relations.yaml").read_text(encoding="utf-8")
                                              + f"  - from: beta-odd\n    type: supports\n    to: alpha-not-independent\n    rationale: {yaml_odd}\n",
                                              encoding="utf-8")
    return mini_copy


def test_every_output_parses_with_odd_but_valid_text(odd_seeds, tmp_path):
    out = tmp_path / "build"
    result = pipeline.build(BuildOptions(odd_seeds), out, shacl=True)
    assert result.shacl == "conforms"
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert {"argmap.graphml", "argmap.svg", "argmap.ttl", "argmap.html", "argmap.jsonld", "argmap.aif.json", "argmap.argdown", "argmap.png"} <= set(names)
    # Every XML output, with a strict parser (no recovery): one bad character and it fails.
    strict = etree.XMLParser(recover=False, resolve_entities=False)
    graphml = etree.fromstring((out / "argmap.graphml").read_bytes(), strict)
    assert ODD in {node.text for node in graphml.iter()}, "GraphML keeps the text exactly"
    etree.fromstring((out / "argmap.svg").read_bytes(), strict)
    # The JSON outputs, the Turtle, and the HTML page's data block.
    for name in ("argmap.jsonld", "argmap.aif.json"):
        assert any(ODD in text for text in strings(json.loads((out / name).read_bytes()))), name
    graph = Graph().parse(out / "argmap.ttl", format="turtle")
    assert ODD in {str(o) for o in graph.objects()}
    page = html5lib.parse((out / "argmap.html").read_bytes(), namespaceHTMLElements=False)
    blocks = [json.loads(script.text) for script in page.iter("script") if script.get("type") == "application/json"]
    assert blocks and any(ODD in text for text in strings(blocks)), "the page's data carries the text exactly"
    assert (out / "argmap.png").read_bytes().startswith(b"\x89PNG")


def strings(value) -> list[str]:
    """Every string in a JSON document (keys and values)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_names_in_any_script_get_distinct_stable_ids():
    names = ["Дмитрий Стрельцов", "张伟", "章伟", "محمد", "Ελένη", "José Martí", "Jose Marti", "???", "!!!"]
    ids = [slugify(name) for name in names]
    assert len(set(ids)) == len(names), dict(zip(names, ids, strict=True))
    assert all(i != "unnamed" for i in ids)
    # Stable: the same in every run and every process (no hash randomisation), and readable.
    assert ids[:3] == ["dmitriy-strel-tsov-319b6ab2", "zhangwei-a3a0bafd", "zhangwei-8b5f1c91"]
    assert ids[6] == "jose-marti", "ASCII names keep the plain slug they always had"
    again = subprocess.run([sys.executable, "-c", f"from argmap.models import slugify; print([slugify(n) for n in {names!r}])"],
                           capture_output=True, text=True, cwd=ROOT, env={"PYTHONHASHSEED": "7"}, check=True)
    assert again.stdout.strip() == repr(ids)
    # Case, spacing and punctuation do not make another author, in any script.
    assert slugify("дмитрий  стрельцов") == ids[0] and slugify("Chris Miller") == slugify("chris  miller")


def test_two_authors_without_latin_letters_stay_two_authors(mini_copy, tmp_path):
    _edit(mini_copy / "sources.yaml", "      name: Ann Alpha\n", "      name: 张伟\n")
    _edit(mini_copy / "sources.yaml", "    author: unsigned\n", "    author: {name: 章伟, kind: person}\n")
    corpus = load_corpus(mini_copy)
    authors = {s.id: s.author for s in corpus.sources}
    assert authors["alpha"].id != authors["beta"].id
    pipeline.build(BuildOptions(mini_copy, extract=False), tmp_path / "build")
    graph = Graph().parse(tmp_path / "build" / "argmap.ttl", format="turtle")
    rows = graph.query(PREFIXES + "SELECT DISTINCT ?a ?name WHERE { ?s dcterms:creator ?a . ?a rdfs:label ?name }")
    assert sorted(str(r.name) for r in rows) == ["张伟", "章伟"]


def test_several_authors_unsigned_and_unknown_in_the_graph(mini_copy, tmp_path):
    _edit(mini_copy / "sources.yaml", "    author:\n      name: Ann Alpha\n      kind: person\n",
          "    authors:\n      - {name: Ann Alpha, kind: person, family: Alpha, given: Ann}\n      - {name: Bo Beta, kind: person}\n")
    _edit(mini_copy / "sources.yaml", "    author: unsigned\n", "    author: unknown\n")
    sources = {s.id: s for s in load_corpus(mini_copy).sources}
    alpha, beta = sources["alpha"], sources["beta"]
    assert alpha.author.kind is AuthorKind.GROUP and alpha.author.name == "Ann Alpha and Bo Beta"
    assert [a.name for a in alpha.authors] == ["Ann Alpha", "Bo Beta"] and alpha.authorship is Authorship.SIGNED
    assert beta.author.kind is AuthorKind.UNKNOWN and beta.author.name == "Unknown author (beta)" and not beta.authors
    assert beta.publisher == "Beta Weekly", "the publisher is kept, but the claims are not put in its mouth"
    pipeline.build(BuildOptions(mini_copy, extract=False), tmp_path / "build")
    graph = Graph().parse(tmp_path / "build" / "argmap.ttl", format="turtle")
    assert validate_graph(graph).conforms
    # The contract: exactly one creator per source, whom the claims are attributed to.
    creators = graph.query(PREFIXES + "SELECT ?id ?name ?kind WHERE { ?s dcterms:identifier ?id ; dcterms:creator ?a . "
                           "?a rdfs:label ?name ; a ?kind FILTER(?kind != am:Author) } ORDER BY ?id")
    assert [(str(r.id), str(r.name), str(r.kind).removeprefix(AM)) for r in creators] == [
        ("alpha", "Ann Alpha and Bo Beta", "AuthorGroup"), ("beta", "Unknown author (beta)", "UnknownAuthor")]
    # The named authors, in byline order, through the RDF list; and the group's members.
    ordered = graph.query(PREFIXES + "SELECT ?name (COUNT(?before) AS ?position) WHERE { ?s dcterms:identifier 'alpha' ; am:authorList ?list . "
                          "?list rdf:rest* ?cell . ?cell rdf:first ?a . ?a rdfs:label ?name . ?list rdf:rest* ?before . ?before rdf:rest* ?cell } "
                          "GROUP BY ?name ORDER BY ?position")
    assert [str(r.name) for r in ordered] == ["Ann Alpha", "Bo Beta"]
    members = graph.query(PREFIXES + "SELECT ?name WHERE { ?g a am:AuthorGroup ; am:member/rdfs:label ?name } ORDER BY ?name")
    assert [str(r.name) for r in members] == ["Ann Alpha", "Bo Beta"]
    family = graph.query(PREFIXES + "SELECT ?f ?g WHERE { ?a rdfs:label 'Ann Alpha' ; am:familyName ?f ; am:givenName ?g }")
    assert [(str(r.f), str(r.g)) for r in family] == [("Alpha", "Ann")]
    assert not list(graph.query(PREFIXES + "SELECT ?a WHERE { ?s dcterms:identifier 'beta' ; am:author ?a }")), "no author invented"


def test_two_unknown_authors_of_one_publisher_are_not_merged(mini_copy):
    _edit(mini_copy / "sources.yaml", "    author:\n      name: Ann Alpha\n      kind: person\n    publisher: null",
          "    author: unknown\n    publisher: Beta Weekly")
    _edit(mini_copy / "sources.yaml", "    author: unsigned\n", "    author: unknown\n")
    sources = {s.id: s for s in load_corpus(mini_copy).sources}
    assert sources["alpha"].author.id != sources["beta"].author.id


def test_a_comment_only_claims_file_leaves_the_relation_check_on(mini_copy):
    (mini_copy / "claims" / "alpha.yaml").write_text("# claims to come\n", encoding="utf-8")
    _edit(mini_copy / "relations.yaml", "from: beta-sanctions-sectoral", "from: beta-sanction-sectoral")
    with pytest.raises(InputError) as caught:
        load_corpus(mini_copy)
    found = [str(issue) for issue in caught.value.issues]
    assert any("claims/alpha.yaml:1: file is empty" in line for line in found), found
    assert any("relations.yaml:2:" in line and "`from` names unknown claim `beta-sanction-sectoral`; did you mean `beta-sanctions-sectoral`?" in line
               for line in found), found


FIFO_CHECK = """
import os, sys
from pathlib import Path
seeds = Path(sys.argv[1])
(seeds / sys.argv[2]).unlink()
os.mkfifo(seeds / sys.argv[2])
from argmap.cli import main
sys.exit(main(["check", "--seeds", str(seeds)]))
"""


@pytest.mark.parametrize("relative", ["claims/beta.yaml", "articles/beta.txt", "sources.yaml"])
def test_a_fifo_is_named_not_waited_on(mini_copy, relative):
    """In a child process with a time limit: a regression would hang, not fail, in-process."""
    done = subprocess.run([sys.executable, "-c", FIFO_CHECK, str(mini_copy), relative], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1, done.stderr
    assert f"{relative}: " in done.stderr and "named pipe (FIFO), not a file" in done.stderr


def test_the_builds_xml_outputs_are_well_formed(any_build):
    """GraphML and SVG of the fixture corpus and of the real seeds, read by a strict XML parser."""
    strict = etree.XMLParser(recover=False, resolve_entities=False)
    for name in ("argmap.graphml", "argmap.svg"):
        root = etree.fromstring((any_build / name).read_bytes(), strict)
        assert len(root) > 0, name
