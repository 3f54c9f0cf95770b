"""The build's output worker (pipeline.OutputWorker): with --jobs 2 or more, the triples' outputs and
the picture are made in a second process; the outputs are the same bytes as a build in one process."""

from __future__ import annotations

import pytest
from argmap import pipeline
from argmap.options import BuildOptions
from argmap.rdf_outputs import rdf_outputs

from .conftest import DATA, MINI

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
    assert "wait for the worker" in beside and "wait for the worker" not in alone
    # the worker's stages are timed where they ran, and reported under their own names
    assert {"rdf", "turtle", "picture"} <= set(beside) and {"rdf", "turtle", "picture"} <= set(alone)


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
