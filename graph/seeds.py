"""Stage 0, load: the hand-edited files of seeds/ -> a validated Corpus.

Every problem in every file is collected and reported together (as `path:line: claim <id>: …`),
so that one run of `argmap check` shows a curator everything there is to fix.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import InputError, Issue
from .inputfiles import UnreadableInput, read_input_file
from .models import (
    SLUG_PATTERN,
    Author,
    AuthorKind,
    Authorship,
    Claim,
    ClaimRecord,
    ClaimsFileRecord,
    Corpus,
    Location,
    Method,
    Polarity,
    Proposition,
    PropositionRecord,
    Relation,
    RelationKind,
    RelationRecord,
    Source,
    SourceRecord,
    Span,
    slugify,
)
from .yamlfile import FORBIDDEN_CHARACTERS, LinedMap, LinedSeq, YamlSyntaxError, describe, describe_character, line_of, load_yaml, plain

SOURCES_FILE = "sources.yaml"
PROPOSITIONS_FILE = "propositions.yaml"
RELATIONS_FILE = "relations.yaml"
# What reviewers rejected with `argmap review` (graph/review.py): one {source, kind, item} per entry.
REJECTIONS_FILE = "rejections.yaml"
REJECTION_KINDS = ("claim", "link", "proposition-link")
ARTICLES_DIR = "articles"
CLAIMS_DIR = "claims"
# Real articles run to tens of kilobytes; a file this large is almost always a dump of many pages,
# and quote matching on it would be slow for no benefit.
MAX_ARTICLE_BYTES = 5_000_000
# The largest YAML file of the 1,000-article benchmark corpus is under 2 MB; a seeds file ten times
# that is not hand-edited, and a device such as /dev/zero would otherwise be read forever.
MAX_YAML_BYTES = 50_000_000


def load_corpus(seeds_dir: Path) -> Corpus:
    """Read and validate seeds_dir; raise InputError listing every problem found."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise InputError([Issue(str(seeds_dir), "", "seeds folder not found", "pass --seeds DIR", "no-seeds")])
    loader = _Loader(seeds_dir)
    corpus = loader.load()
    if loader.issues:
        raise InputError(loader.issues)
    return corpus


def load_rejections(seeds_dir: Path) -> frozenset[tuple[str, str]]:
    """The (kind, item) pairs reviewers rejected (seeds/rejections.yaml; none when it is absent);
    raise InputError listing every problem of the file. An item naming a claim that no longer
    exists is not a problem: the rejection just no longer applies."""
    loader = _Loader(Path(seeds_dir))
    found = loader._load_rejections()
    if loader.issues:
        raise InputError(loader.issues)
    return found


def add_source(seeds_dir: Path, source_id: str, text: str, metadata: dict) -> tuple[Path, Path]:
    """Add an article to a corpus: write articles/<id>.txt and append its entry to sources.yaml.

    metadata holds the keys of a sources.yaml entry (title, author, publisher, date, url; see
    seeds/README.md). The entry is checked before anything is written; sources.yaml keeps its
    comments and layout. Claims are not added: write claims/<id>.yaml by hand (or review what
    `argmap extract` finds), then rebuild. Returns (article path, sources.yaml path).
    """
    seeds_dir = Path(seeds_dir)
    sources_path = seeds_dir / SOURCES_FILE
    article_path = seeds_dir / ARTICLES_DIR / f"{source_id}.txt"
    where = sources_path.as_posix()
    if not re.match(SLUG_PATTERN, source_id):
        raise InputError([Issue(where, f"source {source_id}", f"{source_id!r} is not a valid source id", "use lowercase letters, digits and '-'", "bad-id")])
    entry = dict(metadata)
    try:
        SourceRecord.model_validate(entry)
    except ValidationError as err:
        raise InputError([Issue(where, f"source {source_id}", *_pydantic_message(e), e["type"]) for e in err.errors()]) from err
    # ruamel's round trip keeps the curator's comments and layout in the file being edited.
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    data = yaml.load(sources_path.read_text(encoding="utf-8"))
    if source_id in data["sources"] or article_path.exists():
        raise InputError([Issue(where, f"source {source_id}", "a source with this id already exists", "choose another id", "duplicate-id")])
    data["sources"][source_id] = entry
    article_path.parent.mkdir(parents=True, exist_ok=True)
    article_path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    with sources_path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    return article_path, sources_path


