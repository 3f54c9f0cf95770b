"""The report a reader opens or attaches (`argmap report`), as HTML or Markdown.

No analysis here: it lays out what analyze.py, stances.py and diff.py computed, with the views of
html_views.py (which the notebook shows too). Its first screen answers "who agrees with whom, on
what, how strongly, and since when". The HTML report is one self-contained file (inline CSS, the
heatmap as inline SVG, the map's fragment with its own script) that makes no network request.
Corpus text is escaped everywhere: by Jinja's autoescape and markupsafe in the HTML, by matplotlib
in the SVG, by `md_text` in the Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote as url_quote

from markupsafe import Markup

from .analyze import AgreementMatrix, AuthorPair, ClaimStanding, MapSummary
from .diff import MapDiff
from .formatting import md_table, md_text, stance_cell_text
from .html_views import (
    agreement_heatmap_svg,
    diff_html,
    heatmap_description,
    pairs_html,
    question_rows,
    references,
    stance_grid_html,
    standings_html,
    timeline_html,
)
from .models import Claim, Relation, RuleInfo, Source
from .stances import StanceGrid
from .templating import environment

REPORT_ROWS_SHOWN = 10  # questions listed open per table; the rest unfold on a click
REPORT_GRID_ROWS = 60  # rows of the stance grid in the report (all of them: argmap stances)
REPORT_PAIRS = 40  # author pairs listed (all of them: argmap agree)
MAP_TITLE = "The argument map"
_URL_SAFE = ":/?#@!$&'*+,;=%~"  # everything else (spaces, brackets, <, >, quotes) is percent-encoded


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
    fragment: str = ""  # the interactive map (map_page.render_fragment); the Markdown has none
    grid: StanceGrid | None = None
    claims: dict[str, Claim] = field(default_factory=dict)
    window: str = ""  # "since 2016-07", or "" for every source
    window_note: str = ""  # what the window left out for want of a precise date
    changes: MapDiff | None = None  # against the build named by `against`
    against: str = ""
    suggestions: tuple[SuggestedLink, ...] = ()  # the strongest suggested links, best first (not counted anywhere above)

    @property
    def period(self) -> str:
        """The sources' dates, first to last ("2015-02-02 to 2017-04-03")."""
        dates = sorted(s.date for s in self.sources.values() if s.date)
        return f"{dates[0]} to {dates[-1]}" if dates else "undated"


# ---------------------------------------------------------------- the first screen


def _strongest(pairs: list[AuthorPair], agree: bool) -> AuthorPair | None:
    side = [p for p in pairs if p.n and (p.shrunken_index > 0 if agree else p.shrunken_index < 0)]
    return max(side, key=lambda p: ((p.shrunken_index if agree else -p.shrunken_index), p.n), default=None)


def glance(data: ReportData) -> list[Markup]:
    """The first screen's sentences: who agrees with whom, on what, how strongly, since when."""
    lines = []
    pairs = list(data.matrix.pairs)
    questions = data.matrix.questions
    for agree in (True, False):
        pair = _strongest(pairs, agree)
        if pair is None:
            continue
        kind = "supports" if agree else "contradicts"
        # An example question: one both state (a shared proposition) before a relation between two claims.
        points = sorted((p for p in pair.points if p.kind.value == kind), key=lambda p: (len(p.topics), not p.topics[0].startswith("proposition:")))
        on = [questions[p.topics[0]] for p in points]
        lines.append(Markup("<b>{}</b>: {} and {} — {} on {} of the {} {} where they meet (index {:+.2f}, "
                            "95% interval {:+.2f} to {:+.2f}), since {}; for example on “{}”.").format(
            "Most in agreement" if agree else "Most at odds", pair.author_a.name, pair.author_b.name,
            "agree" if agree else "disagree", pair.supports if agree else pair.contradicts, pair.n,
            "question" if pair.n == 1 else "questions", pair.agreement_index,
            pair.interval[0], pair.interval[1], pair.since or "an unknown date", on[0] if on else "?"))
    if data.grid is not None:
        contested = [r for r in data.grid.rows if r.contested]
        if contested:
            row = contested[0]
            names = {a.id: a.name for a in data.grid.authors}
            yes = [names[a] for a, c in row.cells.items() if c.stance.value == "affirms"]
            no = [names[a] for a, c in row.cells.items() if c.stance.value == "denies"]
            lines.append(Markup("<b>Most contested question</b> ({} of {} questions are contested): “{}” — affirmed by {}; denied by {}.").format(
                len(contested), len(data.grid.rows), row.text, ", ".join(yes) or "nobody", ", ".join(no) or "nobody"))
    borne = sum(p.borne_out for p in pairs)
    refuted = sum(p.refuted for p in pairs)
    if borne or refuted:
        lines.append(Markup("<b>Forecasts checked by later facts</b>: {} borne out, {} refuted (not counted as agreement).").format(borne, refuted))
    if data.changes is not None:
        lines.append(Markup("<b>Since {}</b>: {}.").format(data.against, data.changes.summary()))
    return lines


