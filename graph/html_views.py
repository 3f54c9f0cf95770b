"""HTML views of the analysis results: the notebook displays them, and the report is made of them.

No analysis here: tables, the agreement heatmap and the stance grid laid out from what analyze.py,
stances.py and diff.py computed. Corpus text is escaped everywhere: strings by `html_table` and by
markupsafe's Markup.format, the heatmap's text by matplotlib's SVG writer.
"""

from __future__ import annotations

import io
from collections import defaultdict

import matplotlib
import pyoxigraph as ox
from markupsafe import Markup
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .analyze import AgreementMatrix, ClaimStanding, MapSummary
from .diff import MapDiff
from .map_page import CONTRADICTS_COLOUR, SUPPORTS_COLOUR
from .models import Claim, Source
from .picture import DETERMINISTIC_SVG
from .query import short_term
from .stances import Stance, StanceGrid, topic_of

# From vermilion (they disagree on every question) through white to green (they agree on every one).
HEATMAP_COLOURS = LinearSegmentedColormap.from_list("argmap-agreement", [CONTRADICTS_COLOUR, "#ffffff", SUPPORTS_COLOUR])
HEATMAP_TEXT = "#000000"  # at least 5.4:1 on every shade of the map (its least: pure vermilion; 6.1:1 on green)
NEVER_MEET = "#f0f0f0"


def html_table(headers: list[str], rows: list[list[str | Markup]], css_class: str = "") -> Markup:
    """A table; plain strings are escaped, Markup (already safe HTML) is kept."""
    head = Markup("").join(Markup("<th scope=\"col\">{}</th>").format(h) for h in headers)
    body = Markup("").join(Markup("<tr>{}</tr>").format(Markup("").join(Markup("<td>{}</td>").format(c) for c in row)) for row in rows)
    cls = Markup(' class="{}"').format(css_class) if css_class else ""
    return Markup("<table{}><thead><tr>{}</tr></thead><tbody>{}</tbody></table>").format(cls, head, body)


def source_html(source: Source) -> Markup:
    """Author, title (a link if its URL is known), date."""
    title = Markup("<cite>{}</cite>").format(source.title)
    if source.url:
        title = Markup('<a href="{}" rel="noreferrer">{}</a>').format(source.url, title)
    return Markup("{}, {}{}").format(source.author.name, title, f", {source.date}" if source.date else "")


def standings_html(standings: list[ClaimStanding], sources: dict[str, Source], show: int | None = None) -> Markup:
    """Claims with their quote, source, backers and opponents, one row per question they state (claims
    stating one shared proposition are one row: the proposition is one point, whoever states it);
    past `show` rows, the rest folded."""
    rows = question_rows(standings)
    if show is not None and len(rows) > show:
        folded = _standing_table(rows[show:], sources)
        return _standing_table(rows[:show], sources) + Markup("<details><summary>{} more</summary>{}</details>").format(len(rows) - show, folded)
    return _standing_table(rows, sources)


def question_rows(standings: list[ClaimStanding]) -> list[list[ClaimStanding]]:
    """Standings grouped by the question their claim states, in the order of each group's first claim."""
    groups: dict[str, list[ClaimStanding]] = defaultdict(list)
    for standing in standings:
        groups[topic_of(standing.claim)].append(standing)
    return list(groups.values())


def _claim_line(claim: Claim) -> Markup:
    """A claim's statement as its author puts it: whose view (when reported), denied or not; its id and kind below."""
    denied = "(denies) " if claim.polarity == "denied" else ""
    actor = getattr(claim, "holder_actor", None)  # extraction's normalized actor, beside the article's words
    view = Markup("{}{} (reported): ").format(claim.holder, f" [{actor}]" if actor and actor != claim.holder else "") if claim.holder else ""
    kind = f" · {claim.kind.value}" if claim.kind else ""
    return Markup("{}{}{}<br><small>{}{}</small>").format(view, denied, claim.statement, claim.id, kind)


