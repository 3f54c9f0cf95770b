"""Text, CSV, JSON and Markdown renderings of the analysis results, for the CLI and the Markdown report (no analysis here)."""

from __future__ import annotations

import csv
import html
import io
import json
import re

from .analyze import CREDIBLE_MASS, AgreementMatrix, ClaimStanding, Label
from .stances import Cell, Stance, StanceGrid, StanceRow
from .tables import render_table

AGREE_FORMATS = ("table", "csv", "json")
AGREEMENT_COLUMNS = (
    "author_a", "author_b", "supports", "contradicts", "n", "agreement_index", "shrunken_index",
    "interval_low", "interval_high", "borne_out", "refuted", "relations", "since",
)
AGREEMENT_NOTE = (
    "n = questions on which the two meet (a proposition both state counts once, however many claims state it); "
    "index = (agree - disagree) / n, from -1 to +1; 95% interval: where the index lies given only n points "
    "(uniform prior), so one point says little. Predictions borne out or refuted by the other's later facts are not counted."
)


def _agreement_records(matrix: AgreementMatrix, with_points: bool = False) -> list[dict]:
    records = []
    for p in sorted(matrix.pairs, key=lambda p: (-p.n, p.author_a.name, p.author_b.name)):
        record = {
            "author_a": p.author_a.name,
            "author_b": p.author_b.name,
            "supports": p.supports,
            "contradicts": p.contradicts,
            "n": p.n,
            "agreement_index": p.agreement_index,
            "shrunken_index": p.shrunken_index,
            "interval_low": p.interval[0],
            "interval_high": p.interval[1],
            "borne_out": p.borne_out,
            "refuted": p.refuted,
            "relations": p.relations,
            "since": p.since,
        }
        if with_points:
            record["points"] = [
                {"kind": point.kind.value, "questions": [matrix.questions[t] for t in point.topics], "topics": list(point.topics),
                 "relations": list(point.relations), "date": point.date, "prediction_check": check}
                for check, points in ((False, p.points), (True, p.checks)) for point in points
            ]
        records.append(record)
    return records


def format_agreement(matrix: AgreementMatrix, fmt: str) -> str:
    """The pairs of authors whose claims meet, most points of evidence first, as table, csv or json."""
    if fmt == "json":
        records = _agreement_records(matrix, with_points=True)
        for i, record in enumerate(records):  # the interval as one value, beside the index
            interval = [record.pop("interval_low"), record.pop("interval_high")]
            keys = list(record)
            at = keys.index("shrunken_index") + 1
            records[i] = {**{k: record[k] for k in keys[:at]}, "interval": interval, **{k: record[k] for k in keys[at:]}}
        return json.dumps({"authors": [a.name for a in matrix.authors], "credible_mass": CREDIBLE_MASS, "pairs": records},
                          ensure_ascii=False, indent=2)
    records = _agreement_records(matrix)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=AGREEMENT_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for r in records:
            writer.writerow({**r, **{k: "" if r[k] is None else f"{r[k]:.4f}" for k in ("agreement_index", "shrunken_index", "interval_low", "interval_high")},
                             "since": r["since"] or ""})
        return out.getvalue().rstrip("\r\n")
    checks = any(r["borne_out"] or r["refuted"] for r in records)
    headers = ["author A", "author B", "agree", "disagree", "n", "index", "95% interval", "since"] + (["predictions borne out / refuted"] if checks else [])
    rows = [
        [r["author_a"], r["author_b"], str(r["supports"]), str(r["contradicts"]), str(r["n"]),
         "" if r["agreement_index"] is None else f"{r['agreement_index']:+.2f}",
         f"{r['interval_low']:+.2f} to {r['interval_high']:+.2f}", r["since"] or "undated"]
        + ([f"{r['borne_out']} / {r['refuted']}"] if checks else [])
        for r in records
    ]
    silent = len(matrix.authors) * (len(matrix.authors) - 1) // 2 - len(records)
    note = f"{AGREEMENT_NOTE} {len(matrix.authors)} authors; {silent} pair(s) that never meet not shown."
    return render_table(headers, rows) + "\n\n" + note


