"""Writing outputs so that nothing is lost.

A build's outputs switch all at once (switch_outputs): they are written into a new generation
folder, and one symbolic link, `.current`, is then renamed onto it. Each output's name in the
folder is a link through `.current` (build/argmap.ttl -> .current/argmap.ttl), so every name
shows the previous build until that single rename, and the new build after it, whatever moment
the process is killed at, SIGKILL included (rename(2) is atomic). One build at a time per folder:
a lock file (.lock, with filelock) makes a second build say that another one is running instead
of deleting its files. build/README.md says the same for users.

write_outputs writes single files (a report, an export) the older way: a temporary file beside
the target, renamed into place (replace_files, which the seeds writer uses too).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import OutputError

GENERATIONS = ".generations"  # one folder per build: <out>/.generations/000012/argmap.ttl, ...
CURRENT = ".current"  # the link to the generation every output name shows
LOCK = ".lock"
_GENERATION_NAME = re.compile(r"^\d{6,}$")


@contextmanager
def build_lock(out_dir: Path, create: bool = True) -> Iterator[None]:
    """Hold the output folder's lock, or fail at once saying another build holds it.

    Re-entrant within one process (a build takes it for its whole run, and switch_outputs again),
    released by the kernel if the process dies, even by SIGKILL. create=False holds nothing when
    the folder does not exist yet (a build that fails then leaves no folder behind; switch_outputs
    creates it and takes the lock before writing).
    """
    out_dir = Path(out_dir)
    if not create and not out_dir.is_dir():
        yield
        return
    _make_folder(out_dir)
    lock = FileLock(out_dir / LOCK, timeout=0, is_singleton=True)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(f"{out_dir}: another argmap build is writing to this folder (it holds {out_dir / LOCK}); "
                          "wait until it finishes, or build into another folder with --out") from None
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot lock the output folder ({err.strerror}); choose another with --out") from err
    try:
        yield
    finally:
        lock.release()


def switch_outputs(out_dir: Path, outputs: dict[str, bytes], remove: Iterable[str] = ()) -> tuple[Path, ...]:
    """Replace a build's whole set of outputs in out_dir at once; names in `remove` (outputs this
    build does not make) and outputs of the previous build that this one does not make disappear.

    A failure, SIGTERM, Ctrl-C or SIGKILL before the switch leaves every previous output as it was;
    after it, every output is new. SIGTERM and Ctrl-C during the switch itself wait until it is
    done. Returns the outputs' paths (out_dir/name).
    """
    out_dir = Path(out_dir)
    names = sorted(outputs)
    with build_lock(out_dir):
        generations = out_dir / GENERATIONS
        try:
            _make_folder(generations)
            with _signals_held(signal.SIGTERM, signal.SIGINT):
                _remove_leftovers(out_dir)
            previous = _current_generation(out_dir)
            if previous is None and any(_is_plain_file(out_dir / name) for name in [*names, *remove]):
                # Outputs of an argmap from before generations, as plain files: they become the
                # current generation (next step), so that the switch is all or nothing for them too.
                previous = _adopt_generation(out_dir)
            new = _new_generation(generations)
        except OSError as err:
            raise OutputError(f"{out_dir}: cannot prepare the outputs ({err.strerror}); previous outputs are unchanged") from err
        try:
            _write_generation(new, outputs)
        except BaseException as err:
            # Failed, or stopped by SIGTERM / Ctrl-C while writing: the partial generation goes and
            # nothing the folder shows has changed.
            with _signals_held(signal.SIGTERM, signal.SIGINT):
                shutil.rmtree(new, ignore_errors=True)
            if isinstance(err, OSError):
                raise OutputError(f"{out_dir}: cannot write outputs ({err.strerror}); previous outputs are unchanged") from err
            raise
        with _signals_held(signal.SIGTERM, signal.SIGINT):
            try:
                # Every name becomes a link through .current showing what it showed before (an
                # output written by an older argmap, as a plain file, moves into the current
                # generation first); then the one rename switches them all.
                _link_names(out_dir, [*names, *remove], previous)
                _point_current_at(out_dir, new)
            except OutputError as err:
                shutil.rmtree(new, ignore_errors=True)
                raise OutputError(f"{err}; previous outputs are unchanged") from err
            except OSError as err:
                shutil.rmtree(new, ignore_errors=True)
                raise OutputError(f"{out_dir}: cannot switch to the new outputs ({err.strerror}); previous outputs are unchanged") from err
            gone = set(remove) | (set(_names_in(previous)) if previous else set())
            _tidy(out_dir, gone - set(names), keep={new.name, previous.name if previous else ""})
    return tuple(out_dir / name for name in names)


def current_generation(out_dir: Path) -> Path | None:
    """The generation folder the outputs in out_dir show, if any."""
    return _current_generation(Path(out_dir))


# ---------------------------------------------------------------- generations


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}: cannot create the output folder ({err.strerror}); choose another with --out") from err


def _current_generation(out_dir: Path) -> Path | None:
    link = out_dir / CURRENT
    try:
        target = os.readlink(link)
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.EINVAL:  # not a link
            raise OutputError(f"{link} is not the link argmap keeps there; remove it and build again") from err
        raise
    folder = out_dir / target
    return folder if folder.is_dir() else None


def _new_generation(generations: Path) -> Path:
    numbers = [int(p.name) for p in generations.iterdir() if _GENERATION_NAME.match(p.name)]
    folder = generations / f"{max(numbers, default=0) + 1:06d}"
    folder.mkdir()
    return folder


def _write_generation(folder: Path, outputs: dict[str, bytes]) -> None:
    for name, data in sorted(outputs.items()):
        path = folder / name
        with open(path, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(path, 0o644)
    _fsync_folder(folder)


def _names_in(generation: Path) -> list[str]:
    try:
        return sorted(p.name for p in generation.iterdir() if not p.name.startswith("."))
    except OSError:
        return []


def _is_plain_file(path: Path) -> bool:
    """A file at an output's name that is not argmap's link (a link of someone else's counts)."""
    try:
        return path.is_file() and not (path.is_symlink() and os.readlink(path).startswith(f"{CURRENT}/"))
    except OSError:
        return False


def _link_names(out_dir: Path, names: list[str], previous: Path | None) -> None:
    """Make out_dir/name a link to .current/name for each name, without changing what it shows."""
    for name in dict.fromkeys(names):
        path = out_dir / name
        target = f"{CURRENT}/{name}"
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISLNK(info.st_mode) and os.readlink(path) == target:
            continue  # already ours
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path} is a folder where argmap writes a file: move it away and build again")
        if info is not None and _is_plain_file(path):
            # A plain file (from an older argmap, or written over an output by hand), or a link of
            # someone else's to a file: its content joins the current generation before the name
            # becomes a link to it, so the name shows the same bytes before and after.
            if previous is None:
                raise OutputError(f"{path}: found no current generation to keep it in")  # switch_outputs makes one first
            _place_copy(path, previous / name)
        _replace_with_link(path, target)
    _fsync_folder(out_dir)


