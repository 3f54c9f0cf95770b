"""The models at argmap's stage boundaries.

Two families: *records* mirror what a person writes in seeds/ (strict: unknown keys and wrong
types are errors), and *domain* models are what the stages pass on (resolved ids, computed spans).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .dates import PARTIAL_DATE

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
# As precise as known: a year, a year and month, or a full date (see dates.py).
PartialDate = Annotated[str, StringConstraints(pattern=f"^{PARTIAL_DATE.pattern}$")]


def slugify(label: str) -> str:
    """A stable IRI-safe id for a free-text label ("Japan–Russia relations" -> "japan-russia-relations")."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "unnamed"


class Polarity(StrEnum):
    """The author's stance on a claim's statement."""

    AFFIRMED = "affirmed"  # the author holds the statement true
    DENIED = "denied"  # the author holds the statement false


class ClaimKind(StrEnum):
    """What sort of proposition a claim is (am:kind)."""

    FACT = "fact"  # a fact or an event: how things are or what happened
    ASSESSMENT = "assessment"  # an evaluation: moderate, symbolic, important, a threat
    PREDICTION = "prediction"  # what will (or is likely to) happen
    GOAL = "goal"  # a goal someone pursues, or a recommendation (what should be done)
    BELIEF = "belief"  # a perception or belief someone holds

    @property
    def label(self) -> str:
        """The kind in a reader's words (as ontology/argmap.ttl labels it)."""
        return {"fact": "fact or event", "goal": "goal or recommendation", "belief": "perception or belief"}.get(self.value, self.value)


class RelationKind(StrEnum):
    """How one claim bears on another."""

    SUPPORTS = "supports"  # if the first is true, the second becomes more credible
    CONTRADICTS = "contradicts"  # the two cannot both be fully true as their authors mean them


class Method(StrEnum):
    """How a claim or relation came into the graph."""

    CURATED = "curated"  # recorded by hand from the article
    RULE_EXTRACTED = "rule-extracted"  # found by a declarative extraction rule
    DERIVED = "derived"  # computed from other statements (e.g. a shared proposition)


class AuthorKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"


# ---------------------------------------------------------------- records (seeds/ files)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class AuthorRecord(_Record):
    name: Text
    kind: Literal["person", "organization"]
    affiliation: Text | None = None


class SourceRecord(_Record):
    title: Text
    author: AuthorRecord | None
    publisher: Text | None
    date: PartialDate | None
    date_note: Text | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None

    @model_validator(mode="after")
    def _unsigned_needs_publisher(self) -> SourceRecord:
        if self.author is None and self.publisher is None:
            raise ValueError(
                "an unsigned source (author: null) needs a publisher, to which its claims are attributed"
            )
        return self


class ClaimRecord(_Record):
    id: Slug
    statement: Text | None = None
    quote: Text
    about: Text
    polarity: Literal["affirmed", "denied"]
    proposition: Slug | None = None
    holder: Text | None = None
    confidence: Annotated[float, Field(gt=0, le=1)] | None = None
    occurrence: Annotated[int, Field(ge=1)] | None = None
    kind: Literal["fact", "assessment", "prediction", "goal", "belief"] | None = None

    @model_validator(mode="after")
    def _statement_or_proposition(self) -> ClaimRecord:
        if self.statement is None and self.proposition is None:
            raise ValueError("a claim needs a statement (or a proposition whose text it takes)")
        return self


class ClaimsFileRecord(_Record):
    source: Slug
    claims: list[dict]  # each item is validated as a ClaimRecord on its own, to locate errors


class PropositionRecord(_Record):
    text: Text


class RelationRecord(_Record):
    from_: Slug = Field(alias="from")
    type: Literal["supports", "contradicts"]
    to: Slug
    rationale: Text


# ---------------------------------------------------------------- domain


class _Domain(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(_Domain):
    """Where a record was written: a path relative to the seeds folder, and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Span(_Domain):
    """A half-open range [start, end) of character offsets in an article's text."""

    start: Annotated[int, Field(ge=0)]
    end: int

    @model_validator(mode="after")
    def _non_empty(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"span end {self.end} must be after start {self.start}")
        return self

    def overlaps(self, other: Span) -> bool:
        """Whether the two ranges share at least one character."""
        return self.start < other.end and other.start < self.end


class Author(_Domain):
    id: Slug
    name: str
    kind: AuthorKind
    affiliation: str | None = None


class Source(_Domain):
    id: Slug
    title: str
    author: Author  # for an unsigned article: its publisher, as an organisation
    signed: bool  # False when the article names no author
    publisher: str | None
    date: str | None
    date_note: str | None
    url: str | None
    text: str = Field(repr=False)  # the article text, as stored in seeds/articles/
    sha256: str


class Proposition(_Domain):
    id: Slug
    text: str


class Claim(_Domain):
    id: Slug
    source_id: Slug
    statement: str
    quote: str
    span: Span
    about: str
    polarity: Polarity
    proposition_id: Slug | None = None
    holder: str | None = None  # who holds the view, in the article's own words ("many Russians")
    holder_actor: str | None = None  # the holder as a normalized actor ("Russia"), beside the words
    confidence: float | None = None
    kind: ClaimKind | None = None  # fact, assessment, prediction, goal or belief, where known
    method: Method = Method.CURATED
    rule: str | None = None  # the extraction rule's name, for rule-extracted claims
    location: Location | None = None  # where a curated claim is recorded
    # The normalized "subject|predicate|object" of a rule-extracted claim, from which relations are
    # derived: claims of different authors with equal triple keys agree (same polarity) or clash
    # (opposite polarity). (Was `key`; issue 15.)
    triple_key: str | None = None
    # Rules whose extracted claim overlapped this curated claim and was dropped in its favour.
    also_found_by: tuple[str, ...] = ()


class RuleInfo(_Domain):
    """What the graph records about an extraction rule: its name (in IRIs) and human label."""

    name: str
    label: str
    kind: str


class Relation(_Domain):
    from_id: Slug
    kind: RelationKind
    to_id: Slug
    rationale: str
    method: Method = Method.CURATED
    derivation_key: str | None = None  # what matched, for derived relations
    location: Location | None = None

    @property
    def id(self) -> str:
        return f"{self.from_id}--{self.kind.value}--{self.to_id}"


class Corpus(_Domain):
    """Everything loaded from seeds/, validated: the output of the load stage."""

    sources: tuple[Source, ...]
    propositions: tuple[Proposition, ...]
    claims: tuple[Claim, ...]
    relations: tuple[Relation, ...]
