"""Reading hand-edited YAML: positions kept, YAML 1.2 booleans, duplicate keys refused."""

from __future__ import annotations

import pytest
from argmap.yamlfile import LinedMap, LinedSeq, YamlSyntaxError, YamlValueError, line_of, load_yaml, plain


def test_lines_of_keys_and_items():
    data = load_yaml("source: a\nclaims:\n  - id: x\n    quote: y\n\n  - id: z\n")
    assert isinstance(data, LinedMap) and isinstance(data["claims"], LinedSeq)
    assert (line_of(data, "source"), line_of(data, "claims")) == (1, 2)
    assert [line_of(data["claims"], i) for i in range(2)] == [3, 6]
    assert line_of(data["claims"][0], "quote") == 4
    assert line_of(data, "missing") is None
    assert plain(data) == {"source": "a", "claims": [{"id": "x", "quote": "y"}, {"id": "z"}]}
    assert type(plain(data)) is dict


def test_only_true_and_false_are_booleans_and_dates_stay_text():
    assert load_yaml("[no, yes, on, off, true, False, 2017-04-03, 0.5, null]") == ["no", "yes", "on", "off", True, False, "2017-04-03", 0.5, None]


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first at line 1)"), ("a: [1\nb: 2\n", 2, "did not find expected ',' or ']'")],
)
def test_malformed_yaml_names_the_line(text, line, what):
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text)
    assert (caught.value.line, caught.value.what) == (line, what)


def test_empty_document_is_none():
    assert load_yaml("# nothing but a comment\n") is None


def test_dates_are_never_typed_by_yaml():
    """An impossible date is text for the loader to refuse with its location; a time is kept."""
    assert load_yaml("a: 2017-02-30\nb: 2017-04-03T10:00:00Z\nc: !!timestamp 2017-04-03\n") == {
        "a": "2017-02-30", "b": "2017-04-03T10:00:00Z", "c": "2017-04-03"}


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("a: 1\nb: !!timestamp 2017-02-30\n", 2, "'2017-02-30' cannot be read as !!timestamp (day is out of range for month)"),
        ("a: !!int two\n", 1, "'two' cannot be read as !!int"),
        ("a: !!float high\n", 1, "'high' cannot be read as !!float"),
        ("a: !!timestamp beta\n", 1, "'beta' cannot be read as !!timestamp"),
        ("a: !!bool beta\n", 1, "'beta' cannot be read as !!bool"),
        ("a: !!binary /w==\n", 1, "a !!binary value is not UTF-8 text"),
        ("a:\n  b: &x [1, *x]\n", 2, "an alias refers to a mapping or list that contains it"),
        ("x: " + "[" * 100 + "]" * 100 + "\n", 1, "values nested more than 64 levels deep"),
        ('a: ok\nb: "bell\\a"\n', 2, "text contains the invisible character U+0007 (BEL) at character 5 of 'bell\\x07'"),
        ('a: "\\x1b[31m"\n', 1, "text contains the invisible character U+001B (ESCAPE)"),
        ('a: "\\N"\n', 1, "text contains the invisible character U+0085 (NEXT LINE)"),
        ('a: "\\uFFFF"\n', 1, "text contains the invisible character U+FFFF"),
        ('"key\\a": 1\n', 1, "text contains the invisible character U+0007 (BEL)"),
    ],
)
def test_values_yaml_cannot_make_are_located_errors(text, line, what):
    with pytest.raises(YamlValueError) as caught:
        load_yaml(text)
    assert caught.value.line == line and caught.value.what.startswith(what), caught.value.what
    assert caught.value.hint and caught.value.code == "yaml-value"


def test_an_alias_bomb_stops_at_the_line_that_expands_it():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    assert len(bomb) < 700  # 9**9 values from a few hundred bytes
    with pytest.raises(YamlValueError) as caught:
        load_yaml(bomb)
    assert caught.value.line == 5 and caught.value.what == "aliases expand to more than 10,000 values (an alias bomb?)"


def test_aliases_within_the_budget_are_fine():
    assert load_yaml("tf: &tf Tokyo Foundation\nlist: &l [a, b]\nx: [*tf, *l, *l]\n") == {
        "tf": "Tokyo Foundation", "list": ["a", "b"], "x": ["Tokyo Foundation", ["a", "b"], ["a", "b"]]}


def test_tabs_and_line_breaks_are_text():
    assert load_yaml('a: "tab\\there\\nand a line\\u2028sep"\n') == {"a": "tab\there\nand a line\u2028sep"}
