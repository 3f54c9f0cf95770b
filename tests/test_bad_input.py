"""The catalogue of bad input: each case gives one-line errors with a location and a hint, exit
code 1, no traceback, and leaves the previous outputs in the output folder exactly as they were."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from argmap.cli import main

from .conftest import MINI, ROOT

LOCATED = re.compile(r"^Error: \S+(:\d+)?: ")


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(seeds: Path) -> None:
        path = seeds / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def _write(relative: str, content: bytes) -> Callable[[Path], None]:
    def apply(seeds: Path) -> None:
        (seeds / relative).write_bytes(content)

    return apply


CATALOGUE = {
    "malformed-yaml": (_edit("claims/alpha.yaml", "    about: Japan\n    polarity: affirmed\n    holder", "    about: [Japan\n    polarity: affirmed\n    holder"), "claims/alpha.yaml:7: malformed YAML"),
    "claims-file-is-a-list": (_write("claims/beta.yaml", b"- id: beta-x\n  quote: y\n"), "claims/beta.yaml:1: expected a mapping with a `claims:` key"),
    "unknown-key": (_edit("claims/alpha.yaml", "    holder: Moscow", "    holder: Moscow\n    confidance: 0.5"), "claims/alpha.yaml:9: claim alpha-not-independent: unknown field `confidance`"),
    "missing-field": (_edit("claims/beta.yaml", "    about: Japan\n    polarity: affirmed\n\n", "    polarity: affirmed\n\n"), "claims/beta.yaml:3: claim beta-sanctions-sectoral: missing field `about`"),
    "wrong-type": (_edit("claims/alpha.yaml", "confidence: 0.6", "confidence: [0.6]"), "claims/alpha.yaml:22: claim alpha-trade-grows: `confidence`: input should be a valid number"),
    "duplicate-id-across-files": (_edit("claims/beta.yaml", "id: beta-sanctions-sectoral", "id: alpha-sanctions-moderate"), "claims/beta.yaml:3: claim alpha-sanctions-moderate: duplicate claim id; it is already used at claims/alpha.yaml:10"),
    "id-with-space": (_edit("claims/alpha.yaml", "id: alpha-trade-grows", "id: alpha trade grows"), "claims/alpha.yaml:16: claim alpha trade grows: `id` is not a valid id"),
    "id-with-slash": (_edit("claims/alpha.yaml", "id: alpha-trade-grows", "id: alpha/trade"), "claims/alpha.yaml:16: claim alpha/trade: `id` is not a valid id"),
    "id-with-unicode": (_edit("claims/alpha.yaml", "id: alpha-trade-grows", "id: альфа-trade"), "claims/alpha.yaml:16: claim альфа-trade: `id` is not a valid id"),
    "straight-for-curly-quote": (_edit("claims/alpha.yaml", "Japan’s sanctions", "Japan's sanctions"), "claim alpha-sanctions-moderate: quote not found verbatim in the article; the article has 'Japan’s sanctions on Russia were moderate and symbolic.' (it differs in quote marks"),
    "extra-whitespace-in-quote": (_edit("claims/alpha.yaml", "Moscow does not regard", "Moscow  does not\\n regard"), "claim alpha-not-independent: quote not found verbatim in the article; the article has 'Moscow does not regard Tokyo as an independent actor.' (it differs in quote marks, dashes or whitespace)"),
    "quote-found-twice": (_edit("claims/alpha.yaml", "    occurrence: 2\n", ""), "claims/alpha.yaml:18: claim alpha-trade-grows: quote found 2 times in the article"),
    "relation-to-unknown-claim": (_edit("relations.yaml", "to: alpha-sanctions-moderate", "to: gamma-claim"), "relations.yaml:4: relation beta-sanctions-sectoral -> gamma-claim: `to` names unknown claim `gamma-claim`"),
    "self-relation": (_edit("relations.yaml", "to: alpha-sanctions-moderate", "to: beta-sanctions-sectoral"), "relations.yaml:2: relation beta-sanctions-sectoral -> beta-sanctions-sectoral: a claim cannot relate to itself"),
    "relation-type": (_edit("relations.yaml", "type: contradicts", "type: attacks"), "relations.yaml:3: relation beta-sanctions-sectoral -> alpha-sanctions-moderate: `type` is 'attacks'"),
    "empty-article": (_write("articles/beta.txt", b"  \n\n"), "articles/beta.txt: article is empty"),
    "binary-article": (_write("articles/beta.txt", b"GIF89a\x01\x00\x00\x00\xff"), "articles/beta.txt:1: article looks binary"),
    "article-not-utf8": (_write("articles/beta.txt", "Beta's view\n\nna\xefve".encode("cp1252")), "articles/beta.txt:3: article is not valid UTF-8"),
    "article-10-mb": (_write("articles/beta.txt", b"Tokyo acts on its own. " * 450_000), "articles/beta.txt: article is 10.3 MB, over the 5 MB limit"),
    "source-without-metadata": (_write("articles/gamma.txt", "Gamma's view\n".encode()), "articles/gamma.txt: article has no entry in sources.yaml"),
    "unsigned-source-without-publisher": (_edit("sources.yaml", "publisher: Beta Weekly", "publisher: null"), "sources.yaml:10: source beta: an unsigned source (author: null) needs a publisher"),
    "unparseable-date": (_edit("sources.yaml", 'date: "2016"', "date: autumn 2016"), "sources.yaml:14: source beta: `date` is not a date ('autumn 2016')"),
}


@pytest.fixture
def previous_build(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "build"
    assert main(["build", "--seeds", str(MINI), "--out", str(out)]) == 0
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.mark.parametrize("case", sorted(CATALOGUE))
def test_bad_input_is_one_located_line_and_loses_nothing(case, mini_copy, previous_build, capsys):
    break_corpus, expected = CATALOGUE[case]
    break_corpus(mini_copy)
    out, before = previous_build
    capsys.readouterr()
    assert main(["build", "--seeds", str(mini_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    problems = err[:-1]
    assert problems, "no problem reported"
    assert expected in problems[0], "\n".join(err)
    for line in problems:
        assert LOCATED.match(line), f"not a located one-line error: {line!r}"
        assert "; " in line, f"no hint: {line!r}"
    assert "Traceback" not in "\n".join(err)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_unsigned_source_with_a_publisher_is_fine_and_invents_no_person(mini_copy, tmp_path, capsys):
    assert main(["build", "--seeds", str(mini_copy), "--out", str(tmp_path / "out")]) == 0
    graph = Graph().parse(tmp_path / "out" / "argmap.ttl", format="turtle")
    rows = graph.query(
        """PREFIX am: <https://w3id.org/argmap/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?kind ?name WHERE { ?s dcterms:identifier "beta" ; dcterms:creator ?a . ?a a ?kind ; rdfs:label ?name .
                                    FILTER(?kind IN (am:Person, am:Organization)) }"""
    )
    assert [(str(r.kind).rsplit("#", 1)[-1], str(r.name)) for r in rows] == [("Organization", "Beta Weekly")]


def test_markup_in_text_fields_is_kept_as_text(mini_copy, tmp_path):
    payload = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    _edit("claims/beta.yaml", "statement: Japanese sanctions on Russia became sectoral and real", f'statement: "{payload}"')(mini_copy)
    _edit("sources.yaml", 'title: "Beta\'s view"', f'title: "{payload}"')(mini_copy)
    _edit("relations.yaml", "rationale: Sectoral, real sanctions are not merely symbolic ones.", f'rationale: "{payload}"')(mini_copy)
    assert main(["build", "--seeds", str(mini_copy), "--out", str(tmp_path / "out")]) == 0
    turtle = (tmp_path / "out" / "argmap.ttl").read_text(encoding="utf-8")
    assert turtle.count(payload) == 4  # statement (am:text and rdfs:label), title, rationale
    html = (tmp_path / "out" / "argmap.html").read_text(encoding="utf-8")
    assert "<script>alert(2)" not in html and "<img src=x" not in html


def test_output_folder_that_cannot_be_created(tmp_path, capsys):
    (tmp_path / "file").write_text("in the way")
    assert main(["build", "--seeds", str(MINI), "--out", str(tmp_path / "file" / "build")]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("Error: ") and "cannot create the output folder" in line and "--out" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions; the case above covers an unwritable target")
def test_output_folder_without_write_permission(tmp_path, capsys):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    assert main(["build", "--seeds", str(MINI), "--out", str(out)]) == 1
    assert "cannot write outputs" in capsys.readouterr().err


@pytest.fixture(scope="module")
def larger_corpus(tmp_path_factory) -> Path:
    """A corpus big enough that a build takes a while, so it can be killed in the middle."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import make_corpus

    seeds = tmp_path_factory.mktemp("larger") / "seeds"
    make_corpus(seeds, articles=12, seed=1)
    return seeds


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killed_build_leaves_the_previous_complete_outputs(sig, larger_corpus, tmp_path):
    out = tmp_path / "build"
    command = [sys.executable, "-m", "argmap", "build", "--no-shacl", "--seeds", str(larger_corpus), "--out", str(out)]
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    old = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".tmp")}
    # Change the input so that a completed build is distinguishable from the previous one.
    changed = tmp_path / "seeds"
    shutil.copytree(larger_corpus, changed)
    (changed / "propositions.yaml").write_text(
        (changed / "propositions.yaml").read_text(encoding="utf-8").replace("Russia sees Japan", "Russia regards Japan"), encoding="utf-8"
    )
    started = time.perf_counter()
    subprocess.run([*command[:5], "--seeds", str(changed), "--out", str(tmp_path / "ref")], check=True, cwd=ROOT, capture_output=True)
    duration = time.perf_counter() - started
    new = {p.name: p.read_bytes() for p in (tmp_path / "ref").iterdir()}
    assert new != old
    outcomes = set()
    for fraction in (0.3, 0.6, 0.85, 0.95, 0.99):
        process = subprocess.Popen([*command[:5], "--seeds", str(changed), "--out", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(sig)
        process.wait(timeout=60)
        now = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".tmp")}
        assert set(now) == set(old)
        for name, data in now.items():
            assert data in (old[name], new[name]), f"{name} is neither the previous nor the new complete output"
            outcomes.add("new" if data == new[name] else "old")
        if sig == signal.SIGTERM:
            assert not list(out.glob("*.tmp")), "SIGTERM should let the build remove its temporary files"
        for name in old:  # restore, so every kill starts from the previous outputs
            (out / name).write_bytes(old[name])
    assert "old" in outcomes, "no kill landed before the outputs were replaced: the test proved nothing"


