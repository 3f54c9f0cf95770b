"""Session 8 (context2), from blind readings of unseen articles, on sentences written for these tests:
claims that lean on their paragraph for what a protest is about, who took a decision, whose "its"
is after a quantity, which actions or which island. Each refused statement was a claim before."""

from __future__ import annotations

import pytest

from .test_extract import statements  # the extractor fixture is conftest's

# ---------------------------------------------------------------- 1. a protest with nothing it is about


@pytest.mark.parametrize(("text", "refused"), [
    ("Tokyo filed a formal complaint in March 2021.", "Tokyo filed a formal complaint in March 2021."),
    ("Tokyo expressed a strong protest in 2022.", "Tokyo expressed a strong protest in 2022."),
    ("Beijing filed an official complaint in June 2019.", "Beijing filed an official complaint in June 2019."),
    # the participle's message is not in the statement: "lodged a strong protest" alone says against nothing
    ("Japan lodged a strong protest, saying the deployment violated its sovereignty.", "Japan lodged a strong protest."),
])
def test_a_protest_about_nothing_is_no_claim(extractor, text, refused):
    assert refused not in statements(extractor, text)


def test_a_protest_lodged_with_someone_about_nothing_is_no_claim(extractor):
    # (session 9, a dev article's "X has lodged a strong protest with the Russian government": with
    # whom says nothing of what about; session 8 had kept it)
    assert statements(extractor, "The Japanese Foreign Ministry lodged a strong protest with Moscow in 2022.") == []


def test_a_conjoined_protest_about_nothing_is_no_claim_but_its_partner_stays(extractor):
    found = statements(extractor, "Deputy Minister Sato summoned the Chinese ambassador and lodged a strong protest.")
    assert "Deputy Minister Sato lodged a strong protest." not in found
    assert "Deputy Minister Sato summoned the Chinese ambassador." in found


@pytest.mark.parametrize("statement", [
    "Japan lodged a protest with Russia over the missile drills in 2021.",
    "Seoul filed a complaint against Tokyo with the WTO in 2019.",
    "China made a formal objection to the sale of arms to Taiwan in 2020.",
    "Norway expressed its protest to Moscow in 2018.",
])
def test_a_protest_that_says_about_what_or_to_whom_stays(extractor, statement):
    assert statement in statements(extractor, statement)


# ---------------------------------------------------------------- 2. a decision with no one deciding


@pytest.mark.parametrize("text", [
    "A decision was made to stop issuing fishing permits for Japanese trawlers.",
    "Steps were taken in 2015 to limit fishing near the coast of Hokkaido.",
    "Measures were introduced against Russian crab exports in 2014.",
    "Action was taken against Japanese exporters in 2021.",
    "Countermeasures were adopted against Japanese firms in 2022.",
])
def test_an_agentless_passive_decision_is_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("statement", [
    "Japan's decision was made in 2019 after long debate.",
    "Russia's decision was reached in 2016.",
    "The Russian government's measures were adopted in 2022.",
    # not an act noun: the sanctions are what was adopted, and "against Russia" says on whom
    "Sanctions were adopted against Russia in 2014.",
])
def test_a_decision_with_its_decider_stays(extractor, statement):
    assert statement in statements(extractor, statement)


# ---------------------------------------------------------------- 3. whose actions?


@pytest.mark.parametrize("text", [
    "Lavrov condemned Tokyo's actions.",
    "Beijing denounced Canada's actions as provocative.",
    "Washington welcomed Seoul's actions.",
    # the parse hangs "Oslo's actions" on the quoted noun: the "'s" still makes them Oslo's, and which is not said
    "Shoigu called Oslo's actions “piracy”.",
])
def test_a_bare_possessed_act_is_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("statement", [
    "Japan's actions in the Kuril dispute angered Moscow in 2016.",
    "Russia's military activities near Hokkaido increased in 2020.",
    "Russia's peace-keeping activities in Syria drew criticism in 2017.",
    # a participle with its own noun says what the activities are
    "Most of Korea's capital-raising activities take place in New York.",
])
def test_actions_that_say_which_stay(extractor, statement):
    assert statement in statements(extractor, statement)


# ---------------------------------------------------------------- 4. "its" after a quantity


@pytest.mark.parametrize(("text", "refused"), [
    ("According to the poll, 60% of its residents oppose the new airport in Sapporo.", "60% of its residents oppose the new airport in Sapporo."),
    ("More than half of its exports go to China.", "More than half of its exports go to China."),
    ("Half of its population lives in Seoul.", "Half of its population lives in Seoul."),
    ("Norway says that 80 percent of its exports go to the European Union.", "80 percent of its exports go to the European Union."),
])
def test_its_after_only_a_quantity_is_no_claim(extractor, text, refused):
    assert refused not in statements(extractor, text)


@pytest.mark.parametrize(("text", "statement"), [
    ("Japan exports 40% of its cars to the United States.", "Japan exports 40% of its cars to the United States."),
    ("Korea says that 90% of Korean citizens distrust Moscow.", "90% of Korean citizens distrust Moscow."),
])
def test_its_after_a_noun_stays(extractor, text, statement):
    assert statement in statements(extractor, text)


# ---------------------------------------------------------------- 5. which island?


@pytest.mark.parametrize("text", [
    "Russia built a new airport on the island in 2014.",
    "Japanese fishermen were detained near the island in 2006.",
])
def test_the_island_unnamed_is_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("statement", [
    "Russia built a new airport on the island of Iturup in 2014.",
    "Japan claims the island of Etorofu.",
    "Putin visited Kunashir Island in 2010.",
    # the statement names it first
    "The governor of Sakhalin opened a school on the island in 2019.",
])
def test_a_named_island_stays(extractor, statement):
    assert statement in statements(extractor, statement)


# ---------------------------------------------------------------- 6. "it" after nouns of time and place only


@pytest.mark.parametrize(("text", "refused"), [
    ("In a meeting with Abe in 2016, the Russian president referred to it as a foundation.",
     "In a meeting with Abe in 2016, the Russian president referred to it as a foundation."),
    ("At a summit in Vladivostok in 2018, Putin called it a mistake.", "At a summit in Vladivostok in 2018, Putin called it a mistake."),
    # the second verb's statement leaves the treaty behind
    ("In Moscow in 2019, Lavrov called the peace treaty important and linked it to security guarantees.",
     "In Moscow in 2019, Lavrov linked it to security guarantees."),
])
def test_it_after_only_a_time_or_place_is_no_claim(extractor, text, refused):
    assert refused not in statements(extractor, text)


def test_it_after_a_noun_outside_the_circumstances_stays(extractor):
    statement = "Russia sees the alliance between Japan and the United States as a threat to it."
    assert statement in statements(extractor, statement)
