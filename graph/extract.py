"""Stage 1, extract: article texts + a RuleSet -> rule-extracted claims with verbatim spans.

The spaCy pipeline is blank English with a sentencizer and the lookup lemmatizer (fully offline),
built once per process. PhraseMatchers mark gazetteer entities (labelled with their canonical
name) and holder words (labelled HOLDER) as doc.ents, then one Matcher runs every rule;
`with_alignments` tells which pattern element, and so which role (subject, object, cue), each
matched token plays.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
import spacy
from spacy.attrs import LEMMA, LOWER, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span as TokenSpan, Token
from spacy.util import filter_spans

from .errors import InputError
from .models import Claim, Method, Polarity, Span, slugify
from .rules import HOLDER_LABEL, Rule, RuleSet
from .seeds import read_article

# Where a clause ends inside a sentence: these tokens, and a comma before one of CLAUSE_JOINERS.
CLAUSE_PUNCT = frozenset({";", ":", "—", "(", ")", "?", "!", "…", "[", "]"})
SPACED_DASHES = frozenset({"–", "-", "--"})
CLAUSE_JOINERS = frozenset({"but", "which", "while", "though", "although", "whereas", "because", "since", "thereby", "so", "yet"})
TRAILING = frozenset({".", ",", "”", "“", '"', "'", "’"})

@functools.cache
def pipeline() -> Language:
    """The offline English pipeline, built once per process (building it takes most of a second)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup tables from spacy-lookups-data
    return nlp


def shared_vocab():
    return pipeline().vocab


