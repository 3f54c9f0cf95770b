"""Extraction rules and the gazetteer: YAML data files -> a validated RuleSet.

Rules are data, not code: each is a spaCy DependencyMatcher pattern (or several) over the parse,
with the claim kind and statement template a match produces (see graph/data/rules.yaml). The
rules file is validated by pydantic records, item by item, so every problem is reported as
`path:line: rule <name>: what; hint`, like the seeds. This module reads files only; matching and
claim building are graph/extract.py's, which imports this one (never the other way round).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .errors import InputError, Issue
from .inputfiles import UnreadableInput, read_input_file
from .models import SLUG_PATTERN, ClaimKind, RuleInfo
from .yamlfile import LinedMap, LinedSeq, YamlSyntaxError, line_of, load_yaml, plain

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_RULES = DATA_DIR / "rules.yaml"
DEFAULT_GAZETTEER = DATA_DIR / "gazetteer.yaml"
MAX_RULES_BYTES = 5_000_000  # a rules file or gazetteer is hand-edited: megabytes mean a wrong path

KINDS = tuple(kind.value for kind in ClaimKind)
# Pattern node names with a meaning for claim building (graph/extract.py); others only constrain.
NODE_ROLES = ("predicate", "content", "cue", "holder", "subject")
STATEMENT_SLOTS = {"clause": "predicate", "content": "content", "subject": "subject", "rest": "content"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Word = Annotated[str, StringConstraints(min_length=1)]
Confidence = Annotated[float, Field(gt=0, le=1)]


class CuesRecord(_Strict):
    """The `cues:` section: words the claim-building steps read (polarity, hedging, statements)."""

    negation: list[Word] = []
    denying: list[Word] = []
    not_negating_before: list[Word] = []
    hedges: dict[str, Confidence] = {}
    intensifiers: dict[str, Confidence] = {}
    time_words: list[Word] = []
    connectives: list[Word] = []
    framing: list[Word] = []
    self_reference: list[Word] = []
    interior_connectives: list[Word] = []
    needs_antecedent: list[Word] = []
    unique_nouns: list[Word] = []
    national_nouns: list[Word] = []
    explanatory_verbs: list[Word] = []
    sign_verbs: list[Word] = []
    message_nouns: list[Word] = []
    flow_nouns: list[Word] = []
    respondent_nouns: list[Word] = []
    poll_nouns: list[Word] = []
    list_openers: list[Word] = []
    feeling_adjectives: list[Word] = []
    point_nouns: list[Word] = []
    category_nouns: list[Word] = []
    idioms: list[Word] = []
    back_reference: list[Word] = []
    months: list[Word] = []
    leaning_openers: list[Word] = []
    party_nouns: list[Word] = []
    relative_time: list[Word] = []
    deictic_adjectives: list[Word] = []
    evaluative_adverbs: list[Word] = []
    evaluative_verbs: list[Word] = []
    evaluative_nouns: list[Word] = []
    evaluative_adjectives: list[Word] = []
    perception_verbs: list[Word] = []
    placement_verbs: list[Word] = []
    people_nouns: list[Word] = []
    appearance_frames: list[Word] = []
    appearance_verbs: list[Word] = []
    refuting_openers: list[Word] = []
    deictic_days: list[Word] = []
    inferential_adverbs: list[Word] = []
    view_nouns: list[Word] = []
    viewing_verbs: list[Word] = []
    role_nouns: list[Word] = []
    content_nouns: list[Word] = []
    answer_verbs: dict[str, list[Word]] = {}
    occasion_nouns: list[Word] = []
    echo_phrases: list[Word] = []
    likeness_adjectives: list[Word] = []
    grievance_nouns: list[Word] = []
    lodging_verbs: list[Word] = []
    grievance_prepositions: list[Word] = []
    deciding_verbs: list[Word] = []
    decided_acts: list[Word] = []
    quantity_words: list[Word] = []


class RuleRecord(_Strict):
    """One rule as written in the rules file."""

    name: Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
    label: Annotated[str, StringConstraints(min_length=1)]
    kind: Literal["fact", "assessment", "prediction", "goal", "belief"]
    statement: Annotated[str, StringConstraints(min_length=1)]
    patterns: Annotated[list[list[dict[str, Any]]], Field(min_length=1)]
    drop_cue: bool = False
    predicate_key: Annotated[str, StringConstraints(min_length=1)] | None = None
    negated_cue: Literal["denies", "no-claim"] = "denies"
    conjunct: bool = False
    max_words: Annotated[int, Field(gt=0)] | None = None


@dataclass(frozen=True)
class Rule:
    """One extraction rule, validated; `patterns` are ready for spaCy's DependencyMatcher."""

    name: str
    label: str
    kind: str
    statement: str  # a template over STATEMENT_SLOTS
    patterns: tuple[tuple[dict, ...], ...]
    nodes: frozenset[str]  # the RIGHT_IDs every pattern of the rule names
    drop_cue: bool = False
    predicate_key: str | None = None
    negated_cue: str = "denies"  # "no-claim": a negated cue ("it is not clear that …") makes no claim
    conjunct: bool = False  # the predicate is a second verb sharing the first's subject (see rules.yaml)
    max_words: int | None = None  # a longer statement makes no claim (see rules.yaml)
    where: str = ""  # path:line, for messages

    @property
    def info(self) -> RuleInfo:
        return RuleInfo(name=self.name, label=self.label, kind=self.kind)


