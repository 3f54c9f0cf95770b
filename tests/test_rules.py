"""The rules file and the gazetteer: every shipped rule's fixtures, and bad files located precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.extract import Extractor
from argmap.rules import DEFAULT_RULES, load_ruleset

# rule -> (a sentence it must find, a sentence it must not find)
FIXTURES = {
    "perception-regards-as": ("Moscow does not regard Tokyo as an independent actor.", "Moscow regards Tokyo warily."),
    "belief-that": ("Many Russians believe that Japan is not independent.", "Belief in Japan is widespread."),
    "belief-fears": ("Tokyo fears that China will grow stronger.", "Fear of China is common in Tokyo."),
    "prediction-expects": ("Some analysts in Moscow expect a grand bargain with China.", "The expected bargain with China did not come."),
    "goal-wants": ("Japan wants improved ties with Russia.", "What Japan needs is not clear."),
    "goal-willing": ("The Kremlin is willing to wait for Japanese concessions.", "Willingness in Tokyo is high."),
    "prediction-likely": ("Russia–U.S. relations look unlikely to improve soon.", "Russia likes Japan."),
    "prediction-expected-to": ("Russian economic growth is expected to hover around 2 percent.", "Russia expected growth."),
    "prediction-actor-will": ("Tokyo will not lift the sanctions.", "The sanctions will stay in place."),
    "ability-can": ("Beijing cannot ignore the Arctic any longer.", "What Tokyo can do about it is unclear."),
    "likelihood-there-is": ("There is little reason to expect Russian concessions to Japan.", "There is a treaty between Russia and Japan."),
    "assessment-measures": ("Japan’s sanctions on Russia were moderate and symbolic.", "Japan’s sanctions on Russia were announced in March."),
}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_ruleset())


def test_every_shipped_rule_has_fixtures():
    assert {rule.name for rule in load_ruleset().rules} == set(FIXTURES)


@pytest.mark.parametrize("rule", sorted(FIXTURES))
def test_rule_finds_its_sentence_and_not_the_other(extractor, rule):
    matching, other = FIXTURES[rule]
    found = extractor.extract_text("fixture", matching)
    assert rule in {c.rule for c in found}, f"{rule} did not match {matching!r}: {[(c.rule, c.quote) for c in found]}"
    assert rule not in {c.rule for c in extractor.extract_text("fixture", other)}


def _rules_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD_RULE = """\
rules:
  - name: wants
    label: "X wants Y"
    kind: goal
    predicate: wants
    statement: "{subject} wants {rest}"
    pattern:
      - {_: {actor: true}, OP: "+", role: subject}
      - {LEMMA: want, role: cue}
"""


def _errors(path: Path) -> list[str]:
    with pytest.raises(InputError) as raised:
        load_ruleset(path)
    return [str(issue) for issue in raised.value.issues]


def test_a_users_rules_file_replaces_the_shipped_one(tmp_path):
    ruleset = load_ruleset(_rules_file(tmp_path, GOOD_RULE))
    claims = Extractor(ruleset).extract_text("t", "Japan wants better ties with Russia.")
    assert [(c.rule, c.statement, c.about) for c in claims] == [("wants", "Japan wants better ties with Russia.", "Russia")]


def test_unknown_key_is_located(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("    kind: goal\n", "    kind: goal\n    weight: 3\n"))
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:5: rule wants: unknown key `weight`"), errors


def test_malformed_pattern_points_at_the_element(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("{LEMMA: want, role: cue}", "{LEMMA: want, OPP: '+'}"))
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:9: rule wants: malformed pattern"), errors


def test_unknown_argmap_attribute_is_reported(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("_: {actor: true}", "_: {country: true}"))
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:8: rule wants: pattern element 1 uses unknown attribute _.country"), errors


def test_duplicate_rule_name_is_reported_at_the_second(tmp_path):
    second = GOOD_RULE.split("rules:\n", 1)[1]
    path = _rules_file(tmp_path, GOOD_RULE + second)
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:10: rule wants: duplicate rule name; it is already used at line 2"), errors


def test_statement_with_unknown_slot_is_reported(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("{subject} wants {rest}", "{actor} wants {rest}"))
    assert _errors(path)[0].startswith(f"{path}:6: rule wants: unknown slot(s) {{actor}}")


def test_malformed_yaml_is_located(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("kind: goal", "kind: [goal"))
    errors = _errors(path)
    assert errors[0].startswith(f"{path}:") and "malformed YAML" in errors[0]


def test_gazetteer_form_given_to_two_entities_is_reported(tmp_path):
    path = tmp_path / "gazetteer.yaml"
    path.write_text("entities:\n  Russia: [Moscow]\n  Japan: [Tokyo, Moscow]\nholder_words: [analysts]\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_ruleset(DEFAULT_RULES, path)
    assert [str(i) for i in raised.value.issues] == [
        f"{path}:3: entity Japan: `Moscow` is already a form of Russia ({path}:2); give each surface form one entity"
    ]


def test_neighbour_words_must_be_a_list_of_single_words(tmp_path):
    path = _rules_file(tmp_path, GOOD_RULE.replace("    kind: goal\n", "    kind: goal\n    not_followed_by: is\n    not_preceded_by: [whether, 'if not']\n"))
    assert _errors(path) == [
        f"{path}:5: rule wants: `not_followed_by` must be a list of single words; e.g. `not_followed_by: [is, are, \",\"]`",
        f"{path}:6: rule wants: `not_preceded_by` must be a list of single words; e.g. `not_preceded_by: [is, are, \",\"]`",
    ]


def test_neighbour_words_and_cues_take_effect_in_a_users_rules_file(tmp_path):
    body = "cues:\n  negation: [not]\n  not_negating_before: [only]\n" + GOOD_RULE.replace(
        "    kind: goal\n", "    kind: goal\n    not_followed_by: [is]\n    not_preceded_by: [whether]\n")
    extractor = Extractor(load_ruleset(_rules_file(tmp_path, body)))
    assert extractor.extract_text("t", "What Japan wants is better ties with Russia.") == []
    assert extractor.extract_text("t", "Nobody knows whether Japan wants better ties with Russia.") == []
    [claim] = extractor.extract_text("t", "Japan wants not only better ties with Russia but a treaty.")
    assert claim.polarity == "affirmed" and "not only" in claim.statement


def test_a_cues_list_of_the_wrong_type_is_located(tmp_path):
    path = _rules_file(tmp_path, "cues:\n  not_negating_before: only\n" + GOOD_RULE)
    assert _errors(path) == [f"{path}:2: cues: `not_negating_before` must be a list of words; e.g. `[just, only]`"]
