"""What argmap's caches (parses, extracted claims, group layouts, suggestion features) share: an entry is a magic line,
one JSON header line naming its key and its payload's length and sha256, then the payload; it is
written to a temporary file of its own renamed into place, so that a reader sees the old entry
or the new one, never half of one, and concurrent writers do not mix. An entry that does not
check out is not trusted (the caller computes it again); a cache that cannot be written is
skipped, since it only saves time."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import tempfile
from pathlib import Path


def source_fingerprint(folder: Path, modules: tuple[str, ...], libraries: tuple[str, ...]) -> str:
    """sha256 of the named modules' source (files in folder: the package's) and of the libraries'
    versions: the code part of a cache key, so that an entry made by other code is never trusted."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
    for library in libraries:
        digest.update(f"{library}=={importlib.metadata.version(library)}\0".encode())
    return digest.hexdigest()


def frame(magic: bytes, header: dict, payload: bytes) -> bytes:
    """The bytes of an entry: header gains the payload's length and sha256."""
    full = {**header, "length": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    return magic + json.dumps(full, sort_keys=True).encode("utf-8") + b"\n" + payload


def unframe(data: bytes, magic: bytes, header: dict) -> bytes | None:
    """The payload of an entry whose magic line is magic, whose header holds header's items and
    whose payload has the recorded length and sha256; None for anything else."""
    if not data.startswith(magic):
        return None
    header_end = data.find(b"\n", len(magic))
    if header_end < 0:
        return None
    try:
        found = json.loads(data[len(magic) : header_end])
    except ValueError:
        return None
    payload = data[header_end + 1 :]
    if (not isinstance(found, dict) or any(found.get(k) != v for k, v in header.items())
            or found.get("length") != len(payload) or found.get("sha256") != hashlib.sha256(payload).hexdigest()):
        return None
    return payload


def read_entry(path: Path) -> bytes:
    """The file's bytes, or b"" when it cannot be read (missing, a folder, unreadable)."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


def write_entry(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file renamed into place; skipped if that fails."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass
