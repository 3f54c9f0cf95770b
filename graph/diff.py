"""Stage 3, analyse: what changed between two builds: claims, relations, stance cells and agreement.

Each side is first reduced to a *digest*: plain tuples of what a reader compares (a claim's
statement, quote, polarity, …; a relation's rationale; each author's stance on each question; each
author pair's points of agreement). `argmap build` writes its map's digest beside the Turtle
(argmap.digest.json, with the Turtle's sha256), so a build folder is compared without reading its
Turtle again; a Turtle file without a digest that matches it is read back (rdf_read) and digested,
two at once in worker processes (a 1,000-article graph takes a few seconds to read).

What is compared, and what is not: spans and curation line numbers move whenever an article or a
seeds file is edited, so they are not changes of content; an author re-stating a stance in a newer
article changes the cell's date only, which is not reported as a changed stance.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .analyze import agreement_matrix
from .assemble import ArgumentMap
from .formatting import md_table, md_text, render_table
from .rdf_read import GraphReadError, read_map, resolve_graph
from .stances import StanceGrid, stance_grid
from .vocab import AM, ONTOLOGY_VERSION_IRI

DIFF_FORMATS = ("table", "json", "md")
DIGEST_NAME = "argmap.digest.json"  # beside argmap.ttl in a build folder
# Bumped whenever what a digest holds, or how the analyses that make it count, changes: a digest of
# another version is not trusted, and the Turtle beside it is read instead.
DIGEST_VERSION = 1
# Graphs larger than this (in bytes of Turtle, both together) are read in two processes at once.
PARALLEL_READ_BYTES = 4_000_000
# A claim's kind is compared once the Turtle carries it (am:kind, written by the extraction stage's
# branch): build compares the new map in memory with the old one read back from Turtle, so a field
# the Turtle drops would look changed on every claim.
CLAIM_FIELDS = ("statement", "quote", "source_id", "polarity", "proposition_id", "holder", "confidence",
                *(("kind",) if "kind" in AM.__annotations__ else ()), "method", "about", "triple_key", "holder_actor")


@dataclass(frozen=True)
class Digest:
    """What `diff` compares of one map, as plain values (picklable, comparable)."""

    claims: dict[str, tuple]  # claim id -> CLAIM_FIELDS values
    relations: dict[str, tuple[str, str]]  # relation id -> (rationale, method)
    questions: dict[str, str]  # stance-grid topic -> its text
    cells: dict[tuple[str, str], tuple[str, str, str]]  # (topic, author name) -> (stance, reported views, date)
    pairs: dict[tuple[str, str], tuple[int, int]]  # (author name, author name), sorted -> (supports, contradicts)


def digest(amap: ArgumentMap, grid: StanceGrid | None = None) -> Digest:
    """The comparable content of a map (grid: its stance grid, when the caller has it already)."""
    grid = grid if grid is not None else stance_grid(amap)
    names = {a.id: a.name for a in grid.authors}
    matrix = agreement_matrix(amap)
    return Digest(
        claims={c.id: tuple(_plain(getattr(c, f)) for f in CLAIM_FIELDS) for c in amap.claims},
        relations={r.id: (r.rationale, r.method.value) for r in amap.relations},
        questions={row.topic: row.text for row in grid.rows},
        cells={
            (row.topic, names[author]): (cell.stance.value, "; ".join(f"{v.holder}: {v.stance.value}" for v in cell.reported), cell.date or "")
            for row in grid.rows for author, cell in row.cells.items()
        },
        pairs={tuple(sorted((p.author_a.name, p.author_b.name))): (p.supports, p.contradicts) for p in matrix.pairs},
    )


def _plain(value: object) -> object:
    return getattr(value, "value", value)  # enums as their values


def digest_file(path: Path) -> Digest:
    """The digest of an argmap Turtle file or build folder: from the digest its build wrote beside it
    when that matches the Turtle, else from the Turtle read back (top level: a worker process runs it)."""
    return stored_digest(path) or digest(read_map(path))


def digest_json(digest: Digest, turtle: bytes) -> bytes:
    """The digest as a build writes it beside its Turtle (sorted, so the same map gives the same bytes)."""
    record = {
        "format": "argmap digest", "digest_version": DIGEST_VERSION, "ontology": ONTOLOGY_VERSION_IRI,
        "turtle_sha256": hashlib.sha256(turtle).hexdigest(),
        "claims": digest.claims, "relations": digest.relations, "questions": digest.questions,
        "cells": sorted([*key, *value] for key, value in digest.cells.items()),
        "pairs": sorted([*key, *value] for key, value in digest.pairs.items()),
    }
    return (json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def stored_digest(path: Path) -> Digest | None:
    """The digest a build wrote beside the Turtle at path (a file or a build folder), if it is of this
    version and its recorded sha256 is the Turtle's; None otherwise (the caller reads the Turtle)."""
    turtle = resolve_graph(path)
    stored = turtle.parent / DIGEST_NAME
    if not stored.is_file():
        return None
    try:
        record = json.loads(stored.read_bytes())
        if (record.get("format"), record.get("digest_version"), record.get("ontology")) != ("argmap digest", DIGEST_VERSION, ONTOLOGY_VERSION_IRI):
            return None
        if record["turtle_sha256"] != hashlib.sha256(turtle.read_bytes()).hexdigest():
            return None  # the Turtle was changed after the build: it speaks, not the digest
        return Digest(
            claims={k: tuple(v) for k, v in record["claims"].items()},
            relations={k: tuple(v) for k, v in record["relations"].items()},
            questions=record["questions"],
            cells={(t, a): (stance, reported, date) for t, a, stance, reported, date in record["cells"]},
            pairs={(a, b): (s, c) for a, b, s, c in record["pairs"]},
        )
    except (ValueError, KeyError, TypeError, OSError):
        return None  # unreadable: the Turtle is read instead


