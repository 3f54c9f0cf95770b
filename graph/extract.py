"""Stage 1, extract: article texts + a RuleSet -> rule-extracted claims with verbatim spans.

The texts are parsed by spaCy's English pipeline (graph/nlp.py: tagger, dependency parser, NER),
with a per-article parse cache. The rules (graph/data/rules.yaml) are DependencyMatcher patterns:
each match names its nodes (predicate, content, cue, holder, subject). A match becomes a claim
through the same named steps for every rule, the way a careful reader works:

1. scope: is the clause asserted at all? Not inside a condition (if, unless, whether, provided
   that), a question, a scenario, a purpose clause, a relative or adverbial clause; a reported
   view counts only when the reporting clause is itself asserted; a sentence the next one gives a
   holder ("A. This view was expressed by X.") is X's view, not the author's assertion.
2. holder: whose view is it? The holder's own words ("many Russians") and, beside them, the
   normalized actor ("Russia") from the gazetteer or, for actors it does not know, NER; a holder
   named only by role ("according to this expert") is the one person named before it, or no one.
3. polarity: a negation of the clause's own verb (not, never, nor) denies it; in a reported view,
   the negation of the reporting verb denies, and a negation inside the view is part of the view;
   a denying cue ("no evidence that", "unlikely") denies what it judges.
4. hedging: may, might, could, likely, appears, in theory … give a confidence (the lowest); in a
   reported view the holder's hedges stay in the statement and only the author's count.
5. statement: a complete sentence in the holder's terms: the clause without its linking words,
   side clauses (because …, which …, a second clause with its own subject) or parentheses; a
   removed negation leaves a grammatical affirmative ("does not see" -> "sees"); a statement
   that would lean on a pronoun or "this …" with nothing to refer to is no claim.

Each claim names its rule and kind, its quote (the verbatim characters from the first to the last
word of the clause it states) and what it is about (an actor). Extraction over many articles can
run in worker processes (`jobs`); results do not depend on it, nor on the parse cache.
"""

from __future__ import annotations

import multiprocessing
import re
import signal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import LEMMA, POS
from spacy.matcher import DependencyMatcher, PhraseMatcher
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .claim_cache import ClaimCache
from .errors import InputError
from .models import Claim, ClaimKind, Method, Polarity, Span, slugify
from .nlp import ParseCache, default_cache_dir, load_pipeline, parse_texts
from .rules import Rule, RuleSet
from .seeds import read_article

# NER labels that name actors (the gazetteer normalizes them where it knows the form).
ACTOR_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC"})
# Subordinating words that put a clause in a condition, a question or a purpose: not asserted.
CONDITION_MARKS = frozenset({"if", "unless", "whether", "provided", "providing", "lest", "once", "until", "whenever"})
# Side clauses left out of a statement: one proposition per claim.
# ("since" is left out: it is as often temporal, "their first summit since Putin won", as causal)
SIDE_CLAUSE_MARKS = frozenset({"because", "although", "though", "while", "whereas", "so"})
# The subject of a clause: a noun phrase, "there", or a clause ("what Moscow wants is …")
CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# pronouns for a person: the statement must name a person before them ("his plan": whose?)
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers", "himself", "herself"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "his", "its", "their", "our", "hers", "theirs", "itself", "themselves", "himself", "herself"})
# the first person: the author's (or a quoted speaker's) own self, whom a statement read alone cannot name
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PERSON = FIRST_PERSON_SINGULAR | {"we", "us", "our", "ours", "ourselves"}
DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such"})
ORDINALS = frozenset({"one", "former", "latter", "other", "first", "second", "third", "fourth", "fifth", "last"})
SCENARIO_WORDS = frozenset({"scenario", "hypothetically", "theoretically", "imagine", "suppose"})
# Modals that make a reporting verb a demand or a hypothesis, not a report of a view held
UNREAL_MODALS = frozenset({"should", "must", "ought", "would", "could", "might", "'d"})
# spaCy splits contractions: "won't" = "wo" + "n't", "can't" = "ca" + "n't"
CONTRACTED = {"wo": "will", "ca": "can", "sha": "shall"}
TAG_OF_DO = {"does": "VBZ", "did": "VBD", "do": "VBP"}
QUOTES = "“”\"‘’'"
YEAR = re.compile(r"(1[5-9]|20)\d\d")  # a year, as a token
# words after which a linking adverb is part of the phrase it opens ("even if", "even though", "even more")
KEPT_AFTER_LINK = frozenset({"if", "though", "as", "when", "so", "after", "before", "while", "then", "more", "less", "now", "with", "without", "than"})
# words after a lone dash that qualify the clause before it ("proposed a treaty – but without any
# prerequisites"): what follows the dash is not an elaboration the claim can do without
QUALIFYING_AFTER_DASH = frozenset({"but", "though", "although", "except", "only", "unless", "if", "without", "not", "yet", "provided"})
CLAIMS_FOLDER = "claims"  # the claim cache's folder inside the parse cache's


@dataclass
class _Match:
    rule: Rule
    order: int
    nodes: dict[str, Token]

    @property
    def anchor(self) -> Token:
        """The node highest in the tree: where the scope of the whole match is decided (for a
        second verb sharing the first's subject, the second verb: the first anchors its own claim)."""
        if self.rule.conjunct:
            return self.nodes["predicate"]
        tokens = list(self.nodes.values())
        for token in tokens:
            if not any(other.i != token.i and other in token.ancestors for other in tokens):
                return token
        return tokens[0]

    @property
    def head(self) -> Token:
        """The head of the clause the statement states."""
        return self.nodes.get("content") or self.nodes.get("predicate") or self.anchor