def _standing_table(rows: list[list[ClaimStanding]], sources: dict[str, Source]) -> Markup:
    cells = []
    for group in rows:
        people = {"endorsers": {}, "opponents": {}}
        for s in group:
            for side in people:
                people[side].update({a.id: a.name for a in getattr(s, side)})
        cells.append([
            Markup("<br>").join(_claim_line(s.claim) for s in group),
            Markup("<br>").join(Markup("<q>{}</q>").format(s.claim.quote) for s in group),
            Markup("<br>").join(source_html(sources[s.claim.source_id]) for s in group),
            ", ".join(sorted(people["endorsers"].values())),
            ", ".join(sorted(people["opponents"].values())) or "nobody",
        ])
    return html_table(["claim", "quote", "source", "endorsed by", "contradicted by"], cells, "claims")


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


# ---------------------------------------------------------------- agreement


def heatmap_shade(shrunken: float) -> str:
    """The colour of a cell: the shrunken index on the vermilion-white-green scale, as #rrggbb."""
    r, g, b, _ = HEATMAP_COLOURS((shrunken + 1) / 2)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def agreement_heatmap_svg(matrix: AgreementMatrix) -> str:
    """The author × author agreement as an SVG heatmap (no XML prolog: ready to inline in HTML).

    Each cell is shaded by the pair's shrunken index (s − c) / (n + 2), so that a pair that met on
    one question looks pale however one-sided, and one that met on nine looks strong; the cell says
    the plain index and n. Light grey: the two never meet. Each cell's rectangle and text carry ids
    (cell-i-j, text-i-j) so that tests can check the contrast of what is drawn.
    """
    authors = list(matrix.authors)
    n = len(authors)
    with matplotlib.rc_context(DETERMINISTIC_SVG):
        # Sized to be shown about 1:1 in the report (one inch, 96 CSS px): its text stays readable.
        fig = Figure(figsize=(1.9 + 0.72 * max(n, 1), 1.3 + 0.58 * max(n, 1)), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_xlim(-0.5, n - 0.5)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_aspect("auto")
        for i, a in enumerate(authors):
            for j, b in enumerate(authors):
                pair = None if i == j else matrix.pair(a.id, b.id)
                fill = "#e4e4e4" if pair is None else NEVER_MEET if pair.n == 0 else heatmap_shade(pair.shrunken_index)
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=fill, edgecolor="#ffffff", linewidth=1.5, gid=f"cell-{i}-{j}"))
                if pair is None:
                    ax.text(j, i, "—", ha="center", va="center", color="#444444", fontsize=10, gid=f"text-{i}-{j}")
                elif pair.n:
                    ax.text(j, i, f"{pair.agreement_index:+.2f}\nn = {pair.n}", ha="center", va="center", fontsize=9.5,
                            color=HEATMAP_TEXT, linespacing=1.3, gid=f"text-{i}-{j}")
        names = [a.name for a in authors]
        ax.set_xticks(range(n), labels=names, rotation=30, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(n), labels=names)
        ax.tick_params(length=0, labelsize=9.5)
        for spine in ax.spines.values():
            spine.set_visible(False)
        scale = matplotlib.cm.ScalarMappable(norm=matplotlib.colors.Normalize(-1, 1), cmap=HEATMAP_COLOURS)
        bar = fig.colorbar(scale, ax=ax, shrink=0.8, ticks=[-1, 0, 1])
        bar.ax.set_yticklabels(["−1 disagree\non all", "0 balanced,\nor thin", "+1 agree\non all"], fontsize=8)
        bar.set_label("shade: (agree − disagree) / (n + 2)", fontsize=8.5)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    return text[text.index("<svg"):]