# ---------------------------------------------------------------- the difference


@dataclass(frozen=True)
class Change:
    """One thing added, removed or changed, said for a reader."""

    kind: str  # "claim", "relation", "stance", "agreement"
    id: str  # claim or relation id; "author on “question”" for a stance; "author A | author B" for agreement
    change: str  # "added", "removed", "changed"
    before: str = ""
    after: str = ""
    fields: tuple[str, ...] = ()  # for a changed claim or relation: which fields


@dataclass(frozen=True)
class MapDiff:
    claims: tuple[Change, ...] = ()
    relations: tuple[Change, ...] = ()
    stances: tuple[Change, ...] = ()
    agreement: tuple[Change, ...] = ()
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # what -> (before, after)

    @property
    def empty(self) -> bool:
        return not (self.claims or self.relations or self.stances or self.agreement)

    def summary(self) -> str:
        """One line: "+3 −1 ~2 claims, +4 relations, 2 stance cells changed, agreement changed for 1 author pair"."""
        if self.empty:
            return "no change in claims, relations, stances or agreement"
        parts = []
        for name, changes in (("claim", self.claims), ("relation", self.relations), ("stance cell", self.stances)):
            if changes:
                counted = [f"{sign}{n}" for sign, key in (("+", "added"), ("−", "removed"), ("~", "changed"))
                           if (n := sum(1 for c in changes if c.change == key))]
                parts.append(f"{' '.join(counted)} {name}{'s' if len(changes) != 1 else ''}")
        if self.agreement:
            parts.append(f"agreement changed for {len(self.agreement)} author pair{'s' if len(self.agreement) != 1 else ''}")
        return ", ".join(parts)


def diff_digests(old: Digest, new: Digest) -> MapDiff:
    claims = _compare("claim", old.claims, new.claims, CLAIM_FIELDS, lambda v: v[0])
    relations = _compare("relation", old.relations, new.relations, ("rationale", "method"), lambda v: v[0])
    stances = []
    for key in sorted(old.cells.keys() | new.cells.keys()):
        before, after = old.cells.get(key), new.cells.get(key)
        if before is not None and after is not None and before[:2] == after[:2]:
            continue  # the same stance, perhaps restated later
        topic, author = key
        text = new.questions.get(topic) or old.questions.get(topic, topic)
        stances.append(Change("stance", f"{author} on “{text}”", "added" if before is None else "removed" if after is None else "changed",
                              _cell_text(before), _cell_text(after)))
    agreement = []
    for key in sorted(old.pairs.keys() | new.pairs.keys()):
        before, after = old.pairs.get(key, (0, 0)), new.pairs.get(key, (0, 0))
        if before != after:
            agreement.append(Change("agreement", " | ".join(key), "added" if key not in old.pairs else "removed" if key not in new.pairs else "changed",
                                    _pair_text(before), _pair_text(after)))
    counts = {
        "claims": (len(old.claims), len(new.claims)),
        "relations": (len(old.relations), len(new.relations)),
        "questions": (len(old.questions), len(new.questions)),
        "author pairs that meet": (len(old.pairs), len(new.pairs)),
    }
    return MapDiff(tuple(claims), tuple(relations), tuple(stances), tuple(agreement), counts)


def _compare(kind: str, old: dict, new: dict, fields: tuple[str, ...], shown) -> list[Change]:
    changes = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is None:
            changes.append(Change(kind, key, "added", "", str(shown(after))))
        elif after is None:
            changes.append(Change(kind, key, "removed", str(shown(before)), ""))
        else:
            differ = tuple(f for f, a, b in zip(fields, before, after, strict=True) if a != b)
            changes.append(Change(kind, key, "changed", "; ".join(f"{f}: {before[fields.index(f)]}" for f in differ),
                                  "; ".join(f"{f}: {after[fields.index(f)]}" for f in differ), differ))
    return changes


