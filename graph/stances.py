"""Stage 3, analyse: the stance grid, where each author stands on each question the corpus shares.

A *question* (a row) is what several authors speak to: a shared proposition, a statement that rule
extraction found in several articles (one normalized key), or a single claim that authors dispute.
Each author's *cell* says whether they affirm it, deny it, only report someone else's view of it
(with the holder), or are silent, with the claims and the date behind that.

A claim stating the proposition speaks for its author directly. A curated relation speaks
indirectly: an author whose claim contradicts a claim on the row denies what that claim says (the
cell is marked implied). A relation that checks an earlier prediction against a later fact
(chronology.prediction_checks) implies no stance: the fact's author did not take a side on a
forecast. Each relation contributes to one row only, its target's, so one disagreement is one row.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, computed_field

from .assemble import ArgumentMap
from .chronology import date_days, prediction_checks
from .models import Author, Claim, Method, Polarity, RelationKind


class _Result(BaseModel):
    """Results built here from already-validated models are made with model_construct (no second
    validation): at 1,000 articles the grid has some 50,000 cells and positions."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Stance(StrEnum):
    AFFIRMS = "affirms"
    DENIES = "denies"
    MIXED = "mixed"  # the author's latest claims on it both affirm and deny it
    REPORTS = "reports"  # the author only reports someone else's view of it
    SILENT = "silent"


def topic_of(claim: Claim) -> str:
    """The question a claim speaks to: its shared proposition, else its rule key, else the claim itself."""
    if claim.proposition_id:
        return f"proposition:{claim.proposition_id}"
    if claim.triple_key:
        return f"claim-key:{claim.triple_key}"
    return f"claim:{claim.id}"


def voice_of(claim: Claim) -> str:
    """Whose view a claim states: "" for its author's own, else the holder, by its normalized actor
    where extraction found one ("Putin", "the Kremlin" -> Russia), else as written (case and spacing
    normalized)."""
    if not claim.holder:
        return ""
    # holder_actor is extraction's field (see NOTICES.md); read softly until it is on every branch.
    return " ".join((getattr(claim, "holder_actor", None) or claim.holder).lower().split())


def stance_of(polarity: Polarity) -> Stance:
    return Stance.AFFIRMS if polarity is Polarity.AFFIRMED else Stance.DENIES


class ReportedView(_Result):
    """A view that an author reports someone else holding on the question."""

    holder: str  # as the article names them
    stance: Stance  # affirms or denies: the holder's view
    claims: tuple[str, ...]


class Cell(_Result):
    """One author on one question."""

    stance: Stance
    claims: tuple[str, ...] = ()  # the claims behind the stance (own voice, or implied), oldest first
    date: str | None = None  # the newest date among them: when the author last said so
    reported: tuple[ReportedView, ...] = ()
    implied: bool = False  # the stance comes from a relation to a claim on the row, not from a claim stating it


SILENT = Cell(stance=Stance.SILENT)


class Position(_Result):
    """One author's stance on a question in one source: a point of the question's timeline."""

    date: str | None
    author: str  # author id
    source: str
    stance: Stance
    claims: tuple[str, ...]
    holder: str | None = None  # for a reported view: whose
    implied: bool = False


class StanceRow(_Result):
    topic: str  # "proposition:<id>", "claim-key:<key>" or "claim:<id>"
    proposition: str | None  # the proposition's id, for proposition rows
    text: str
    cells: dict[str, Cell]  # author id -> cell, for the authors who speak to it (the others: cell() says silent)
    timeline: tuple[Position, ...]  # every position taken, oldest first (undated last)

    def cell(self, author: str) -> Cell:
        """The author's cell; silent when they do not speak to the question."""
        return self.cells.get(author, SILENT)

    @computed_field
    @property
    def contested(self) -> bool:
        """Some author affirms it and another denies it."""
        stances = {c.stance for c in self.cells.values()}
        return Stance.MIXED in stances or {Stance.AFFIRMS, Stance.DENIES} <= stances

    def speaking(self) -> list[str]:
        """Authors who are not silent on it, by id."""
        return list(self.cells)


class StanceGrid(_Result):
    authors: tuple[Author, ...]  # by id
    rows: tuple[StanceRow, ...]  # most voices first, contested before agreed, then by text

    def row(self, topic: str) -> StanceRow:
        for row in self.rows:
            if row.topic == topic:
                return row
        raise KeyError(topic)