# ---------------------------------------------------------------- HTML


def render_report_html(data: ReportData) -> str:
    """The whole report as one self-contained HTML page."""
    claims = data.claims
    return environment().get_template("report.html.j2").render(
        data=data,
        glance=glance(data),
        summary_rows=data.summary.rows() + [("RDF triples", data.triples)],
        heatmap=Markup(agreement_heatmap_svg(data.matrix)),
        heatmap_text=heatmap_description(data.matrix),
        pairs=pairs_html(data.matrix, limit=REPORT_PAIRS),
        grid=stance_grid_html(data.grid, claims, data.sources, limit=REPORT_GRID_ROWS) if data.grid else "",
        timeline=timeline_html(data.grid, claims, limit=REPORT_GRID_ROWS) if data.grid else "",
        consensus=standings_html(data.consensus, data.sources, show=REPORT_ROWS_SHOWN),
        contested=standings_html(data.contested, data.sources, show=REPORT_ROWS_SHOWN),
        changes=diff_html(data.changes) if data.changes is not None else "",
        references=references(list(data.sources.values())),  # plain text: the template escapes it
        fragment=Markup(data.fragment),
    )


# ---------------------------------------------------------------- Markdown


def _md_source(source: Source) -> str:
    title = f"*{md_text(source.title)}*"
    if source.url:
        title = f"[{title}]({url_quote(source.url, safe=_URL_SAFE)})"
    return f"{md_text(source.author.name)}, {title}" + (f", {source.date}" if source.date else "")


def _md_standings(standings: list[ClaimStanding], sources: dict[str, Source]) -> str:
    if not standings:
        return "None."
    rows = []
    for group in question_rows(standings):
        endorsers = sorted({a.name for s in group for a in s.endorsers})
        opponents = sorted({a.name for s in group for a in s.opponents})
        rows.append([
            "<br>".join(("(denies) " if s.claim.polarity == "denied" else "") + md_text(s.claim.statement) + f" (`{s.claim.id}`)" for s in group),
            "<br>".join("“" + md_text(s.claim.quote) + "”" for s in group),
            "<br>".join(_md_source(sources[s.claim.source_id]) for s in group),
            md_text(", ".join(endorsers)),
            md_text(", ".join(opponents)) or "nobody",
        ])
    return md_table(["claim", "quote", "source", "endorsed by", "contradicted by"], rows)


def _md_glance(data: ReportData) -> str:
    return "\n".join("- " + md_text(Markup(line).striptags()) for line in glance(data))


def _md_grid(data: ReportData) -> str:
    if data.grid is None or not data.grid.rows:
        return "None."
    speaking = [a for a in data.grid.authors if any(a.id in r.cells for r in data.grid.rows)]
    rows = [[md_text(r.text) + (" (contested)" if r.contested else ""), *(md_text(stance_cell_text(r.cell(a.id))) for a in speaking)]
            for r in data.grid.rows]
    return md_table(["question", *(md_text(a.name) for a in speaking)], rows)