class Extractor:
    """Runs one RuleSet over texts; build it once and reuse it for every article."""

    def __init__(self, ruleset: RuleSet, cache: ParseCache | None = None):
        self.ruleset = ruleset
        self.cues = ruleset.cues
        self.cache = cache
        self.nlp = load_pipeline()
        vocab = self.nlp.vocab
        self.matcher = DependencyMatcher(vocab)
        # each pattern under its own key, so a match says which pattern (and so which node names) it is
        self.patterns: dict[int, tuple[int, Rule, tuple[str, ...]]] = {}
        for order, rule in enumerate(ruleset.rules):
            for index, pattern in enumerate(rule.patterns):
                key = f"{rule.name}#{index}"
                self.matcher.add(key, [list(pattern)])
                self.patterns[vocab.strings[key]] = (order, rule, tuple(element["RIGHT_ID"] for element in pattern))
        self.entities = PhraseMatcher(vocab, attr="ORTH")  # case matters: "US" is not "us"
        by_entity: dict[str, list[str]] = {}
        for form, canonical in sorted(ruleset.gazetteer.aliases.items()):
            by_entity.setdefault(canonical, []).append(form)
        for canonical, forms in by_entity.items():
            self.entities.add(canonical, list(self.nlp.tokenizer.pipe(forms)))
        self.aliases = ruleset.gazetteer.aliases
        self.holder_words = frozenset(w.lower() for w in ruleset.gazetteer.holder_words)
        self._scenarios: list[tuple[int, int]] = []  # the current doc's scenario paragraphs (set by claims_in)
        self._text = ""  # the current doc's text (set by claims_in)
        self._carried: list[tuple[int, int]] = []  # the current doc's quotations carried over from an earlier line
        self._ents: tuple[SpacySpan, ...] = ()  # the current doc's named entities
        self._lower_text = ""  # the same, lower-cased (for pull quotes: "The X …" pulled out of "However, the X …")
        self._framed: set[int] = set()  # the current doc's clause heads framed as someone's view ("As X notes, A")
        self._disowned: set[int] = set()  # the current doc's sentences (first token) the next sentence gives a holder or denies
        self._overturned: set[int] = set()  # the current doc's sentences (first token) the next one opens by overturning

    # -- public

    def extract_text(self, source_id: str, text: str) -> list[Claim]:
        """The claims the rules find in one article's text."""
        [doc] = parse_texts([text], self.cache)
        return self.claims_in(source_id, doc)

    def extract_texts(self, items: Iterable[tuple[str, str]], progress: bool = False, total: int | None = None) -> Iterator[tuple[str, list[Claim]]]:
        """(source id, text) pairs -> (source id, claims), parsing a batch at a time."""
        items = list(items)
        docs = parse_texts((text for _, text in items), self.cache)
        if progress:
            from tqdm import tqdm

            docs = tqdm(docs, total=total or len(items), unit="article", disable=None)
        for (source_id, _), doc in zip(items, docs, strict=True):
            yield source_id, self.claims_in(source_id, doc)

    def claims_in(self, source_id: str, doc: Doc) -> list[Claim]:
        """The claims in a parsed document, sorted by span."""
        if not len(doc):
            return []
        self._ents = doc.ents  # doc.ents builds its spans anew on each use: read them once per doc
        self._full_names, self._body_tagged_names = _full_names(self._ents)
        actors = self._actors(doc)
        self._text = doc.text  # doc.text joins every token anew on each use: read it once per doc
        self._lower_text = self._text.lower()
        self._scenarios = _scenario_paragraphs(doc, self._text)
        self._carried = _carried_quotations(self._text)
        self._mentions = _mentions(doc)
        self._unasserted_sentences: dict[int, bool] = {}  # sentence start -> _unasserted
        self._frame_ends: dict[int, int | None] = {}  # sentence start -> _appearance_frame_end
        self._reported_sentences: dict[int, bool] = {}  # sentence start -> _reported_at_the_end
        matches = []
        for match_id, token_ids in self.matcher(doc):
            order, rule, names = self.patterns[match_id]
            nodes = {name: doc[i] for name, i in zip(names, token_ids, strict=True)}
            if rule.conjunct:
                frame = _conjunct_frame(nodes["predicate"])
                if frame is None:
                    continue
                nodes["subject"] = frame[2]  # the subject the two verbs share (the clause's)
            if rule.drop_cue and _frame_with_an_object(nodes):
                continue  # "As Japan notes the threat, it …": a time or a reason, not whose words the clause is
            matches.append(_Match(rule, order, nodes))
        # "As X notes, A and B": whether the frame covers B the parse does not say; B is not the author's either
        self._framed = {m.nodes["predicate"].i for m in matches if m.rule.drop_cue and "holder" in m.nodes and "predicate" in m.nodes}
        neighbours = _paragraph_neighbours(doc, self._text)
        self._disowned = self._disowned_sentences(neighbours) | _refuted_sentences(neighbours)
        self._listed = self._listed_sentences(doc)
        self._overturned = self._overturned_sentences(neighbours)
        # One claim per anchor and per statement head: the rule listed first wins, then the match
        # naming the most nodes (fuller), then the earliest tokens (deterministic).
        matches.sort(key=lambda m: (m.order, -len(m.nodes), sorted(t.i for t in m.nodes.values())))
        taken_anchors: set[int] = set()
        taken_heads: set[int] = set()
        claims: dict[str, Claim] = {}
        kinds: dict[int, ClaimKind] = {}  # the kind of the claim made for each statement head
        for match in matches:
            anchor, head = match.anchor, match.head
            if anchor.i in taken_anchors or head.i in taken_heads:
                continue
            claim = self._claim(source_id, doc, match, actors)
            if claim is not None and match.rule.conjunct:
                # a verb phrase sharing the first's clause is of the clause's kind ("should understand
                # A and assess B": two recommendations; "may provide A and add B": two possibilities)
                first, clause, _ = _conjunct_frame(match.nodes["predicate"])
                own_tense = _own_tense(match.nodes["predicate"], first)
                predicate = match.nodes["predicate"]
                own_auxiliary = any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in predicate.children)
                if clause.i in kinds and not own_auxiliary:
                    # (but a verb phrase of its own tense has its own kind: "is eager for A and has offered B",
                    # an aim, then an act; "reflects wishful thinking and will likely be exploited", a judgement,
                    # then a forecast; "the goal is not to forge A but to ensure B" shares the aim)
                    claim = claim.model_copy(update={"kind": kinds[clause.i]})
                elif not own_tense and clause.i not in kinds:
                    # "hoped to hasten A and reduce B": the phrases share the clause's verb, two halves of one
                    # aim or view; when the first half makes no claim, the second alone tells half of it
                    claim = None
            if claim is None:
                if "holder" in match.nodes and self._in_scope(match):
                    taken_anchors.add(anchor.i)  # a view we cannot attribute is not the author's assertion either
                continue
            taken_anchors.add(anchor.i)
            taken_heads.add(head.i)
            kinds.setdefault(head.i, claim.kind)
            claims.setdefault(claim.id, claim)
        # a pull quote (a paragraph of its own whose words the article repeats in its body) makes no
        # claim of its own: the body's sentence makes it, with its context
        return sorted((c for c in claims.values() if not self._pull_quote(c.span.start)),
                      key=lambda c: (c.span.start, c.span.end, c.rule))

    def _pull_quote(self, position: int) -> bool:
        """Whether the paragraph at a character position is a pull quote: its whole text stands again
        (case aside) inside another paragraph of the article."""
        text = self._lower_text
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        paragraph = text[start : end if end >= 0 else len(text)].strip().rstrip(".!”\"’")  # "… threat." of "… threat by …"
        if len(paragraph) < 30:
            return False
        for found in re.finditer(re.escape(paragraph), text):
            if found.start() == text.find(paragraph, start):
                continue
            around_start = text.rfind("\n", 0, found.start()) + 1
            around_end = text.find("\n", found.end())
            if len(text[around_start : around_end if around_end >= 0 else len(text)].strip()) > len(paragraph) + 1:
                return True  # found inside a longer paragraph (a paragraph merely repeated is no pull quote)
        return False

    # -- matching

    def _actors(self, doc: Doc) -> dict[int, str]:
        """token index -> the canonical actor it names (gazetteer first, then NER)."""
        found: dict[int, str] = {}
        strings = self.nlp.vocab.strings
        for match_id, start, end in sorted(self.entities(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
            for i in range(start, end):
                found.setdefault(i, strings[match_id])
        for ent in doc.ents:
            if ent.label_ not in ACTOR_LABELS or any(i in found for i in range(ent.start, ent.end)):
                continue
            # "Koizumi" after "Shinjiro Koizumi": the one person the article named in full
            name = (self._full_name(ent[0]) if len(ent) == 1 and ent.label_ == "PERSON" else None) or self._actor_name(ent)
            if name:
                for i in range(ent.start, ent.end):
                    found[i] = name
        return found

    def _actor_name(self, ent: SpacySpan) -> str | None:
        """An NER entity as an actor: its gazetteer form, else its own words without "the"."""
        text = " ".join(ent.text.split())
        text = re.sub(r"^(the|The)\s+", "", text)
        text = re.sub(r"(’s|'s)$", "", text).strip()
        if text in self.aliases:
            return self.aliases[text]
        if ent.label_ == "NORP" or not re.search(r"[A-Za-z]", text) or len(text) < 2:
            return None  # a nationality the gazetteer does not know names no actor
        return text

    # -- claim building: the named steps

    def _claim(self, source_id: str, doc: Doc, match: _Match, actors: dict[int, str]) -> Claim | None:
        rule, nodes = match.rule, match.nodes
        if not self._in_scope(match):
            return None
        holder_words, holder_actor = self._holder(match, actors)
        if "holder" in nodes and holder_words is None:
            return None  # a view whose holder is only a pronoun: whose is it?
        if "content" in nodes and "cue" in nodes and any(
                c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX") and c.i > nodes["content"].i for c in nodes["cue"].children):
            return None  # "believed they could win two islands …, but all four": the parse cut the view short
        if "holder" in nodes and "cue" in nodes and any(
                c.dep_ == "aux" and c.lower_ in UNREAL_MODALS for c in nodes["cue"].children):
            return None  # "Washington should understand that …", "Tokyo would argue that …": a view nobody is said to hold
        if "holder" not in nodes and any(
                c.dep_ == "parataxis" and c.lemma_.lower() in FRAME_VERBS and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                for c in match.head.children):
            return None  # "Japan, she added, will continue to …": the words are hers, not the author's
        if "holder" in nodes and "cue" in nodes and nodes["cue"].pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("prep", "npadvmod", "advmod") and any(t.ent_type_ == "DATE" for t in c.subtree) for c in nodes["cue"].children):
            return None  # "In March 2014, X declared that Y": a view dated by its reporting clause would float without the date
        if ("holder" in nodes and "content" in nodes and nodes["cue"].lemma_ == "write" and nodes["cue"].tag_ in ("VBZ", "VBP")
                and nodes["content"].i < nodes["cue"].i):
            return None  # "Y, Jane Doe writes.": a standfirst naming the article's own author, whose view is no reported one
        if "content" in nodes and "cue" in nodes and nodes["content"].i < nodes["cue"].i and any(
                t.text == ";" for t in doc[nodes["content"].i : nodes["cue"].i]):
            return None  # "A said X; B said they were Y": the parse took the clause before a semicolon for B's words
        if "holder" in nodes and "content" in nodes and "cue" in nodes and _backshifted_would(nodes["cue"], nodes["content"]):
            return None  # "X warned that Japan would have neither A nor B": a forecast, a threat or a condition left unsaid?
        if rule.conjunct and not self._splits_off(nodes["predicate"]):
            return None  # "X met Y and agreed Z": one claim with the first verb's
        if rule.conjunct and nodes["predicate"].lemma_.lower() in PARENTHETICAL_REPORTS | {"believe", "think", "expect", "fear", "hope"} and any(
                c.dep_ == "ccomp" for c in nodes["predicate"].children):
            return None  # "X welcomed A but never believed that B": a view held, which a second verb phrase cannot attribute
        if rule.conjunct and _reports_content(nodes["predicate"].head, nodes["predicate"]):
            return None  # "Galuzin says the patrol fired A, and was not intending B": the parse hung B on "says"; whose is B?
        if rule.conjunct and any(t.lower_ in DEMONSTRATIVES | PERSONAL_PRONOUNS or t.pos_ == "PRON" for t in nodes["subject"].subtree):
            return None  # "It is not … and remains …": whose?
        if rule.negated_cue == "no-claim" and self._cue_negated(match):
            return None  # "it is not clear that Y", "this does not mean that Y": Y is neither asserted nor denied
        denied = self._denied(match)
        if self._only_possible(match, denied):
            return None  # "there is a possibility that X", "the risk that X …": X is considered, not asserted
        built = self._statement(match, holder_words, holder_actor)
        if built is None:
            return None
        statement, kept, quoted = built
        if _only_part_of_what_only_covers(doc, kept):
            return None  # "need only to fill in a form and provide a passport": "only to fill in a form" is false
        if _lost_infinitive(doc, kept):
            return None  # "consequences will be very difficult, if not impossible, to reverse" is no "very difficult"
        if _mismatched_conjunct(match.head):
            return None  # "may put at risk promised investment": a past verb joined to "may put" is the parse's mistake
        if _frame_only(match.head, set(kept)):
            return None  # "…, The Yomiuri Shimbun has learned.": a reporting frame whose content the statement left out
        # a hedge is recorded once: the words the statement keeps show it ("might", "appears to");
        # only a hedge the statement leaves out ("it is likely that …", "X is likely to …") is a confidence
        confidence = self._confidence(match, set(kept) - {t.i for t in self._over_negation(match.nodes.get("predicate"))})
        if self._inverted_denial(match):
            return None  # "Neither has China been able to …": no affirmative sentence can be made by dropping a word
        about = self._about(match, kept, actors)
        if about is None:
            return None  # nothing the claim is about that the graph can name
        kind = self._kind(match, set(kept), denied)
        head = match.head
        if kind is ClaimKind.FACT and any(c.dep_ == "advcl" and c.i in set(kept) and any(
                m.dep_ == "mark" and m.lower_ in ("if", "unless") and not (m.i > 0 and m.doc[m.i - 1].lower_ == "even")
                for m in c.children) for c in head.children):
            # ("even if A, B" asserts B whatever A: a concession, not a condition)
            return None  # "If for Brussels A, Japan is B": a fact does not hang on a condition; a contrast or a rule, not a fact
        if "holder" not in nodes and any(c.dep_ == "nsubjpass" and c.lemma_.lower() in ATTITUDE_NOUNS for c in head.children) \
                and not any(c.dep_ == "agent" for c in head.children):
            return None  # "Great hopes are set on X": whose hopes? a view with no holder
        char_start = min(doc[i].idx for i in quoted)
        last = max(quoted)
        char_end = doc[last].idx + len(doc[last].text)
        quote = self._text[char_start:char_end]
        return Claim(
            id=f"x-{source_id}-{char_start}-{char_end}-{rule.name}",
            source_id=source_id,
            statement=statement,
            quote=quote,
            span=Span(start=char_start, end=char_end),
            about=about,
            polarity=Polarity.DENIED if denied else Polarity.AFFIRMED,
            holder=holder_words,
            holder_actor=holder_actor,
            confidence=confidence,
            kind=kind,
            method=Method.RULE_EXTRACTED,
            rule=rule.name,
            triple_key=self._triple_key(match, kept, actors, holder_actor),
        )

    # 1. scope

    def _in_scope(self, match: _Match) -> bool:
        """Whether the match's anchor clause is asserted by the author (see the module docstring)."""
        anchor = match.anchor
        sentence = anchor.sent
        if sentence.start not in self._unasserted_sentences:
            self._unasserted_sentences[sentence.start] = self._unasserted(sentence)
        if self._unasserted_sentences[sentence.start]:
            return False
        if self._set_up_to_refute(anchor, sentence):
            return False  # "At first glance, it would seem that A. But …": how things look, which the author overturns
        if "holder" not in match.nodes and self._continues_a_reported_argument(sentence):
            return False  # "He argues that A. B was therefore C.": the conclusion of his argument, not the author's
        if "holder" not in match.nodes and _inside_quotation(anchor, self._text, self._carried):
            return False  # quoted words whose speaker this sentence does not name: not the author's
        if "holder" not in match.nodes:
            if sentence.start not in self._reported_sentences:
                self._reported_sentences[sentence.start] = _reported_at_the_end(sentence)
            if self._reported_sentences[sentence.start]:
                return False  # "A, the agency reported.", "A, writes Abe.": A is theirs, however the parse hung the frame on A
        if sentence.start in self._listed:
            return False  # "He gave the following reasons: First, A. …": A is his point, and any view in it is his report
        if "holder" not in match.nodes and sentence.start in self._disowned:
            # "A. This view is shared by X.": A is X's view, and the second sentence only says so;
            # "A. That is not the case: …": A is an objection the author raises to answer it
            return False
        # A noun anchor ("X's view that …") is as asserted as the clause it sits in.
        clause = anchor
        while clause.pos_ not in ("VERB", "AUX") and clause.dep_ != "ROOT":
            clause = clause.head
        token = clause
        while True:
            if _has_condition(token) or _in_scenario(token):
                return False
            if token.dep_ == "ROOT":
                return True
            if token.dep_ == "conj" and "holder" not in match.nodes and token.head.i in self._framed:
                return False  # "As X notes, A and B": B may be X's words or the author's; neither can be said
            if token.dep_ == "conj" and "holder" not in match.nodes and _reports_content(token.head, token):
                return False  # "He said A, but B must …": the parse hung B on "said"; his words or the author's?
            if token.dep_ == "conj" or token.dep_ == "xcomp" and match.rule.conjunct and token.i != anchor.i:
                token = token.head  # a second verb phrase is asserted as its first is ("needs to understand A and be …")
                continue
            return False

    def _unasserted(self, sentence: SpacySpan) -> bool:
        """Whether nothing in the sentence is asserted, whatever its clause: a question, a heading, two
        sentences an ellipsis glued into one, a correlation, a sentence of a scenario (read once per
        sentence: every match in it asks)."""
        if _is_question(sentence) or _is_heading(sentence) or _glued_sentences(sentence):
            return True
        doc = sentence.doc
        if sum(1 for t in sentence if t.lower_ == "the" and t.i + 1 < len(doc) and doc[t.i + 1].tag_ in ("JJR", "RBR")) >= 2:
            return True  # "the longer X waits, the more Y believes Z": a correlation, neither clause asserted alone
        start = sentence[0].idx
        return any(first <= start < end for first, end in self._scenarios)  # a paragraph laying out a scenario: its forecasts are the scenario's

    def _set_up_to_refute(self, anchor: Token, sentence: SpacySpan) -> bool:
        """Whether the anchor's sentence is an appearance the author sets up to overturn (cues:
        appearance_frames, appearance_verbs, refuting_openers): framed by "At first glance" or "on
        paper" before the anchor, or under "seem / appear" with the paragraph's next sentence opening
        "But", "In fact", ….  A writer who says how things seem and then "but" says how they are."""
        if sentence.start not in self._frame_ends:
            self._frame_ends[sentence.start] = self._appearance_frame_end(sentence)
        frame_end = self._frame_ends[sentence.start]
        if frame_end is not None and frame_end < anchor.i:
            return True
        return sentence.start in self._overturned and any(
            t.lemma_.lower() in self.cues.appearance_verbs and (t.i == anchor.i or t.is_ancestor(anchor) or anchor.is_ancestor(t) and t.dep_ != "relcl")
            for t in sentence)

    def _appearance_frame_end(self, sentence: SpacySpan) -> int | None:
        """Where the first appearance frame in the sentence ends (its last word's index), if any."""
        words = [t for t in sentence if not t.is_punct]
        lowered = [t.lower_ for t in words]
        ends = [words[i + len(phrase) - 1].i for phrase in self.cues.appearance_frames
                for i in range(len(lowered) - len(phrase) + 1) if tuple(lowered[i : i + len(phrase)]) == phrase]
        return min(ends) if ends else None

    def _overturned_sentences(self, neighbours: list[tuple[SpacySpan, SpacySpan]]) -> set[int]:
        """The sentences (their first tokens) whose next sentence in the paragraph opens by overturning
        them (`cues: refuting_openers`: "But", "In fact", …)."""
        overturned: set[int] = set()
        for sentence, following in neighbours:
            words = [t.lower_ for t in following[:8] if not t.is_punct][:6]
            if any(tuple(words[: len(phrase)]) == phrase for phrase in self.cues.refuting_openers):
                overturned.add(sentence.start)
        return overturned

    def _continues_a_reported_argument(self, sentence: SpacySpan) -> bool:
        """Whether a sentence draws a conclusion ("therefore", `cues: inferential_adverbs`) right after a
        sentence of its paragraph that reports someone else's argument ("He argues that A.", "Hasegawa
        contends that A."): the conclusion is the argument's, summed up by the author, not the author's own."""
        if not any(t.lower_ in self.cues.inferential_adverbs and t.dep_ == "advmod" for t in sentence):
            return False
        doc = sentence.doc
        if sentence.start == 0 or "\n" in self._text[doc[sentence.start - 1].idx : sentence[0].idx]:
            return False  # the first sentence of its paragraph
        root = doc[sentence.start - 1].sent.root
        reports = root.lemma_.lower() in PARENTHETICAL_REPORTS or root.lemma_.lower() in self.cues.viewing_verbs
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        return (reports and subject is not None and subject.lower_ not in FIRST_PERSON
                and any(c.dep_ == "ccomp" for c in root.children))

    def _only_possible(self, match: _Match, denied: bool) -> bool:
        """Whether the statement's clause is the content of a noun of possibility ("there is the
        possibility that X", "the chance that X exists"), which the author considers without
        asserting; a denied one ("there is no / little chance that X") denies X and stays a claim."""
        head = match.head
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in POSSIBILITY_NOUNS and any(
                g.dep_ in ("acl", "ccomp") and g.pos_ in ("VERB", "AUX") for g in c.children) for c in head.children):
            return True  # "The possibility that X … exists / has arisen": a possibility, never X
        noun = head.head
        if head.dep_ == "ccomp" and noun.lemma_ == "be":  # "One possibility is that X", "The risk is that X"
            noun = next((c for c in noun.children if c.dep_ == "nsubj"), noun)
        elif head.dep_ not in ("acl", "ccomp", "appos", "relcl"):
            return False
        if noun.lemma_.lower() not in POSSIBILITY_NOUNS:
            return False
        if noun.i == match.nodes.get("cue", head).i:
            return not denied
        return not any(c.lower_ in self.cues.denying and c.dep_ in ("det", "amod") for c in noun.children)

    # 2. holder

    def _holder(self, match: _Match, actors: dict[int, str]) -> tuple[str | None, str | None]:
        """The holder's own words and the actor they name; (None, None) for the author's own claim."""
        holder = match.nodes.get("holder")
        if holder is None:
            return None, None
        if holder.lower_ in PERSONAL_PRONOUNS or holder.lower_ in DEMONSTRATIVES or holder.pos_ == "PRON":
            return None, None
        if _bare_quantifier(holder):
            return None, None  # "Many fear that …", "Others argue that …": a holder who is nobody in particular
        # (an aside after a comma says how, not who: "A senior official, speaking on condition of anonymity,")
        aside = {t.i for c in holder.children if c.dep_ in ("acl", "relcl") and c.i > holder.i
                 and c.left_edge.i > 0 and holder.doc[c.left_edge.i - 1].text == "," for t in c.subtree}
        tokens = [t for t in holder.subtree if not _is_side(t, holder) and t.ent_type_ not in ("DATE", "TIME") and t.i not in aside]
        tokens = _trim(tokens)
        while tokens and tokens[-1].tag_ == "POS":
            tokens = _trim(tokens[:-1])  # "In Putin's view": the holder is Putin
        if not tokens:
            return None, None
        if any(t.lower_ in PERSONAL_PRONOUNS | DEMONSTRATIVES and t.pos_ == "PRON" for t in tokens):
            return None, None  # "many of them", "some of those": who, the sentence does not say
        if self._named_by_role(holder, tokens):
            return self._role_holder(holder, actors)  # "according to this expert": the one person named before, or no one
        full = self._full_name(tokens[0]) if len(tokens) == 1 else None
        words = full or _join(tokens)  # ("Gorin said …": the holder is "Dmitry Gorin", as the article named him first)
        named = {actors[t.i] for t in tokens if t.i in actors}
        if any(_the_two(t) for t in tokens) and len(named) < 2 or self._dangling_definite(tokens):
            return None, None  # "the two leaders", "the parties": who, the sentence does not say
        if not named and not any(t.pos_ == "PROPN" or t.lower_ in self.holder_words or t.lemma_.lower() in self.holder_words for t in tokens):
            return None, None  # "according to plan": no one holds this view
        if holder.dep_ == "poss" and holder.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in holder.children) \
                and not any(c.dep_ in ("amod", "compound", "nmod", "prep", "relcl", "acl") for c in holder.children):
            return None, None  # "In the authors' opinion", "in the analysts' view": which authors, which analysts?
        # "some analysts in Japan and Russia" name no single actor: the words stay, the actor is unknown
        return words, (named.pop() if len(named) == 1 else None)

    def _may_be_the_holder(self, pronoun: Token, holder: Token | None) -> bool:
        """Whether a pronoun can be the holder of the view it stands in ("Abe said he …"). In the
        holder's own quoted words it cannot: a speaker says "I" or "we" of himself, so "“It revealed …”,
        said the editorial" speaks of something else; nor is a person "it"."""
        if holder is None or not _agrees(pronoun, holder):
            return False
        if pronoun.lower_ == "it" and self._a_person(holder):
            return False  # "It was the first time …, an official said": a person is never "it"
        if any(_agrees(pronoun, listener) or pronoun.lower_ in ("he", "she") and self._a_person(listener)
               for listener in _addressees(holder.head)):
            return False  # "Clinton told Yeltsin that he could not trust …", "told the minister that he …": either of them
        return not (_inside_quotation(pronoun, self._text, self._carried) and not _inside_quotation(holder, self._text, self._carried))

    def _a_person(self, noun: Token) -> bool:
        """One person, by name or by what a person is ("the minister", "the Russian ambassador")."""
        if noun.tag_ in ("NNS", "NNPS"):
            return False
        return noun.ent_type_ == "PERSON" or any(
            w in self.cues.people_nouns or w in self.cues.role_nouns or w in PERSON_TITLES for w in (noun.lemma_.lower(), noun.lower_))

    def _named_by_role(self, holder: Token, tokens: list[Token]) -> bool:
        """Whether a holder is named only by a role after "the" or a demonstrative ("this expert", "the
        analyst", "these scholars", "the MGIMO professor"): no person's name in the phrase says who."""
        if holder.pos_ != "NOUN" or holder.lemma_.lower() not in self.cues.role_nouns and holder.lower_ not in self.cues.role_nouns:
            return False
        # (a compound's determiner may hang on the noun it modifies: "as the analyst notes" parsed as a noun "notes")
        determined = holder.head if holder.dep_ == "compound" else holder
        if not any(c.dep_ == "det" and (c.lower_ == "the" or c.lower_ in DEMONSTRATIVES) for c in determined.children):
            return False  # "an expert", "some analysts", "Japan's experts": not a person named before
        return not any(t.ent_type_ == "PERSON" for t in tokens)  # "the analyst Sergei Karaganov" names him

    def _role_holder(self, holder: Token, actors: dict[int, str]) -> tuple[str | None, str | None]:
        """The one person a holder named by role points back to: the only person the paragraph names
        before it, or, if the paragraph names none, the only one the paragraph before names (the name as
        written and its actor); (None, None) when there are more, or none, or the role is plural ("these
        experts": not one person)."""
        if holder.tag_ in ("NNS", "NNPS"):
            return None, None
        text = self._text
        start = text.rfind("\n", 0, holder.idx) + 1
        spans = [(start, holder.idx)]
        before = text[:start].rstrip()
        if before:
            spans.append((before.rfind("\n") + 1, len(before)))
        for low, high in spans:
            # (a person's name is proper nouns naming no thing: the parse may tag a gerund's phrase, "Deploying Typhon",
            # or a weapon's name, "Patriot missiles", as a person)
            people = [ent for ent in self._ents if ent.label_ == "PERSON" and low <= ent.start_char and ent.end_char <= high
                      and all(t.pos_ == "PROPN" for t in ent if t.tag_ != "POS")
                      and not (ent.root.dep_ == "compound" and ent.root.head.pos_ == "NOUN")]
            if not people:
                continue
            names: list[SpacySpan] = []  # each person once: "Sergei Karaganov" and "Karaganov" are one
            for ent in sorted(people, key=lambda e: -len(_person_words(e))):
                if not any(_person_words(ent) <= _person_words(other) for other in names):
                    names.append(ent)
            if len(names) != 1:
                return None, None
            [person] = names
            words = [t for t in person if t.tag_ != "POS"]
            return _join(words), next((actors[t.i] for t in words if t.i in actors), None)
        return None, None

    def _disowned_sentences(self, neighbours: list[tuple[SpacySpan, SpacySpan]]) -> set[int]:
        """The sentences (their first tokens) whose claims are someone's view, not the author's: a sentence
        the next one in its paragraph gives a holder ("A. This view was expressed by X."), and that next
        sentence, which only says whose A is. (Across paragraphs, "this view" may sum up more than the
        sentence before.)"""
        disowned: set[int] = set()
        for previous, sentence in neighbours:
            first = next(t for t in sentence if not t.is_space)
            if self._points_back_to_a_holder(first, sentence.root):
                disowned.update((previous.start, sentence.start))
        return disowned

    def _listed_sentences(self, doc: Doc) -> set[int]:
        """The sentences (their first tokens) of a list someone else's words announce: "He listed the
        following reasons: …", "She gave three arguments:" followed by paragraphs opening "First, …",
        "Second, …" (`cues: list_openers`). Each item is the lister's point, not the author's, though no
        sentence of it names him."""
        listed: set[int] = set()
        sentences = list(doc.sents)
        for number, sentence in enumerate(sentences):
            words = [t for t in sentence if not t.is_space]
            if not words or not self._announces_a_list(sentence, words):
                continue
            last = words[-1]  # the last word before the next sentence
            for following in sentences[number + 1 :]:
                first = next((t for t in following if not t.is_space), None)
                if first is None:
                    continue
                if "\n" in self._text[last.idx : first.idx] and first.lower_ not in self.cues.list_openers:
                    break  # the list ends where a paragraph opens without an ordinal
                listed.add(following.start)
                last = [t for t in following if not t.is_space][-1]
        return listed

    def _announces_a_list(self, sentence: SpacySpan, words: list[Token]) -> bool:
        """Whether a sentence announces someone's list: its verb's subject is someone other than the
        author, and it ends with a colon or names "the following" points."""
        root = sentence.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lower_ in FIRST_PERSON:
            return False
        if not (words[-1].text == ":" or any(t.lower_ == "following" and t.dep_ == "amod" for t in sentence)):
            return False
        following = next((t for t in sentence if t.lower_ == "following" and t.dep_ == "amod"), None)
        listed = following.head if following is not None else next((c for c in root.children if c.dep_ == "dobj"), None)
        return listed is not None and listed.lemma_.lower() in self.cues.point_nouns

    def _points_back_to_a_holder(self, first: Token, root: Token) -> bool:
        """Whether a sentence says whose view the sentence before it is: it opens with a demonstrative on
        a view noun or standing for the view, or with "So", and names who holds it ("This view was
        expressed by X", "This position is shared by X", "This is the opinion of X", "This is X's view",
        "Such is the assessment of X", "That is how X sees it", "This is what X argues", "This was argued by
        X", "So says X"); the author's own ("This is my view") is no other holder's. first: the sentence's
        first word; root: its root."""
        cues = self.cues
        if first.lower_ == "so" and first.head.i == root.i and root.lemma_.lower() in cues.viewing_verbs:
            return any(c.dep_ == "nsubj" and c.i > root.i and _someone(c) for c in root.children)  # "So says X" (inverted)
        if first.lower_ not in DEMONSTRATIVES:
            return False
        if first.dep_ in ("det", "predet") and first.head.lemma_.lower() in cues.view_nouns:
            view = first.head  # "This view …", "Such a view …"
            if view.dep_ != "nsubjpass" or view.head.lemma_.lower() not in cues.viewing_verbs:
                return False  # "This view ignores …": the author judges the view, whoever holds it
            return _by_someone(view.head)
        if first.head.i != root.i or first.dep_ not in ("nsubj", "nsubjpass", "acomp", "attr"):
            return False
        if first.dep_ == "nsubjpass":
            return root.lemma_.lower() in cues.viewing_verbs and _by_someone(root)  # "This was argued by X"
        if root.lemma_ != "be":
            return False
        for child in root.children:
            if child.dep_ == "attr" and child.lemma_.lower() in cues.view_nouns:
                if any(c.dep_ == "poss" and _someone(c) for c in child.children):
                    return True  # "This is X's view"
                if any(c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and _someone(g) for g in c.children)
                       for c in child.children):
                    return True  # "This is the opinion of X", "Such is the assessment of X"
            if child.dep_ == "ccomp" and child.lemma_.lower() in cues.viewing_verbs and any(
                    c.lower_ in ("how", "what") and c.dep_ in ("advmod", "dobj") for c in child.children):
                if any(c.dep_ == "nsubj" and _someone(c) for c in child.children):
                    return True  # "That is how X sees it", "This is what X argues"
        return False

    # 3. polarity

    def _denied(self, match: _Match) -> bool:
        nodes = match.nodes
        denied = False
        if "content" in nodes and "cue" in nodes:
            cue = nodes["cue"]
            # the cue's own negation ("do not believe"), or a judging cue that denies
            # ("no evidence", "unlikely", "illusory")
            verb = cue if cue.pos_ in ("VERB", "AUX") else cue.head
            denied ^= self._negated(verb) or (cue.i != verb.i and self._negated(cue)) or _negative_subject(verb)
            if cue.lower_ in self.cues.denying or any(
                    child.lower_ in self.cues.denying and child.dep_ in ("det", "amod", "advmod") for child in cue.children):
                denied = not denied
            if "judge" in nodes and nodes["judge"].i != verb.i:
                denied ^= self._negated(nodes["judge"])
        elif "predicate" in nodes:
            denied = (self._negated(nodes["predicate"]) and not _prohibition(nodes["predicate"])
                      and not _kept_negation(nodes["predicate"]))
        return denied

    def _splits_off(self, verb: Token) -> bool:
        """Whether verb is a second verb phrase sharing the first's subject that makes its own claim:
        "X supported A and refused B", "X keeps A, educates B and assesses C", "X may provide A and
        add B", "X needs to understand A and be aware of B", "X was not strong and remained moderate".
        Not when the first verb has nothing of its own before the second ("X criticized and
        sanctioned Y": one claim), after "or" / "nor" ("did not criticize X or oppose Y": one denial),
        nor a bare verb under the first's negation ("will not join A and leave B": whose scope?)."""
        frame = _conjunct_frame(verb)
        if frame is None:
            return False
        first, _, subject = frame
        if _disagrees_in_number(verb, subject):
            return False  # "Mori cared about the Northern Territories, as A and B are called in Japan": "are" is not Mori's
        previous = verb.head
        if verb.lemma_ == previous.lemma_ and verb.lemma_ != "be":
            return False  # "cannot give what China can and does give": the same verb both ways is a misattached clause
        top = verb
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head
        chain = sorted({*_chain(first), *_chain(top)}, key=lambda t: t.i)
        conjunctions = [c.lower_ for member in chain for c in member.children if c.dep_ == "cc"]
        if not conjunctions or any(c not in ("and", "but", "yet") for c in conjunctions):
            return False
        if any(c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX") and c.i > member.i for member in chain for c in member.children):
            return False  # "keeps X, educates Y, vacations in Z": a verb parsed as a noun, the phrases' shape is lost
        if not any(previous.i < c.i < verb.i and c.dep_ not in ("cc", "punct", "advmod", "neg", "conj") for c in previous.children):
            return False  # "criticized and sanctioned Russia": the object is shared, one claim
        if not any(c.i > verb.i and c.dep_ not in ("cc", "punct", "conj") for c in verb.children):
            return False
        if _dated(previous, verb) and not _dated(verb, None):
            return False  # "visited Moscow in May 2015 and met Putin": the date may be both verbs'; one claim keeps it
        if (not any(c.dep_ in ("aux", "auxpass") for c in verb.children) and any(c.dep_ == "auxpass" for c in previous.children)
                and not any(c.dep_ in ("dobj", "dative") for c in verb.children) and (verb.tag_ != "VBN" or previous.i != first.i)):
            # "was interrogated and ordered to leave": a participle sharing the passive "was" of the verb before it
            # (often tagged VBD), which only the first verb's auxiliary is carried from; alone it would read
            # "X ordered to leave", the act turned round
            return False
        own_tense = _own_tense(verb, first)
        if not own_tense and (self._negated(first) or verb.tag_ != first.tag_ and first.tag_ != "VB"):
            return False
        return True

    def _cue_negated(self, match: _Match) -> bool:
        """Whether the cue, or the verb it hangs on, is negated ("not clear", "does not mean")."""
        cue = match.nodes.get("cue")
        if cue is None:
            return False
        verb = cue if cue.pos_ in ("VERB", "AUX") else cue.head
        judge = match.nodes.get("judge")
        return (self._negated(verb) or self._negated(cue) or (judge is not None and self._negated(judge))
                or _negative_subject(verb) or (judge is not None and _negative_subject(judge)))

    def _negated(self, verb: Token) -> bool:
        """Whether the clause of verb is denied by its own negation (not, never, nor), auxiliaries included."""
        for child in verb.children:
            if child.dep_ == "aux" or child.dep_ == "auxpass":
                if any(self._negates(grand) for grand in child.children):
                    return True
            if self._negates(child):
                return True
        return False

    def _inverted_denial(self, match: _Match) -> bool:
        """A clause opened by nor / neither with its auxiliary before the subject, other than "do"."""
        head = match.nodes.get("predicate")
        if head is None:
            return False
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        opener = any(c.lower_ in ("nor", "neither") for c in head.children if subject is not None and c.i < subject.i)
        aux_first = [c for c in head.children if c.dep_ in ("aux", "auxpass") and subject is not None and c.i < subject.i]
        inverted = opener and (any(a.lemma_ != "do" for a in aux_first) or head.lemma_ == "be" and subject is not None and head.i < subject.i)
        return inverted or any(t.lower_ == "nor" and t.i > head.i for t in head.subtree if t.dep_ in ("cc", "preconj"))

    def _over_negation(self, verb: Token | None) -> list[Token]:
        """The adverbs of the author's certainty, hedges and adverbs of frequency in verb's clause that
        stand before the negation a denial removes ("Russia definitely / probably / often does not
        want Y"): they scope over the negation, so the affirmative sentence denied cannot keep them.
        Empty when the negation stays in the statement (a prohibition, a quantified subject) or there
        is none. (An adverb of time, "Japan now does not …", means the same denied: it stays.)"""
        if verb is None or _prohibition(verb) or _kept_negation(verb):
            return []
        verbs = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
        negations = [c for v in verbs for c in v.children if self._negates(c)]
        if not negations:
            return []
        first = min(n.i for n in negations)
        subject = next((c for c in verb.children if c.dep_ in CLAUSE_SUBJECTS), None)
        # (before the subject, "Clearly, X does not …", only the author's certainty or hedge)
        return [c for v in verbs for c in v.children
                if c.dep_ == "advmod" and c.i < first and not list(c.children) and (
                    c.lower_ in CERTAINTY_ADVERBS or c.lower_ in self.cues.hedges and c.tag_.startswith("RB")
                    or c.lower_ in FREQUENCY_ADVERBS and (subject is None or c.i > subject.i))]

    def _negates(self, token: Token) -> bool:
        if token.lower_ not in self.cues.negation:
            return False
        if token.lower_ == "nor" and token.dep_ != "cc" and token.i != token.sent.start:
            return False
        if token.dep_ not in ("neg", "advmod", "cc", "preconj", "det"):
            return False
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        return not (following is not None and following.lower_ in self.cues.not_negating_before)

    # 4. hedging

    def _confidence(self, match: _Match, shown: frozenset[int] | set[int] = frozenset()) -> float | None:
        """The lowest confidence of the author's hedges on the match that the statement does not
        show in its own words (shown: the indices of its tokens); None: unhedged, or hedged in words."""
        nodes = match.nodes
        cue = nodes.get("cue")
        if "content" in nodes:
            # a reported view or a judged proposition: only the hedges on the cue (and the verb
            # judging it) are the author's; those inside the view are the holder's
            heads = [nodes[name] for name in ("cue", "judge") if name in nodes]
        else:
            heads = [nodes["predicate"]]
            predicate = nodes["predicate"]
            if any(c.dep_ == "cc" and c.lower_ == "but" for c in predicate.children) and any(
                    c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children) for c in predicate.children):
                # "X may have succeeded …, but Y": a concession, not a hedge
                heads = []
                scope = [c for c in predicate.children if c.dep_ in ("advmod", "prep") and c.lower_ != "may"]
                found = [v for t in scope if t.i not in shown and (v := self._hedge(t, False)) is not None and t.lower_ not in ("may", "might")]
                return min(found) if found else None
        scope = [*heads, *(c for h in heads for c in h.children if c.dep_ in ("aux", "advmod", "prep", "acomp", "xcomp"))]
        if cue is not None:  # "little reason", "slim chance": the cue's own modifiers judge as the cue does
            scope += [c for c in cue.children if c.dep_ in ("amod", "det")]
        cue_level = {cue.i, *(c.i for c in cue.children if c.dep_ in ("amod", "det"))} if cue is not None else set()
        found = [value for token in scope if token.i not in shown and (value := self._hedge(token, token.i in cue_level)) is not None]
        return min(found) if found else None

    def _hedge(self, token: Token, is_cue: bool) -> float | None:
        """The confidence a hedge word gives, raised by an intensifier ("highly unlikely")."""
        hedges = self.cues.hedges
        lower, lemma = token.lower_, token.lemma_.lower()
        if token.dep_ == "prep" and lower == "in":  # "in theory"
            objects = [c.lower_ for c in token.children if c.dep_ == "pobj"]
            word = objects[0] if objects and objects[0] == "theory" and "theory" in hedges else None
        elif is_cue:
            word = lower if lower in hedges else lemma if lemma in hedges else None
        elif token.tag_ == "MD" or token.tag_.startswith("RB"):
            word = lower if lower in hedges else None  # may, might, could; perhaps, probably
        elif lemma in ("seem", "appear") and lemma in hedges:
            word = lemma  # "X seems / appears to …"
        elif token.dep_ == "acomp" and lower == "likely" and lower in hedges:
            word = lower  # "X is likely to …" stated as is: the author's hedge ("unlikely" stays a word of the statement)
        else:
            word = None
        if word is None:
            return None
        value = hedges[word]
        for child in token.children:
            if child.lower_ in self.cues.intensifiers:
                value = max(value, self.cues.intensifiers[child.lower_])
        return value

    # 4b. kind

    def _kind(self, match: _Match, kept: set[int], denied: bool) -> ClaimKind:
        """The rule's kind, unless the statement's own words make an event or state a possibility or a
        forecast: "can spur", "could help" (a possibility: assessment), "would reduce", "appear set to
        persist" (a forecast: prediction), "is probably relying" (a hedged guess: assessment)."""
        kind = ClaimKind(match.rule.kind)
        predicate = match.nodes.get("predicate")
        if kind is ClaimKind.GOAL and predicate is not None and predicate.lemma_.lower() in ATTEMPT_VERBS and (
                predicate.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in predicate.children)):
            return ClaimKind.FACT  # "Japan has repeatedly tried to recover X": an attempt made, an event
        if kind is ClaimKind.PREDICTION and "content" in match.nodes and "holder" not in match.nodes and match.rule.statement == "{content}":
            # "it is almost certain that Beijing is doing X": a judgment of the present, not a forecast
            content = match.nodes["content"]
            auxiliaries = [c for c in content.children if c.dep_ in ("aux", "auxpass")]
            if not any(a.tag_ == "MD" or a.lower_ in ("wo", "'ll") for a in auxiliaries) and content.tag_ != "VB" \
                    and not any(a.lower_ == "going" for a in auxiliaries):
                return ClaimKind.ASSESSMENT
            return kind
        if kind is ClaimKind.ASSESSMENT:
            return self._assessment_kind(match, kept, denied)
        if kind is not ClaimKind.FACT or "predicate" not in match.nodes:
            return kind
        spine = [match.nodes["predicate"]]
        while True:  # "appear set to persist": the verb and its infinitive complements
            following = next((c for c in spine[-1].children if c.dep_ in ("xcomp", "oprd") and c.i in kept), None)
            if following is None:
                break
            spine.append(following)
        words = {c.lower_ for v in spine for c in v.children if c.i in kept and c.dep_ in ("aux", "auxpass", "advmod")}
        if words & FORECAST_MODALS and not any(v.lemma_.lower() in ("seem", "appear") for v in spine):
            return ClaimKind.PREDICTION  # "X will likely be exploited by Y": a forecast, however judging its verb
        if any(v.lemma_.lower() in self.cues.evaluative_verbs for v in spine):
            return ClaimKind.ASSESSMENT  # "Putin humiliated Abe": the author's judgement of the act
        if any(v.lemma_.lower() in self.cues.explanatory_verbs for v in spine):
            return ClaimKind.ASSESSMENT  # "the weakness of X is related to Y": the author's account of a cause
        if any(v.lemma_.lower() in self.cues.sign_verbs and not any(
                c.dep_ == "nsubj" and (c.pos_ == "PROPN" or c.ent_type_ in ACTOR_LABELS or c.lemma_.lower() in self.cues.people_nouns)
                for c in v.children) for v in spine):
            return ClaimKind.ASSESSMENT  # "the tactics demonstrate aggression" (not "the minister underscored X": speech)
        if any(c.lower_ in self.cues.evaluative_adverbs and c.dep_ == "advmod" for v in spine for c in v.children if c.i in kept):
            return ClaimKind.ASSESSMENT  # "Japan hardly needs X", "Tokyo wisely declined Y": the author's judgement
        arguments = [c for v in spine for c in v.children if c.i in kept and c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")]
        arguments += [g for c in arguments for g in c.children if g.dep_ == "prep" and g.lower_ == "of" and g.i in kept
                      for g in g.children if g.dep_ == "pobj"]  # "the degree of hysteria"
        if any(c.lemma_.lower() in self.cues.evaluative_nouns or any(
                g.dep_ == "amod" and g.lower_ in self.cues.evaluative_adjectives and g.i in kept for g in c.children) for c in arguments):
            return ClaimKind.ASSESSMENT  # "All fault lies with X", "X took a misleading track": the author's judgement
        objects = [c for v in spine for c in v.children if c.i in kept and (c.dep_ in ("dobj", "attr")
                   or c.dep_ == "advmod" and c.lower_ == "little" and not any(g.lower_ == "a" for g in c.children))]
        if any(c.lower_ in ("few", "little") or any(g.lower_ in ("few", "little") and g.dep_ in ("amod", "det") and g.i in kept
                                                    for g in c.children) for c in objects):
            # "the country offers few attractive opportunities", "Moscow gave (very) little in return":
            # a judgement of how many or how much
            return ClaimKind.ASSESSMENT
        raising = spine[:-1]  # the verbs an infinitive follows ("set" of "set to persist")
        if words & FORECAST_MODALS or any(v.lower_ in FORECAST_WORDS for v in raising):
            return ClaimKind.PREDICTION
        if words & POSSIBILITY_WORDS or any(v.lemma_.lower() in ("seem", "appear") for v in raising):
            return ClaimKind.ASSESSMENT
        return kind

    def _assessment_kind(self, match: _Match, kept: set[int], denied: bool) -> ClaimKind:
        """An assessment rule's kind, unless the statement forecasts or states an aim: "X is / looks
        (un)likely to persist" and "it is clear that X will (not) Y" forecast (prediction); "the goal
        of X is to Y", "X's priority is good ties with Z to Y" state an aim (goal)."""
        nodes = match.nodes
        if "content" in nodes and "holder" not in nodes and match.rule.statement == "{content}":
            # the author vouches for the clause: its own "will" makes it a forecast ("no evidence that
            # X will Y", "the idea that X will Y is illusory" judge a forecast baseless: an assessment)
            if not denied and any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in nodes["content"].children):
                return ClaimKind.PREDICTION
            return ClaimKind.ASSESSMENT
        predicate = nodes.get("predicate")
        if predicate is None or predicate.lemma_.lower() not in COPULAS_OF_JUDGMENT:
            return ClaimKind.ASSESSMENT
        complements = [c for c in predicate.children if c.i in kept]
        if any(c.dep_ == "acomp" and c.lower_ in self.cues.feeling_adjectives for c in complements):
            return ClaimKind.BELIEF  # "professors are worried about X", "Tokyo is wary of Y": how they see things
        if not any(c.dep_ in ("aux", "advmod") and (c.tag_ == "MD" or c.lower_ in self.cues.hedges) for c in complements) and any(
                c.dep_ in ("attr", "nsubj") and _counted(c) for c in complements):
            return ClaimKind.FACT  # "X is thousands of kilometres from Y", "1.1 million remains lie uncollected": a count, not a judgement
        if predicate.lemma_.lower() == "be" and any(c.dep_ == "attr" and any(
                a.dep_ == "acl" and a.tag_ == "VBN" and a.lemma_.lower() in SEAT_PARTICIPLES for a in c.children) for c in complements):
            return ClaimKind.FACT  # "Kyodo News is a news agency based in Tokyo": what and where a body is
        if predicate.tag_ == "VBD" and any(c.dep_ == "acomp" and c.lower_ in ("able", "unable") and any(
                x.dep_ == "xcomp" and x.pos_ in ("VERB", "AUX") for x in c.children) for c in complements):
            return ClaimKind.FACT  # "Abe was able to visit Russia in 2013": an act done (or not), not a judgement
        if predicate.lemma_.lower() == "be" and any(c.dep_ == "attr" and any(
                a.dep_ == "amod" and a.ent_type_ == "ORDINAL" for a in c.children) for c in complements):
            return ClaimKind.FACT  # "Sakhalin-2 is Russia's first LNG plant": a place in a series, counted
        likely = next((c for c in complements if c.dep_ == "acomp" and c.lower_ in ("likely", "unlikely")), None)
        if likely is not None and any(x.dep_ == "xcomp" and x.pos_ in ("VERB", "AUX") and x.i in kept
                                      for x in [*likely.children, *complements]):
            return ClaimKind.PREDICTION  # "is likely to persist": a forecast, however hedged
        subject = next((c for c in complements if c.dep_ == "nsubj"), None)
        if predicate.lemma_.lower() == "be" and not (subject is not None and subject.lemma_.lower() in AIM_NOUNS) and any(
                c.dep_ == "xcomp" and c.tag_ == "VBN" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                and any(g.dep_ == "auxpass" for g in c.children) for c in complements):
            return ClaimKind.FACT  # "a treaty is still to be established": a state of affairs, not a judgement
        if predicate.lemma_.lower() == "be" and subject is not None and subject.lemma_.lower() in AIM_NOUNS:
            if any(c.dep_ == "xcomp" and c.tag_ == "VB" and _infinitive(c) for c in complements):
                return ClaimKind.GOAL  # "the goal is to keep Y stable"
            if any(c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN") and any(
                    a.dep_ == "acl" and _infinitive(a) for a in c.children) for c in complements):
                return ClaimKind.GOAL  # "the priority is good ties with Z to hedge against W"
        return ClaimKind.ASSESSMENT

    # 5. statement

    def _statement(self, match: _Match, holder_words: str | None, holder_actor: str | None = None) -> tuple[str, list[int], list[int]] | None:
        """(statement, indices of the tokens it was made from, indices of the tokens the quote spans),
        or None when it would not stand alone. holder_actor: the actor the holder's words name, for "his
        country" in the view."""
        rule, nodes = match.rule, match.nodes
        kept_all: list[int] = []
        values: dict[str, str] = {}
        dating: list[Token] = []
        split_dates: list[Token] = []  # dates in the verb phrases split off as claims of their own
        for slot in re.findall(r"{(\w+)}", rule.statement):
            if slot in values:
                continue
            if slot == "clause":
                drop = set(nodes["cue"].subtree) if rule.drop_cue and "cue" in nodes else set()
                if rule.conjunct:
                    tokens = self._conjunct_tokens(nodes["predicate"], drop)
                else:
                    # a second verb phrase sharing the subject is its own claim (a `conjunct` rule's),
                    # on the clause's verb or an infinitive it governs ("needs to understand A and …")
                    spine = [nodes["predicate"]]
                    while (following := next((c for c in spine[-1].children if c.dep_ == "xcomp"), None)) is not None:
                        spine.append(following)
                    for verb in spine:
                        for second in (c for c in verb.children if self._splits_off(c)):
                            split_dates.extend(t for t in second.subtree if t.ent_type_ == "DATE" and t.i > second.i)
                            drop.update(second.subtree)
                            drop.update(c for c in verb.children if c.dep_ in ("cc", "punct") and c.text != "." and verb.i < c.i < second.i
                                        and not any(o.dep_ == "conj" and c.i < o.i < second.i for o in verb.children))
                    tokens = self._clause_tokens(nodes["predicate"], drop)
                    dating = _date_of_first_clause(nodes["predicate"])  # added once the clause stands alone without it
                    if dating is None:
                        return None
                negation = True
            elif slot == "content":
                tokens = self._clause_tokens(nodes["content"], set())
                negation = False  # a negation inside a view or a judged proposition belongs to it
            elif slot == "subject":
                subject_tokens = sorted((t for t in nodes["subject"].subtree if not _is_side(t, nodes["subject"])), key=lambda t: t.i)
                tokens = _trim(self._drop_parentheses(subject_tokens))
                negation = False
            else:  # rest: the content's verb phrase without its "to" and its own subject
                content = nodes["content"]
                tokens = [t for t in self._clause_tokens(content, set())
                          if not (t.dep_ == "aux" and t.lower_ == "to" and t.head.i == content.i)]
                negation = False
            if tokens is None or not tokens:
                return None
            tokens = _trim(tokens)
            if not tokens:
                return None
            if slot != "subject" and not _keeps_its_clause(tokens, match, slot):
                return None  # "Unlike X under Y (Z was handed …)": the verb or its subject went with an aside
            if slot == "clause" and any(t.lower_ in FREQUENCY_ADVERBS for t in self._over_negation(nodes["predicate"])):
                return None  # "X often does not Y": "X often Ys", denied, says another thing, and without "often" too much
            if slot != "subject" and not self._stands_alone(tokens, nodes, holder_words, slot, match):
                return None
            if slot == "clause" and dating:
                tokens = sorted({*tokens, *dating}, key=lambda t: t.i)
            if (slot == "clause" and split_dates and nodes["predicate"].tag_ == "VBD"
                    and not any(t.ent_type_ in ("DATE", "TIME") for t in tokens)):
                return None  # "X froze A and expelled B in April 2022": the date may be both verbs'; A's claim would float
            kept_all.extend(t.i for t in tokens)
            values[slot] = self._render(tokens, negation, nodes, holder_words if slot == "content" else None,
                                        holder_actor if slot == "content" else None)
            if slot == "subject" and _closes_apposition(tokens):
                # "Shoigu and his counterpart, Takeshi Iwaya, will …": the comma closing the apposition
                # stays, or the name reads as the subject of "will"
                values[slot] += ","
        statement = rule.statement.format(**values)
        statement = _tidy(statement)
        if len(statement.split()) < 3 or rule.max_words is not None and len(statement.split()) > rule.max_words:
            return None
        # the quote covers the whole passage that makes the claim: the statement's words, every
        # node of the match, the holder's words, and a subject node's determiners ("The idea")
        quoted = set(kept_all) | {t.i for t in nodes.values()}
        if "holder" in nodes:
            quoted.update(t.i for t in _trim([t for t in nodes["holder"].subtree if not _is_side(t, nodes["holder"])]))
        for token in nodes.values():
            if token.dep_ in ("nsubj", "nsubjpass", "expl"):
                quoted.update(range(token.left_edge.i, token.i + 1))
        if rule.drop_cue and "cue" in nodes:
            quoted.update(t.i for t in nodes["cue"].subtree)
        for name in ("predicate", "cue", "judge"):
            if name in nodes:
                quoted.update(c.i for c in nodes[name].children if self._negates(c))  # "Nor does …"
        return statement, sorted(set(kept_all)), sorted(quoted)

    def _conjunct_tokens(self, verb: Token, drop: set[Token]) -> list[Token] | None:
        """The statement of a verb phrase coordinated with an earlier one: the clause shared with it
        (the subject, what comes before it, an auxiliary or "to" both verbs share) and the phrase's
        own words ("In 1990, Peru supported A and refused B" -> "In 1990, Peru refused B")."""
        frame = _conjunct_frame(verb)
        if frame is None:
            return None
        first, clause, subject = frame
        own_tense = _own_tense(verb, first)
        removed = {t.i for t in drop}
        mine = {t.i for t in verb.subtree}
        # the first verb and its phrase, except what stands before it and is shared
        for token in first.subtree:
            if token.i in mine:
                continue
            shared_left = token.i < first.i and any(
                token.i in {t.i for t in c.subtree} for c in first.children
                if c.i < first.i and (c.dep_ in CLAUSE_SUBJECTS or c.i < subject.left_edge.i
                                      or not own_tense and c.dep_ in ("aux", "auxpass")))
            if not shared_left:
                removed.add(token.i)
        # the other verbs of a chain between the first and this one, with their "and"s and commas
        top = verb
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head
        for member in {*_chain(first), *_chain(top)}:
            if member.i in mine or member.i in (first.i, top.i):
                continue
            removed.update(t.i for t in member.subtree if t.i not in mine)
        # a long phrase before the subject frames the first verb's clause; a date or a short phrase
        # ("In 1990,", "From Tokyo's perspective,") frames both
        for child in clause.children:
            if child.i < subject.left_edge.i and child.dep_ not in ("punct", "cc") and len(list(child.subtree)) > 6 \
                    and not any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree):
                removed.update(t.i for t in child.subtree)
        if clause.i != first.i and any(c.lower_ == "but" and c.dep_ == "cc" for c in first.children):
            # "the aim is not to A but to B": the negation on the verb both phrases hang on denies A only
            removed.update(c.i for c in clause.children if self._negates(c))
        if top.i != verb.i:
            removed.update(c.i for c in top.children if c.dep_ in ("cc", "punct") and c.text != "." and first.i < c.i < verb.i)
        if first.i != clause.i:
            # "needs to understand A, and be aware of B": the punctuation and "and" hung on the clause's verb
            removed.update(c.i for c in clause.children if c.dep_ in ("cc", "punct") and c.text != "." and first.i < c.i < verb.i)
        # the second verb's own further conjuncts are their own claims
        for second in (c for c in verb.children if self._splits_off(c)):
            removed.update(t.i for t in second.subtree)
            removed.update(c.i for c in verb.children if c.dep_ in ("cc", "punct") and c.text != "." and verb.i < c.i < second.i)
        tokens = self._clause_tokens(clause, {clause.doc[i] for i in removed})
        return _conjunct_mended(tokens, first, subject)  # "X, a member, in 1998 did A but seems B": the date and the comma are both's

    def _clause_tokens(self, head: Token, drop: set[Token]) -> list[Token] | None:
        """The tokens of head's clause that belong in its statement (in text order)."""
        removed: set[int] = {t.i for t in drop}
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")), None)
        for child in head.children:
            if child.i in removed:
                continue
            if _is_side(child, head, subject):
                removed.update(t.i for t in child.subtree)
        for verb in (c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.i not in removed):
            # a clause with its own subject the parse hung on a kept second verb ("A cared about X, as Y are
            # called in Japan, and he wanted Z") is its own claim, as it is after the head
            for clause in (g for g in verb.children if g.dep_ == "conj" and g.pos_ in ("VERB", "AUX")
                           and any(s.dep_ in CLAUSE_SUBJECTS for s in g.children)):
                removed.update(t.i for t in clause.subtree)
                removed.update(g.i for g in verb.children if g.dep_ == "cc" and g.i < clause.i)
        for token in head.subtree:  # asides deeper in the clause: ", which …", "(…)", "because …"
            if token.i != head.i and token.head.i != head.i and token.i not in removed and _is_aside(token):
                removed.update(t.i for t in token.subtree)
        # a linking adverb on the clause's verb or its auxiliaries ("has also been", ", however,"),
        # with the comma that closes it
        doc = head.doc
        linking: set[int] = set()
        verbs = [head, *(c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                         and not any(g.dep_ in CLAUSE_SUBJECTS for g in c.children))]  # "X met A and even went to B"
        for verb in (*verbs, *(c for v in verbs for c in v.children if c.dep_ in ("aux", "auxpass"))):
            for child in verb.children:
                if (child.dep_ == "advmod" and child.lower_ in self.cues.interior_connectives and not list(child.children)
                        and not (child.i + 1 < len(doc) and doc[child.i + 1].lower_ in KEPT_AFTER_LINK)):
                    linking.add(child.i)
                    if 0 < child.i < len(doc) - 1 and doc[child.i + 1].text == "," and doc[child.i - 1].text == ",":
                        linking.add(child.i + 1)  # ", however," leaves one comma ("In 2013, however, X …")
                        if subject is not None and child.i - 2 >= subject.left_edge.i:
                            # and none inside the clause: after the subject ("The shift, however, was …")
                            # or an auxiliary ("Abe has, however, met …"); only an opening phrase keeps its comma
                            linking.add(child.i - 1)
        # spaCy yields a subtree in tree order, which differs from text order where the parse
        # is not projective: the statement keeps the text's order
        # a comma that set off a removed aside goes with it (", which …,")
        for i in list(removed):
            for j in (i - 1, i + 1):
                if 0 <= j < len(doc) and j not in removed and doc[j].text == "," and (j - 1 in removed or j + 1 in removed):
                    removed.add(j)
        removed |= linking
        tokens = sorted((t for t in head.subtree if t.i not in removed), key=lambda t: t.i)
        tokens = self._drop_parentheses(tokens)
        tokens = _subject_comma_dropped(tokens, head, subject)  # "X’s bid (…), was approved": the comma went with the brackets
        tokens = self._drop_leading_links(tokens, head, subject)
        return tokens

    def _drop_parentheses(self, tokens: list[Token]) -> list[Token]:
        """Leave out text between dashes or brackets, after a lone dash, and reference markers; but
        an editor's insertion in square brackets that fills a slot of the clause ("Even as [Japan]
        targets …", "announced on [March 31] that …") stays, without its brackets: left out, the
        statement would lack its subject or object."""
        inserted = _bracketed_arguments(tokens)
        kept, depth, inside_dash = [], 0, False
        for position, token in enumerate(tokens):
            text = token.text
            if token.i in inserted:
                if not depth and not inside_dash and text not in ("[", "]"):
                    kept.append(token)  # the words, in plain text: the quote shows the editor's brackets
                continue
            if text in ("(", "["):
                depth += 1
                continue
            if text in (")", "]"):
                depth = max(0, depth - 1)
                continue
            if depth:
                continue
            if text == ";":
                break  # a second independent clause: its own claim, not part of this one
            if _aside_dash(token):
                if inside_dash:
                    inside_dash = False
                    continue
                if any(_aside_dash(t) for t in tokens[position + 1 :]):
                    inside_dash = True
                    continue
                if _dated_after_dash(tokens[:position], tokens[position + 1 :]):
                    return []  # "X expressed interest in Y – as early as 2009": the date is the claim's, it cannot go
                # a lone dash: what follows elaborates, it is not the claim; a coordination it cut
                # short goes too ("…, and in some cases – of …"); but what qualifies the claim ("– but
                # without any prerequisites") cannot go, so there is no claim
                following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
                if following is not None and following.lower_ in QUALIFYING_AFTER_DASH:
                    return []
                comma = max((k for k, t in enumerate(kept) if t.text == ","), default=None)
                if comma is not None and comma + 1 < len(kept) and kept[comma + 1].lower_ in ("and", "or", "but"):
                    kept = kept[:comma]
                break
            if inside_dash or re.fullmatch(r"\[\d+\]", text) or re.fullmatch(r"\d+\]?", text) and token.i > 0 and token.doc[token.i - 1].text == "[":
                continue
            kept.append(token)
        return kept

    def _drop_leading_links(self, tokens: list[Token], head: Token, subject: Token | None) -> list[Token]:
        """Leave out what only links the clause to the text before it ("But", "However,", "On top of this,")."""
        if len(tokens) > 2 and tokens[1].text == ":" and tokens[0].i == tokens[0].sent.start and tokens[0].is_title:
            tokens = tokens[2:]  # "Abstract: The onset of …": a page's label the parse glued to the sentence
        changed = True
        while changed and tokens:
            changed = False
            first = tokens[0]
            if (first.is_punct or first.is_space or first.dep_ == "intj" and first.head.i == head.i
                    or first.dep_ == "cc" and first.lower_ in ("and", "but", "or", "nor", "yet", "so")
                    or first.lower_ == "that" and (first.dep_ == "mark" or first.tag_ == "IN" and first.dep_ not in ("nsubj", "nsubjpass"))
                    and first.head.i == head.i):
                tokens = tokens[1:]
                changed = True
                continue
            if first.lower_ == "even" and first.dep_ == "advmod" and first.head.pos_ in ("NOUN", "PROPN") and len(tokens) > 1:
                tokens = tokens[1:]  # "Even Russian liberals rarely argue …": "even" weighs them against others named before
                changed = True
                continue
            if (len(tokens) > 2 and re.fullmatch(r"[QA]\d*", first.text) and tokens[1].text == ":"
                    and (first.idx == 0 or self._text[first.idx - 1 : first.idx] == "\n")):
                tokens = tokens[2:]  # "A1: The meeting …": an interview's or a Q&A's answer label
                changed = True
                continue
            words = [t.lower_ for t in tokens[:6]]
            for phrase in self.cues.leaning_openers:
                rest = tokens[len(phrase) :]
                if tuple(words[: len(phrase)]) == phrase and rest and (rest[0].text == "," or len(phrase) > 1):
                    return []  # "Worse, X …", "Case in point is …", "As for X, its …": weighed against what came before
            for phrase in self.cues.back_reference:
                rest = tokens[len(phrase) :]
                if tuple(words[: len(phrase)]) == phrase and rest and (rest[0].text == "," or first.dep_ in ("advmod", "prep", "npadvmod")):
                    # "Then X …", "After that, X …": after a time named before; only a year the
                    # statement names itself ("Later, in 2016, X …") places it
                    if not any(YEAR.fullmatch(t.text) and _dates(t, head) for t in rest):
                        return []
                    tokens = rest
                    changed = True
                    break
            if changed:
                continue
            hypothetical = any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "'d") for c in head.children)
            for phrase in (*self.cues.connectives, *(() if hypothetical else self.cues.framing)):
                if tuple(words[: len(phrase)]) == phrase:
                    rest = tokens[len(phrase) :]
                    # a connective ends where the clause goes on: a comma, or the subject
                    # (not one that modifies the next word: "So far, X …" keeps its "so far")
                    if rest and (rest[0].text == "," or len(phrase) == 1 and first.dep_ in ("advmod", "cc") and rest[0].lower_ not in ("of", "to", "with")
                                 and first.head.i != rest[0].i):
                        tokens = rest
                        changed = True
                        break
            if changed:
                continue
            # a leading phrase ending in a comma that refers back ("On top of this,") goes too
            if subject is not None and first.i < subject.left_edge.i:
                comma = next((t for t in tokens if t.text == "," and t.i < subject.left_edge.i), None)
                if comma is not None:
                    lead = [t for t in tokens if t.i < comma.i]
                    if any(t.lower_ in DEMONSTRATIVES and t.dep_ in ("pobj", "nsubj", "dobj") for t in lead):
                        tokens = [t for t in tokens if t.i > comma.i]
                        changed = True
        return tokens

    def _stands_alone(self, tokens: list[Token], nodes: dict[str, Token], holder_words: str | None, slot: str, match: _Match) -> bool:
        """No pronoun or "this …" whose referent is outside the statement, no subject cut short."""
        if slot == "clause" and not match.rule.drop_cue:
            own_subject = next((c for c in nodes["predicate"].children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if own_subject is not None and any(c.dep_ == "ccomp" and c.i < own_subject.i for c in nodes["predicate"].children):
                return False  # a clause before the subject parsed as the verb's complement: the parse is not to be trusted
        head = nodes["content"] if slot in ("content", "rest") else nodes["predicate"]
        second = next((c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                       and any(g.dep_ in CLAUSE_SUBJECTS for g in c.children)), None)
        if second is not None and any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > second.i for c in head.children):
            return False  # a noun phrase after a second clause hung on the first verb: the parse lost the clauses' shape
        inside = {t.i for t in tokens}
        for name in ("subject", "holder"):
            node = nodes.get(name)
            if node is not None and _cut_compound(node, inside | ({t.i for t in node.subtree} if slot == "rest" else set())):
                return False
        if slot == "content" and head.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
            return False  # "insist that Japan accept …": a demand in the subjunctive, not a view of how things are
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        subject = subject or next((c for c in head.children if c.dep_ == "csubj"), None)
        if subject is None and match.rule.conjunct:
            subject = nodes["subject"]  # a second verb's subject is the first's
        if slot != "rest" and subject is None and head.dep_ != "ROOT" and not any(c.dep_ == "expl" for c in head.children):
            if head.tag_ not in ("VB",):
                return False  # a clause without a subject is a fragment
        # in "{subject} will {rest}" the subject, a noun phrase, comes before the rest
        seen_noun = (slot == "rest" or match.rule.conjunct) and "subject" in nodes
        if subject is not None and subject.lemma_.lower() in self.cues.self_reference and any(
                c.lower_ in ("the", "this") for c in subject.children):
            return False  # "The article was originally published in …": about the text, not the world
        if slot == "clause" and "holder" not in nodes and any(
                c.dep_ == "ccomp" and c.i in inside and head.i < c.i and any(t.text in ("“", '"') for t in head.doc[head.i + 1 : c.i]
                                                                            if t.i < min(w.i for w in c.subtree if not w.is_punct))
                for c in head.children):
            return False  # "NHK News reports, “X …”": a frame and the words it quotes, not a statement of the author's
        quoted_words = _quoted_words(tokens)
        speaker = nodes.get("holder") if holder_words and slot == "content" else None
        if any(t.lower_ in FIRST_PERSON and t.pos_ == "PRON" and t.text not in ("US", "U.S.") and t.i not in quoted_words
               and not (speaker is not None and speaker.ent_type_ == "PERSON" and t.lower_ in FIRST_PERSON_SINGULAR)
               for t in (*tokens, *(nodes["subject"].subtree if slot == "rest" and "subject" in nodes else ()))):
            # "X kindly drew my attention to Y", "Japan needs us": who is speaking, the claim alone does not say
            # (but words in quotation marks, "… of “our two peoples”", are the quoted speaker's, and a person
            # holding a view is its "I" and "me")
            return False
        has_year = any(YEAR.fullmatch(t.text) for t in tokens)
        named_before = [*tokens, *(nodes["subject"].subtree if (slot == "rest" or match.rule.conjunct) and "subject" in nodes else ()),
                        *(nodes["holder"].subtree if holder_words and "holder" in nodes else ())]
        for token in tokens:
            lower = token.lower_
            if token.pos_ in ("PROPN", "NOUN") and token.lower_ not in DEMONSTRATIVES and not self._quantity(token):
                seen_noun = True  # (a quantity is no antecedent: "93% of its citizens")
            is_subject = subject is not None and token.i == subject.i
            if token.tag_ in ("WDT", "WP", "WP$") and (token.head.i == head.i or token.head.head.i == head.i) and token.i < head.i:
                return False  # "according to which …", "which Russia occupies": a relative clause, not a sentence
            if lower in PERSONAL_PRONOUNS and token.pos_ == "PRON" or lower in ("its", "their", "his", "her") and token.dep_ == "poss":
                if is_subject and slot == "content" and holder_words and self._may_be_the_holder(token, nodes.get("holder")):
                    continue  # "Abe believes that he …": the holder, named in the statement (see _render)
                if is_subject or not seen_noun:
                    return False
                if token.dep_ in ("dobj", "pobj", "dative", "iobj") and lower in ("it", "them", "him", "her") and subject is not None:
                    # an object pronoun cannot refer to its own clause's subject ("Russia can
                    # impose terms upon it"): it needs another noun before it in the statement
                    inside_subject = {t.i for t in subject.subtree} | (self._circumstances(tokens) if lower == "it" else set())
                    plural = lower == "them"
                    if not any(t.pos_ in ("NOUN", "PROPN") and t.i < token.i and t.i not in inside_subject
                               and (t.tag_ in ("NNS", "NNPS")) == plural for t in tokens):
                        return False
                if lower in ("it", "they", "them") and token.dep_ in ("nsubj", "nsubjpass") and token.head.i == head.i:
                    return False
            if lower in ("they", "them") and token.pos_ == "PRON" and not any(
                    t.i < token.i and t.pos_ in ("NOUN", "PROPN") and (t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children))
                    for t in named_before):
                return False  # "The declaration they signed …": who are they? (no plural named before)
            if lower in PERSON_PRONOUNS and token.pos_ == "PRON" and not any(
                    t.i < token.i and (t.ent_type_ == "PERSON" or t.lemma_.lower() in PERSON_TITLES
                                       or t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "LOC", "NORP", "DATE", "FAC")) for t in named_before):
                return False  # "Case in point is his plan …": a he or she the statement does not name before
            if lower in self.cues.relative_time and token.dep_ == "amod" and token.head.lower_ in self.cues.time_words \
                    and not token.head.lower_.endswith("s") and not has_year:
                return False  # "The following month, X met Y": the month after one named before
            if (lower in ("later", "earlier") and token.dep_ == "advmod" and token.head.i == head.i and not has_year
                    and not any(c.lower_ == "than" or c.dep_ == "prep" for c in token.subtree)):
                return False  # "Two years later, X …", "X later joined Y": after a time named before
            if lower == "since" and token.dep_ in ("advmod", "prep") and not list(token.children) and (
                    token.head.i == head.i or token.head.head.i == head.i):
                return False  # "X has since conferred with Y": since a time named before
            if lower == "alternative" and token.dep_ == "amod" and not any(c.dep_ == "prep" for c in token.head.children) \
                    and not any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children):
                return False  # "a strong candidate for an alternative source": an alternative to what?
            if (token.lemma_ == "role" and token.dep_ == "dobj" and token.head.lemma_ == "play"
                    and not any(c.dep_ == "prep" and c.lower_ in ("in", "as", "for", "on", "at", "within", "among") for c in (*token.children, *token.head.children))):
                return False  # "X can play a positive role": in what?
            if lower == "such" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "as":
                continue  # "initiatives, such as …": examples follow, nothing is referred back to
            if lower in DEMONSTRATIVES and token.dep_ not in ("mark",) and token.tag_ != "WDT":
                if token.dep_ == "det" or lower == "such":
                    noun = token.head
                    if noun.lower_ in self.cues.time_words or token.ent_type_ in ("DATE", "TIME"):
                        if lower in ("that", "those") or noun.lower_ in ("time", "moment", "point", "stage"):
                            return False  # "at that time", "until this time", "that year": a time named before
                        continue  # "this year" is the article's own (see _undated)
                    return False
                if token.pos_ == "PRON" or token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
                    return False
            if lower == "here" and token.dep_ == "advmod":
                return False  # "refusal to compromise here": a matter named before
            if (lower in ("return", "response", "exchange") and token.dep_ == "pobj" and token.head.lower_ == "in"
                    and token.head.head.i == head.i and not any(c.dep_ == "prep" for c in token.children)):
                return False  # "In return, X …": in return for something named before
            if (lower in ("here", "otherwise", "then") and token.dep_ == "advmod" and token.head.i == head.i
                    or lower == "there" and token.dep_ == "advmod"
                    or lower == "then" and token.dep_ == "pobj" and token.head.head.i == head.i):
                return False  # "here", "since then", "otherwise": a place, time or case named before
            before = [*tokens, *(nodes["subject"].subtree if (slot == "rest" or match.rule.conjunct) and "subject" in nodes else ())]
            if lower in ("its", "their") and token.dep_ == "poss" and not any(
                    t.i < token.i and t.pos_ in ("NOUN", "PROPN") and not self._quantity(t) and ((t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children)) == (lower == "their"))
                    for t in before):
                return False  # "their bilateral ties" with no plural before it: whose?
            if lower == "so" and token.i > 0 and token.doc[token.i - 1].lemma_ in PRO_VERBS and token.doc[token.i - 1].pos_ in ("VERB", "AUX") \
                    and not (token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("that", "as", "far", "much", "many")):
                return False  # "has done so", "should say so": what was said or done before
            if (lower in ORDINALS and token.dep_ == "amod" and subject is not None and token.head.i == subject.i and subject.pos_ == "NOUN"
                    and not any(c.dep_ == "nummod" for c in subject.children)):
                return False  # "The second principle …": an item of a list given earlier
            if lower == "both" and token.dep_ == "det" and token.head.pos_ == "NOUN":
                return False  # "Both factors …": the factors named before
            if lower in ORDINALS and token.dep_ in ("nsubj", "nsubjpass") and token.head.i == head.i:
                return False
        whole = sorted({*tokens, *(nodes["subject"].subtree if (slot == "rest" or match.rule.conjunct) and "subject" in nodes else ())}, key=lambda t: t.i)
        if not any(YEAR.fullmatch(t.text) for t in whole) and any(
                t.lower_ in self.cues.deictic_adjectives and t.dep_ == "amod" and t.head.tag_ in ("NN", "NNP") and any(
                    c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in t.head.children) for t in whole):
            return False  # "the latest decree", "the current government", "a recent interview": when the article was written
        if any(_the_two(t) for t in whole) and len(self._named_in(whole, {}, None, places=False)) < 2:
            return False  # "The two sides can …", "ties between the two countries": which two? (fine when the statement names them)
        if any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not any(g.dep_ in CLAUSE_SUBJECTS for g in c.children)
               and any(g.dep_ == "conj" and g.pos_ == "NOUN" and g.i > c.i for g in c.children) for c in head.children):
            return False  # "keeps A, educates B, vacations in C": a verb parsed as a noun; the phrases cannot be parted
        if slot == "rest" and any(
                c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not any(g.dep_ in CLAUSE_SUBJECTS for g in c.children)
                and any(g.dep_ in ("dobj", "prep", "attr", "acomp") for g in c.children)
                and any(g.dep_ in ("dobj", "prep", "attr", "acomp") and g.i < c.i for g in head.children) for c in head.children):
            return False  # "X is likely to strengthen A and have B": two forecasts the template cannot part
        if slot == "clause" and self._negated(head) and any(
                self._negates(t) and t.head.i != head.i and t.head.dep_ in ("conj",) and t.head.head.i == head.i for t in tokens):
            return False  # "X has not done A and Y has not done B": two denials, one undone
        if _unnamed_indefinite(whole, head, self.cues.needs_antecedent):
            return False  # "Two factors limit …", "A policy should be …", "X needs a deal": which?
        if self._dangling_definite(whole):
            return False  # "took over the framework", "the region has …": which one?
        if self._undated(whole):
            return False  # "In March, X …", "in December this year": a reader of the claim cannot date it
        if _packed(head, whole):
            return False  # two clauses, each with its own subject, the parse did not part: two claims in one
        if slot == "clause" and _unfinished_comparison(head, tokens):
            return False  # "X was no different", "Russia got more": different from what, more than what?
        if slot == "clause" and self._negated(head) and any(c.dep_ == "prep" and c.lower_ == "unlike" for c in head.children):
            return False  # "Unlike X, Y was not as strong": without its negation the contrast makes no sense
        if _opens_with_wh(tokens):
            return False
        if any(t.dep_ in ("prep", "agent") and not list(t.children) and t.i + 1 < len(t.doc) and t.doc[t.i + 1].pos_ in ("VERB", "AUX")
               and t.doc[t.i + 1].i in {u.i for u in tokens} for t in tokens):
            return False  # "a new administration headed by put an end to …": a preposition whose object is missing from the text
        if _unbalanced_guillemets(tokens):
            return False  # "… showed the survey data of Fund «Public opinion.": a name or quotation cut in two
        if _cut_list(tokens):
            return False  # "Japan adopted three documents: the National Security Strategy.": the list lost its other items
        if _cut_quotation(tokens):
            return False  # "… in opposing “Russia's purported annexation …": the quotation goes on past the claim
        if slot == "clause" and _conceded(head):
            return False  # "X is solid, but it cannot be taken for granted": the author concedes X only to limit it
        if slot == "clause" and any(c.dep_ == "aux" and c.lower_ in ("may", "might") for c in head.children) and any(
                c.dep_ == "cc" and c.lower_ == "but" for c in head.children) and any(
                c.dep_ == "conj" and any(g.dep_ in CLAUSE_SUBJECTS for g in c.children) for c in head.children):
            return False  # "X may value A, but they have concluded B": a concession granted on the way to B, no forecast
        if any(t.lower_ in ("which", "who", "whom") and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
               and (t.head.head if t.dep_ == "pobj" else t.head).dep_ not in ("relcl", "ccomp", "acl", "pcomp", "advcl")
               and t.i > tokens[0].i for t in tokens):
            return False  # "the United States, which has so far opposed new projects": a relative clause the parse lost
        if _elided_object(tokens):
            return False  # "no intention to negotiate, much less compromise, the issues …": whose object is whose?
        if self._partyless(whole, [t for t in nodes["holder"].subtree] if holder_words and "holder" in nodes else []):
            return False  # "Putin proposed to finalise a peace treaty": with whom?
        if head.dep_ == "conj" and any(c.dep_ in ("ccomp", "advcl") and c.i < head.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                                       for c in head.head.children):
            return False  # "An understanding came that A, and B": whether B goes on with what "that" brought, the parse cannot say
        if _name_without_its_bearer(head):
            return False  # "… and the Japanese call the Northern Territories": what they call so is cut off
        if self._context_missing(tokens, whole, head, nodes, slot):
            return False  # "did not have X until 2015", "X is seen as Y", "Some look back …", "the leaders met": see there
        return True

    def _partyless(self, tokens: list[Token], holder: list[Token]) -> bool:
        """Whether the statement holds a noun for what two or more parties make or share (`party_nouns`:
        "a treaty", "sanctions", "trade") without saying who: neither the phrase ("a treaty with Japan",
        "sanctions against Russia", "Japan–Russia trade", "Japanese-Russian talks") nor the statement (two
        actors named) says, so the claim leans on parties named elsewhere."""
        inside = {t.i for t in tokens}
        # the actors the statement names as its parties, not as the place or source of something ("at the
        # summit in Osaka", "supplies from Europe and China"): those inside a phrase of another preposition
        where = {t.i for p in tokens if p.dep_ == "prep" and p.lower_ not in PARTY_PREPOSITIONS | {"of", "to", "for"}
                 for t in p.subtree}
        named = [*holder, *(t for t in tokens if t.i not in where)]
        unknown = {t.text for t in named if t.pos_ == "PROPN" and t.dep_ != "compound" and not t.ent_type_ and t.text not in self.aliases}
        if len(self._named_in(named, {}, None, places=False)) + len(unknown) >= 2:
            return False  # (a name NER does not know, "Lula and Milei", is a party too)
        for token in tokens:
            lemma = token.lemma_.lower()
            if token.pos_ != "NOUN" or token.dep_ == "compound" or not (
                    lemma in self.cues.party_nouns or token.lower_ in self.cues.party_nouns):
                continue
            if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in token.children):
                continue  # "the treaty": _dangling_definite asks which
            parties = [c for c in token.children if c.i in inside and (
                c.dep_ == "prep" and c.lower_ in PARTY_PREPOSITIONS or c.dep_ in ("poss", "compound", "amod", "nmod"))]
            if any(len({self.aliases.get(t.text, t.text) for t in p.subtree if t.ent_type_ in ACTOR_LABELS or t.text in self.aliases}) >= 2
                   or p.dep_ == "prep" for p in parties):
                continue  # "a treaty with Japan", "Russo-Japanese trade"
            verb = token.head
            if token.dep_ in ("dobj", "nsubjpass", "attr") and any(
                    c.dep_ == "prep" and c.lower_ in PARTY_PREPOSITIONS and c.i in inside for c in verb.children):
                continue  # "concluded a treaty with Japan": the parse hung the phrase on the verb
            return True
        return False

    def _dangling_definite(self, tokens: list[Token]) -> bool:
        """Whether a phrase "the X" stands in tokens without saying which X: a common noun after a bare
        "the" points back to something named before ("the region", "the archipelago", "the war"),
        unless the phrase says which itself (a name, nationality or compound, "the Kuril dispute",
        "the Russian president", "the energy sector"; a prepositional phrase other than a date or an
        "as"-complement, "the dispute over the islands"; a relative clause; a possessive; an
        ordinal or superlative, "the largest investor"), or the noun is one of a kind in the world
        or the subject (`unique_nouns`: "the world", "the international community"), or the
        statement names it first (the same noun, a place before "the region", a person before
        "the leader", two actors before "the relationship")."""
        inside = {t.i for t in tokens}
        for token in tokens:
            lemma = token.lemma_.lower()
            common = token.pos_ == "NOUN" or token.pos_ == "PROPN" and token.text.islower() and not token.ent_type_  # "archipelago" mistagged
            if not common or lemma in self.cues.unique_nouns or token.lower_ in self.cues.unique_nouns:
                continue
            children = [c for c in token.children if c.i in inside]
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in children):
                continue  # "a framework", "Japan's policy"
            if token.ent_type_:
                continue  # part of a name or a date ("the Belt and Road initiative", "the end of 2012")
            if token.dep_ == "compound" and token.head.pos_ == "PROPN":
                continue  # "the analyst Astrid Lindqvist", "the destroyer Izumo": the name says which
            # a noun for a person by role ("the veteran legislator") is an epithet for someone named before
            pointing_back = lemma in self.cues.needs_antecedent or token.lower_ in self.cues.needs_antecedent or lemma in self.cues.people_nouns
            # the article named this noun's thing before (the same lemma as a noun or a verb, "was arrested
            # … the arrest"): "the" marks a second mention, so what merely narrows the noun ("the Japanese
            # vessel", "the agriculture ministry", "the Tokyo talks") no longer says which one it was
            told_before = self._told_before(token, children)
            role = token
            while role.dep_ in ("conj", "appos") and role.head.i != role.i:
                role = role.head
            if not pointing_back and not told_before and role.dep_ not in ARGUMENT_DEPS:
                continue  # a noun deeper in a phrase ("a claim to the sea", "because of the weak yen") is only tested if it points back
            phrase = " ".join(t.lower_ for t in tokens if t.i in range(token.left_edge.i, token.i + 1))
            if any(" ".join(words) in phrase for words in self.cues.unique_phrases):
                continue  # "the international community"
            window = token.doc[max(0, token.i - 5) : token.i + 1]
            forms = (" ".join(t.lower_ for t in window), " ".join(t.lemma_.lower() for t in window))
            if any(form.endswith(" ".join(words)) for words in self.cues.idioms for form in forms):
                continue  # "sweeten the pot", "behind the scenes": a fixed phrase, no reference
            if any(c.dep_ == "nummod" for c in children) and lemma in PAIR_NOUNS:
                continue  # "the two countries": _the_two asks for the two named
            if any(c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "question" for g in c.children) for c in children):
                return True  # "the islands in question": the phrase itself says they were named before
            if any(c.dep_ in ("relcl", "acl", "appos", "poss") or c.dep_ == "amod" and c.i > token.i for c in children) or any(
                    c.dep_ == "prep" and c.lower_ not in ("as", "like", "than")
                    and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children) for c in children):
                continue  # "the region in which …", "the dispute over the islands" (not "the move as an outrage")
            after = token.doc[token.right_edge.i + 1] if token.right_edge.i + 1 < len(token.doc) else None
            if (token.dep_ == "dobj" and after is not None and after.i in inside and after.dep_ == "prep" and after.head.i == token.head.i
                    and after.lower_ not in VERB_ONLY_PREPOSITIONS and not any(g.ent_type_ in ("DATE", "TIME") for g in after.children)
                    and not told_before):
                continue  # "claimed the archipelago off its coast": the parse may hang the noun's phrase on the verb
            names = [c for c in children if c.dep_ in ("compound", "amod", "nmod")
                     and (c.pos_ == "PROPN" or c.ent_type_ in ACTOR_LABELS | {"EVENT", "FAC", "ORDINAL"})]
            if names and (not told_before or self._names_which(token)):
                continue  # "the Kuril dispute", "the Russian president", "the fourth package"
            if not any(c.dep_ == "nummod" for c in children) and any(
                    c.dep_ == "amod" and (c.tag_ in ("JJS", "RBS") or any(g.lower_ == "most" for g in c.children)) for c in children):
                continue  # "the largest investor", "the slightest misunderstanding" (not "the two most significant examples")
            if not pointing_back and not told_before and any(c.dep_ == "compound" for c in children):
                continue  # "the border crossing", "the foreign policy agenda": the compound says which
            if lemma in self.cues.category_nouns and any(c.dep_ in ("compound", "amod") for c in children):
                continue  # "the energy sector", "the financial sphere": the modifier is which
            if not pointing_back and token.dep_ == "attr" and token.head.lemma_ in ("be", "remain", "become") and not any(
                    c.dep_ == "nummod" for c in children):
                continue  # "X is the immediate challenge": a predicate nominal says what X is, it refers to nothing
            if not pointing_back and token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ == "be" and any(
                    c.dep_ in ("xcomp", "ccomp") for c in token.head.children):
                continue  # "the goal is to ensure …": the clause says which goal
            earlier = [t for t in tokens if t.i < token.i]
            if any(t.lemma_.lower() == lemma for t in earlier):
                continue  # "a summit in Moscow, where the summit …"
            if lemma in RELATION_NOUNS and (any(t.lemma_.lower() in RELATION_NOUNS for t in earlier)
                                            or len(self._named_in(earlier, {}, None, places=False)) >= 2):
                continue  # "Russian–Japanese ties will make the relationship …", "Tokyo and Moscow … the relationship"
            if any(t.ent_type_ in PLACE_NOUNS.get(lemma, ()) for t in earlier):
                continue  # "investments in the Far East can spur the region's development"
            if lemma in PERSON_NOUNS and any(t.ent_type_ == "PERSON" for t in earlier):
                continue
            return True
        return False

    def _told_before(self, noun: Token, children: list[Token]) -> bool:
        """Whether an earlier sentence of the article told of the thing "the" + noun refers back to: the
        act as a verb ("police arrested X … following the arrest"); the same noun brought in with "a",
        "one" or a number, in a sentence that names whatever this phrase names ("shot dead a Japanese
        fisherman aboard a vessel … the Japanese vessel"; not "China is an immediate threat … the
        American threat"); the same noun with a name, possessor or phrase that this one, naming
        nothing, leaves out ("the government's project to collect the remains … the project", "the
        Russian language … the language")."""
        names = {self.aliases.get(t.text, t.lower_) for t in _premodifiers(noun) if t.pos_ == "PROPN" or t.ent_type_ in ACTOR_LABELS}
        doc, start = noun.doc, noun.sent.start
        for position in self._mentions.get(noun.lemma, ()):
            if position >= start:
                break
            mention = doc[position]
            if mention.pos_ == "VERB":
                return True
            earlier = list(mention.children)
            told = {self.aliases.get(t.text, t.lower_) for t in mention.sent}
            if names <= told and any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one") or c.dep_ == "nummod"
                                     for c in earlier):
                return True
            if not names and not _children_identify(children) and any(
                    c.dep_ in ("poss", "acl", "relcl") or c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_)
                    or c.dep_ == "amod" and c.ent_type_ and mention.tag_ == noun.tag_ for c in earlier):  # ("Japanese investment … the investments": not the same)
                return True
        return False

    def _names_which(self, noun: Token) -> bool:
        """Whether the names before a noun the article told of before still say which one it is: a
        person's, organisation's, event's or place's name ("the Yanukovich administration", "the
        Abe-Putin summit", "the Eastern Siberia-Pacific Ocean oil pipeline"), two parties ("the
        Moscow-Tokyo rapprochement"), or a country's name before what a country has one of
        (`national_nouns`: "the Japanese government", "the Russian embassy in Tokyo"); not one
        country's name before one of many vessels, fishermen or talks."""
        names = [t for t in _premodifiers(noun) if t.pos_ == "PROPN" or t.ent_type_]
        if any(t.ent_type_ not in ("GPE", "NORP", "LOC", "") or t.text not in self.aliases and t.ent_type_ != "NORP" for t in names):
            return True
        if len({self.aliases.get(t.text, t.text) for t in names}) >= 2:
            return True
        return any(word in self.cues.national_nouns for word in (noun.lemma_.lower(), noun.lower_)) or any(
            c.dep_ in ("compound", "amod") and f"{c.lower_} {noun.lower_}" in self.cues.national_nouns for c in noun.children)

    def _undated(self, tokens: list[Token]) -> bool:
        """Whether tokens date something by a month or season without its year ("In March", "on
        Oct. 27", "the July 12 ruling") when no year stands in the statement, or by the article's own time ("this year",
        "last month"), which the statement alone does not give."""
        inside = {t.i for t in tokens}
        has_year = any(YEAR.fullmatch(t.text) for t in tokens)
        doc = tokens[0].doc if tokens else None
        for ent in self._ents if doc is not None else ():
            if ent.label_ != "DATE" or not any(t.i in inside for t in ent):
                continue
            if any(t.lower_.rstrip(".") in self.cues.months for t in ent) and not has_year:
                return True
        for token in tokens:
            if token.lower_.rstrip(".") in self.cues.months and token.pos_ == "PROPN" and token.lower_ != "may" and not has_year:
                return True  # the same where the parse tags no date ("the late June summits")
            # "this year", "last month", "this week's summit", and a month placed by the article's own
            # now ("Last October"), which a year elsewhere in the statement does not date; not "the last
            # week of May 2015" (an ordinal), nor "over the next few years" (a span, not a date)
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if (token.lower_ in ("this", "last", "next", "coming") and following is not None and following.i in inside
                    and (following.lower_ in self.cues.months or following.lower_ in self.cues.time_words and not following.lower_.endswith("s"))
                    and not (token.i > 0 and doc[token.i - 1].lower_ == "the")):
                return True
            if token.lower_ in ("recently", "lately") and not has_year:
                return True  # "X recently visited Y": recent as of the article, which the claim alone does not give
            if (token.lower_ in ("earlier", "later") and not has_year and any(
                    t.lower_ in self.cues.time_words and t.i in inside for t in doc[token.i + 1 : token.i + 4])):
                return True  # "earlier in the day", "later that week": placed by the article's own now
            if token.lower_ in self.cues.deictic_days and token.dep_ != "pobj" and not has_year:
                return True  # "Yesterday evening, X …", "X will meet Y tomorrow" (not "a question for tomorrow")
            if token.lower_ == "today" and token.dep_ in ("npadvmod", "advmod") and not has_year and (
                    token.head.tag_ == "VBD" or any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in token.head.children)):
                return True  # "Yeltsin acknowledged X today": the day of a news report (not "Japan today remains …": nowadays)
        return False

    # session 7: what a statement needs from its context (the until-reading, a view's holder, who the people are)

    def _context_missing(self, tokens: list[Token], whole: list[Token], head: Token, nodes: dict[str, Token], slot: str) -> bool:
        """Whether a statement leans on what its sentence or paragraph does not give it: "not … until T"
        written affirmatively, a perception or a placement with no one seeing and nothing placed into, a
        bare "some / many / others" as its subject, "the leaders" with no one named."""
        if slot == "clause" and self._undone_until(head, tokens):
            return True
        if self._unseen_viewer(head) or self._untargeted_placement(head):
            return True
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if slot in ("rest", "clause") and "subject" in nodes:
            subjects.append(nodes["subject"])
        if any(_bare_quantifier(s) for s in subjects):
            return True  # "Some look back to X", "Many have left": who? (a quantifier with no noun names no one)
        if self._unnamed_people(whole) or self._unspecified_some(whole):
            return True
        return self._leans_on_paragraph(whole, head)

    # session 8: the words' own valency says what they need ("a response" is a response to something,
    # "protest" is protesting against something, "the visit" took place at some time); a statement that
    # leaves that out leans on the sentence before it, whatever the cue that points back

    def _leans_on_paragraph(self, tokens: list[Token], head: Token) -> bool:
        """Whether the statement leaves out what one of its words needs and the paragraph gave: the theme
        of an act or stance (`content_nouns`, _themeless), what an answering act answers (`answer_verbs`,
        _unanswered), the time of one occurrence told in the past (`occasion_nouns`, _undated_occasion),
        or the act a phrase repeats (`echo_phrases`: "followed suit", "in turn")."""
        return (self._themeless(tokens) or self._unanswered(tokens) or self._undated_occasion(tokens, head)
                or self._echoes(tokens) or self._unmatched_likeness(tokens) or _former_or_latter(tokens)
                or self._ungrounded_grievance(tokens) or self._agentless_decision(tokens)
                or _rest_of_a_set(tokens) or self._unplaced_office(tokens) or self._contentless_message(tokens)
                or self._unnamed_poll(tokens) or self._ownerless_flow(tokens))

    def _ownerless_flow(self, tokens: list[Token]) -> bool:
        """Whether a subject names what one party sends or receives (`flow_nouns`: "Exports and imports have
        been affected by the war") with nothing saying whose: no possessor, nationality, compound or
        phrase ("Japan's exports", "Russian imports", "coal imports from Russia") and no actor in the
        statement before it."""
        inside = {t.i for t in tokens}
        for token in tokens:
            if token.pos_ != "NOUN" or token.dep_ not in ("nsubj", "nsubjpass") or not (
                    token.lemma_.lower() in self.cues.flow_nouns or token.lower_ in self.cues.flow_nouns):
                continue
            phrase = [token, *(c for c in token.children if c.dep_ == "conj")]
            if any(c.dep_ in ("poss", "compound", "amod", "nmod", "prep", "det", "relcl", "acl") and c.i in inside
                   for noun in phrase for c in noun.children):
                continue
            if self._named_in([t for t in tokens if t.i < token.i], {}, None, places=True):
                continue
            return True
        return False

    def _unnamed_poll(self, tokens: list[Token]) -> bool:
        """Whether the statement counts a poll's respondents (`respondent_nouns`) without naming the poll
        (`poll_nouns`, or a name: "the Levada Center's respondents"): whose survey, and when, the
        paragraph said ("The number of respondents who … has risen to 44%")."""
        words = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
        if not words & self.cues.respondent_nouns or words & self.cues.poll_nouns:
            return False
        return not any(t.pos_ == "PROPN" and t.ent_type_ in ("ORG", "") for t in tokens)

    def _contentless_message(self, tokens: list[Token]) -> bool:
        """Whether a message is sent with nothing saying what it says (`message_nouns`: "X sent a powerful
        signal to Japan", "a clear message"): the act that carried it, and what it meant, are in the
        paragraph. A clause ("a signal that …", "a message to stay out"), "of / about / on X" say what."""
        inside = {t.i for t in tokens}
        for token in tokens:
            if token.pos_ != "NOUN" or token.lemma_.lower() not in self.cues.message_nouns or token.dep_ not in ("dobj", "nsubjpass"):
                continue
            phrases = [c for c in (*token.children, *token.head.children) if c.i in inside]
            if any(c.dep_ in ("relcl", "acl", "ccomp", "advcl", "xcomp", "appos") for c in token.children if c.i in inside):
                continue
            if any(c.dep_ == "prep" and c.lower_ in ("of", "about", "on", "over", "regarding", "concerning", "against") for c in phrases):
                continue
            return True
        return False

    def _full_name(self, token: Token) -> str | None:
        """The full name an article gave first for a person it goes on to call by one name ("Yutaka
        Araki … Araki"): a claim read alone needs the whole name to say who. None for a word that is
        not such a name, a name the gazetteer knows ("Putin"), or one two people named before share."""
        misread = token.ent_type_ in ("PERSON", "GPE") and token.text in self._body_tagged_names and token.text not in self._full_names
        if token.pos_ != "PROPN" or token.ent_type_ not in ("PERSON", "") and not misread or token.text in self.aliases:
            return None  # (the parse may tag the lone name as no entity; as a place only where it tagged the full one a body)
        doc = token.doc
        if token.ent_type_ and token.ent_iob_ != "B" or token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I" \
                or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children) or token.dep_ == "compound":
            return None  # part of a longer name
        start, full = (self._body_tagged_names if misread else self._full_names).get(token.text, (len(token.doc), None))
        return full if start < token.i else None

    def _unplaced_office(self, tokens: list[Token]) -> bool:
        """Whether an office is named by its title alone ("The External Affairs Minister's comment", "the
        Foreign Minister said", "the agriculture ministry"): which country's the paragraph said, the
        statement does not (not "the Russian president", "the Ministry of Foreign Affairs of Japan",
        "Foreign Minister Taro Aso")."""
        for token in tokens:
            if token.lemma_.lower() not in OFFICE_TITLES or token.dep_ == "compound":
                continue
            children = list(token.children)
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in children):
                continue
            if any(c.dep_ in ("appos", "prep", "poss", "relcl", "acl") for c in children):
                continue  # "the Foreign Minister, Taro Aso", "the president of Russia"
            if any(t.ent_type_ in ("GPE", "NORP", "PERSON") or t.text in self.aliases for t in _premodifiers(token)):
                continue  # "the Russian president", "the Japanese Foreign Minister"
            return True
        return False

    def _themeless(self, tokens: list[Token]) -> bool:
        """Whether a noun of an act or a stance (`content_nouns`: "move", "response", "bid", "solidarity",
        "possibility") is made definite ("the", a possessive, "one", "another") with nothing in the
        statement saying what it is about: no prepositional phrase ("Japan's bid for X"), clause ("the
        decision to X", "a move that …", "Japan's position is that X"), noun compound ("the sanctions
        decision") or pair of parties ("Russo-Chinese solidarity"). "Russia's move comes amid tensions",
        "Japan's response was muted", "in solidarity", "Japan offers one possibility": which move, a response
        to what, solidarity with whom? A possessive says whose act it is, not what it is (but with a year it
        picks the act out: "Norway's bid was approved in May 2013"); a nationality adjective is taken to say
        which, as _dangling_definite takes it ("the Serbian move")."""
        inside = {t.i for t in tokens}
        for token in tokens:
            lemma = token.lemma_.lower()
            common = token.pos_ == "NOUN" or token.pos_ == "PROPN" and token.text.islower()  # "in solidarity" tagged a name
            if not common or token.ent_type_ or not (lemma in self.cues.content_nouns or token.lower_ in self.cues.content_nouns):
                continue
            children = [c for c in token.children if c.i in inside]
            bare_in = token.dep_ == "pobj" and token.head.lower_ == "in" and not any(c.dep_ in ("det", "poss") for c in children)
            # (an "'s" just before the noun possesses it even where the parse hung it elsewhere: "called Japan's actions “theft”")
            possessed = token.i > 0 and token.i - 1 in inside and token.doc[token.i - 1].tag_ == "POS"
            if not bare_in and not possessed and not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") or c.dep_ == "poss"
                                                         or c.dep_ in ("det", "nummod") and c.lower_ in ("one", "another") for c in children):
                continue  # "a bold move", "moves toward Beijing": not one the paragraph named ("in solidarity", "in protest": with, against what?)
            if any(c.dep_ in ("acl", "relcl", "ccomp", "xcomp", "appos", "advcl") for c in children) or any(
                    c.dep_ == "prep" and c.lower_ not in ("as", "like", "than", "despite", "amid", "notwithstanding")
                    and not all(g.ent_type_ in ("DATE", "TIME") for g in c.children) for c in children):
                continue  # "the decision to join", "Japan's bid for the Olympics", "a move that angered Tokyo" (not "despite X")
            if any(c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN" for c in children):
                continue  # "the sanctions decision": the compound is what it is about
            if any(c.dep_ == "amod" and c.tag_ in ("VBG", "VBN") and any(g.pos_ == "NOUN" for g in c.children) for c in children):
                continue  # "Russia's capital-raising activities": the participle's own noun is what the act is about
            parties = {self.aliases.get(t.text, t.text) for c in children if c.dep_ in ("amod", "compound", "nmod")
                       for t in c.subtree if t.ent_type_ in ACTOR_LABELS or t.text in self.aliases}
            if len(parties) >= 2:
                continue  # "Russo-Chinese solidarity": the two who share it are what it is about
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ in ("be", "remain") and any(
                    c.dep_ in ("ccomp", "xcomp") for c in token.head.children):
                continue  # "Japan's position is that X", "Russia's response was to expel Y" (not "Japan's action shows that X")
            if any(c.dep_ == "amod" and c.ent_type_ == "NORP" for c in children):
                continue  # "the Serbian move": a nationality says which, as for any "the X" (_dangling_definite)
            if any(c.dep_ == "poss" for c in children) and any(YEAR.fullmatch(t.text) for t in tokens):
                continue  # "Norway's bid was approved in May 2013": whose and when pick out the act
            after = token.doc[token.right_edge.i + 1] if token.right_edge.i + 1 < len(token.doc) else None
            if (token.dep_ == "dobj" and after is not None and after.i in inside and after.dep_ == "prep" and after.head.i == token.head.i
                    and after.lower_ not in VERB_ONLY_PREPOSITIONS):
                continue  # "made a bid for the Olympics": the parse may hang the noun's phrase on the verb
            if any(t.lemma_.lower() == lemma and t.i < token.i for t in tokens):
                continue  # "… moved to X, and the move …": named in the statement
            return True
        return False

    def _unanswered(self, tokens: list[Token]) -> bool:
        """Whether a verb of an act that answers or is aimed at something (`answer_verbs`: "respond",
        "protest", "retaliate", "join", "agree") stands active with nothing saying what: no object, clause or
        infinitive, no preposition of its own ("respond to", "protest against", "withdraw from"). "Japan
        protested to the Russian ambassador", "Tokyo is unsure how to respond", "Seoul also joined": about
        what, to what, joined whom? (A relative clause's verb answers the noun it modifies: "the sanctions
        Russia retaliated against".)"""
        inside = {t.i for t in tokens}
        for verb in tokens:
            preps = self.cues.answer_verbs.get(verb.lemma_.lower())
            if preps is None or verb.pos_ != "VERB" or verb.dep_ == "amod" or _passive(verb):
                continue
            if verb.dep_ in ("relcl", "acl") and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
                continue  # "the sanctions Russia retaliated against", "the measures agreed": the noun is what it answers
            if verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "nsubj") for c in verb.children):
                continue  # a participle modifying a noun the parse hung elsewhere
            kids = [c for c in verb.children if c.i in inside]
            if any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "attr", "oprd", "advcl") for c in kids):
                continue  # "protested the decree", "agreed to hold talks", "responded that …"
            if any(c.dep_ in ("prep", "prt", "agent") and c.lower_ in preps for c in kids):
                continue  # "responded to the invasion", "withdrew from the talks"
            partners = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i in inside]
            if any(g.dep_ in ("dobj", "ccomp", "xcomp") or g.dep_ == "prep" and g.lower_ in preps for c in partners for g in c.children):
                continue  # "condemned and protested the decree": the object the verbs share stands with the last
            return True
        return False

    def _undated_occasion(self, tokens: list[Token], head: Token) -> bool:
        """Whether a past-tense statement tells of one occurrence (`occasion_nouns`: "the visit", "the
        joint flight", "Putin's trip to Tokyo") without a date, and nothing but the article's paragraph says
        which of many such it was: no year or date in the statement, no name ("the Nagato summit") or venue
        ("the talks in Oslo"), ordinal
        or superlative ("the first visit"), or clause ("the meeting where …") picking it out."""
        if any(YEAR.fullmatch(t.text) for t in tokens):
            return False
        inside = {t.i for t in tokens}
        for ent in self._ents if tokens else ():
            if ent.label_ != "DATE" or not any(t.i in inside for t in ent):
                continue
            if not (any(t.like_num for t in ent) and any(t.lemma_.lower() in self.cues.time_words for t in ent)
                    and not any(t.lower_ in ("ago", "later", "earlier") for t in ent)):
                return False  # a date, not a span ("lasted nine days" says how long, not when)
        if not (head.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in head.children)):
            return False  # not a past event: a forecast or a state ("the summit will focus on …" is _dangling_definite's)
        for token in tokens:
            if token.pos_ != "NOUN" or token.ent_type_ or not (
                    token.lower_ in self.cues.occasion_nouns or token.tag_ == "NN" and token.lemma_.lower() in self.cues.occasion_nouns):
                continue  # one occurrence ("the visit", "the drills" as listed), not a series ("Abe's visits to Russia")
            children = [c for c in token.children if c.i in inside]
            if not any(c.dep_ == "det" and c.lower_ == "the" or c.dep_ == "poss" for c in children):
                continue  # "joint patrols", "a meeting with Putin": not one the paragraph named (this / that: _stands_alone)
            if any(c.dep_ in ("relcl", "acl", "appos") for c in children):
                continue
            if any(c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and g.ent_type_ not in ACTOR_LABELS for g in c.children)
                   for c in children):
                continue  # "Russia's exercise of sovereignty", "a round of sanctions": an act or a batch, not one occurrence
            if any(c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN" and c.ent_type_ != "NORP" for c in children):
                continue  # "the Nagato summit", "the Abe-Putin summit": a name says which
            if any(c.dep_ == "prep" and c.lower_ in ("in", "at") and any(g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC") for g in c.children)
                   for c in children):
                continue  # "the talks in Oslo": the venue names it as "the Oslo talks" would (not a route, "the flight near Japan")
            if any(c.dep_ == "amod" and (c.tag_ in ("JJS", "RBS") or c.ent_type_ == "ORDINAL" or c.lower_ in ORDINALS) for c in children):
                continue  # "Putin's first visit", "the largest drills"
            return True
        return False

    def _unmatched_likeness(self, tokens: list[Token]) -> bool:
        """Whether a noun is called like another (`likeness_adjectives`: "similar sanctions", "the same
        approach", "a comparable step") that the statement does not name: no "to / as / with / from" after
        the noun or the adjective, and no plural or coordinated subject whose members are alike one another
        ("Japan and Korea took similar steps"). "Canada imposed similar sanctions on Belarus": similar to
        whose? A time is not compared ("the same year": `relative_time`, in _stands_alone)."""
        inside = {t.i for t in tokens}
        for token in tokens:
            if token.dep_ != "amod" or token.lower_ not in self.cues.likeness_adjectives or token.head.i not in inside:
                continue
            noun = token.head
            verb = noun.head
            if any(c.dep_ in ("nsubj", "nsubjpass") and (c.tag_ in ("NNS", "NNPS") or any(g.dep_ == "conj" for g in c.children))
                   for c in verb.children):
                continue  # "Japan and Korea took similar steps", "the allies chose the same course": alike one another
            if noun.lower_ in self.cues.time_words or noun.lemma_.lower() in self.cues.time_words:
                continue
            if any(c.dep_ == "prep" and c.lower_ in ("to", "as", "with", "from") for c in (*token.children, *noun.children, *noun.head.children)):
                continue  # "sanctions similar to the EU's", "the same approach as Berlin"
            if any(t.lower_ == "as" and t.i > noun.i for t in tokens):
                continue  # "the same … as …" said further on
            if noun.tag_ in ("NNS", "NNPS") and noun.dep_ in ("nsubj", "nsubjpass"):
                continue  # "similar crises arose elsewhere": alike one another
            return True
        return False

    def _echoes(self, tokens: list[Token]) -> bool:
        """Whether the statement holds a phrase that repeats or answers an act named before (`echo_phrases`:
        "Germany followed suit", "Russia in turn expelled …", "responded in kind")."""
        words = [t.lower_ for t in tokens]
        return any(_contains(words, phrase) for phrase in self.cues.echo_phrases)

    # session 8 (context2): a grievance with no target, a decision with no decider, a quantity as antecedent

    def _ungrounded_grievance(self, tokens: list[Token]) -> bool:
        """Whether a protest, complaint or objection (`grievance_nouns`) is lodged, filed, made or expressed
        (`lodging_verbs`, active or passive) indefinitely ("a strong protest", "complaints") with nothing
        saying what it is about: no clause on the noun or the verb ("lodged a protest, saying
        that …"), no phrase of `grievance_prepositions` on either (the parse may hang "over X" on the verb)
        other than a date. "Mori summoned the ambassador and lodged a strong protest": against what? (A
        definite one, "Japan's protest", is _themeless's.)"""
        inside = {t.i for t in tokens}
        for token in tokens:
            verb = token.head
            if token.pos_ != "NOUN" or token.lemma_.lower() not in self.cues.grievance_nouns or verb.lemma_.lower() not in self.cues.lodging_verbs:
                continue
            if not (token.dep_ == "dobj" or token.dep_ == "nsubjpass" and _passive(verb)):
                continue
            children = [c for c in token.children if c.i in inside]
            if any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in children):
                continue  # definite: _themeless asks which
            phrases = [*children, *(c for c in verb.children if c.i in inside)]
            if any(c.dep_ in ("relcl", "acl", "appos", "ccomp", "advcl", "xcomp") for c in phrases):
                continue  # "a protest that the visit violated …", "lodged a protest, calling the visit unacceptable"
            if any(c.dep_ in ("prep", "agent") and c.lower_ in self.cues.grievance_prepositions
                   and not all(g.ent_type_ in ("DATE", "TIME") for g in c.children) for c in phrases):
                continue  # "a protest over the visit" (not "on Monday"; "with the Russian government" says to whom, not what about)
            return True
        return False

    def _agentless_decision(self, tokens: list[Token]) -> bool:
        """Whether a passive of deciding or acting (`deciding_verbs`: "was made", "were taken") has the act
        itself as its subject (`decided_acts`: "A decision was made to …", "Steps were taken to …",
        "Measures were adopted against …") and nothing saying who acted: no "by" agent, no possessor,
        party adjective or name on the noun ("Russia's decision", "Japanese measures", "a decision by the
        Kremlin"). Who decided, only the paragraph says."""
        inside = {t.i for t in tokens}
        for verb in tokens:
            if verb.lemma_.lower() not in self.cues.deciding_verbs or not _passive(verb):
                continue
            if any(c.dep_ == "agent" for c in verb.children):
                continue
            for noun in (c for c in verb.children if c.dep_ == "nsubjpass" and c.i in inside):
                if noun.lemma_.lower() not in self.cues.decided_acts and noun.lower_ not in self.cues.decided_acts:
                    continue
                if any(c.dep_ == "poss" or c.dep_ in ("amod", "compound", "nmod") and (c.pos_ == "PROPN" or c.ent_type_ in ACTOR_LABELS)
                       for c in noun.children):
                    continue  # "Russia's decision was made …", "Japanese measures were adopted …"
                if any(c.dep_ == "prep" and c.lower_ in ("by", "of", "from") and any(g.ent_type_ in ACTOR_LABELS or g.pos_ == "PROPN"
                                                                                     for g in c.subtree) for c in noun.children):
                    continue  # "a decision by the Kremlin", "measures of the Japanese government"
                return True
        return False

    def _quantity(self, token: Token) -> bool:
        """A numeral or a word of quantity (`quantity_words`: "93%", "half", "most"), which a pronoun
        after it does not refer to ("93% of its citizens": whose?)."""
        return token.like_num or token.lower_ in self.cues.quantity_words or token.ent_type_ in ("PERCENT", "CARDINAL") and token.pos_ != "PROPN"

    def _circumstances(self, tokens: list[Token]) -> set[int]:
        """The words an object "it" cannot refer back to: a person, a quantity, and every word of a
        phrase placing the clause's act in time or place (a preposition on a verb whose object is a date,
        a place or an occasion, `occasion_nouns`): "In a meeting with Mori in 2001, the Russian president
        referred to it as a starting point": to what? Only the paragraph says."""
        out = {t.i for t in tokens if t.ent_type_ == "PERSON" or self._quantity(t)}
        for prep in tokens:
            if prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
                continue
            if any(g.dep_ == "pobj" and (g.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") or g.lemma_.lower() in self.cues.occasion_nouns
                                          or g.lower_ in self.cues.time_words) for g in prep.children):
                out |= {t.i for t in prep.subtree}
        return out

    def _undone_until(self, head: Token, tokens: list[Token]) -> bool:
        """Whether the clause's negation, which the statement leaves out, scopes over an "until" / "till"
        time ("X did not have a strategy until 2015", "Tokyo did not want A until B had been resolved"):
        "not … until T" says X began only at T, and its affirmative wording ("X had a strategy until
        2015", denied) reads the timeline backwards: a proposition nobody holds and no author could
        affirm. No claim (a "no" kept in the statement, "X had no strategy until 2015", is written as is)."""
        if not self._negated(head) or _prohibition(head) or _kept_negation(head):
            return False
        for token in tokens:
            if token.lower_ not in UNTIL_WORDS or token.dep_ not in ("prep", "mark"):
                continue
            node = token.head if token.dep_ == "prep" else token.head.head  # a mark's clause hangs on the verb it times
            while node.i != head.i:
                if node.dep_ in ("relcl", "acl", "ccomp", "parataxis", "csubj", "appos") or node.head.i == node.i or (
                        node.dep_ == "conj" and any(c.dep_ in CLAUSE_SUBJECTS for c in node.children)):
                    break  # the time of another clause ("the deal, which ran until 2015, …"), not under this negation
                node = node.head
            else:
                return True
        return False

    def _unseen_viewer(self, head: Token) -> bool:
        """Whether the clause is a passive of seeing or judging (`perception_verbs`) with a predicative
        complement and no "by" agent ("Russia is seen as a threat", "X is viewed through the lens of Y",
        "X continues to be regarded as Y"): a view whose holder the sentence does not say, neither the
        author's own claim nor a reported one."""
        for verb in _spine(head):
            if verb.lemma_.lower() not in self.cues.perception_verbs or not _passive(verb):
                continue
            subject = {t.i for c in verb.children if c.dep_ in CLAUSE_SUBJECTS for t in c.subtree}
            if any((t.dep_ == "agent" or t.lower_ == "by" and t.dep_ == "prep") and t.i not in subject for t in verb.subtree):
                continue  # "is perceived by the Russians as …", "seen as a partner by Moscow" (the parse may hang "by" lower): theirs
            if any(c.dep_ in ("oprd", "xcomp", "attr", "acomp") or c.dep_ == "prep" and c.lower_ in ("as", "through", "like")
                   for c in verb.children):
                return True
        return False

    def _untargeted_placement(self, head: Token) -> bool:
        """Whether the clause is a passive of putting in or taking out (`placement_verbs`) that does not
        say into or from what ("Language on X was added", "The clause was dropped in 2016"): the
        document or list it leans on is in the paragraph, not in the statement."""
        for verb in _spine(head):
            if verb.lemma_.lower() not in self.cues.placement_verbs or not _passive(verb):
                continue
            if not any(c.dep_ == "prep" and c.lower_ in PLACEMENT_TARGETS and any(
                    g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME") for g in c.children) for c in verb.children):
                return True
        return False

    def _unnamed_people(self, tokens: list[Token]) -> bool:
        """Whether a plural noun for people after a bare "the" (`people_nouns`: "the leaders", "the
        ministers", "the two men") says nothing of who they are (no nationality or name, no "of X and
        Y", no possessive or relative clause) while the statement names fewer than two people or actors
        before it: "At a meeting praised by Obama, the leaders discussed X" does not say which leaders."""
        inside = {t.i for t in tokens}
        for token in tokens:
            if token.tag_ not in ("NNS", "NNPS") or not (token.lemma_.lower() in self.cues.people_nouns or token.lower_ in self.cues.people_nouns):
                continue
            children = [c for c in token.children if c.i in inside]
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in children):
                continue  # "Japanese leaders", "their ministers" (a pronoun is tested elsewhere)
            if any(c.dep_ in ("poss", "relcl", "acl", "appos") for c in children) or any(
                    (c.dep_ in ("amod", "compound", "nmod") or c.dep_ == "prep" and c.lower_ in ("of", "from"))
                    and any(g.pos_ == "PROPN" or g.ent_type_ in ACTOR_LABELS or g.text in self.aliases for g in c.subtree) for c in children):
                continue  # "the Japanese leaders", "the leaders of Japan and Russia", "the leaders who met …" (not "the ministers in Oslo": where, not who)
            earlier = {t.i for t in tokens if t.i < token.i}
            if len(self._people_named(token.doc, earlier)) < 2:
                return True
        return False

    def _unspecified_some(self, tokens: list[Token]) -> bool:
        """Whether a subject "some" picks things out of a set only the paragraph gave ("Some posts appear to
        contain disinformation": which posts?). A phrase or clause saying which ("some posts on the embassy's
        channel", "some posts that …"), a name or nationality ("some Japanese firms") and people ("some
        analysts", whose view it is) say enough."""
        inside = {t.i for t in tokens}
        for token in tokens:
            if token.pos_ != "NOUN" or token.tag_ != "NNS" or token.dep_ not in ("nsubj", "nsubjpass"):
                continue  # (after a verb or preposition "some" is often only a few of a kind: "Japan lifted some
                # sanctions", "stabilize politics with some diplomatic achievements")
            children = [c for c in token.children if c.i in inside]
            if not any(c.dep_ == "det" and c.lower_ == "some" for c in children):
                continue
            if token.lemma_.lower() in self.cues.people_nouns or token.lower_ in self.cues.people_nouns:
                continue
            if any(c.dep_ in ("relcl", "acl", "appos") or c.dep_ == "prep" and c.lower_ not in ("as", "like") for c in children):
                continue
            if any(c.dep_ in ("amod", "compound", "nmod") and (c.pos_ == "PROPN" or c.ent_type_ or c.text in self.aliases) for c in children):
                continue
            return True
        return False

    def _people_named(self, doc: Doc, positions: set[int]) -> set[str]:
        """The people named at the positions, each once ("Barack Obama" and "Obama" are one), and the
        actors named there in one coordination ("Japan and Russia … the leaders": theirs); other actors
        do not say who people are ("described by the US as a threat to G7 unity, the leaders …")."""
        named: set[str] = set()
        for ent in self._ents:
            if ent.label_ == "PERSON" and ent.start in positions:
                text = " ".join(ent.text.split())
                named.add(self.aliases.get(text, next((self.aliases[t.text] for t in ent if t.text in self.aliases), text)))
        for i in positions:
            token = doc[i]
            partners = [c for c in token.children if c.dep_ == "conj" and c.i in positions]
            if partners and (token.ent_type_ in ACTOR_LABELS or token.text in self.aliases):
                for member in (token, *partners):
                    if member.ent_type_ in ACTOR_LABELS or member.text in self.aliases:
                        named.add(self.aliases.get(member.text, member.text))
        return named

    def _named_in(self, tokens: list[Token], nodes: dict[str, Token], holder_words: str | None, places: bool = True) -> set[str]:
        """The actors a statement (and the holder of its view) names, by the gazetteer or NER
        (places: also the names inside a place's name, "the Southern Kuril Islands")."""
        positions = {t.i for t in tokens}
        holder = nodes.get("holder")
        if holder is not None and holder_words:
            positions |= {t.i for t in holder.subtree}
        if not positions:
            return set()
        doc = tokens[0].doc if tokens else next(iter(nodes.values())).doc
        labels = ACTOR_LABELS if places else ACTOR_LABELS - {"LOC"}
        named = {" ".join(ent.text.split()) for ent in self._ents if ent.label_ in labels and ent.start in positions}
        named |= {doc[i].text for i in positions if doc[i].text in self.aliases and (places or doc[i].ent_type_ not in ("LOC", "FAC"))}
        return {self.aliases.get(name, name) for name in named}

    def _render(self, tokens: list[Token], negation: bool, nodes: dict[str, Token], holder_words: str | None,
                holder_actor: str | None = None) -> str:
        """The tokens as text; a clause negation removed (with do-support undone), a pronoun
        subject of a view replaced by the holder's words, quotation marks dropped, except a pair that
        sets off words inside the statement (the US “expects” X; Russia's “purported” annexation): those
        words are someone else's, or the author keeps a distance from them, and the marks say so."""
        from lemminflect import getInflection

        kept_quotes = _inner_quotation_marks(tokens)
        closing = _closed_after(tokens)  # "as a “collector of Russian lands.”": the mark opened inside, closed after the last word
        if closing is not None:
            kept_quotes.add(closing)

        head = nodes.get("predicate") if negation else nodes.get("content")
        removed: set[int] = set()
        replaced: dict[int, str] = {}
        if negation and head is not None and not _prohibition(head) and not _kept_negation(head):
            # "should not X" stays as written; so does "some circles do not see X" (denying "some
            # circles see X" would say no circle does)
            verbs = [head, *(c for c in head.children if c.dep_ in ("aux", "auxpass"))]
            negations = [c for v in verbs for c in v.children if self._negates(c)]
            removed.update(token.i for token in negations)  # "Nor does X see …" -> "X sees …" (the "does" below)
            # "X definitely / probably does not Y": the adverb weighs the denial; "X definitely Ys",
            # denied, would deny the certainty; it goes (a hedge's confidence is recorded: see _claim)
            removed.update(t.i for t in self._over_negation(head) if t.lower_ not in FREQUENCY_ADVERBS)
            if negations:  # "still have not signed" -> "have signed" ("still" goes with the negation)
                removed.update(c.i for v in verbs for c in v.children if c.dep_ == "advmod" and c.lower_ in ("still", "yet") and not list(c.children))
            if negations:
                does = next((c for c in head.children if c.dep_ == "aux" and c.lower_ in TAG_OF_DO), None)
                if does is not None and head.tag_ in ("VB", "VBP"):
                    inflected = getInflection(head.lemma_, TAG_OF_DO[does.lower_])
                    if inflected:
                        removed.add(does.i)
                        replaced[head.i] = _match_case(inflected[0], head.text)
                        # "did not criticize X or oppose Y" -> "criticized X or opposed Y"
                        for second in (c for c in head.children if c.dep_ == "conj" and c.tag_ == "VB"
                                       and not any(g.dep_ in ("aux", "auxpass") or g.dep_ in CLAUSE_SUBJECTS for g in c.children)):
                            form = getInflection(second.lemma_, TAG_OF_DO[does.lower_])
                            if form:
                                replaced[second.i] = _match_case(form[0], second.text)
                for aux in (c for c in head.children if c.dep_ == "aux"):
                    if aux.lower_ in CONTRACTED:
                        replaced[aux.i] = CONTRACTED[aux.lower_]
        for token in tokens:
            full = self._full_name(token)
            if full is not None:
                replaced[token.i] = full  # "Araki" -> "Yutaka Araki", as the article named him first
        if holder_words and head is not None:
            subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ in PERSONAL_PRONOUNS and self._may_be_the_holder(subject, nodes.get("holder")):
                replaced[subject.i] = holder_words
        if holder_actor is not None:
            inside = {t.i for t in tokens}
            for token in tokens:
                if (token.lower_ in ("his", "her") and token.dep_ == "poss" and token.head.i in inside
                        and token.head.lemma_.lower() in ("country", "nation") and all(c.i == token.i or c.tag_ == "POS" for c in token.head.children)):
                    replaced[token.i] = holder_actor  # "Lavrov warned that X would hurt his country's security": Russia's
                    removed.add(token.head.i)
        parts = []
        previous = None
        for token in tokens:
            if token.i in removed or (token.text in QUOTES and token.is_punct and token.tag_ != "POS" and not _plural_possessive(token)
                                      and token.i not in kept_quotes):
                continue
            if previous is not None:
                # words that were apart in the text keep a space between them ("Union, initiated
                # by …, and" -> "Union and"), unless punctuation follows
                gap = previous.whitespace_ if token.i == previous.i + 1 else ("" if token.is_punct and token.text in ",.;:" else " ")
                parts.append(gap or (" " if token.i != previous.i + 1 else ""))
            text = replaced.get(token.i, token.text)
            parts.append(text)
            previous = token
        if closing is not None:
            parts.append('"' if tokens[0].doc[closing].text == '"' else "”")
        return "".join(parts)

    # about and key

    def _about(self, match: _Match, kept: list[int], actors: dict[int, str]) -> str | None:
        """The actor the claim is about: the first named in its subject, else in its statement."""
        nodes = match.nodes
        head = nodes.get("content") or nodes.get("predicate") or nodes.get("subject")
        subject = nodes.get("subject") or next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        viewer = _point_of_view(head, subject, actors, set(kept))
        if viewer is not None:
            return viewer  # "For Tokyo, a key rationale … is the rise of China": Japan's view, about Japan
        if subject is not None:
            for token in subject.subtree:
                if token.i in actors:
                    return actors[token.i]
        holder = nodes.get("holder")
        holder_tokens = {t.i for t in holder.subtree} if holder is not None else set()
        for i in kept:
            if i in actors and i not in holder_tokens:
                return actors[i]
        for i in sorted(holder_tokens):  # a view about no actor: it is about its holder's world
            if i in actors:
                return actors[i]
        return None

    def _triple_key(self, match: _Match, kept: list[int], actors: dict[int, str], holder_actor: str | None) -> str | None:
        """subject|predicate|object, normalized, from which relations between authors are derived."""
        nodes = match.nodes
        head = match.head
        doc = head.doc
        subject = nodes.get("subject") or next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        subject_actor = next((actors[t.i] for t in subject.subtree if t.i in actors), None) if subject is not None else None
        if subject_actor is None:
            return None
        predicate = match.rule.predicate_key or head.lemma_.lower()
        subject_ids = {t.i for t in subject.subtree}
        content = sorted({
            (actors[i] if i in actors else doc[i].lemma_.lower()) for i in kept
            if i not in subject_ids and (i in actors or (doc[i].is_alpha and not doc[i].is_stop))
            and doc[i].i != head.i and doc[i].lower_ not in self.cues.negation
        })
        if not content:
            return None
        key = f"{subject_actor}|{predicate}|{' '.join(content[:8])}"
        # a reported view agrees or clashes only with the same holder's view, not with an author's own
        return f"{key}|held-by:{holder_actor or '?'}" if "holder" in nodes else key


# adverbs of the author's certainty: before a negation ("definitely does not") they only stress the denial,
# which the statement states plainly without them
CERTAINTY_ADVERBS = frozenset({"definitely", "certainly", "surely", "clearly", "obviously", "undoubtedly", "absolutely",
                               "evidently", "plainly", "really", "truly", "simply", "decidedly", "unquestionably"})
# adverbs of frequency: before a negation ("often does not") they count the cases of the denial
FREQUENCY_ADVERBS = frozenset({"often", "usually", "always", "sometimes", "generally", "typically", "normally", "mostly",
                               "largely", "frequently", "occasionally", "mainly", "traditionally"})
# Words that make an event's clause a forecast ("would reduce", "set to persist") or a possibility or
# a guess ("can spur", "could help", "probably relies"): its kind is then prediction or assessment.
FORECAST_MODALS = frozenset({"will", "would", "wo", "shall", "'ll", "'d"})
# the auxiliaries of a clause about the future ("won't" is "wo" + "n't"); not "would", a condition's
FUTURE_AUXILIARIES = frozenset({"will", "wo", "shall", "'ll"})
# the verbs of "X is / looks (un)likely to Y"
COPULAS_OF_JUDGMENT = frozenset({"be", "look", "seem", "appear", "remain"})
# nouns naming an aim: "the goal (of X) is to Y" states X's aim, not how things are
# verbs of trying: what someone tried or attempted is an event, not an aim they hold
ATTEMPT_VERBS = frozenset({"try", "attempt", "endeavor", "endeavour", "strive"})
AIM_NOUNS = frozenset({"goal", "aim", "objective", "priority", "task", "purpose"})
FORECAST_WORDS = frozenset({"set", "poised", "bound", "due", "expected", "going"})
POSSIBILITY_WORDS = frozenset({"can", "ca", "could", "may", "might", "probably", "possibly", "perhaps", "likely", "presumably", "apparently"})
COMPARED = frozenset({"different", "similar", "same", "comparable", "identical", "alike", "exception"})  # ("X is no exception": to what?)
# prepositions after an object that belong to the verb, not to the object ("saw the move as …", "handed the keys to …")
VERB_ONLY_PREPOSITIONS = frozenset({"as", "like", "than", "to", "into", "onto", "toward", "towards", "by", "despite", "because", "due",
                                    "at", "during", "throughout", "until"})
# nouns of a view or feeling: a passive with one as its subject and no agent ("hopes are set on X") hides whose view it is
# nouns that present a clause as one that may come true, without the author asserting it ("there is a
# possibility that X", "the risk that X grows"): X is no claim unless the noun is denied ("no chance that X")
POSSIBILITY_NOUNS = frozenset({"possibility", "chance", "risk", "danger", "likelihood", "prospect", "probability", "threat", "odds"})
ATTITUDE_NOUNS = frozenset({"hope", "expectation", "fear", "concern", "worry", "doubt", "suspicion", "belief", "anxiety", "optimism", "pessimism"})
# words a negation licenses that an affirmative sentence cannot keep ("did not receive any aid" -> "received any aid")
NEGATIVE_POLARITY = frozenset({"any", "anything", "anyone", "anybody", "anywhere", "ever", "either"})
# reporting verbs of a parenthetical ("Japan, she added, will …"): what the clause says is the speaker's
PARENTHETICAL_REPORTS = frozenset({"say", "add", "note", "argue", "insist", "claim", "stress", "explain", "tell", "warn", "write",
                                   "believe", "think", "suggest", "contend", "acknowledge", "admit", "concede", "observe"})
# verbs of answering, whose message a participle of speech gives ("responded, saying that Y")
RESPONSE_VERBS = frozenset({"respond", "react", "reply", "answer", "retort", "protest", "object", "counter"})
# verbs that "so" after them makes stand for something said before ("do so", "say so", "think so")
PRO_VERBS = frozenset({"do", "say", "think", "believe", "hope", "expect", "suppose"})
NEGATIVE_SUBJECTS = frozenset({"none", "nothing", "nobody", "neither", "no-one"})
QUANTIFIERS = frozenset({"some", "many", "several", "most", "certain", "numerous", "various"})
# verbs of speaking to someone, and the audiences they may have: with nothing else, no claim
SPEAKING_VERBS = frozenset({"address", "tell", "brief", "speak", "talk"})
AUDIENCE_NOUNS = frozenset({"press", "reporter", "journalist", "media", "correspondent", "newsman", "audience", "crowd"})
# verbs that frame what someone said, thought or found out: alone in a statement they assert nothing
FRAME_VERBS = PARENTHETICAL_REPORTS | {"learn", "report", "reveal", "confirm", "announce", "hear", "state", "declare"}
# what a reporting verb's own object can be: "as Japan notes the threat" frames no one's words
FRAME_OBJECTS = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative"})
# prepositions by which a reporting verb takes its own object: "as Japan argued for sanctions", "as X warned of Y"
FRAME_OBJECT_PREPOSITIONS = frozenset({"for", "against", "about", "of", "over", "on", "with"})
# a verb's subject and objects: where a bare "the X" must say which X (elsewhere only a noun of needs_antecedent)
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd"})
# nouns after "the" that a place or a person named before them resolves
PLACE_NOUNS = {"region": ("LOC",), "country": ("GPE",), "territory": ("LOC", "GPE"), "archipelago": ("LOC",), "islands": ("LOC",), "island": ("LOC",)}
# participles saying where a body sits or when it began ("an agency based in Tokyo", "a firm founded in 1990")
SEAT_PARTICIPLES = frozenset({"base", "headquarter", "headquartered", "locate", "found", "register", "situate", "establish"})
# number words a colon's list can be counted by ("three documents: A, B and C")
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                **{str(n): n for n in range(2, 11)}}
# adjectives whose infinitive says what is easy or hard: "difficult to reverse", without it, a different claim
EASE_ADJECTIVES = frozenset({"difficult", "hard", "easy", "impossible", "tough", "simple", "costly", "painful"})
# what "that is not …" says of what came before, to deny it: "That is not the case", "This is not true"
REFUTED_PREDICATES = frozenset({"case", "true", "so", "correct", "right", "accurate"})
# nouns of a relation between two: resolved by another of them or by two actors named before
RELATION_NOUNS = frozenset({"relationship", "relations", "relation", "ties", "talks", "negotiations", "dialogue"})
PERSON_NOUNS = frozenset({"leader", "leaders", "president", "administration", "government"})
# nouns that "the two …" makes a pair of actors the statement can name
PAIR_NOUNS = frozenset({"country", "side", "party", "leader", "nation", "government", "capital"})
# prepositions that name the other party of a treaty, sanctions or trade ("with Japan", "against Russia")
PARTY_PREPOSITIONS = frozenset({"with", "between", "among", "against", "on", "across", "amongst"})
# session 7: "not … until T" (the clause began only at T), quantifiers that name nobody as a subject or
# holder ("Some look back …", "Others argue …"), and the prepositions that say into or from what a passive
# of placing puts or takes ("added to the concept", "dropped from the list")
UNTIL_WORDS = frozenset({"until", "till", "til", "'til", "’til"})
BARE_QUANTIFIERS = frozenset({"some", "many", "others", "few", "several", "most", "both", "all"})
PLACEMENT_TARGETS = frozenset({"to", "into", "in", "from", "on", "onto", "within", "inside", "at"})
# offices and ministries each country has one of: "the Foreign Minister", "the agriculture ministry" say
# which only with the country
OFFICE_TITLES = frozenset({"president", "minister", "premier", "chancellor", "secretary", "ambassador", "envoy", "spokesman",
                           "spokeswoman", "spokesperson", "ministry", "embassy", "consulate"})
# nouns that name a person, so a later "he", "his" or "her" can refer to what the statement names
PERSON_TITLES = frozenset({"president", "minister", "premier", "leader", "chancellor", "secretary", "ambassador", "envoy",
                           "king", "emperor", "official", "diplomat", "spokesman", "spokeswoman", "general", "chairman",
                           "man", "woman", "analyst", "author", "expert", "head"})


def _closes_apposition(tokens: list[Token]) -> bool:
    """Whether a subject phrase ends on an appositive that a comma opened and the next comma closes
    ("his Japanese counterpart, Takeshi Iwaya, are …")."""
    last, doc = tokens[-1], tokens[-1].doc
    if last.i + 1 >= len(doc) or doc[last.i + 1].text != ",":
        return False
    node = last
    while node.dep_ != "appos" and node.head.i != node.i and node.head.i in {t.i for t in tokens}:
        node = node.head
    return node.dep_ == "appos" and node.left_edge.i > 0 and doc[node.left_edge.i - 1].text == ","


def _former_or_latter(tokens: list[Token]) -> bool:
    """Whether "the former" / "the latter" stands for one of two things named before ("Ottawa supported the
    latter"); not as an adjective ("the former Soviet Union", "the former minister")."""
    return any(t.lower_ in ("former", "latter") and t.dep_ != "amod" and t.pos_ in ("ADJ", "NOUN")
               and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children) for t in tokens)


