"""The one Jinja environment of argmap's HTML (the map's page and fragment, the report)."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def environment() -> Environment:
    """Templates from graph/templates, autoescaped (.html and .j2), trailing newlines kept."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)


def read_template(name: str) -> str:
    """A file of graph/templates as text (scripts inlined into the pages)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")
