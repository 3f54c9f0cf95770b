"""Extraction rules and the gazetteer: YAML data files -> a validated RuleSet.

Rules are data, not code: each names a spaCy Matcher token pattern (plus a `role` per element)
and says what claim a match produces. Every problem is reported as `path:line: rule <name>: …`.
The package ships graph/data/rules.yaml and graph/data/gazetteer.yaml; users may pass their own.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from .errors import InputError, Issue
from .models import SLUG_PATTERN, RuleInfo
from .yamlfile import LinedMap, LinedSeq, YamlSyntaxError, line_of, load_yaml, plain

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_RULES = DATA_DIR / "rules.yaml"
DEFAULT_GAZETTEER = DATA_DIR / "gazetteer.yaml"

KINDS = ("perception", "belief", "assessment", "prediction", "goal")
ROLES = ("subject", "object", "cue")
# The token attributes argmap offers patterns as `_: {name: value}`. They are rewritten into
# spaCy's native ENT_TYPE predicates (argmap marks gazetteer entities and holder words as doc.ents),
# because the Matcher reads native attributes far faster than `_` extensions.
EXTENSIONS = ("entity", "actor", "agent")
HOLDER_LABEL = "HOLDER"
RULE_KEYS = {"name", "label", "kind", "predicate", "pattern", "statement", "reported", "span", "polarity", "not_followed_by", "not_preceded_by"}
REQUIRED_RULE_KEYS = ("name", "label", "kind", "predicate", "pattern", "statement")
STATEMENT_SLOTS = {"subject", "object", "rest", "before", "clause", "cue"}
TOP_KEYS = {"cues", "rules"}
CUE_KEYS = {"negation", "hedges", "not_negating_before"}


@dataclass(frozen=True)
class Rule:
    """One extraction rule, validated; `pattern` is ready for spaCy's Matcher."""

    name: str
    label: str
    kind: str
    predicate: str
    pattern: list[dict]
    roles: tuple[str | None, ...]  # the role of each pattern element, by index
    statement: str  # a template over STATEMENT_SLOTS
    reported: bool  # True: the subject holds the view and the author reports it
    span_from_clause: bool  # True: the quote starts at the clause start, not the match start
    denies: bool  # True: the cue itself denies the statement ("is unlikely to", "close to zero")
    where: str  # path:line, for messages
    # Lower-case words that must not come right after / right before the match: the Matcher cannot
    # look around, and "what Moscow wants is …", "as Tokyo expected, …" or "whether Tokyo will …"
    # are not the claims they look like.
    not_followed_by: frozenset[str] = frozenset()
    not_preceded_by: frozenset[str] = frozenset()

    @property
    def info(self) -> RuleInfo:
        return RuleInfo(name=self.name, label=self.label, kind=self.kind)


@dataclass(frozen=True)
class Gazetteer:
    """Surface forms (case-sensitive) -> canonical entity, and words that name groups of people."""

    aliases: dict[str, str]
    holder_words: frozenset[str]


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    gazetteer: Gazetteer
    negation: frozenset[str] = frozenset()  # lower-case word forms that deny ("not", "never", "refused")
    hedges: dict[str, float] = field(default_factory=dict)  # lower-case word -> confidence
    # a negation word right before one of these does not deny: "not just a deal but a victory"
    not_negating_before: frozenset[str] = frozenset()

    @property
    def infos(self) -> tuple[RuleInfo, ...]:
        return tuple(rule.info for rule in self.rules)


def load_ruleset(rules_path: Path | None = None, gazetteer_path: Path | None = None) -> RuleSet:
    """Read and validate a rules file and a gazetteer; raise InputError listing every problem."""
    issues: list[Issue] = []
    rules_path = Path(rules_path) if rules_path else DEFAULT_RULES
    gazetteer_path = Path(gazetteer_path) if gazetteer_path else DEFAULT_GAZETTEER
    gazetteer = _load_gazetteer(gazetteer_path, issues)
    rules, cues = _load_rules(rules_path, issues)
    if issues:
        raise InputError(issues)
    return RuleSet(rules=tuple(rules), gazetteer=gazetteer, **cues)


# ---------------------------------------------------------------- internals


def _shown(path: Path) -> str:
    shown = os.path.relpath(path.absolute())
    return Path(shown).as_posix() if not shown.startswith("..") else path.absolute().as_posix()


