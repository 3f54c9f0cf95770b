"""Writing outputs so that nothing is lost: temporary files beside their targets, renamed into place,
with SIGTERM and SIGINT held back while that happens.
"""

from __future__ import annotations

import os
import secrets
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError


def write_outputs(out_dir: Path, outputs: dict[str, bytes], remove: tuple[str, ...] = ()) -> tuple[Path, ...]:
    """Write each output to a temporary file beside its target, then rename it into place, and
    delete the files named in `remove` (outputs this build does not make) once all are in place.

    A failure (or a kill) before the renames leaves every previous output untouched; the renames
    themselves are atomic per file. SIGTERM and SIGINT are held back while outputs are written and
    renamed, so a stopped build leaves either all previous or all new outputs and no temporaries.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot create the output folder ({err.strerror}); choose another with --out") from err
    _remove_stale_temporaries(out_dir, outputs)
    staged: list[tuple[Path, Path]] = []
    with _signals_held(signal.SIGTERM, signal.SIGINT):
        try:
            for name, data in sorted(outputs.items()):
                tmp = out_dir / f".{name}.{secrets.token_hex(6)}.tmp"
                # Registered before it exists, so the cleanup below can never miss it.
                staged.append((tmp, out_dir / name))
                with open(tmp, "xb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(tmp, 0o644)
            for tmp, target in staged:
                os.replace(tmp, target)
            for name in remove:
                (out_dir / name).unlink(missing_ok=True)
        except OSError as err:
            raise OutputError(f"{out_dir}: cannot write outputs ({err.strerror}); previous outputs are unchanged") from err
        finally:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
    return tuple(target for _, target in staged)


@contextmanager
def _signals_held(*signals: signal.Signals) -> Iterator[None]:
    """Defer the given signals until the with-block ends; they are then handled as usual.

    Python runs a signal handler between any two bytecodes, so a handler that raises (argmap's
    SIGTERM handler does) could otherwise land between creating a temporary file and recording it,
    or in the middle of the cleanup, and leave the file behind. Blocking the signal with
    pthread_sigmask is not enough: the kernel may hand it to another thread (importing numpy starts
    OpenBLAS worker threads), and Python would still run the handler in this one. So the Python
    handlers themselves are swapped for one that only notes the signal. Only the main thread can
    set handlers; elsewhere nothing is held (Python runs no handler in other threads anyway).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)  # None: set outside Python
        if caught:
            signal.raise_signal(caught[0])  # handled now by whatever handled it before


def _remove_stale_temporaries(out_dir: Path, outputs: dict[str, bytes]) -> None:
    """Temporary files left by a build that was killed (SIGKILL cannot be cleaned up after)."""
    for name in outputs:
        for stale in out_dir.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)