class Extractor:
    """Runs one RuleSet over texts; build it once and reuse it for every article."""

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self.nlp = pipeline()
        vocab = self.nlp.vocab
        self.entities = PhraseMatcher(vocab, attr="ORTH")  # case matters: "US" is not "us"
        by_entity: dict[str, list[str]] = {}
        for form, canonical in sorted(ruleset.gazetteer.aliases.items()):
            by_entity.setdefault(canonical, []).append(form)
        for canonical, forms in by_entity.items():
            self.entities.add(canonical, list(self.nlp.tokenizer.pipe(forms)))
        self.holders = PhraseMatcher(vocab, attr="LOWER")
        self.holders.add("holder", list(self.nlp.tokenizer.pipe(sorted(ruleset.gazetteer.holder_words))))
        self.matcher = Matcher(vocab)
        self.rules: dict[int, tuple[int, Rule]] = {}
        for order, rule in enumerate(ruleset.rules):
            self.matcher.add(rule.name, [rule.pattern])
            self.rules[vocab.strings[rule.name]] = (order, rule)
        self.requirements = [_requirements(rule, vocab.strings) for rule in ruleset.rules]

    def extract_text(self, source_id: str, text: str) -> list[Claim]:
        """The claims the rules find in one article's text."""
        return self.claims_in(source_id, self.nlp(text), text)

    def extract_texts(self, items: Iterable[tuple[str, str]], progress: bool = False, total: int | None = None) -> Iterator[tuple[str, list[Claim]]]:
        """(source id, text) pairs -> (source id, claims), streaming through nlp.pipe."""
        docs = self.nlp.pipe(((text, (source_id, text)) for source_id, text in items), as_tuples=True)
        if progress:
            from tqdm import tqdm

            docs = tqdm(docs, total=total, unit="article", disable=None)  # disable=None: off unless a terminal
        for doc, (source_id, text) in docs:
            yield source_id, self.claims_in(source_id, doc, text)

    def claims_in(self, source_id: str, doc: Doc, text: str | None = None) -> list[Claim]:
        """The claims in a processed document; text is doc.text, passed when known (it is slow to rebuild)."""
        text = doc.text if text is None else text
        self._annotate(doc)
        candidates: list[tuple[int, int, int, Claim]] = []
        longest: dict[tuple[int, int], tuple] = {}
        for match in self._matches(doc):
            # Optional elements make a rule match one passage several ways; the longest from
            # each start gives the fullest subject and cue, and one claim is built, not several.
            key = (match[0], match[1])
            if key not in longest or match[2] > longest[key][2]:
                longest[key] = match
        covered: dict[int, int] = {}  # rule -> end of the last kept match
        for match_id, start, end, alignments, sentence in sorted(longest.values(), key=lambda m: (m[0], m[1])):
            if covered.get(match_id, -1) >= end:
                continue  # inside a longer match of the same rule
            covered[match_id] = end
            order, rule = self.rules[match_id]
            claim = self._claim(source_id, doc, text, sentence, rule, start, end, alignments)
            if claim is not None:
                candidates.append((claim.span.end - claim.span.start, order, claim.span.start, claim))
        # Overlapping candidates (a rule matching several ways, or two rules one clause): the
        # longest quote wins, then the rule listed first, so each passage yields one claim.
        kept: list[Claim] = []
        taken: list[tuple[int, int]] = []
        for _, _, _, claim in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if any(claim.span.start < e and s < claim.span.end for s, e in taken):
                continue
            taken.append((claim.span.start, claim.span.end))
            kept.append(claim)
        return sorted(kept, key=lambda c: (c.span.start, c.span.end, c.rule))

    # -- internals

    def _matches(self, doc: Doc) -> Iterator[tuple[int, int, int, list[int], tuple[int, int]]]:
        """The Matcher's matches, run only on sentences that hold every word some rule requires.

        Most sentences cannot match any rule; ruling them out with array lookups first keeps
        extraction close to the speed of the bare pipeline. Matches never cross sentences.
        """
        if not len(doc):
            return
        table = doc.to_array([LOWER, LEMMA, SENT_START])
        sentence_ids = numpy.cumsum(table[:, 2] == 1) - (1 if table[0, 2] == 1 else 0)
        starts = numpy.flatnonzero(numpy.r_[True, numpy.diff(sentence_ids) != 0])
        count = len(starts)
        wanted = numpy.zeros(count, dtype=bool)
        for requirements in self.requirements:
            if requirements is None:  # a rule with no required word: every sentence may match
                wanted[:] = True
                break
            ok = numpy.ones(count, dtype=bool)
            for column, hashes in requirements:
                hit = numpy.isin(table[:, column], hashes)
                ok &= numpy.bincount(sentence_ids[hit], minlength=count) > 0
            wanted |= ok
        ends = numpy.r_[starts[1:], len(doc)]
        for index in numpy.flatnonzero(wanted):
            start, end = int(starts[index]), int(ends[index])
            for match_id, s, e, alignments in self.matcher(doc[start:end], with_alignments=True):
                yield match_id, start + s, start + e, alignments, (start, end)

    def _annotate(self, doc: Doc) -> None:
        spans = [TokenSpan(doc, s, e, label=m) for m, s, e in self.entities(doc)]
        holders = [TokenSpan(doc, s, e, label=HOLDER_LABEL) for _, s, e in self.holders(doc)]
        # Entities first: filter_spans keeps the longest, and on ties the first it is given.
        doc.set_ents(filter_spans([*spans, *holders]))

    def _claim(self, source_id: str, doc: Doc, text: str, sentence: tuple[int, int], rule: Rule, start: int, end: int, alignments: list[int]) -> Claim | None:
        clause_start, clause_end = _clause_bounds(doc, sentence, start, end)
        roles: dict[str, list[Token]] = {}
        for offset, element in enumerate(alignments):
            role = rule.roles[element]
            if role:
                roles.setdefault(role, []).append(doc[start + offset])
        before, match, rest = doc[clause_start:start], doc[start:end], doc[end:clause_end]
        if not rule.span_from_clause and "{rest}" in rule.statement and not any(t.is_alpha for t in rest):
            return None  # "X believes" with nothing believed is not a claim
        subject_tokens, object_tokens, cue_tokens = (roles.get(r, []) for r in ("subject", "object", "cue"))
        # Clause rules name their subject before the match; the nearest actor is the one meant.
        subject_entity = _first_entity(subject_tokens) or (_first_entity(reversed(before)) if rule.span_from_clause else None)
        object_entity = _first_entity(object_tokens) or _first_entity(rest)
        about = object_entity or subject_entity or _first_entity(match)
        if about is None:
            return None  # a claim about nothing the gazetteer knows cannot join the graph usefully
        last = _last_kept(doc, end - 1, clause_end)
        char_start = doc[clause_start if rule.span_from_clause else start].idx
        char_end = last.idx + len(last.text)
        negation, hedges = self.ruleset.negation, self.ruleset.hedges
        # Negation counts only where the rule says the cue is (explicit `role: cue` elements), so a
        # "not" inside a loose wildcard does not flip the claim; a negated complement flips it back.
        cue_negations = [t for t in cue_tokens if _is_cue(t, negation)]
        # In a reported view ("many Russians believe that Tokyo is not independent") a negation
        # inside the view is part of what is held: it stays in the statement and does not flip
        # the polarity, which says only whether the holder holds the view.
        rest_negations = [] if rule.reported else [t for t in rest if _is_cue(t, negation)]
        denied = rule.denies ^ bool(cue_negations) ^ bool(rest_negations)
        hedge_tokens = [t for t in doc[clause_start:clause_end] if t.lower_ in hedges]
        # Words that became polarity or confidence leave the statement, so it reads affirmatively.
        dropped = {t.i for t in (*cue_negations, *rest_negations, *hedge_tokens)}
        plain = lambda tokens: [t for t in tokens if t.i not in dropped]  # noqa: E731
        slots = {
            "subject": subject_entity or _text(subject_tokens),
            "object": _object_text(object_tokens, object_entity, plain),
            "rest": _text(plain(rest)),
            "before": _text(before),
            "clause": _text(plain(doc[clause_start:clause_end])),
            "cue": _text(plain(cue_tokens)),
        }
        statement = _sentence_case(" ".join(rule.statement.format(**slots).split()))
        holder = _text(subject_tokens) if rule.reported and subject_tokens else None
        content = sorted({t.lemma_.lower() for t in plain([*object_tokens, *rest]) if t.is_alpha and not t.is_stop and not _entity(t) and t.lower_ not in negation})
        key = None
        if subject_entity and content:
            key = f"{subject_entity}|{rule.predicate}|{' '.join(filter(None, [object_entity or '', *content[:8]]))}"
        return Claim(
            id=f"x-{source_id}-{char_start}-{char_end}-{rule.name}",
            source_id=source_id,
            statement=statement or text[char_start:char_end],
            quote=text[char_start:char_end],
            span=Span(start=char_start, end=char_end),
            about=about,
            polarity=Polarity.DENIED if denied else Polarity.AFFIRMED,
            holder=holder,
            confidence=min(hedges[t.lower_] for t in hedge_tokens) if hedge_tokens else None,
            method=Method.RULE_EXTRACTED,
            rule=rule.name,
            key=key,
        )