@dataclass(frozen=True)
class Gazetteer:
    """Surface forms (case-sensitive) -> canonical entity, and words that name groups of people."""

    aliases: dict[str, str]
    holder_words: frozenset[str]


@dataclass(frozen=True)
class Cues:
    """The cue words of a rules file, lower-cased (see CuesRecord)."""

    negation: frozenset[str] = frozenset()
    denying: frozenset[str] = frozenset()
    not_negating_before: frozenset[str] = frozenset()
    hedges: dict[str, float] = field(default_factory=dict)
    intensifiers: dict[str, float] = field(default_factory=dict)
    time_words: frozenset[str] = frozenset()
    connectives: tuple[tuple[str, ...], ...] = ()  # each a phrase, as lower-case words
    framing: tuple[tuple[str, ...], ...] = ()  # phrases framing a clause by what came before ("in this light")
    self_reference: frozenset[str] = frozenset()  # nouns by which a text names itself ("this article")
    interior_connectives: frozenset[str] = frozenset()  # linking adverbs left out wherever they modify the clause ("has also been")
    needs_antecedent: frozenset[str] = frozenset()  # nouns that point back even as a predicate nominal ("are the two examples")
    category_nouns: frozenset[str] = frozenset()  # nouns a classifying modifier identifies ("the energy sector")
    idioms: tuple[tuple[str, ...], ...] = ()  # fixed phrases with "the" that refer to nothing ("sweeten the pot")
    national_nouns: frozenset[str] = frozenset()  # nouns a country has one of ("the Japanese government")
    explanatory_verbs: frozenset[str] = frozenset()  # "X stems from Y": the author's account of a cause
    sign_verbs: frozenset[str] = frozenset()  # "the tactics demonstrate aggression": the author's reading of a sign
    message_nouns: frozenset[str] = frozenset()  # "sent a powerful signal": saying what?
    flow_nouns: frozenset[str] = frozenset()  # "Exports fell": whose?
    respondent_nouns: frozenset[str] = frozenset()  # "the share of respondents": of which poll?
    poll_nouns: frozenset[str] = frozenset()  # the words that name a poll ("survey", "poll")
    list_openers: frozenset[str] = frozenset()  # "First,", "Second,": items of a list
    feeling_adjectives: frozenset[str] = frozenset()  # "X is worried about Y": a perception, not a judgement
    point_nouns: frozenset[str] = frozenset()  # "the following reasons": what a list announces
    unique_nouns: frozenset[str] = frozenset()  # nouns one of a kind ("the world"): a bare "the" before them points back to nothing
    unique_phrases: tuple[tuple[str, ...], ...] = ()  # the same, as phrases ("the international community")
    back_reference: tuple[tuple[str, ...], ...] = ()  # opening phrases placing a clause after something named before ("then", "after that")
    months: frozenset[str] = frozenset()  # month names and abbreviations: a date with a month needs its year
    leaning_openers: tuple[tuple[str, ...], ...] = ()  # opening phrases that weigh the clause against the text before ("Worse,")
    party_nouns: frozenset[str] = frozenset()  # nouns whose parties a statement must name ("a treaty": with whom?)
    relative_time: frozenset[str] = frozenset()  # adjectives placing a time after or at one named before ("the following month")
    deictic_adjectives: frozenset[str] = frozenset()  # adjectives placing a definite thing by the article's "now" ("the latest decree")
    evaluative_adverbs: frozenset[str] = frozenset()  # adverbs by which the author judges an event ("hardly needs"): an assessment
    evaluative_verbs: frozenset[str] = frozenset()  # verbs that judge what they report ("humiliated", "squandered"): an assessment
    evaluative_nouns: frozenset[str] = frozenset()  # nouns that judge what they name ("fault", "hysteria"): an assessment
    evaluative_adjectives: frozenset[str] = frozenset()  # adjectives that judge the noun they modify ("a misleading track"): an assessment
    perception_verbs: frozenset[str] = frozenset()  # verbs (lemmas) whose agentless passive is a view nobody holds ("X is seen as Y")
    placement_verbs: frozenset[str] = frozenset()  # verbs (lemmas) whose agentless passive needs a target ("X was added": to what?)
    people_nouns: frozenset[str] = frozenset()  # plural nouns for people a statement must name ("the leaders": which?)
    appearance_frames: tuple[tuple[str, ...], ...] = ()  # phrases saying how things look, not how they are ("at first glance")
    appearance_verbs: frozenset[str] = frozenset()  # verbs of seeming ("it would seem that …")
    refuting_openers: tuple[tuple[str, ...], ...] = ()  # a next sentence's opening that overturns a seeming ("But", "In fact")
    deictic_days: frozenset[str] = frozenset()  # days named by the article's own now ("yesterday")
    inferential_adverbs: frozenset[str] = frozenset()  # adverbs drawing a conclusion ("therefore"): who draws it?
    view_nouns: frozenset[str] = frozenset()  # nouns (lemmas) for a view a next sentence gives its holder ("This view is shared by X")
    viewing_verbs: frozenset[str] = frozenset()  # verbs (lemmas) by which a next sentence gives a view its holder ("So says X")
    role_nouns: frozenset[str] = frozenset()  # nouns (lemmas) naming a person by role ("this expert"): a holder only as the person named before
    content_nouns: frozenset[str] = frozenset()  # nouns of an act or stance that needs what it is about ("Russia's move": which?)
    answer_verbs: dict[str, frozenset[str]] = field(default_factory=dict)  # verbs (lemmas) -> prepositions naming what they answer ("respond to")
    occasion_nouns: frozenset[str] = frozenset()  # nouns of one occurrence a past statement must date ("the joint flight": when?)
    echo_phrases: tuple[tuple[str, ...], ...] = ()  # phrases that repeat an act named before ("follow suit", "in turn")
    likeness_adjectives: frozenset[str] = frozenset()  # adjectives likening a noun to one named before ("similar sanctions")
    grievance_nouns: frozenset[str] = frozenset()  # nouns (lemmas) of a protest that needs what it is about ("lodged a protest": over what?)
    lodging_verbs: frozenset[str] = frozenset()  # verbs (lemmas) that lodge a grievance noun ("lodge", "file", "express")
    grievance_prepositions: frozenset[str] = frozenset()  # prepositions saying what a grievance is about ("over", "against")
    deciding_verbs: frozenset[str] = frozenset()  # verbs (lemmas) whose passive with an act noun hides who acted ("a decision was made")
    decided_acts: frozenset[str] = frozenset()  # nouns (lemmas) of a decided act ("decision", "step", "measure")
    quantity_words: frozenset[str] = frozenset()  # words of a quantity, which no pronoun refers back to ("93% of its citizens")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    gazetteer: Gazetteer
    cues: Cues = Cues()
    # sha256 of the rules file's and the gazetteer's bytes (load_ruleset); "" for a RuleSet made in
    # code, whose claims are then never cached (argmap.claim_cache)
    fingerprint: str = ""

    @property
    def infos(self) -> tuple[RuleInfo, ...]:
        return tuple(rule.info for rule in self.rules)


