"""Extraction on the parse: each claim-building step (scope, holder, polarity, hedging, statement)
on sentences written for these tests (none is copied from the seed corpus), then extraction over
corpora: verbatim spans in the build, worker processes, the CLI."""

from __future__ import annotations

import pytest
from argmap.extract import extract_all
from argmap.models import ClaimKind, Method, Polarity
from argmap.seeds import load_corpus
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from .conftest import SEEDS


def one(extractor, text, rule=None):
    """The one claim of text (of the given rule, when given)."""
    found = [c for c in extractor.extract_text("t", text) if rule is None or c.rule == rule]
    assert len(found) == 1, [(c.rule, c.statement) for c in extractor.extract_text("t", text)]
    return found[0]


def statements(extractor, text):
    return [c.statement for c in extractor.extract_text("t", text)]


# ---------------------------------------------------------------- 1. scope


@pytest.mark.parametrize("text", [
    "If Tokyo and Moscow believe that the Kuril islands matter less than trade, the talks will resume.",
    "Unless Beijing agrees that the EU sanctions are fair, nothing will change.",
    "Whether Seoul thinks that the deal is fair remains unclear.",
    "Provided that Canberra says that the treaty is safe, the vote will pass.",
])
def test_a_view_inside_a_condition_is_nobodys_claim(extractor, text):
    found = extractor.extract_text("t", text)
    assert not [c for c in found if c.holder], [(c.rule, c.holder, c.statement) for c in found]


def test_a_question_is_no_claim(extractor):
    assert extractor.extract_text("t", "Does Moscow really expect that Tokyo will abandon its alliance with Washington?") == []
    assert extractor.extract_text("t", "How will Beijing respond to the new sanctions?") == []


def test_a_scenario_is_not_a_forecast(extractor):
    text = ("Under the optimistic scenario, Japan will lift its sanctions on Russia. Moscow will then return two islands.\n\n"
            "Japan will keep its sanctions on Russia.")
    assert statements(extractor, text) == ["Japan will keep its sanctions on Russia."]
    assert extractor.extract_text("t", "In the worst scenario, China will cut its gas deliveries to Europe.") == []


def test_a_purpose_or_relative_clause_is_not_asserted_on_its_own(extractor):
    text = "Tokyo courts Moscow to keep Russia away from China."
    [claim] = extractor.extract_text("t", text)
    assert claim.statement == "Tokyo courts Moscow to keep Russia away from China."  # the purpose stays with its clause
    assert extractor.extract_text("t", "The summit that Japan hosted in Nagano was short.")[0].statement.startswith("The summit that Japan hosted")


def test_an_idea_the_author_rejects_is_denied(extractor):
    claim = one(extractor, "The notion that closer ties with Tokyo will weaken Moscow’s bond with Beijing seems illusory.")
    assert claim.rule == "rejected-idea" and claim.polarity is Polarity.DENIED and claim.holder is None
    assert claim.statement == "Closer ties with Tokyo will weaken Moscow’s bond with Beijing."
    assert claim.confidence == 0.7  # "seems"


def test_headings_and_bylines_are_no_claims(extractor):
    assert statements(extractor, "Why Tokyo Courts Moscow\n\nby Jane Doe\nJapan wants a treaty with Russia.") == ["Japan wants a treaty with Russia."]


# ---------------------------------------------------------------- 2. holder


def test_a_reported_belief_keeps_the_holders_own_words_and_the_actor_beside_them(extractor):
    text = "Many Chinese believe that Russia is a junior partner of Beijing."
    claim = one(extractor, text)
    assert claim.rule == "reported-belief" and claim.kind is ClaimKind.BELIEF
    assert claim.holder == "Many Chinese" and claim.holder_actor == "China"
    assert claim.statement == "Russia is a junior partner of Beijing."
    assert claim.quote == text.rstrip(".") and claim.polarity is Polarity.AFFIRMED


def test_a_holder_naming_no_single_actor_keeps_its_words_only(extractor):
    claim = one(extractor, "Some economists in Japan and Russia believed that the new Sakhalin pipeline might lower gas prices.")
    assert claim.holder == "Some economists in Japan and Russia" and claim.holder_actor is None
    assert claim.statement == "The new Sakhalin pipeline might lower gas prices."
    assert claim.confidence is None  # "might" is the economists' hedge, not the author's


