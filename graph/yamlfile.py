"""Hand-edited YAML, read fast (libyaml through PyYAML) with the line of every key and item kept.

The loaders report problems as `path:line`, so they need positions; ruamel's round-trip loader
keeps them but is pure Python and took seconds per megabyte. Here libyaml composes the node tree
(positions included) and only the scalars are constructed in Python.

Hostile or careless YAML never gets past this module as a Python exception: a value YAML cannot
construct (`!!int abc`, `!!timestamp 2017-02-30`), an alias that refers to itself or expands
beyond ALIAS_BUDGET values, nesting deeper than MAX_DEPTH and a control character in any text
all raise YamlSyntaxError (or its subclass YamlValueError) with the line. Dates are never typed
by YAML: `2017-02-30` stays the text the person wrote, for the loader to check as a date.
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
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# Seeds files are a few levels deep (sources -> source -> author -> name); anything much deeper is
# not a seeds file, and converting it recursively would exhaust Python's stack.
MAX_DEPTH = 64
# How many values aliases may add beyond the nodes written in the file. Seeds use aliases, if at
# all, for a repeated affiliation or list; an "alias bomb" (nine aliases of nine aliases of ...)
# makes billions from a few hundred bytes.
ALIAS_BUDGET = 10_000
# Characters that are invisible, and that XML 1.0 forbids or discourages (GraphML and SVG outputs
# would be invalid): C0 controls but tab, newline and carriage return; DEL; C1 controls;
# the non-characters U+FFFE and U+FFFF; lone surrogates.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


class _Loader(_Base):
    """YAML 1.2 booleans: only true/false. YAML 1.1's yes/no/on/off would turn a word such as
    `no` in a list of negation cues (or a country code) into False behind the curator's back.
    No implicit timestamps either: an unquoted 2017-02-30 would otherwise fail inside the YAML
    library, and an unquoted 2017-04-03T10:00 would lose its time; dates stay text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (BOOL_TAG, TIMESTAMP_TAG)]
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

    code = "yaml-syntax"
    hint = "fix the syntax on this line (indentation, quotes, colons)"

    def __init__(self, line: int, what: str):
        self.line, self.what = line, what
        super().__init__(f"line {line}: {what}")


class YamlValueError(YamlSyntaxError):
    """Well-formed YAML that argmap will not read: a value its tag cannot construct, a runaway
    alias, too deep a nesting, a control character. Carries a hint of its own."""

    code = "yaml-value"

    def __init__(self, line: int, what: str, hint: str):
        super().__init__(line, what)
        self.hint = hint


def load_yaml(text: str) -> Any:
    """Parse one YAML document into LinedMap / LinedSeq / plain scalars (None for an empty file)."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        return None if root is None else _Converter(loader).convert(root)
    except YamlSyntaxError:
        raise
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
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r:.40})"
    return f"a {type(value).__name__} ({value!r:.40})"


class _Converter:
    """Node tree -> Lined containers and scalars, guarding against cycles, bombs and deep nesting."""

    def __init__(self, loader: Any):
        self.loader = loader
        self.seen: set[int] = set()  # nodes converted at least once (aliases revisit them)
        self.extra = 0  # values added by revisiting aliased nodes
        self.path: set[int] = set()  # collection nodes being converted, to catch an alias of an ancestor
        # Lines of the collections being converted for the first time: the innermost one is where
        # an alias being expanded is written (the composer keeps no position for aliases).
        self.written_lines: list[int] = []

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        revisit = id(node) in self.seen
        if revisit:
            self.extra += 1
            if self.extra > ALIAS_BUDGET:
                at = self.written_lines[-1] if self.written_lines else line
                raise YamlValueError(at, f"aliases expand to more than {ALIAS_BUDGET:,} values (an alias bomb?)",
                                     "write the values out instead of nesting aliases of aliases")
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line)
        if id(node) in self.path:
            raise YamlValueError(line, "an alias refers to a mapping or list that contains it (an endless value)",
                                 "an alias (*name) can only repeat a value defined before it, outside it")
        if depth >= MAX_DEPTH:
            raise YamlValueError(line, f"values nested more than {MAX_DEPTH} levels deep", "seeds files are a few levels deep: check the indentation")
        self.path.add(id(node))
        if not revisit:
            self.written_lines.append(line)
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, line, depth)
            return self._sequence(node, line, depth)
        finally:
            self.path.discard(id(node))
            if not revisit:
                self.written_lines.pop()

    def _mapping(self, node: yaml.MappingNode, line: int, depth: int) -> LinedMap:
        mapping = LinedMap(line)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(problem="a mapping key must be a plain value", problem_mark=key_node.start_mark)
            key = self.convert(key_node, depth + 1)
            if key in mapping:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r} (first at line {mapping.key_lines[key]})", problem_mark=key_node.start_mark
                )
            mapping[key] = self.convert(value_node, depth + 1)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def _sequence(self, node: yaml.SequenceNode, line: int, depth: int) -> LinedSeq:
        sequence = LinedSeq(line)
        for item in node.value:
            sequence.append(self.convert(item, depth + 1))
            sequence.item_lines.append(item.start_mark.line + 1)
        return sequence

    def _scalar(self, node: yaml.ScalarNode, line: int) -> Any:
        try:
            value = self.loader.construct_object(node)
        except yaml.MarkedYAMLError:
            raise
        except Exception as err:  # noqa: BLE001 - PyYAML's constructors fail in many ways on text they cannot read
            # e.g. `!!int abc`, `!!float x`, `!!timestamp 2017-02-30` (ValueError), `!!timestamp beta`
            # (AttributeError), `!!bool beta` (KeyError): the tag asks for a type the text is not.
            tag = node.tag.rsplit(":", 1)[-1]
            raise YamlValueError(line, f"{node.value!r:.60} cannot be read as !!{tag} ({err})",
                                 f"remove the !!{tag} tag, or quote the value to keep it as text") from err
        if isinstance(value, (dt.date, dt.datetime)):
            # Only an explicit !!timestamp gets here: keep what the person wrote, as text.
            value = node.value.strip()
        elif isinstance(value, bytes):
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError as err:
                raise YamlValueError(line, "a !!binary value is not UTF-8 text", "write the text itself, not base64") from err
        if isinstance(value, str):
            bad = FORBIDDEN_CHARACTERS.search(value)
            if bad is not None:
                raise YamlValueError(line, f"text contains the invisible character {describe_character(bad.group())} "
                                     f"at character {bad.start() + 1} of {value[:40]!r}",
                                     "remove it: control characters are invisible and would make the XML outputs invalid")
        return value


def describe_character(ch: str) -> str:
    """U+0007 (BEL) style: the code point and, where Unicode has one, its name."""
    import unicodedata

    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch), "a control character" if ord(ch) < 0xA0 else "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x1B: "ESCAPE", 0x7F: "DELETE",
                  0x85: "NEXT LINE"}