def load_ruleset(rules_path: Path | None = None, gazetteer_path: Path | None = None) -> RuleSet:
    """Read and validate a rules file and a gazetteer; raise InputError listing every problem."""
    issues: list[Issue] = []
    rules_path = Path(rules_path) if rules_path else DEFAULT_RULES
    gazetteer_path = Path(gazetteer_path) if gazetteer_path else DEFAULT_GAZETTEER
    digests: list[str] = []
    gazetteer = _load_gazetteer(gazetteer_path, issues, digests)
    rules, cues = _load_rules(rules_path, issues, digests)
    if issues:
        raise InputError(issues)
    fingerprint = hashlib.sha256(("gazetteer " + digests[0] + "\nrules " + digests[1]).encode()).hexdigest()
    return RuleSet(rules=tuple(rules), gazetteer=gazetteer, cues=cues, fingerprint=fingerprint)


# ---------------------------------------------------------------- internals


def _shown(path: Path) -> str:
    shown = os.path.relpath(path.absolute())
    return Path(shown).as_posix() if not shown.startswith("..") else path.absolute().as_posix()


def _read(path: Path, issues: list[Issue], digests: list[str]) -> Any:
    """The file's YAML; its bytes' sha256 appended to digests."""
    where = _shown(path)
    try:
        # not path.read_text: a FIFO or a device at the path must be an error, never a hang
        data = read_input_file(path, MAX_RULES_BYTES)
        digests.append(hashlib.sha256(data).hexdigest())
        raw = data.decode("utf-8")
    except UnreadableInput as err:
        issues.append(Issue(where, "", err.message, err.hint, err.code))
        return None
    except UnicodeDecodeError as err:
        issues.append(Issue(where, "", f"not valid UTF-8 at byte {err.start}", "re-save the file as UTF-8", "yaml-encoding"))
        return None
    try:
        return load_yaml(raw)
    except YamlSyntaxError as err:
        issues.append(Issue(f"{where}:{err.line}", "", f"malformed YAML: {err.what}", "fix the syntax on this line", "yaml-syntax"))
    return None


