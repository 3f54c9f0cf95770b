"""The models at argmap's stage boundaries.

Two families: *records* mirror what a person writes in seeds/ (strict: unknown keys and wrong
types are errors), and *domain* models are what the stages pass on (resolved ids, computed spans).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from anyascii import anyascii
from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag, model_validator
from pydantic_core import PydanticCustomError

from .dates import PARTIAL_DATE, check_partial_date

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", "is blank")
    return value


def _calendar_date(value: str) -> str:
    """A date that exists on the calendar (no 2017-02-30, no month 13): see dates.py."""
    try:
        return check_partial_date(value)
    except ValueError as err:
        raise PydanticCustomError("calendar_date", "{problem}", {"problem": str(err)}) from None


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank)]
# As precise as known: a year, a year and month, or a full date, and one that exists (see dates.py).
PartialDate = Annotated[str, StringConstraints(pattern=f"^{PARTIAL_DATE.pattern}$"), AfterValidator(_calendar_date)]


def slugify(label: str) -> str:
    """A stable IRI-safe id for a free-text label ("Japan–Russia relations" -> "japan-russia-relations").

    Letters outside ASCII are transliterated (anyascii), and such a label also gets 8 hex digits of
    a hash of its letters ("Дмитрий Стрельцов" -> "dmitriy-strel-tsov-319b6ab2"), because transliteration
    can merge different names (張偉 and 章偉 are both "zhangwei"): distinct names keep distinct ids,
    and the same name always gets the same one. Case, spacing and punctuation do not count, as for
    ASCII labels ("Chris Miller" and "chris  miller" are one id). ASCII labels keep the plain slug
    they always had, and so does punctuation such as the en dash.
    """
    base = re.sub(r"[^a-z0-9]+", "-", anyascii(label).lower()).strip("-")
    identity = unicodedata.normalize("NFKC", label).casefold()
    letters = "".join(ch for ch in identity if ch.isalnum())
    if base and letters.isascii():
        return base
    # A hash of the letters and digits alone, so that case, spacing and punctuation are ignored here
    # too (a label of punctuation only is hashed whole).
    digest = hashlib.sha256((letters or identity.strip()).encode("utf-8")).hexdigest()[:8]
    return f"{base or 'unnamed'}-{digest}"


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
    SUGGESTED = "suggested"  # proposed by similarity (graph/suggest.py), not accepted by a person


class AuthorKind(StrEnum):
    """What kind of agent a source's claims are attributed to (see Source.author)."""

    PERSON = "person"
    ORGANIZATION = "organization"
    GROUP = "group"  # the co-authors of one source, together (their members are Source.authors)
    UNKNOWN = "unknown"  # the author of one source, whom the text does not name


class Authorship(StrEnum):
    """What the text tells of who wrote it (seeds/README.md gives the attribution rule of each)."""

    SIGNED = "signed"  # it names its author or authors
    UNSIGNED = "unsigned"  # published without a byline, under the publication's name
    UNKNOWN = "unknown"  # written by someone it does not name (e.g. the byline is lost)


# The values `author:` takes in sources.yaml when no author is named.
AUTHORSHIP_WORDS = (Authorship.UNSIGNED.value, Authorship.UNKNOWN.value)


# ---------------------------------------------------------------- records (seeds/ files)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class AuthorRecord(_Record):
    name: Text  # as the byline gives it
    kind: Literal["person", "organization"]
    affiliation: Text | None = None
    # For citation styles that invert names ("Miller, C."): only when known, never guessed from name.
    family: Text | None = None
    given: Text | None = None

    @model_validator(mode="after")
    def _given_needs_family(self) -> AuthorRecord:
        if self.given is not None and self.family is None:
            raise PydanticCustomError("author_name_parts", "`given` without `family`: give the family name too")
        if self.kind == "organization" and (self.family or self.given):
            raise PydanticCustomError("author_name_parts", "an organisation has no family or given name")
        return self


