"""What a statement needs from its context (session 7), on sentences written for these tests: "X did not
do Y until T" says X did Y only from T, so its affirmative wording ("X did Y until T", denied) is no
claim; a date after a dash typed without its closing space stays in the statement, a date after a
lone dash is no elaboration to drop, and a date before two verb phrases stays in the second's claim; a passive of seeing or judging with no "by" ("X is seen as Y") is
a view nobody is said to hold, and a passive of adding or dropping with no "to / from" leans on what it
was added to; a bare "some / many / others" names no one, as subject or holder; "the leaders" needs the
people named; and a comma left between a subject and its verb where an aside was cut goes with it."""

from __future__ import annotations

import pytest
from argmap.models import Polarity

from .test_extract import statements  # the extractor fixture is conftest's

# ---------------------------------------------------------------- 1. "not … until"


@pytest.mark.parametrize("text", [
    "Canada did not have a coherent Arctic policy until March 2009.",
    "Germany never had a national security strategy until 2023.",
    "The Soviet Union did not acknowledge the Katyn massacre until 1990.",
    "For decades, Seoul did not want to open full ties with Beijing until the Cold War had ended.",
    "Brazil did not ratify the Kyoto Protocol till 2002.",
])
def test_not_until_makes_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "statement", "polarity"), [
    # affirmed, "until" says how long: as written
    ("Finland kept its border with Russia open until November 2023.",
     "Finland kept its border with Russia open until November 2023.", Polarity.AFFIRMED),
    # a "no" the statement keeps is written as is
    ("Canada had no coherent Arctic policy until March 2009.",
     "Canada had no coherent Arctic policy until March 2009.", Polarity.AFFIRMED),
    # "not … before" denies what it says: no backwards timeline
    ("The Soviet Union did not acknowledge the Katyn massacre before 1990.",
     "The Soviet Union acknowledged the Katyn massacre before 1990.", Polarity.DENIED),
    # an "until" of another clause (a relative clause, left out) is not under the negation
    ("Norway did not join the European Union, whose rules it had followed until 1994, in 1995.",
     "Norway joined the European Union in 1995.", Polarity.DENIED),
])
def test_until_elsewhere_stays(extractor, text, statement, polarity):
    found = extractor.extract_text("t", text)
    assert [(c.statement, c.polarity) for c in found] == [(statement, polarity)]


# ---------------------------------------------------------------- 2. a date after a dash


def test_a_date_after_a_half_spaced_closing_dash_stays(extractor):
    text = "Canadian diplomats showed interest in the Arctic – a region of melting ice –as early as 2006."
    assert statements(extractor, text) == ["Canadian diplomats showed interest in the Arctic as early as 2006."]


def test_a_date_after_a_lone_dash_is_not_dropped(extractor):
    # the date times the verb: dropping it with the "elaboration" would state an undated claim
    assert statements(extractor, "Canadian diplomats showed interest in the Arctic – as early as 2006.") == []


@pytest.mark.parametrize(("text", "statement"), [
    # a date inside what elaborates a noun goes with it
    ("Norway imposed sanctions on Belarus – the harshest since 1995.", "Norway imposed sanctions on Belarus."),
    ("Canadian diplomats showed interest in the Arctic as recently as 2016.",
     "Canadian diplomats showed interest in the Arctic as recently as 2016."),
    # a compound's dash is no aside ("Canada–Norway")
    ("Canada–Norway trade grew by a third in 2016.", "Canada–Norway trade grew by a third in 2016."),
])
def test_other_dashes_and_dates_stay(extractor, text, statement):
    assert statements(extractor, text) == [statement]


@pytest.mark.parametrize(("text", "statements_"), [
    # a date between the subject and the first verb times both verb phrases: the second keeps it
    ("Norway, in 2014, froze the assets of Russian banks and expelled three Russian diplomats.",
     ["Norway, in 2014, froze the assets of Russian banks.", "Norway, in 2014, expelled three Russian diplomats."]),
    ("The summit between Scholz and the Norwegian premier, Jonas Store, in November 2022 followed the usual "
     "pattern but seems to have produced nothing of substance.",
     ["The summit between Scholz and the Norwegian premier, Jonas Store, in November 2022 seems to have produced nothing of substance."]),
    # and an aside the subject opens with a comma is closed in both
    ("Norway, a NATO member, froze the assets of Russian banks and expelled three Russian diplomats.",
     ["Norway, a NATO member, froze the assets of Russian banks.", "Norway, a NATO member, expelled three Russian diplomats."]),
    # a date after the first verb may be its own: one claim (unchanged)
    ("Norway froze the assets of Russian banks in 2014 and expelled three Russian diplomats.",
     ["Norway froze the assets of Russian banks in 2014 and expelled three Russian diplomats."]),
])
def test_a_second_verb_phrase_keeps_the_shared_date_and_comma(extractor, text, statements_):
    assert statements(extractor, text) == statements_


