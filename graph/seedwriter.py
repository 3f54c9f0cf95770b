"""Editing the seeds/ files from a program the way a person would: comments, order and layout kept.

`argmap review` records what a person accepted: claims into claims/<source>.yaml, propositions into
propositions.yaml, relations into relations.yaml, and what they rejected into rejections.yaml. Those
files are hand-edited too, so:

- they are edited with ruamel.yaml's round trip, which keeps comments, key order, quoting and
  blank lines; new list items get the blank line the files use between items;
- the whole corpus, with the edits applied, is loaded and validated (in a temporary copy) before
  anything is written: an edit that would break `argmap check` is refused, with the problems;
- a file that changed on disk since it was read (a person editing it while review ran) is not
  overwritten: the edits are refused and nothing is written;
- every file is written to a temporary file beside it, then all are renamed into place, with
  SIGINT and SIGTERM held back meanwhile: all the files change, or none.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from .errors import ArgmapError, InputError, Issue, OutputError
from .outputs import replace_files
from .seeds import CLAIMS_DIR, PROPOSITIONS_FILE, REJECTIONS_FILE, RELATIONS_FILE, load_corpus

REJECTIONS_HEADER = (
    "# Suggestions a reviewer rejected with `argmap review`: they are not offered again.\n"
    "# kind: claim (a rule-extracted candidate claim), link (a suggested relation between two claims)\n"
    "# or proposition-link (a claim suggested to express a proposition); item: what was rejected.\n"
)


class ChangedOnDisk(ArgmapError):
    """A seeds file changed while it was being edited: nothing was written."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        super().__init__(
            f"{', '.join(paths)} changed on disk while review ran; nothing was written "
            "(run review again to see the current files)"
        )


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # one field per line, however long the quote
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of seeds/ files ("  - id: …")
    return yaml


def quoted(text: str) -> DoubleQuotedScalarString:
    """A string written in double quotes, as the seeds files write statements, quotes and rationales."""
    return DoubleQuotedScalarString(text)


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _blank_line_before_next(sequence: CommentedSeq) -> None:
    """Give the last item of sequence a blank line after it, as between the items people wrote."""
    if not sequence:
        return
    last = sequence[-1]
    if not isinstance(last, CommentedMap) or not last:
        return
    key = list(last.keys())[-1]
    slot = last.ca.items.setdefault(key, [None, None, None, None])
    token = slot[2]
    if token is None:
        slot[2] = CommentToken("\n\n", CommentMark(0), None)
    elif not token.value.endswith("\n\n"):
        token.value = token.value.rstrip("\n") + "\n\n"