def read_article(path: Path, where: str) -> tuple[str | None, list[Issue]]:
    """An article's text, or the reasons it cannot be used (missing, not a file, too large, binary,
    not UTF-8, control characters, empty)."""
    try:
        data = read_input_file(path, MAX_ARTICLE_BYTES)
    except UnreadableInput as err:
        if err.code == "too-large":
            size = err.size or 0
            return None, [Issue(where, "", f"article is {size / 1e6:.1f} MB, over the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for one article", "this is likely a dump of many pages; split it into one file per article", "article-too-large")]
        if err.code == "file-missing":
            return None, [Issue(where, "", "article file not found", f"add {path.name} or fix the source id", "article-missing")]
        return None, [Issue(where, "", f"article {err.message}", err.hint, f"article-{err.code}")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Issue(f"{where}:{line}", "", "article looks binary (contains a NUL byte)", "save the article as plain UTF-8 text", "article-binary")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [Issue(f"{where}:{line}", "", f"article is not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})", "re-save the file as UTF-8", "article-encoding")]
    bad = FORBIDDEN_CHARACTERS.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return None, [Issue(f"{where}:{line}", "", f"article contains the invisible character {describe_character(bad.group())} at column {column}",
                            "remove it or replace it with a newline (form feeds come from PDF conversion): it would make the XML outputs invalid",
                            "article-control-character")]
    if not text.strip():
        return None, [Issue(where, "", "article is empty", "paste the article text into the file", "article-empty")]
    return text, []


def locate_quote(text: str, quote: str, occurrence: int | None) -> tuple[Span | None, str, str]:
    """The span of a verbatim quote in text, or (None, problem, hint) saying what is wrong."""
    starts = _find_all(text, quote)
    if not starts:
        return None, "quote not found verbatim in the article", closest_match_hint(text, quote)
    if occurrence is None:
        if len(starts) > 1:
            return (
                None,
                f"quote found {len(starts)} times in the article (at characters {', '.join(map(str, starts[:5]))})",
                "lengthen the quote until it is unique, or add `occurrence: N` to pick one",
            )
        occurrence = 1
    if occurrence > len(starts):
        return None, f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s)", f"use occurrence 1..{len(starts)}"
    start = starts[occurrence - 1]
    return Span(start=start, end=start + len(quote)), "", ""


def closest_match_hint(text: str, quote: str) -> str:
    """Say where the article has words closest to a quote that is not in it verbatim."""
    normalized_text, offsets = _normalize_with_offsets(text)
    normalized_quote, _ = _normalize_with_offsets(quote)
    at = normalized_text.find(normalized_quote) if normalized_quote else -1
    if at >= 0:
        end = offsets[at + len(normalized_quote) - 1] + 1
        found = text[offsets[at] : end]
        return f"the article has {_show(found)} (it differs in quote marks, dashes or whitespace): copy it character for character"
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(quote))
    if match.size < 8:
        return "no similar passage found; copy the quote from the article itself"
    # Align the quote on its longest common block, then trim the window to what actually matches.
    slack = len(quote) // 4 + 8
    lo = max(0, match.a - match.b - slack)
    window = text[lo : match.a - match.b + len(quote) + slack]
    blocks = [b for b in difflib.SequenceMatcher(None, window, quote, autojunk=False).get_matching_blocks() if b.size >= 3]
    start, end = lo + blocks[0].a, lo + blocks[-1].a + blocks[-1].size
    return f"closest passage in the article: {_show(text[start:end])}"


# ---------------------------------------------------------------- internals


_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " "})


def _normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold quote marks and dashes, collapse whitespace; keep each kept char's offset in text."""
    chars: list[str] = []
    offsets: list[int] = []
    previous_space = False
    for i, ch in enumerate(text.translate(_QUOTE_FOLD)):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        chars.append(ch)
        offsets.append(i)
    return "".join(chars), offsets


def _show(passage: str, limit: int = 120) -> str:
    passage = " ".join(passage.split())
    return repr(passage if len(passage) <= limit else passage[: limit - 1] + "…")