def _name_without_its_bearer(head: Token) -> bool:
    """Whether "call" gives a name with nothing it names: "the island chain the Russians call the Kurils,
    and the Japanese call the Northern Territories" (a relative clause, its object gone before it)."""
    if head.lemma_.lower() != "call" or _passive(head):
        return False
    objects = [c for c in head.children if c.dep_ in ("dobj", "oprd", "ccomp", "xcomp", "attr", "dative")]
    return len(objects) == 1 and objects[0].dep_ == "dobj" and (objects[0].pos_ == "PROPN" or objects[0].ent_type_ not in ("", "DATE"))


def _rest_of_a_set(tokens: list[Token]) -> bool:
    """Whether "the other" or a number of others picks out the rest of a set named before ("The other
    three have been taken into custody", "three other negotiations"); not "on the other hand", "each
    other", "other countries", nor "other than"."""
    for token in tokens:
        if token.lower_ != "other" or token.dep_ not in ("amod", "nummod") or token.head.lower_ in ("hand", "way"):
            continue
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if after is not None and after.lower_ == "than":
            continue
        if any(c.dep_ == "det" and c.lower_ == "the" or c.dep_ == "nummod" and c.i < token.i for c in token.head.children):
            return True  # "the other three", "three other negotiations": other than the ones named before
    return False