class SeedEdits:
    """Pending edits to one seeds folder; nothing touches the disk until commit()."""

    def __init__(self, seeds_dir: Path):
        self.dir = Path(seeds_dir)
        self._yaml = _yaml()
        self._documents: dict[str, Any] = {}  # relative path -> round-trip document
        self._read: dict[str, str | None] = {}  # relative path -> digest of the bytes read (None: absent)
        self._touched: set[str] = set()

    # -- reading

    def _document(self, rel: str, empty: str) -> Any:
        if rel not in self._documents:
            path = self.dir / rel
            data = path.read_bytes() if path.exists() else None
            self._read.setdefault(rel, _digest(data))  # a digest noted earlier stays: a change since is noticed
            self._documents[rel] = self._yaml.load(data.decode("utf-8") if data is not None else empty)
        self._touched.add(rel)
        return self._documents[rel]

    def note_read(self, rel: str) -> None:
        """Remember a file's current content, so a later change to it is noticed at commit."""
        if rel not in self._read:
            path = self.dir / rel
            self._read[rel] = _digest(path.read_bytes() if path.exists() else None)

    # -- edits

    def add_claim(self, source_id: str, record: dict) -> None:
        rel = f"{CLAIMS_DIR}/{source_id}.yaml"
        document = self._document(rel, f"# Claims of {source_id}, recorded with argmap review.\nsource: {source_id}\nclaims: []\n")
        claims = document["claims"]
        if not isinstance(claims, CommentedSeq) or (not claims and claims.fa.flow_style()):
            claims = document["claims"] = CommentedSeq()
        _blank_line_before_next(claims)
        item = CommentedMap()
        for key in ("id", "statement", "quote", "about", "polarity", "proposition", "holder", "confidence", "occurrence"):
            value = record.get(key)
            if value is not None:
                item[key] = quoted(value) if key in ("statement", "quote", "about", "holder") else value
        claims.append(item)

    def update_claim(self, source_id: str, claim_id: str, fields: dict) -> None:
        """Set fields of an existing claim (a value of None removes the field)."""
        rel = f"{CLAIMS_DIR}/{source_id}.yaml"
        document = self._document(rel, "")
        for item in document["claims"]:
            if isinstance(item, dict) and item.get("id") == claim_id:
                for key, value in fields.items():
                    if value is None:
                        item.pop(key, None)
                    elif key in item:
                        item[key] = quoted(value) if key == "statement" else value
                    else:
                        # A new key goes after the one it belongs with in the seeds' usual order.
                        order = ["id", "statement", "quote", "occurrence", "about", "polarity", "proposition", "holder", "confidence"]
                        before = [k for k in order[: order.index(key)] if k in item] if key in order else []
                        at = list(item.keys()).index(before[-1]) + 1 if before else len(item)
                        last = list(item.keys())[-1]
                        item.insert(at, key, quoted(value) if key == "statement" else value)
                        if at == len(item) - 1 and last in item.ca.items:
                            # The blank line after the claim hangs on its last key: it moves to the new last key.
                            item.ca.items[key] = item.ca.items.pop(last)
                return
        raise KeyError(claim_id)

    def add_proposition(self, proposition_id: str, text: str) -> None:
        document = self._document(PROPOSITIONS_FILE, "propositions: {}\n")
        propositions = document["propositions"]
        if not isinstance(propositions, CommentedMap) or not propositions:
            propositions = document["propositions"] = CommentedMap() if not isinstance(propositions, CommentedMap) else propositions
        propositions[proposition_id] = CommentedMap(text=quoted(text))

    def add_relation(self, from_id: str, kind: str, to_id: str, rationale: str) -> None:
        document = self._document(RELATIONS_FILE, "relations: []\n")
        relations = document["relations"]
        if not isinstance(relations, CommentedSeq) or (not relations and relations.fa.flow_style()):
            relations = document["relations"] = CommentedSeq()
        _blank_line_before_next(relations)
        item = CommentedMap()
        item["from"], item["type"], item["to"], item["rationale"] = from_id, kind, to_id, quoted(rationale)
        relations.append(item)

    def add_rejection(self, source_id: str, kind: str, item_id: str) -> None:
        document = self._document(REJECTIONS_FILE, REJECTIONS_HEADER + "rejections: []\n")
        rejections = document["rejections"]
        if not isinstance(rejections, CommentedSeq) or (not rejections and rejections.fa.flow_style()):
            rejections = document["rejections"] = CommentedSeq()
        entry = CommentedMap()
        entry["source"], entry["kind"], entry["item"] = source_id, kind, item_id
        entry.fa.set_flow_style()  # one line per rejection
        rejections.append(entry)

    # -- writing

    def rendered(self) -> dict[str, bytes]:
        out = {}
        for rel in sorted(self._touched):
            buffer = io.StringIO()
            self._yaml.dump(self._documents[rel], buffer)
            out[rel] = buffer.getvalue().encode("utf-8")
        return out

    def changed_on_disk(self) -> list[str]:
        changed = []
        for rel, digest in sorted(self._read.items()):
            path = self.dir / rel
            if _digest(path.read_bytes() if path.exists() else None) != digest:
                changed.append((self.dir / rel).as_posix())
        return changed

    def validate(self) -> None:
        """Load the corpus as it would be after the edits (in a temporary copy); raise InputError if invalid."""
        files = self.rendered()
        with tempfile.TemporaryDirectory(prefix="argmap-review-") as tmp:
            copy = Path(tmp) / "seeds"
            shutil.copytree(self.dir, copy, ignore=shutil.ignore_patterns("articles"))
            articles = self.dir / "articles"
            if articles.is_dir():
                (copy / "articles").symlink_to(articles.resolve(), target_is_directory=True)
            for rel, data in files.items():
                (copy / rel).parent.mkdir(parents=True, exist_ok=True)
                (copy / rel).write_bytes(data)
            try:
                load_corpus(copy)  # rejections.yaml included
            except InputError as err:
                raise InputError([_relocated(issue, copy, self.dir) for issue in err.issues]) from err

    def commit(self) -> tuple[Path, ...]:
        """Validate, check nothing changed on disk, then write every edited file, or none."""
        if not self._touched:
            return ()
        changed = self.changed_on_disk()
        if changed:
            raise ChangedOnDisk(changed)
        self.validate()
        files = self.rendered()

        def unchanged() -> None:  # the last moment a person's edit can be noticed
            changed = self.changed_on_disk()
            if changed:
                raise ChangedOnDisk(changed)

        try:
            return replace_files({self.dir / rel: data for rel, data in files.items()}, keep_mode=True, before_rename=unchanged)
        except OSError as err:
            raise OutputError(f"{self.dir}: cannot write the seeds ({err.strerror}); nothing was changed") from err


def _relocated(issue: Issue, copy: Path, real: Path) -> Issue:
    """An issue found in the temporary copy, pointing at the real seeds folder."""
    where = issue.where
    for shown in (copy.as_posix(), os.path.relpath(copy)):
        if where.startswith(shown):
            where = real.as_posix() + where[len(shown):]
            break
    return Issue(where, issue.subject, issue.message, issue.hint, issue.code)
