"""The report a reader opens or attaches (`argmap report`), as HTML or Markdown; and the notebook's views.

No analysis here: it lays out what analyze.py computed. The HTML report is one self-contained file
(inline CSS, the heatmap as inline SVG, the map's fragment with its own script) that makes no
network request. Corpus text is escaped everywhere: by Jinja's autoescape in the HTML, by
matplotlib in the SVG, by `md_text` in the Markdown.

The small HTML builders (`html_table`, `standings_html`, `solutions_html`, `srcdoc_iframe`,
`agreement_heatmap_svg`) are also what notebooks/explore.ipynb displays.
"""

from __future__ import annotations

import html
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as url_quote

import matplotlib
import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from .analyze import AgreementMatrix, ClaimStanding, MapSummary
from .map_page import CONTRADICTS_COLOUR, SUPPORTS_COLOUR
from .models import Claim, Relation, RuleInfo, Source
from .picture import DETERMINISTIC_SVG
from .query import short_term

TEMPLATES = Path(__file__).parent / "templates"
REPORT_ROWS_SHOWN = 10  # claims listed open per table; the rest unfold on a click
MAP_TITLE = "The argument map"
HEATMAP_COLOURS = LinearSegmentedColormap.from_list("argmap-agreement", [CONTRADICTS_COLOUR, "#ffffff", SUPPORTS_COLOUR])


@dataclass(frozen=True)
class InputFile:
    """One input of the build and its sha256, named relative to the seeds folder (or as 'rules: NAME')."""

    name: str
    sha256: str


@dataclass(frozen=True)
class SuggestedLink:
    """A suggested link the report lists for review: the relation and its two claims."""

    relation: Relation
    claim: Claim
    other: Claim