class SourceRecord(_Record):
    title: Text
    # One author, or `unsigned` / `unknown` (see Authorship); several authors go in `authors`. The
    # discriminator picks the branch by type, so that a mistake in a named author is reported once
    # (not again as "not 'unsigned' or 'unknown'").
    author: Annotated[
        Annotated[AuthorRecord, Tag("named")] | Annotated[Literal["unsigned", "unknown"], Tag("word")],
        Discriminator(lambda value: "named" if isinstance(value, dict) else "word"),
    ] | None = None
    authors: Annotated[list[AuthorRecord], Field(min_length=1)] | None = None
    author_note: Text | None = None  # what the text says (or does not) about who wrote it
    publisher: Text | None
    date: PartialDate | None
    date_note: Text | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None

    @model_validator(mode="before")
    @classmethod
    def _author_or_authors(cls, data: object) -> object:
        if isinstance(data, dict):
            has_author, has_authors = "author" in data, "authors" in data
            if has_author and has_authors:
                raise PydanticCustomError("author_choice", "both `author` and `authors` are given: keep one")
            if not has_author and not has_authors:
                raise PydanticCustomError("author_choice", "missing field `author` (or `authors`)")
            author = data.get("author")
            if has_author and author is None:
                raise PydanticCustomError("author_choice", "`author: null` does not say whether the article is unsigned or its author unknown")
            if isinstance(author, str) and author not in AUTHORSHIP_WORDS:
                raise PydanticCustomError("author_choice", "`author` is {value}, which is not a name", {"value": repr(author)})
            if isinstance(author, list):
                raise PydanticCustomError("author_choice", "`author` is a list: several authors go in `authors:`")
        return data

    @model_validator(mode="after")
    def _unsigned_needs_publisher(self) -> SourceRecord:
        if self.author == Authorship.UNSIGNED.value and self.publisher is None:
            raise PydanticCustomError(
                "unsigned_without_publisher", "an unsigned source (author: unsigned) needs a publisher, to which its claims are attributed"
            )
        return self

    @property
    def authorship(self) -> Authorship:
        return Authorship(self.author) if isinstance(self.author, str) else Authorship.SIGNED

    @property
    def named_authors(self) -> list[AuthorRecord]:
        """The authors the byline names, in its order (none for unsigned or unknown)."""
        if self.authors is not None:
            return list(self.authors)
        return [self.author] if isinstance(self.author, AuthorRecord) else []


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
    family: str | None = None  # the name's parts, when the seeds give them (for citations)
    given: str | None = None


class Source(_Domain):
    id: Slug
    title: str
    # Who the source's claims are attributed to: its author; its co-authors together (a GROUP);
    # for an unsigned article its publisher, as an organisation; for an unknown author an
    # UNKNOWN agent of this source alone (never the publisher, never merged with another source).
    author: Author
    authors: tuple[Author, ...] = ()  # the named authors in byline order; empty unless signed
    authorship: Authorship = Authorship.SIGNED
    author_note: str | None = None
    publisher: str | None
    date: str | None
    date_note: str | None
    url: str | None
    text: str = Field(repr=False)  # the article text, as stored in seeds/articles/
    sha256: str

    @model_validator(mode="before")
    @classmethod
    def _from_signed(cls, data: object) -> object:
        # `signed` was a field before authorship told unsigned from unknown: still accepted.
        if isinstance(data, dict) and "signed" in data:
            data = dict(data)
            signed = data.pop("signed")
            data.setdefault("authorship", Authorship.SIGNED if signed else Authorship.UNSIGNED)
        return data

    @model_validator(mode="after")
    def _named_authors(self) -> Source:
        if self.authorship is Authorship.SIGNED and not self.authors:
            object.__setattr__(self, "authors", (self.author,))  # one author: the byline names them
        if self.authorship is not Authorship.SIGNED and self.authors:
            raise ValueError(f"a source whose authorship is {self.authorship.value} names no authors")
        return self

    @property
    def signed(self) -> bool:
        """True when the text names its author or authors."""
        return self.authorship is Authorship.SIGNED


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
    score: float | None = None  # how alike the two claims are, in [0, 1], for suggested relations
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