def _find_all(text: str, needle: str) -> list[int]:
    starts, at = [], text.find(needle)
    while at >= 0:
        starts.append(at)
        at = text.find(needle, at + 1)
    return starts


def _deepest_line(node: Any, loc: Iterable[Any], default: int) -> int:
    line = default
    for key in loc:
        if key in _UNION_TAGS:
            continue
        if key == "from_":
            key = "from"
        found = line_of(node, key)
        if found is None:
            break
        line = found
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


def _pydantic_message(error: dict) -> tuple[str, str]:
    """A ValidationError entry -> (what is wrong, how to fix it), in a curator's words."""
    # Union branch tags ("named", "word": see SourceRecord.author) are not fields the person wrote.
    field = ".".join(str(p) if p != "from_" else "from" for p in error["loc"] if not isinstance(p, int) and p not in _UNION_TAGS)
    kind = error["type"]
    if kind == "missing":
        return f"missing field `{field}`", f"add `{field}:`"
    if kind == "extra_forbidden":
        return f"unknown field `{field}`", "remove it or fix its spelling (see seeds/README.md for the fields)"
    if kind == "string_pattern_mismatch" and field.split(".")[-1] in {"id", "proposition", "source", "from", "to"}:
        return (
            f"`{field}` is not a valid id ({error['input']!r})",
            "ids use lowercase letters, digits and '-' only, e.g. `miller-japan-not-independent`",
        )
    if kind == "string_pattern_mismatch" and field.endswith("date"):
        return f"`{field}` is not a date ({error['input']!r})", "write YYYY, YYYY-MM or YYYY-MM-DD, or null if unknown"
    if kind == "calendar_date":
        return f"`{field}`: {error['msg']}", "write a date that exists: YYYY, YYYY-MM or YYYY-MM-DD"
    if kind == "blank_text":
        return f"`{field}` is blank", f"write the {field.split('.')[-1]}, or remove the field if it is optional"
    if kind == "string_type" and isinstance(error["input"], (bool, int, float)):
        shown = _shown_key(error["input"])
        return (f"`{field}` must be text, but YAML read {shown} as a {_yaml_type(error['input'])}",
                f"put it in quotes: {field.split('.')[-1]}: \"{shown}\"")
    if kind == "too_short" and isinstance(error["input"], list):
        return f"`{field}` is an empty list", "list the authors in byline order, or write `author: unsigned` or `author: unknown`" if field == "authors" else "fill the list or remove the field"
    if kind == "literal_error":
        return f"`{field}` is {error['input']!r}: {error['msg'].lower()}", "use one of the listed values"
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, "), "see seeds/README.md"
    if kind in _RECORD_HINTS:
        return error["msg"], _RECORD_HINTS[kind]
    where = f"`{field}`: " if field else ""
    return f"{where}{error['msg'].lower()} (got {type(error['input']).__name__} {error['input']!r:.60})", "fix the value's type"


