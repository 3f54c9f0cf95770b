"""Text, CSV and JSON renderings of the analysis results, for the CLI (no analysis here)."""

from __future__ import annotations

import csv
import io
import json

from .analyze import AgreementMatrix, ClaimStanding, Label
from .tables import render_table

AGREEMENT_COLUMNS = (
    "author_a", "author_b", "supports_curated", "supports_derived", "supports",
    "contradicts_curated", "contradicts_derived", "contradicts", "agreement_index",
)


def _agreement_records(matrix: AgreementMatrix) -> list[dict]:
    return [
        {
            "author_a": p.author_a.name,
            "author_b": p.author_b.name,
            "supports_curated": p.supports_curated,
            "supports_derived": p.supports_derived,
            "supports": p.supports,
            "contradicts_curated": p.contradicts_curated,
            "contradicts_derived": p.contradicts_derived,
            "contradicts": p.contradicts,
            "agreement_index": p.agreement_index,
        }
        for p in sorted(matrix.pairs, key=lambda p: (-(p.supports + p.contradicts), p.author_a.name, p.author_b.name))
    ]


def format_agreement(matrix: AgreementMatrix, fmt: str) -> str:
    """The pairs of authors whose claims meet, most related first, as table, csv or json."""
    records = _agreement_records(matrix)
    if fmt == "json":
        return json.dumps({"authors": [a.name for a in matrix.authors], "pairs": records}, ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=AGREEMENT_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({**r, "agreement_index": "" if r["agreement_index"] is None else f"{r['agreement_index']:.4f}"} for r in records)
        return out.getvalue().rstrip("\r\n")
    headers = ["author A", "author B", "supports (cur+der)", "contradicts (cur+der)", "index"]
    rows = [
        [
            r["author_a"],
            r["author_b"],
            f"{r['supports']} ({r['supports_curated']}+{r['supports_derived']})",
            f"{r['contradicts']} ({r['contradicts_curated']}+{r['contradicts_derived']})",
            f"{r['agreement_index']:+.2f}",
        ]
        for r in records
    ]
    silent = len(matrix.authors) * (len(matrix.authors) - 1) // 2 - len(records)
    note = (
        "index = (supports - contradicts) / (supports + contradicts), from -1 (only contradictions) to +1 (only supports); "
        f"cur = curated, der = derived. {len(matrix.authors)} authors; {silent} pair(s) with no relation not shown."
    )
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