def _read(path: Path, issues: list[Issue]) -> Any:
    where = _shown(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        issues.append(Issue(where, "", "file not found", "check the path", "file-missing"))
        return None
    except UnicodeDecodeError as err:
        issues.append(Issue(where, "", f"not valid UTF-8 at byte {err.start}", "re-save the file as UTF-8", "yaml-encoding"))
        return None
    except OSError as err:
        issues.append(Issue(where, "", f"cannot be read ({err.strerror})", "check its permissions", "unreadable"))
        return None
    try:
        return load_yaml(raw)
    except YamlSyntaxError as err:
        issues.append(Issue(f"{where}:{err.line}", "", f"malformed YAML: {err.what}", "fix the syntax on this line", "yaml-syntax"))
    return None


def _load_gazetteer(path: Path, issues: list[Issue]) -> Gazetteer:
    where = _shown(path)
    data = _read(path, issues)
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


def _load_rules(path: Path, issues: list[Issue]) -> tuple[list[Rule], dict[str, Any]]:
    where = _shown(path)
    data = _read(path, issues)
    if data is None:
        return [], {}
    if not isinstance(data, LinedMap) or "rules" not in data:
        issues.append(Issue(f"{where}:1", "", "expected a mapping with a `rules:` list", "see graph/data/rules.yaml", "yaml-shape"))
        return [], {}
    for key in data:
        if key not in TOP_KEYS:
            issues.append(Issue(f"{where}:{line_of(data, key)}", "", f"unknown top-level key `{key}`", f"use {', '.join(sorted(TOP_KEYS))}", "extra_forbidden"))
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


def _load_cues(node: Any, where: str, line: int, issues: list[Issue]) -> dict[str, Any]:
    """The RuleSet fields read from `cues:` (negation, hedges, not_negating_before)."""
    if node is None:
        return {}
    if not isinstance(node, LinedMap):
        issues.append(Issue(f"{where}:{line}", "cues", "`cues` must be a mapping with `negation:` and `hedges:`", "see graph/data/rules.yaml", "yaml-shape"))
        return {}
    for key in node:
        if key not in CUE_KEYS:
            issues.append(Issue(f"{where}:{line_of(node, key)}", "cues", f"unknown key `{key}`", f"use {', '.join(f'`{k}:`' for k in sorted(CUE_KEYS))}", "extra_forbidden"))
    word_lists = {}
    for key, example in (("negation", "[not, never]"), ("not_negating_before", "[just, only]")):
        words = plain(node.get(key, []))
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            issues.append(Issue(f"{where}:{line_of(node, key) or line}", "cues", f"`{key}` must be a list of words", f"e.g. `{example}`", "yaml-shape"))
            words = []
        word_lists[key] = frozenset(w.lower() for w in words)
    hedges = plain(node.get("hedges", {}))
    good = isinstance(hedges, dict) and all(
        isinstance(w, str) and isinstance(c, (int, float)) and not isinstance(c, bool) and 0 < c <= 1 for w, c in hedges.items()
    )
    if not good:
        issues.append(Issue(f"{where}:{line_of(node, 'hedges') or line}", "cues", "`hedges` must map words to a confidence in (0, 1]", "e.g. `may: 0.5`", "yaml-shape"))
        hedges = {}
    return {**word_lists, "hedges": {w.lower(): float(c) for w, c in hedges.items()}}


def _load_rule(node: LinedMap, where: str, line: int, subject: str, issues: list[Issue]) -> Rule | None:
    def problem(key: str | None, message: str, hint: str, code: str) -> None:
        at = line_of(node, key) if key else line
        issues.append(Issue(f"{where}:{at or line}", subject, message, hint, code))

    ok = True
    for key in node:
        if key not in RULE_KEYS:
            problem(key, f"unknown key `{key}`", f"use {', '.join(sorted(RULE_KEYS))}", "extra_forbidden")
            ok = False
    for key in REQUIRED_RULE_KEYS:
        if key not in node:
            problem(None, f"missing key `{key}`", f"add `{key}:`", "missing")
            ok = False
    if not ok:
        return None
    name, label, kind, predicate, statement = (node[k] for k in ("name", "label", "kind", "predicate", "statement"))
    for key, value in (("name", name), ("label", label), ("predicate", predicate), ("statement", statement)):
        if not isinstance(value, str) or not value.strip():
            problem(key, f"`{key}` must be a non-empty string", f"write `{key}: …`", "type")
            ok = False
    if isinstance(name, str) and not re.match(SLUG_PATTERN, name):
        problem("name", f"rule name {name!r} is not a slug", "use lowercase letters, digits and '-' (it becomes part of IRIs)", "bad-id")
        ok = False
    if kind not in KINDS:
        problem("kind", f"unknown kind {kind!r}", f"use one of {', '.join(KINDS)}", "bad-kind")
        ok = False
    flags = {}
    for key, default in (("reported", False), ("span", "match"), ("polarity", "affirmed")):
        flags[key] = node.get(key, default)
    if not isinstance(flags["reported"], bool):
        problem("reported", "`reported` must be true or false", "write `reported: true` when the subject holds the view", "type")
        ok = False
    if flags["span"] not in ("match", "clause"):
        problem("span", f"`span` is {flags['span']!r}", "use `match` (quote starts at the match) or `clause`", "bad-span")
        ok = False
    if flags["polarity"] not in ("affirmed", "denied"):
        problem("polarity", f"`polarity` is {flags['polarity']!r}", "use `affirmed`, or `denied` when the cue itself denies", "bad-polarity")
        ok = False
    if isinstance(statement, str):
        slots = set(re.findall(r"{(\w*)}", statement))
        if slots - STATEMENT_SLOTS:
            problem("statement", f"unknown slot(s) {', '.join(sorted('{' + s + '}' for s in slots - STATEMENT_SLOTS))} in the statement template", f"use {', '.join(sorted('{' + s + '}' for s in STATEMENT_SLOTS))}", "bad-template")
            ok = False
    neighbours = {}
    for key in ("not_followed_by", "not_preceded_by"):
        words = plain(node.get(key, []))
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() and " " not in w.strip() for w in words):
            problem(key, f"`{key}` must be a list of single words", f"e.g. `{key}: [is, are, \",\"]`", "type")
            ok = False
            continue
        neighbours[key] = frozenset(w.strip().lower() for w in words)
    pattern, roles = _load_pattern(node.get("pattern"), line_of(node, "pattern") or line, where, subject, issues)
    if pattern is None or not ok:
        return None
    return Rule(
        name=name,
        label=str(label),
        kind=kind,
        predicate=str(predicate),
        pattern=pattern,
        roles=roles,
        statement=str(statement),
        reported=flags["reported"],
        span_from_clause=flags["span"] == "clause",
        denies=flags["polarity"] == "denied",
        where=f"{where}:{line}",
        not_followed_by=neighbours["not_followed_by"],
        not_preceded_by=neighbours["not_preceded_by"],
    )


