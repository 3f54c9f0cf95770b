"""Queries in worker processes that can be stopped: time, memory, result-size and concurrency limits.

A thread cannot be stopped while Oxigraph evaluates a query; a process can. So queries run in worker
processes, which the caller kills (SIGKILL) when a query passes its time limit, when its client goes
away, or when too many long queries run at once.

- A *zygote* process, started fresh (a new interpreter) and single-threaded, loads the graph file
  once and forks the workers on demand: they share the store's memory copy-on-write, and a new one
  takes milliseconds, so killing a worker is cheap. Each worker owns one socket to the caller and
  takes one job at a time.
- In each worker, RLIMIT_AS caps the address space at what it had when forked plus `memory_mb`: a
  query that wants more fails its allocation and ends, or takes its worker down with it; the caller
  then answers that the memory limit was reached and forks a new worker.
- Unless SERVICE is allowed, every file descriptor number the worker may use is taken before any
  query runs, so it cannot open a socket: a federated query that slipped past the parsed-query check
  (query.check_query) still could not reach another server.
- A result is serialized into a buffer that refuses to grow past `max_result_bytes`.
- At most `max_heavy` queries may run longer than `heavy_after` seconds at once; a query that would
  be one more is stopped with ServerBusy (Retry-After: when the oldest long query must end), so that
  the other workers stay free for the quick queries that make up most traffic. A long query's worker
  is reniced (it yields the CPU to quick queries) and replaced once it has answered.
"""

from __future__ import annotations

import dataclasses
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle, send_handle
from pathlib import Path

from .query import (
    QUERY_PREFIXES,
    BundledQuery,
    OxigraphEngine,
    QueryError,
    QueryForm,
    ServiceRefused,
    UpdateRefused,
    bundled_queries,
    check_query,
    form_of,
    load_store,
    refuse_service,
    run_query,
    write_result,
)

