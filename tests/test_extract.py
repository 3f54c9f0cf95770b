"""Extraction: claims with verbatim spans, polarity, hedging and holders; rules that generalize;
extracted claims in the build, curated claims winning overlaps, and derived keyed relations."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from argmap.extract import Extractor, extract_all, extract_corpus
from argmap.models import Method, Polarity
from argmap.rules import load_ruleset
from argmap.seeds import load_corpus

from .conftest import SEEDS


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_ruleset())


def test_reported_view_keeps_holder_polarity_and_verbatim_span(extractor):
    text = "Intro.\n\nSome Russian foreign policy circles do not view Japan as an independent actor due to its alliance."
    [claim] = extractor.extract_text("src", text)
    assert text[claim.span.start : claim.span.end] == claim.quote
    assert claim.quote == "Some Russian foreign policy circles do not view Japan as an independent actor due to its alliance"
    assert claim.holder == "Some Russian foreign policy circles"
    assert claim.polarity is Polarity.DENIED
    assert claim.statement == "Russia regards Japan as an independent actor due to its alliance."
    assert claim.about == "Japan"
    assert claim.key == "Russia|regards-as|Japan actor alliance independent"
    assert claim.method is Method.RULE_EXTRACTED and claim.rule == "perception-regards-as"
    assert claim.id == f"x-src-{claim.span.start}-{claim.span.end}-perception-regards-as"


def test_negation_inside_a_reported_view_belongs_to_the_view(extractor):
    """"They believe Tokyo is not independent" is a belief held, not a belief denied."""
    text = "Many Russians believe that Tokyo is not a fully independent diplomatic actor."
    [claim] = extractor.extract_text("src", text)
    assert claim.polarity is Polarity.AFFIRMED
    assert "is not a fully independent" in claim.statement
    assert claim.holder == "Many Russians"
    denied = "Many Russians do not believe that Tokyo is a fully independent diplomatic actor."
    [claim] = extractor.extract_text("src", denied)
    assert claim.polarity is Polarity.DENIED


def test_hedged_prediction_gets_a_confidence_below_one(extractor):
    [claim] = extractor.extract_text("src", "Japan may want closer ties with Russia.")
    assert claim.rule == "goal-wants" and claim.confidence == 0.5 and claim.polarity is Polarity.AFFIRMED
    [unlikely] = extractor.extract_text("src", "A treaty with Tokyo is unlikely to change Moscow's position.")
    assert unlikely.rule == "prediction-likely" and unlikely.polarity is Polarity.DENIED and unlikely.confidence == 0.7
    assert unlikely.statement == "A treaty with Tokyo is likely to change Moscow's position."


def test_gazetteer_normalizes_actors(extractor):
    claims = extractor.extract_text("src", "The Abe administration wants a peace treaty. Beijing wants calm. Washington wants a deal.")
    assert [c.statement.split(" wants")[0] for c in claims] == ["Japan", "China", "United States"]


def test_no_rule_matches_only_one_sentence_of_the_seed_corpus():
    corpus = load_corpus(SEEDS)
    ruleset = load_ruleset()
    sentences = defaultdict(set)
    for claim in extract_corpus(corpus.sources, ruleset):
        sentences[claim.rule].add((claim.source_id, claim.quote))
    narrow = {rule.name: len(sentences[rule.name]) for rule in ruleset.rules if len(sentences[rule.name]) < 2}
    assert not narrow, f"rules matching fewer than two passages of the seed corpus: {narrow}"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400) | st.lists(st.sampled_from(["Moscow", "does", "not", "see", "Tokyo", "as", "is", "unlikely", "to", ",", ".", "\n\n", "—", "wants", "the", "sanctions", "were", "moderate", "there", "little", "reason", "[4]"]), max_size=40).map(" ".join))
def test_extraction_never_raises_on_arbitrary_text(extractor, text):
    for claim in extractor.extract_text("anything", text):
        assert text[claim.span.start : claim.span.end] == claim.quote


RULE_EXTRACTED_QUERY = """
PREFIX am: <https://w3id.org/argmap/ns#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?c ?quote ?exact ?start ?end ?id ?rule ?label WHERE {
  ?c a am:Claim ; am:method am:RuleExtracted ; am:quote ?quote ; am:source ?s ; am:text ?t ;
     prov:wasGeneratedBy ?rule ; am:anchor ?a .
  ?rule a am:RuleExtraction ; rdfs:label ?label .
  ?a oa:hasSource ?s ; oa:hasSelector ?q, ?p . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
  ?s dcterms:identifier ?id .
}"""


def test_seed_build_holds_rule_extracted_claims_with_verbatim_spans(seed_build):
    graph = Graph().parse(seed_build / "argmap.ttl", format="turtle")
    rows = list(graph.query(RULE_EXTRACTED_QUERY))
    assert len({r.c for r in rows}) >= 20
    assert len({str(r.id) for r in rows}) == 5, "every seed article should yield rule-extracted claims"
    for r in rows:
        article = (SEEDS / "articles" / f"{r.id}.txt").read_text(encoding="utf-8")
        assert article[int(r.start) : int(r.end)] == str(r.quote) == str(r.exact)
        assert str(r.label)


def test_extract_all_keeps_article_order_and_results_for_any_jobs(extractor):
    corpus = load_corpus(SEEDS)
    items = [(s.id, s.text) for s in corpus.sources] * 3  # more articles than workers x chunks
    one = list(extract_all(items, extractor.ruleset, jobs=1))
    assert [source_id for source_id, _ in one] == [source_id for source_id, _ in items]
    assert sum(len(found) for _, found in one) > 0
    assert list(extract_all(items, extractor.ruleset, jobs=2)) == one
    assert list(extract_all([], extractor.ruleset, jobs=2)) == []
    with pytest.raises(ValueError):
        list(extract_all(items, extractor.ruleset, jobs=0))


def test_cli_extract_jobs(capsys):
    from argmap.cli import main

    articles = [str(p) for p in sorted((SEEDS / "articles").glob("*.txt"))]
    assert main(["extract", "--format", "jsonl", *articles]) == 0
    one = capsys.readouterr().out
    assert main(["extract", "--format", "jsonl", "--jobs", "2", *articles]) == 0
    assert capsys.readouterr().out == one and one.count("\n") >= 20
    with pytest.raises(SystemExit) as stop:
        main(["build", "--jobs", "0"])
    assert stop.value.code == 2
    assert "--jobs: must be at least 1" in capsys.readouterr().err


def _all_matches(extractor, doc):
    """Reference: one Matcher of every rule over every whole sentence (what the prefilter must equal)."""
    from spacy.matcher import Matcher

    matcher = Matcher(doc.vocab)
    for rule in extractor.ruleset.rules:
        matcher.add(rule.name, [rule.pattern])
    return sorted((m, sent.start + s, sent.start + e, tuple(a)) for sent in doc.sents for m, s, e, a in matcher(sent, with_alignments=True))


def _prefiltered_matches(extractor, doc):
    from argmap.extract import COLUMNS

    extractor._annotate(doc)
    return sorted((m, s, e, tuple(a)) for m, s, e, a, _ in extractor._matches(doc, doc.to_array(COLUMNS)))


def test_prefilter_and_windows_keep_every_match_of_the_seed_corpus(extractor):
    for source in load_corpus(SEEDS).sources:
        doc = extractor.nlp(source.text)
        extractor._annotate(doc)
        reference = _all_matches(extractor, doc)
        assert reference and _prefiltered_matches(extractor, doc) == reference, source.id


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Many", "Russian", "analysts", "Moscow", "'s", "does", "not", "see", "Tokyo", "as", "is", "unlikely",
                                 "to", ",", ".", "—", "wants", "the", "sanctions", "were", "moderate", "there", "little", "reason",
                                 "Putin", "Vladimir", "experts", "will", "be", "willing", "believe", "that", "\n\n"]), max_size=60).map(" ".join))
def test_prefilter_and_windows_keep_every_match_of_arbitrary_text(extractor, text):
    doc = extractor.nlp(text)
    extractor._annotate(doc)
    assert _prefiltered_matches(extractor, doc) == _all_matches(extractor, doc)


# Sentences written for these tests (not from the seed corpus): each guard is general English.
@pytest.mark.parametrize("text, rule", [
    ("What Moscow wants is a seat at the table in Asia.", "goal-wants"),  # "wants" heads a noun clause
    ("Beijing's foreign policy aims remain focused on the South China Sea.", "goal-wants"),  # "aims" is a noun
    ("As Washington expected, Tokyo joined the sanctions.", "prediction-expects"),  # parenthetical
    ("It is unclear whether Tokyo will lift the sanctions next year.", "prediction-actor-will"),  # nothing asserted
    ("Unless Japan is prepared to pay more, the talks will stall.", "goal-willing"),
    ("Russian thinking treats the alliance with suspicion.", "belief-that"),  # "thinking" is a noun
    ("New projects (a plan announced in May) are likely to push Moscow closer to Beijing.", "prediction-likely"),  # no subject in the clause
    ("Sanctions hurt Russia; they are likely to push Moscow closer to Beijing.", "prediction-likely"),  # a pronoun subject
])
def test_cue_words_used_otherwise_make_no_claim(extractor, text, rule):
    found = extractor.extract_text("src", text)
    assert rule not in {c.rule for c in found}, [(c.rule, c.statement) for c in found]


def test_not_just_is_no_denial(extractor):
    [claim] = extractor.extract_text("src", "Beijing wants not only trade with Russia but a partner against Washington.")
    assert claim.polarity is Polarity.AFFIRMED
    assert claim.statement == "China wants not only trade with Russia but a partner against Washington."
    [denied] = extractor.extract_text("src", "Beijing does not want a partner against Washington.")
    assert denied.polarity is Polarity.DENIED


def test_less_is_no_denial(extractor):
    # the lookup lemmatizer makes "less" a form of "little", a negation word
    [claim] = extractor.extract_text("src", "The dispute with Tokyo is likely to make the region more rather than less stable.")
    assert claim.polarity is Polarity.AFFIRMED
    assert "more rather than less stable" in claim.statement


def test_a_hedge_inside_a_reported_view_belongs_to_the_view(extractor):
    [claim] = extractor.extract_text("src", "Tokyo apparently believed it could persuade Moscow to return the islands.")
    assert claim.statement == "Japan believes it could persuade Moscow to return the islands."
    assert claim.confidence == 0.7  # "apparently" is the author's hedge; "could" is Tokyo's


def test_it_is_likely_that_keeps_its_clause(extractor):
    [claim] = extractor.extract_text("src", "However, it is unlikely that Japan will leave the alliance.")
    assert claim.polarity is Polarity.DENIED and claim.statement.endswith("it is likely that Japan will leave the alliance.")


def test_statements_stay_grammatical_where_cue_words_are_dropped(extractor):
    [expected] = extractor.extract_text("src", "Chinese investment in the Russian Far East looks set to grow.")
    assert expected.statement == "Chinese investment in the Russian Far East is likely to grow."
    [modal] = extractor.extract_text("src", "Trade between Japan and Russia will be most likely shaped by the sanctions.")
    assert modal.statement == "Trade between Japan and Russia is likely shaped by the sanctions."
    [unlikely] = extractor.extract_text("src", "For now, a breakthrough on the islands with Moscow is unlikely.")
    assert unlikely.statement.endswith("with Moscow is likely.") and unlikely.polarity is Polarity.DENIED


def test_a_negation_in_a_later_conjunct_does_not_cancel_the_first(extractor):
    [claim] = extractor.extract_text("src", "Beijing will not join the sanctions and will never recognize the referendum.")
    assert claim.rule == "prediction-actor-will" and claim.polarity is Polarity.DENIED
    [claim] = extractor.extract_text("src", "Tokyo will never abandon the alliance.")
    assert claim.polarity is Polarity.DENIED


def test_a_reference_marker_after_a_sentence_ends_it(extractor):
    text = "Tokyo believes that the talks have stalled.[12] Moscow expects nothing from them."
    claims = extractor.extract_text("src", text)
    assert [c.statement for c in claims] == ["Japan believes that the talks have stalled.", "Russia expects nothing from them."]
    assert all(text[c.span.start : c.span.end] == c.quote and "[" not in c.quote for c in claims)


def test_cannot_is_split_by_the_tokenizer_and_still_denies(extractor):
    # spaCy makes "cannot" two tokens, "can" and "not"
    [claim] = extractor.extract_text("src", "Washington cannot and will not accept a deal on the islands.")
    assert claim.rule == "prediction-actor-will" and claim.polarity is Polarity.DENIED
    assert claim.statement == "United States will accept a deal on the islands."
    [ability] = extractor.extract_text("src", "Beijing cannot replace Japanese investment in the Far East.")
    assert ability.rule == "ability-can" and ability.polarity is Polarity.DENIED
    assert ability.statement == "China can replace Japanese investment in the Far East."
    # inside a that-clause the view is someone else's or a complement, not the author's assertion
    assert extractor.extract_text("src", "The belief that Tokyo cannot act alone shapes Moscow's policy.") == []
