"""Whose view it is (session 8), on sentences written for these tests: a sentence the next one gives a
holder ("A. This view was expressed by X.") is not the author's; "As X notes, Y" is X's view, like
"according to X, Y", and a second clause under the frame is no one's; a holder named only by role
("according to this expert", "the analyst argues") is the one person named before it, or no one."""

from __future__ import annotations

import pytest
from argmap.models import Polarity

from .test_extract import statements  # the extractor fixture is conftest's


def _views(extractor, text):
    return [(c.statement, c.holder, c.holder_actor) for c in extractor.extract_text("t", text)]


# ---------------------------------------------------------------- 1. a view the next sentence attributes

VIEW = "Canada will never accept Danish control of Hans Island."


@pytest.mark.parametrize("pointer", [
    "This view was expressed by Professor Lindqvist of Uppsala University.",
    "This is the opinion of Professor Lindqvist of Uppsala University.",
    "Such is the assessment of Margaret Atwood.",
    "That is how Margaret Atwood sees it.",
    "This position is shared by many Canadian diplomats.",
    "So says Margaret Atwood.",
    "This is what Margaret Atwood argues.",
    "This was argued by Margaret Atwood in 2019.",
    "These are the views of the Canadian Arctic lobby.",
    "Such an assessment was voiced by several Danish officials in 2020.",
    "This is Margaret Atwood's view.",
])
def test_a_view_the_next_sentence_attributes_is_not_the_authors(extractor, pointer):
    assert statements(extractor, f"{VIEW} {pointer}") == []