def format_standings(standings: list[ClaimStanding], fmt: str, labels: dict[str, Label] | None = None) -> str:
    """Claims with their author, backers, opponents and quote: readable blocks, or json."""
    if fmt == "json":
        return json.dumps(
            [
                {
                    "claim": s.claim.id,
                    "author": s.author.name,
                    "source": s.claim.source_id,
                    "statement": s.claim.statement,
                    "polarity": s.claim.polarity.value,
                    "quote": s.claim.quote,
                    "endorsed_by": [a.name for a in s.endorsers],
                    "contradicted_by": [a.name for a in s.opponents],
                    "cross_author_degree": s.cross_author_degree,
                    **({"grounded": labels[s.claim.id].value} if labels else {}),
                }
                for s in standings
            ],
            ensure_ascii=False,
            indent=2,
        )
    blocks = []
    for s in standings:
        status = f" [{labels[s.claim.id].value}]" if labels else ""
        blocks.append(
            "\n".join(
                [
                    f"{s.claim.id}{status} — {s.author.name} ({s.claim.source_id})",
                    f"  {'(denies) ' if s.claim.polarity == 'denied' else ''}{s.claim.statement}",
                    f"  “{s.claim.quote}”",
                    f"  endorsed by: {', '.join(a.name for a in s.endorsers)}"
                    f"; contradicted by: {', '.join(a.name for a in s.opponents) or 'nobody'}"
                    f"; relations with other authors: {s.cross_author_degree}",
                ]
            )
        )
    blocks.append(f"({len(standings)} claim{'s' if len(standings) != 1 else ''})")
    return "\n\n".join(blocks)


# ---------------------------------------------------------------- Markdown pieces (the CLI's md formats and the Markdown report)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_text(text: str) -> str:
    """Text safe in a Markdown table cell: HTML and Markdown syntax shown as written, one line."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def md_table(headers: list[str], rows: list[list[str]]) -> str:
    """A pipe table; the cells must already be md_text-safe."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- the stance grid

STANCE_FORMATS = ("table", "csv", "json", "md")
STANCE_NOTE = ("affirms / denies: the author's own view (the date of their latest source on it); mixed: their latest "
               "claims on it go both ways; reports: only someone else's view, whose; * implied by the author's relation "
               "to a claim on the question; blank: silent.")


def stance_cell_text(cell: Cell) -> str:
    """"affirms 2017-04-03", "denies* 2016", "reports Moscow", "mixed 2015", or "" for silent."""
    if cell.stance is Stance.SILENT:
        return ""
    if cell.stance is Stance.REPORTS:
        return "reports " + "; ".join(f"{v.holder} ({v.stance.value})" for v in cell.reported)
    text = cell.stance.value + ("*" if cell.implied else "")
    return f"{text} {cell.date}" if cell.date else text


def _stance_record(grid: StanceGrid, row: StanceRow) -> dict:
    names = {a.id: a.name for a in grid.authors}
    return {
        "proposition": row.proposition,
        "topic": row.topic,
        "text": row.text,
        "contested": row.contested,
        "cells": {
            names[author]: {
                "stance": cell.stance.value,
                "claims": list(cell.claims),
                "date": cell.date,
                **({"implied": True} if cell.implied else {}),
                **({"reported": [{"holder": v.holder, "stance": v.stance.value, "claims": list(v.claims)} for v in cell.reported]}
                   if cell.reported else {}),
            }
            for author, cell in row.cells.items()  # those who speak; every other author is silent
        },
    }


def format_stances(grid: StanceGrid, fmt: str) -> str:
    """The grid as a table (one column per author who speaks), long-form csv (one line per non-silent cell), json
    (a list of {proposition, text, cells: {author: {stance, claims, date}}}, cells for the authors who speak: an
    author not in cells is silent; at 1,000 articles that is 8,000 cells instead of 225,000) or md."""
    if fmt == "json":
        return json.dumps([_stance_record(grid, row) for row in grid.rows], ensure_ascii=False, indent=2)
    names = {a.id: a.name for a in grid.authors}
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["topic", "proposition", "text", "author", "stance", "date", "claims", "implied", "reported"])
        for row in grid.rows:
            for author, cell in row.cells.items():  # only those who speak: silence is every other author
                writer.writerow([row.topic, row.proposition or "", row.text, names[author], cell.stance.value, cell.date or "",
                                 " ".join(cell.claims), "yes" if cell.implied else "",
                                 "; ".join(f"{v.holder}: {v.stance.value}" for v in cell.reported)])
        return out.getvalue().rstrip("\r\n")
    speaking = [a for a in grid.authors if any(a.id in r.cells for r in grid.rows)]
    headers = ["question", "contested", *(a.name for a in speaking)]
    rows = [[row.text, "yes" if row.contested else "", *(stance_cell_text(row.cell(a.id)) for a in speaking)] for row in grid.rows]
    summary = f"{len(grid.rows)} question(s), {len(speaking)} of {len(grid.authors)} author(s) speaking to them."
    if fmt == "md":
        return md_table([md_text(h) for h in headers], [[md_text(c) for c in r] for r in rows]) + f"\n\n{md_text(STANCE_NOTE)} {summary}"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(STANCE_FORMATS)}")
    return render_table(headers, rows, max_width=48) + f"\n\n{STANCE_NOTE} {summary}"
