"""Candidate claims for review, as `argmap extract` prints them: a table, JSON lines, or YAML.

The YAML form is a claims file (seeds/claims/<source>.yaml) that the loader accepts as is; the
rule and span of each candidate ride along as end-of-line comments.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .models import Claim

FORMATS = ("table", "jsonl", "yaml")

# One article's candidates: (source id, article text, claims).
Candidates = tuple[str, str, list[Claim]]


def subject_of(claim: Claim) -> str:
    """The claim's subject entity: the first part of its triple key, else what it is about."""
    return claim.triple_key.split("|", 1)[0] if claim.triple_key else claim.about


def as_record(claim: Claim) -> dict:
    """The fields `argmap extract --format jsonl` promises, one object per claim."""
    return {
        "source": claim.source_id,
        "start": claim.span.start,
        "end": claim.span.end,
        "quote": claim.quote,
        "statement": claim.statement,
        "subject": subject_of(claim),
        "about": claim.about,
        "polarity": claim.polarity.value,
        "confidence": claim.confidence,
        "holder": claim.holder,
        "holder_actor": claim.holder_actor,
        "kind": claim.kind.value if claim.kind else None,
        "rule": claim.rule,
        "key": claim.triple_key,
        "id": claim.id,
    }


def format_candidates(results: Iterable[Candidates], fmt: str) -> str:
    results = list(results)
    if fmt == "jsonl":
        return "".join(json.dumps(as_record(c), ensure_ascii=False, sort_keys=True) + "\n" for _, _, claims in results for c in claims)
    if fmt == "yaml":
        return _yaml(results)
    if fmt == "table":
        return _table(results)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _table(results: list[Candidates]) -> str:
    lines = []
    for source_id, _, claims in results:
        lines.append(f"{source_id}: {len(claims)} candidate claim(s)")
        for c in claims:
            confidence = f"{c.confidence:.2f}" if c.confidence is not None else "-"
            kind = c.kind.value if c.kind else "-"
            lines.append(f"  {c.span.start:>6}-{c.span.end:<6} {c.rule:<24} {kind:<10} {c.polarity.value:<8} {confidence:>4}  {c.about}: {c.statement}")
            lines.append(f"  {'':13} quote: {c.quote}")
            if c.holder:
                lines.append(f"  {'':13} holder: {c.holder}" + (f" ({c.holder_actor})" if c.holder_actor else ""))
    return "\n".join(lines) + "\n"


def _occurrence(text: str, claim: Claim) -> int | None:
    """Which occurrence of the quote the claim's span is, when the quote is not unique."""
    starts, at = [], text.find(claim.quote)
    while at >= 0:
        starts.append(at)
        at = text.find(claim.quote, at + 1)
    return starts.index(claim.span.start) + 1 if len(starts) > 1 else None


def _yaml(results: list[Candidates]) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096  # one claim field per line, however long the quote
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    for index, (source_id, text, claims) in enumerate(results):
        if index:
            out.write("---\n")
        document = CommentedMap(source=source_id, claims=CommentedSeq())
        for c in claims:
            item = CommentedMap()
            item["id"] = c.id
            item["statement"] = DoubleQuotedScalarString(c.statement)
            item["quote"] = DoubleQuotedScalarString(c.quote)
            item["about"] = c.about
            item["polarity"] = c.polarity.value
            if c.holder:
                item["holder"] = DoubleQuotedScalarString(c.holder)
            if c.confidence is not None:
                item["confidence"] = c.confidence
            occurrence = _occurrence(text, c)
            if occurrence:
                item["occurrence"] = occurrence
            kind = f", kind {c.kind.value}" if c.kind else ""
            item.yaml_add_eol_comment(f"rule {c.rule}{kind}, characters {c.span.start}-{c.span.end}", "id")
            document["claims"].append(item)
        yaml.dump(document, out)
    return out.getvalue()
