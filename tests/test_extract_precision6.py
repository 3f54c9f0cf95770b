"""Whose words, and is it a sentence (issue 12), on sentences written for these tests: the lines of a
quotation opened on an earlier line and closed later in its paragraph are the quoted source's words, not
the author's (an unbalanced quotation stays in its own line); a statement keeps the verb and the subject
of its clause (an aside in brackets or after a dash cannot take them with it, an editor's "[Turkey]"
stays as a word); "In X's view / opinion, Y" is X's view, and "In my view, Y" the author's; a denial
leaves out the adverb that weighs it ("definitely / probably does not"); the first person and a
reporting frame around a quotation ("Reuters reports, “…”") make no statement of the author's."""

from __future__ import annotations

import pytest
from argmap.models import Polarity

from .test_extract import statements  # the extractor fixture is conftest's

OWN = "The TurkStream pipeline is crucial for Turkey's energy security."


# ---------------------------------------------------------------- a quotation over several lines


@pytest.mark.parametrize("text", [
    # curly quotes: the second and third lines are inside the quotation the first opened
    "The newspaper wrote:\n“Turkey has bought Russian gas since 2003.\n"
    "Even as Ankara sends drones to Kyiv, Turkey has less room than its allies to cut its ties to Russian energy.\n"
    "For two decades, energy-hungry Turkey has relied on Russian pipelines to heat its cities.”\n" + OWN,
    # straight quotes, the same
    'The newspaper wrote:\n"Turkey has bought Russian gas since 2003.\n'
    "Even as Ankara sends drones to Kyiv, Turkey has less room than its allies to cut its ties to Russian energy.\n"
    'For two decades, energy-hungry Turkey has relied on Russian pipelines to heat its cities."\n' + OWN,
])
def test_the_lines_of_a_quotation_opened_before_are_not_the_authors(extractor, text):
    assert statements(extractor, text) == [OWN]


HUNGARY = "Hungary signed a new gas contract with Russia in 2021."


@pytest.mark.parametrize(("text", "statement"), [
    # never closed: the stray mark stays in its line
    ("The newspaper wrote:\n“Turkey has bought Russian gas since 2003.\n" + HUNGARY, HUNGARY),
    # closed only in the next paragraph: a quotation does not run over a blank line
    ("The newspaper wrote:\n“Turkey has bought Russian gas since 2003.\n\n" + HUNGARY + "”", HUNGARY),
    # after the mark that closes the carried quotation, the author speaks again
    ('The newspaper wrote:\n"Turkey has bought Russian gas since 2003.\nTurkey imported more Russian gas in 2021." ' + HUNGARY, HUNGARY),
    ("The newspaper wrote:\n“Turkey has bought Russian gas since 2003.\nTurkey imported more Russian gas in 2021.” " + HUNGARY, HUNGARY),
    # another quotation opens before any mark closes the first: the first was unbalanced
    ("The newspaper wrote:\n“Turkey has bought Russian gas since 2003.\n"
     "Hungary signed a new gas contract with Russia in 2021 after Orban called the EU sanctions a “mistake”.",
     "Hungary signed a new gas contract with Russia in 2021 after Orban called the EU sanctions a “mistake”."),
])
def test_an_unbalanced_quotation_does_not_swallow_the_next_lines(extractor, text, statement):
    assert statements(extractor, text) == [statement]


# ---------------------------------------------------------------- a statement keeps its verb and its subject


@pytest.mark.parametrize("text", [
    # the parse hangs the sentence on the verb inside the brackets: what is left has no verb
    "Unlike friendly relations between Turkey and the Russian Federation under the late Turgut Ozal – despite Cyprus returning to "
    "the news in 2004 (Cyprus was divided under British rule in 1974): the same does not apply to the current leader of Turkey.",
    "Unlike warm ties between Hungary and Russia under Viktor Orban (Crimea was annexed by Russia in 2014).",
    "Russia returning two islands to Japan in 2030.",
])
def test_a_phrase_without_its_verb_is_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "statement"), [
    ("In 2022, [Hungary] vetoed the new sanctions package against Russia.",
     "In 2022, Hungary vetoed the new sanctions package against Russia."),
    ("Even as [Turkey] buys Russian gas, Ankara sold drones to Kyiv in 2022.",
     "Even as Turkey buys Russian gas, Ankara sold drones to Kyiv in 2022."),
    ("Turkey bought Russian gas in 2021 [12].", "Turkey bought Russian gas in 2021."),  # a reference marker goes
    ("Turkey bought Russian gas (and oil) in 2021.", "Turkey bought Russian gas in 2021."),  # an aside goes
])
def test_an_editors_insertion_stays_a_word(extractor, text, statement):
    assert statements(extractor, text) == [statement]


# ---------------------------------------------------------------- "In X's view", and the adverb of a denial


def test_in_someones_view_is_their_view(extractor):
    [claim] = extractor.extract_text("t", "In Putin's view, Turkey does not act independently of the United States.")
    assert (claim.statement, claim.holder, claim.holder_actor, claim.polarity, claim.kind.value) == (
        "Turkey acts independently of the United States.", "Putin", "Russia", Polarity.DENIED, "belief")


