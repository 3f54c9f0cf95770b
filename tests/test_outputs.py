"""The switch of a build's outputs: all old or all new, whatever step the process is killed at.

The fault is injected at a chosen step, deterministically: every file-system operation the writer
makes (os.mkdir, os.fsync, os.replace, os.symlink, ...) is counted, and the process is killed
(SIGKILL, in a child process) or terminated (SIGTERM, in this one) just before step k, for every
k. benchmarks/stress_kill.py kills real builds at random moments instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from argmap import outputs
from argmap.errors import OutputError
from argmap.outputs import build_lock, current_generation, switch_outputs, write_outputs

from .conftest import ROOT

OLD = {"argmap.ttl": b"old turtle", "argmap.html": b"old page", "argmap.jsonld": b"old json-ld"}
NEW = {"argmap.ttl": b"new turtle", "argmap.html": b"new page", "argmap.svg": b"new picture"}
# The new build does not make argmap.jsonld (as a large build skips it): it must go with the switch.
NAMES = sorted(set(OLD) | set(NEW))
NEXT = {name: b"next " + data for name, data in NEW.items()}
# The operations counted as steps: everything the writer does to the file system but write bytes.
STEPS = ("mkdir", "fsync", "replace", "symlink", "link", "unlink", "chmod", "rmdir", "rename")


def shown(out: Path) -> dict[str, bytes | None]:
    """What each output name shows a reader: its bytes, or None when absent."""
    return {name: (out / name).read_bytes() if (out / name).exists() else None for name in NAMES}


ALL_OLD = {name: OLD.get(name) for name in NAMES}
ALL_NEW = {name: NEW.get(name) for name in NAMES}


def prepare(out: Path, legacy: bool) -> None:
    """The previous build's outputs: plain files as an older argmap wrote them, or a generation."""
    if legacy:
        out.mkdir(parents=True)
        for name, data in OLD.items():
            (out / name).write_bytes(data)
    else:
        switch_outputs(out, OLD)
    assert shown(out) == ALL_OLD


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    kill_at, out = int(sys.argv[1]), Path(sys.argv[2])
    count = 0
    def counted(name):
        real = getattr(os, name)
        def step(*args, **kwargs):
            global count
            count += 1
            if count == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        setattr(os, name, step)
    for name in {steps!r}:
        counted(name)
    from argmap.outputs import switch_outputs
    switch_outputs(out, {new!r}, remove=("argmap.jsonld",))
    print(count)
    """
).format(steps=STEPS, new=NEW)


def run_child(kill_at: int, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, str(kill_at), str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("legacy", [False, True], ids=["from-a-generation", "from-plain-files"])
def test_sigkill_at_every_step_leaves_all_old_or_all_new(tmp_path, legacy):
    reference = tmp_path / "reference"
    prepare(reference, legacy)
    done = run_child(0, reference)  # kill at no step: count them
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout)
    assert steps > 10 and shown(reference) == ALL_NEW
    outcomes = []
    for k in range(1, steps + 1):
        out = tmp_path / f"k{k}"
        prepare(out, legacy)
        killed = run_child(k, out)
        assert killed.returncode == -signal.SIGKILL, (k, killed.stderr)
        now = shown(out)
        assert now in (ALL_OLD, ALL_NEW), f"killed before step {k} of {steps}: a mix of old and new outputs {now}"
        outcomes.append("new" if now == ALL_NEW else "old")
        # The next build recovers: it switches cleanly and leaves no partial generation behind.
        switch_outputs(out, NEXT, remove=("argmap.jsonld",))
        assert shown(out) == {name: NEXT.get(name) for name in NAMES}
        assert len(list((out / outputs.GENERATIONS).iterdir())) <= 2, "only the current and the previous generation are kept"
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    # Old until the one rename of .current, new from then on: once, at one step.
    assert outcomes == sorted(outcomes, reverse=True) and outcomes[0] == "old" and outcomes[-1] == "new", outcomes


def test_sigterm_at_every_step_stops_cleanly_all_old_or_all_new(tmp_path, monkeypatch):
    """SIGTERM while the files are written stops the build and removes the partial generation;
    during the switch itself it waits until the switch is done. Never a mix, never a leftover."""
    from argmap import cli

    def count_steps() -> int:
        calls = []
        with monkeypatch.context() as patch:
            for name in STEPS:
                real = getattr(os, name)
                patch.setattr(os, name, lambda *a, _real=real, **kw: (calls.append(1), _real(*a, **kw))[1])
            switch_outputs(tmp_path / "count", NEW, remove=("argmap.jsonld",))
        return len(calls)

    prepare(tmp_path / "count", legacy=False)
    steps = count_steps()
    previous_handler = signal.signal(signal.SIGTERM, cli._exit_on_sigterm)
    try:
        for k in range(1, steps + 1):
            out = tmp_path / f"k{k}"
            prepare(out, legacy=False)
            calls = []
            with monkeypatch.context() as patch:
                for name in STEPS:
                    real = getattr(os, name)

                    def step(*args, _real=real, _calls=calls, _k=k, **kwargs):
                        _calls.append(1)
                        if len(_calls) == _k:
                            os.kill(os.getpid(), signal.SIGTERM)
                        return _real(*args, **kwargs)

                    patch.setattr(os, name, step)
                with pytest.raises(SystemExit):
                    switch_outputs(out, NEW, remove=("argmap.jsonld",))
            assert shown(out) in (ALL_OLD, ALL_NEW), f"SIGTERM before step {k}"
            generations = sorted(p.name for p in (out / outputs.GENERATIONS).iterdir())
            assert current_generation(out).name in generations and len(generations) <= 2, (k, generations)
            assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")], f"SIGTERM before step {k} left a temporary file"
    finally:
        signal.signal(signal.SIGTERM, previous_handler)


def test_outputs_are_links_through_one_current_link(tmp_path):
    out = tmp_path / "build"
    switch_outputs(out, NEW)
    for name in NEW:
        assert os.readlink(out / name) == f"{outputs.CURRENT}/{name}"
        assert (out / name).read_bytes() == NEW[name]
    first = current_generation(out)
    switch_outputs(out, OLD)
    assert current_generation(out) != first and first.is_dir(), "the previous generation is kept for readers still on it"
    switch_outputs(out, NEW)
    assert not first.exists(), "older generations go"


def test_a_file_written_over_an_output_is_kept_until_the_switch(tmp_path):
    """`argmap export --out build/argmap.graphml` replaces the link with a plain file: the next
    build takes that file into account as an old output, and switches it with the rest."""
    out = tmp_path / "build"
    switch_outputs(out, OLD)
    (out / "argmap.ttl").unlink()
    (out / "argmap.ttl").write_bytes(b"hand-written")
    switch_outputs(out, NEW, remove=("argmap.jsonld",))
    assert shown(out) == ALL_NEW


def test_a_failed_write_changes_nothing_and_says_so(tmp_path, monkeypatch):
    out = tmp_path / "build"
    prepare(out, legacy=False)
    real_fsync = os.fsync
    calls = []

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match="cannot write outputs \\(No space left on device\\); previous outputs are unchanged"):
        switch_outputs(out, NEW)
    monkeypatch.undo()
    assert shown(out) == ALL_OLD
    assert len(list((out / outputs.GENERATIONS).iterdir())) == 1, "the partial generation is removed"


def test_a_failed_switch_changes_nothing_and_says_so(tmp_path, monkeypatch):
    """The last step fails (the rename of .current): the message is true, every output is old."""
    out = tmp_path / "build"
    prepare(out, legacy=True)
    real_replace = os.replace

    def refuse_current(src, dst, *args, **kwargs):
        if Path(dst).name == outputs.CURRENT and "000002" in os.readlink(src):
            raise OSError(5, "Input/output error")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse_current)
    with pytest.raises(OutputError, match="cannot switch to the new outputs \\(Input/output error\\); previous outputs are unchanged"):
        switch_outputs(out, NEW, remove=("argmap.jsonld",))
    monkeypatch.undo()
    assert shown(out) == ALL_OLD


def test_a_folder_in_the_way_of_an_output_is_a_clear_error(tmp_path):
    out = tmp_path / "build"
    prepare(out, legacy=False)
    (out / "argmap.svg").mkdir()
    with pytest.raises(OutputError, match="argmap.svg is a folder where argmap writes a file: move it away and build again; previous outputs are unchanged"):
        switch_outputs(out, NEW)
    for name in ("argmap.html", "argmap.jsonld", "argmap.ttl"):
        assert (out / name).read_bytes() == OLD[name]
    assert len(list((out / outputs.GENERATIONS).iterdir())) == 1, "the new generation is removed"


HOLD_LOCK = "import sys; from argmap.outputs import build_lock\nwith build_lock(sys.argv[1]):\n    print('held', flush=True)\n    sys.stdin.read()"


def test_a_second_build_into_the_same_folder_says_another_is_running(tmp_path):
    out = tmp_path / "build"
    prepare(out, legacy=False)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputError, match="another argmap build is writing to this folder"):
            switch_outputs(out, NEW)
        assert shown(out) == ALL_OLD, "the second build touched nothing"
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    switch_outputs(out, NEW, remove=("argmap.jsonld",))  # the lock is free again
    assert shown(out) == ALL_NEW


def test_the_lock_is_reentrant_in_one_process_and_freed_by_a_killed_one(tmp_path):
    out = tmp_path / "build"
    with build_lock(out):
        switch_outputs(out, NEW)  # a build holds the lock for its whole run, then writes
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=30)
    switch_outputs(out, OLD)  # the kernel released the dead process's lock
    assert shown(out) == ALL_OLD


def test_single_files_are_still_written_in_place(tmp_path):
    (written,) = write_outputs(tmp_path, {"report.html": b"<p>report</p>"})
    assert written.read_bytes() == b"<p>report</p>" and not written.is_symlink()