def join_names(names: list[str]) -> str:
    """"A", "A and B", "A, B and C": co-authors as a byline lists them."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _a(kind: AuthorKind) -> str:
    return {AuthorKind.PERSON: "a person", AuthorKind.ORGANIZATION: "an organization"}.get(kind, kind.value)


_UNION_TAGS = {"named", "word"}

_RECORD_HINTS = {
    "author_choice": "write `author:` (name, kind), `authors:` (a list, in byline order), `author: unsigned` "
                     "(no byline: attributed to the publisher) or `author: unknown` (see seeds/README.md)",
    "unsigned_without_publisher": "add `publisher:`, or write `author: unknown` if the article has an author the text does not name",
    "author_name_parts": "see seeds/README.md: `family` and `given` are the parts of a person's name",
}


def _yaml_type(value: Any) -> str:
    return "boolean" if isinstance(value, bool) else "number"


def _shown_key(value: Any) -> str:
    """A mapping key as the person wrote it (null, true, 2017, or the text)."""
    if value is None:
        return "null"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _bad_id(value: Any, what: str) -> tuple[str, str] | None:
    """Why a mapping key cannot be an id (a source or proposition id), or None when it can."""
    if isinstance(value, str) and re.match(SLUG_PATTERN, value):
        return None
    if isinstance(value, (bool, int, float)) or value is None:
        shown = _shown_key(value)
        return (f"{what} id `{shown}` is read by YAML as {describe(value)}, not as text",
                f"ids are text: put it in quotes (\"{shown}\":) or use lowercase letters, digits and '-'")
    return f"{value!r} is not a valid {what} id", "use lowercase letters, digits and '-'"


class _Loader:
    """One pass over seeds/, accumulating issues instead of stopping at the first."""

    def __init__(self, seeds_dir: Path):
        self.dir = seeds_dir
        self.issues: list[Issue] = []
        # Ids that were written but failed their own checks: records pointing at them are not
        # reported again as pointing at something unknown.
        self.written_claim_ids: set[str] = set()
        self.written_source_ids: set[str] = set()
        # When a claims file cannot be read at all, its ids are unknown, and relations to them
        # would only repeat that problem.
        self.some_claims_unreadable = False
        # Likewise for sources.yaml and propositions.yaml: claims naming a source or proposition
        # are not reported as unknown when the file that would define it cannot be read.
        self.sources_unreadable = False
        self.propositions_unreadable = False
        self.written_proposition_ids: set[str] = set()
        # Every author (and publisher of an unsigned source) by id, with where it was first named.
        self.agents: dict[str, tuple[Author, str]] = {}

    # -- helpers

    def _rel(self, path: Path) -> str:
        """The path as the user can open it: relative to the working folder when inside it."""
        shown = os.path.relpath(path.absolute())
        return Path(shown).as_posix() if not shown.startswith("..") else path.absolute().as_posix()

    def _location(self, path: Path, line: int) -> Location:
        """Where a record lives, relative to the seeds folder, so outputs do not depend on the checkout."""
        return Location(path=path.relative_to(self.dir).as_posix(), line=line)

    def _problem(self, where: str, subject: str, message: str, hint: str = "", code: str = "") -> None:
        self.issues.append(Issue(where, subject, message, hint, code))

    def _read_yaml(self, path: Path, required: bool, empty_hint: str = "") -> tuple[Any, bool]:
        """(the document, or None; whether the file could be read). An empty or comment-only file
        is read (as None): for a required file that is a problem, reported here."""
        rel = self._rel(path)
        try:
            data = read_input_file(path, MAX_YAML_BYTES)
        except UnreadableInput as err:
            if err.code == "file-missing":
                if not required:
                    return None, True
                self._problem(rel, "", "file not found", f"create {path.name} (see seeds/README.md)", "file-missing")
            else:
                self._problem(rel, "", err.message, err.hint, err.code)
            return None, False
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            self._problem(f"{rel}:{line}", "", f"not valid UTF-8 at byte {err.start}", "re-save the file as UTF-8", "yaml-encoding")
            return None, False
        try:
            document = load_yaml(raw)
        except YamlSyntaxError as err:
            what = f"malformed YAML: {err.what}" if err.code == "yaml-syntax" else err.what
            self._problem(f"{rel}:{err.line}", "", what, err.hint, err.code)
            return None, False
        if document is None and required:
            self._problem(f"{rel}:1", "", "file is empty (nothing but comments or blank lines)", empty_hint, "empty-file")
        return document, True

    def _validate(self, model: type[BaseModel], node: Any, where_path: str, line: int, subject: str) -> BaseModel | None:
        try:
            return model.model_validate(plain(node))
        except ValidationError as err:
            for e in err.errors():
                message, hint = _pydantic_message(e)
                at = _deepest_line(node, e["loc"], line)
                self._problem(f"{where_path}:{at}", subject, message, hint, e["type"])
        return None

    def _mapping_at(self, data: Any, key: str, rel: str) -> LinedMap | LinedSeq | None:
        if data is None:
            return None
        if not isinstance(data, LinedMap):
            self._problem(f"{rel}:1", "", f"expected a mapping with a `{key}:` key, found {describe(data)}", "see seeds/README.md for the layout", "yaml-shape")
            return None
        if key not in data:
            self._problem(f"{rel}:1", "", f"missing top-level key `{key}`", f"start the file with `{key}:`", "yaml-shape")
            return None
        unknown = [k for k in data if k != key and not (key == "claims" and k == "source")]
        for k in unknown:
            self._problem(f"{rel}:{line_of(data, k)}", "", f"unknown top-level key `{k}`", "remove it or fix its spelling", "extra_forbidden")
        return data[key]

    # -- the stage

    def load(self) -> Corpus:
        sources = self._load_sources()
        propositions = self._load_propositions()
        claims = self._load_claims(sources, propositions)
        relations = self._load_relations({c.id: c for c in claims})
        self._load_rejections()  # not part of the corpus, but a seeds file: checked with the rest
        return Corpus(
            sources=tuple(sorted(sources.values(), key=lambda s: s.id)),
            propositions=tuple(sorted(propositions.values(), key=lambda p: p.id)),
            claims=tuple(sorted(claims, key=lambda c: c.id)),
            relations=tuple(sorted(relations, key=lambda r: r.id)),
        )

    def _load_rejections(self) -> frozenset[tuple[str, str]]:
        path = self.dir / REJECTIONS_FILE
        rel = self._rel(path)
        data, _ = self._read_yaml(path, required=False)
        entries = self._mapping_at(data, "rejections", rel)
        if entries is None:
            return frozenset()
        if not isinstance(entries, LinedSeq):
            self._problem(f"{rel}:{line_of(data, 'rejections') or 1}", "", "`rejections` must be a list", "write one `- {source: …, kind: …, item: …}` per rejection", "yaml-shape")
            return frozenset()
        found = set()
        for index, node in enumerate(entries):
            where, subject = f"{rel}:{line_of(entries, index) or 1}", f"rejection #{index + 1}"
            if not isinstance(node, LinedMap) or set(node) != {"source", "kind", "item"}:
                self._problem(where, subject, "a rejection needs exactly `source`, `kind` and `item`",
                              "e.g. {source: miller-2017, kind: link, item: a--supports--b}", "yaml-shape")
                continue
            if node["kind"] not in REJECTION_KINDS:
                self._problem(where, subject, f"unknown kind {node['kind']!r}", f"use one of {', '.join(REJECTION_KINDS)}", "literal_error")
                continue
            if not all(isinstance(node[k], str) and node[k] for k in ("source", "item")):
                self._problem(where, subject, "`source` and `item` must be non-empty text", "", "yaml-shape")
                continue
            found.add((node["kind"], node["item"]))
        return frozenset(found)

    def _load_sources(self) -> dict[str, Source]:
        path = self.dir / SOURCES_FILE
        rel = self._rel(path)
        data, _ = self._read_yaml(path, required=True, empty_hint="describe the articles in it (see seeds/README.md)")
        entries = self._mapping_at(data, "sources", rel)
        sources: dict[str, Source] = {}
        if not isinstance(entries, LinedMap):
            self.sources_unreadable = True
            if entries is not None:
                self._problem(f"{rel}:{line_of(entries) or 1}", "", "`sources` must map source ids to their metadata", "see seeds/README.md", "yaml-shape")
            return sources
        for source_id, node in entries.items():
            line = line_of(entries, source_id) or 1
            subject = f"source {_shown_key(source_id)}"
            bad = _bad_id(source_id, "source")
            if bad is not None:
                self._problem(f"{rel}:{line}", subject, *bad, "bad-id")
                # Its article and claims files are not reported again as having no source.
                self.written_source_ids.add(_shown_key(source_id))
                continue
            self.written_source_ids.add(source_id)
            record = self._validate(SourceRecord, node, rel, line, subject)
            article_path = self.dir / ARTICLES_DIR / f"{source_id}.txt"
            text, problems = read_article(article_path, self._rel(article_path))
            self.issues.extend(problems)
            if record is None or text is None:
                continue
            named = self._named_authors(record, node, rel, subject)
            author = self._attributed_to(source_id, record, named, node, rel, subject)
            if named is None or author is None:
                continue
            sources[source_id] = Source(
                id=source_id,
                title=record.title,
                author=author,
                authors=tuple(named) if record.authorship is Authorship.SIGNED else (),
                authorship=record.authorship,
                author_note=record.author_note,
                publisher=record.publisher,
                date=record.date,
                date_note=record.date_note,
                url=record.url,
                text=text,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            )
        for article in self._folder_entries(ARTICLES_DIR, ".txt", "articles are <source-id>.txt"):
            if article.stem not in entries and article.stem not in self.written_source_ids:
                self._problem(self._rel(article), "", f"article has no entry in {SOURCES_FILE}", f"add `{article.stem}:` with its title, author, publisher, date and url", "source-no-metadata")
        return sources

    def _folder_entries(self, name: str, suffix: str, rule: str) -> list[Path]:
        """The files of a seeds subfolder that argmap reads (name*suffix); every other entry but
        hidden ones is reported, so that nothing in the folder is ignored without a word."""
        folder = self.dir / name
        if not folder.exists():
            return []
        if not folder.is_dir():
            self._problem(self._rel(folder), "", f"`{name}` is not a folder", f"seeds/{name}/ holds one file per source", "not-a-folder")
            return []
        found = []
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue  # .gitkeep, editors' swap files
            if entry.suffix != suffix:
                self._problem(self._rel(entry), "", f"not read: {rule}", f"rename it to {entry.stem}{suffix}, or move it out of {name}/", "stray-file")
                continue
            found.append(entry)
        return found

    def _named_authors(self, record: SourceRecord, node: LinedMap, rel: str, subject: str) -> list[Author] | None:
        """The authors a source's byline names, in order; None (and a problem) when one is named twice."""
        named: list[Author] = []
        for index, person in enumerate(record.named_authors):
            where = f"{rel}:{self._author_line(node, index)}"
            author = Author(id=slugify(person.name), name=person.name, kind=AuthorKind(person.kind),
                            affiliation=person.affiliation, family=person.family, given=person.given)
            if any(a.id == author.id for a in named):
                self._problem(where, subject, f"author `{person.name}` is named twice", "name each author once", "duplicate-author")
                return None
            if not self._same_agent_everywhere(author, rel, self._author_line(node, index), subject):
                return None
            named.append(author)
        return named

    def _attributed_to(self, source_id: str, record: SourceRecord, named: list[Author] | None, node: LinedMap,
                       rel: str, subject: str) -> Author | None:
        """The agent a source's claims are attributed to (seeds/README.md gives the rule of each case)."""
        if record.authorship is Authorship.UNSIGNED:
            # An unsigned article speaks for its publication, as an editorial does: never an invented person.
            assert record.publisher is not None  # SourceRecord checks it
            publisher = Author(id=slugify(record.publisher), name=record.publisher, kind=AuthorKind.ORGANIZATION)
            ok = self._same_agent_everywhere(publisher, rel, line_of(node, "publisher") or node.line, subject)
            return publisher if ok else None
        if record.authorship is Authorship.UNKNOWN:
            # Someone wrote it, but the text does not say who: an agent of this source alone. Not
            # the publisher (who did not sign it), and not merged with another unknown author.
            return Author(id=f"unknown--{source_id}", name=f"Unknown author ({source_id})", kind=AuthorKind.UNKNOWN)
        if not named:
            return None
        if len(named) == 1:
            return named[0]
        # Co-authors speak together in their article; "--" never occurs in a slug made from a name.
        return Author(id="group--" + "--".join(a.id for a in named), name=join_names([a.name for a in named]), kind=AuthorKind.GROUP)

    def _author_line(self, node: LinedMap, index: int) -> int:
        if "authors" in node:
            return line_of(node["authors"], index) or line_of(node, "authors") or node.line
        author = node.get("author")
        return line_of(author, "name") or line_of(node, "author") or node.line

    def _same_agent_everywhere(self, author: Author, rel: str, line: int, subject: str) -> bool:
        """One id is one agent: the same name cannot be a person in one source and an organisation
        in another (they would become one node of two kinds), nor be spelt two ways."""
        where = f"{rel}:{line}"
        seen = self.agents.get(author.id)
        if seen is None:
            self.agents[author.id] = (author, f"{SOURCES_FILE}:{line}")
            return True
        first, first_where = seen
        if first.kind is not author.kind:
            self._problem(where, subject, f"`{author.name}` is {_a(author.kind)} here but {_a(first.kind)} at {first_where}",
                          "one name is one author: use the same kind in both places, or tell the two apart by name", "author-kind-conflict")
            return False
        if first.name != author.name:
            self._problem(where, subject, f"`{author.name}` is written `{first.name}` at {first_where}",
                          "write the name the same way everywhere (it is the same author id)", "author-name-variant")
            return False
        return True

    def _load_propositions(self) -> dict[str, Proposition]:
        path = self.dir / PROPOSITIONS_FILE
        rel = self._rel(path)
        data, readable = self._read_yaml(path, required=False)
        entries = self._mapping_at(data, "propositions", rel)
        propositions: dict[str, Proposition] = {}
        if not isinstance(entries, LinedMap):
            self.propositions_unreadable = not readable or data is not None
            if entries is not None:
                self._problem(f"{rel}:{line_of(entries) or 1}", "", "`propositions` must map ids to `text:`", "see seeds/README.md", "yaml-shape")
            return propositions
        for prop_id, node in entries.items():
            line = line_of(entries, prop_id) or 1
            subject = f"proposition {_shown_key(prop_id)}"
            bad = _bad_id(prop_id, "proposition")
            if bad is not None:
                self._problem(f"{rel}:{line}", subject, *bad, "bad-id")
                continue
            self.written_proposition_ids.add(prop_id)
            record = self._validate(PropositionRecord, node, rel, line, subject)
            if record is not None:
                propositions[prop_id] = Proposition(id=prop_id, text=record.text)
        return propositions

    def _load_claims(self, sources: dict[str, Source], propositions: dict[str, Proposition]) -> list[Claim]:
        claims_dir = self.dir / CLAIMS_DIR
        claims: dict[str, Claim] = {}
        first_seen: dict[str, str] = {}
        files = self._folder_entries(CLAIMS_DIR, ".yaml", "claims files are <source-id>.yaml")
        if not files and (not claims_dir.exists() or claims_dir.is_dir()):
            self._problem(self._rel(claims_dir), "", "no claims files found", f"add {CLAIMS_DIR}/<source-id>.yaml (see seeds/README.md)", "no-claims")
        for path in files:
            rel = self._rel(path)
            data, readable = self._read_yaml(path, required=True, empty_hint="write its claims (see seeds/README.md) or delete the file")
            items = self._mapping_at(data, "claims", rel)
            if items is None and isinstance(data, LinedMap) and "claims" in data:
                items = LinedSeq(line_of(data, "claims") or 1)  # `claims:` with nothing under it: no claims yet
            if items is None:
                # Ids in a file that cannot be read are unknown, and relations to them would only
                # repeat its problem; an empty file has no ids to miss, so the check stays on.
                if data is not None or not readable:
                    self.some_claims_unreadable = True
                continue
            header = self._validate(ClaimsFileRecord, {"source": data.get("source"), "claims": []}, rel, line_of(data, "source") or 1, "")
            if not isinstance(items, LinedSeq):
                self._problem(f"{rel}:{line_of(data, 'claims')}", "", "`claims` must be a list of claims", "start each claim with `- id: …`", "yaml-shape")
                continue
            source = None
            if header is not None:
                source = sources.get(header.source)
                if source is None and header.source not in self.written_source_ids and not self.sources_unreadable:
                    self._problem(f"{rel}:{line_of(data, 'source')}", "", f"unknown source `{header.source}`", f"add it to {SOURCES_FILE} or fix the id", "unknown-source")
            for index, node in enumerate(items):
                line = line_of(items, index) or 1
                claim_id = node.get("id") if isinstance(node, LinedMap) else None
                subject = f"claim {claim_id}" if claim_id else f"claim #{index + 1}"
                if isinstance(claim_id, str):
                    self.written_claim_ids.add(claim_id)
                if not isinstance(node, LinedMap):
                    self._problem(f"{rel}:{line}", subject, f"a claim must be a mapping, found {describe(node)}", "write `- id: …` then the fields", "yaml-shape")
                    continue
                record = self._validate(ClaimRecord, node, rel, line, subject)
                if record is None:
                    continue
                location = self._location(path, line)
                if record.id in first_seen:
                    self._problem(f"{rel}:{line}", subject, "duplicate claim id", f"it is already used at {first_seen[record.id]}; ids must be unique across all files", "duplicate-id")
                    continue
                first_seen[record.id] = str(location)
                if record.proposition and record.proposition not in propositions:
                    if record.proposition in self.written_proposition_ids or self.propositions_unreadable:
                        continue  # its own problem is reported where it is written
                    self._problem(f"{rel}:{line_of(node, 'proposition')}", subject, f"unknown proposition `{record.proposition}`", f"add it to {PROPOSITIONS_FILE} or fix the id", "unknown-proposition")
                    continue
                if source is None:
                    continue
                span, problem, hint = locate_quote(source.text, record.quote, record.occurrence)
                if span is None:
                    self._problem(f"{rel}:{line_of(node, 'quote')}", subject, problem, hint, "quote")
                    continue
                statement = record.statement or propositions[record.proposition].text
                claims[record.id] = Claim(
                    id=record.id,
                    source_id=source.id,
                    statement=statement,
                    quote=record.quote,
                    span=span,
                    about=record.about,
                    polarity=Polarity(record.polarity),
                    proposition_id=record.proposition,
                    holder=record.holder,
                    confidence=record.confidence,
                    method=Method.CURATED,
                    location=location,
                )
        return list(claims.values())

    def _load_relations(self, claims: dict[str, Claim]) -> list[Relation]:
        path = self.dir / RELATIONS_FILE
        rel = self._rel(path)
        items = self._mapping_at(self._read_yaml(path, required=False)[0], "relations", rel)
        relations: dict[str, Relation] = {}
        if items is None:
            return []
        if not isinstance(items, LinedSeq):
            self._problem(f"{rel}:{line_of(items) or 1}", "", "`relations` must be a list", "start each relation with `- from: …`", "yaml-shape")
            return []
        # A claim that was written but failed its own checks is not "unknown" to a relation.
        known_ids = self.written_claim_ids
        between: dict[frozenset[str], Relation] = {}  # the first relation recorded between two claims
        for index, node in enumerate(items):
            line = line_of(items, index) or 1
            if not isinstance(node, LinedMap):
                self._problem(f"{rel}:{line}", f"relation #{index + 1}", f"a relation must be a mapping, found {describe(node)}", "write `- from: …` then type, to, rationale", "yaml-shape")
                continue
            subject = f"relation {node.get('from')} -> {node.get('to')}"
            record = self._validate(RelationRecord, node, rel, line, subject)
            if record is None:
                continue
            ok = True
            for end, claim_id in (("from", record.from_), ("to", record.to)):
                if claim_id not in known_ids and not self.some_claims_unreadable:
                    close = difflib.get_close_matches(claim_id, sorted(known_ids), n=1)
                    hint = f"did you mean `{close[0]}`?" if close else "check the claim ids in claims/"
                    self._problem(f"{rel}:{line_of(node, end)}", subject, f"`{end}` names unknown claim `{claim_id}`", hint, "unknown-claim")
                    ok = False
            if record.from_ == record.to:
                self._problem(f"{rel}:{line}", subject, "a claim cannot relate to itself", "point `to` at another claim", "self-relation")
                ok = False
            if not ok or record.from_ not in claims or record.to not in claims:
                continue  # a claim that failed its own checks is reported there, not again here
            relation = Relation(
                from_id=record.from_,
                kind=RelationKind(record.type),
                to_id=record.to,
                rationale=record.rationale,
                method=Method.CURATED,
                location=self._location(path, line),
            )
            if relation.id in relations:
                self._problem(f"{rel}:{line}", subject, f"duplicate relation ({record.type})", f"it is already recorded at {relations[relation.id].location}", "duplicate-relation")
                continue
            pair = frozenset((relation.from_id, relation.to_id))
            other = between.get(pair)
            if other is not None and other.kind is not relation.kind:
                self._problem(f"{rel}:{line_of(node, 'type') or line}", subject,
                              f"the two claims are related both ways: `{relation.kind.value}` here and `{other.kind.value}` at {other.location}",
                              "one claim cannot both support and contradict the other: keep the relation that holds", "supports-and-contradicts")
                continue
            between.setdefault(pair, relation)
            relations[relation.id] = relation
        return list(relations.values())

