"""Stage 1, extract: article texts + a RuleSet -> rule-extracted claims with verbatim spans.

The spaCy pipeline is blank English with a sentencizer and the lookup lemmatizer (fully offline),
built once per process. PhraseMatchers mark gazetteer entities (labelled with their canonical
name) and holder words (labelled HOLDER) as doc.ents, then the rules' Matcher patterns run;
`with_alignments` tells which pattern element, and so which role (subject, object, cue), each
matched token plays.

Speed (benchmarks/bench_extract.py): spaCy makes a Python Token object each time a token is
looked at, and that, not matching, was most of extraction's cost. So the work is done on token
arrays (`doc.to_array`) wherever it can be: a prefilter finds, per sentence, the rules whose
required words it holds and the narrow window where they can match, and the Matcher (one per set
of rules) sees only that window; entities are written with `doc.from_array`; clauses and claims
are built from lists of hashes and character offsets. extract_all spreads articles over worker
processes (`--jobs`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import multiprocessing
import re
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy
import spacy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, IS_ALPHA, IS_STOP, LEMMA, LOWER, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .errors import InputError
from .models import Claim, Method, Polarity, Span, slugify
from .rules import HOLDER_LABEL, Rule, RuleSet
from .seeds import read_article

# Where a clause ends inside a sentence: these tokens, and a comma before one of CLAUSE_JOINERS.
CLAUSE_PUNCT = frozenset({";", ":", "—", "(", ")", "?", "!", "…", "[", "]"})
SPACED_DASHES = frozenset({"–", "-", "--"})
CLAUSE_JOINERS = frozenset({"but", "which", "while", "though", "although", "whereas", "because", "since", "thereby", "so", "yet"})
TRAILING = frozenset({".", ",", "”", "“", '"', "'", "’"})
# Flags of a token's text (Extractor._lexeme_flags), so clause bounds are found from arrays.
BOUNDARY, DASH, COMMA, SKIPPED, TRAILS = 1, 2, 4, 8, 16
ANY_BOUNDARY = BOUNDARY | DASH | COMMA  # tokens that may end a clause, depending on their neighbours
SPACE_BEFORE_PUNCT = re.compile(r" +(?=[.,;:!?])")
STATEMENT_SLOTS_ORDER = ("subject", "object", "rest", "before", "clause", "cue")
# The token attributes read as one array per doc: _Prefilter reads the first four columns of
# every token, _Tokens all of them, as Python lists, for the sentences where a rule matched.
COLUMNS = [LOWER, LEMMA, SENT_START, ENT_TYPE, ORTH, SPACY, IDX, IS_ALPHA, IS_STOP]


@functools.cache
def pipeline() -> Language:
    """The offline English pipeline, built once per process (building it takes most of a second)."""
    nlp = spacy.blank("en")
    # Web text glues reference markers to the sentence end ("position.[6] Indeed"), which spaCy's
    # English tokenizer keeps as one token "position.[6": the sentence then never ends there.
    # Splitting "." and "[" before a digit gives "position", ".", "[", "6" (the infixes apply
    # only inside a token, so nothing else changes).
    infixes = [*nlp.Defaults.infixes, r"\.(?=\[\d)", r"\[(?=\d)"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
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
        self.holder_label = vocab.strings.add(HOLDER_LABEL)
        self.holders = PhraseMatcher(vocab, attr="LOWER")
        self.holders.add("holder", list(self.nlp.tokenizer.pipe(sorted(ruleset.gazetteer.holder_words))))
        self.rules: dict[int, tuple[int, Rule]] = {}
        for order, rule in enumerate(ruleset.rules):
            self.rules[vocab.strings[rule.name]] = (order, rule)
        self.prefilter = _Prefilter([_requirements(rule, vocab.strings) for rule in ruleset.rules])
        # Each sentence is matched only against the rules whose required words it holds, by a
        # Matcher made (once, on first use) for that set of rules: one Matcher of every rule would
        # advance every pattern over every token of any sentence some rule might match, which is
        # where most extraction time went. Sentences holding the same set share one Matcher.
        self._matchers: dict[bytes, Matcher] = {}
        self._flags: dict[int, int] = {}
        strings = vocab.strings
        # Cue words as hashes of their lower-case form, so tokens are tested from arrays.
        self._negation_lowers = frozenset(strings.add(word) for word in ruleset.negation)
        self._hedges = {strings.add(word): confidence for word, confidence in ruleset.hedges.items()}
        self._the = strings.add("the")
        self._that = strings.add("that")
        self._not_followed_by = {rule.name: frozenset(strings.add(w) for w in rule.not_followed_by) for rule in ruleset.rules}
        self._not_preceded_by = {rule.name: frozenset(strings.add(w) for w in rule.not_preceded_by) for rule in ruleset.rules}
        self._not_negating_before = frozenset(strings.add(word) for word in ruleset.not_negating_before)
        self._slots = {rule.name: [slot for slot in STATEMENT_SLOTS_ORDER if "{" + slot + "}" in rule.statement] for rule in ruleset.rules}
        self._joiners = frozenset(vocab.strings.add(word) for word in CLAUSE_JOINERS)  # LOWER hashes
        self._conjunctions = frozenset(vocab.strings.add(word) for word in ("and", "or", "but", "nor"))

    def _matcher(self, key: bytes, wanted: numpy.ndarray) -> Matcher:
        """The Matcher of the rules flagged in wanted (key: wanted packed as bytes)."""
        matcher = self._matchers.get(key)
        if matcher is None:
            matcher = self._matchers[key] = Matcher(self.nlp.vocab)
            for order in numpy.flatnonzero(wanted).tolist():
                rule = self.ruleset.rules[order]
                matcher.add(rule.name, [rule.pattern])
        return matcher

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
        if not len(doc):
            return []
        self._annotate(doc)
        table = doc.to_array(COLUMNS)
        candidates: list[tuple[int, int, int, Claim]] = []
        longest: dict[tuple[int, int], tuple] = {}
        for match in self._matches(doc, table):
            # Optional elements make a rule match one passage several ways; the longest from
            # each start gives the fullest subject and cue, and one claim is built, not several.
            key = (match[0], match[1])
            if key not in longest or match[2] > longest[key][2]:
                longest[key] = match
        covered: dict[int, int] = {}  # rule -> end of the last kept match
        tokens = _Tokens(table, text, self._lexeme_flags, self._joiners)
        for match_id, start, end, alignments, sentence in sorted(longest.values(), key=lambda m: (m[0], m[1])):
            if covered.get(match_id, -1) >= end:
                continue  # inside a longer match of the same rule
            covered[match_id] = end
            order, rule = self.rules[match_id]
            tokens.load(sentence)
            claim = self._claim(source_id, tokens, sentence, rule, start, end, alignments)
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

    def _matches(self, doc: Doc, table: numpy.ndarray) -> Iterator[tuple[int, int, int, list[int], tuple[int, int]]]:
        """Each rule's matches, its Matcher run only on sentences that hold every word it requires.

        Most sentences cannot match a given rule; ruling them out with array lookups first keeps
        extraction close to the speed of the bare pipeline. Matches never cross sentences.
        """
        for key, wanted, sentence, (low, high) in self.prefilter.plan(table):
            # The Matcher sees only the part of the sentence where some wanted rule can match.
            for match_id, s, e, alignments in self._matcher(key, wanted)(doc[low:high], with_alignments=True):
                yield match_id, low + s, low + e, alignments, sentence

    def _annotate(self, doc: Doc) -> None:
        """Mark gazetteer entities (labelled with their canonical name) and holder words as doc.ents.

        Overlaps are resolved as spacy.util.filter_spans would (longest first, then earliest, then
        entities before holders), on plain tuples, and the kept ones written as arrays: making a
        Span object makes three Token objects, which cost more than the matching.
        """
        found = [*self.entities(doc), *((self.holder_label, s, e) for _, s, e in self.holders(doc))]
        found.sort(key=lambda m: (m[2] - m[1], -m[1]), reverse=True)  # stable: entities stay first on ties
        taken: set[int] = set()
        kept: list[tuple[int, int, int]] = []
        for span in found:
            _, start, end = span
            if start in taken or end - 1 in taken:
                continue
            kept.append(span)
            if end - start == 1:
                taken.add(start)
            else:
                taken.update(range(start, end))
        iob = numpy.full(len(doc), 2, dtype=numpy.uint64)  # 2: outside any entity
        labels = numpy.zeros(len(doc), dtype=numpy.uint64)
        if kept:
            kept_labels, kept_starts, _ = (numpy.array(column, dtype=numpy.uint64) for column in zip(*kept))
            labels[kept_starts.astype(numpy.intp)] = kept_labels
            iob[kept_starts.astype(numpy.intp)] = 3  # begins an entity
            for label, start, end in kept:
                if end - start > 1:  # few entities span several tokens
                    iob[start + 1 : end] = 1  # inside one
                    labels[start + 1 : end] = label
        doc.from_array([ENT_IOB, ENT_TYPE], numpy.stack([iob, labels], axis=1))

    def _lexeme_flags(self, orth: int) -> int:
        """What a token's text means for clause bounds and quotes (see _Tokens), cached per text."""
        flags = self._flags.get(orth)
        if flags is None:
            lexeme = self.nlp.vocab[orth]
            text = lexeme.text
            flags = (
                (BOUNDARY if text in CLAUSE_PUNCT or text.startswith("[") or (lexeme.is_space and "\n" in text) else 0)
                | (DASH if text in SPACED_DASHES else 0)
                | (COMMA if text == "," else 0)
                | (SKIPPED if lexeme.is_punct or lexeme.is_space else 0)
                | (TRAILS if text in TRAILING or lexeme.is_space or re.fullmatch(r"\[\d+\]", text) else 0)
            )
            self._flags[orth] = flags
        return flags

    def _claim(self, source_id: str, tokens: _Tokens, sentence: tuple[int, int], rule: Rule, start: int, end: int, alignments: list[int]) -> Claim | None:
        """The claim a match makes, or None; works on token indices and arrays, not Token objects."""
        clause_start, clause_end = tokens.bounds(sentence, start, end)
        roles: dict[str, list[int]] = {}
        for offset, element in enumerate(alignments):
            role = rule.roles[element]
            if role:
                roles.setdefault(role, []).append(start + offset)
        before, match, rest = range(clause_start, start), range(start, end), range(end, clause_end)
        if end < sentence[1] and tokens.lower[end] in self._not_followed_by[rule.name]:
            return None  # the rule's cue is used otherwise here ("what Moscow wants is …")
        if start > sentence[0] and tokens.lower[start - 1] in self._not_preceded_by[rule.name]:
            return None  # not asserted: "whether Tokyo will …", "unless Japan is prepared to …"
        if not rule.span_from_clause and "{rest}" in rule.statement and not any(tokens.alpha[i] for i in rest):
            return None  # "X believes" with nothing believed is not a claim
        if "before" in self._slots[rule.name]:
            # The words before the cue are the statement's subject. None ("… are likely to grow",
            # its subject in another clause) or only a pronoun ("they are likely to …") means
            # nothing outside the article; "it is likely that X" keeps X, so it stays.
            words = [i for i in before if tokens.alpha[i]]
            if not words or (all(tokens.stop[i] for i in words) and not (rest and tokens.lower[rest[0]] == self._that)):
                return None
        subject, object_, cue = (roles.get(r, []) for r in ("subject", "object", "cue"))
        entity = self._entity_of(tokens)
        # Clause rules name their subject before the match; the nearest actor is the one meant.
        subject_entity = entity(subject) or (entity(reversed(before)) if rule.span_from_clause else None)
        object_entity = entity(object_) or entity(rest)
        about = object_entity or subject_entity or entity(match)
        if about is None:
            return None  # a claim about nothing the gazetteer knows cannot join the graph usefully
        last = tokens.last_kept(end - 1, clause_end)
        char_start = tokens.idx[clause_start if rule.span_from_clause else start]
        char_end = tokens.idx[last] + len(tokens.word(last))
        # Negation counts only where the rule says the cue is (explicit `role: cue` elements), so a
        # "not" inside a loose wildcard does not flip the claim; a negated complement flips it back.
        cue_negations = [i for i in cue if self._negates(tokens, i)]
        # In a reported view ("many Russians believe that Tokyo is not independent") a negation
        # inside the view is part of what is held: it stays in the statement and does not flip
        # the polarity, which says only whether the holder holds the view.
        # Only the first conjunct of the complement decides: in "will not recognize X and will never
        # overlook Y" the "never" belongs to the second verb, not a second denial of the first.
        first_conjunct = itertools.takewhile(lambda i: tokens.lower[i] not in self._conjunctions, rest)
        rest_negations = [] if rule.reported else [i for i in first_conjunct if self._negates(tokens, i)]
        denied = rule.denies ^ bool(cue_negations) ^ bool(rest_negations)
        # Likewise a hedge inside a reported view ("Tokyo believed it could persuade Moscow") is the
        # holder's, not the author's: it stays in the statement and leaves the confidence alone.
        hedge_scope = range(clause_start, end) if rule.reported else range(clause_start, clause_end)
        hedge_tokens = [i for i in hedge_scope if tokens.lower[i] in self._hedges]
        # Words that became polarity or confidence leave the statement, so it reads affirmatively.
        dropped = {*cue_negations, *rest_negations, *hedge_tokens}
        plain = lambda indices: [i for i in indices if i not in dropped]  # noqa: E731
        text = tokens.text_of
        slots = {}
        for slot in self._slots[rule.name]:
            if slot == "subject":
                slots[slot] = subject_entity or text(subject)
            elif slot == "object":
                is_actor = object_entity and all(tokens.ent[i] not in (0, self.holder_label) or tokens.lower[i] == self._the for i in object_)
                slots[slot] = object_entity if is_actor else text(plain(object_))
            elif slot == "rest":
                slots[slot] = text(plain(rest))
            elif slot == "before":
                slots[slot] = text(before)
            elif slot == "clause":
                slots[slot] = text(plain(range(clause_start, clause_end)))
            elif slot == "cue":
                slots[slot] = text(plain(cue))
        # Words dropped just before punctuation ("… is unlikely.") would leave "… is likely ." behind.
        statement = _sentence_case(SPACE_BEFORE_PUNCT.sub("", " ".join(rule.statement.format(**slots).split())))
        holder = text(subject) if rule.reported and subject else None
        key = None
        if subject_entity:
            strings = self.nlp.vocab.strings
            content = sorted({
                strings[tokens.lemma[i]].lower() for i in plain([*object_, *rest])
                if tokens.alpha[i] and not tokens.stop[i] and tokens.ent[i] in (0, self.holder_label) and tokens.lower[i] not in self._negation_lowers
            })
            if content:
                key = f"{subject_entity}|{rule.predicate}|{' '.join(filter(None, [object_entity or '', *content[:8]]))}"
        quote = tokens.text[char_start:char_end]
        return Claim(
            id=f"x-{source_id}-{char_start}-{char_end}-{rule.name}",
            source_id=source_id,
            statement=statement or quote,
            quote=quote,
            span=Span(start=char_start, end=char_end),
            about=about,
            polarity=Polarity.DENIED if denied else Polarity.AFFIRMED,
            holder=holder,
            confidence=min(self._hedges[tokens.lower[i]] for i in hedge_tokens) if hedge_tokens else None,
            method=Method.RULE_EXTRACTED,
            rule=rule.name,
            key=key,
        )

    def _entity_of(self, tokens: _Tokens):
        """first(indices): the canonical gazetteer entity of the first token naming one, or None."""
        strings, holder = self.nlp.vocab.strings, self.holder_label

        def first(indices: Iterable[int]) -> str | None:
            for i in indices:
                label = tokens.ent[i]
                if label and label != holder:
                    return strings[label]
            return None

        return first

    def _negates(self, tokens: _Tokens, i: int) -> bool:
        """A negation cue: its lower-case form is a negation word, and it does not open "not just / not only".

        Forms, not lemmas: the lookup lemmatizer makes "less" a form of "little", and "more
        rather than less complicated" is no denial. The rules file lists each form ("fails").
        """
        if tokens.lower[i] not in self._negation_lowers:
            return False
        return not (i + 1 < len(tokens.lower) and tokens.lower[i + 1] in self._not_negating_before)


