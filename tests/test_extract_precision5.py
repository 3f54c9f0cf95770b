"""A possibility is not an assertion, and a time told by the article's own "now" floats (issue 11), on
sentences written for these tests: "there is a possibility / risk / likelihood that X" and "the
possibility that X exists" state no X (a denied one, "no chance that X", still denies X); "the latest decree",
"the current government" name a thing only the article's date picks out: no claim unless the statement names a year; a view
reported in the past that keeps "would" and states no condition ("X warned that Y would …") is no claim; a
judging noun or adjective on an event's subject or object ("a misleading track", "hysteria") makes it an assessment."""

from __future__ import annotations

import pytest
from argmap.models import ClaimKind, Polarity

from .test_extract import statements  # the extractor fixture is conftest's


@pytest.mark.parametrize("text", [
    "There is a possibility that Brazil will leave the BRICS group in 2027.",
    "There is the risk that Turkey will buy more Russian gas in 2025.",
    "There is a strong likelihood that Germany will cut its imports of Russian oil.",
    "One possibility is that Hungary will veto the sanctions package against Russia.",
    "The possibility that Poland will host more American troops exists.",
    "The possibility has arisen that Polish firms will be excluded from the project.",
])
def test_a_possibility_states_nothing(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "statement", "polarity"), [
    ("There is no chance that Brazil will leave the BRICS group.", "Brazil will leave the BRICS group.", Polarity.DENIED),
    ("There is evidence that India has increased its imports of Russian oil.",
     "India has increased its imports of Russian oil.", Polarity.AFFIRMED),
    ("Brazil will leave the BRICS group in 2027.", "Brazil will leave the BRICS group in 2027.", Polarity.AFFIRMED),
])
def test_a_denied_chance_or_plain_evidence_stays(extractor, text, statement, polarity):
    found = extractor.extract_text("t", text)
    assert [(c.statement, c.polarity) for c in found] == [(statement, polarity)]


@pytest.mark.parametrize("text", [
    "The latest presidential decree transferred control of Sakhalin-2 to a Russian company.",
    "The current government in Ankara has bought Russian missiles.",
    "Hungary's latest budget raised spending on defence.",
])
def test_a_thing_placed_by_the_articles_now_floats(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("text", [
    "The current government in Ankara bought Russian missiles in 2019.",
    "Hungary's latest budget for 2024 raised spending on defence.",
    "India has bought the latest Russian missiles.",  # a class of things, not one the article's date picks out
])
def test_a_year_or_a_class_keeps_it(extractor, text):
    assert statements(extractor, text) == [text]


@pytest.mark.parametrize("text", [
    "Medvedev warned that Poland would have neither oil nor gas from Russia.",
    "Erdogan said that Turkey would buy more Russian gas.",
])
def test_a_backshifted_would_in_reported_speech_is_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "statement"), [
    ("Erdogan said that Turkey would buy more Russian gas if Europe kept its sanctions.",
     "Turkey would buy more Russian gas if Europe kept its sanctions."),  # the condition is stated and kept
    ("Erdogan says that Turkey will buy more Russian gas.", "Turkey will buy more Russian gas."),
    ("Modi believes that closer ties with Moscow would help India's economy.", "Closer ties with Moscow would help India's economy."),
])
def test_a_stated_condition_or_a_present_report_keeps_it(extractor, text, statement):
    assert statements(extractor, text) == [statement]


@pytest.mark.parametrize(("text", "kind"), [
    ("Budapest took a misleading track on sanctions in 2022.", ClaimKind.ASSESSMENT),
    ("The summit in Delhi produced meagre results for India in 2023.", ClaimKind.ASSESSMENT),
    ("Polish officials have fuelled anti-Russian hysteria since 2022.", ClaimKind.ASSESSMENT),
    ("Budapest took a new track on sanctions in 2022.", ClaimKind.FACT),
    ("The summit in Delhi produced a deal on oil for India in 2023.", ClaimKind.FACT),
])
def test_a_judging_noun_phrase_makes_an_assessment(extractor, text, kind):
    assert [c.kind for c in extractor.extract_text("t", text)] == [kind]
