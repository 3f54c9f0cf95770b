"""Session 11, on texts written for these tests (no text of an unseen article is here): a sentence that closes with a
reporting frame ("…, the agency reported.", "…,” writes Abe.", "…, X has claimed") is what was reported, however the
parse hung the frame; "X told Y that he …" does not say which of them "he" is (these from the flawed claims of
batches 17–23; a statement that names no one, tried too, is no test: "Analysts in Tokyo believe that oil prices will
rise" is a claim); a sentence the next one denies ("That is not the case") is an objection raised to be
answered, an adjective of difficulty without its infinitive and a bare verb after a modal robbed of its object by a
misparsed second verb are garbles (from batches 24 and 25, read blind before any of this); "only" without all it
bounds, and a closing frame in the present perfect (from batch 26, read blind before these two); a clause the parse
hung on "said" after its content ("He said A, but B must …", from batch 27, read blind before it)."""

from __future__ import annotations

import pytest

from .test_extract import statements  # the extractor fixture is conftest's


@pytest.mark.parametrize("text", [
    # the parse hangs the frame on the name before it, as a relative clause of "Medinsky"
    "The Star of Siberia exhibition was opened in Tokyo in 2018 by Russian Culture Minister Vladimir Medinsky, "
    "the Rossiyskaya Gazeta website reported.",
    "The crab quota was set at 3,000 tons in talks with Russian Fisheries Agency chief Ilya Shestakov, the Hokkaido Shimbun reported.",
    # the frame taken for a second verb of the first clause
    "Yet Kono stayed in the post for less than a year, and Motegi, who followed him, “did not share that zeal for the talks,” "
    "writes Suzuki.",
])
def test_what_a_closing_frame_reports_is_not_the_authors(extractor, text):
    assert [c.statement for c in extractor.extract_text("t", text) if c.holder is None] == []


@pytest.mark.parametrize(("text", "statement"), [
    # a concession ("whatever X thinks") or a relative clause after the comma is no report
    ("Japan will keep its sanctions on Russia, whatever Moscow thinks.", "Japan will keep its sanctions on Russia, whatever Moscow thinks."),
    ("Russia deployed Bastion missile systems on Etorofu in 2016, which alarmed Tokyo.",
     "Russia deployed Bastion missile systems on Etorofu in 2016."),
    ("The Star of Siberia exhibition was opened in Tokyo in 2018 by Russian Culture Minister Vladimir Medinsky.",
     "The Star of Siberia exhibition was opened in Tokyo in 2018 by Russian Culture Minister Vladimir Medinsky."),
])
def test_a_sentence_with_no_closing_frame_keeps_its_claim(extractor, text, statement):
    assert statements(extractor, text) == [statement]


def test_a_closing_frame_still_gives_its_speaker_the_view(extractor):
    [claim] = extractor.extract_text("t", "Japan will impose new sanctions on Russian banks, said Yoshihide Suga, the chief cabinet secretary.")
    assert (claim.holder, claim.statement) == ("Yoshihide Suga, the chief cabinet secretary", "Japan will impose new sanctions on Russian banks.")


def test_he_after_telling_someone_may_be_either_of_them(extractor):
    # "he" may be Lavrov or the minister: no claim gives it to Lavrov
    assert statements(extractor, "Lavrov told the Japanese minister that he saw no reason to hurry.") == []


def test_a_view_told_to_someone_without_a_pronoun_keeps_its_holder(extractor):
    [claim] = extractor.extract_text("t", "Lavrov told Kishida that Japan's sanctions were hostile.")
    assert (claim.holder, claim.statement) == ("Lavrov", "Japan's sanctions were hostile.")


@pytest.mark.parametrize("text", [
    "Japan is simply a vassal of the United States. Isn’t that plain? That’s not the case: Tokyo has kept its own line with Moscow "
    "for decades.",
    "Japan is simply a vassal of the United States. Nothing could be further from the truth.",
])
def test_what_the_next_sentence_denies_is_not_the_authors(extractor, text):
    assert not any("vassal" in s for s in statements(extractor, text))


@pytest.mark.parametrize("text", [
    # someone else's denial, reported: the author's sentence stands
    "Japan is simply a vassal of the United States. That is not true, Russian officials say.",
    # not the case for something else, and "not so simple" is no denial
    "Japan is simply a vassal of the United States. This is not the case for South Korea, which has its own line.",
    "Japan is simply a vassal of the United States. It is not so simple for Tokyo to change course, however.",
])
def test_a_next_sentence_that_denies_something_else_leaves_the_claim(extractor, text):
    assert statements(extractor, text)[0] == "Japan is simply a vassal of the United States."


def test_an_adjective_of_difficulty_keeps_its_infinitive_or_makes_no_claim(extractor):
    # the parse hangs "to recoup" on "taken": "very hard, if not impossible" alone says something else
    assert statements(extractor, "Japan has taken a step whose costs will be very hard, if not impossible, to recoup.") == []
    assert statements(extractor, "The Kuril dispute will be difficult to resolve.") == ["The Kuril dispute will be difficult to resolve."]


def test_a_verb_robbed_of_its_object_by_a_misparse_makes_no_claim(extractor):
    # "pledged" taken for a second verb: "may put at risk." is left with no object
    text = "For Moscow, colder ties with Tokyo may put at risk pledged Japanese loans and weaken Russian attempts to split the alliance."
    assert not any(s.endswith("at risk.") for s in statements(extractor, text))
    text = "For Moscow, colder ties with Tokyo may put Japanese loans at risk and weaken Russian attempts to split the alliance."
    assert "For Moscow, colder ties with Tokyo may put Japanese loans at risk." in statements(extractor, text)


def test_a_closing_frame_in_the_present_perfect_is_a_report_too(extractor):
    text = ("Tokyo has insulted the memory of the victims of the Hiroshima and Nagasaki bombings, former Russian President "
            "Dmitry Medvedev has claimed on Saturday.")
    assert [c.statement for c in extractor.extract_text("t", text) if c.holder is None] == []


def test_only_keeps_everything_it_bounds_or_makes_no_claim(extractor):
    # "only to fill in a form" drops the passport and becomes false
    assert statements(extractor, "Japanese tourists will need only to fill in an online form and show a passport to enter Vladivostok.") == []
    kept = "Japanese tourists will need only to fill in an online form to enter Vladivostok."
    assert statements(extractor, kept) == [kept]


def test_a_view_about_no_one_named_is_still_a_claim(extractor):
    # a gate on statements naming no person, body or place was tried and dropped: currencies, prices and maxims
    # are claims a reader understands alone
    [claim] = extractor.extract_text("t", "Analysts in Tokyo believe that oil prices will rise in 2024.")
    assert (claim.holder, claim.statement) == ("Analysts in Tokyo", "Oil prices will rise in 2024.")


def test_a_clause_after_a_report_and_but_is_no_authors_claim(extractor):
    # (batch 27) the parse hangs "must draw" on "said": the speaker's words, or the author's? neither is said
    text = "Lavrov said Moscow is not planning new steps against Tokyo, but the Japanese side must draw its own conclusions."
    assert [(c.holder, c.statement) for c in extractor.extract_text("t", text)] == [
        ("Lavrov", "Moscow is not planning new steps against Tokyo.")]
    # after an act, not a report, the second clause is the author's
    assert "Japan should drop its sanctions." in statements(extractor, "Lavrov met Kishida in Tokyo in 2023, and Japan should drop its sanctions.")