def _load_gazetteer(path: Path, issues: list[Issue], digests: list[str]) -> Gazetteer:
    where = _shown(path)
    data = _read(path, issues, digests)
    aliases: dict[str, str] = {}
    holder_words: set[str] = set()
    if data is None:
        return Gazetteer(aliases, frozenset())
    if not isinstance(data, LinedMap):
        issues.append(Issue(f"{where}:1", "", "expected a mapping with `entities:` and `holder_words:`", "see graph/data/gazetteer.yaml", "yaml-shape"))
        return Gazetteer(aliases, frozenset())
    for key in data:
        if key not in ("entities", "holder_words"):
            issues.append(Issue(f"{where}:{line_of(data, key)}", "", f"unknown key `{key}`", "use `entities:` and `holder_words:`", "extra_forbidden"))
    entities = data.get("entities")
    if not isinstance(entities, LinedMap):
        issues.append(Issue(f"{where}:{line_of(data, 'entities') or 1}", "", "`entities` must map each canonical entity to a list of surface forms", "e.g. `Russia: [Moscow, the Kremlin]`", "yaml-shape"))
        entities = {}
    seen_at: dict[str, str] = {}
    for canonical, forms in entities.items():
        line = line_of(entities, canonical) or 1
        if not isinstance(forms, LinedSeq) or not all(isinstance(f, str) and f.strip() for f in forms):
            issues.append(Issue(f"{where}:{line}", f"entity {canonical}", "surface forms must be a list of non-empty strings", "e.g. `[Moscow, the Kremlin]`", "yaml-shape"))
            continue
        for index, form in enumerate([str(canonical), *map(str, forms)]):
            form = " ".join(form.split())
            if form in aliases and aliases[form] != str(canonical):
                at = line_of(forms, index - 1) if index else line
                issues.append(Issue(f"{where}:{at}", f"entity {canonical}", f"`{form}` is already a form of {aliases[form]} ({seen_at[form]})", "give each surface form one entity", "duplicate-alias"))
                continue
            aliases[form] = str(canonical)
            seen_at.setdefault(form, f"{where}:{line}")
    words = data.get("holder_words", [])
    if not isinstance(words, LinedSeq) or not all(isinstance(w, str) for w in words):
        issues.append(Issue(f"{where}:{line_of(data, 'holder_words') or 1}", "", "`holder_words` must be a list of words", "e.g. `[analysts, experts]`", "yaml-shape"))
    else:
        holder_words = {str(w) for w in words}
    return Gazetteer(aliases, frozenset(holder_words))