def test_sigterm_while_outputs_are_written_leaves_no_temporary_file(tmp_path, monkeypatch):
    """The exact moment the kill tests above can only hit by chance (CI once did): SIGTERM arrives
    while a temporary file is being written. It is held back until every output is in place."""
    from argmap import cli, pipeline

    out = tmp_path / "build"
    out.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (out / name).write_text("old", encoding="utf-8")
    real_fsync = os.fsync

    def fsync_then_terminated(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill` from outside would, in the middle of the writes

    monkeypatch.setattr(pipeline.os, "fsync", fsync_then_terminated)
    previous = signal.signal(signal.SIGTERM, cli._exit_on_sigterm)
    try:
        with pytest.raises(SystemExit):
            pipeline.write_outputs(out, {"a.txt": b"new", "b.txt": b"new", "c.txt": b"new"})
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt", "c.txt"], "no temporary file is left"
    assert {p.read_text(encoding="utf-8") for p in out.iterdir()} == {"new"}, "the outputs are all new, not a mix"


BROKEN_RULES = """cues:
  negation: [not]
  hedges: {may: 0.5}
rules:
  - name: goal-wants
    label: "X wants Y"
    kind: goal
    statement: "{clause}"
    patterns:
      - - {RIGHT_ID: predicate, RIGHT_ATTRS: {LEMMA: want}}
      - - {LEFT_ID: predicate, REL_OP: "!!", RIGHT_ID: subject, RIGHT_ATTRS: {DEP: nsubj}}
"""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["build", "--rules", "{rules}", "--seeds", str(MINI)], "rules.yaml:11: rule goal-wants:"),
        (["query", "SELECT ?x WHERE { ?x ?p }", "--graph", "{graph}"], "Error: query syntax error:"),
        (["query", "DELETE WHERE { ?s ?p ?o }", "--graph", "{graph}"], "Error: SPARQL UPDATE refused: argmap queries are read-only"),
    ],
    ids=["rules-broken-pattern", "sparql-syntax-error", "sparql-update"],
)
def test_broken_rules_and_queries_are_one_line_errors(argv, expected, tmp_path, previous_build, capsys):
    out, before = previous_build
    rules = tmp_path / "rules.yaml"
    rules.write_text(BROKEN_RULES, encoding="utf-8")
    argv = [a.replace("{rules}", str(rules)).replace("{graph}", str(out / "argmap.ttl")) for a in argv]
    if argv[0] == "build":
        argv += ["--out", str(out)]
    capsys.readouterr()
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert expected in err.splitlines()[0], err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