def _native(element: dict) -> tuple[dict, str]:
    """Rewrite argmap's `_` attributes into native ENT_TYPE predicates; (element, problem)."""
    if "_" not in element:
        return element, ""
    extensions = element["_"]
    if not isinstance(extensions, dict) or len(extensions) != 1:
        return element, "must use exactly one `_` attribute, e.g. `_: {agent: true}`"
    (name, value), = extensions.items()
    if name not in EXTENSIONS:
        return element, f"uses unknown attribute _.{name}"
    if "ENT_TYPE" in {k.upper() for k in element}:
        return element, f"uses both ENT_TYPE and _.{name}"
    if name == "entity":
        if not isinstance(value, str):
            return element, "needs `_: {entity: <canonical entity name>}`"
        predicate = value
    else:
        if value is not True:
            return element, f"needs `_: {{{name}: true}}`"
        predicate = {"NOT_IN": ["", HOLDER_LABEL]} if name == "actor" else {"NOT_IN": [""]}
    native = {k: v for k, v in element.items() if k != "_"}
    native["ENT_TYPE"] = predicate
    return native, ""


def _load_pattern(node: Any, line: int, where: str, subject: str, issues: list[Issue]) -> tuple[list[dict] | None, tuple]:
    """A list of token patterns, each a spaCy token pattern plus an optional `role`; validated by spaCy."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher

    from .extract import shared_vocab

    if not isinstance(node, LinedSeq) or not node:
        issues.append(Issue(f"{where}:{line}", subject, "`pattern` must be a non-empty list of token patterns", "e.g. `- {LEMMA: see}`", "bad-pattern"))
        return None, ()
    pattern: list[dict] = []
    roles: list[str | None] = []
    ok = True
    for index, element in enumerate(node):
        at = line_of(node, index) or line
        if not isinstance(element, LinedMap):
            issues.append(Issue(f"{where}:{at}", subject, f"pattern element {index + 1} must be a mapping like `{{LOWER: as}}`", "see spaCy's Matcher token patterns", "bad-pattern"))
            ok = False
            continue
        token = plain(element)
        role = token.pop("role", None)
        if role is not None and role not in ROLES:
            issues.append(Issue(f"{where}:{at}", subject, f"pattern element {index + 1} has unknown role {role!r}", f"use one of {', '.join(ROLES)}", "bad-role"))
            ok = False
        native, problem = _native(token)
        if problem:
            issues.append(Issue(f"{where}:{at}", subject, f"pattern element {index + 1} {problem}", f"argmap offers _.{', _.'.join(EXTENSIONS)}", "bad-pattern"))
            ok = False
        pattern.append(native)
        roles.append(role)
    if not ok:
        return None, ()
    try:
        Matcher(shared_vocab(), validate=True).add("check", [pattern])
    except (MatchPatternError, ValueError, KeyError, TypeError) as err:
        # spaCy names the offending element as "pattern -> N"; point at its line.
        found = re.search(r"pattern -> (\d+)", str(err))
        index = int(found.group(1)) if found else None
        at = line_of(node, index) if index is not None else line
        detail = " ".join(str(err).split())
        detail = re.sub(r"^.*?Pattern 0:\s*", "", detail)
        issues.append(Issue(f"{where}:{at or line}", subject, f"malformed pattern: {detail}", "see spaCy's Matcher token patterns (keys such as LOWER, LEMMA, IS_PUNCT, OP)", "bad-pattern"))
        return None, ()
    return pattern, tuple(roles)