# ---------------------------------------------------------------- 3. a perception or placement with no one


@pytest.mark.parametrize("text", [
    "Turkey is viewed through the lens of its own ambitions in the Caucasus.",
    "Turkey is widely regarded as a difficult partner for the European Union.",
    "Turkey continues to be seen as a bridge between Europe and Asia.",
    "The 2019 visit to Ankara by Merkel was described as historic.",
    "Wording on energy security in the Baltic was added.",
    "A reference to human rights in Belarus was dropped in 2019.",
])
def test_a_perception_or_placement_with_no_one_is_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("text", [
    "Turkey was seen as a reliable partner by Berlin in 2016.",  # the viewer named ("by" hung low by the parse)
    "Turkey is regarded by the European Commission as a candidate for membership.",
    "Belarus was added to the EU list of high-risk countries in 2019.",  # added to what: said
    "Belarus was removed from the Eastern Partnership in 2021.",
    "Germany sees Turkey as a difficult partner.",  # an active view has its holder
])
def test_a_perception_or_placement_with_its_parties_stays(extractor, text):
    assert len(statements(extractor, text)) == 1


# ---------------------------------------------------------------- 4. "some", "many", "others" as the whole subject


@pytest.mark.parametrize("text", [
    "Some look back to the Merkel era in German energy policy with regret.",
    "Many fear that Turkey will leave the European customs union.",
    "Others argue that Germany should end its imports of Russian coal.",
    "Most agree that Norway should expand its gas exports to Germany.",
])
def test_a_bare_quantifier_names_no_one(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "holder"), [
    ("Some analysts look back to the Merkel era in German energy policy with regret.", None),
    ("Some German diplomats argue that Germany should end its imports of Russian coal.", "Some German diplomats"),
    ("Many of Germany’s diplomats expect a thaw with Turkey.", "Many of Germany’s diplomats"),
])
def test_a_quantified_group_stays(extractor, text, holder):
    found = extractor.extract_text("t", text)
    assert [c.holder for c in found] == [holder]


# ---------------------------------------------------------------- 5. "the leaders" with no one named


@pytest.mark.parametrize("text", [
    "At a summit praised by Chancellor Olaf Scholz, the leaders discussed energy ties with Norway.",
    "At a summit praised by Emmanuel Macron, the presidents discussed energy ties with Norway.",
    # one named, the others not: with which ministers, which envoys?
    "Chancellor Olaf Scholz discussed energy prices with the ministers in Oslo in 2022.",
    "Norway’s prime minister agreed with the envoys on a new fishing protocol in 2019.",
])
def test_the_leaders_with_one_name_before_is_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("text", [
    "The leaders of Germany and Norway discussed energy ties in Oslo in 2022.",
    "The German and Norwegian leaders discussed energy ties in Oslo in 2022.",
    "After Scholz and Store arrived in Oslo in 2022, the leaders discussed energy ties.",
])
def test_the_leaders_named_stay(extractor, text):
    assert len(statements(extractor, text)) == 1


# ---------------------------------------------------------------- 6. a comma left by a cut aside


@pytest.mark.parametrize(("text", "statement"), [
    ("Norway’s bid (backed by, remarkably, Sweden), was approved in May 2013.", "Norway’s bid was approved in May 2013."),
    ("Norway’s bid – backed by Sweden –, was approved in May 2013.", "Norway’s bid was approved in May 2013."),
    # a comma that opens the sentence's subject stays
    ("In 2013 (a year of change), Norway joined the Arctic Economic Council.", "In 2013, Norway joined the Arctic Economic Council."),
    # an aside the statement keeps keeps both its commas
    ("Norway, a founding member, has chaired the Arctic Council since 2023.",
     "Norway, a founding member, has chaired the Arctic Council since 2023."),
])
def test_no_comma_between_subject_and_verb(extractor, text, statement):
    assert statements(extractor, text) == [statement]