def extract_corpus(sources: Iterable, ruleset: RuleSet, progress: bool = False, jobs: int = 1) -> tuple[Claim, ...]:
    """Every source's rule-extracted claims, sorted by id."""
    sources = list(sources)
    claims = [c for _, found in extract_all([(s.id, s.text) for s in sources], ruleset, jobs, progress) for c in found]
    return tuple(sorted(claims, key=lambda c: c.id))


def extract_all(items: list[tuple[str, str]], ruleset: RuleSet, jobs: int = 1, progress: bool = False) -> Iterator[tuple[str, list[Claim]]]:
    """(source id, claims) for each (source id, text), in the order given.

    jobs > 1 extracts in that many worker processes, each with its own Extractor made once;
    articles go out in chunks and come back in order, so the result does not depend on jobs.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    items = list(items)
    chunks = _chunks(items, jobs)
    if jobs == 1 or len(chunks) < 2:
        yield from Extractor(ruleset).extract_texts(items, progress, len(items))
        return
    # fork shares the parent's loaded spaCy pipeline with the workers (spawn would load it again
    # in each, about a second); where fork does not exist, spawn it is.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pipeline()
    from tqdm import tqdm

    with context.Pool(min(jobs, len(chunks)), initializer=_start_worker, initargs=(ruleset,)) as pool, \
            tqdm(total=len(items), unit="article", disable=None if progress else True) as bar:
        for found in pool.imap(_extract_chunk, chunks):
            yield from found
            bar.update(len(found))


def _chunks(items: list[tuple[str, str]], jobs: int) -> list[list[tuple[str, str]]]:
    """Consecutive runs of articles, several per worker so that unequal articles even out."""
    if not items:
        return []
    size = max(1, -(-len(items) // (jobs * 8)))
    return [items[i : i + size] for i in range(0, len(items), size)]


_worker_extractor: Extractor | None = None  # in a worker process: its Extractor


def _start_worker(ruleset: RuleSet) -> None:
    global _worker_extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and Pool.terminate ends a worker at once (not argmap's handler)
    _worker_extractor = Extractor(ruleset)


def _extract_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, list[Claim]]]:
    assert _worker_extractor is not None, "called outside a worker started by extract_all"
    return list(_worker_extractor.extract_texts(chunk))


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


class _Tokens:
    """One doc's tokens as plain lists read from its arrays (see COLUMNS), with clause bounds.

    Building a claim looks at each token of its clause several times; `doc[i]` would make a new
    Token object each time, and that cost more than all the rest of claim building.
    """

    def __init__(self, table: numpy.ndarray, text: str, flags_of, joiners: frozenset[int]):
        self.table, self.text, self.flags_of, self.joiners = table, text, flags_of, joiners
        length = len(table)
        self.lower, self.lemma, self.ent, self.orth, self.spaced, self.idx, self.alpha, self.stop, self.ends, self.flags = ([0] * length for _ in range(10))
        self.loaded: set[tuple[int, int]] = set()

    def load(self, sentence: tuple[int, int]) -> None:
        """Read a sentence's tokens, and one neighbour each side (clause bounds look at them)."""
        if sentence in self.loaded:
            return
        self.loaded.add(sentence)
        low, high = max(sentence[0] - 1, 0), min(sentence[1] + 1, len(self.table))
        columns = self.table[low:high].T.tolist()
        for name, values in zip(("lower", "lemma", None, "ent", "orth", "spaced", "idx", "alpha", "stop"), columns):
            if name:
                getattr(self, name)[low:high] = values
        # where each token's text and its whitespace end: where the next token starts
        self.ends[low : high - 1] = self.idx[low + 1 : high]
        if high == len(self.table):
            self.ends[high - 1] = len(self.text)
        self.flags[low:high] = [self.flags_of(orth) for orth in self.orth[low:high]]

    def word(self, i: int) -> str:
        """Token i's text without its whitespace."""
        return self.text[self.idx[i] : self.ends[i] - self.spaced[i]]  # spaCy's whitespace is one space

    def text_of(self, indices: Iterable[int]) -> str:
        """The text of these tokens, each with its whitespace, stripped at both ends."""
        text, idx, ends = self.text, self.idx, self.ends
        return "".join([text[idx[i] : ends[i]] for i in indices]).strip()

    def is_boundary(self, i: int) -> bool:
        """Whether token i ends a clause: a CLAUSE_PUNCT token, a spaced dash, a comma before a joiner."""
        flags = self.flags[i]
        if flags & BOUNDARY:
            return True
        if flags & DASH and i > 0 and self.spaced[i - 1]:
            return True
        return bool(flags & COMMA) and i + 1 < len(self.flags) and self.lower[i + 1] in self.joiners

    def bounds(self, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
        """The clause around a match: within its sentence, between clause boundaries."""
        sentence_start, sentence_end = sentence
        flags, lower, joiners, is_boundary = self.flags, self.lower, self.joiners, self.is_boundary
        clause_start = start
        while clause_start > sentence_start and not (flags[clause_start - 1] & ANY_BOUNDARY and is_boundary(clause_start - 1)):
            clause_start -= 1
        while clause_start < start and (lower[clause_start] in joiners or flags[clause_start] & SKIPPED):
            clause_start += 1
        clause_end = end
        while clause_end < sentence_end and not (flags[clause_end] & ANY_BOUNDARY and is_boundary(clause_end)):
            clause_end += 1
        return clause_start, max(clause_end, end)

    def last_kept(self, floor: int, clause_end: int) -> int:
        """The clause's last token that belongs in a quote (not trailing punctuation or spaces)."""
        i = clause_end - 1
        while i > floor and self.flags[i] & TRAILS:
            i -= 1
        return i


class _Requirement(NamedTuple):
    """A pattern element every match of a rule contains: a token whose LOWER or LEMMA is one of hashes.

    How far a match reaches around that token: `left` tokens before it at most, plus up to
    the longest run of entity tokens for each of `left_runs` repeating elements that only match
    entity tokens (an actor or agent `+`); likewise after it. inf: no bound.
    """

    column: int  # index into the (LOWER, LEMMA, SENT_START, ENT_TYPE) array that _matches builds
    hashes: numpy.ndarray
    left: float
    left_runs: int
    right: float
    right_runs: int

    def reach(self, entity_run: int) -> tuple[float, float]:
        return self.left + self.left_runs * entity_run, self.right + self.right_runs * entity_run


def _requirements(rule: Rule, strings) -> list[_Requirement] | None:
    """The required pattern elements (OP 1 or +) constrained by LOWER or LEMMA, None if there are none."""
    widths = [_widest(element.get("OP")) for element in rule.pattern]
    # A repeating element that matches only entity tokens spans at most the longest entity run.
    runs = [width == math.inf and _entities_only(element) for width, element in zip(widths, rule.pattern)]
    widths = [0 if run else width for width, run in zip(widths, runs)]
    found = []
    for index, element in enumerate(rule.pattern):
        if str(element.get("OP", "1")) not in ("1", "+"):
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
            hashes = numpy.array([strings.add(v) for v in values], dtype=numpy.uint64)
            repeats = math.inf if widths[index] > 1 or runs[index] else 0
            found.append(_Requirement(
                0 if attr == "LOWER" else 1, hashes,
                sum(widths[:index]) + repeats, sum(runs[:index]),
                sum(widths[index + 1 :]) + repeats, sum(runs[index + 1 :]),
            ))
    return found or None


def _entities_only(element: dict) -> bool:
    """Whether a pattern element can match only tokens inside doc.ents (ENT_TYPE not empty)."""
    for key, value in element.items():
        if key.upper() != "ENT_TYPE":
            continue
        if isinstance(value, str):
            return value != ""
        if isinstance(value, dict) and set(value) == {"NOT_IN"}:
            return "" in value["NOT_IN"]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return "" not in value["IN"]
    return False


def _widest(op) -> float:
    """The most tokens one pattern element with this OP can match."""
    op = "1" if op is None else str(op)
    if op in ("1", "!", "?"):
        return 1  # "!" matches no token or one, never more
    if op in ("+", "*"):
        return math.inf
    bounds = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
    if bounds is None:
        return math.inf  # an OP spaCy may add later: assume no bound
    low, comma, high = bounds.groups()
    if not comma:
        return int(low)
    return int(high) if high else math.inf


class _Prefilter:
    """Which rules may match in which sentence, and where, from array lookups alone.

    A rule can match only in a sentence holding a token for each of its requirements; and every
    match contains such a token, so it lies within the requirement's reach around the first and
    last of them: the Matcher need not see the rest of the sentence. Each sentence gets the
    narrowest window any requirement allows, per rule, joined over the rules it may match.
    """

    def __init__(self, requirements: list[list[_Requirement] | None]):
        self.requirements = [r for found in requirements for r in found or ()]
        self.rule_requirements: list[list[int]] = []  # per rule: indices into self.requirements
        first = 0
        for found in requirements:
            self.rule_requirements.append(list(range(first, first + len(found or ()))))
            first += len(found or ())
        self.columns = []  # per array column: sorted hashes, and which requirements allow each
        for column in (0, 1):
            allowed: dict[int, set[int]] = {}
            for index, requirement in enumerate(self.requirements):
                if requirement.column == column:
                    for value in requirement.hashes.tolist():
                        allowed.setdefault(value, set()).add(index)
            keys = numpy.array(sorted(allowed), dtype=numpy.uint64)
            members = numpy.zeros((len(keys), len(self.requirements)), dtype=bool)
            for row, value in enumerate(sorted(allowed)):
                members[row, sorted(allowed[value])] = True
            self.columns.append((column, keys, members))
        # requirement x rule incidence; a rule without requirements is wanted everywhere (0 == 0)
        self.incidence = numpy.zeros((len(self.requirements), len(self.rule_requirements)), dtype=numpy.int32)
        for order, indices in enumerate(self.rule_requirements):
            self.incidence[indices, order] = 1
        self.counts = self.incidence.sum(axis=0)

    def plan(self, table: numpy.ndarray) -> Iterator[tuple[bytes, numpy.ndarray, tuple[int, int], tuple[int, int]]]:
        """(key of the wanted rules, wanted rules, sentence, window) for each sentence some rule may match.

        table holds the COLUMNS of a doc (this reads LOWER, LEMMA, SENT_START and ENT_TYPE).
        """
        length = len(table)
        if not length:
            return
        sentence_ids = numpy.cumsum(table[:, 2] == 1) - (1 if table[0, 2] == 1 else 0)
        starts = numpy.flatnonzero(numpy.r_[True, numpy.diff(sentence_ids) != 0])
        ends = numpy.r_[starts[1:], length]
        member = numpy.zeros((length, len(self.requirements)), dtype=bool)  # token x requirement
        for column, keys, members in self.columns:
            if len(keys):
                values = table[:, column]
                rows = numpy.minimum(numpy.searchsorted(keys, values), len(keys) - 1)
                member |= members[rows] & (keys[rows] == values)[:, None]
        # sentence x rule: the sentence holds a token for every requirement of the rule
        present = numpy.logical_or.reduceat(member, starts, axis=0).astype(numpy.int32)
        wanted = present @ self.incidence == self.counts
        chosen = numpy.flatnonzero(wanted.any(axis=1))
        if not len(chosen):
            return
        entity_run = _longest_run(table[:, 3] != 0)
        reaches = [requirement.reach(entity_run) for requirement in self.requirements]
        positions = [numpy.flatnonzero(member[:, index]).tolist() for index in range(len(self.requirements))]
        keys = numpy.packbits(wanted[chosen], axis=1)
        for row, (index, start, end) in enumerate(zip(chosen.tolist(), starts[chosen].tolist(), ends[chosen].tolist())):
            low, high = end, start
            for order in numpy.flatnonzero(wanted[index]).tolist():
                rule_low, rule_high = start, end  # the narrowest window any requirement allows
                for requirement in self.rule_requirements[order]:
                    found, (left, right) = positions[requirement], reaches[requirement]
                    first = found[bisect.bisect_left(found, start)]
                    last = found[bisect.bisect_left(found, end) - 1]
                    req_low = start if left == math.inf else max(start, first - int(left))
                    req_high = end if right == math.inf else min(end, last + int(right) + 1)
                    if req_high - req_low < rule_high - rule_low:
                        rule_low, rule_high = req_low, req_high
                low, high = min(low, rule_low), max(high, rule_high)
            yield keys[row].tobytes(), wanted[index], (start, end), (low, high)


def _longest_run(flags: numpy.ndarray) -> int:
    """The length of the longest run of True in a boolean array."""
    if not flags.any():
        return 0
    edges = numpy.flatnonzero(numpy.diff(numpy.r_[0, flags.astype(numpy.int8), 0]))
    return int((edges[1::2] - edges[::2]).max())


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
