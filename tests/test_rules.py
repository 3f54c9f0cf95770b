"""The rules file and the gazetteer: every shipped rule's fixtures (sentences written for them, not
taken from the seed corpus), and bad files located precisely."""

from __future__ import annotations

from pathlib import Path

import pytest
from argmap.errors import InputError
from argmap.extract import Extractor
from argmap.rules import DEFAULT_RULES, load_ruleset

# rule -> (a sentence it must find, a sentence it must not find)
FIXTURES = {
    "rejected-idea": ("The belief that sanctions will topple the Kremlin proved naive.",
                      "The belief that sanctions will topple the Kremlin spread quickly."),
    "no-evidence-that": ("There is no sign that Beijing will ease its pressure on Taipei.",
                         "There is a railway that links Beijing with Moscow."),
    "likely-that": ("It is likely that Seoul will join the new framework for chip exports.", "It is clear to everyone in Seoul."),
    "evident-that": ("It is evident that Rome underestimated the Libyan crisis.", "It is not evident that Rome underestimated the Libyan crisis."),
    "shows-that": ("The vote shows that Norway remains divided over the fishing quotas.",
                   "The vote does not show that Norway remains divided over the fishing quotas."),
    "reason-is-that": ("The trouble is that Chile has no port on the Atlantic.", "The question is whether Chile needs a port on the Atlantic."),
    "reported-speech": ("Chancellor Scholz argued that Germany must buy less Russian gas.", "Chancellor Scholz argued for an hour."),
    "reported-belief": ("Indian officials fear that Moscow is drifting toward Beijing.", "Fear of Moscow is common among Indian officials."),
    "reported-conviction": ("Officials in Vilnius are convinced that Belarus will close the border with Lithuania.",
                            "Officials in Vilnius are convinced of the need to close the border with Belarus."),
    "reported-expectation": ("Analysts in Seoul predict that Pyongyang will test another missile.",
                             "The predicted test by Pyongyang never came."),
    "reported-expectation-of": ("Some bankers in Lagos expect a sharp fall of the naira.", "The sharp fall of the naira surprised bankers in Lagos."),
    "according-to": ("According to Tehran, the new sanctions on Iranian banks violate the Vienna nuclear treaty.", "The talks with Tehran went according to plan."),
    "perception-regards-as": ("Ankara views Moscow as an indispensable partner.", "Ankara views the Bosphorus every morning."),
    "prediction-likely": ("Gas exports from Russia to Europe are likely to fall further.", "Gas exports from Russia to Europe fell further."),
    "prediction-expected": ("Indian purchases of Russian oil are expected to grow.", "Indian purchases of Russian oil grew."),
    "recommendation-should": ("Berlin should diversify its gas supply away from Russia.", "Berlin diversified its gas supply away from Russia."),
    "goal-wants": ("Vietnam seeks closer ties with Moscow.", "Closer ties between Vietnam and Moscow are sought by many."),
    "goal-willing": ("Hanoi is willing to buy more Russian weapons.", "Hanoi is buying more Russian weapons."),
    "prediction-modal": ("Seoul might join the sanctions against Russia.", "Seoul joined the sanctions against Russia."),
    "prediction-will": ("Canada will send more troops to Latvia.", "Canada sent more troops to Latvia."),
    "assessment-copular": ("Turkish policy toward Russia remains ambiguous.", "Turkey buys Russian missiles."),
    "fact-event": ("Finland closed its border with Russia in 2023.", "The closure of Finland's border with Russia in 2023."),
    "conjunct-assessment": ("Sweden's neutrality was not popular and became a burden.", "Sweden's neutrality was popular or became a model."),
    "conjunct-event": ("Estonia did not close its embassy but recalled its ambassador.", "Estonia criticized and sanctioned Belarus in 2021."),
}

