"""Linking words cut out of a statement whole, and quantities that judge (issue 11), on sentences
written for these tests: ", however," inside a clause leaves no comma behind; "So far" is a time, not
the connective "So"; an enumeration's opening ("For starters,") goes like any connective; "little"
given or changed is the author's judgement of how much (an assessment); a time placed by the article's own
now ("Last October", "this week's", "recently") floats."""

from __future__ import annotations

import pytest
from argmap.models import ClaimKind

from .test_extract import statements  # the extractor fixture is conftest's


@pytest.mark.parametrize(("text", "statement"), [
    ("Orban has, however, signed a gas contract with Gazprom in 2021.", "Orban has signed a gas contract with Gazprom in 2021."),
    ("The Hungarian government, however, has kept its stake in Gazprom.", "The Hungarian government has kept its stake in Gazprom."),
    ("In 2019, however, Orban invited Erdogan to Budapest.", "In 2019, Orban invited Erdogan to Budapest."),
])
def test_an_interior_however_goes_with_its_commas(extractor, text, statement):
    assert statements(extractor, text) == [statement]


@pytest.mark.parametrize(("text", "statement"), [
    ("So far, Budapest has mostly followed Brussels on sanctions against Moscow.",
     "So far, Budapest has mostly followed Brussels on sanctions against Moscow."),
    ("So Hungary has avoided the harshest sanctions on Russia.", "Hungary has avoided the harshest sanctions on Russia."),
])
def test_so_far_is_kept_and_a_bare_so_goes(extractor, text, statement):
    assert statements(extractor, text) == [statement]


@pytest.mark.parametrize("opening", ["For starters,", "To begin with,", "First of all,"])
def test_an_enumerations_opening_goes(extractor, opening):
    text = f"{opening} Hungary imports a large share of its natural gas from Russia."
    assert statements(extractor, text) == ["Hungary imports a large share of its natural gas from Russia."]


@pytest.mark.parametrize(("text", "kind"), [
    ("Moscow has given Budapest very little in return for its loyalty.", ClaimKind.ASSESSMENT),
    ("Hungary's position on Ukraine has changed little since 2022.", ClaimKind.ASSESSMENT),
    ("Moscow has given Budapest a loan for the Paks plant.", ClaimKind.FACT),
])
def test_little_given_or_changed_is_a_judgement(extractor, text, kind):
    assert [c.kind for c in extractor.extract_text("t", text)] == [kind]


# ---------------------------------------------------------------- times placed by the article's own now


@pytest.mark.parametrize("text", [
    "Last October, on the eve of a visit to Ankara planned since 2015, Orban criticized the European Commission.",
    "Orban and Erdogan did their best to end this week's summit talks on a positive note.",
    "Hungarian Prime Minister Viktor Orban recently visited Beijing.",
    "Orban met Erdogan at the late June summits.",
])
def test_a_time_placed_by_the_articles_now_floats(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "statement"), [
    ("Orban visited Beijing in October 2019.", "Orban visited Beijing in October 2019."),
    ("Orban visited Beijing in the last week of May 2019.", "Orban visited Beijing in the last week of May 2019."),
    ("Orban met Erdogan at the late June 2019 summit.", "Orban met Erdogan at the late June 2019 summit."),
    ("Hungary has recently signed a gas contract with Gazprom, in 2021.", "Hungary has recently signed a gas contract with Gazprom, in 2021."),
    ("In reality, Orban is continuing his campaign against the European Commission.",
     "Orban is continuing his campaign against the European Commission."),
])
def test_a_dated_time_stays_and_in_reality_goes(extractor, text, statement):
    assert statements(extractor, text) == [statement]
