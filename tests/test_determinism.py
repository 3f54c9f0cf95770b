"""Deterministic builds: the same inputs give byte-identical outputs, whatever the process, its hash
seed, the number of extraction workers or the order in which the corpus's files are listed."""

from __future__ import annotations

import os
import subprocess
import sys

from argmap import pipeline
from argmap.options import BuildOptions

from .conftest import MINI, ROOT, SEEDS


def test_another_process_with_another_hash_seed_and_two_workers_writes_the_same_bytes(seed_build, tmp_path):
    # A different hash seed changes set and dict iteration orders; worker processes merge their
    # articles' claims back in article order. Neither may change a byte of any output.
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "argmap", "build", "--seeds", str(SEEDS), "--out", str(out), "--jobs", "2"],
                   check=True, env=env, cwd=ROOT, capture_output=True)
    # Hidden entries are how outputs switch (build/README.md), not outputs.
    names = sorted(p.name for p in seed_build.iterdir() if not p.name.startswith("."))
    assert names == sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert {"argmap.ttl", "argmap.html", "argmap.svg", "argmap.png", "argmap.argdown", "argmap.jsonld"} <= set(names)
    for name in names:
        assert (out / name).read_bytes() == (seed_build / name).read_bytes(), name


def test_outputs_do_not_depend_on_the_order_files_are_listed_in(tmp_path):
    """The same corpus written in another order (files created in reverse, sources.yaml entries
    reversed) builds to byte-identical outputs: nothing depends on directory listing order."""
    from ruamel.yaml import YAML

    shuffled = tmp_path / "seeds"
    files = sorted(p for p in MINI.rglob("*") if p.is_file())
    for path in reversed(files):
        target = shuffled / path.relative_to(MINI)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    yaml = YAML()
    sources = yaml.load((shuffled / "sources.yaml").read_text(encoding="utf-8"))
    sources["sources"] = dict(reversed(list(sources["sources"].items())))
    with (shuffled / "sources.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(sources, handle)
    first = pipeline.build(BuildOptions(MINI), tmp_path / "a")
    pipeline.build(BuildOptions(shuffled), tmp_path / "b")
    for path in first.outputs:
        assert (tmp_path / "b" / path.name).read_bytes() == path.read_bytes(), path.name
