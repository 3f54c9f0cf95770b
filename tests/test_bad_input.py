"""The catalogue of bad input: each case gives one-line errors with a location and a hint, exit
code 1, no traceback, and leaves the previous outputs in the output folder exactly as they were."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from argmap.cli import main
from rdflib import Graph

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


def _replace(relative: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    """Put something else than a regular file at a seeds file's path (a folder, a FIFO, a link)."""

    def apply(seeds: Path) -> None:
        (seeds / relative).unlink()
        make(seeds / relative)

    return apply


def _all(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(seeds: Path) -> None:
        for change in changes:
            change(seeds)

    return apply


def _rename(relative: str, new: str) -> Callable[[Path], None]:
    return lambda seeds: (seeds / relative).rename(seeds / new)


ALIAS_BOMB = ("propositions:\n  x: {text: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]}\n"
              + "".join(f"  y{i}: {{text: &a{i + 1} [{', '.join(['*a' + str(i)] * 9)}]}}\n" for i in range(8))).encode()
RELATED_BOTH_WAYS = "relations:\n  - from: alpha-sanctions-moderate\n    type: supports\n    to: beta-sanctions-sectoral\n    rationale: Both speak of sanctions.\n"


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
    "source-without-metadata": (_write("articles/gamma.txt", b"Gamma's view\n"), "articles/gamma.txt: article has no entry in sources.yaml"),
    "unsigned-source-without-publisher": (_edit("sources.yaml", "publisher: Beta Weekly", "publisher: null"), "sources.yaml:10: source beta: an unsigned source (author: unsigned) needs a publisher"),
    "unparseable-date": (_edit("sources.yaml", 'date: "2016"', "date: autumn 2016"), "sources.yaml:14: source beta: `date` is not a date ('autumn 2016')"),
    # Values that YAML types before argmap sees them.
    "date-impossible-unquoted": (_edit("sources.yaml", 'date: "2017-04-03"', "date: 2017-02-30"), "sources.yaml:8: source alpha: `date`: '2017-02-30' is not a date on the calendar (day is out of range for month)"),
    "date-impossible-quoted": (_edit("sources.yaml", 'date: "2016"', 'date: "2016-02-30"'), "sources.yaml:14: source beta: `date`: '2016-02-30' is not a date on the calendar (day is out of range for month)"),
    "date-month-13": (_edit("sources.yaml", 'date: "2016"', 'date: "2016-13"'), "sources.yaml:14: source beta: `date`: '2016-13' is not a date on the calendar (month must be in 1..12)"),
    "date-with-a-time": (_edit("sources.yaml", 'date: "2017-04-03"', "date: 2017-04-03T10:00:00"), "sources.yaml:8: source alpha: `date` is not a date ('2017-04-03T10:00:00')"),
    "tag-timestamp-impossible": (_edit("sources.yaml", 'date: "2017-04-03"', "date: !!timestamp 2017-02-30"), "sources.yaml:8: '2017-02-30' cannot be read as !!timestamp (day is out of range for month); remove the !!timestamp tag"),
    "tag-float-on-a-word": (_edit("claims/alpha.yaml", "confidence: 0.6", "confidence: !!float high"), "claims/alpha.yaml:22: 'high' cannot be read as !!float"),
    "tag-int-on-a-word": (_edit("claims/alpha.yaml", "occurrence: 2", "occurrence: !!int two"), "claims/alpha.yaml:19: 'two' cannot be read as !!int"),
    "number-as-claim-id": (_edit("claims/alpha.yaml", "id: alpha-trade-grows", "id: 2017"), 'claims/alpha.yaml:16: claim 2017: `id` must be text, but YAML read 2017 as a number; put it in quotes: id: "2017"'),
    "number-as-source-id": (_all(_edit("sources.yaml", "  beta:\n", "  2017:\n"), _rename("articles/beta.txt", "articles/2017.txt"), _edit("claims/beta.yaml", "source: beta", 'source: "2017"')),
                            "sources.yaml:10: source 2017: source id `2017` is read by YAML as a number (2017), not as text; ids are text: put it in quotes"),
    "number-in-a-relation": (_edit("relations.yaml", "from: beta-sanctions-sectoral", "from: 123"), "relations.yaml:2: relation 123 -> alpha-sanctions-moderate: `from` must be text, but YAML read 123 as a number"),
    "boolean-as-title": (_edit("sources.yaml", 'title: "Beta\'s view"', "title: true"), 'sources.yaml:11: source beta: `title` must be text, but YAML read true as a boolean; put it in quotes: title: "true"'),
    # Aliases.
    "alias-of-itself": (_edit("claims/beta.yaml", "claims:\n", "claims: &loop\n  - *loop\n"), "claims/beta.yaml:2: an alias refers to a mapping or list that contains it (an endless value)"),
    "alias-bomb": (_write("propositions.yaml", ALIAS_BOMB), "propositions.yaml:6: aliases expand to more than 10,000 values (an alias bomb?)"),
    "nesting-200-deep": (_write("relations.yaml", b"relations: " + b"[" * 200 + b"]" * 200 + b"\n"), "relations.yaml:1: values nested more than 64 levels deep"),
    # Not regular files where a seeds file is expected: never a hang, never a traceback.
    "claims-file-is-a-folder": (_replace("claims/beta.yaml", Path.mkdir), "claims/beta.yaml: is a folder, not a file"),
    "claims-file-is-a-fifo": (_replace("claims/beta.yaml", os.mkfifo), "claims/beta.yaml: is a named pipe (FIFO), not a file"),
    "article-is-a-fifo": (_replace("articles/beta.txt", os.mkfifo), "articles/beta.txt: article is a named pipe (FIFO), not a file"),
    "relations-symlink-loop": (_replace("relations.yaml", lambda p: p.symlink_to(p.name)), "relations.yaml: is a symbolic link that loops"),
    "propositions-broken-symlink": (_replace("propositions.yaml", lambda p: p.symlink_to("nowhere.yaml")), "propositions.yaml: is a symbolic link to 'nowhere.yaml', which does not exist"),
    "sources-is-a-device": (_replace("sources.yaml", lambda p: p.symlink_to("/dev/zero")), "sources.yaml: is a character device, not a file"),
    "claims-file-named-yml": (_rename("claims/beta.yaml", "claims/beta.yml"), "claims/beta.yml: not read: claims files are <source-id>.yaml; rename it to beta.yaml"),
    # Text that would break other formats.
    "control-character-in-statement": (_edit("claims/beta.yaml", "statement: Japanese sanctions on Russia became sectoral and real", 'statement: "Japanese sanctions\\a became sectoral"'),
                                       "claims/beta.yaml:4: text contains the invisible character U+0007 (BEL) at character 19"),
    "c1-control-in-title": (_edit("sources.yaml", 'title: "Beta\'s view"', 'title: "Beta\\N view"'), "sources.yaml:11: text contains the invisible character U+0085 (NEXT LINE)"),
    "escape-sequence-in-rationale": (_edit("relations.yaml", "rationale: Sectoral, real sanctions are not merely symbolic ones.", 'rationale: "\\e[31mred"'), "relations.yaml:5: text contains the invisible character U+001B (ESCAPE)"),
    "non-character-in-holder": (_edit("claims/beta.yaml", "holder: Moscow", 'holder: "Mos\\uFFFEcow"'), "claims/beta.yaml:14: text contains the invisible character U+FFFE"),
    "form-feed-in-article": (lambda seeds: (seeds / "articles/beta.txt").write_text((seeds / "articles/beta.txt").read_text(encoding="utf-8") + "\fPage 2\n", encoding="utf-8"),
                             "articles/beta.txt:5: article contains the invisible character U+000C (FORM FEED) at column 1"),
    # Nothing dropped silently.
    "comment-only-claims-file": (_all(_write("claims/alpha.yaml", b"# to do\n"), _edit("relations.yaml", "from: beta-sanctions-sectoral", "from: beta-sanction-sectoral")),
                                 "claims/alpha.yaml:1: file is empty (nothing but comments or blank lines)"),
    # Names.
    "blank-statement": (_edit("claims/beta.yaml", "statement: Japanese sanctions on Russia became sectoral and real", 'statement: "   "'), "claims/beta.yaml:4: claim beta-sanctions-sectoral: `statement` is blank"),
    "blank-title": (_edit("sources.yaml", 'title: "Beta\'s view"', 'title: " "'), "sources.yaml:11: source beta: `title` is blank"),
    "supports-and-contradicts": (_edit("relations.yaml", "relations:\n", RELATED_BOTH_WAYS), "relations.yaml:7: relation beta-sanctions-sectoral -> alpha-sanctions-moderate: the two claims are related both ways: `contradicts` here and `supports` at relations.yaml:2"),
    "person-and-organization": (_edit("sources.yaml", "    author: unsigned\n    publisher: Beta Weekly", "    author: unsigned\n    publisher: Ann Alpha"), "sources.yaml:13: source beta: `Ann Alpha` is an organization here but a person at sources.yaml:5"),
    "one-author-spelt-two-ways": (_edit("sources.yaml", "    author: unsigned\n", "    author: {name: ann  alpha, kind: person}\n"), "sources.yaml:12: source beta: `ann  alpha` is written `Ann Alpha` at sources.yaml:5"),
    "author-null": (_edit("sources.yaml", "    author: unsigned\n", "    author: null\n"), "sources.yaml:10: source beta: `author: null` does not say whether the article is unsigned or its author unknown"),
    "author-and-authors": (_edit("sources.yaml", "    author: unsigned\n", "    author: unsigned\n    authors: [{name: Bo Beta, kind: person}]\n"), "sources.yaml:10: source beta: both `author` and `authors` are given: keep one"),
    "authors-empty": (_edit("sources.yaml", "    author: unsigned\n", "    authors: []\n"), "sources.yaml:12: source beta: `authors` is an empty list"),
    "author-named-twice": (_edit("sources.yaml", "    author: unsigned\n", "    authors: [{name: Bo Beta, kind: person}, {name: Bo Beta, kind: person}]\n"), "sources.yaml:12: source beta: author `Bo Beta` is named twice"),
    "author-word-misspelt": (_edit("sources.yaml", "    author: unsigned\n", "    author: anonymous\n"), "sources.yaml:10: source beta: `author` is 'anonymous', which is not a name"),
    "given-name-without-family-name": (_edit("sources.yaml", "    author: unsigned\n", "    author: {name: Bo Beta, kind: person, given: Bo}\n"), "sources.yaml:12: source beta: `given` without `family`"),
}