def _packed(head: Token, tokens: list[Token]) -> bool:
    """Whether the statement packs a second clause with its own subject: a verb coordinated with
    the head whose subject the parse hung on a noun of the first clause ("imposed sanctions on
    Russia and the EU followed", the EU parsed as a second object; "sent aid to Poland and Kishida
    visited Kyiv", the verb parsed as a side clause), or two clauses with their own subjects
    coordinated inside a side clause ("given that A is in place and B has not …")."""
    inside = {t.i for t in tokens}
    doc = head.doc
    for verb in tokens:
        if verb.pos_ not in ("VERB", "AUX") or verb.i == head.i:
            continue
        own_subject = any(c.dep_ in CLAUSE_SUBJECTS for c in verb.children)
        # (or hung it on the head as a side clause with no word opening it: "sent aid to Poland and
        # Kishida visited Kyiv", "visited" a bare adverbial clause, "Kishida" a second object)
        bare_side_clause = verb.dep_ == "advcl" and not any(
            c.dep_ in ("mark", "advmod") or c.dep_ == "aux" and c.lower_ == "to" for c in verb.children if c.i < verb.i)
        if verb.dep_ != "conj" and not bare_side_clause:
            continue
        if verb.head.i == head.i and not own_subject:
            before = doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else None
            finite = verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in verb.children)
            if before is not None and before.pos_ in ("PROPN", "NOUN") and before.dep_ == "conj" and finite:
                return True
        elif verb.head.i != head.i and own_subject and verb.head.i in inside and verb.head.pos_ in ("VERB", "AUX") \
                and any(c.dep_ in CLAUSE_SUBJECTS for c in verb.head.children):
            return True
    return False


