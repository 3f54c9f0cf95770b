"""An installed argmap (a wheel, not the editable checkout of the README) carries everything it reads."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_the_wheel_carries_the_ontology_and_package_data(tmp_path):
    # Build from a copy of the tracked files: setuptools writes its own build/ folder, which must
    # not land in argmap's build/ outputs, and untracked files must not sneak into the wheel.
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    source = tmp_path / "source"
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((ROOT / name).read_bytes())
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(source)],
                   check=True, capture_output=True)
    [wheel] = wheels.glob("argmap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("argmap/ontology/argmap.ttl", "argmap/ontology/shapes.ttl", "argmap/ontology/context.jsonld",
                 "argmap/data/rules.yaml", "argmap/data/gazetteer.yaml", "argmap/queries/consensus.rq",
                 "argmap/templates/argmap.js", "argmap/templates/report.html.j2"):
        assert name in names, f"{name} is missing from {wheel.name}"
    assert not [n for n in names if n.startswith(("tests/", "seeds/", "benchmarks/"))]

    # Unpacked away from the checkout, the package finds its ontology inside itself.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    found = subprocess.run(
        [sys.executable, "-c", "from argmap.ontology_files import ontology_file; print(ontology_file('shapes.ttl'))"],
        cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert Path(found) == site / "argmap" / "ontology" / "shapes.ttl"
    assert Path(found).read_bytes() == (ROOT / "ontology" / "shapes.ttl").read_bytes()