def _md_timeline(data: ReportData) -> str:
    if data.grid is None:
        return "None."
    names = {a.id: a.name for a in data.grid.authors}
    blocks = []
    for row in data.grid.rows:
        lines = [f"**{md_text(row.text)}**" + (" (contested)" if row.contested else "")]
        for p in row.timeline:
            who = f"{names[p.author]} reports {p.holder} ({p.stance.value})" if p.holder else f"{names[p.author]} {p.stance.value}"
            quotes = " ".join("“" + md_text(data.claims[c].quote) + "”" for c in p.claims if c in data.claims)
            lines.append(f"- {p.date or 'undated'}: {md_text(who)}{' (implied by a relation)' if p.implied else ''}: {quotes}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _md_pairs(matrix: AgreementMatrix) -> str:
    pairs = sorted((p for p in matrix.pairs if p.n), key=lambda p: (-p.n, -p.shrunken_index, p.author_a.name, p.author_b.name))
    rows = [[md_text(f"{p.author_a.name} and {p.author_b.name}"), str(p.supports), str(p.contradicts), str(p.n), f"{p.agreement_index:+.2f}",
             f"{p.interval[0]:+.2f} to {p.interval[1]:+.2f}", p.since or "undated"] for p in pairs]
    return md_table(["authors", "agree", "disagree", "n", "index", "95% interval", "since"], rows) if rows else "No two authors' claims meet."


def render_report_markdown(data: ReportData) -> str:
    """The report as Markdown for pasting into a document: the heatmap becomes tables, the map a pointer."""
    authors = list(data.matrix.authors)
    heat_rows = []
    for a in authors:
        cells = [f"**{md_text(a.name)}**"]
        for b in authors:
            pair = None if a.id == b.id else data.matrix.pair(a.id, b.id)
            cells.append("—" if pair is None else "" if pair.agreement_index is None else f"{pair.agreement_index:+.2f} (n={pair.n})")
        heat_rows.append(cells)
    window = f" Sources {md_text(data.window)} only; {md_text(data.window_note)}." if data.window else ""
    parts = [
        f"# {md_text(data.title)}",
        f"Made with argmap {data.version}; dated {data.date or 'undated'} ({data.date_basis}). "
        f"{data.summary.claims} claims by {data.summary.authors} authors in {data.summary.sources} sources, {data.period}.{window}",
        "## At a glance",
        _md_glance(data),
        "## Agreement between authors",
        "For each pair of authors, the questions on which their claims meet, counted once each (a proposition both state is one "
        "question, however many claims state it): agree, disagree, n, the index (agree − disagree) / n, and its 95% interval "
        "under a uniform prior (one point says little). Predictions borne out or refuted by the other's later facts are not counted.",
        _md_pairs(data.matrix),
        md_table(["", *(md_text(a.name) for a in authors)], heat_rows),
        "## Where each author stands",
        "affirms / denies: the author's own view, with the date of their latest source on it; * implied by the author's relation "
        "to a claim on the question; reports: only someone else's view; blank: silent.",
        _md_grid(data),
        "## Positions over time",
        _md_timeline(data),
        "## Contested claims",
        "Endorsed by some authors and contradicted by others, one row per question; most evenly split first.",
        _md_standings(data.contested, data.sources),
        "## Consensus claims",
        "Endorsed by at least two authors and contradicted by none, one row per question.",
        _md_standings(data.consensus, data.sources),
        *(("## What changed", md_text(f"Against {data.against}: {data.changes.summary()}.")) if data.changes is not None else ()),
        "## Suggested links to review",
        "Proposed by text similarity for rule-extracted claims and not checked by a person, so not counted above; "
        "the strongest first. Accept or reject them with `argmap review SOURCE`.",
        _md_suggestions(data),
        "## The interactive map",
        "Not part of the Markdown: open the HTML report (`argmap report`) or `build/argmap.html` (`argmap build`).",
        "## Sources",
        "\n".join(f"- {md_text(entry)}" for entry in references(list(data.sources.values()))),
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
    return md_table(["score", "claim", "stance", "other claim", "why"], rows)


def _md_made(data: ReportData) -> str:
    s = data.summary
    lines = [
        f"{s.claims_curated} claims curated by hand (each with a verbatim quote), {s.claims_extracted} found by extraction "
        f"rules; relations: " + ", ".join(f"{n} {what}" for what, n in s.relations.items()) + ".",
        "",
        "Extraction rules:",
        "",
        md_table(["rule", "what it finds", "claims"], [[f"`{r.name}`", md_text(r.label), str(s.extracted_by_rule.get(r.name, 0))] for r in data.rules])
        if data.rules else "None (curated claims only).",
        "",
        "Inputs (sha256):",
        "",
        md_table(["file", "sha256"], [[md_text(f.name), f"`{f.sha256}`"] for f in data.inputs]),
    ]
    return "\n".join(lines)