def _pydantic_issues(err: ValidationError, node: Any, where: str, line: int, subject: str) -> list[Issue]:
    """One Issue per pydantic error, at the line of the key it is about."""
    issues = []
    for error in err.errors():
        location = error["loc"]
        at, target = line, node
        for part in location:  # descend as far as the YAML nodes go, keeping the deepest line known
            found = line_of(target, part)
            if found is None:
                break
            at = found
            target = target[part] if isinstance(target, (dict, list)) else None
        key = ".".join(str(p) for p in location) or "the rule"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message, hint = f"unknown key `{key}`", f"use {', '.join(sorted(RuleRecord.model_fields))}"
        elif error["type"] == "missing":
            message, hint = f"missing key `{key}`", f"add `{key}:`"
        elif error["type"] == "literal_error":
            message, hint = f"`{key}`: {message}", "see the kinds listed at the top of graph/data/rules.yaml"
        elif error["type"] == "string_pattern_mismatch":
            message, hint = f"`{key}` is not a slug", "use lowercase letters, digits and '-' (it becomes part of IRIs)"
        else:
            message, hint = f"`{key}`: {message}", "see graph/data/rules.yaml"
        issues.append(Issue(f"{where}:{at}", subject, message, hint, error["type"]))
    return issues


def _load_rules(path: Path, issues: list[Issue], digests: list[str]) -> tuple[list[Rule], Cues]:
    where = _shown(path)
    data = _read(path, issues, digests)
    if data is None:
        return [], Cues()
    if not isinstance(data, LinedMap) or "rules" not in data:
        issues.append(Issue(f"{where}:1", "", "expected a mapping with a `rules:` list", "see graph/data/rules.yaml", "yaml-shape"))
        return [], Cues()
    for key in data:
        if key not in ("cues", "rules"):
            issues.append(Issue(f"{where}:{line_of(data, key)}", "", f"unknown top-level key `{key}`", "use cues, rules", "extra_forbidden"))
    cues = _load_cues(data.get("cues"), where, line_of(data, "cues") or 1, issues)
    items = data["rules"]
    if not isinstance(items, LinedSeq):
        issues.append(Issue(f"{where}:{line_of(data, 'rules')}", "", "`rules` must be a list", "start each rule with `- name: …`", "yaml-shape"))
        return [], cues
    rules: list[Rule] = []
    first_seen: dict[str, int] = {}
    for index, node in enumerate(items):
        line = line_of(items, index) or 1
        if not isinstance(node, LinedMap):
            issues.append(Issue(f"{where}:{line}", f"rule #{index + 1}", "a rule must be a mapping", "write `- name: …` then its fields", "yaml-shape"))
            continue
        name = node.get("name")
        subject = f"rule {name}" if isinstance(name, str) else f"rule #{index + 1}"
        rule = _load_rule(node, where, line, subject, issues)
        if rule is None:
            continue
        if rule.name in first_seen:
            issues.append(Issue(f"{where}:{line_of(node, 'name')}", subject, "duplicate rule name", f"it is already used at line {first_seen[rule.name]}; rule names must be unique", "duplicate-rule"))
            continue
        first_seen[rule.name] = line_of(node, "name") or line
        rules.append(rule)
    return rules, cues