def heatmap_description(matrix: AgreementMatrix) -> str:
    """A sentence for the heatmap's text alternative: which pairs meet, and the extremes."""
    meeting = [p for p in matrix.pairs if p.n]
    if not meeting:
        return "Agreement heatmap: no two authors' claims meet."
    best = max(meeting, key=lambda p: (p.shrunken_index, p.n))
    worst = min(meeting, key=lambda p: (p.shrunken_index, -p.n))
    return (f"Agreement heatmap of {len(matrix.authors)} authors; {len(meeting)} pairs meet. Strongest agreement: "
            f"{best.author_a.name} and {best.author_b.name} ({best.agreement_index:+.2f}, n = {best.n}); strongest "
            f"disagreement: {worst.author_a.name} and {worst.author_b.name} ({worst.agreement_index:+.2f}, n = {worst.n}). "
            "The table beside it gives every pair.")


def pairs_html(matrix: AgreementMatrix, limit: int | None = None) -> Markup:
    """Who agrees with whom, how strongly and since when: the pairs that meet, most evidence first."""
    pairs = sorted((p for p in matrix.pairs if p.n or p.borne_out or p.refuted), key=lambda p: (-p.n, -p.shrunken_index, p.author_a.name, p.author_b.name))
    shown = pairs if limit is None else pairs[:limit]
    rows = [[
        Markup("{} &amp; {}").format(p.author_a.name, p.author_b.name),
        str(p.supports), str(p.contradicts), str(p.n),
        "" if p.agreement_index is None else f"{p.agreement_index:+.2f}",
        f"{p.interval[0]:+.2f} to {p.interval[1]:+.2f}",
        p.since or "undated",
        f"{p.borne_out} / {p.refuted}" if p.borne_out or p.refuted else "",
    ] for p in shown]
    table = html_table(["authors", "agree", "disagree", "n", "index", "95% interval", "since", "forecasts borne out / refuted"], rows, "pairs")
    if len(shown) < len(pairs):
        table += Markup('<p class="note">{} of {} pairs shown; <code>argmap agree</code> lists them all.</p>').format(len(shown), len(pairs))
    return table


# ---------------------------------------------------------------- stances


STANCE_MARK = {Stance.AFFIRMS: "affirms", Stance.DENIES: "denies", Stance.MIXED: "mixed", Stance.REPORTS: "reports", Stance.SILENT: ""}


def stance_grid_html(grid: StanceGrid, claims: dict[str, Claim], sources: dict[str, Source], limit: int | None = None) -> Markup:
    """The stance grid as a table: a row per question, a column per author who speaks; each cell's
    stance and date, its quotes on hover (and in "Positions over time", as text)."""
    speaking = [a for a in grid.authors if any(a.id in r.cells for r in grid.rows)]
    rows = grid.rows if limit is None else grid.rows[:limit]
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(a.name) for a in speaking)
    body = []
    for row in rows:
        cells = []
        for author in speaking:
            cell = row.cell(author.id)
            if cell.stance is Stance.SILENT:
                cells.append(Markup('<td class="silent"><span class="visually-hidden">silent</span></td>'))
                continue
            quotes = " / ".join(f"“{claims[c].quote}”" for c in (*cell.claims, *(c for v in cell.reported for c in v.claims)) if c in claims)
            word = STANCE_MARK[cell.stance] + ("*" if cell.implied else "")
            if cell.stance is Stance.REPORTS:
                word = "reports " + "; ".join(f"{v.holder} ({v.stance.value})" for v in cell.reported)
            cells.append(Markup('<td class="stance {}" title="{}">{}{}</td>').format(
                cell.stance.value, quotes, word, Markup("<br><small>{}</small>").format(cell.date) if cell.date else ""))
        mark = Markup(' <span class="tag">contested</span>') if row.contested else ""
        body.append(Markup('<tr><th scope="row">{}{}</th>{}</tr>').format(row.text, mark, Markup("").join(cells)))
    table = Markup('<table class="grid"><thead><tr><th scope="col">question</th>{}</tr></thead><tbody>{}</tbody></table>').format(head, Markup("").join(body))
    if len(rows) < len(grid.rows):
        table += Markup('<p class="note">{} of {} questions shown; <code>argmap stances</code> lists them all.</p>').format(len(rows), len(grid.rows))
    return table