def _unfinished_comparison(head: Token, tokens: list[Token]) -> bool:
    """A clause comparing its subject with something it does not name: "X was no different", "X is
    the same", "Russia got more" (with no from / to / than / as, nor anything after the comparison), or
    says "too much" for nothing named ("Beijing values its freedom too much": too much for what?)."""
    inside = {t.i for t in tokens}
    if any(c.lower_ in ("differently", "otherwise") and c.dep_ == "advmod" and c.i in inside and not any(
            g.dep_ == "prep" and g.lower_ in ("from", "than", "to") for g in (*c.children, *head.children)) for c in head.children):
        return True  # "Tokyo sees things differently": from what?
    for token in tokens:
        if token.lower_ == "too" and token.dep_ == "advmod" and token.head.pos_ in ("ADJ", "ADV") and not any(
                t.lower_ == "to" and t.dep_ == "aux" and t.i > token.i for t in tokens):
            return True
    for child in head.children:
        if child.i not in inside:
            continue
        if child.dep_ in ("acomp", "attr", "dobj") and child.lemma_.lower() in COMPARED and not any(c.dep_ in ("prep", "advcl", "ccomp") for c in child.children):
            return not any(c.dep_ == "prep" and c.lower_ in ("from", "to", "than", "as", "with") for c in head.children)
        if child.dep_ in ("dobj", "attr") and child.lower_ in ("more", "less", "fewer") and not list(child.children):
            return not any(t.lower_ == "than" for t in tokens)
        if child.dep_ in ("dobj", "nsubj", "nsubjpass") and any(
                c.dep_ == "amod" and c.lower_ in ("more", "less", "fewer") and any(g.lower_ in ("far", "much", "many", "even") for g in c.children)
                for c in child.children):
            # "devotes far more resources to X": more than to what?
            if not any(t.lower_ in ("than", "ever") for t in tokens):
                return True
        # "remain far more contentious", "is the weaker power": more or weaker than what?
        # ("became stronger", "grew weaker": stronger than before, a change the verb says)
        compared = [] if head.lemma_ in ("become", "grow", "get") else [child] if child.dep_ == "acomp" else [
            c for c in child.children if c.dep_ == "amod"] if child.dep_ == "attr" else []
        for word in compared:
            if (word.tag_ in ("JJR", "RBR") or any(c.lower_ in ("more", "less") and c.dep_ == "advmod" for c in word.children)) \
                    and not any(t.lower_ in ("than", "ever") for t in tokens) and not any(c.dep_ == "prep" for c in word.children):
                return True
    return False