@pytest.mark.parametrize("text", [
    "Greenland's ice sheet has lost mass every year since 1998. That conclusion was reached by a team at Aarhus University.",
    "Norway should expand its gas exports to Poland. This argument was put forward by Jonas Store in 2022.",
])
def test_other_views_the_next_sentence_attributes(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize("following", [
    "This view ignores the history of the Arctic.",  # the author judges the view: no one else holds it
    "This is my view.",  # the author's own
    "This is our view.",
    "That is how Canada lost the whaling dispute with Norway.",  # not a verb of viewing
    "This was made possible by the 1973 Canada–Denmark treaty.",  # a cause, not a holder
    "This is the result of decades of Canadian neglect.",  # not a view noun
    "This move was welcomed by Margaret Atwood.",
])
def test_a_next_sentence_without_a_holder_leaves_the_claim_the_authors(extractor, following):
    found = extractor.extract_text("t", f"{VIEW} {following}")
    assert [(c.statement, c.holder, c.polarity) for c in found][:1] == [
        ("Canada will accept Danish control of Hans Island.", None, Polarity.DENIED)]


def test_a_holder_in_the_next_paragraph_leaves_the_claim_the_authors(extractor):
    # a paragraph's "this view" may sum up more than the last sentence before it
    text = f"{VIEW}\nThis view was expressed by Professor Lindqvist of Uppsala University."
    assert statements(extractor, text) == ["Canada will accept Danish control of Hans Island."]


def test_a_view_already_attributed_keeps_its_holder(extractor):
    text = "Ottawa argues that Denmark has no claim to Hans Island. This view is shared by Margaret Atwood."
    assert _views(extractor, text) == [("Denmark has no claim to Hans Island.", "Ottawa", "Ottawa")]


# ---------------------------------------------------------------- 2. "as X notes, Y"


@pytest.mark.parametrize(("text", "statement", "holder"), [
    ("As Nagoshi notes, Canada has little leverage over Denmark.", "Canada has little leverage over Denmark.", "Nagoshi"),
    ("As Margaret Atwood has argued, Canada depends on American satellites in the Arctic.",
     "Canada depends on American satellites in the Arctic.", "Margaret Atwood"),
    ("As Lindqvist points out, Sweden joined its first military alliance in 2024.",
     "Sweden joined its first military alliance in 2024.", "Lindqvist"),
    ("As Lindqvist put it, Sweden gave up two centuries of neutrality in one year.",
     "Sweden gave up two centuries of neutrality in one year.", "Lindqvist"),
    ("Finland, as Lindqvist observes, has the largest artillery force in Europe.",
     "Finland has the largest artillery force in Europe.", "Lindqvist"),
    ("As Foreign Minister Joly explained, Canada wants a new Arctic partnership with Denmark.",
     "Canada wants a new Arctic partnership with Denmark.", "Foreign Minister Joly"),
])
def test_as_x_notes_is_xs_view(extractor, text, statement, holder):
    found = extractor.extract_text("t", text)
    assert [(c.statement, c.holder, c.rule) for c in found] == [(statement, holder, "according-to")]
    assert found[0].holder_actor is not None


@pytest.mark.parametrize("text", [
    "As Lindqvist has argued, Sweden will not return to neutrality.",
    "As Lindqvist notes, Sweden will never return to neutrality.",
])
def test_as_x_notes_denies_as_according_to_does(extractor, text):
    # the frame's clause is stated as "according to X" states it: affirmative, denied
    found = extractor.extract_text("t", text)
    assert [(c.statement, c.holder, c.polarity) for c in found] == [
        ("Sweden will return to neutrality.", "Lindqvist", Polarity.DENIED)]


@pytest.mark.parametrize("text", [
    # the frame may or may not cover the second clause: neither the author's nor surely Nagoshi's
    "As Nagoshi notes, Canada has little leverage over Denmark and Ottawa will not change its Arctic policy.",
    "As Lindqvist has argued, Sweden gave up its neutrality, but Finland will never regret joining NATO.",
    # the same for the frames "according to X" and "in X's view"
    "In Lindqvist's view, Sweden has little leverage over Finland, and Stockholm will not change its Baltic policy.",
    "According to Lindqvist, Sweden froze the assets of Russian banks and expelled three Russian diplomats in 2022.",
])
def test_a_second_clause_under_the_frame_is_refused(extractor, text):
    holders = [c.holder for c in extractor.extract_text("t", text)]
    assert None not in holders and len(holders) <= 1


@pytest.mark.parametrize("text", [
    "As he notes, Canada has little leverage over Denmark.",  # whose?
    "As I have argued, Canada has little leverage over Denmark.",
    "As Lindqvist said in 2019, Canada has little leverage over Denmark.",  # a view dated by its frame floats
])
def test_as_frames_naming_no_one_make_no_claim(extractor, text):
    assert statements(extractor, text) == []


@pytest.mark.parametrize(("text", "statement"), [
    ("As a result, Canada has little leverage over Denmark.", "Canada has little leverage over Denmark."),
    ("As expected, Canada raised the Hans Island dispute in 2005.", "As expected, Canada raised the Hans Island dispute in 2005."),
    ("As noted above, Canada raised the Hans Island dispute in 2005.", "As noted above, Canada raised the Hans Island dispute in 2005."),
    ("As Canada grows more confident, Denmark will seek a compromise over Hans Island.",
     "As Canada grows more confident, Denmark will seek a compromise over Hans Island."),
    # the verb has its own object: a time or a reason, not whose words the clause is
    ("As Ottawa argued for new sanctions, Moscow expanded its Arctic fleet in 2022.",
     "As Ottawa argued for new sanctions, Moscow expanded its Arctic fleet in 2022."),
    ("As Denmark insists that it will never sell Greenland, Washington has little leverage over Copenhagen.",
     "As Denmark insists that it will never sell Greenland, Washington has little leverage over Copenhagen."),
])
def test_as_phrases_that_are_no_attribution_stay_the_authors(extractor, text, statement):
    assert [(c.statement, c.holder) for c in extractor.extract_text("t", text)] == [(statement, None)]


def test_as_it_turned_out_gives_no_one_the_view(extractor):
    assert all(c.holder is None for c in extractor.extract_text("t", "As it turned out, Canada kept its claim to Hans Island."))


# ---------------------------------------------------------------- 3. a holder named by role


@pytest.mark.parametrize("text", [
    "Astrid Lindqvist teaches at Uppsala University. According to this expert, Sweden will not leave NATO.",
    "Astrid Lindqvist spoke in Stockholm in 2023. According to the professor, Sweden will not leave NATO.",
    "Astrid Lindqvist spoke in Stockholm in 2023.\nAccording to the analyst, Sweden will not leave NATO.",  # the paragraph before
    "Astrid Lindqvist teaches at Uppsala University. As the analyst notes, Sweden will not leave NATO.",
    # one person, named twice
    "Astrid Lindqvist teaches at Uppsala University. Lindqvist spoke in Stockholm in 2023. According to this scholar, "
    "Sweden will not leave NATO.",
])
def test_a_role_holder_is_the_one_person_named_before(extractor, text):
    views = [v for v in _views(extractor, text) if v[1] is not None]
    assert views == [("Sweden will leave NATO.", "Astrid Lindqvist", "Astrid Lindqvist")]


def test_a_role_holder_of_a_reported_view_is_the_one_person_named_before(extractor):
    text = "Astrid Lindqvist teaches at Uppsala University. The analyst argues that Sweden will not leave NATO."
    views = [v for v in _views(extractor, text) if v[1] is not None]
    assert views == [("Sweden will not leave NATO.", "Astrid Lindqvist", "Astrid Lindqvist")]


@pytest.mark.parametrize("text", [
    "According to the analyst, Sweden will not leave NATO.",  # no one named
    "Astrid Lindqvist and Olof Palme Jr spoke in Stockholm in 2023. According to the analyst, Sweden will not leave NATO.",
    "Astrid Lindqvist teaches at Uppsala University. According to these experts, Sweden will not leave NATO.",  # not one person
    "Astrid Lindqvist teaches at Uppsala University. The analysts argue that Sweden will not leave NATO.",
])
def test_a_role_holder_without_one_person_makes_no_claim(extractor, text):
    assert all("leave NATO" not in statement for statement in statements(extractor, text))


@pytest.mark.parametrize(("text", "holder"), [
    ("According to the analyst Astrid Lindqvist, Sweden will not leave NATO.", "the analyst Astrid Lindqvist"),
    ("According to Swedish officials, Sweden will not leave NATO.", "Swedish officials"),
])
def test_a_named_holder_stays(extractor, text, holder):
    assert [c.holder for c in extractor.extract_text("t", text)] == [holder]


# ---------------------------------------------------------------- the cue words are data


def test_the_holder_cue_lists_are_validated(tmp_path):
    from argmap.errors import InputError
    from argmap.rules import load_ruleset

    from .test_rules import GOOD_RULE

    path = tmp_path / "rules.yaml"
    path.write_text("cues:\n  view_nouns: view\n  viewing_verbs: [share]\n  role_nouns: [3]\n" + GOOD_RULE, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_ruleset(path)
    errors = [str(issue) for issue in raised.value.issues]
    assert any(e.startswith(f"{path}:2: cues: `view_nouns`") for e in errors), errors
    assert any(e.startswith(f"{path}:4: cues: `role_nouns") for e in errors), errors


def test_the_holder_cue_lists_come_from_the_rules_file(tmp_path):
    from argmap.extract import Extractor
    from argmap.rules import DEFAULT_RULES, load_ruleset

    # the shipped rules with "position" taken out of the view nouns: "This position is shared by X" then
    # points back at nothing the rules know, and the sentence before stays the author's
    shipped = DEFAULT_RULES.read_text(encoding="utf-8")
    assert "view_nouns: [view, opinion, assessment, position," in shipped
    path = tmp_path / "rules.yaml"
    path.write_text(shipped.replace("view_nouns: [view, opinion, assessment, position,", "view_nouns: [view, opinion, assessment,"),
                    encoding="utf-8")
    text = f"{VIEW} This position is shared by many Canadian diplomats."
    assert statements(Extractor(load_ruleset(path)), text) == ["Canada will accept Danish control of Hans Island."]