# a second sentence each rule must find, in another wording: a rule is a construction, not a sentence
SECOND_MATCHES = {
    "rejected-idea": "The hope that Ankara would mediate between Kyiv and Moscow seems misplaced.",
    "no-evidence-that": "There is little evidence that Western sanctions have changed Iranian policy.",
    "likely-that": "It is unlikely that Hanoi will buy Russian fighter jets again.",
    "evident-that": "It seems that Lisbon has quietly dropped its objections to the Mercosur treaty.",
    "shows-that": "The failed talks demonstrated that Cairo cannot mediate between Israel and Hamas.",
    "reason-is-that": "The main reason for the delay was that Nigeria changed its oil minister twice.",
    "reported-speech": "“Moscow will not use force,” said Kremlin spokesman Dmitry Peskov.",
    "reported-belief": "Many Kazakhs think that China is a safer partner than Russia.",
    "reported-conviction": "Vietnam remains concerned that Beijing may build more islands.",
    "reported-expectation": "Japanese investors expect that the yen will weaken further.",
    "reported-expectation-of": "Many traders in Jakarta fear a ban on Indonesian palm oil.",
    "according-to": "According to Polish officials, Belarus has moved more troops to the border.",
    "perception-regards-as": "Washington does not consider Ankara a reliable ally as long as it buys Russian missiles.",
    "prediction-likely": "Beijing is unlikely to criticize Moscow in public.",
    "prediction-expected": "Germany is set to close its last coal plants by 2038.",
    "recommendation-should": "Tokyo must not lift its sanctions before Moscow withdraws.",
    "goal-wants": "Pakistan wants cheaper Russian oil.",
    "goal-willing": "Brazil is not ready to join the sanctions against Russia.",
    "prediction-modal": "India could become Russia's largest oil customer.",
    "prediction-will": "The European Union will not recognize the referendum in Crimea.",
    "assessment-copular": "Relations between Tokyo and Seoul have become warmer.",
    "fact-event": "Mongolia signed a new gas agreement with Russia.",
    "conjunct-assessment": "Denmark's plan did not pass in Brussels and remained a dead letter.",
    "conjunct-event": "Hungary signed the G7 statement but will not send weapons to Kyiv.",
}
SECOND_MATCHES["perception-regards-as"] = "Washington does not view Ankara as a reliable ally."


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_ruleset())


def test_every_shipped_rule_has_fixtures():
    assert {rule.name for rule in load_ruleset().rules} == set(FIXTURES) == set(SECOND_MATCHES)


@pytest.mark.parametrize("rule", sorted(FIXTURES))
def test_rule_finds_its_sentence_and_not_the_other(extractor, rule):
    matching, other = FIXTURES[rule]
    found = extractor.extract_text("fixture", matching)
    assert rule in {c.rule for c in found}, f"{rule} did not match {matching!r}: {[(c.rule, c.quote) for c in found]}"
    assert rule not in {c.rule for c in extractor.extract_text("fixture", other)}


@pytest.mark.parametrize("rule", sorted(SECOND_MATCHES))
def test_rule_finds_a_second_wording(extractor, rule):
    found = extractor.extract_text("fixture", SECOND_MATCHES[rule])
    assert rule in {c.rule for c in found}, f"{rule}: {[(c.rule, c.quote) for c in found]}"


def test_every_rule_names_a_kind_and_its_claims_carry_it(extractor):
    kinds = {rule.name: rule.kind for rule in extractor.ruleset.rules}
    for rule, (matching, _) in FIXTURES.items():
        [claim] = [c for c in extractor.extract_text("fixture", matching) if c.rule == rule]
        assert claim.kind.value == kinds[rule]


def _rules_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD_RULE = """\
rules:
  - name: wants
    label: "X wants Y"
    kind: goal
    statement: "{clause}"
    patterns:
      - - {RIGHT_ID: predicate, RIGHT_ATTRS: {LEMMA: want}}
        - {LEFT_ID: predicate, REL_OP: ">", RIGHT_ID: subject, RIGHT_ATTRS: {DEP: nsubj}}
"""