def test_spoken_words_are_the_speakers_not_the_authors_forecast(extractor):
    claim = one(extractor, "Defence Minister Gen Nakatani said that Japan will never accept a military base on the Kuril islands.")
    assert claim.rule == "reported-speech" and claim.holder == "Defence Minister Gen Nakatani"
    assert claim.statement == "Japan will never accept a military base on the Kuril islands."
    assert claim.polarity is Polarity.AFFIRMED  # the negation is inside what he said
    quoted = one(extractor, "“China will not mediate between Tokyo and Moscow,” said Foreign Minister Wang Yi.")
    assert quoted.holder == "Foreign Minister Wang Yi" and quoted.statement == "China will not mediate between Tokyo and Moscow."


def test_according_to_names_the_holder_and_leaves_the_claim(extractor):
    claim = one(extractor, "According to the Kremlin, Japan remains a close ally of Washington.")
    assert claim.holder == "the Kremlin" and claim.holder_actor == "Russia"
    assert claim.statement == "Japan remains a close ally of Washington."


def test_a_second_clause_after_the_view_is_not_part_of_it(extractor):
    claim = one(extractor, "President Moon believes that trade with Moscow will grow, and he has sent two envoys to Vladivostok.", "reported-belief")
    assert claim.statement == "Trade with Moscow will grow."


def test_a_pronoun_in_a_view_takes_its_holders_words_and_a_lone_pronoun_holder_makes_no_claim(extractor):
    claim = one(extractor, "Tokyo believes that it can buy Russian gas without American consent.")
    assert claim.statement == "Tokyo can buy Russian gas without American consent."
    assert extractor.extract_text("t", "She believes that the treaty will be signed in May.") == []


def test_ner_names_actors_the_gazetteer_does_not_know(extractor):
    claim = one(extractor, "Prime Minister Narendra Modi believes that New Delhi must buy more Russian oil.")
    assert claim.holder_actor == "Narendra Modi"
    assert claim.about == "New Delhi"


# ---------------------------------------------------------------- 3. polarity


def test_nor_and_do_not_deny_with_an_affirmative_statement(extractor):
    claim = one(extractor, "Nor does Beijing regard Moscow as an equal partner.")
    assert claim.polarity is Polarity.DENIED and claim.statement == "Beijing regards Moscow as an equal partner."
    assert claim.quote.startswith("Nor does Beijing")
    claim = one(extractor, "The Kremlin did not sign the new trade agreement with Seoul.")
    assert claim.polarity is Polarity.DENIED and claim.statement == "The Kremlin signed the new trade agreement with Seoul."


def test_a_denied_belief_is_denied_and_a_negation_inside_a_view_is_the_views(extractor):
    denied = one(extractor, "European diplomats do not think that Tokyo will lift its sanctions.")
    assert denied.polarity is Polarity.DENIED and denied.statement == "Tokyo will lift its sanctions."
    held = one(extractor, "European diplomats think that Tokyo will not lift its sanctions.")
    assert held.polarity is Polarity.AFFIRMED and held.statement == "Tokyo will not lift its sanctions."


def test_a_second_clause_and_a_because_clause_keep_their_own_polarity(extractor):
    claims = extractor.extract_text("t", "Japan lifted some sanctions, but Russia did not return the Kuril islands.")
    assert [(c.statement, c.polarity.value) for c in claims] == [
        ("Japan lifted some sanctions.", "affirmed"), ("Russia returned the Kuril islands.", "denied")]
    claim = one(extractor, "Moscow signed a gas deal with Ankara because Beijing did not object.")
    assert claim.statement == "Moscow signed a gas deal with Ankara." and claim.polarity is Polarity.AFFIRMED


def test_not_only_is_no_denial(extractor):
    claim = one(extractor, "Beijing wants not only cheap gas from Russia but a partner against Washington.")
    assert claim.polarity is Polarity.AFFIRMED and "not only" in claim.statement


