"""A claim that leans on its paragraph (session 8), told by what its words need rather than by one cue each,
on sentences written for these tests: a noun of an act or a stance made definite with nothing saying what it
is about ("Germany's decision", "in solidarity"), a verb of answering with nothing answered ("protested to the
ambassador", "how to respond"), one past occurrence with no date ("the visit to Moscow drew criticism"), a
phrase repeating an act named before ("followed suit", "in turn"), a likeness with nothing it is like
("similar sanctions"), and "the latter". Each also with the wordings that say what is needed, which still make
their claim; and the cue lists are data a rules file validates."""

from __future__ import annotations

from pathlib import Path

import pytest
from argmap.errors import InputError
from argmap.extract import Extractor
from argmap.rules import load_ruleset

from .test_extract import statements  # the extractor fixture is conftest's

# ---------------------------------------------------------------- 1. an act or a stance with no theme


@pytest.mark.parametrize("text", [
    "Germany's decision angered the French government.",
    "Brazil's response was muted.",
    "Poland's bid failed in the end.",
    "Canada offers one possibility.",
    "Oslo's proposal was rejected by Moscow.",
    "Ottawa marched in solidarity.",
    "Seoul's refusal infuriated Beijing.",
    "Japan's retaliation was limited to visa bans.",
])
def test_an_act_with_no_theme_makes_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("text", [
    # a preposition, a clause or a pair of parties says what the act is about
    "Brazil's response to the 2023 coup in Niger was muted.",
    "Poland's bid for the 2030 Winter Olympics failed.",
    "Ottawa expressed solidarity with Kyiv.",
    "India's proposal for a ceasefire was rejected by Moscow.",
    "In 2014, Japan's response to the annexation of Crimea was muted.",
    "Britain's move to leave the European Union weakened its influence.",
    "Japan's decision in 2022 to freeze Russian assets was a break with its past caution.",
    "Tokyo's decision was to impose sanctions.",
    # an indefinite act is not one the paragraph named
    "Finland made a bold move toward NATO membership in 2022.",
    # whose and when pick out the act
    "Norway's bid was approved in May 2013.",
])
def test_an_act_with_its_theme_stays(extractor, text):
    assert statements(extractor, text) == [text]


# ---------------------------------------------------------------- 2. an answer with nothing answered


@pytest.mark.parametrize("text", [
    "Norway protested to the Russian ambassador.",
    "Mexico has not decided how to respond.",
    "Turkey retaliated swiftly.",
    "Moscow reacted angrily.",
    "Japan protested strongly.",
    "Paris responded by recalling its ambassador.",
    "Russia responded with sanctions of its own.",
    "Japan answered with sanctions of its own.",
    "Riga was quick to respond.",
    "Vilnius was the first to respond.",
])
def test_an_answer_with_nothing_answered_makes_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("text", [
    "Norway protested against the detention of its fishermen.",
    "Norway protested the detention of its fishermen.",
    "Mexico responded to the tariffs with duties of its own.",
    "Moscow reacted angrily to the expulsion of its diplomats.",
    "Egypt agreed on a ceasefire with Israel in 1970.",
    "Ukraine joined the Council of Europe in 1995.",
    "Greece objected to the name.",
    "Russia was the only country to respond to the tariffs with force.",
    "Japan was the first Asian country to join the sanctions against Russia in 2022.",
])
def test_an_answer_to_something_named_stays(extractor, text):
    assert statements(extractor, text) == [text]


# ---------------------------------------------------------------- 3. one past occurrence with no date


@pytest.mark.parametrize("text", [
    "The Indian prime minister's visit to Moscow drew criticism in Washington.",
    "The Chinese flotilla's patrol near Hokkaido lasted nine days.",
    "Japan's protest over the parade was ignored by Moscow.",
])
def test_an_undated_past_occurrence_makes_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("text", [
    "The Indian prime minister's visit to Moscow in July 2024 drew criticism in Washington.",
    "Putin's visit to Japan in December 2016 ended without a breakthrough.",
    # a series, not one occurrence; a habit, not a past event
    "Abe's visits to Russia yielded little.",
    # a venue names the occurrence as a name would ("the Oslo talks")
    "The talks in Oslo collapsed in acrimony.",
    "Joint drills off Sakhalin usually involve twenty warships.",
    # an "of" phrase naming a thing makes the noun an act, not one occurrence
    "Moscow's exercise of control over the Kuril Islands hardened Japanese opinion.",
    "Russia's exercise of its veto blocked a UN resolution on Ukraine.",
])
def test_a_dated_occurrence_or_a_series_stays(extractor, text):
    assert statements(extractor, text) == [text]


# ---------------------------------------------------------------- 4. echoes, likenesses, "the latter"


@pytest.mark.parametrize("text", [
    "Sweden followed suit.",
    "Moscow in turn expelled ten Estonian diplomats.",
    "Beijing responded in kind.",
    "Canada imposed similar sanctions on Belarus.",
    "Seoul took a similar step in 2022.",
    "Tokyo adopted the same approach toward Minsk.",
    "Ottawa supported the latter in 2014.",
])
def test_a_phrase_pointing_back_makes_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("text", [
    "Moscow expelled ten Estonian diplomats in 2023.",
    # alike one another, or like something named
    "Japan and South Korea imposed similar sanctions on Russia in 2022.",
    "The G7 members share similar concerns about China.",
    "Moscow and Beijing hold identical views on the Korean Peninsula.",
    # "former" as an adjective refers to nothing before
    "The former Soviet Union collapsed in 1991.",
    "Former Prime Minister Abe visited Moscow in 2016.",
])
def test_the_same_words_saying_what_they_need_stay(extractor, text):
    assert statements(extractor, text) == [text]


# ---------------------------------------------------------------- 5. a forecast's subject ending on an apposition


def test_the_comma_closing_an_apposition_stays_before_will(extractor):
    text = "Chile's foreign minister and his Peruvian counterpart, Elmer Schialer, are expected to meet in Lima in March 2026."
    assert statements(extractor, text) == [
        "Chile's foreign minister and his Peruvian counterpart, Elmer Schialer, will meet in Lima in March 2026."]


# ---------------------------------------------------------------- 6. the cue lists are data


def test_the_session_8_cue_lists_are_read_from_the_rules_file(extractor):
    cues = extractor.ruleset.cues
    assert {"move", "response", "solidarity"} <= cues.content_nouns
    assert cues.answer_verbs["respond"] == frozenset({"to"}) and cues.answer_verbs["reciprocate"] == frozenset()
    assert {"visit", "flight", "talks"} <= cues.occasion_nouns
    assert ("follow", "suit") in cues.echo_phrases and "similar" in cues.likeness_adjectives


def test_answer_verbs_must_map_verbs_to_prepositions(tmp_path: Path):
    path = tmp_path / "rules.yaml"
    path.write_text("cues:\n  answer_verbs: [respond, react]\nrules: []\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_ruleset(path)
    assert any("answer_verbs" in str(issue) for issue in raised.value.issues), raised.value.issues


def test_a_users_cue_lists_take_effect(tmp_path: Path):
    # without "bid" among its content nouns a users' rules file keeps "Poland's bid failed"
    shipped = (Path(__file__).parent.parent / "graph" / "data" / "rules.yaml").read_text(encoding="utf-8")
    changed = shipped.replace(" bid, decision,", " decision,")
    assert changed != shipped
    path = tmp_path / "rules.yaml"
    path.write_text(changed, encoding="utf-8")
    claims = Extractor(load_ruleset(path)).extract_text("t", "Poland's bid failed in the end.")
    assert [c.statement for c in claims] == ["Poland's bid failed in the end."]
