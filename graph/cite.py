"""The sources as bibliographies know them: CSL-JSON items (the source of truth) and BibTeX made
from them.

CSL-JSON (citeproc's input, https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html) is
what citation-style processors render (the report's references are rendered from csl_items with
citeproc-py); BibTeX entries are derived from the same items, written with bibtexparser and
LaTeX-escaped with pylatexenc. Nothing is guessed: an author's name is split into family and given
only where the seeds give the parts (otherwise it is a literal name), an unsigned article has no
author (styles then lead with its title), an unknown author stays unknown, and a date is as precise
as the seeds have it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from typing import Any, Protocol

from .models import Author, AuthorKind, Authorship, Source

CITE_FORMATS = ("csl-json", "bibtex")
# CSL's "article": a self-contained work; argmap does not know whether a source appeared in a
# newspaper, a magazine or on a website, so it claims none of these.
CSL_TYPE = "article"
BIBTEX_TYPE = "misc"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class HasSources(Protocol):
    """An ArgumentMap or a Corpus: anything with the sources."""

    @property
    def sources(self) -> tuple[Source, ...]: ...


def csl_items(amap: HasSources) -> list[dict[str, Any]]:
    """One CSL-JSON item per source, in source id order; each item's "id" is the source id.

    Standard CSL fields only, plus "custom": {"authorship": "signed" | "unsigned" | "unknown"} so a
    renderer can tell an unsigned article (no byline: the publication's own) from one whose author
    is not known (CSL has no field for either).
    """
    return [csl_item(source) for source in sorted(amap.sources, key=lambda s: s.id)]


def csl_item(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {"id": source.id, "citation-key": source.id, "type": CSL_TYPE, "title": source.title}
    if source.authorship is Authorship.SIGNED:
        item["author"] = [csl_name(author) for author in source.authors]
    if source.publisher:
        item["publisher"] = source.publisher
    if source.date:
        item["issued"] = {"date-parts": [[int(part) for part in source.date.split("-")]]}
    if source.url:
        item["URL"] = source.url
    if source.authorship is Authorship.UNKNOWN:
        item["note"] = "Author unknown"
    item["custom"] = {"authorship": source.authorship.value}
    return item


def csl_name(author: Author) -> dict[str, str]:
    """A CSL name: family and given when the seeds give them, else the name as one literal
    (organisations always: "Russia Direct" has no family name)."""
    if author.kind is AuthorKind.PERSON and author.family:
        return {"family": author.family, **({"given": author.given} if author.given else {})}
    return {"literal": author.name}


def to_csl_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def to_bibtex(items: Iterable[dict[str, Any]]) -> str:
    """BibTeX @misc entries made from CSL-JSON items (keys are the items' ids), LaTeX-escaped."""
    import bibtexparser
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    library = Library()
    for item in items:
        fields = [Field(name, value) for name, value in _bibtex_fields(item)]
        library.add(Entry(BIBTEX_TYPE, item["id"], fields))
    # The values are escaped and enclosed here, so that braces meant for BibTeX (a literal name,
    # a protected title) are not escaped as text: no middleware is needed to write them.
    return bibtexparser.write_string(library, unparse_stack=[])


def _bibtex_fields(item: dict[str, Any]) -> list[tuple[str, str]]:
    fields = []
    names = [_bibtex_name(name) for name in item.get("author", [])]
    if names:
        fields.append(("author", "{" + " and ".join(names) + "}"))
    # Double braces keep the title's capitals in styles that lower-case titles.
    fields.append(("title", "{{" + _latex(item["title"]) + "}}"))
    if "publisher" in item:
        fields.append(("publisher", "{" + _latex(item["publisher"]) + "}"))
        fields.append(("howpublished", "{" + _latex(item["publisher"]) + "}"))  # what classic @misc prints
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", _MONTHS[parts[1] - 1]))  # the month macro, unbraced
        fields.append(("date", "{" + "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) + "}"))  # biblatex
    if "URL" in item:
        fields.append(("url", "{" + item["URL"].replace("{", "%7B").replace("}", "%7D") + "}"))
    if "note" in item:
        fields.append(("note", "{" + _latex(item["note"]) + "}"))
    return fields


def _bibtex_name(name: dict[str, str]) -> str:
    if "family" in name:
        family = _latex(name["family"])
        # A family name of several words ("van Beethoven") or with "and" stays one unit.
        family = f"{{{family}}}" if (" " in family or "," in family) else family
        if "given" not in name:
            return family
        given = _latex(name["given"])
        return f"{family}, {{{given}}}" if (" and " in given or "," in given) else f"{family}, {given}"
    # A literal name (an organisation, or a person whose name parts are not given) is one unit:
    # BibTeX would otherwise split "Russia Direct" into a given name and a family name.
    return "{" + _latex(name["literal"]) + "}"


_ENCODER = None


def _latex(text: str) -> str:
    """text with LaTeX's special characters (& % $ # _ { } ~ ^ \\), Latin accents and typographic
    punctuation escaped, by pylatexenc. Letters of other scripts (Cyrillic, Greek, CJK) stay UTF-8,
    as biber and bibtex with UTF-8 input read them: their LaTeX macros ({\\CYRS}...) need font
    encodings most documents do not load."""
    global _ENCODER
    if _ENCODER is None:
        from pylatexenc.latexencode import RULE_CALLABLE, UnicodeToLatexConversionRule, UnicodeToLatexEncoder, get_builtin_conversion_rules

        def other_script(text: str, pos: int) -> tuple[int, str] | None:
            ch = text[pos]
            # A straight double quote is kept as written (pylatexenc would make it a closing quote).
            return (1, ch) if ch == '"' or (ord(ch) > 0x24F and unicodedata.category(ch)[0] in "LM") else None

        _ENCODER = UnicodeToLatexEncoder(
            conversion_rules=[UnicodeToLatexConversionRule(RULE_CALLABLE, other_script, replacement_latex_protection="none"), *get_builtin_conversion_rules("defaults")],
            replacement_latex_protection="braces-all",
            unknown_char_policy="keep",
        )
    return _ENCODER.unicode_to_latex(text)