def timeline_html(grid: StanceGrid, claims: dict[str, Claim], open_first: int = 3, limit: int | None = None) -> Markup:
    """Positions over time: for each question, who said what when, oldest first, with the quotes."""
    names = {a.id: a.name for a in grid.authors}
    parts = []
    rows = grid.rows if limit is None else grid.rows[:limit]
    for i, row in enumerate(rows):
        items = []
        for p in row.timeline:
            stance = p.stance.value + (" (implied by a relation)" if p.implied else "")
            who = Markup("{} reports {} ({})").format(names[p.author], p.holder, p.stance.value) if p.holder else Markup("{} {}").format(names[p.author], stance)
            quotes = Markup(" ").join(Markup("<q>{}</q>").format(claims[c].quote) for c in p.claims if c in claims)
            items.append(Markup('<li><span class="when">{}</span> {}: {}</li>').format(p.date or "undated", who, quotes))
        summary = Markup("{}{}").format(row.text, Markup(' <span class="tag">contested</span>') if row.contested else "")
        parts.append(Markup('<details{}><summary>{}</summary><ol class="timeline">{}</ol></details>').format(
            Markup(" open") if i < open_first else "", summary, Markup("").join(items)))
    return Markup("").join(parts)


# ---------------------------------------------------------------- references

# A CSL style that citeproc-py ships (author-date, as analysts cite): nothing to fetch, the same everywhere.
CITATION_STYLE = "harvard-cite-them-right.csl"


def references(sources: list[Source]) -> list[str]:
    """The sources as a bibliography, one plain-text entry each: cite.csl_items rendered by citeproc-py
    in CITATION_STYLE, in the style's order. Plain text, to be escaped where it is written: citeproc-py's
    HTML formatter leaves names, publishers and URLs unescaped (the hostile corpus showed it)."""
    import warnings
    from pathlib import Path

    import citeproc
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from .cite import csl_items

    class _Sources:
        def __init__(self, items: list[Source]):
            self.sources = tuple(items)

    items = csl_items(_Sources(sources))
    if not items:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # citeproc-py names the fields it ignores (citation-key, custom)
        data = CiteProcJSON(items)
        style = CitationStylesStyle(str(Path(citeproc.__file__).parent / "data" / "styles" / CITATION_STYLE), validate=False)
        bibliography = CitationStylesBibliography(style, data, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    # With no author the style puts the title first, and citeproc-py (0.11) then prints it a second
    # time in its own place ("“T” (2017) “T”. Intersection."): the second is dropped.
    titles = [item["title"] for item in items if "author" not in item]
    return [_once(entry, next((t for t in titles if entry.count(f"“{t}”") > 1), None)) for entry in rendered]


def _once(entry: str, title: str | None) -> str:
    if title is None:
        return entry
    first = entry.index(f"“{title}”") + len(title) + 2
    return entry[:first] + entry[first:].replace(f" “{title}”", "", 1)


# ---------------------------------------------------------------- changes


def diff_html(diff: MapDiff, limit: int = 30) -> Markup:
    """What changed between two builds: a line, then a table per kind of change (each cut at limit rows)."""
    parts = [Markup("<p>{}.</p>").format(diff.summary()[0].upper() + diff.summary()[1:])]
    for title, changes in (("Claims", diff.claims), ("Relations", diff.relations), ("Stance cells", diff.stances), ("Agreement between authors", diff.agreement)):
        if not changes:
            continue
        rows = [[c.id, c.change, c.before, c.after] for c in changes[:limit]]
        more = Markup('<p class="note">{} more.</p>').format(len(changes) - limit) if len(changes) > limit else ""
        parts.append(Markup("<h3>{}</h3>{}{}").format(title, html_table(["", "change", "before", "after"], rows, "changes"), more))
    return Markup("").join(parts)


__all__ = ["agreement_heatmap_svg", "diff_html", "heatmap_description", "heatmap_shade", "html_table", "pairs_html",
           "question_rows", "solutions_html", "source_html", "srcdoc_iframe", "stance_grid_html", "standings_html",
           "summary_change_html", "summary_html", "timeline_html"]