def test_no_evidence_that_denies_what_it_judges(extractor):
    claim = one(extractor, "There is no evidence that the new Sakhalin pipeline will make Moscow less dependent on Beijing.")
    assert claim.rule == "no-evidence-that" and claim.polarity is Polarity.DENIED and claim.confidence is None
    assert claim.statement == "The new Sakhalin pipeline will make Moscow less dependent on Beijing."
    hedged = one(extractor, "There is little reason to think that Tokyo will lift its sanctions.")
    assert hedged.polarity is Polarity.DENIED and hedged.confidence == 0.8


# ---------------------------------------------------------------- 4. hedging


def test_hedges_from_the_parse(extractor):
    # a hedge is recorded once: kept in the statement's words ("may", "in theory"), it is no confidence too
    modal = one(extractor, "Japan may lift its sanctions on Russia in 2027.")
    assert modal.statement == "Japan may lift its sanctions on Russia in 2027." and modal.confidence is None
    theory = one(extractor, "In theory, Moscow welcomes Japanese investment in the Arctic.")
    assert theory.confidence is None and theory.statement.startswith("In theory")
    unlikely = one(extractor, "A peace treaty between Tokyo and Moscow is highly unlikely to be signed before 2030.")
    assert unlikely.rule == "prediction-likely" and unlikely.polarity is Polarity.DENIED and unlikely.confidence == 0.9
    assert unlikely.statement == "A peace treaty between Tokyo and Moscow will be signed before 2030."
    plain = one(extractor, "Trade between Japan and Russia is unlikely to recover soon.")
    assert plain.confidence == 0.7 and plain.polarity is Polarity.DENIED
    certain = one(extractor, "It is almost certain that Beijing opposes a gas deal with Ankara.")
    assert certain.confidence == 0.9 and certain.polarity is Polarity.AFFIRMED and certain.statement == "Beijing opposes a gas deal with Ankara."
    expected = one(extractor, "Chinese imports of Russian coal are expected to rise in 2027.")
    assert expected.statement == "Chinese imports of Russian coal will rise in 2027." and expected.confidence == 0.7


def test_an_authors_hedge_on_a_view_counts_and_the_holders_does_not(extractor):
    claim = one(extractor, "Seoul apparently believed it could persuade Pyongyang to talk.")
    assert claim.confidence == 0.7 and claim.statement == "Seoul could persuade Pyongyang to talk."


# ---------------------------------------------------------------- 5. statement


@pytest.mark.parametrize("text", [
    "This will change the balance in the Pacific.",
    "They expect that Moscow will back down.",
    "Such a move would anger Beijing.",
    "He has visited Moscow twice since then.",
])
def test_a_statement_leaning_on_something_outside_it_is_no_claim(extractor, text):
    assert extractor.extract_text("t", text) == []


def test_linking_words_and_asides_leave_the_statement(extractor):
    assert statements(extractor, "However, Tokyo has repeatedly postponed the talks with Seoul.") == ["Tokyo has repeatedly postponed the talks with Seoul."]
    assert statements(extractor, "Moscow, which annexed Crimea in 2014, faces Western sanctions.") == ["Moscow faces Western sanctions."]
    assert statements(extractor, "Beijing buys Russian oil — at a steep discount.") == ["Beijing buys Russian oil."]
    claim = one(extractor, "On top of this, Washington opposes the Nord Stream pipeline.")
    assert claim.statement == "Washington opposes the Nord Stream pipeline." and claim.quote == "Washington opposes the Nord Stream pipeline"


def test_cannot_and_wont_are_denied_with_a_grammatical_statement(extractor):
    # two negated modals: denying "can and will" would say only "cannot or will not"; the words stay, affirmed
    claim = one(extractor, "Australia cannot and will not recognize the annexation of Crimea.")
    assert claim.polarity is Polarity.AFFIRMED and claim.statement == "Australia cannot and will not recognize the annexation of Crimea."
    assert one(extractor, "Tokyo won't join the new Chinese bank.").statement == "Tokyo will join the new Chinese bank."