def _counted(noun: Token) -> bool:
    """Whether a noun phrase is a count or a measure ("thousands of kilometres", "around 1.12 million
    Japanese war dead", "54,000 Japanese"): a number heads it or counts its noun."""
    if noun.ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT") or noun.pos_ == "NUM" and not any(c.dep_ == "det" for c in noun.children):
        return True  # (not "a difficult one")
    if noun.lower_ in ("thousands", "hundreds", "millions", "dozens", "tens") and any(c.lower_ == "of" for c in noun.children):
        return True
    return any(c.dep_ == "nummod" and c.ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT") for c in noun.children)


def _chain(first: Token) -> list[Token]:
    """first and the verbs coordinated with it, one after another ("keeps …, educates … and assesses …")."""
    chain, todo = [], [first]
    while todo:
        verb = todo.pop()
        chain.append(verb)
        todo.extend(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                    and not any(g.dep_ in CLAUSE_SUBJECTS for g in c.children))
    return sorted(chain, key=lambda t: t.i)


def _date_of_first_clause(verb: Token) -> list[Token] | None:
    """For a second clause with its own subject ("1) in 2014, A …; and 2) in May 2015, B …"), the date
    phrase that dates it but hangs on the first clause's verb: one standing right before the second
    clause (the parse hung it on the wrong verb), with the comma after it. None: the second clause's
    only time is the one opening the first clause ("At the end of 2012, A happened, and B happened"):
    no claim."""
    if verb.dep_ != "conj" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return []
    first, doc = verb.head, verb.doc
    subject = next((c for c in first.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    dated = [c for c in first.children if c.dep_ in ("prep", "npadvmod") and any(t.ent_type_ == "DATE" for t in c.subtree)
             and any(YEAR.fullmatch(t.text) for t in c.subtree)]
    before = [c for c in dated if first.i < c.i < verb.left_edge.i and any(
        o.dep_ == "cc" and first.i < o.i < c.i for o in first.children)]  # after the "and": the second clause's
    opening_time = [c for c in first.children if c.dep_ in ("prep", "npadvmod") and subject is not None and c.i < subject.left_edge.i
                    and any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree)]  # "In March," too
    own = any(t.ent_type_ == "DATE" for t in verb.subtree if t.i > verb.left_edge.i or t.head.i == verb.i)
    if not before and opening_time and not own:
        # "At the end of 2012, A happened, and B happened": the date is A's; B's time the sentence gives
        # only as after or with A, so B with A's date is not what it says, and B without it floats
        return None
    tokens = []
    for phrase in before[:1]:
        tokens.extend(phrase.subtree)
        after = phrase.right_edge.i + 1
        if after < len(doc) and doc[after].text == ",":
            tokens.append(doc[after])
    return tokens


def _dated(verb: Token, before: Token | None) -> bool:
    """Whether a date hangs on verb's own phrase (before the token before, if given)."""
    return any(c.dep_ in ("prep", "npadvmod", "advmod") and (before is None or c.i < before.i) and c.i > verb.i
               and any(t.ent_type_ == "DATE" for t in c.subtree) for c in verb.children)


def _own_tense(verb: Token, first: Token) -> bool:
    """Whether a coordinated verb has its own tense ("refused", "has refused") rather than sharing
    the first verb's auxiliary ("should understand A and assess B": the tagger often calls such a
    bare "assess" VBP)."""
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children) or verb.tag_ in ("VBD", "VBZ"):
        return True
    shared = any(c.dep_ in ("aux", "auxpass") and (c.tag_ == "MD" or c.lower_ == "to") for c in first.children)
    return verb.tag_ == "VBP" and not shared


def _disagrees_in_number(verb: Token, subject: Token) -> bool:
    """Whether verb's own finite auxiliary cannot go with subject: "are" or "have" after one person or
    thing, "is" or "has" after a plural. The parse gave the verb a subject that is not its own."""
    plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children) or subject.lower_ in ("we", "they")
    singular = subject.tag_ in ("NN", "NNP") and not plural or subject.lower_ in ("he", "she", "it")
    for aux in (c for c in verb.children if c.dep_ in ("aux", "auxpass")):
        if aux.lower_ in ("are", "were", "have") and singular or aux.lower_ in ("is", "was", "has") and plural:
            return True
    return False


def _conjunct_frame(verb: Token) -> tuple[Token, Token, Token] | None:
    """(first, clause, subject) for a verb phrase coordinated with an earlier one and sharing its
    subject: first is the verb it is coordinated with (the first of the chain; for a bare verb hung
    on a finite one, "needs to understand A and be aware of B", the infinitive), clause the verb
    whose subject it is ("needs"), subject that subject. None: not such a verb."""
    if verb.dep_ != "conj" or verb.pos_ not in ("VERB", "AUX") or any(c.dep_ in CLAUSE_SUBJECTS for c in verb.children):
        return None
    first = verb
    # up the chain to its first verb, but not past a verb with a subject of its own: "A recalled that X,
    # but he is sincere and loves Y" shares "he" (whoever that is), not A
    while (first.dep_ == "conj" and first.head.pos_ in ("VERB", "AUX") and first.head.i != first.i
           and (first.i == verb.i or not any(c.dep_ in CLAUSE_SUBJECTS for c in first.children))):
        first = first.head
    clause = None
    if (verb.tag_ in ("VB", "VBP") and first.tag_ in ("VBZ", "VBD", "VBP") and not any(c.dep_ == "aux" for c in first.children)
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)):
        # "needs to understand A and be aware of B", "are happy to attend A, sign B": the bare verb
        # goes with the infinitive (of the verb, or of its adjective), under the finite verb's subject
        candidates = [c for c in first.children if c.dep_ == "xcomp"]
        candidates += [g for c in first.children if c.dep_ == "acomp" for g in c.children if g.dep_ == "xcomp"]
        infinitive = next((c for c in candidates if c.i < verb.i and c.tag_ == "VB"
                           and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
        if infinitive is None and verb.tag_ == "VB":
            return None  # a bare verb beside a finite one: the parse hung it on the wrong clause
        if infinitive is not None:
            clause, first = first, infinitive
    if clause is None:
        clause = first
        while clause.dep_ == "xcomp" and clause.head.pos_ in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or first.dep_ not in ("ROOT", "conj", "xcomp", "ccomp", "advcl", "relcl") or clause.pos_ not in ("VERB", "AUX"):
        return None
    return first, clause, subject


def _dates(year: Token, head: Token) -> bool:
    """Whether a year dates the clause of head ("in May 2015, X did …", "X did … in 2015"), not a
    thing inside it ("after the crisis in 2008")."""
    node = year
    while node.dep_ in ("nummod", "compound", "appos", "pobj", "npadvmod", "nmod") or node.ent_type_ == "DATE" and node.head.ent_type_ == "DATE":
        if node.head.i == node.i:
            break
        if node.dep_ == "pobj" or node.head.pos_ == "ADP":
            node = node.head
            break
        node = node.head
    return node.head.i == head.i or node.i == head.i


def _backshifted_would(cue: Token, content: Token) -> bool:
    """Whether a view reported in the past ("X warned / said / believed that …") keeps a "would" in its
    clause without a condition the clause states: the reader cannot tell a backshifted "will" (a forecast
    or a threat) from a conditional whose condition the speaker left unsaid, so the view is no claim."""
    if cue.tag_ != "VBD" or not any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in content.children):
        return False
    return not any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
                   for c in content.children)


def _reports_content(verb: Token, conjunct: Token) -> bool:
    """Whether verb reports speech or thought with a content clause before the conjunct ("says A, and B")."""
    return verb.lemma_.lower() in FRAME_VERBS and any(c.dep_ == "ccomp" and c.i < conjunct.i for c in verb.children)


