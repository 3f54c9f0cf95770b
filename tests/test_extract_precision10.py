"""Session 8, from unseen batch 15's verdicts, on sentences written for these tests: an appearance the
author sets up to overturn ("At first glance, it would seem that A. But …") is not the author's
claim; "X responded to Z, saying that Y" keeps what X said (or makes no claim), since "X responded
to Z" alone leaves out the message; a holder's words keep the closing mark of a quotation that
ends them (a commentator named "qty"); and, from batch 17's: a "therefore" right after a sentence
reporting someone's argument is that argument's conclusion, a participle sharing the "was" of the
passive before it is not split off without it, and "yesterday" / "tomorrow" date nothing."""

from __future__ import annotations

import pytest

from .test_extract import statements  # the extractor fixture is conftest's

# ---------------------------------------------------------------- 1. an appearance set up to be overturned


@pytest.mark.parametrize("text", [
    "At first glance, it would seem that the Kuril Islands and Crimea have nothing in common. But it turns out that they do.",
    "It may seem that Japan has abandoned its claim to the Kuril Islands. In fact, Tokyo has only postponed it.",
    "It appears that Western sanctions have hurt the Russian economy. However, Russian exports grew in 2023.",
    "It seems that Tokyo has given up hope of a peace treaty with Moscow. Yet Kishida raised the matter in 2022.",
    "At first sight, the Nagato summit in December 2016 was a failure for Abe.",
    "On paper, Japan and Russia remained at war until 1956.",
    "On the surface, relations between Tokyo and Moscow improved in 2016.",
])
def test_an_appearance_the_author_overturns_is_no_claim(extractor, text):
    # (the overturning sentence may make its own claim: only the first sentence's are checked)
    first = text.find(". ") + 1 or len(text)
    assert [c.statement for c in extractor.extract_text("t", text) if c.span.start < first] == []


@pytest.mark.parametrize(("text", "statement"), [
    # a seeming with nothing overturning it stays a hedged view of the author's
    ("It appears that Japan has abandoned its claim to the Kuril Islands. Tokyo has not raised it since 2019.",
     "Japan has abandoned its claim to the Kuril Islands."),
    # the "but" is in the next paragraph: it answers something else
    ("It appears that Japan has abandoned its claim to the Kuril Islands.\n\nBut that is another question.",
     "Japan has abandoned its claim to the Kuril Islands."),
    # "seemingly" qualifies a noun, not the clause: the event is asserted
    ("Japan has shown seemingly endless patience with Moscow since 2016. But Russia has offered nothing.",
     "Japan has shown seemingly endless patience with Moscow since 2016."),
])
def test_a_seeming_nothing_overturns_stays(extractor, text, statement):
    assert statement in statements(extractor, text)


def test_a_seeming_keeps_its_hedge(extractor):
    found = extractor.extract_text("t", "It appears that Japan has abandoned its claim to the Kuril Islands. Tokyo has not raised it since 2019.")
    assert [c.confidence for c in found if c.statement == "Japan has abandoned its claim to the Kuril Islands."] == [0.7]


# ---------------------------------------------------------------- 2. a response and what it said


@pytest.mark.parametrize(("text", "statement"), [
    ("Moscow responded to Kishida's statement in March 2022, saying that the Kuril Islands belong to Russia.",
     "Moscow responded to Kishida's statement in March 2022, saying that the Kuril Islands belong to Russia."),
    ("Beijing reacted angrily to Kishida's visit to Kyiv in March 2023, arguing that Japan was fanning the flames of war.",
     "Beijing reacted angrily to Kishida's visit to Kyiv in March 2023, arguing that Japan was fanning the flames of war."),
])
def test_a_response_keeps_what_it_said(extractor, text, statement):
    assert statements(extractor, text) == [statement]


@pytest.mark.parametrize("text", [
    # what was said leans on the paragraph ("the islands": which?): the response alone would say nothing
    "Moscow responded to Kishida's statement in March 2022, saying that the islands belong to Russia.",
    "Japan protested in May 2005, saying that the visit violated Japanese sovereignty.",
])
def test_a_response_whose_message_cannot_stand_alone_is_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "statement"), [
    # after a verb that is no response, the act stands without the participle, as before
    ("Lavrov met Kono in Moscow in January 2019, noting that the talks were difficult.",
     "Lavrov met Kono in Moscow in January 2019."),
    ("Japan imposed sanctions on Russia in 2022, indicating that it sided with the West.",
     "Japan imposed sanctions on Russia in 2022."),
])
def test_other_acts_drop_the_participle(extractor, text, statement):
    assert statements(extractor, text) == [statement]