def test_claims_have_verbatim_spans_kinds_and_rule_provenance(extractor):
    text = "Intro line\n\nJapan joined the EU sanctions in 2014. Russia will deploy missiles on the Kuril islands."
    claims = extractor.extract_text("src", text)
    assert [(c.rule, c.kind) for c in claims] == [("fact-event", ClaimKind.FACT), ("prediction-will", ClaimKind.PREDICTION)]
    for c in claims:
        assert text[c.span.start : c.span.end] == c.quote and c.method is Method.RULE_EXTRACTED
        assert c.id == f"x-src-{c.span.start}-{c.span.end}-{c.rule}"
    assert claims[0].triple_key == "Japan|join|European Union sanction"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300) | st.lists(st.sampled_from(["Moscow", "does", "not", "see", "Tokyo", "as", "is", "unlikely", "to", ",", ".",
                                                          "\n\n", "—", "wants", "the", "if", "believes", "that", "he", "?", "there", "no",
                                                          "evidence", "[4]", "Nor", "will"]), max_size=40).map(" ".join))
def test_extraction_never_raises_on_arbitrary_text(extractor, text):
    for claim in extractor.extract_text("anything", text):
        assert text[claim.span.start : claim.span.end] == claim.quote
        assert claim.statement.endswith(".") and claim.statement[:1].isupper()


# ---------------------------------------------------------------- corpora


RULE_EXTRACTED_QUERY = """
PREFIX am: <https://w3id.org/argmap/ns#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?c ?quote ?exact ?start ?end ?id ?rule ?label ?kind WHERE {
  ?c a am:Claim ; am:method am:RuleExtracted ; am:quote ?quote ; am:source ?s ; am:text ?t ; am:kind ?kind ;
     prov:wasGeneratedBy ?rule ; am:anchor ?a .
  ?rule a am:RuleExtraction ; rdfs:label ?label .
  ?a oa:hasSource ?s ; oa:hasSelector ?q, ?p . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
  ?s dcterms:identifier ?id .
}"""


def test_seed_build_holds_rule_extracted_claims_with_verbatim_spans_and_kinds(seed_build):
    graph = Graph().parse(seed_build / "argmap.ttl", format="turtle")
    rows = list(graph.query(RULE_EXTRACTED_QUERY))
    assert len({r.c for r in rows}) >= 50
    assert len({str(r.id) for r in rows}) == 5, "every seed article should yield rule-extracted claims"
    for r in rows:
        article = (SEEDS / "articles" / f"{r.id}.txt").read_text(encoding="utf-8")
        assert article[int(r.start) : int(r.end)] == str(r.quote) == str(r.exact)
        assert str(r.label)
    holders = list(graph.query("PREFIX am: <https://w3id.org/argmap/ns#> SELECT ?h ?l WHERE { ?c am:holderActor ?h . ?h a am:Entity ; "
                               "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
    assert holders


def test_extract_all_keeps_article_order_and_results_for_any_jobs(extractor):
    corpus = load_corpus(SEEDS)
    items = [(s.id, s.text) for s in corpus.sources] * 3  # more articles than workers x chunks
    one_process = list(extract_all(items, extractor.ruleset, jobs=1))
    assert [source_id for source_id, _ in one_process] == [source_id for source_id, _ in items]
    assert sum(len(found) for _, found in one_process) > 0
    assert list(extract_all(items, extractor.ruleset, jobs=2)) == one_process
    assert list(extract_all([], extractor.ruleset, jobs=2)) == []
    with pytest.raises(ValueError):
        list(extract_all(items, extractor.ruleset, jobs=0))


def test_cli_extract_jobs(capsys):
    from argmap.cli import main

    articles = [str(p) for p in sorted((SEEDS / "articles").glob("*.txt"))]
    assert main(["extract", "--format", "jsonl", "--no-cache", *articles]) == 0
    one_process = capsys.readouterr().out
    assert main(["extract", "--format", "jsonl", "--jobs", "2", "--no-cache", *articles]) == 0
    assert capsys.readouterr().out == one_process and one_process.count("\n") >= 50
    with pytest.raises(SystemExit) as stop:
        main(["build", "--jobs", "0"])
    assert stop.value.code == 2
    assert "--jobs: must be at least 1" in capsys.readouterr().err
