"""Kill real `argmap build` processes at random moments; the outputs must be all old or all new.

    python benchmarks/stress_kill.py [--articles 12] [--kills 20] [--seed 1] [--signal KILL|TERM|both]

tests/test_outputs.py and tests/test_bad_input.py inject the kill at chosen steps, deterministically;
this is the random-moment counterpart, too slow and too dependent on timing to be a test. It times
one complete build of a synthetic corpus (the baseline of this run), then starts the same build again
and again into a folder holding the previous outputs, killing each at a random fraction of that
time. After each kill every output name must show the previous build's bytes or the new build's,
all of them the same one, and the next build must succeed. It prints how many kills landed before
and after the switch and exits 1 on any mixed or broken folder.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import make_corpus  # noqa: E402


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".") and p.exists()}


def build(seeds: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "argmap", "build", "--no-shacl", "--seeds", str(seeds), "--out", str(out)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=12, help="synthetic articles in the corpus (default: 12)")
    parser.add_argument("--kills", type=int, default=20, help="builds to kill per signal (default: 20)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus and of the kill moments")
    parser.add_argument("--signal", choices=("KILL", "TERM", "both"), default="both")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    signals = [signal.SIGKILL, signal.SIGTERM] if args.signal == "both" else [getattr(signal, f"SIG{args.signal}")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        seeds = tmp_path / "seeds"
        make_corpus(seeds, articles=args.articles, seed=args.seed)
        changed = tmp_path / "changed"
        shutil.copytree(seeds, changed)
        propositions = changed / "propositions.yaml"
        propositions.write_text(propositions.read_text(encoding="utf-8").replace("Russia sees Japan", "Russia regards Japan"), encoding="utf-8")
        out, reference = tmp_path / "build", tmp_path / "reference"
        subprocess.run(build(seeds, out), check=True, cwd=ROOT, capture_output=True)
        old = snapshot(out)
        started = time.perf_counter()
        subprocess.run(build(changed, reference), check=True, cwd=ROOT, capture_output=True)
        duration = time.perf_counter() - started
        new = snapshot(reference)
        assert new != old, "the changed corpus must build to other outputs"
        print(f"baseline: one complete build of {args.articles} articles takes {duration:.1f} s; kills at random fractions 0.2-1.1 of it")
        failures = 0
        for sig in signals:
            outcomes = {"old": 0, "new": 0}
            for _ in range(args.kills):
                fraction = rng.uniform(0.2, 1.1)
                process = subprocess.Popen(build(changed, out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(duration * fraction)
                process.send_signal(sig)
                process.wait(timeout=300)
                now = snapshot(out)
                if now == old:
                    outcomes["old"] += 1
                elif now == new:
                    outcomes["new"] += 1
                else:
                    failures += 1
                    mixed = sorted(name for name in now if now[name] != old.get(name) and now[name] != new.get(name))
                    print(f"FAIL: {sig.name} at {fraction:.2f} of a build left a mix (not old, not new: {mixed or 'a set of names'})")
                # Back to the previous outputs for the next kill, through a complete build.
                if subprocess.run(build(seeds, out), cwd=ROOT, capture_output=True).returncode != 0 or snapshot(out) != old:
                    failures += 1
                    print(f"FAIL: the build after a {sig.name} did not complete")
            print(f"{sig.name}: {args.kills} kills, {outcomes['old']} before the switch (all old), {outcomes['new']} after it (all new)")
        print("ok: every kill left all old or all new outputs" if not failures else f"{failures} failure(s)")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