def _load_cues(node: Any, where: str, line: int, issues: list[Issue]) -> Cues:
    if node is None:
        return Cues()
    if not isinstance(node, LinedMap):
        issues.append(Issue(f"{where}:{line}", "cues", "`cues` must be a mapping", "see graph/data/rules.yaml", "yaml-shape"))
        return Cues()
    try:
        record = CuesRecord.model_validate(plain(node))
    except ValidationError as err:
        for issue in _pydantic_issues(err, node, where, line, "cues"):
            if issue.code == "extra_forbidden":
                issue = Issue(issue.where, issue.subject, issue.message, f"use {', '.join(sorted(CuesRecord.model_fields))}", issue.code)
            issues.append(issue)
        return Cues()
    lower = lambda words: frozenset(w.lower() for w in words)  # noqa: E731

    def phrases(words) -> tuple[tuple[str, ...], ...]:
        """Each phrase as lower-case words, longest first (a longer phrase is tried before its prefix)."""
        return tuple(sorted({tuple(w.lower().split()) for w in words}, key=lambda p: (-len(p), p)))

    return Cues(
        negation=lower(record.negation),
        denying=lower(record.denying),
        not_negating_before=lower(record.not_negating_before),
        hedges={w.lower(): c for w, c in record.hedges.items()},
        intensifiers={w.lower(): c for w, c in record.intensifiers.items()},
        time_words=lower(record.time_words),
        connectives=phrases(record.connectives),
        framing=phrases(record.framing),
        self_reference=lower(record.self_reference),
        interior_connectives=lower(record.interior_connectives),
        needs_antecedent=lower(record.needs_antecedent),
        category_nouns=lower(record.category_nouns),
        idioms=tuple(sorted({tuple(w.lower().split()) for w in record.idioms})),
        national_nouns=lower(record.national_nouns),
        explanatory_verbs=lower(record.explanatory_verbs),
        sign_verbs=lower(record.sign_verbs),
        message_nouns=lower(record.message_nouns),
        flow_nouns=lower(record.flow_nouns),
        respondent_nouns=lower(record.respondent_nouns),
        poll_nouns=lower(record.poll_nouns),
        list_openers=lower(record.list_openers),
        feeling_adjectives=lower(record.feeling_adjectives),
        point_nouns=lower(record.point_nouns),
        unique_nouns=lower(w for w in record.unique_nouns if " " not in w),
        unique_phrases=tuple(sorted({tuple(w.lower().split()) for w in record.unique_nouns if " " in w})),
        back_reference=phrases(record.back_reference),
        months=lower(record.months),
        leaning_openers=phrases(record.leaning_openers),
        party_nouns=lower(record.party_nouns),
        relative_time=lower(record.relative_time),
        deictic_adjectives=lower(record.deictic_adjectives),
        evaluative_adverbs=lower(record.evaluative_adverbs),
        evaluative_verbs=lower(record.evaluative_verbs),
        evaluative_nouns=lower(record.evaluative_nouns),
        evaluative_adjectives=lower(record.evaluative_adjectives),
        perception_verbs=lower(record.perception_verbs),
        placement_verbs=lower(record.placement_verbs),
        people_nouns=lower(record.people_nouns),
        appearance_frames=phrases(record.appearance_frames),
        appearance_verbs=lower(record.appearance_verbs),
        refuting_openers=phrases(record.refuting_openers),
        deictic_days=lower(record.deictic_days),
        inferential_adverbs=lower(record.inferential_adverbs),
        view_nouns=lower(record.view_nouns),
        viewing_verbs=lower(record.viewing_verbs),
        role_nouns=lower(record.role_nouns),
        content_nouns=lower(record.content_nouns),
        answer_verbs={w.lower(): lower(preps) for w, preps in record.answer_verbs.items()},
        occasion_nouns=lower(record.occasion_nouns),
        echo_phrases=phrases(record.echo_phrases),
        likeness_adjectives=lower(record.likeness_adjectives),
        grievance_nouns=lower(record.grievance_nouns),
        lodging_verbs=lower(record.lodging_verbs),
        grievance_prepositions=lower(record.grievance_prepositions),
        deciding_verbs=lower(record.deciding_verbs),
        decided_acts=lower(record.decided_acts),
        quantity_words=lower(record.quantity_words),
    )