# ---------------------------------------------------------------- 3. a holder's quoted name


@pytest.mark.parametrize(("text", "holder"), [
    ('A commentator on Japanese television named "Kuma" believes that Japan\'s talks with Russia on the Kuril Islands are bound to fail.',
     'A commentator on Japanese television named "Kuma"'),
    ("A columnist known as “Northern Fox” believes that Japan's talks with Russia on the Kuril Islands are bound to fail.",
     "A columnist known as “Northern Fox”"),
])
def test_a_holder_keeps_the_closing_mark_of_a_quoted_name(extractor, text, holder):
    assert [c.holder for c in extractor.extract_text("t", text)] == [holder]


# ---------------------------------------------------------------- 4. a conclusion of someone else's argument


@pytest.mark.parametrize("text", [
    "He argues that Japanese leaders hoped for Soviet mediation in 1945. The shock of the Soviet invasion was therefore decisive for Japan's surrender.",
    "Hasegawa argues that Tokyo misread Moscow in 1945. Japan's leaders were thus slow to accept the Potsdam terms.",
    "The professor maintains that Moscow wants a neutral Japan. Russian policy is consequently hostile to the US-Japan alliance.",
])
def test_a_conclusion_after_a_reported_argument_is_not_the_authors(extractor, text):
    second = text.find(". ") + 2
    assert [c.statement for c in extractor.extract_text("t", text) if c.span.start >= second] == []


@pytest.mark.parametrize("text", [
    # the author's own argument, and a conclusion in a new paragraph
    "I argue that Japanese leaders hoped for Soviet mediation in 1945. The shock of the Soviet invasion was therefore decisive for Japan's surrender.",
    "He argues that Japanese leaders hoped for Soviet mediation in 1945.\n\nThe shock of the Soviet invasion was therefore decisive for Japan's surrender.",
])
def test_the_authors_own_conclusion_stays(extractor, text):
    assert "The shock of the Soviet invasion was decisive for Japan's surrender." in statements(extractor, text)


# ---------------------------------------------------------------- 5. a participle sharing a passive "was"


@pytest.mark.parametrize(("text", "statement"), [
    # "ordered" (tagged VBD) shares "was interrogated"'s auxiliary: alone it would read "X ordered to leave"
    ("The Japanese diplomat was detained by the FSB in September 2022, and was interrogated for hours and ordered to leave Russia within two days.",
     "The Japanese diplomat was detained by the FSB in September 2022, and was interrogated for hours and ordered to leave Russia within two days."),
    ("The Japanese consul was arrested in Vladivostok in 2022 and asked to leave Russia within 48 hours.",
     "The Japanese consul was arrested in Vladivostok in 2022 and asked to leave Russia within 48 hours."),
])
def test_a_participle_sharing_a_passive_is_not_split_off(extractor, text, statement):
    assert statements(extractor, text) == [statement]


def test_a_participle_right_after_the_first_passive_keeps_its_was(extractor):
    text = "The Japanese consul was blindfolded in Vladivostok in 2022 and expelled from Russia in October 2022."
    assert statements(extractor, text) == ["The Japanese consul was blindfolded in Vladivostok in 2022.",
                                           "The Japanese consul was expelled from Russia in October 2022."]


# ---------------------------------------------------------------- 6. days named by the article's own now


@pytest.mark.parametrize("text", [
    "Yesterday evening, the Russian Foreign Ministry summoned the Japanese ambassador.",
    "The Russian Foreign Ministry will summon the Japanese ambassador tomorrow.",
    "Tonight the Japanese cabinet approves new sanctions against Russia.",
])
def test_a_day_named_by_the_articles_now_dates_nothing(extractor, text):
    assert statements(extractor, text) == []


def test_tomorrow_as_a_noun_is_no_date(extractor):
    text = "Better ties with Japan remain a question for tomorrow for Russia's leaders."
    assert statements(extractor, text) == [text]
