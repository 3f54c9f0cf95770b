"""Plain-text tables for terminals: the one renderer shared by query results and the analysis reports."""

from __future__ import annotations

# Long cells (quotes) are cut in tables so that rows stay on one line; csv/json keep them whole.
TABLE_CELL_WIDTH = 60


def render_table(headers: list[str], rows: list[list[str]], max_width: int = TABLE_CELL_WIDTH) -> str:
    """Columns padded to their widest cell (cut at max_width with …), a rule under the header."""

    def cut(cell: str) -> str:
        cell = " ".join(cell.split())  # a newline inside a cell would break its row
        return cell if len(cell) <= max_width else cell[: max_width - 1] + "…"

    cells = [[cut(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)