def _errors(path: Path) -> list[str]:
    with pytest.raises(InputError) as raised:
        load_ruleset(path)
    return [str(issue) for issue in raised.value.issues]


def test_a_users_rules_file_replaces_the_shipped_one(tmp_path):
    ruleset = load_ruleset(_rules_file(tmp_path, GOOD_RULE))
    claims = Extractor(ruleset).extract_text("t", "Japan wants better ties with Russia.")
    assert [(c.rule, c.statement, c.about, c.kind.value) for c in claims] == [("wants", "Japan wants better ties with Russia.", "Japan", "goal")]


def test_unknown_key_is_located(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("    kind: goal\n", "    kind: goal\n    weight: 3\n"))
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:5: rule wants: unknown key `weight`"), errors


def test_unknown_kind_is_located(tmp_path):
    errors = _errors(_rules_file(tmp_path, GOOD_RULE.replace("kind: goal", "kind: guess")))
    assert len(errors) == 1 and errors[0].startswith(f"{tmp_path / 'rules.yaml'}:4: rule wants: `kind`:"), errors


def test_missing_key_is_reported_at_the_rule(tmp_path):
    errors = _errors(_rules_file(tmp_path, GOOD_RULE.replace('    label: "X wants Y"\n', "")))
    assert errors == [f"{tmp_path / 'rules.yaml'}:2: rule wants: missing key `label`; add `label:`"]


def test_malformed_pattern_points_at_the_pattern(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace('REL_OP: ">"', 'REL_OP: "~~"'))
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:7: rule wants: pattern 1:"), errors


def test_a_template_slot_needs_its_node(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace('"{clause}"', '"{content}"'))
    assert _errors(path) == [f"{path}:5: rule wants: the template's {{content}} needs a `content` node in every pattern; name a node `RIGHT_ID: content`"]
    path = _rules_file(tmp_path, GOOD_RULE.replace('"{clause}"', '"{actor} wants"'))
    assert _errors(path)[0].startswith(f"{path}:5: rule wants: unknown slot(s) {{actor}}")


def test_negated_cue_is_validated_and_located(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("    kind: goal\n", "    kind: goal\n    negated_cue: ignore\n"))
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:5: rule wants: `negated_cue`:"), errors
    path = _rules_file(tmp_path, GOOD_RULE.replace("    kind: goal\n", "    kind: goal\n    negated_cue: no-claim\n"))
    assert _errors(path) == [f"{path}:5: rule wants: `negated_cue` needs a `cue` node in every pattern; name a node `RIGHT_ID: cue`"]


def test_a_negated_cue_denies_or_makes_no_claim_as_the_rule_says(tmp_path):
    body = "cues:\n  negation: [not]\n" + GOOD_RULE.replace("RIGHT_ID: predicate,", "RIGHT_ID: cue,").replace("LEFT_ID: predicate,", "LEFT_ID: cue,")
    body = body.replace("LEMMA: want", "LEMMA: think").replace('"{clause}"', '"{content}"')
    body += '        - {LEFT_ID: cue, REL_OP: ">", RIGHT_ID: content, RIGHT_ATTRS: {DEP: ccomp}}\n'
    text = "Norway does not think that Russia will attack Finland."
    [claim] = Extractor(load_ruleset(_rules_file(tmp_path, body))).extract_text("t", text)
    assert (claim.statement, claim.polarity) == ("Russia will attack Finland.", "denied")
    no_claim = body.replace("    kind: goal\n", "    kind: goal\n    negated_cue: no-claim\n")
    assert Extractor(load_ruleset(_rules_file(tmp_path, no_claim))).extract_text("t", text) == []
    assert len(Extractor(load_ruleset(_rules_file(tmp_path, no_claim))).extract_text("t", text.replace("does not think", "thinks"))) == 1


def test_duplicate_rule_name_is_reported_at_the_second(tmp_path):
    second = GOOD_RULE.split("rules:\n", 1)[1]
    path = _rules_file(tmp_path, GOOD_RULE + second)
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:9: rule wants: duplicate rule name; it is already used at line 2"), errors