def _frame_only(head: Token, kept: set[int]) -> bool:
    """Whether a statement is only a frame of reporting or learning ("The Yomiuri Shimbun has learned.",
    "…, Jaishankar said."): its verb keeps nothing it reports (no object, clause or complement; a date is
    none) in the statement's words."""
    if head.lemma_.lower() in SPEAKING_VERBS:
        said = []  # the objects of the verb and of its prepositions (where and when it was said is no what)
        for child in (c for c in head.children if c.i in kept):
            if child.dep_ in FRAME_OBJECTS:
                said.append(child)
            elif child.dep_ == "prep" and child.lower_ not in ("in", "at", "during", "after", "before"):
                said.extend(g for g in child.children if g.dep_ == "pobj")
        if all(g.lemma_.lower() in AUDIENCE_NOUNS or g.ent_type_ in ("DATE", "TIME") for g in said):
            return True  # "X addressed the press", "X spoke to reporters": to whom, not what
    if head.lemma_.lower() not in FRAME_VERBS:
        return False
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    opening = head.doc[head.left_edge.i : subject.left_edge.i] if subject is not None else []
    before = [t for t in opening if t.i in kept and not t.is_punct]
    if before and any(t.text in ("”", '"') for t in opening) and not any(t.pos_ in ("VERB", "AUX") for t in before):
        return True  # "“… Completely,” X said": the quoted words framed are no sentence (not "On May 5, X declared that …")
    return not any(c.i in kept and (c.dep_ in FRAME_OBJECTS or c.dep_ in ("agent", "prep") and any(
        g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME") for g in c.children)) for c in head.children)


def _frame_with_an_object(nodes: dict[str, Token]) -> bool:
    """Whether the reporting verb of an "as X notes" frame has an object of its own besides the match's
    ("as Japan notes the threat", "as Russia warned that …", "as Japan argued for sanctions"): the "as"
    clause is then one of time or reason, not a source for the clause it modifies."""
    cue = nodes.get("cue")
    if cue is None or cue.dep_ != "advcl":
        return False
    own = {t.i for t in nodes.values()}
    return any((c.dep_ in FRAME_OBJECTS or c.dep_ == "prep" and c.lower_ in FRAME_OBJECT_PREPOSITIONS) and c.i not in own
               for c in cue.children)


def _someone(token: Token) -> bool:
    """Whether a phrase's head names a holder other than the author ("my", "us": the author's own)."""
    return token.lower_ not in FIRST_PERSON


def _by_someone(verb: Token) -> bool:
    """Whether a passive verb names its agent, someone other than the author ("expressed by X"), and says
    only that it was said or held: with a complement of its own it says what the thing became ("This was
    made possible by the treaty" names a cause, not a holder)."""
    if any(c.dep_ in ("oprd", "acomp", "ccomp", "xcomp") for c in verb.children):
        return False
    return any(c.dep_ == "agent" and any(g.dep_ == "pobj" and _someone(g) for g in c.children) for c in verb.children)


def _person_words(ent: SpacySpan) -> frozenset[str]:
    """A person's name as a set of words, without a possessive ("Karaganov’s" is "Karaganov")."""
    return frozenset(t.text for t in ent if t.tag_ != "POS")


def _the_two(noun: Token) -> bool:
    """A noun phrase "the two X" ("the two sides", "the two countries"): it refers to two named before."""
    children = {c.lower_ for c in noun.children if c.dep_ in ("det", "nummod")}
    return noun.tag_ in ("NNS", "NNPS") and {"the", "two"} <= children


def _conjunct_mended(tokens: list[Token] | None, first: Token, subject: Token) -> list[Token] | None:
    """A second verb phrase's tokens with what the first phrase's removal took from the clause both share:
    the first verb's date phrases that stand between the subject and that verb ("The summit between A
    and B, in November 1998, followed X but added nothing": what stands before both verb phrases times
    both), with the commas around them, and the comma closing an aside the subject keeps ("Norway, a
    NATO member, froze A and expelled B" -> "Norway, a NATO member, expelled B", not "… member expelled B")."""
    if not tokens:
        return tokens
    doc = first.doc
    inside = {t.i for t in tokens}
    shared: set[int] = set()
    for child in first.children:
        if not subject.right_edge.i < child.i < first.i or child.dep_ not in ("prep", "npadvmod", "advmod"):
            continue
        if not any(t.ent_type_ in ("DATE", "TIME") or YEAR.fullmatch(t.text) for t in child.subtree):
            continue
        shared.update(t.i for t in child.subtree)
        shared.update(k for k in (child.left_edge.i - 1, child.right_edge.i + 1)
                      if subject.right_edge.i < k < first.i and doc[k].text == ",")
    own = [t for t in subject.subtree if t.i in inside]
    closing = subject.right_edge.i + 1 if subject.right_edge.i + 1 < len(doc) else None
    if own and closing is not None and doc[closing].text == "," and closing not in inside \
            and sum(1 for t in own if t.text == ",") == 1 and own[-1].i == closing - 1:
        shared.add(closing)  # the subject opened an aside with a comma: the comma after it closes it
    last = subject.right_edge.i
    if own and last + 1 < len(doc) and doc[last].text == "," and last not in inside and sum(1 for t in own if t.text == ",") == 1:
        shared.add(last)  # (the parse may count the closing comma into the subject)
    if not shared:
        return tokens
    return sorted({*tokens, *(doc[i] for i in shared)}, key=lambda t: t.i)


def _spine(head: Token) -> list[Token]:
    """A verb and the infinitives it governs ("continues to be seen as": continues, seen)."""
    spine = [head]
    while (following := next((c for c in spine[-1].children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)) is not None:
        spine.append(following)
    return spine


def _passive(verb: Token) -> bool:
    """A passive participle with its auxiliary or its passive subject ("is seen", "was added")."""
    return verb.tag_ == "VBN" and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _bare_quantifier(token: Token) -> bool:
    """A quantifier standing for people it does not name ("Some look back …", "Many fear …", "Others
    argue …"): no noun, no "of X" or "in Tokyo" saying whom, no clause."""
    return token.lower_ in BARE_QUANTIFIERS and not any(
        c.dep_ in ("prep", "relcl", "acl", "appos", "amod", "compound", "nmod", "poss") for c in token.children)


def _unnamed_indefinite(tokens: list[Token], head: Token, pointing_back: frozenset[str]) -> bool:
    """Whether a subject counts or introduces things without saying what they are ("Two factors limit
    …", "six summits have taken place", "A policy should be coordinated …"), or an object is a bare
    "a deal" / "an agreement" (a noun that needs its other term): the content is elsewhere in the text."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.pos_ != "NOUN" or token.ent_type_ or token.head.i != head.i:
            continue  # only the statement's own subject and object ("argue that a treaty will …" is the arguers')
        children = [c for c in token.children if c.i in inside]
        after = token.doc[token.right_edge.i + 1] if token.right_edge.i + 1 < len(token.doc) else None
        if after is not None and after.i in inside and after.dep_ == "prep" and after.head.i == token.head.i \
                and after.lower_ not in VERB_ONLY_PREPOSITIONS:
            continue  # "held a meeting in Singapore": the parse may hang the noun's phrase on the verb
        says_which = any(c.dep_ in ("prep", "relcl", "acl", "appos", "poss") for c in children) or any(
            c.dep_ in ("amod", "compound", "nmod") and (c.pos_ == "PROPN" or c.ent_type_ in ACTOR_LABELS) for c in children)
        if says_which:
            continue
        subject = token.dep_ in ("nsubj", "nsubjpass")
        counted = any(c.dep_ == "nummod" and c.ent_type_ == "CARDINAL" and not YEAR.fullmatch(c.text) for c in children)
        bare = [c.lower_ for c in children] in (["a"], ["an"])
        if subject and (counted or bare):
            return True
        if token.dep_ == "dobj" and bare and (token.lemma_.lower() in pointing_back or token.lower_ in pointing_back):
            return True
    return False


def _kept_negation(verb: Token) -> bool:
    """Whether a clause's negation stays in its statement (affirmed as written) because no affirmative
    sentence denied says the same: a quantified subject ("some analysts do not …": denying "some
    analysts do …" would say none does) or two negated modals ("cannot and will not": denying "can
    and will" says only "cannot or will not")."""
    if _quantified_subject(verb):
        return True
    if any(t.lower_ in NEGATIVE_POLARITY or t.lower_ == "single" and t.head.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")
           for c in verb.children if c.dep_ not in ("conj", "cc", "advcl", "ccomp", "relcl", "parataxis") for t in c.subtree):
        return True  # "has not returned a single island", "did not receive any aid": no affirmative sentence says it
    modals = [c for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD"]
    negations = [c for v in (verb, *modals) for c in v.children if c.dep_ == "neg"]
    return len(modals) >= 2 and len(negations) >= 2 and any(c.dep_ == "cc" for c in verb.children)


def _quantified_subject(verb: Token) -> bool:
    """Whether the clause's subject is quantified by a word that a negation does not scope over
    ("some analysts do not …", "many Russians never …"): the denial is the subset's, not of the whole."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    return subject.lower_ in QUANTIFIERS or any(c.dep_ in ("det", "amod") and c.lower_ in QUANTIFIERS for c in subject.children)


def _negative_subject(verb: Token) -> bool:
    """Whether a verb's subject denies it: "None of this means that Y", "Nobody believes that Y", "No
    analyst expects Y"."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
    if subject is None:
        return False
    return subject.lower_ in NEGATIVE_SUBJECTS or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subject.children)


def _prohibition(verb: Token) -> bool:
    """A negated should / must / ought ("Tokyo should not overestimate X"): advice against doing X,
    an affirmed recommendation, not the denial of an obligation to do X."""
    modals = [c for c in verb.children if c.dep_ == "aux" and c.lower_ in ("should", "must", "ought")]
    return bool(modals) and any(
        g.dep_ == "neg" and g.i > m.i for m in modals for g in (*verb.children, *m.children))


def _quotation_pairs(tokens: list[Token]) -> list[tuple[int, int]]:
    """(opening, closing) token indices of the double quotation marks paired inside tokens (curly “ ”,
    or straight ones taken two by two)."""
    pairs, opened, straight = [], [], None
    for token in tokens:
        if not token.is_punct:
            continue
        if token.text == "“":
            opened.append(token.i)
        elif token.text == "”" and opened:
            pairs.append((opened.pop(), token.i))
        elif token.text == '"':
            if straight is None:
                straight = token.i
            else:
                pairs.append((straight, token.i))
                straight = None
    return pairs


def _quoted_words(tokens: list[Token]) -> set[int]:
    """The indices of the statement's words that stand inside quotation marks it keeps (a pair inside
    it, or a mark opened inside it and closed right after its last word): someone else's words."""
    marks = sorted(_inner_quotation_marks(tokens))
    pairs = [(opening, closing) for opening, closing in _quotation_pairs(tokens) if opening in marks]
    closing = _closed_after(tokens)
    if closing is not None:
        pairs.append((closing, tokens[-1].i + 1))
    return {t.i for t in tokens if any(opening < t.i < end for opening, end in pairs)}


def _inner_quotation_marks(tokens: list[Token]) -> set[int]:
    """The quotation marks to keep: pairs that set off some of the statement's words, not all of them."""
    if not tokens:
        return set()
    words = [t for t in tokens if not t.is_punct]
    kept = set()
    for opening, closing in _quotation_pairs(tokens):
        if words and opening < words[0].i and closing > words[-1].i:
            continue  # the whole statement quoted: the holder's words, said as the holder's view
        kept.update((opening, closing))
    return kept


def _closed_after(tokens: list[Token]) -> int | None:
    """The index of an opening mark (“) inside the statement, after its first word, whose closing mark
    stands right after the statement's last word (only punctuation between): the statement ends inside
    the quotation and closes it."""
    if not tokens:
        return None
    paired = {i for pair in _quotation_pairs(tokens) for i in pair}
    words = [t for t in tokens if not t.is_punct]
    for token in tokens:
        if token.text == '"' and token.i not in paired and words and token.i > words[0].i:
            after = token.doc[tokens[-1].i + 1 : token.sent.end]
            closing = next((t for t in after if t.text == '"'), None)
            if closing is not None and all(t.is_punct for t in after if t.i < closing.i):
                return token.i
        if token.text == "“" and token.i not in paired and words and token.i > words[0].i:
            after = token.doc[tokens[-1].i + 1 : token.sent.end]
            closing = next((t for t in after if t.text == "”"), None)
            if closing is not None and all(t.is_punct for t in after if t.i < closing.i):
                return token.i
    return None


def _glued_sentences(sentence: SpacySpan) -> bool:
    """Whether an ellipsis inside the sentence runs two sentences together ("… in the near future… V.
    Kistanov expects that …"): the parse read them as one, and whose words each clause is, it cannot say."""
    words = [t for t in sentence if not t.is_space]
    return any(t.text in ("…", "...") and 0 < k < len(words) - 1 and words[k + 1].text[:1].isupper()
               for k, t in enumerate(words))


def _cut_list(tokens: list[Token]) -> bool:
    """Whether a colon announces more items than the statement keeps after it ("three documents: the
    National Security Strategy"): the parse hung the others on a clause the statement left out."""
    for colon in tokens:
        if colon.text != ":":
            continue
        counted = [c.lower_ for t in tokens if t.i < colon.i and t.tag_ == "NNS" for c in t.children
                   if c.dep_ == "nummod" and c.lower_ in NUMBER_WORDS]
        after = [t for t in tokens if t.i > colon.i and t.pos_ in ("NOUN", "PROPN")]
        if counted and after and 1 + sum(t.dep_ == "conj" for t in after) < NUMBER_WORDS[counted[-1]]:
            return True
    return False


def _unbalanced_guillemets(tokens: list[Token]) -> bool:
    """Whether a « or » stands in the statement without its partner: a name or quotation cut in two."""
    texts = "".join(t.text for t in tokens)
    return texts.count("«") != texts.count("»")


def _cut_quotation(tokens: list[Token]) -> bool:
    """Whether the statement opens a quotation (“, or a straight " glued to the word after it) that
    closes only after its last word, in its sentence or beyond, or never: it cuts a quoted passage in
    two, and whose words the rest are the statement cannot say."""
    if not tokens:
        return False
    paired = {i for pair in _quotation_pairs(tokens) for i in pair}
    last = tokens[-1].i
    doc = tokens[0].doc
    for token in tokens:
        straight = token.text == '"' and not token.whitespace_ and (token.i == 0 or doc[token.i - 1].whitespace_)  # an opening one
        if (token.text == "“" or straight) and token.i not in paired and token.i != tokens[0].i:
            after = doc[last + 1 : token.sent.end]
            closing = next((t for t in after if t.text == ("”" if token.text == "“" else '"')), None)
            if closing is None:
                # the quotation goes on past the sentence, or never closes: "NHK News reports, “Two
                # houses retained … . After …”" would state the report's frame and its first
                # sentence as one, the quotation marks lost (unless only punctuation stands before
                # the mark that closes it, which the parse put in the next sentence)
                mark = "”" if token.text == "“" else '"'
                following = next((t for t in doc[last + 1 :] if not t.is_punct or t.text == mark or "\n" in t.text), None)
                if following is None or following.text != mark:
                    return True
                continue
            if any(not t.is_punct for t in after if t.i < closing.i):
                return True  # (not "… “collector of Russian lands.”": the quotation ends with the statement)
    return False


def _conceded(head: Token) -> bool:
    """Whether head's clause is conceded by a "but" clause that limits it, with a pronoun for the same
    thing and a negation or a modal ("US support is solid and real, but it cannot be taken for granted
    where …"; "the plan works, but it may not last"): what the author asserts is the limited whole,
    and the first clause alone overstates it."""
    for second in (c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
        if not any(c.dep_ == "cc" and c.lower_ == "but" and head.i < c.i < second.i for c in head.children):
            continue
        subject = next((c for c in second.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lower_ not in ("it", "they", "this", "he", "she"):
            continue
        if subject.lower_ == "it" and any(c.dep_ in ("ccomp", "xcomp") for c in (second, *second.children)):
            continue  # "but it will be indispensable for X to …": an "it" standing for the clause that follows
        limiting = [c for v in (second, *(a for a in second.children if a.dep_ in ("aux", "auxpass"))) for c in v.children
                    if c.dep_ == "neg"] + [c for c in second.children if c.dep_ == "aux" and c.lower_ in ("may", "might", "can", "could", "ca")]
        if limiting:
            return True
    return False


def _elided_object(tokens: list[Token]) -> bool:
    """A coordination by "much less", "still less" or "let alone" ("refuses to negotiate, much less
    compromise, X"): the object the two verbs share stands after the second, and the parse cannot be
    trusted to give it to both."""
    words = [t.lower_ for t in tokens]
    return any(words[k : k + 2] == ["let", "alone"] or words[k : k + 2] in (["much", "less"], ["still", "less"], ["even", "less"])
               and k > 0 and words[k - 1] == "," and "than" not in words[k:] for k in range(len(words)))


FullNames = dict[str, tuple[int, str | None]]


def _full_names(ents: Sequence[SpacySpan]) -> tuple[FullNames, FullNames]:
    """Each one-word person name the doc's longer person names end in, with where the first of them
    stands and its words ("Araki": "Yutaka Araki"); None where two different people share it. Then the
    same for two-word names the parse tagged as a body ("maverick Kimio Nakagawa" tagged ORG), which
    only a lone word tagged as a person or a place may use (_full_name)."""
    people: FullNames = {}
    bodies: FullNames = {}
    for ent in ents:
        if ent.label_ == "ORG" and len(ent) == 2 and all(t.pos_ == "PROPN" and t.is_title for t in ent):
            names, full = bodies, f"{ent[0].text} {ent[1].text}"
        elif ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].is_title:
            names, full = people, " ".join(t.text for t in ent if not t.is_punct or t.text in ("-", ".")).replace(" - ", "-")
        else:
            continue
        start, known = names.get(ent[-1].text, (ent.start, full))
        names[ent[-1].text] = (start, known if known == full else None)
    return people, bodies


def _premodifiers(noun: Token) -> list[Token]:
    """The words of a noun's phrase before it, after its determiner ("the Russian-Japanese" of "the
    Russian-Japanese rapprochement")."""
    return [t for t in noun.doc[noun.left_edge.i : noun.i] if t.dep_ != "det"]


def _children_identify(children: list[Token]) -> bool:
    """Whether a noun's own modifiers say which one it is: a possessor, a clause or phrase after it."""
    return any(c.dep_ in ("poss", "relcl", "acl", "appos", "prep") for c in children)


def _mentions(doc: Doc) -> dict[int, list[int]]:
    """The positions of the doc's nouns and verbs by lemma (its hash), in order: where a noun phrase's
    thing was told of before. (Read from one array: a Token per word would cost more than the rest.)"""
    mentions: dict[int, list[int]] = {}
    wanted = (NOUN, VERB)
    for i, (pos, lemma) in enumerate(doc.to_array([POS, LEMMA]).tolist()):
        if pos in wanted:
            mentions.setdefault(lemma, []).append(i)
    return mentions


def _paragraph_neighbours(doc: Doc, text: str) -> list[tuple[SpacySpan, SpacySpan]]:
    """Each sentence with the next one, where both are in the same paragraph (no line break between them)."""
    neighbours = []
    sentences = list(doc.sents)
    for sentence, following in zip(sentences, sentences[1:], strict=False):
        words = [t for t in following if not t.is_space]
        before = [t for t in sentence if not t.is_space]
        if words and before and "\n" not in text[before[-1].idx : words[0].idx]:
            neighbours.append((sentence, following))
    return neighbours


def _refuted_sentences(neighbours: list[tuple[SpacySpan, SpacySpan]]) -> set[int]:
    """The sentences (their first tokens) that the next sentence of their paragraph, or the one after a
    rhetorical question, denies outright: "A. That is not the case.", "A? This is not true: …",
    "A. Nothing could be further from the truth." A writer who raises A only to answer it."""
    following_of = {sentence.start: following for sentence, following in neighbours}
    refuted: set[int] = set()
    for sentence, following in neighbours:
        if _is_question(following) and following.start in following_of:
            following = following_of[following.start]  # "A. Isn't that plain? It is not so."
        if _denies_what_was_said(following):
            refuted.add(sentence.start)
    return refuted


def _denies_what_was_said(sentence: SpacySpan) -> bool:
    """Whether a sentence's main clause says that what came before is not so ("That's not the case",
    "This is not true", "It is not so") or is far from the truth."""
    first = next((t for t in sentence if not t.is_punct and not t.is_space), None)
    # the sentence's opening clause: its root, or a clause before a colon that the parse hung on the next one
    root = next((c for c in (sentence.root, *sentence.root.children) if _is_be(c) and first is not None
                 and c.left_edge.i == first.i and (c.dep_ == "ROOT" or c.dep_ in ("ccomp", "parataxis") and c.i < c.head.i
                                                   and c.head.lemma_.lower() not in FRAME_VERBS)), None)
    # (but "That is not true, officials say" reports someone's denial: the author's A stands)
    if root is None:
        return False
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    if subject.lower_ == "nothing":
        return any(t.lower_ == "truth" for t in root.subtree)  # "Nothing could be further from the truth"
    predicate = next((c for c in root.children if c.dep_ in ("attr", "acomp")), None)
    return (subject.lower_ in ("that", "this", "it") and any(c.dep_ == "neg" for c in root.children)
            and predicate is not None and predicate.lemma_.lower() in REFUTED_PREDICATES
            and not any(c.dep_ in ("prep", "relcl", "acl", "ccomp") for c in predicate.children)
            and not any(c.dep_ in ("ccomp", "xcomp", "advcl") and c.i < predicate.i + 3 and c.i > predicate.i for c in root.children))


def _is_be(token: Token) -> bool:
    """A form of "be", the contracted "’s" too (which the lemmatizer leaves as it is after a curly apostrophe)."""
    return token.lemma_ == "be" or token.tag_ in ("VBZ", "VBP") and token.lower_ in ("'s", "’s")


def _only_part_of_what_only_covers(doc: Doc, kept: list[int]) -> bool:
    """Whether the statement keeps "only" but leaves out a second verb or noun joined to what "only"
    bounds: "X need only fill in a form and provide a passport" is not "X need only fill in a form"."""
    inside = set(kept)
    for i in kept:
        word = doc[i]
        if word.lower_ not in ("only", "solely", "merely") or word.dep_ != "advmod":  # (not "just": "has just signed")
            continue
        bounded = [word.head, *(c for c in word.head.children if c.dep_ in ("xcomp", "dobj", "pobj", "attr") and c.i > word.i)]
        if any(c.dep_ == "conj" and c.i not in inside for b in bounded for c in b.children):
            return True
    return False


def _lost_infinitive(doc: Doc, kept: list[int]) -> bool:
    """Whether the statement keeps an adjective of ease or difficulty ("difficult", "impossible") but not
    the infinitive after it that says what is difficult, which the parse hung elsewhere."""
    inside = set(kept)
    for i in kept:
        adjective = doc[i]
        if adjective.pos_ != "ADJ" or adjective.lemma_.lower() not in EASE_ADJECTIVES:
            continue
        sentence_end = adjective.sent.end
        for j in range(i + 1, min(i + 8, sentence_end - 1)):
            if doc[j].lower_ == "to" and doc[j + 1].tag_ == "VB":
                if j not in inside:
                    return True
                break
            if doc[j].pos_ in ("VERB", "NOUN", "PROPN") or doc[j].tag_ == "VBZ":
                break  # the adjective's phrase is over
    return False


def _mismatched_conjunct(verb: Token) -> bool:
    """Whether a bare verb after a modal ("may put") has no object but a second verb in the past or
    present tense with no subject of its own ("may put at risk promised investment"): no English
    coordination, a misparse that took the first verb's object away. (With its object, "can push the
    reforms and sees it as …", the first verb's clause stands, and the statement stops before "and".)"""
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return False
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd") for c in verb.children):
        return False
    return any(c.dep_ == "conj" and c.pos_ == "VERB" and c.tag_ in ("VBD", "VBZ")
               and not any(g.dep_ in CLAUSE_SUBJECTS for g in c.children) for c in verb.children)


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size, first = len(phrase), phrase[0]
    return any(words[i] == first and tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


def _opens_with_wh(tokens: list[Token]) -> bool:
    """A wh-word opening the statement makes it a question or a fragment ("what Moscow wants")."""
    return bool(tokens) and tokens[0].tag_ in ("WP", "WRB", "WDT", "WP$")


# ---------------------------------------------------------------- helpers


def _is_question(sentence: SpacySpan) -> bool:
    return any(t.text == "?" for t in sentence)


def _infinitive(verb: Token) -> bool:
    """Whether a verb is a to-infinitive ("to keep", "to hedge")."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _scenario_paragraphs(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Character ranges of paragraphs whose first sentence sets up a scenario ("Under the neutral
    scenario, …", "The confrontational scenario implies …"): what they forecast is the scenario's."""
    ranges = []
    for found in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        start, end = found.span()
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        first = next(iter(span.sents), None)
        if first is None:
            continue
        for token in first:
            if token.lemma_.lower() != "scenario":
                continue
            path, node = [], token
            while node.dep_ != "ROOT" and node.head.i != node.i:
                path.append(node.dep_)
                node = node.head
            if path and all(dep in ("pobj", "prep", "nsubj", "nsubjpass", "compound") for dep in path) and path[0] in ("pobj", "nsubj", "nsubjpass"):
                ranges.append((start, end))
                break
    return ranges


def _inside_quotation(token: Token, text: str, carried: Sequence[tuple[int, int]] = ()) -> bool:
    """Whether token stands inside a quotation opened earlier in its line (curly quotes, or an odd
    number of straight double quotes before it), or in one carried over from an earlier line
    (carried: the character ranges _carried_quotations gives); text is the doc's text."""
    if any(start <= token.idx < end for start, end in carried):
        return True
    start = text.rfind("\n", 0, token.idx) + 1
    # after the mark that closes a carried quotation, the line's own marks count from there
    start = max([start, *(end + 1 for begin, end in carried if start <= end < token.idx)])
    before = text[start : token.idx]
    opened = before.count("“") - before.count("”")
    return opened > 0 or (opened == 0 and before.count('"') % 2 == 1)


def _straight_opens(text: str, position: int) -> bool:
    """Whether the straight double quote at position opens a quotation (nothing but a space, a line
    start or an opening bracket or dash before it), rather than closes one (glued to the word before)."""
    return position == 0 or text[position - 1].isspace() or text[position - 1] in "([{—–-:"


def _carried_quotations(text: str) -> list[tuple[int, int]]:
    """Character ranges inside a quotation that an earlier line opened and did not close ("That
    article reported:⏎“A. ⏎B. ⏎C.”": B and C are the quoted source's words, as A is): from the
    start of each following line up to the closing mark. A quotation carries over only when its
    closing mark comes later in the same paragraph (lines up to a blank line) before any other
    opening mark; an unbalanced one (never closed, or another quotation opened first) stays in its
    own line, as before, so a stray mark cannot swallow the rest of the article. (A paragraph that
    opens with its own mark, in a quotation of several paragraphs, is inside by that mark.)"""
    ranges: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        start, end = block.span()
        curly = straight = False  # whether a curly / a straight quotation is open at this point
        for position in range(start, end):
            char = text[position]
            if char in "“”":
                curly = char == "“"
            elif char == '"':
                straight = not straight
            elif char == "\n":
                if curly:
                    closing = _closing_mark(text, position + 1, end, straight=False)
                    curly = closing is not None
                    if closing is not None:
                        ranges.append((position + 1, closing))
                if straight:
                    closing = _closing_mark(text, position + 1, end, straight=True)
                    straight = closing is not None
                    if closing is not None:
                        ranges.append((position + 1, closing))
    return ranges


def _closing_mark(text: str, start: int, end: int, straight: bool) -> int | None:
    """The position of the mark that closes a quotation left open before start, if the next mark of
    its kind between start and end closes it (a straight one glued to the word before it)."""
    for position in range(start, end):
        char = text[position]
        if straight and char == '"':
            return None if _straight_opens(text, position) else position
        if not straight and char in "“”":
            return position if char == "”" else None
    return None


def _reported_at_the_end(sentence: SpacySpan) -> bool:
    """Whether the sentence closes with a reporting frame after a comma, in either order: "…, the
    Mosnews website reported (on Tuesday).", "…,” writes Abe.", "…, said Yoshihide Suga, the
    spokesman." The parse often hangs such a frame on the nearest noun (a relative clause of
    "Koizumi") or makes it a second verb, but the sentence before it is what was reported."""
    words = [t for t in sentence if not t.is_space]
    while words and (words[-1].is_punct and words[-1].text != ","):
        words.pop()  # the full stop and closing quotation marks
    commas = [k for k, t in enumerate(words) if t.text == ","]
    for k in reversed(commas):
        if k < 3:
            break  # nothing reported before the frame
        frame = [t for t in words[k + 1 :] if not (t.is_quote or t.text in ("“", "”"))]
        if _subject_then_report(frame) or _report_then_subject(frame):
            return True
    return False


def _frame_verb(token: Token) -> bool:
    """A reporting verb in a finite tense: "reported", "writes", "has claimed" (the participle after "has").
    Not "learn": "…, The Yomiuri Shimbun has learned" is the paper's own finding, which it asserts."""
    if token.lemma_.lower() not in FRAME_VERBS or token.lemma_.lower() == "learn":
        return False
    return token.tag_ in ("VBD", "VBZ", "VBP") or token.tag_ == "VBN" and token.i > 0 and token.doc[token.i - 1].lemma_ == "have"


def _noun_phrase(tokens: list[Token]) -> bool:
    """A short noun phrase and nothing else: "the Mosnews website", "Abe", "Russian news agencies"."""
    return (0 < len(tokens) <= 8 and any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in tokens)
            and all(t.pos_ in ("DET", "ADJ", "PROPN", "NOUN", "PRON", "NUM", "PART") or t.tag_ == "HYPH" for t in tokens)
            and not any(t.tag_ in ("WDT", "WP", "WP$") for t in tokens))  # "…, whatever Moscow thinks": a concession, no report


def _subject_then_report(frame: list[Token]) -> bool:
    """ "the agency reported", "officials said on Tuesday", "he said, citing a source" """
    verb = next((k for k, t in enumerate(frame) if _frame_verb(t)), None)
    if verb is None:
        return False
    subject = frame[: verb - 1] if frame[verb].tag_ == "VBN" else frame[:verb]  # "X has claimed": X
    if not _noun_phrase(subject):
        return False
    rest = frame[verb + 1 :]
    if rest and rest[0].text == "," and len(rest) > 1 and rest[1].tag_ == "VBG":
        return True  # "…, the official said, adding that …": a participle of the same report
    return not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") or t.text in (",", ";") for t in rest)


def _report_then_subject(frame: list[Token]) -> bool:
    """ "writes Abe", "said the minister", "said Yoshihide Suga, the spokesman" """
    if not frame or not _frame_verb(frame[0]):
        return False
    rest = frame[1:]
    parts: list[list[Token]] = [[]]
    for t in rest:
        if t.text == ",":
            parts.append([])
        else:
            parts[-1].append(t)
    return len(parts) <= 2 and all(_noun_phrase(part) for part in parts)


def _is_heading(sentence: SpacySpan) -> bool:
    """A title, heading or byline: a line that does not end like a sentence."""
    last = next((t for t in reversed(sentence) if not t.is_space and not re.fullmatch(r"\[?\d+\]?", t.text) and t.text not in ("[", "]")), None)
    return last is None or last.text not in (".", "!", "?", "”", '"', "’", "'", ".”", ")", "…")


def _has_condition(token: Token) -> bool:
    """A clause opened by if / unless / whether / provided that …, or an infinitive of purpose."""
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    for child in token.children:
        if child.dep_ == "mark" and child.lower_ in CONDITION_MARKS:
            return True
        if child.dep_ in ("aux", "auxpass") and child.lower_ in ("should", "had", "were") and subject is not None and child.i < subject.i:
            return True  # "should the forces polarize", "had Tokyo known": an inverted condition
    if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return True  # "to hedge against China": a purpose
    if token.dep_ in ("advcl", "ccomp") and token.head.lower_ in ("provided", "providing", "assuming", "suppose", "imagine"):
        return True
    return False


def _in_scenario(token: Token) -> bool:
    """A clause set in a scenario or hypothesis ("In the positive scenario, …", "Hypothetically, …")."""
    for child in token.children:
        if child.dep_ == "prep" and any(t.lemma_.lower() in SCENARIO_WORDS for t in child.subtree):
            return True
        if child.dep_ == "advmod" and child.lower_ in SCENARIO_WORDS:
            return True
    return token.lemma_.lower() in ("imagine", "suppose") and token.dep_ == "ROOT"


def _is_side(token: Token, head: Token, subject: Token | None = None) -> bool:
    """Whether a child of head opens a side clause or aside that a statement leaves out."""
    dep = token.dep_
    if dep in ("parataxis", "punct") and token.text not in (",",):
        return dep == "parataxis"
    if dep == "advcl":
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        if _as_long_as(token):
            return False  # a condition: it stays with the claim it limits
        if marks & SIDE_CLAUSE_MARKS or "since" in marks and _causal_since(token):
            return True
        if marks == {"as"} and token.i > head.i and token.doc[token.left_edge.i - 1].text == "," and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in token.children) and not _as_long_as(token):
            return True  # ", as it only gets 10% of its oil from Russia": a reason set off by a comma, its own claim
        if not marks and token.tag_ in ("VBG", "VBN") and any(c.dep_ == "neg" for v in (head, *(a for a in head.children if a.dep_ in ("aux", "auxpass"))) for c in v.children):
            return False  # "X cannot do A, taking advantage of B": the denial may be of doing A that way; it stays
        if not marks and token.tag_ == "VBG" and _says_what(token):
            return False  # "X responded to Z, saying that Y": what X said is what the clause reports
        if not marks and token.tag_ in ("VBG", "VBN") and token.i > head.i and token.doc[token.left_edge.i - 1].text == ",":
            # ", seeking both to …": a participial aside; but one with a comma of its own may carry
            # what the parser hung on it from the main clause (", held at X, on the importance of Y")
            return not any(c.dep_ == "punct" and c.text == "," for c in token.children)
        if any(c.lower_ == "thereby" for c in token.children):
            return True
        return (not marks and token.i > head.i and token.doc[token.left_edge.i - 1].text == ","
                and not any(c.dep_ == "punct" and c.text == "," for c in token.children))
    if dep == "relcl" and token.left_edge.i > 0 and (token.doc[token.left_edge.i - 1].text == "," or _is_dash(token.doc[token.left_edge.i - 1])):
        return True  # a non-restrictive relative clause: ", which …"
    if dep == "prep" and token.lower_ in ("with", "without") and token.i > head.i and token.doc[token.i - 1].text == "," and any(
            c.dep_ == "pcomp" and c.tag_ == "VBN" and any(g.dep_ in CLAUSE_SUBJECTS for g in c.children)
            or c.dep_ == "pobj" and any(g.dep_ == "acl" and g.tag_ == "VBN" for g in c.children) for c in token.children):
        # ", with his term marred by gaffes": an absolute clause, a proposition of its own (not ", with dictates
        # coming from Washington", which may say what the phrase before it is)
        return True
    if _reason_phrase(token):
        return True  # "because of X", "due to X": a reason, its own proposition, like a because-clause
    if _motive_phrase(token):
        return True  # "in an effort to curry favor": the motive the author reads into the act, its own claim
    if dep == "conj" and token.pos_ in ("VERB", "AUX") and any(c.dep_ in CLAUSE_SUBJECTS for c in token.children):
        return True  # a second clause with its own subject ("and what Moscow wants is …") is its own claim
    if _misattached_finite(token, head):
        return True
    if dep == "cc":
        # the "and" / "but" before such a clause (the conjunct right after it)
        following = next((s for s in head.children if s.i > token.i and s.dep_ == "conj"), None)
        return following is not None and following.pos_ in ("VERB", "AUX") and (any(
            c.dep_ in CLAUSE_SUBJECTS for c in following.children) or _misattached_finite(following, head))
    if dep == "appos" and token.i > head.i and token.left_edge.i > 0 and (_is_dash(token.doc[token.left_edge.i - 1]) or token.doc[token.left_edge.i - 1].text == "("):
        return True
    return False


def _says_what(participle: Token) -> bool:
    """"X responded to Z, saying that Y": a participle of speech with its content clause, on a verb of
    responding, whose message it is. (After other verbs, "X met Y, noting that Z", the act stands
    without it, and the participle is an aside as usual.)"""
    return (participle.head.lemma_.lower() in RESPONSE_VERBS and participle.lemma_.lower() in PARENTHETICAL_REPORTS
            and any(c.dep_ == "ccomp" for c in participle.children))


def _point_of_view(head: Token, subject: Token | None, actors: dict[int, str], kept: set[int]) -> str | None:
    """The actor whose point of view a clause opens with, before its subject: "For Japan, …" (the phrase
    is the actor's name and nothing more), "From Moscow's perspective, …", "In Beijing's view, …"."""
    if subject is None:
        return None
    for child in head.children:
        if child.dep_ != "prep" or child.i > subject.left_edge.i or child.i not in kept:
            continue
        objects = [c for c in child.children if c.dep_ == "pobj"]
        if not objects:
            continue
        phrase = [t for t in objects[0].subtree if not (t.dep_ == "det" or t.is_punct)]
        named = {actors[t.i] for t in phrase if t.i in actors}
        if child.lower_ == "for" and len(named) == 1 and all(t.i in actors or t.tag_ == "POS" for t in phrase):
            return named.pop()
        if child.lower_ in ("from", "in") and objects[0].lemma_.lower() in ("perspective", "view", "viewpoint", "eyes", "opinion"):
            owners = {actors[t.i] for c in objects[0].children if c.dep_ == "poss" for t in c.subtree if t.i in actors}
            if len(owners) == 1:
                return owners.pop()
    return None


def _motive_phrase(token: Token) -> bool:
    """A phrase imputing a motive to an act ("in an effort to X", "in a bid to X", "in an attempt to X")."""
    return token.dep_ == "prep" and token.lower_ == "in" and any(
        c.dep_ == "pobj" and c.lemma_.lower() in ("effort", "bid", "attempt") and any(
            g.dep_ in ("acl", "relcl") and _infinitive(g) for g in c.children) for c in token.children)


def _reason_phrase(token: Token) -> bool:
    """A prepositional phrase giving a reason ("because of X", "due to X", "owing to X") on a verb or a
    noun other than a copula's own complement ("the decline is due to X" keeps it: it is the claim)."""
    if token.dep_ != "prep":
        return False
    doc = token.doc
    if token.lower_ == "in" and [c.lower_ for c in token.children] == ["part"] and token.right_edge.i + 1 < len(doc):
        return _reason_phrase(doc[token.right_edge.i + 1])  # "in part because of X" goes whole
    if token.lower_ not in ("because", "due", "owing"):
        return False
    if not any(c.dep_ == "pcomp" and c.lower_ in ("of", "to") for c in token.children):
        return False
    if not any(t.dep_ == "pobj" for t in token.subtree):
        return False  # "due to" whose object the parse hung elsewhere: cut off, it would strand the object
    if any(c.dep_ == "auxpass" for verb in (token.head, token.head.head) for c in verb.children):
        return False  # "X will be encouraged to … because of Y": the cause is what the passive is about
    return not (token.head.lemma_ == "be" and token.i > token.head.i)


def _misattached_finite(token: Token, head: Token) -> bool:
    """A finite verb (-s or past form) coordinated with a bare verb after a modal: "believes that
    Russia can reshape Asia and sees it as …" cannot mean "can … and sees"; the parse hung the
    second verb on the wrong clause, so it is no part of this one (VBP is left alone: its form is
    the bare verb's, and the tagger confuses the two)."""
    return (token.dep_ == "conj" and token.pos_ == "VERB" and token.tag_ in ("VBZ", "VBD") and head.tag_ == "VB"
            and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)
            and not any(c.dep_ in CLAUSE_SUBJECTS or c.dep_ in ("aux", "auxpass") for c in token.children))


def _cut_compound(node: Token, kept: set[int]) -> bool:
    """Whether the parse cut a dashed compound at node's phrase ("Russia" of "Russia–U.S. relations")
    and the statement (kept) lacks the other half."""
    doc, left, right = node.doc, node.left_edge.i, node.right_edge.i
    glued_after = right + 2 < len(doc) and doc[right + 1].text in ("–", "-", "—") and not doc[right].whitespace_ and right + 2 not in kept
    glued_before = left >= 2 and doc[left - 1].text in ("–", "-", "—") and not doc[left - 1].whitespace_ and left - 2 not in kept
    return glued_after or glued_before


def _causal_since(clause: Token) -> bool:
    """A since-clause giving a reason ("since it remains the cornerstone"), not a time ("since Putin
    won his fourth term"): a reason is mostly a present state, a starting point a past event."""
    verbs = [clause, *(c for c in clause.children if c.dep_ in ("aux", "auxpass"))]
    return any(v.tag_ in ("VBZ", "VBP") or v.tag_ == "MD" for v in verbs) and not any(v.tag_ == "VBD" for v in verbs)


def _as_long_as(token: Token) -> bool:
    """An "as long as" clause (a condition, though its mark is "as")."""
    start = token.left_edge.i
    words = [t.lower_ for t in token.doc[max(0, start - 2) : start + 3]]
    return "as long as" in " ".join(words)


def _is_dash(token: Token) -> bool:
    """A dash that sets off an aside: an em dash, or a spaced en dash or hyphen ("Russia–U.S." is a compound)."""
    if token.text in ("—", "--"):
        return True
    if token.text in ("–", "-"):
        before = token.doc[token.i - 1].whitespace_ if token.i > 0 else " "
        return bool(before) and bool(token.whitespace_)
    return False


def _aside_dash(token: Token) -> bool:
    """A dash that sets off an aside, also an en dash spaced on one side only ("… change –as early as
    2009"): a typed dash, never a compound's ("Russia–Japan" is unspaced on both sides)."""
    if _is_dash(token):
        return True
    if token.text != "–":
        return False
    before = bool(token.doc[token.i - 1].whitespace_) if token.i > 0 else True
    return before != bool(token.whitespace_)


def _dated_after_dash(before: list[Token], after: list[Token]) -> bool:
    """Whether what follows a lone dash holds a date that times a verb before the dash ("X expressed
    interest in Y – as early as 2009"): the date is the clause's own, not an elaboration, and leaving it
    out with the rest would state an undated claim the author did not make."""
    verbs = {t.i for t in before if t.pos_ in ("VERB", "AUX")}
    for token in after:
        if not (token.ent_type_ in ("DATE", "TIME") or YEAR.fullmatch(token.text)):
            continue
        node = token
        while node.dep_ in ("pobj", "prep", "npadvmod", "advmod", "nummod", "compound", "amod", "quantmod", "pcomp", "det", "nmod") \
                and node.head.i != node.i:
            node = node.head
            if node.i in verbs:
                return True
    return False


def _subject_comma_dropped(tokens: list[Token], head: Token, subject: Token | None) -> list[Token]:
    """Without a comma left between the subject and its verb where an aside was cut ("Japan’s bid
    (supported by Russia), was approved" -> "Japan’s bid was approved"): a comma never parts a subject
    from its verb, unless it closes an aside the statement keeps (then another comma opens it)."""
    if subject is None or subject.i > head.i:
        return tokens
    own = {t.i for t in subject.subtree}
    for k in range(1, len(tokens) - 1):
        comma, previous, following = tokens[k], tokens[k - 1], tokens[k + 1]
        if comma.text != "," or previous.i not in own or comma.i == previous.i + 1:
            continue  # only a comma that a cut left behind, after the subject's last kept word
        if any(t.text == "," and t.i in own for t in tokens[:k]):
            continue  # "X, a close ally, was …": it closes an aside the statement keeps
        if following.i == head.i or following.head.i == head.i and following.i < head.i and following.dep_ in ("aux", "auxpass", "neg", "advmod"):
            return tokens[:k] + tokens[k + 1 :]
    return tokens


def _is_aside(token: Token) -> bool:
    """A clause deeper in a statement that is an aside: a non-restrictive relative clause, a
    because- or although-clause, an apposition between dashes or brackets, a common noun's apposition
    after a comma (", an insurance policy against X": the author's second predication on what came before, its
    own claim; an apposition that says who a name is, "Chile, its largest trading partner", stays), a participle after a comma (", indicating that Y")."""
    doc = token.doc
    previous = doc[token.left_edge.i - 1] if token.left_edge.i > 0 else None
    before = "—" if previous is not None and _is_dash(previous) else previous.text if previous is not None else ""
    if token.dep_ == "relcl" and before in (",", "—", "("):
        return True
    marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
    if token.dep_ == "advcl" and (marks & SIDE_CLAUSE_MARKS or "since" in marks and _causal_since(token)):
        return True
    if _reason_phrase(token) or _motive_phrase(token):
        return True
    if token.dep_ in ("appos", "parataxis") and before in ("—", "("):
        return True
    if token.dep_ == "appos" and before == "," and token.pos_ == "NOUN" and token.head.pos_ != "PROPN" and token.i > token.head.i and not any(
            c.dep_ in ("conj", "cc", "appos") and c.i != token.i for c in (*token.children, *token.head.children)) and all(
            doc[k] in token.head.subtree for k in range(token.head.i, token.left_edge.i)):
        return True  # (not "A, B and C": a list the parse took for an apposition)
    if token.dep_ == "appos" and before == "," and token.pos_ == "NOUN" and any(
            c.dep_ in ("relcl", "acl") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in token.children):
        return True  # ", the only G-7 leader to do so,": a second predication on someone named before
    if (token.dep_ == "advcl" and before == "," and token.tag_ in ("VBG", "VBN") and token.i > token.head.i
            and not any(c.dep_ == "mark" for c in token.children) and token.head.tag_ in ("VBZ", "VBD", "VBP")
            and token.right_edge.i == token.head.right_edge.i
            and not _says_what(token)):
        # (the last of a finite verb's phrases: not "for invading A, annexing B, and …", a list; and not ", saying
        # that Y": what was said is what the clause reports, "X responded to Z" alone leaves it out)
        return True
    if token.dep_ == "appos" and before == "," and any(t.tag_ in ("WDT", "WP", "WP$") and t.head.dep_ == "relcl" or
                                                      t.head.head.dep_ == "relcl" and t.tag_ in ("WDT", "WP") for t in token.subtree):
        return True  # ", the presence of which it does not recognize": a relative clause in an apposition, an aside
    return False


def _keeps_its_clause(tokens: list[Token], match: _Match, slot: str) -> bool:
    """Whether the statement's words keep the verb of the clause they state and, but for "{subject}
    will {rest}" (whose template gives the subject), its subject: an aside in brackets or after a dash
    can take either with it (the parse hung the sentence on a verb inside parentheses, "Unlike X
    under Y – despite Z (Crimea was handed …)": what is left is no sentence)."""
    head = match.nodes["content"] if slot in ("content", "rest") else match.nodes["predicate"]
    inside = {t.i for t in tokens}
    if head.i not in inside:
        return False
    if slot == "rest":
        return True
    # a gerund with no auxiliary ("Crimea returning to Russia") is a phrase, not a statement (only the
    # -ing form is tested: the tagger takes many a finite "have" or "focused" for VB or VBN)
    if head.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass") and c.i in inside for c in head.children):
        return False
    subject = match.nodes["subject"] if match.rule.conjunct else next(
        (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")), None)
    return subject is None or subject.i in inside


# the roles of a word in its clause that a statement cannot do without (a bracketed insertion filling one stays)
SLOT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "dobj", "dative", "iobj", "attr", "oprd", "pobj", "acomp"})


def _bracketed_arguments(tokens: list[Token]) -> set[int]:
    """The indices of square-bracketed insertions in tokens ("[", the words, "]") whose words fill a
    slot of a word outside the brackets that tokens keep: a subject, an object, a preposition's
    object ("Even as [Japan] targets …"). An editor put them in place of the quoted words; left out,
    the statement would read "Even as targets …". Reference markers ("[12]") are not insertions."""
    inside = {t.i for t in tokens}
    found: set[int] = set()
    for position, token in enumerate(tokens):
        if token.text != "[":
            continue
        closing = next((k for k in range(position + 1, len(tokens)) if tokens[k].text in ("[", "]")), None)
        if closing is None or tokens[closing].text != "]" or closing == position + 1:
            continue
        words = tokens[position + 1 : closing]
        span = {t.i for t in words}
        if len(words) == 1 and re.fullmatch(r"\d+", words[0].text) or len(words) > 8:
            continue  # a reference marker, or a comment of the editor's ("[Note: …]"), not words put in place of others
        if any(t.dep_ in SLOT_DEPS and t.head.i not in span and t.head.i in inside for t in words):
            found.update(t.i for t in tokens[position : closing + 1])
    return found


def _trim(tokens: list[Token]) -> list[Token]:
    """Without leading and trailing punctuation and spaces (quotes, commas, dashes; a percent sign is
    the number's, "from 15% to 25%", and a closing » its opening one's, "Fund «Public Opinion»")."""
    start, end = 0, len(tokens)
    while start < end and (tokens[start].is_punct or tokens[start].is_space) and tokens[start].text not in ("(",):
        start += 1
    opened = any(t.text == "«" for t in tokens)
    while end > start and (tokens[end - 1].is_punct and tokens[end - 1].text != "%" and not (opened and tokens[end - 1].text == "»")
                           or tokens[end - 1].is_space
                           or tokens[end - 1].text in ("[",) or tokens[end - 1].dep_ == "cc" and end - 1 > start):
        end -= 1  # (a trailing "and" whose clause was left out, where the parse hung it on a noun)
    return tokens[start:end]


def _join(tokens: list[Token]) -> str:
    text = "".join(t.text + t.whitespace_ for t in tokens)
    text = " ".join(text.split()).strip(QUOTES + " ,")
    # A quotation that closes at the end of the words keeps its closing mark (a commentator
    # named "qty"): stripping it would leave an opening mark that nothing closes.
    if text.count('"') % 2:
        text += '"'
    elif text.count("“") > text.count("”"):
        text += "”"
    return text


def _tidy(text: str) -> str:
    """One sentence: single spaces, no space before punctuation, no stray commas, a capital and a period."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?’'])", r"\1", text)
    text = re.sub(r"([,;:])(\s*[,;:])+", r"\1", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = text.strip(" ,;:—–-")
    text = re.sub(r"[\s,;:—–-]+$", "", text)
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!")) else text.rstrip(".") + "."


def _agrees(pronoun: Token, holder: Token | None) -> bool:
    """Whether a pronoun can refer to the holder (he/she: one person; they: a group; it: a country or body)."""
    if holder is None:
        return False
    lower = pronoun.lower_
    plural = holder.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in holder.children)
    person = holder.ent_type_ == "PERSON"
    if lower in ("he", "she"):
        return person and not plural
    if lower == "they":
        # ("the Russian government said the results were inevitable; the media said they were
        # disappointing": a plural noun named before the holder in its sentence may be what "they" is)
        return plural and not any(t.tag_ == "NNS" and t.pos_ == "NOUN" for t in holder.doc[holder.sent.start : holder.left_edge.i])
    if lower == "it":
        return not plural and not person and holder.ent_type_ in ("GPE", "ORG", "NORP", "")
    return False


def _addressees(verb: Token) -> list[Token]:
    """Whom a verb of saying addresses: "told Yeltsin", "assured the Russian leader", "said to Putin"."""
    listeners = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    listeners += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
    return listeners


def _plural_possessive(token: Token) -> bool:
    """An apostrophe after a word ending in s ("the US’ decline", "the islands' future"), not a
    closing quotation mark: glued to that word, and no single quotation opened before it."""
    if token.text not in ("’", "'") or token.i == 0:
        return False
    previous = token.doc[token.i - 1]
    if previous.whitespace_ or previous.text[-1:] not in ("s", "S"):
        return False
    before = token.doc[token.sent.start : token.i].text
    return "‘" not in before and before.count("'") % 2 == 0


def _match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


# ---------------------------------------------------------------- corpora and processes


def parse_cache(options) -> ParseCache | None:
    """The parse cache a BuildOptions asks for (None: no cache)."""
    if not options.parse_cache:
        return None
    return ParseCache(options.cache_dir or default_cache_dir())


def extract_corpus(sources: Iterable, ruleset: RuleSet, progress: bool = False, jobs: int = 1, cache: ParseCache | None = None) -> tuple[Claim, ...]:
    """Every source's rule-extracted claims, sorted by id."""
    sources = list(sources)
    claims = [c for _, found in extract_all([(s.id, s.text) for s in sources], ruleset, jobs, progress, cache) for c in found]
    return tuple(sorted(claims, key=lambda c: c.id))


def extract_all(items: list[tuple[str, str]], ruleset: RuleSet, jobs: int = 1, progress: bool = False,
                cache: ParseCache | None = None) -> Iterator[tuple[str, list[Claim]]]:
    """(source id, claims) for each (source id, text), in the order given.

    With a cache, an article's claims come from the claim cache beside the parse cache
    (argmap.claim_cache: keyed by the article, the rules, the model and the code) when it holds
    them; only the others are extracted (and stored). jobs > 1 extracts in that many worker
    processes, each with its own Extractor made once; articles go out in chunks and come back in
    order, so the result depends neither on jobs nor on the caches.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    items = list(items)
    claims_cache = ClaimCache(cache.folder / CLAIMS_FOLDER, ruleset.fingerprint) if cache and ruleset.fingerprint else None
    if claims_cache is None:
        yield from _extract_uncached(items, ruleset, jobs, progress, cache)
        return
    cached = [claims_cache.get(source_id, text) for source_id, text in items]
    missing = [item for item, found in zip(items, cached, strict=True) if found is None]
    extracted = _extract_uncached(missing, ruleset, jobs, progress, cache)
    for (source_id, text), found in zip(items, cached, strict=True):
        if found is None:
            extracted_id, found = next(extracted)
            assert extracted_id == source_id, "extraction yields the articles in the order given"
            claims_cache.put(source_id, text, found)
        yield source_id, found


def _extract_uncached(items: list[tuple[str, str]], ruleset: RuleSet, jobs: int, progress: bool,
                      cache: ParseCache | None) -> Iterator[tuple[str, list[Claim]]]:
    chunks = _chunks(items, jobs)
    if jobs == 1 or len(chunks) < 2:
        if items:
            yield from Extractor(ruleset, cache).extract_texts(items, progress, len(items))
        return
    # fork shares the parent's loaded pipeline with the workers (spawn would load it again in
    # each); where fork does not exist, spawn it is.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    load_pipeline()
    from tqdm import tqdm

    folder = cache.folder if cache else None
    with context.Pool(min(jobs, len(chunks)), initializer=_start_worker, initargs=(ruleset, folder)) as pool, \
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


def _start_worker(ruleset: RuleSet, cache_folder: Path | None) -> None:
    global _worker_extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and Pool.terminate ends a worker at once (not argmap's handler)
    _worker_extractor = Extractor(ruleset, ParseCache(cache_folder) if cache_folder else None)


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