@pytest.mark.parametrize(("text", "statement", "holder"), [
    ("In the opinion of many Indian analysts, Russia remains a reliable supplier of arms.",
     "Russia remains a reliable supplier of arms.", "many Indian analysts"),
    ("In the eyes of many Russians, Turkey is a vassal of the United States.", "Turkey is a vassal of the United States.", "many Russians"),
    ("Turkey, in Erdogan's judgment, must keep buying Russian gas.", "Turkey must keep buying Russian gas.", "Erdogan"),
    # the author's own view said as such
    ("In my view, Turkey should keep buying Russian gas.", "Turkey should keep buying Russian gas.", None),
    ("In our opinion, Turkey should keep buying Russian gas.", "Turkey should keep buying Russian gas.", None),
    # "in view of" gives a reason, it names no one whose view it is
    ("In view of Western sanctions, Turkey cut its imports of Russian coal in 2022.",
     "In view of Western sanctions, Turkey cut its imports of Russian coal in 2022.", None),
])
def test_the_frame_says_whose_view_and_leaves_the_statement(extractor, text, statement, holder):
    assert [(c.statement, c.holder) for c in extractor.extract_text("t", text)] == [(statement, holder)]


@pytest.mark.parametrize("text", [
    "In the authors' opinion, Turkey and Russia definitely do not have major unresolved problems in their relations.",
    "In his view, Turkey must keep buying Russian gas.",
])
def test_a_frame_naming_no_one_makes_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "statement", "confidence"), [
    ("Turkey definitely does not want a war with Russia.", "Turkey wants a war with Russia.", None),
    ("Turkey certainly did not join the sanctions against Russia in 2022.", "Turkey joined the sanctions against Russia in 2022.", None),
    ("Clearly, Turkey did not join the sanctions against Russia in 2022.", "Turkey joined the sanctions against Russia in 2022.", None),
    ("Turkey probably does not want a war with Russia.", "Turkey wants a war with Russia.", 0.7),
    # after the negation the adverb is inside what is denied, and stays
    ("Turkey did not definitely reject the Russian offer of 2019.", "Turkey definitely rejected the Russian offer of 2019.", None),
])
def test_a_denial_leaves_out_the_adverb_that_weighs_it(extractor, text, statement, confidence):
    assert [(c.statement, c.polarity, c.confidence) for c in extractor.extract_text("t", text)] == [
        (statement, Polarity.DENIED, confidence)]


def test_a_frequency_over_a_denial_makes_no_claim(extractor):
    assert statements(extractor, "Turkey often does not answer Russian protests about the Black Sea.") == []


def test_a_time_over_a_denial_stays(extractor):
    found = extractor.extract_text("t", "Turkey now does not recognize the Russian annexation of Crimea.")
    assert [(c.statement, c.polarity) for c in found] == [("Turkey now recognizes the Russian annexation of Crimea.", Polarity.DENIED)]


# ---------------------------------------------------------------- the first person, a reporting frame


@pytest.mark.parametrize("text", [
    "On May 3, 2023, Schmidt kindly drew my attention to a Reuters report of April 28, 2023.",
    "In 2022, Turkey asked us for help with Russian gas.",
    "Turkey must help our country with Russian gas in 2024.",
    "Our exports to Russia are likely to fall in 2024.",
])
def test_the_first_person_makes_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "statement"), [
    # words in quotation marks are the quoted speaker's
    ("In 2001, Erdogan praised Putin's words as the “foundation for the friendship of our two peoples”.",
     "In 2001, Erdogan praised Putin's words as the “foundation for the friendship of our two peoples”."),
    # a person holding a view is its "me"
    ("“Only the Black Sea could have calmed me down,” Erdogan notes.", "Only the Black Sea could have calmed me down."),
])
def test_a_quoted_first_person_is_the_speakers(extractor, text, statement):
    assert statements(extractor, text) == [statement]


def test_a_view_held_with_our_is_no_claim(extractor):
    assert statements(extractor, "Lavrov said that Turkey must respect our position on Crimea.") == []


def test_the_us_is_no_first_person(extractor):
    assert statements(extractor, "The US imposed new sanctions on Russian banks in 2022.") == [
        "The US imposed new sanctions on Russian banks in 2022."]


@pytest.mark.parametrize("text", [
    "Reuters reports, “Two Turkish banks stopped accepting Russian cards in 2022. Ankara denied any pressure from Washington.”",
    "Reuters reports, “Two Turkish banks stopped accepting Russian cards in 2022.”",
    'Reuters reported: "Two Turkish banks stopped accepting Russian cards in 2022."',
])
def test_a_reporting_frame_around_a_quotation_is_no_statement_of_the_author(extractor, text):
    assert statements(extractor, text) == []


def test_a_quotation_closed_after_the_sentences_period_is_not_cut(extractor):
    # the parse may leave the closing mark to the next sentence: only the period stands before it
    assert statements(extractor, "In 2016, Erdogan called the Sochi summit a “new beginning.” Putin agreed.") == [
        "In 2016, Erdogan called the Sochi summit a “new beginning”."]


def test_a_report_without_quotation_marks_stays_an_event(extractor):
    text = "Reuters reported in 2022 that two Turkish banks stopped accepting Russian cards."
    assert statements(extractor, text) == [text]
