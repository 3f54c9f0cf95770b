"""The layer contract in pyproject.toml names every module of the package, so that a new module is
placed in a layer on purpose (`lint-imports`, run by .ci/run, then checks the imports against it)."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT


def test_every_module_of_the_package_is_in_a_layer():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    [layers] = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    placed = [name.removeprefix("argmap.") for layer in layers for name in re.split(r"\s*[|:]\s*", layer)]
    modules = sorted(p.stem for p in (ROOT / "graph").glob("*.py") if p.stem != "__init__")
    assert sorted(placed) == modules, f"missing from the layers: {sorted(set(modules) - set(placed))}; unknown: {sorted(set(placed) - set(modules))}"
