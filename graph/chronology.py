"""Time in the map: sources' partial dates as day ranges, a date window, and predictions checked by later facts.

Dates are as precise as a source gives them (YYYY, YYYY-MM or YYYY-MM-DD), so each stands for a
range of days: "2016" is any day of 2016. Comparisons are made on those ranges and answer only what
is certain: a source is inside a window when its whole range is; a claim is later than another when
its first possible day comes after the other's last. What is uncertain is left out and said so,
never guessed (precision before recall, as for extraction).

Sits beside assemble: it reads an ArgumentMap and its models and nothing else, so the exporters
(the borne-out flag in the Turtle), the map and the analyses can all use it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum

from .assemble import ArgumentMap
from .dates import PARTIAL_DATE_HINT, check_partial_date
from .errors import ArgmapError
from .models import ClaimKind, Relation, RelationKind, Source


class DateError(ArgmapError, ValueError):
    """A date given by the user (e.g. --since) is not a date."""


@dataclass(frozen=True, order=True)
class DayRange:
    """The days a partial date may stand for, both ends included."""

    first: dt.date
    last: dt.date


def day_range(partial: str) -> DayRange:
    """"2016" -> 2016-01-01..2016-12-31, "2016-02" -> 2016-02-01..2016-02-29, "2016-02-03" -> that day.

    Raises DateError for anything else, including impossible days such as 2016-02-30.
    """
    try:
        check_partial_date(partial)
        parts = [int(p) for p in partial.split("-")]
        if len(parts) == 1:
            return DayRange(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31))
        if len(parts) == 2:
            year, month = parts
            return DayRange(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
        day = dt.date(*parts)
        return DayRange(day, day)
    except (ValueError, calendar.IllegalMonthError) as err:
        raise DateError(f"{partial!r} is not a date: {PARTIAL_DATE_HINT} (e.g. 2016 or 2016-07)") from err


@functools.lru_cache(maxsize=4096)  # a corpus has few distinct dates, and analyses ask for them often
def date_days(partial: str | None) -> DayRange | None:
    """The days a recorded date stands for; None when it is unknown (or impossible: seeds are validated
    elsewhere, and an analysis must not fail on what the loader let through)."""
    if not partial:
        return None
    try:
        return day_range(partial)
    except DateError:
        return None


def source_days(source: Source) -> DayRange | None:
    """The days a source's date stands for; None when it is undated."""
    return date_days(source.date)


def certainly_before(earlier: DayRange | None, later: DayRange | None) -> bool:
    """Whether every day `earlier` may stand for comes before every day `later` may: unknown is never before."""
    return earlier is not None and later is not None and earlier.last < later.first


# ---------------------------------------------------------------- a date window


@dataclass(frozen=True)
class Window:
    """--since / --until: both optional partial dates, each end included ("--until 2016" keeps all of 2016)."""

    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        first, last = self.bounds()
        if first and last and first > last:
            raise DateError(f"--since {self.since} is after --until {self.until}: nothing can be in between")

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        return (day_range(self.since).first if self.since else None, day_range(self.until).last if self.until else None)

    @property
    def open(self) -> bool:
        """True when no bound is given: everything is inside."""
        return self.since is None and self.until is None

    def contains(self, days: DayRange | None) -> bool:
        """Whether a source dated `days` certainly lies inside: its whole range does. Undated: only an open window."""
        if self.open:
            return True
        if days is None:
            return False
        first, last = self.bounds()
        return (first is None or days.first >= first) and (last is None or days.last <= last)

    def describe(self) -> str:
        """"2016-07 to 2017", "since 2016-07", "until 2016", or "" for an open window."""
        if self.since and self.until:
            return f"{self.since} to {self.until}"
        return f"since {self.since}" if self.since else f"until {self.until}" if self.until else ""


@dataclass(frozen=True)
class Restricted:
    """A map cut to a window, and the sources left out because their date is unknown or straddles a bound."""

    amap: ArgumentMap
    uncertain: tuple[Source, ...]  # dated too vaguely, or not at all, to say whether they are inside

    def note(self, window: Window) -> str:
        """One line for the reader about what the window left out for want of a precise date; "" if nothing."""
        if not self.uncertain:
            return ""
        listed = ", ".join(f"{s.id} ({s.date or 'undated'})" for s in self.uncertain[:5])
        more = f" and {len(self.uncertain) - 5} more" if len(self.uncertain) > 5 else ""
        return (f"left out {len(self.uncertain)} source(s) whose date is not certainly {window.describe()}: "
                f"{listed}{more}")


def restrict(amap: ArgumentMap, window: Window) -> Restricted:
    """The sources certainly inside the window, their claims, and the relations among those claims.

    Propositions and rules stay (they are vocabulary, not statements made at a time).
    """
    if window.open:
        return Restricted(amap, ())
    kept, uncertain, first, last = [], [], *window.bounds()
    for source in amap.sources:
        days = source_days(source)
        if window.contains(days):
            kept.append(source)
        elif days is None or (first is None or days.last >= first) and (last is None or days.first <= last):
            uncertain.append(source)  # it overlaps the window, or nobody knows: neither in nor certainly out
    kept_ids = {s.id for s in kept}
    claims = tuple(c for c in amap.claims if c.source_id in kept_ids)
    claim_ids = {c.id for c in claims}
    relations = tuple(r for r in amap.relations if r.from_id in claim_ids and r.to_id in claim_ids)
    suggestions = tuple(r for r in amap.suggestions if r.from_id in claim_ids and r.to_id in claim_ids)
    cut = amap.model_copy(update={"sources": tuple(kept), "claims": claims, "relations": relations, "suggestions": suggestions})
    return Restricted(cut, tuple(uncertain))


# ---------------------------------------------------------------- predictions checked by later facts


class Outcome(StrEnum):
    """What a later factual claim says of an earlier prediction it is related to."""

    BORNE_OUT = "borne-out"  # the fact supports the prediction: it came true
    REFUTED = "refuted"  # the fact contradicts the prediction: it did not


@dataclass(frozen=True)
class PredictionCheck:
    relation_id: str
    outcome: Outcome
    prediction_id: str
    fact_id: str


def prediction_checks(amap: ArgumentMap) -> dict[str, PredictionCheck]:
    """Relations that set a factual claim against a prediction made certainly earlier, by relation id.

    Such a relation is the prediction borne out (supports) or refuted (contradicts), not two analysts
    agreeing or disagreeing: "there was no breakthrough" (2016) supporting "no breakthrough is
    likely" (2015) checks a forecast. Either direction counts (a derived relation's direction is
    only the order of the ids). Claims of unknown kind, undated sources, or a fact not certainly
    later than the prediction give no check.
    """
    claims = {c.id: c for c in amap.claims}
    days = {s.id: source_days(s) for s in amap.sources}
    checks = {}
    for relation in amap.relations:
        check = _check(relation, claims, days)
        if check is not None:
            checks[relation.id] = check
    return checks


def _check(relation: Relation, claims: dict, days: dict[str, DayRange | None]) -> PredictionCheck | None:
    ends = (claims[relation.from_id], claims[relation.to_id])
    for fact, prediction in (ends, ends[::-1]):
        if fact.kind is ClaimKind.FACT and prediction.kind is ClaimKind.PREDICTION:
            if certainly_before(days[prediction.source_id], days[fact.source_id]):
                outcome = Outcome.BORNE_OUT if relation.kind is RelationKind.SUPPORTS else Outcome.REFUTED
                return PredictionCheck(relation.id, outcome, prediction.id, fact.id)
    return None