def _cell_text(cell: tuple[str, str, str] | None) -> str:
    if cell is None:
        return "silent"
    stance, reported, date = cell
    text = f"{stance} ({reported})" if reported else stance
    return f"{text} {date}" if date else text


def _pair_text(counts: tuple[int, int]) -> str:
    supports, contradicts = counts
    n = supports + contradicts
    if n == 0:
        return "never meet"
    return f"{supports} agree, {contradicts} disagree, index {(supports - contradicts) / n:+.2f}"


def diff_maps(old: ArgumentMap, new: ArgumentMap) -> MapDiff:
    return diff_digests(digest(old), digest(new))


def diff_files(old: Path, new: Path) -> MapDiff:
    """The difference between two argmap graphs (Turtle files or build folders): their builds'
    digests where they match, else the Turtle read back; two large Turtles are read in parallel."""
    paths = (resolve_graph(old), resolve_graph(new))
    digests = [stored_digest(p) for p in paths]
    unread = [p for p, d in zip(paths, digests, strict=True) if d is None]
    if len(unread) == 2 and sum(p.stat().st_size for p in unread) > PARALLEL_READ_BYTES:
        with ProcessPoolExecutor(max_workers=2) as pool:
            read = iter(pool.map(digest_file, unread))
    else:
        read = (digest_file(p) for p in unread)
    before, after = (d if d is not None else next(read) for d in digests)
    return diff_digests(before, after)


class PreviousBuild:
    """The build that `argmap build` is about to replace, digested while the new one is made.

    Its digest file, when it matches its Turtle, is read at once; otherwise a large Turtle is read in
    a worker process started at once (it takes seconds at 1,000 articles, and the build's own work
    keeps the other core busy), a small one when asked. `compare` must be called before the new
    files replace the old ones.
    """

    def __init__(self, turtle: Path):
        self.turtle = Path(turtle)
        self.pool: ProcessPoolExecutor | None = None
        self.future = None
        self.stored = stored_digest(self.turtle) if self.turtle.is_file() else None
        if self.stored is None and self.turtle.is_file() and self.turtle.stat().st_size > PARALLEL_READ_BYTES // 2:
            self.pool = ProcessPoolExecutor(max_workers=1)
            self.future = self.pool.submit(digest_file, self.turtle)

    def compare(self, new: Digest) -> str:
        """One line: what changed since the previous build, or why it could not be compared."""
        try:
            if self.stored is not None:
                old = self.stored
            elif self.future is not None:
                old = self.future.result()
            elif self.turtle.is_file():
                old = digest_file(self.turtle)
            else:
                return "first build in this folder"
        except GraphReadError as err:
            return f"not compared with the previous build: {str(err).removeprefix(f'{self.turtle}: ')}"
        finally:
            self.close()
        return diff_digests(old, new).summary()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> PreviousBuild:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------- formats


def format_diff(diff: MapDiff, fmt: str, old: str = "OLD", new: str = "NEW") -> str:
    """The difference as a table per kind of change (table), JSON, or Markdown."""
    sections = (("claims", diff.claims), ("relations", diff.relations), ("stance cells", diff.stances), ("agreement between authors", diff.agreement))
    if fmt == "json":
        return json.dumps({
            "old": old, "new": new, "summary": diff.summary(),
            "counts": {k: {"before": a, "after": b} for k, (a, b) in diff.counts.items()},
            **{key: [{"id": c.id, "change": c.change, "before": c.before, "after": c.after, **({"fields": list(c.fields)} if c.fields else {})}
                     for c in changes]
               for key, changes in (("claims", diff.claims), ("relations", diff.relations), ("stances", diff.stances), ("agreement", diff.agreement))},
        }, ensure_ascii=False, indent=2)
    headers = ["", "change", "before", "after"]
    if fmt == "md":
        parts = [f"# What changed from {md_text(old)} to {md_text(new)}", md_text(diff.summary()) + "."]
        parts.append(md_table(["", "before", "after"], [[md_text(k), str(a), str(b)] for k, (a, b) in diff.counts.items()]))
        for title, changes in sections:
            if changes:
                parts.append(f"## {title[0].upper()}{title[1:]}")
                parts.append(md_table([md_text(h) for h in headers], [[md_text(c.id), c.change, md_text(c.before), md_text(c.after)] for c in changes]))
        return "\n\n".join(parts) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(DIFF_FORMATS)}")
    parts = [f"{old} -> {new}: {diff.summary()}",
             render_table(["", "before", "after"], [[k, str(a), str(b)] for k, (a, b) in diff.counts.items()])]
    for title, changes in sections:
        if changes:
            parts.append(f"{title}:\n" + render_table(headers, [[c.id, c.change, c.before, c.after] for c in changes]))
    return "\n\n".join(parts)