POLL_SECONDS = 0.05  # how often a waiting caller checks the time limit and its client
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one query may take, and how many may run at once."""

    timeout: float = 30.0  # seconds for a whole query: parse, run, serialize
    memory_mb: int = 512  # address space a worker may add to what it had when forked
    max_result_bytes: int = 64 * MEGABYTE
    workers: int = 4
    max_heavy: int = 1  # queries that may run past heavy_after at the same time
    heavy_after: float = 0.5
    heavy_niceness: int = 10  # a long query's worker runs at this nice value, behind the quick ones
    queue_wait: float = 5.0  # how long a query waits for a free worker before ServerBusy
    allow_service: bool = False  # federated queries (SERVICE): only the local CLI may allow them


def default_limits(**overrides) -> Limits:
    """Limits sized to this machine: one long query per two cores, three workers beside them for quick ones."""
    max_heavy = overrides.pop("max_heavy", None) or max(1, (os.cpu_count() or 2) // 2)
    workers = overrides.pop("workers", None) or max_heavy + 3
    return Limits(workers=max(workers, max_heavy + 1), max_heavy=max_heavy, **overrides)


@dataclass(frozen=True)
class QueryJob:
    """One query to run: its text, parameters, dataset, and the result format wanted for each form.

    formats maps a query form to a format of query.FORMATS; a form it lacks is answered with
    NotAcceptable (before the query runs when the form is known from parsing).
    """

    text: str
    formats: Mapping[QueryForm, str]
    params: tuple[tuple[str, str], ...] = ()
    bundled: BundledQuery | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryAnswer:
    form: QueryForm
    fmt: str
    data: bytes


class QueryLimitError(QueryError):
    """A limit stopped the query (or kept it from starting); the message says which and what to do."""


class QueryTimeout(QueryLimitError):
    pass


class ResultTooLarge(QueryLimitError):
    pass


class MemoryLimitExceeded(QueryLimitError):
    pass


class ServerBusy(QueryLimitError):
    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after


class QueryCancelled(QueryError):
    """The client went away; its query was stopped."""


class NotAcceptable(QueryError):
    def __init__(self, message: str, form: QueryForm | None = None):
        super().__init__(message)
        self.form = form


class EngineFailure(QueryError):
    """The engine failed while running or serializing a query that parsed (a 500, not the client's fault)."""


class WorkersUnavailable(QueryError):
    """The query workers could not be started or have gone."""


# The errors a worker may report, rebuilt by name in the caller (nothing else is unpickled as an error).
_REPORTABLE = {cls.__name__: cls for cls in (
    QueryError, UpdateRefused, ServiceRefused, NotAcceptable, ResultTooLarge, MemoryLimitExceeded, EngineFailure)}


# ---------------------------------------------------------------- the caller's side


@dataclass(eq=False)
class _Worker:
    pid: int
    conn: Connection
    started: float = 0.0
    heavy: bool = False


@dataclass
class _State:
    idle: list[_Worker] = field(default_factory=list)
    alive: set[int] = field(default_factory=set)  # every worker's pid, idle or busy
    heavy: list[_Worker] = field(default_factory=list)
    closed: bool = False


class QueryPool:
    """Runs QueryJobs in killable worker processes forked from one zygote holding the graph.

    Thread-safe: any number of threads may call run() at once; each waits for a free worker (at
    most limits.queue_wait seconds, then ServerBusy).
    """

    def __init__(self, graph: Path, limits: Limits | None = None, *, check_bundled: bool = True):
        """check_bundled: check the bundled queries once in the zygote, so that every worker has them cached."""
        self.limits = limits or default_limits()
        self.graph = Path(graph)
        caller_end, zygote_end = socket.socketpair()
        # A new interpreter, not multiprocessing's spawn (which would run the caller's __main__ again),
        # in a session of its own: the terminal's Ctrl-C reaches the caller only, and one killpg ends it all.
        self._zygote = subprocess.Popen(
            [sys.executable, "-c", "from argmap.query_workers import zygote_entry; zygote_entry()",
             str(zygote_end.fileno())],
            pass_fds=[zygote_end.fileno()], stdin=subprocess.DEVNULL, start_new_session=True)
        zygote_end.close()
        self._control = Connection(caller_end.detach())
        self._control_lock = threading.Lock()
        self._lock = threading.Condition()
        self._state = _State()
        try:
            self._control.send((self.graph, self.limits, check_bundled))
            status, detail = self._control.recv()
        except (EOFError, OSError) as err:
            code = self._zygote.wait()
            raise WorkersUnavailable(f"{self.graph}: the query process ended while loading the graph "
                                     f"(exit code {code})") from err
        if status != "ready":
            self._zygote.wait()
            raise QueryError(detail)
        self.triples: int = detail
        try:
            for _ in range(self.limits.workers):
                self._state.idle.append(self._fork())
        except BaseException:
            self.close()
            raise

    def pids(self) -> list[int]:
        """The zygote's and every worker's process id (for measuring memory)."""
        with self._lock:
            return [self._zygote.pid, *sorted(self._state.alive)]

    def running(self) -> list[tuple[int, bool]]:
        """(pid, long-running?) of each worker busy with a query now."""
        with self._lock:
            idle = {w.pid for w in self._state.idle}
            heavy = {w.pid for w in self._state.heavy}
            return [(pid, pid in heavy) for pid in sorted(self._state.alive - idle)]

    def run(self, job: QueryJob, cancelled: Callable[[], bool] | None = None) -> QueryAnswer:
        """The job's answer, or the error it ends with (QueryError and its subclasses only)."""
        worker = self._take_worker()
        broken = True
        try:
            worker.conn.send(job)
            reply = self._wait(worker, cancelled)
            broken = False
        except (EOFError, OSError) as err:
            raise MemoryLimitExceeded(
                f"the query's worker process ended abruptly, most likely because the query needed more memory "
                f"than its limit ({self.limits.memory_mb} MB); narrow the query") from err
        finally:
            self._give_back(worker, broken)
        if reply[0] == "ok":
            return reply[1]
        _, name, message, form = reply
        cls = _REPORTABLE.get(name, EngineFailure)
        raise cls(message, form) if cls is NotAcceptable else cls(message)

    def _take_worker(self) -> _Worker:
        give_up = time.monotonic() + self.limits.queue_wait
        with self._lock:
            while not self._state.idle:
                if self._state.closed:
                    raise WorkersUnavailable("the query workers are shutting down")
                remaining = give_up - time.monotonic()
                if remaining <= 0:
                    raise ServerBusy(f"all {self.limits.workers} query workers stayed busy for "
                                     f"{self.limits.queue_wait:g} s; retry in a moment", retry_after=2)
                self._lock.wait(remaining)
            worker = self._state.idle.pop()
        worker.started, worker.heavy = time.monotonic(), False
        return worker

    def _wait(self, worker: _Worker, cancelled: Callable[[], bool] | None) -> tuple:
        limits = self.limits
        while not worker.conn.poll(POLL_SECONDS):
            elapsed = time.monotonic() - worker.started
            if elapsed > limits.timeout:
                raise QueryTimeout(f"query stopped after {limits.timeout:g} s, its time limit; narrow it "
                                   f"(a LIMIT, fewer unbound patterns) or raise the limit (--timeout)")
            if cancelled is not None and cancelled():
                raise QueryCancelled("the client went away; its query was stopped")
            if not worker.heavy and elapsed > limits.heavy_after:
                self._mark_heavy(worker)
        return worker.conn.recv()

    def _mark_heavy(self, worker: _Worker) -> None:
        with self._lock:
            running = self._state.heavy
            if len(running) >= self.limits.max_heavy:
                ends = min(w.started for w in running) + self.limits.timeout  # when the oldest must have ended
                raise ServerBusy(f"{len(running)} long-running quer{'y' if len(running) == 1 else 'ies'} already "
                                 f"use the server's share for long queries; this one was stopped after "
                                 f"{self.limits.heavy_after:g} s: retry later",
                                 retry_after=max(1, math.ceil(ends - time.monotonic())))
            running.append(worker)
            worker.heavy = True
        try:  # behind the quick queries for the CPU; a process may lower its own priority, never raise it back
            os.setpriority(os.PRIO_PROCESS, worker.pid, self.limits.heavy_niceness)
        except (AttributeError, OSError):
            pass

    def _give_back(self, worker: _Worker, broken: bool) -> None:
        """Return a worker that answered a quick query to the idle list; kill any other (broken, or reniced
        by a long query) and fork its replacement."""
        with self._lock:
            if worker.heavy:
                self._state.heavy.remove(worker)
            if not broken and not worker.heavy and not self._state.closed:
                self._state.idle.append(worker)
                self._lock.notify()
                return
            self._state.alive.discard(worker.pid)
        _kill(worker)
        try:
            replacement = self._fork()
        except WorkersUnavailable:
            return  # the pool shrinks; later calls wait for the workers left, or get ServerBusy
        with self._lock:
            if self._state.closed:
                self._state.alive.discard(replacement.pid)
                _kill(replacement)
                return
            self._state.idle.append(replacement)
            self._lock.notify()

    def _fork(self) -> _Worker:
        with self._control_lock:
            try:
                self._control.send("fork")
                fd = recv_handle(self._control)
                pid = self._control.recv()
            except (EOFError, OSError) as err:
                raise WorkersUnavailable("the query process that forks workers has gone") from err
        with self._lock:
            self._state.alive.add(pid)
        return _Worker(pid, Connection(fd))

    def close(self) -> None:
        """Stop every worker and the zygote; running queries end with WorkersUnavailable."""
        with self._lock:
            self._state.closed = True
            idle, self._state.idle = self._state.idle, []
            self._state.alive.difference_update(w.pid for w in idle)
            self._lock.notify_all()
        for worker in idle:
            _kill(worker)
        self._control.close()  # the zygote sees EOF, kills its process group (every worker) and exits
        try:
            self._zygote.wait(10)
        except subprocess.TimeoutExpired:
            self._zygote.kill()
            self._zygote.wait()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _kill(worker: _Worker) -> None:
    try:
        os.kill(worker.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    worker.conn.close()


def run_isolated(graph: Path, job: QueryJob, limits: Limits) -> QueryAnswer:
    """Run one job in its own worker (the CLI's way): the limits hold, Ctrl-C stops the query."""
    one_worker = dataclasses.replace(limits, workers=1, max_heavy=1, heavy_after=math.inf)
    with QueryPool(graph, one_worker, check_bundled=False) as pool:
        return pool.run(job)


# ---------------------------------------------------------------- the zygote and its workers


def zygote_entry() -> None:
    """The zygote process's main (see QueryPool): its socket's descriptor is the last argument."""
    control = Connection(int(sys.argv[-1]))
    try:
        graph, limits, check_bundled = control.recv()
    except (EOFError, OSError):
        return
    _zygote_main(control, graph, limits, check_bundled)


def _zygote_main(control: Connection, graph: Path, limits: Limits, check_bundled: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
    try:
        store = load_store(graph)
    except QueryError as err:
        control.send(("failed", str(err)))
        return
    _warm_up(check_bundled)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps workers that end
    control.send(("ready", len(store)))
    try:
        while True:
            try:
                request = control.recv()
            except (EOFError, OSError):
                break
            if request != "fork":
                continue
            caller_end, worker_end = socket.socketpair()
            pid = os.fork()
            if pid == 0:  # the worker: never returns into this loop
                try:
                    control.close()
                    caller_end.close()
                    _worker_main(worker_end.detach(), store, limits)
                finally:
                    os._exit(0)
            worker_end.close()
            send_handle(control, caller_end.fileno(), os.getppid())
            caller_end.close()
            control.send(pid)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        os.killpg(0, signal.SIGKILL)  # every worker, and this process


def _warm_up(check_bundled: bool) -> None:
    """Check a few queries, broken ones too, before forking: workers inherit the checker's imports (they
    may not open files later), and with check_bundled every bundled query's check already cached."""
    texts = ["ASK {}", "SELECT * WHERE { ?s ?p }", "DELETE WHERE { ?s ?p ?o }", ""]
    if check_bundled:
        texts += [bundled.text for bundled in bundled_queries().values()]
    for text in texts:
        try:
            check_query(text)
        except QueryError:
            pass


def confine(fd: int, memory_mb: int, allow_service: bool = False) -> int:
    """Make this process a query worker's prison; return its one socket's new descriptor.

    Standard streams go to /dev/null, every descriptor but fd is closed, the address space may grow
    by memory_mb at most, and unless allow_service no new descriptor (no socket) can be opened.
    """
    _keep_only(fd)
    _limit_memory(memory_mb)
    if not allow_service:
        _forbid_new_descriptors()
    return _CONN_FD


def _worker_main(fd: int, store, limits: Limits) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    conn = Connection(confine(fd, limits.memory_mb, limits.allow_service))
    engine = OxigraphEngine(store)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        reply = _answer(engine, job, limits)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        del reply, job


_CONN_FD = 3  # the worker's socket, right after stdin, stdout and stderr


def _keep_only(fd: int) -> None:
    """Leave the worker with stdin/stdout/stderr on /dev/null and its socket as descriptor 3, nothing else."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for std in (0, 1, 2):  # a query's failure is reported to the caller; an abort message has no reader
        os.dup2(devnull, std)
    if fd != _CONN_FD:
        os.dup2(fd, _CONN_FD)
        os.close(fd)
    if devnull != _CONN_FD:
        os.close(devnull)
    os.closerange(_CONN_FD + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return  # no /proc (not Linux): no memory limit
    limit = mapped + memory_mb * MEGABYTE
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _forbid_new_descriptors() -> None:
    """Descriptors 0-3 are open; a hard RLIMIT_NOFILE of 4 makes every new one (a socket) fail."""
    try:
        import resource
    except ImportError:
        return
    resource.setrlimit(resource.RLIMIT_NOFILE, (_CONN_FD + 1, _CONN_FD + 1))


class _CappedBuffer:
    """A binary sink for serializers that raises ResultTooLarge past its cap."""

    def __init__(self, cap: int):
        self.cap = cap
        self.size = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise ResultTooLarge(f"the result is larger than {self.cap / MEGABYTE:.3g} MB, the limit for one answer; "
                                 "add a LIMIT, or page through it with LIMIT and OFFSET")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _answer(engine: OxigraphEngine, job: QueryJob, limits: Limits) -> tuple:
    """('ok', QueryAnswer) or ('error', class name, message, form): the worker never raises."""
    form: QueryForm | None = None
    try:
        checked = check_query(job.text, job.base_iri)
        refuse_service(checked, limits.allow_service)
        form = checked.form
        if form is not None and form not in job.formats:
            raise NotAcceptable("no result format acceptable", form)
        scoped = engine.with_dataset(job.default_graphs, job.named_graphs, job.base_iri)
        result = run_query(scoped, job.text, dict(job.params), job.bundled, allow_service=limits.allow_service)
        form = form or form_of(result)
        if form not in job.formats:
            raise NotAcceptable("no result format acceptable", form)
        out = _CappedBuffer(limits.max_result_bytes)
        try:
            write_result(result, job.formats[form], out)
        except QueryError:
            raise
        except (OSError, RuntimeError, ValueError, TypeError) as err:
            raise EngineFailure(f"the query engine failed while writing the result: {_short(err)}") from err
        return ("ok", QueryAnswer(form, job.formats[form], out.getvalue()))
    except QueryError as err:
        return ("error", type(err).__name__, str(err), form)
    except MemoryError:
        return ("error", "MemoryLimitExceeded",
                f"the query needed more memory than its limit ({limits.memory_mb} MB); narrow the query", form)
    except BaseException as err:  # pyo3's PanicException derives from BaseException
        if isinstance(err, (KeyboardInterrupt, SystemExit)):
            raise
        return ("error", "EngineFailure", f"the query engine failed: {_short(err)}", form)


def _short(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 300 else text[:299] + "…"


__all__ = [
    "QUERY_PREFIXES", "EngineFailure", "Limits", "MemoryLimitExceeded", "NotAcceptable", "QueryAnswer",
    "QueryCancelled", "QueryJob", "QueryLimitError", "QueryPool", "QueryTimeout", "ResultTooLarge", "ServerBusy",
    "WorkersUnavailable", "default_limits", "run_isolated",
]
