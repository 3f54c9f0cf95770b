"""Reading an input file without trusting what is at its path.

A seeds file may turn out to be a folder, a named pipe (reading it waits forever for a writer),
a device (/dev/zero never ends), a socket, a symbolic link that points nowhere or into a loop,
or simply far too large. read_input_file opens the path without blocking, checks on the opened
file itself (so nothing can be swapped in between) that it is a regular file, and reads at most
max_bytes + 1 bytes; anything else is an UnreadableInput saying what is there instead.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class UnreadableInput(Exception):
    """What is at an input path cannot be read as a file: message, hint and a short code."""

    def __init__(self, message: str, hint: str, code: str, size: int | None = None):
        self.message, self.hint, self.code = message, hint, code
        self.size = size  # bytes, for a file over the limit
        super().__init__(f"{message}; {hint}")


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_input_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at path (following symbolic links), or UnreadableInput."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait until someone writes to it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise _open_error(path, err) from err
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInput(f"is {kind_of(info.st_mode)}, not a file", "replace it with a regular UTF-8 text file", "not-a-file")
        if info.st_size > max_bytes:
            raise _too_large(info.st_size, max_bytes)
        chunks, total = [], 0
        while total <= max_bytes:  # the size can change while reading: never trust st_size alone
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise _too_large(total, max_bytes)
        return b"".join(chunks)
    except OSError as err:
        raise UnreadableInput(f"cannot be read ({err.strerror})", "check the file and its permissions", "unreadable") from err
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> UnreadableInput:
    return UnreadableInput(f"is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit", "this is not a hand-edited seeds file; split it or check the path", "too-large", size)


def _open_error(path: Path, err: OSError) -> UnreadableInput:
    if err.errno == errno.ELOOP:
        return UnreadableInput("is a symbolic link that loops (it points back to itself)", "replace the link with the file itself", "symlink-loop")
    if err.errno == errno.ENOENT:
        if os.path.islink(path):
            return UnreadableInput(f"is a symbolic link to {os.readlink(path)!r}, which does not exist", "fix the link or replace it with the file", "broken-symlink")
        return UnreadableInput("file not found", "check the name", "file-missing")
    if err.errno in (errno.EACCES, errno.EPERM):
        return UnreadableInput("cannot be read (permission denied)", "check its permissions", "unreadable")
    if err.errno == errno.ENXIO:  # a socket, or a FIFO in some modes
        return UnreadableInput("is not a file (a socket or a device without a reader)", "replace it with a regular UTF-8 text file", "not-a-file")
    return UnreadableInput(f"cannot be opened ({err.strerror})", "check the path", "unreadable")
