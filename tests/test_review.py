"""`argmap review`: the real command driven through a pseudo-terminal (and by --accept/--reject),
and the seeds writer under it (layout kept, validation first, all files or none)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from argmap.cli import main
from argmap.errors import InputError
from argmap.seeds import load_corpus, load_rejections
from argmap.seedwriter import ChangedOnDisk, SeedEdits

from .conftest import ROOT, SEEDS

SOURCE = "miller-2017"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Terminal:
    """`argmap review` running on a pseudo-terminal, as a person at a terminal runs it."""

    def __init__(self, *args: str, cwd: Path):
        self.master, slave = pty.openpty()
        def controlling_terminal() -> None:  # a session of its own, with this pty as its terminal (so ^C is SIGINT)
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen([sys.executable, "-m", "argmap", "review", *args], stdin=slave, stdout=slave, stderr=slave,
                                        cwd=cwd, preexec_fn=controlling_terminal, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None and not select.select([self.master], [], [], 0)[0]:
                raise AssertionError(f"never saw {text!r}; the terminal shows:\n{self.seen[-3000:]}")
            if select.select([self.master], [], [], min(left, 0.5))[0]:
                try:
                    self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    pass
        return self.seen

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def interrupt(self) -> None:
        os.write(self.master, b"\x03")  # Ctrl-C, as the terminal delivers it: SIGINT to the foreground job

    def wait(self, timeout: float = 120) -> int:
        # Read the terminal while waiting, as a terminal does: output nobody reads fills the pty's buffer
        # and blocks the program in its write, so it would never exit (seen once in CI after a Ctrl-C)
        deadline = time.monotonic() + timeout
        try:
            while self.process.poll() is None and time.monotonic() < deadline:
                if select.select([self.master], [], [], 0.2)[0]:
                    try:
                        self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                    except OSError:
                        time.sleep(0.05)
            code = self.process.wait(max(0.0, deadline - time.monotonic()))
        finally:
            try:
                while select.select([self.master], [], [], 0.2)[0]:
                    chunk = os.read(self.master, 65536)
                    if not chunk:
                        break
                    self.seen += chunk.decode("utf-8", "replace")
            except OSError:
                pass
            os.close(self.master)
        return code


def test_the_interactive_review_writes_accepted_items_and_check_is_clean(seeds):
    before = snapshot(seeds)
    term = Terminal(SOURCE, "--seeds", str(seeds), cwd=seeds.parent)
    term.expect("candidate claim")
    term.send("a")  # accept the first candidate claim as it is
    term.expect("accepted as miller-")
    term.expect("> ")
    term.send("r")  # reject the second
    term.expect("rejected")
    term.send("q")  # save and quit
    assert term.wait() == 0, term.seen
    assert "wrote" in term.seen
    after = snapshot(seeds)
    changed = sorted(k for k in after if before.get(k) != after[k])
    assert changed == ["claims/miller-2017.yaml", "rejections.yaml"]
    # The claims file kept every byte it had (comments, quotes, blank lines) and grew one claim.
    old, new = before["claims/miller-2017.yaml"].decode(), after["claims/miller-2017.yaml"].decode()
    assert new.startswith(old) and new[len(old):].startswith("\n  - id: miller-")
    corpus = load_corpus(seeds)
    assert len([c for c in corpus.claims if c.source_id == SOURCE]) == len([c for c in load_corpus(SEEDS).claims if c.source_id == SOURCE]) + 1
    assert main(["check", "--seeds", str(seeds)]) == 0
    assert len(load_rejections(seeds)) == 1


def test_a_rejected_item_is_not_offered_again(seeds, capsys):
    from argmap.review import Review

    first = Review.open(seeds, SOURCE)
    item = next(i for i in first.items if i.kind == "claim")
    assert main(["review", SOURCE, "--seeds", str(seeds), "--reject", item.id]) == 0
    again = Review.open(seeds, SOURCE)
    assert item.id not in {i.id for i in again.items}
    assert len(again.items) == len(first.items) - 1 - sum(1 for i in first.items if i.kind == "link" and i.claim.id == item.id)


def test_scripted_accept_of_a_claim_its_proposition_link_and_a_link(seeds, capsys):
    from argmap.review import Review

    review = Review.open(seeds, SOURCE)
    link = next(i for i in review.items if i.kind == "link" and i.claim.method.value == "curated")
    claim = next(i for i in review.items if i.kind == "claim")
    before = snapshot(seeds)
    assert main(["review", SOURCE, "--seeds", str(seeds), "--accept", link.id, claim.id]) == 0
    after = snapshot(seeds)
    relations = after["relations.yaml"].decode()
    assert relations.startswith(before["relations.yaml"].decode())  # comments and every earlier relation kept, byte for byte
    assert f"  - from: {link.claim.id}\n    type: {link.candidate.stance.value}\n    to: {link.candidate.target}\n" in relations
    corpus = load_corpus(seeds)
    assert any(r.from_id == link.claim.id and r.to_id == link.candidate.target for r in corpus.relations)
    assert main(["check", "--seeds", str(seeds)]) == 0


def test_ctrl_c_at_a_prompt_writes_nothing(seeds):
    before = snapshot(seeds)
    term = Terminal(SOURCE, "--seeds", str(seeds), cwd=seeds.parent)
    term.expect("candidate claim")
    term.send("a")
    term.expect("accepted as")
    term.interrupt()
    assert term.wait() == 130, term.seen
    assert "nothing was written" in term.seen
    assert snapshot(seeds) == before


def test_a_seeds_file_changed_during_the_review_is_not_overwritten(seeds):
    term = Terminal(SOURCE, "--seeds", str(seeds), cwd=seeds.parent)
    term.expect("candidate claim")
    term.send("a")
    term.expect("accepted as")
    edited = (seeds / "claims" / "miller-2017.yaml").read_text(encoding="utf-8") + "# a person's note, added while review ran\n"
    (seeds / "claims" / "miller-2017.yaml").write_text(edited, encoding="utf-8")
    term.send("q")
    assert term.wait() == 1, term.seen
    assert "changed on disk while review ran" in term.seen
    assert (seeds / "claims" / "miller-2017.yaml").read_text(encoding="utf-8") == edited
    assert not (seeds / "rejections.yaml").exists()


def test_end_of_input_saves_what_was_decided(seeds):
    done = subprocess.run([sys.executable, "-m", "argmap", "review", SOURCE, "--seeds", str(seeds)], input="r\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(load_rejections(seeds)) == 1


def test_review_of_an_unknown_source_does_not_start(seeds, capsys):
    before = snapshot(seeds)
    assert main(["review", "miller-2071", "--seeds", str(seeds)]) == 1
    err = capsys.readouterr().err
    assert "unknown source" in err and "did you mean `miller-2017`" in err
    assert snapshot(seeds) == before


def test_review_of_broken_seeds_lists_the_problems_and_does_not_start(seeds, capsys):
    relations = seeds / "relations.yaml"
    relations.write_text(relations.read_text(encoding="utf-8").replace("to: intersection-japan-not-independent", "to: no-such-claim", 1), encoding="utf-8")
    before = snapshot(seeds)
    assert main(["review", SOURCE, "--seeds", str(seeds), "--reject", "anything"]) == 1
    err = capsys.readouterr().err
    assert "the review did not start" in err and "unknown claim `no-such-claim`" in err
    assert snapshot(seeds) == before


def test_a_suggestion_to_a_claim_that_no_longer_exists_is_dropped_with_a_note(seeds, capsys):
    before = snapshot(seeds)
    assert main(["review", SOURCE, "--seeds", str(seeds), "--accept", "miller-japan-minor-role--supports--gone-claim"]) == 0
    captured = capsys.readouterr()
    assert "dropped miller-japan-minor-role--supports--gone-claim: gone-claim no longer exists" in captured.err
    assert "nothing to write" in captured.out
    assert snapshot(seeds) == before


# ---------------------------------------------------------------- the seeds writer


def test_an_edit_that_breaks_the_seeds_is_refused_and_nothing_is_written(seeds):
    before = snapshot(seeds)
    edits = SeedEdits(seeds)
    edits.add_proposition("fine-new-proposition", "A proposition nobody expresses yet")
    edits.add_relation("miller-japan-minor-role", "supports", "no-such-claim", "why")
    with pytest.raises(Exception) as caught:
        edits.commit()
    assert "unknown claim `no-such-claim`" in str(caught.value)
    assert str(seeds / "relations.yaml") in str(caught.value)  # the real file, not the temporary copy
    assert snapshot(seeds) == before


def test_edits_keep_comments_and_are_all_or_nothing(seeds):
    edits = SeedEdits(seeds)
    edits.add_proposition("a-new-proposition", "Something new")
    edits.update_claim("miller-2017", "miller-japan-minor-role", {"proposition": "a-new-proposition", "statement": "Something new"})
    edits.note_read("sources.yaml")
    (seeds / "sources.yaml").write_text((seeds / "sources.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    before = snapshot(seeds)
    with pytest.raises(ChangedOnDisk):
        edits.commit()
    assert snapshot(seeds) == before
    edits = SeedEdits(seeds)
    edits.add_proposition("a-new-proposition", "Something new")
    edits.update_claim("miller-2017", "miller-japan-minor-role", {"proposition": "a-new-proposition", "statement": "Something new"})
    written = edits.commit()
    assert sorted(p.name for p in written) == ["miller-2017.yaml", "propositions.yaml"]
    text = (seeds / "claims" / "miller-2017.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Claims curated from")
    assert '  - id: miller-japan-minor-role\n    statement: "Something new"\n' in text
    assert "polarity: affirmed\n    proposition: a-new-proposition\n" in text
    assert not list(seeds.rglob("*.tmp"))


def test_an_edit_on_disk_while_the_files_are_staged_stops_the_renames(seeds, monkeypatch):
    """The last check runs after the new files are written beside the old ones, just before the
    renames (outputs.replace_files' before_rename): a person's edit made meanwhile is kept, and
    nothing of the review is written, not even a temporary file."""
    edits = SeedEdits(seeds)
    edits.add_proposition("a-new-proposition", "Something new")
    edits.update_claim("miller-2017", "miller-japan-minor-role", {"proposition": "a-new-proposition", "statement": "Something new"})
    validate = SeedEdits.validate

    def validate_then_a_person_saves(self):
        validate(self)  # after the first check for changes, before the files are staged
        with open(seeds / "propositions.yaml", "a", encoding="utf-8") as handle:
            handle.write("# a person's note\n")

    monkeypatch.setattr(SeedEdits, "validate", validate_then_a_person_saves)
    with pytest.raises(ChangedOnDisk):
        edits.commit()
    assert (seeds / "propositions.yaml").read_text(encoding="utf-8").endswith("# a person's note\n")
    assert "a-new-proposition" not in (seeds / "propositions.yaml").read_text(encoding="utf-8")
    assert "a-new-proposition" not in (seeds / "claims" / "miller-2017.yaml").read_text(encoding="utf-8")
    assert not list(seeds.rglob("*.tmp"))


def test_rejections_file_problems_are_reported_by_the_loader(seeds, capsys):
    (seeds / "rejections.yaml").write_text("rejections:\n  - {source: a, kind: opinion, item: x}\n  - {source: a}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_corpus(seeds)
    problems = [i for i in caught.value.issues if "rejections.yaml" in i.where]
    assert [p.code for p in problems] == ["literal_error", "yaml-shape"]
    assert problems[0].where.endswith("rejections.yaml:2") and problems[1].where.endswith("rejections.yaml:3")
    assert main(["check", "--seeds", str(seeds)]) == 1
    assert "rejections.yaml:2: rejection #1: unknown kind 'opinion'" in capsys.readouterr().err
