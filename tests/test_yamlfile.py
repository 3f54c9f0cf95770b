"""Reading hand-edited YAML: positions kept, YAML 1.2 booleans, duplicate keys refused."""

from __future__ import annotations

import pytest

from argmap.yamlfile import LinedMap, LinedSeq, YamlSyntaxError, line_of, load_yaml, plain


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