def snapshot(out: Path) -> dict[str, bytes]:
    """What a reader of the output folder sees: each output's bytes (argmap's own hidden entries,
    the generations and the lock, are how they get there)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "build"
    assert main(["build", "--seeds", str(MINI), "--out", str(out)]) == 0
    return out


@pytest.fixture
def previous_build(built_once: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A private copy of a complete build (its links kept as links), and what it shows."""
    out = tmp_path / "build"
    shutil.copytree(built_once, out, symlinks=True)
    before = snapshot(out)
    assert before and all(before.values())
    return out, before


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
    assert snapshot(out) == before


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


# A real `argmap build` in a child process, killed at a chosen step of writing its outputs: the
# second fsync (a file of the new generation is being written), or just before or just after the
# one rename that switches the outputs (.current). tests/test_outputs.py does the same at every
# step of the writer; benchmarks/stress_kill.py kills real builds at random moments.
KILLED_BUILD = """
import os, signal, sys
sig, moment, argv = getattr(signal, sys.argv[1]), sys.argv[2], sys.argv[3:]
real_fsync, real_replace, fsyncs = os.fsync, os.replace, []
def fsync(fd):
    fsyncs.append(fd)
    if moment == "writing" and len(fsyncs) == 2:
        os.kill(os.getpid(), sig)
    real_fsync(fd)
def replace(src, dst, *args, **kwargs):
    switch = os.path.basename(dst) == ".current"
    if switch and moment == "before-switch":
        os.kill(os.getpid(), sig)
    real_replace(src, dst, *args, **kwargs)
    if switch and moment == "after-switch":
        os.kill(os.getpid(), sig)
os.fsync, os.replace = fsync, replace
from argmap.cli import main
sys.exit(main(argv))
"""


