"""Positions of the map's connected groups of claims cached between builds, so that a rebuild lays
out only the groups that changed (graph/static_layout.py lays out each group on its own: its
positions depend only on its nodes, edges and label boxes, and on the layout code).

One file per group, under the key static_layout gives it (the sha256 of the group's inputs);
this module adds the layout code to the key: static_layout.py's source and the versions of the
libraries it computes with. A file holds {"key": ..., "positions": [[x, y], ...]}; floats go
through JSON as Python's repr, which reads back to the same bits, so a cached layout is the
computed one exactly and the outputs are the same bytes with or without the cache. An entry that
does not check out (another key, another number of nodes, not numbers) is computed again and
stored again; writes go to a temporary file renamed into place.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .cache_files import read_entry, write_entry

# What a group's positions are computed with besides its inputs.
LAYOUT_MODULE = "static_layout.py"
LIBRARIES = ("networkx", "numpy", "scipy")


@functools.cache
def code_fingerprint() -> str:
    digest = hashlib.sha256((Path(__file__).parent / LAYOUT_MODULE).read_bytes())
    for library in LIBRARIES:
        digest.update(f"\0{library}=={importlib.metadata.version(library)}".encode())
    return digest.hexdigest()


class LayoutCache:
    """Group positions stored one file per group in folder; hits and misses are counted."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.hits = self.misses = 0

    def positions(self, group_key: str, count: int, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """The group's positions (count rows of x, y): stored ones when they check out, else compute()'s (then stored)."""
        found = self.get(group_key, count)
        if found is not None:
            return found
        xy = compute()
        self.put(group_key, xy)
        return xy

    def get(self, group_key: str, count: int) -> np.ndarray | None:
        """The stored positions of the group (count rows of x, y), if they check out (a hit); else None (a miss)."""
        key = self._key(group_key)
        found = self._read(self._path(key), key, count)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, group_key: str, xy: np.ndarray) -> None:
        """Store the group's computed positions."""
        key = self._key(group_key)
        self._write(self._path(key), key, xy)

    @staticmethod
    def _key(group_key: str) -> str:
        return hashlib.sha256(f"{group_key}\n{code_fingerprint()}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    @staticmethod
    def _read(path: Path, key: str, count: int) -> np.ndarray | None:
        try:
            data = json.loads(read_entry(path))
            rows = data["positions"]
            if data["key"] != key or len(rows) != count:
                return None
            xy = np.array(rows, dtype=float)
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if xy.shape != (count, 2) or not all(math.isfinite(v) for v in xy.flat):
            return None
        return xy

    @staticmethod
    def _write(path: Path, key: str, xy: np.ndarray) -> None:
        write_entry(path, json.dumps({"key": key, "positions": [[float(x), float(y)] for x, y in xy]}).encode())
