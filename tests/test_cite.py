"""References: CSL-JSON items from the sources, BibTeX from them; read back by real parsers
(citeproc-py renders the CSL-JSON, bibtexparser decodes the BibTeX)."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import bibtexparser
import pytest
from argmap.cite import csl_items, to_bibtex, to_csl_json
from argmap.cli import main
from argmap.seeds import load_corpus
from bibtexparser.middlewares import LatexDecodingMiddleware

from .conftest import SEEDS


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def several_kinds(mini_copy: Path) -> Path:
    """The mini corpus with a co-authored source (three authors, one without name parts, one with
    LaTeX's special characters) and an unsigned one turned into an unknown author."""
    _edit(mini_copy / "sources.yaml", "    author:\n      name: Ann Alpha\n      kind: person\n",
          "    authors:\n      - {name: Ann Alpha, kind: person, family: Alpha, given: Ann}\n"
          "      - {name: Дмитрий Стрельцов, kind: person, family: Стрельцов, given: Дмитрий}\n"
          "      - {name: \"R&D {Team} 100%\", kind: organization}\n")
    _edit(mini_copy / "sources.yaml", "    author: unsigned\n", "    author: unknown\n    author_note: The byline was cut from the capture.\n")
    return mini_copy


def test_the_seed_sources_as_csl_json():
    items = {item["id"]: item for item in csl_items(load_corpus(SEEDS))}
    assert sorted(items) == ["abiru-2016", "intersection-2017", "miller-2017", "russia-direct-2016", "streltsov-2015"]
    assert items["miller-2017"]["author"] == [{"family": "Miller", "given": "Chris"}]
    assert items["miller-2017"]["issued"] == {"date-parts": [[2017, 4, 3]]}
    assert items["abiru-2016"]["issued"] == {"date-parts": [[2016]]}, "a year stays a year: no invented month or day"
    for unsigned in ("intersection-2017", "russia-direct-2016"):
        assert "author" not in items[unsigned], "an unsigned article has no author (styles lead with its title)"
        assert items[unsigned]["custom"] == {"authorship": "unsigned"} and "note" not in items[unsigned]
    assert items["russia-direct-2016"]["publisher"] == "Russia Direct"
    assert all(item["type"] == "article" and "URL" not in item for item in items.values()), "no URL is invented"


def test_several_authors_keep_their_order_and_an_unknown_author_stays_unknown(several_kinds):
    items = {item["id"]: item for item in csl_items(load_corpus(several_kinds))}
    assert items["alpha"]["author"] == [{"family": "Alpha", "given": "Ann"}, {"family": "Стрельцов", "given": "Дмитрий"},
                                        {"literal": "R&D {Team} 100%"}]
    assert "author" not in items["beta"] and items["beta"]["note"] == "Author unknown"
    assert items["beta"]["custom"] == {"authorship": "unknown"}


def test_citeproc_renders_the_items(several_kinds):
    """citeproc-py (a CSL processor) reads the items and renders a bibliography in a real style."""
    import citeproc
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = csl_items(load_corpus(SEEDS)) + csl_items(load_corpus(several_kinds))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # citeproc-py ignores the citation-key and custom fields
        source = CiteProcJSON(json.loads(to_csl_json(items)))
    style = CitationStylesStyle(os.path.join(os.path.dirname(citeproc.__file__), "data", "styles", "harvard-cite-them-right.csl"), validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert "Miller, C. (2017) “Japan–Russia Relations: The View from Moscow”." in rendered
    assert any(line.startswith("Alpha, A., Стрельцов, Д. and R&D {Team} 100% (2017)") for line in rendered), rendered
    assert any(line.startswith("“Searching for a common ground in Russia-Japan relations” (2016)") for line in rendered), rendered


def test_bibtex_reads_back_to_the_same_fields(several_kinds):
    items = csl_items(load_corpus(SEEDS)) + csl_items(load_corpus(several_kinds))
    text = to_bibtex(items)
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    entries = {entry.key: entry for entry in library.entries}
    assert sorted(entries) == sorted(item["id"] for item in items)
    for item in items:
        fields = {field.key: field.value for field in entries[item["id"]].fields}
        assert fields["title"].strip("{}") == item["title"]
        assert fields.get("year") == (str(item["issued"]["date-parts"][0][0]) if "issued" in item else None)
    alpha = {field.key: field.value for field in entries["alpha"].fields}
    assert alpha["author"] == "Alpha, Ann and Стрельцов, Дмитрий and R&D {Team} 100%"
    # The organisation is one braced unit (BibTeX would split it into given and family names), and
    # its & { } % are escaped (a bare % would start a LaTeX comment).
    assert "and {R{\\&}D {\\{}Team{\\}} 100{\\%}}}," in text
    assert {field.key: field.value for field in entries["miller-2017"].fields}["month"] == "apr"
    assert {field.key: field.value for field in entries["beta"].fields}["note"] == "Author unknown"


def test_cite_command(capsys):
    assert main(["cite", "--seeds", str(SEEDS), "--format", "bibtex", "--source", "streltsov-2015"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("@misc{streltsov-2015,") and "author = {Streltsov, Dmitry}" in out and "month = feb" in out
    assert main(["cite", "--seeds", str(SEEDS)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 5
    assert main(["cite", "--seeds", str(SEEDS), "--source", "miler-2017"]) == 1
    (line, _) = capsys.readouterr().err.splitlines()
    assert line == "Error: --source: source miler-2017: unknown source `miler-2017`; did you mean `miller-2017`?"