def _adopt_generation(out_dir: Path) -> Path:
    """A generation for the plain files of a folder argmap wrote before it kept generations."""
    folder = _new_generation(out_dir / GENERATIONS)
    _point_current_at(out_dir, folder)
    return folder


def _place_copy(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        try:
            os.link(source, tmp, follow_symlinks=True)
        except OSError:  # a file system without hard links, or a link of someone else's elsewhere
            shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _replace_with_link(path: Path, target: str) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.link.tmp")
    try:
        os.symlink(target, tmp)
        os.replace(tmp, path)
    except OSError as err:
        if err.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS):
            raise OutputError(f"{path.parent}: this file system does not allow symbolic links, which argmap uses to "
                              "switch all outputs at once; build into a folder on another file system") from err
        raise
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _point_current_at(out_dir: Path, generation: Path) -> None:
    _replace_with_link(out_dir / CURRENT, f"{GENERATIONS}/{generation.name}")
    _fsync_folder(out_dir)


def _tidy(out_dir: Path, gone: set[str], keep: set[str]) -> None:
    """After a switch: remove the links of outputs no longer made, and generations older than the
    previous one (kept for anyone still reading it). Failures here change nothing visible."""
    for name in gone:
        path = out_dir / name
        try:
            if os.readlink(path) == f"{CURRENT}/{name}" and not path.exists():
                path.unlink()
        except OSError:
            pass
    try:
        folders = list((out_dir / GENERATIONS).iterdir())
    except OSError:
        return  # the next build tidies again
    for folder in folders:
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def _remove_leftovers(out_dir: Path) -> None:
    """Temporary links of a build that was killed (SIGKILL cannot be cleaned up after)."""
    for stale in out_dir.glob(".*.link.tmp"):
        if stale.is_symlink():
            stale.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_outputs(out_dir: Path, outputs: dict[str, bytes], remove: tuple[str, ...] = ()) -> tuple[Path, ...]:
    """Write each output to a temporary file beside its target, then rename it into place, and
    delete the files named in `remove` (outputs this build does not make) once all are in place
    (replace_files does the writing; see there what a failure or a stop leaves).
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot create the output folder ({err.strerror}); choose another with --out") from err
    _remove_stale_temporaries(out_dir, outputs)
    try:
        return replace_files({out_dir / name: data for name, data in sorted(outputs.items())},
                             then_remove=tuple(out_dir / name for name in remove))
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot write outputs ({err.strerror}); previous outputs are unchanged") from err


def replace_files(files: dict[Path, bytes], *, keep_mode: bool = False, before_rename: Callable[[], None] | None = None,
                  then_remove: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """Replace several files at once, as far as a file system allows: write each file's bytes to a
    temporary file beside it (fsynced; its folder made if missing), call `before_rename` (the last
    moment to give up: whatever it raises leaves every file as it was, e.g. the seeds writer's check
    that no file changed on disk meanwhile), rename each temporary onto its file, then delete
    `then_remove`. Returns the files written, in the order given.

    A failure (or a kill) before the renames leaves every file untouched; each rename is atomic.
    SIGTERM and SIGINT are held back throughout (see _signals_held), so a stop leaves either all
    previous or all new files and no temporaries. A new file gets mode 0644; an existing file keeps
    its own with keep_mode. OSError (and whatever before_rename raises) propagates to the caller,
    who knows what to call the files in a message; temporaries are removed in every case.
    """
    staged: list[tuple[Path, Path]] = []
    with _signals_held(signal.SIGTERM, signal.SIGINT):
        try:
            for target, data in files.items():
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
                # Registered before it exists, so the cleanup below can never miss it.
                staged.append((tmp, target))
                with open(tmp, "xb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(tmp, target.stat().st_mode & 0o777 if keep_mode and target.exists() else 0o644)
            if before_rename is not None:
                before_rename()
            for tmp, target in staged:
                os.replace(tmp, target)
            for path in then_remove:
                path.unlink(missing_ok=True)
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