def stance_grid(amap: ArgumentMap) -> StanceGrid:
    """One row per question that at least two authors speak to (own view, reported or implied), and per
    claim that another author disputes; a cell per author."""
    author_of = {c.id: amap.author_of(c).id for c in amap.claims}
    claims = {c.id: c for c in amap.claims}
    authors = sorted({s.author.id: s.author for s in amap.sources}.values(), key=lambda a: a.id)
    texts = {f"proposition:{p.id}": p.text for p in amap.propositions}
    # (topic, author) -> stated claims; (topic, author) -> implied (claim, stance)
    stated: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for claim in amap.claims:
        stated[topic_of(claim)][author_of[claim.id]].append(claim)
    implied: dict[str, dict[str, list[tuple[Claim, Stance]]]] = defaultdict(lambda: defaultdict(list))
    checks = prediction_checks(amap)
    for relation in amap.relations:
        if relation.method is Method.DERIVED or relation.id in checks:
            continue  # derived relations join claims of one question; checks take no side
        source, target = claims[relation.from_id], claims[relation.to_id]
        topic = topic_of(target)
        if author_of[source.id] == author_of[target.id] or topic_of(source) == topic or voice_of(source) or voice_of(target):
            continue
        said = stance_of(target.polarity)
        if relation.kind is RelationKind.CONTRADICTS:
            said = Stance.DENIES if said is Stance.AFFIRMS else Stance.AFFIRMS
        implied[topic][author_of[source.id]].append((source, said))

    rows = []
    for topic in sorted(set(stated) | set(implied)):
        if len(stated[topic].keys() | implied[topic].keys()) < 2 or (topic.startswith("claim:") and not implied[topic]):
            continue  # one voice is no question; a claim is a question only when another author takes a side
        cells: dict[str, Cell] = {}
        timeline: list[Position] = []
        for author, own in stated[topic].items():
            cells[author], positions = _stated_cell(author, own, amap)
            timeline += positions
        for author, found in implied[topic].items():
            if author not in cells or cells[author].stance is Stance.REPORTS:
                cells[author], positions = _implied_cell(author, found, amap, cells[author].reported if author in cells else ())
                timeline += positions
        row = StanceRow.model_construct(
            topic=topic,
            proposition=topic.removeprefix("proposition:") if topic.startswith("proposition:") else None,
            text=texts.get(topic) or min((c for cs in stated[topic].values() for c in cs), key=lambda c: c.id).statement,
            cells=dict(sorted(cells.items())),
            timeline=tuple(sorted(timeline, key=_chronological)),
        )
        if not topic.startswith("claim:") or row.contested:
            rows.append(row)
    rows.sort(key=lambda r: (-len(r.speaking()), not r.contested, r.text, r.topic))
    return StanceGrid(authors=tuple(authors), rows=tuple(rows))


def _date_key(date: str | None) -> tuple:
    """Oldest first by the first day a date may stand for ("2016" before "2016-07-23"); undated last."""
    days = date_days(date)
    return (days is None, days.first if days else None, date or "")


def _chronological(position: Position) -> tuple:
    return (*_date_key(position.date), position.author, position.source, position.claims)


def _stated_cell(author: str, own: list[Claim], amap: ArgumentMap) -> tuple[Cell, list[Position]]:
    """The cell of an author whose claims state the question: own voice first, reported views beside it."""
    positions = []
    by_source_voice: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in sorted(own, key=lambda c: c.id):
        by_source_voice[(claim.source_id, voice_of(claim))].append(claim)
    for (source_id, voice), group in sorted(by_source_voice.items()):
        polarities = {c.polarity for c in group}
        stance = stance_of(next(iter(polarities))) if len(polarities) == 1 else Stance.MIXED
        positions.append(Position.model_construct(date=amap.source(source_id).date, author=author, source=source_id, stance=stance,
                                  claims=tuple(c.id for c in group), holder=group[0].holder if voice else None))
    mine = [p for p in positions if p.holder is None]
    reported = _reported_views([c for c in own if voice_of(c)])
    if not mine:
        latest = max((p.date for p in positions if p.date), default=None)
        return Cell.model_construct(stance=Stance.REPORTS, claims=(), date=latest, reported=reported), positions
    return _latest_cell(mine, reported), positions


def _implied_cell(author: str, found: list[tuple[Claim, Stance]], amap: ArgumentMap,
                  reported: tuple[ReportedView, ...]) -> tuple[Cell, list[Position]]:
    by_source: dict[str, list[tuple[Claim, Stance]]] = defaultdict(list)
    for claim, stance in sorted(found, key=lambda f: f[0].id):
        by_source[claim.source_id].append((claim, stance))
    positions = []
    for source_id, group in sorted(by_source.items()):
        stances = {s for _, s in group}
        positions.append(Position.model_construct(date=amap.source(source_id).date, author=author, source=source_id,
                                  stance=next(iter(stances)) if len(stances) == 1 else Stance.MIXED,
                                  claims=tuple(dict.fromkeys(c.id for c, _ in group)), implied=True))
    cell = _latest_cell(positions, reported)
    return cell.model_copy(update={"implied": True}), positions


def _latest_cell(positions: list[Position], reported: tuple[ReportedView, ...]) -> Cell:
    """An author's stance is what their latest dated source says (an author may change their mind);
    when no source is dated, or the latest sources disagree, and the stances differ: mixed."""
    ordered = sorted(positions, key=_chronological)
    dated = [p for p in ordered if p.date]
    latest_date = max((p.date for p in dated), default=None)
    # Sources of one partial date ("2016" and "2016-07") cannot be ordered: the latest are all those
    # not certainly before the newest one.
    days = {p.date: date_days(p.date) for p in dated}
    newest = max((d for d in days.values() if d), default=None)
    current = [p for p in dated if not (days[p.date] and days[p.date].last < newest.first)] if newest else ordered
    stances = {p.stance for p in current}
    stance = next(iter(stances)) if len(stances) == 1 else Stance.MIXED
    claims = tuple(dict.fromkeys(c for p in ordered for c in p.claims))
    return Cell.model_construct(stance=stance, claims=claims, date=latest_date, reported=reported)


def _reported_views(claims: list[Claim]) -> tuple[ReportedView, ...]:
    by_holder: dict[str, list[Claim]] = defaultdict(list)
    for claim in sorted(claims, key=lambda c: c.id):
        by_holder[voice_of(claim)].append(claim)
    views = []
    for group in by_holder.values():
        polarities = {c.polarity for c in group}
        views.append(ReportedView.model_construct(holder=group[0].holder or "", claims=tuple(c.id for c in group),
                                  stance=stance_of(next(iter(polarities))) if len(polarities) == 1 else Stance.MIXED))
    return tuple(sorted(views, key=lambda v: v.holder))


__all__ = ["Cell", "Position", "ReportedView", "Stance", "StanceGrid", "StanceRow", "stance_grid", "topic_of", "voice_of"]
