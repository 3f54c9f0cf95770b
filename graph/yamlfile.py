"""Hand-edited YAML, read fast (libyaml through PyYAML) with the line of every key and item kept.

The loaders report problems as `path:line`, so they need positions; ruamel's round-trip loader
keeps them but is pure Python and took seconds per megabyte. Here libyaml composes the node tree
(positions included) and only the scalars are constructed in Python.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

try:  # libyaml ships with PyYAML's wheels; the pure-Python parser gives the same answers, slower
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Base

BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(_Base):
    """YAML 1.2 booleans: only true/false. YAML 1.1's yes/no/on/off would turn a word such as
    `no` in a list of negation cues (or a country code) into False behind the curator's back."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class LinedMap(dict):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 1
    key_lines: dict

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines = {}


class LinedSeq(list):
    """A YAML sequence that remembers its own line and the line of each item (1-based)."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class YamlSyntaxError(Exception):
    """Malformed YAML, with the 1-based line where the parser gave up."""

    def __init__(self, line: int, what: str):
        self.line, self.what = line, what
        super().__init__(f"line {line}: {what}")


def load_yaml(text: str) -> Any:
    """Parse one YAML document into LinedMap / LinedSeq / plain scalars (None for an empty file)."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        return None if root is None else _convert(root, loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise YamlSyntaxError(mark.line + 1 if mark else 1, (err.problem or err.context or "malformed YAML").strip()) from err
    except yaml.YAMLError as err:
        raise YamlSyntaxError(1, str(err)) from err
    finally:
        loader.dispose()


def line_of(node: Any, key: Any = None) -> int | None:
    """1-based line of a mapping key or a sequence item (or of the node itself), if known."""
    if key is None:
        return getattr(node, "line", None)
    if isinstance(node, LinedMap):
        return node.key_lines.get(key)
    if isinstance(node, LinedSeq) and isinstance(key, int) and 0 <= key < len(node):
        return node.item_lines[key]
    return None


def plain(node: Any) -> Any:
    """Lined containers -> plain dicts and lists, so that strict models see ordinary types."""
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


def describe(value: Any) -> str:
    """What a YAML value is, in a curator's words."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return f"a {type(value).__name__} ({value!r:.40})"


def _convert(node: yaml.Node, loader: Any) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping = LinedMap(line)
        for key_node, value_node in node.value:
            key = _convert(key_node, loader)
            if isinstance(key, (dict, list)):
                raise yaml.MarkedYAMLError(problem="a mapping key must be a plain value", problem_mark=key_node.start_mark)
            key = _scalar(key)
            if key in mapping:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r} (first at line {mapping.key_lines[key]})", problem_mark=key_node.start_mark
                )
            mapping[key] = _convert(value_node, loader)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = LinedSeq(line)
        for item in node.value:
            sequence.append(_convert(item, loader))
            sequence.item_lines.append(item.start_mark.line + 1)
        return sequence
    return _scalar(loader.construct_object(node))


def _scalar(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        # An unquoted YAML date: what the person wrote is the date they meant, as text.
        return value.isoformat()[:10]
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value