SUGGESTIONS_SHOWN = 10  # the strongest suggested links the report lists


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, computed by the pipeline."""

    title: str
    date: str  # as precise as known: YYYY, YYYY-MM or YYYY-MM-DD; "" if undated
    date_basis: str  # where the date comes from, in words
    summary: MapSummary
    triples: int
    matrix: AgreementMatrix
    consensus: list[ClaimStanding]
    contested: list[ClaimStanding]
    sources: dict[str, Source]
    rules: tuple[RuleInfo, ...]
    inputs: tuple[InputFile, ...]
    version: str
    fragment: str = ""  # the interactive map (graph.map_page.render_fragment); the Markdown has none
    suggestions: tuple[SuggestedLink, ...] = ()  # the strongest suggested links, best first (not counted anywhere above)


# ---------------------------------------------------------------- heatmap


def agreement_heatmap_svg(matrix: AgreementMatrix) -> str:
    """The author × author agreement index as an SVG heatmap (no XML prolog: ready to inline in HTML).

    Each cell shows supports / contradicts between the two authors' claims; its colour is the
    agreement index, from -1 (only contradictions, vermillion) to +1 (only supports, green), grey
    where the two never meet.
    """
    authors = list(matrix.authors)
    n = len(authors)
    with matplotlib.rc_context(DETERMINISTIC_SVG):
        fig = Figure(figsize=(2.6 + 1.25 * max(n, 1), 1.6 + 0.9 * max(n, 1)), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        values = [[math.nan] * n for _ in range(n)]
        for i, a in enumerate(authors):
            for j, b in enumerate(authors):
                pair = None if i == j else matrix.pair(a.id, b.id)
                if pair is not None and pair.agreement_index is not None:
                    values[i][j] = pair.agreement_index
        image = ax.imshow(values, cmap=HEATMAP_COLOURS.with_extremes(bad="#eeeeee"), vmin=-1, vmax=1)
        for i, a in enumerate(authors):
            for j, b in enumerate(authors):
                if i == j:
                    ax.text(j, i, "—", ha="center", va="center", color="#999999", fontsize=9)
                    continue
                pair = matrix.pair(a.id, b.id)
                if pair.agreement_index is None:
                    continue
                dark = abs(pair.agreement_index) > 0.6
                ax.text(j, i, f"{pair.agreement_index:+.2f}\n{pair.supports} sup / {pair.contradicts} con", ha="center",
                        va="center", fontsize=8, color="white" if dark else "#222222")
        names = [a.name for a in authors]
        ax.set_xticks(range(n), labels=names, rotation=30, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(n), labels=names)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        bar = fig.colorbar(image, ax=ax, shrink=0.8, ticks=[-1, 0, 1])
        bar.ax.set_yticklabels(["−1 only\ncontradicts", "0", "+1 only\nsupports"], fontsize=8)
        bar.set_label("agreement index", fontsize=9)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    return text[text.index("<svg"):]


# ---------------------------------------------------------------- HTML pieces


def html_table(headers: list[str], rows: list[list[str | Markup]], css_class: str = "") -> Markup:
    """A table; plain strings are escaped, Markup (already safe HTML) is kept."""
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c if isinstance(c, Markup) else esc(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    cls = f' class="{esc(css_class)}"' if css_class else ""
    return Markup(f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def source_html(source: Source) -> Markup:
    """Author, title (a link if its URL is known), date."""
    title = Markup("<cite>{}</cite>").format(source.title)
    if source.url:
        title = Markup('<a href="{}" rel="noreferrer">{}</a>').format(source.url, title)
    return Markup("{}, {}{}").format(source.author.name, title, f", {source.date}" if source.date else "")


def standings_html(standings: list[ClaimStanding], sources: dict[str, Source], show: int | None = None) -> Markup:
    """Claims with their quote, source, backers and opponents, as a table; past `show` rows, the rest folded."""
    if show is not None and len(standings) > show:
        rest = standings_html(standings[show:], sources)
        return standings_html(standings[:show], sources) + Markup("<details><summary>{} more</summary>{}</details>").format(len(standings) - show, rest)
    rows = []
    for s in standings:
        denied = "(denies) " if s.claim.polarity == "denied" else ""
        rows.append([
            Markup("{}{}<br><small>{}</small>").format(denied, s.claim.statement, s.claim.id),
            Markup("<q>{}</q>").format(s.claim.quote),
            source_html(sources[s.claim.source_id]),
            ", ".join(a.name for a in s.endorsers),
            ", ".join(a.name for a in s.opponents) or "nobody",
        ])
    return html_table(["claim", "quote", "source", "endorsed by", "contradicted by"], rows, "claims")


def solutions_html(result: ox.QuerySolutions | ox.QueryBoolean, limit: int | None = None) -> Markup:
    """A SPARQL SELECT result (IRIs shortened with argmap's prefixes) or ASK answer, as a table."""
    if isinstance(result, ox.QueryBoolean):
        return Markup("<p>{}</p>").format("true" if bool(result) else "false")
    headers = [v.value for v in result.variables]
    rows = [[short_term(solution[i]) for i in range(len(headers))] for solution in result]
    shown = rows if limit is None else rows[:limit]
    more = f" (first {len(shown)} shown)" if len(shown) < len(rows) else ""
    return html_table(headers, shown) + Markup("<p><small>{} row(s){}</small></p>").format(len(rows), more)


def summary_html(summary: MapSummary, triples: int | None = None) -> Markup:
    """The map's counts as a two-column table."""
    rows = summary.rows() + ([("RDF triples", triples)] if triples is not None else [])
    return html_table(["", "count"], [[what, str(n)] for what, n in rows])


def summary_change_html(changes: list[tuple[str, int, int]]) -> Markup:
    """analyze.compare_summaries as a table: what, before, after, change."""
    return html_table(["", "before", "after", "change"], [[what, str(a), str(b), f"{b - a:+d}" if b != a else ""] for what, a, b in changes])


def srcdoc_iframe(page: str, height: int = 640, title: str = "argmap") -> Markup:
    """A full HTML page inside an iframe (srcdoc): a notebook shows the map with its own CSS and script."""
    # Wrapped in a div: IPython warns about HTML that starts with "<iframe".
    return Markup('<div><iframe srcdoc="{}" title="{}" style="width: 100%; height: {}px; border: 0"></iframe></div>').format(page, title, int(height))


# ---------------------------------------------------------------- the report


def render_report_html(data: ReportData) -> str:
    """The whole report as one self-contained HTML page."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)
    return env.get_template("report.html.j2").render(
        data=data,
        summary_rows=data.summary.rows() + [("RDF triples", data.triples)],
        heatmap=Markup(agreement_heatmap_svg(data.matrix)),
        pairs=_pair_rows(data.matrix),
        consensus=standings_html(data.consensus, data.sources, show=REPORT_ROWS_SHOWN),
        contested=standings_html(data.contested, data.sources, show=REPORT_ROWS_SHOWN),
        fragment=Markup(data.fragment),
    )


def _pair_rows(matrix: AgreementMatrix) -> list[list[str]]:
    pairs = sorted(matrix.pairs, key=lambda p: (-(p.supports + p.contradicts), p.author_a.name, p.author_b.name))
    return [[p.author_a.name, p.author_b.name, str(p.supports), str(p.contradicts), f"{p.agreement_index:+.2f}"] for p in pairs]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_URL_SAFE = ":/?#@!$&'*+,;=%~"  # everything else (spaces, brackets, <, >, quotes) is percent-encoded


def md_text(text: str) -> str:
    """Text safe in a Markdown table cell: HTML and Markdown syntax shown as written, one line."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _md_source(source: Source) -> str:
    title = f"*{md_text(source.title)}*"
    if source.url:
        title = f"[{title}]({url_quote(source.url, safe=_URL_SAFE)})"
    return f"{md_text(source.author.name)}, {title}" + (f", {source.date}" if source.date else "")


def _md_standings(standings: list[ClaimStanding], sources: dict[str, Source]) -> str:
    if not standings:
        return "None."
    rows = [
        [
            ("(denies) " if s.claim.polarity == "denied" else "") + md_text(s.claim.statement) + f" (`{s.claim.id}`)",
            "“" + md_text(s.claim.quote) + "”",
            _md_source(sources[s.claim.source_id]),
            md_text(", ".join(a.name for a in s.endorsers)),
            md_text(", ".join(a.name for a in s.opponents)) or "nobody",
        ]
        for s in standings
    ]
    return _md_table(["claim", "quote", "source", "endorsed by", "contradicted by"], rows)


def render_report_markdown(data: ReportData) -> str:
    """The report as Markdown for pasting into a document: the heatmap becomes a table, the map a pointer."""
    authors = list(data.matrix.authors)
    heat_rows = []
    for a in authors:
        cells = [f"**{md_text(a.name)}**"]
        for b in authors:
            pair = None if a.id == b.id else data.matrix.pair(a.id, b.id)
            cells.append("—" if pair is None else "" if pair.agreement_index is None
                         else f"{pair.agreement_index:+.2f} ({pair.supports}/{pair.contradicts})")
        heat_rows.append(cells)
    parts = [
        f"# {md_text(data.title)}",
        f"Made with argmap {data.version}; dated {data.date or 'undated'} ({data.date_basis}).",
        "## Summary",
        _md_table(["", "count"], [[md_text(what), str(n)] for what, n in data.summary.rows() + [("RDF triples", data.triples)]]),
        "## Agreement between authors",
        "Agreement index = (supports − contradicts) / (supports + contradicts) between the two authors' claims, "
        "from −1 (only contradictions) to +1 (only supports); in brackets: supports/contradicts. Empty: they never meet.",
        _md_table(["", *(md_text(a.name) for a in authors)], heat_rows),
        "## Consensus claims",
        "Endorsed by at least two authors and contradicted by none.",
        _md_standings(data.consensus, data.sources),
        "## Contested claims",
        "Endorsed by some authors and contradicted by others; most evenly split first.",
        _md_standings(data.contested, data.sources),
        "## Suggested links to review",
        "Proposed by text similarity for rule-extracted claims and not checked by a person, so not counted above; "
        "the strongest first. Accept or reject them with `argmap review SOURCE`.",
        _md_suggestions(data),
        "## The interactive map",
        "Not part of the Markdown: open the HTML report (`argmap report`) or `build/argmap.html` (`argmap build`).",
        "## How this was made",
        _md_made(data),
    ]
    return "\n\n".join(parts) + "\n"


def _md_suggestions(data: ReportData) -> str:
    if not data.suggestions:
        return "None."
    rows = [
        [f"{s.relation.score:.2f}",
         md_text(s.claim.statement) + f" ({md_text(data.sources[s.claim.source_id].author.name)}, `{s.claim.id}`)",
         s.relation.kind.value,
         md_text(s.other.statement) + f" ({md_text(data.sources[s.other.source_id].author.name)}, `{s.other.id}`)",
         md_text(s.relation.rationale)]
        for s in data.suggestions
    ]
    return _md_table(["score", "claim", "stance", "other claim", "why"], rows)


def _md_made(data: ReportData) -> str:
    s = data.summary
    lines = [
        f"{s.claims_curated} claims curated by hand (each with a verbatim quote), {s.claims_extracted} found by extraction "
        f"rules; relations: " + ", ".join(f"{n} {what}" for what, n in s.relations.items()) + ".",
        "",
        "Extraction rules:",
        "",
        _md_table(["rule", "what it finds", "claims"], [[f"`{r.name}`", md_text(r.label), str(s.extracted_by_rule.get(r.name, 0))] for r in data.rules])
        if data.rules else "None (curated claims only).",
        "",
        "Inputs (sha256):",
        "",
        _md_table(["file", "sha256"], [[md_text(f.name), f"`{f.sha256}`"] for f in data.inputs]),
    ]
    return "\n".join(lines)
