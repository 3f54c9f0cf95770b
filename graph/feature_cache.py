"""The link suggestions' text features cached between builds, so that a rebuild reads again only the
documents that changed (a new article's claims, the propositions whose member quotes changed).

A document's features (its words' stems, gazetteer entities, the names, subject and years it names,
its sign) depend on its own texts and fields, the gazetteer and the code that reads them, never on
the other documents; the suggest stage groups documents (the propositions, and each source's
claims) and keys each group by the sha256 of those inputs. This module adds the code to the key:
suggest.py's and rules.py's source (rules.py reads the gazetteer) and the versions of the libraries
the features are computed with (PyStemmer's stems, spaCy's stop-word list).

A file holds a header (magic line, then one JSON line naming the key, the payload's length and
sha256) and the group's records as JSON. Anything that does not check out (another key, a
truncated or corrupt payload, records of the wrong shape or number) is computed again and stored
again; writes go to a temporary file renamed into place (argmap.cache_files). Records hold only
strings and integers, which JSON gives back exactly, so the outputs are the same bytes with or
without the cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from .cache_files import frame, read_entry, source_fingerprint, unframe, write_entry

CACHE_MAGIC = b"argmap-features-cache 1\n"
FEATURE_MODULES = ("suggest.py", "rules.py")
LIBRARIES = ("PyStemmer", "spacy")


@functools.cache
def code_fingerprint() -> str:
    return source_fingerprint(Path(__file__).parent, FEATURE_MODULES, LIBRARIES)


class FeatureCache:
    """Groups of feature records stored one file per group in folder; hits and misses are counted."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.hits = self.misses = 0

    def key(self, group_inputs: object) -> str:
        """The key of a group whose inputs (JSON-serializable) are group_inputs."""
        inputs = json.dumps(group_inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(f"{code_fingerprint()}\n{inputs}".encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, count: int) -> list[list] | None:
        """The group's `count` records as stored, or None (a miss) when there is no entry to trust."""
        records = self._decode(read_entry(self.path(key)), key, count)
        if records is None:
            self.misses += 1
        else:
            self.hits += 1
        return records

    @staticmethod
    def _decode(data: bytes, key: str, count: int) -> list[list] | None:
        payload = unframe(data, CACHE_MAGIC, {"key": key})
        if payload is None:
            return None
        try:
            records = json.loads(payload)
        except ValueError:
            return None
        if not isinstance(records, list) or len(records) != count or not all(_well_formed(r) for r in records):
            return None
        return records

    def put(self, key: str, records: list[list]) -> None:
        """Store a group's records; a cache that cannot be written is skipped (it only saves time)."""
        payload = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_entry(self.path(key), frame(CACHE_MAGIC, {"key": key}, payload))


def _well_formed(record: object) -> bool:
    """[features, sign, actors, subject, years]: three lists of strings, ±1, a list of integers."""
    if type(record) is not list or len(record) != 5:
        return False
    features, sign, actors, subject, years = record
    if type(features) is not list or type(actors) is not list or type(subject) is not list or type(years) is not list:
        return False
    try:
        "".join(features + actors + subject)  # a TypeError for anything but strings (checked in C, ~30k records a build)
    except TypeError:
        return False
    return type(sign) is int and sign in (1, -1) and all(type(y) is int for y in years)
