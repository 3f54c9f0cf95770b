"""notebooks/explore.ipynb: stored without outputs, and run top to bottom in a real Jupyter kernel.

The kernel is this test run's own Python (a kernelspec written to tmp_path, so no kernel installed
in the user's Jupyter folders can be picked instead), started in notebooks/ as Jupyter would, with
the worktree first on its path. The notebook writes only into tmp_path (ARGMAP_OUT).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from .conftest import ROOT, SEEDS

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
KERNEL = "argmap-test-python"


def test_stored_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, f"clear the outputs of cell {cell.get('id')}"


def test_notebook_uses_only_the_library():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    source = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    imported = {line.split()[1].split(".")[0] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imported <= {"argmap", "IPython", "os", "pathlib", "shutil"}, imported
    assert "\ndef " not in "\n" + source and "\nclass " not in "\n" + source, "logic belongs in the argmap package (graph/), not in the notebook"


@pytest.fixture
def kernel_manager(tmp_path: Path) -> KernelManager:
    spec_dir = tmp_path / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "argmap tests",
        "language": "python",
        "env": {"PYTHONPATH": str(ROOT)},  # this checkout's graph/, whatever is installed
    }), encoding="utf-8")
    return KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")]))


def test_notebook_runs_top_to_bottom(tmp_path, monkeypatch, kernel_manager, record_property):
    out = tmp_path / "out"
    monkeypatch.setenv("ARGMAP_SEEDS", str(SEEDS))
    monkeypatch.setenv("ARGMAP_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    started = time.perf_counter()
    # Any cell raising fails here (CellExecutionError), naming the cell and the traceback.
    NotebookClient(nb, km=kernel_manager, timeout=120, resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    seconds = time.perf_counter() - started
    record_property("notebook_seconds", round(seconds, 1))
    print(f"notebook ran in {seconds:.1f} s")

    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    data = [o.get("data", {}) for o in outputs]
    svgs = [d["image/svg+xml"] for d in data if "image/svg+xml" in d]
    assert len(svgs) == 1 and "Chris Miller" in svgs[0], "the heatmap"
    html = [d["text/html"] for d in data if "text/html" in d]
    assert any("<iframe srcdoc=" in h and "argmap-root" in h for h in html), "the interactive map"
    assert sum("row(s)" in h for h in html) >= 3, "three SPARQL results as tables"
    assert any(re.search(r"<td>sources</td><td>(\d+)</td><td>(\d+)</td><td>\+1</td>", h) for h in html), "the change in the counts"
    assert any("Example Analyst" in h and "<q>" in h for h in html), "the new article's claims"
    assert (out / "argmap.ttl").is_file() and (out / "report.html").is_file()
    assert (out / "trial-seeds" / "articles" / "example-2018.txt").is_file()
    assert not (SEEDS / "articles" / "example-2018.txt").exists(), "the notebook must not touch the seeds"
