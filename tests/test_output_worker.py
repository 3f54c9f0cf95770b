"""The build's worker processes (pipeline.OutputWorker): with --jobs 2 or more, the groups the layout
cache does not hold are laid out in two spawned processes; the outputs are the same bytes as a build
in one process."""

from __future__ import annotations

import pytest
from argmap import pipeline
from argmap.options import BuildOptions
from argmap.rdf_outputs import rdf_outputs

from .conftest import DATA, MINI, SEEDS

XSS_SEEDS = DATA / "xss"


@pytest.mark.parametrize("seeds", [MINI, XSS_SEEDS], ids=["mini", "xss"])
def test_a_build_with_the_output_worker_writes_the_same_bytes_as_one_without(seeds, tmp_path):
    alone, beside = {}, {}
    one = pipeline.build(BuildOptions(seeds, jobs=1, parse_cache=False), tmp_path / "one", timings=alone)
    two = pipeline.build(BuildOptions(seeds, jobs=2, parse_cache=False), tmp_path / "two", timings=beside)
    assert [p.name for p in one.outputs] == [p.name for p in two.outputs]
    for path in one.outputs:
        assert (tmp_path / "two" / path.name).read_bytes() == path.read_bytes(), path.name
    assert (one.triples, one.shacl, one.skipped) == (two.triples, two.shacl, two.skipped)
    assert list(beside) == list(alone)  # the same stages, in the same order


def test_an_error_in_the_worker_stops_the_build_and_ends_the_worker():
    with pytest.raises(AttributeError), pipeline.OutputWorker(True) as worker:
        result = worker.submit(rdf_outputs, None, False)  # no map: fails in the worker
        processes = list(worker.pool._pool)
        result()
    assert processes and all(not p.is_alive() for p in processes)


def test_without_the_worker_a_call_runs_at_once_in_this_process():
    calls = []
    with pipeline.OutputWorker(False) as worker:
        result = worker.submit(calls.append, "now")  # a function no other process could run
        assert calls == ["now"]
        assert result()[0] is None and result()[1] >= 0
    assert worker.pool is None


def test_groups_laid_out_in_the_worker_are_cached_as_this_process_would_compute_them(tmp_path, monkeypatch):
    from argmap import static_layout

    cache = tmp_path / "cache"
    first = pipeline.build(BuildOptions(SEEDS, jobs=2, cache_dir=cache), tmp_path / "two")
    entries = sorted((cache / pipeline.LAYOUTS_FOLDER).rglob("*.json"))
    assert len(entries) >= 3, "the seed map has groups of three or more claims"

    def refuse(*args):
        raise AssertionError("every group's positions should come from the cache")

    monkeypatch.setattr(static_layout, "_spread", refuse)
    pipeline.build(BuildOptions(SEEDS, jobs=1, cache_dir=cache), tmp_path / "one")
    for path in first.outputs:
        assert (tmp_path / "one" / path.name).read_bytes() == path.read_bytes(), path.name