@pytest.fixture(scope="module")
def changed_build(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """Seeds that differ from the mini corpus, and the complete outputs a build of them writes."""
    from argmap import pipeline
    from argmap.options import BuildOptions

    seeds = tmp_path_factory.mktemp("changed") / "seeds"
    shutil.copytree(MINI, seeds)
    _edit("claims/beta.yaml", "Japanese sanctions on Russia became sectoral and real", "Japanese sanctions on Russia turned sectoral and real")(seeds)
    reference = seeds.parent / "reference"
    pipeline.build(BuildOptions(seeds, extract=False), reference)
    return seeds, snapshot(reference)


@pytest.mark.parametrize(
    ("sig", "moment", "outcome"),
    [
        ("SIGKILL", "writing", "old"),
        ("SIGKILL", "before-switch", "old"),
        ("SIGKILL", "after-switch", "new"),
        ("SIGTERM", "writing", "old"),  # stops the build; the partial generation is removed
        ("SIGTERM", "before-switch", "new"),  # held back until the switch is done
    ],
)
def test_killed_build_leaves_the_previous_or_the_new_complete_outputs(sig, moment, outcome, previous_build, changed_build):
    out, old = previous_build
    seeds, new = changed_build
    assert set(new) == set(old) and new != old
    argv = ["build", "--no-extract", "--no-shacl", "--seeds", str(seeds), "--out", str(out)]
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD, sig, moment, *argv], cwd=ROOT, capture_output=True, text=True, timeout=300)
    expected_status = -signal.SIGKILL if sig == "SIGKILL" else 128 + signal.SIGTERM
    assert killed.returncode == expected_status, killed.stderr
    assert "Traceback" not in killed.stderr
    assert snapshot(out) == (old if outcome == "old" else new)
    generations = sorted(p.name for p in (out / ".generations").iterdir())
    if sig == "SIGTERM":
        assert len(generations) <= 2, f"a stopped build leaves no partial generation: {generations}"
        assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")], "SIGTERM lets the build remove its temporary files"
    # Whatever was left, the next build completes and tidies up.
    assert main(argv) == 0
    assert snapshot(out) == new
    assert len(list((out / ".generations").iterdir())) <= 2


def test_a_second_build_into_the_same_folder_says_another_is_running(previous_build, mini_copy, capsys):
    out, before = previous_build
    hold = "import sys; from argmap.outputs import build_lock\nwith build_lock(sys.argv[1]):\n    print('held', flush=True)\n    sys.stdin.read()"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(out)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        capsys.readouterr()
        assert main(["build", "--no-extract", "--seeds", str(mini_copy), "--out", str(out)]) == 1
        (line,) = capsys.readouterr().err.splitlines()
        assert line.startswith(f"Error: {out}: another argmap build is writing to this folder"), line
        assert snapshot(out) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


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
    assert snapshot(out) == before