def _load_rule(node: LinedMap, where: str, line: int, subject: str, issues: list[Issue]) -> Rule | None:
    try:
        record = RuleRecord.model_validate(plain(node))
    except ValidationError as err:
        issues.extend(_pydantic_issues(err, node, where, line, subject))
        return None
    ok = True
    slots = set(re.findall(r"{(\w*)}", record.statement))
    if slots - set(STATEMENT_SLOTS):
        unknown = ", ".join(sorted("{" + s + "}" for s in slots - set(STATEMENT_SLOTS)))
        issues.append(Issue(f"{where}:{line_of(node, 'statement') or line}", subject, f"unknown slot(s) {unknown} in the statement template",
                            f"use {', '.join('{' + s + '}' for s in STATEMENT_SLOTS)}", "bad-template"))
        ok = False
    patterns_node = node.get("patterns")
    node_sets = []
    for index, pattern in enumerate(record.patterns):
        at = line_of(patterns_node, index) or line
        problem = _pattern_problem(pattern)
        if problem:
            issues.append(Issue(f"{where}:{at}", subject, f"pattern {index + 1}: {problem}",
                                "see spaCy's DependencyMatcher patterns (RIGHT_ID, RIGHT_ATTRS, LEFT_ID, REL_OP)", "bad-pattern"))
            ok = False
            continue
        node_sets.append({element["RIGHT_ID"] for element in pattern})
    if not ok:
        return None
    nodes = frozenset.intersection(*map(frozenset, node_sets))
    for slot in slots:
        needed = STATEMENT_SLOTS[slot]
        if needed not in nodes:
            issues.append(Issue(f"{where}:{line_of(node, 'statement') or line}", subject, f"the template's {{{slot}}} needs a `{needed}` node in every pattern",
                                f"name a node `RIGHT_ID: {needed}`", "bad-template"))
            ok = False
    if record.drop_cue and "cue" not in nodes:
        issues.append(Issue(f"{where}:{line_of(node, 'drop_cue') or line}", subject, "`drop_cue` needs a `cue` node in every pattern", "name a node `RIGHT_ID: cue`", "bad-template"))
        ok = False
    if record.conjunct and not {"predicate", "first"} <= nodes:
        issues.append(Issue(f"{where}:{line_of(node, 'conjunct') or line}", subject, "`conjunct` needs a `first` and a `predicate` node in every pattern",
                            "name the second verb `RIGHT_ID: predicate` and the first verb's subject `RIGHT_ID: subject`", "bad-template"))
        ok = False
    if record.negated_cue != "denies" and "cue" not in nodes:
        issues.append(Issue(f"{where}:{line_of(node, 'negated_cue') or line}", subject, "`negated_cue` needs a `cue` node in every pattern", "name a node `RIGHT_ID: cue`", "bad-template"))
        ok = False
    if not ok:
        return None
    return Rule(
        name=record.name,
        label=record.label,
        kind=record.kind,
        statement=record.statement,
        patterns=tuple(tuple(p) for p in record.patterns),
        nodes=nodes,
        drop_cue=record.drop_cue,
        predicate_key=record.predicate_key,
        negated_cue=record.negated_cue,
        conjunct=record.conjunct,
        max_words=record.max_words,
        where=f"{where}:{line}",
    )


def _pattern_problem(pattern: list[dict]) -> str:
    """What spaCy's DependencyMatcher finds wrong with a pattern, in one line ("" if nothing)."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import DependencyMatcher

    try:
        DependencyMatcher(_validation_vocab(), validate=True).add("check", [pattern])
    except (MatchPatternError, ValueError, KeyError, TypeError) as err:
        detail = " ".join(str(err).split())
        return re.sub(r"^\[\w+\]\s*", "", detail)[:400]
    return ""


def _validation_vocab():
    """A blank English vocab: validating a pattern needs strings, not the trained model."""
    global _VOCAB
    if _VOCAB is None:
        import spacy

        _VOCAB = spacy.blank("en").vocab
    return _VOCAB


_VOCAB = None