def extract_corpus(sources: Iterable, ruleset: RuleSet, progress: bool = False) -> tuple[Claim, ...]:
    """Every source's rule-extracted claims, sorted by id."""
    sources = list(sources)
    extractor = Extractor(ruleset)
    claims = [c for _, found in extractor.extract_texts(((s.id, s.text) for s in sources), progress, len(sources)) for c in found]
    return tuple(sorted(claims, key=lambda c: c.id))


def read_articles(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """(source id, text) for each article file; the id is the file name's stem as a slug."""
    articles, issues = [], []
    for path in paths:
        path = Path(path)
        text, problems = read_article(path, str(path))
        issues.extend(problems)
        if text is not None:
            articles.append((slugify(path.stem), text))
    if issues:
        raise InputError(issues)
    return articles


# ---------------------------------------------------------------- helpers


def _requirements(rule: Rule, strings) -> list[tuple[int, numpy.ndarray]] | None:
    """For each required pattern element constrained by LOWER or LEMMA: (column, allowed hashes).

    Columns index the array of (LOWER, LEMMA, SENT_START) that _matches builds.
    """
    found = []
    for element in rule.pattern:
        if str(element.get("OP", "1")) not in ("1", "+", "!") or element.get("OP") == "!":
            continue
        for key, value in element.items():
            attr = key.upper()
            if attr not in ("LOWER", "LEMMA"):
                continue
            values = value if isinstance(value, str) else value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
            if values is None:
                continue
            values = [values] if isinstance(values, str) else values
            if attr == "LOWER":
                values = [v.lower() for v in values]
            found.append((0 if attr == "LOWER" else 1, numpy.array([strings.add(v) for v in values], dtype=numpy.uint64)))
    return found or None


def _is_cue(token: Token, words: frozenset[str]) -> bool:
    return token.lower_ in words or token.lemma_.lower() in words


def _object_text(tokens: list[Token], entity: str | None, plain) -> str:
    """An object that is just a named actor reads as its canonical name; anything else verbatim."""
    if entity and all(_entity(t) or t.lower_ == "the" for t in tokens):
        return entity
    return _text(plain(tokens))


def _entity(token: Token) -> str | None:
    """The canonical gazetteer entity a token names, if any."""
    label = token.ent_type_
    return label if label and label != HOLDER_LABEL else None


def _first_entity(tokens: Iterable[Token]) -> str | None:
    for token in tokens:
        if entity := _entity(token):
            return entity
    return None


def _text(tokens: Iterable[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_boundary(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.text in CLAUSE_PUNCT or token.text.startswith("[") or (token.is_space and "\n" in token.text):
        return True
    if token.text in SPACED_DASHES and i > 0 and doc[i - 1].whitespace_:
        return True
    return token.text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in CLAUSE_JOINERS


def _clause_bounds(doc: Doc, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The clause around a match: within its sentence, between clause boundaries."""
    sentence_start, sentence_end = sentence
    clause_start = start
    while clause_start > sentence_start and not _is_boundary(doc, clause_start - 1):
        clause_start -= 1
    while clause_start < start and (doc[clause_start].lower_ in CLAUSE_JOINERS or doc[clause_start].is_punct or doc[clause_start].is_space):
        clause_start += 1
    clause_end = end
    while clause_end < sentence_end and not _is_boundary(doc, clause_end):
        clause_end += 1
    return clause_start, max(clause_end, end)


def _last_kept(doc: Doc, floor: int, clause_end: int) -> Token:
    """The clause's last token that belongs in a quote (not trailing punctuation or spaces)."""
    i = clause_end - 1
    while i > floor and (doc[i].text in TRAILING or doc[i].is_space or re.fullmatch(r"\[\d+\]", doc[i].text)):
        i -= 1
    return doc[i]