def test_malformed_yaml_is_located(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("kind: goal", "kind: [goal"))
    errors = _errors(path)
    assert errors[0].startswith(f"{path}:") and "malformed YAML" in errors[0]


def test_cues_are_validated_and_located(tmp_path):
    path = _rules_file(tmp_path, "cues:\n  hedges: {may: 2}\n  negation: not\n" + GOOD_RULE)
    errors = _errors(path)
    assert any(e.startswith(f"{path}:3: cues: `negation`") for e in errors), errors
    assert any(e.startswith(f"{path}:2: cues: `hedges.may`") for e in errors), errors


def test_cues_take_effect_in_a_users_rules_file(tmp_path):
    body = "cues:\n  negation: [not]\n  hedges: {may: 0.4, probable: 0.6}\n" + GOOD_RULE + """\
  - name: probable
    label: "it is probable that Y"
    kind: prediction
    statement: "{content}"
    patterns:
      - - {RIGHT_ID: judge, RIGHT_ATTRS: {LEMMA: be}}
        - {LEFT_ID: judge, REL_OP: ">", RIGHT_ID: cue, RIGHT_ATTRS: {DEP: acomp, LOWER: probable}}
        - {LEFT_ID: judge, REL_OP: ">", RIGHT_ID: content, RIGHT_ATTRS: {DEP: ccomp}}
"""
    extractor = Extractor(load_ruleset(_rules_file(tmp_path, body)))
    [claim] = extractor.extract_text("t", "Japan may not want better ties with Russia.")
    # the user's negation denies; "may" is a hedge the statement shows in its words, so it is no confidence too
    assert claim.polarity == "denied" and claim.statement == "Japan may want better ties with Russia." and claim.confidence is None
    [judged] = [c for c in extractor.extract_text("t", "It is not probable that Japan wants better ties with Russia.") if c.rule == "probable"]
    assert judged.polarity == "denied" and judged.confidence == 0.6  # the user's hedge, left out of the statement


def test_gazetteer_form_given_to_two_entities_is_reported(tmp_path):
    path = tmp_path / "gazetteer.yaml"
    path.write_text("entities:\n  Russia: [Moscow]\n  Japan: [Tokyo, Moscow]\nholder_words: [analysts]\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_ruleset(DEFAULT_RULES, path)
    assert [str(i) for i in raised.value.issues] == [
        f"{path}:3: entity Japan: `Moscow` is already a form of Russia ({path}:2); give each surface form one entity"
    ]


def test_rules_module_does_not_import_extraction():
    """No import cycle: rules.py reads files; extract.py matches (and imports rules.py)."""
    source = (Path(__file__).resolve().parent.parent / "graph" / "rules.py").read_text(encoding="utf-8")
    assert "from .extract" not in source and "import extract" not in source


def test_a_rules_path_that_is_not_a_file_is_an_error_not_a_hang(tmp_path):
    import os

    fifo = tmp_path / "rules.yaml"
    os.mkfifo(fifo)
    errors = _errors(fifo)
    assert errors == [f"{fifo}: is a named pipe (FIFO), not a file; replace it with a regular UTF-8 text file"], errors
    missing = tmp_path / "nothing.yaml"
    assert _errors(missing)[0].startswith(f"{missing}: file not found")


def test_max_words_must_be_a_positive_number(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("    kind: goal\n", "    kind: goal\n    max_words: 0\n"))
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:5: rule wants:") and "max_words" in errors[0], errors


def test_max_words_refuses_a_longer_statement(tmp_path):
    ruleset = load_ruleset(_rules_file(tmp_path, GOOD_RULE.replace("    kind: goal\n", "    kind: goal\n    max_words: 5\n")))
    extractor = Extractor(ruleset)
    assert [c.statement for c in extractor.extract_text("t", "Japan wants ties with Russia.")] == ["Japan wants ties with Russia."]
    assert extractor.extract_text("t", "Japan wants better and warmer ties with Russia.") == []
