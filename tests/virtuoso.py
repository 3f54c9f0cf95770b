"""A private Virtuoso Open Source server for the tests: its own folder, loopback ports, non-default password.

Skipped (with the reason) only on a developer machine without /usr/bin/virtuoso-t; under CI the
missing server is a failure, since CI installs it (scripts/install-system-deps.sh).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

VIRTUOSO = Path("/usr/bin/virtuoso-t")
ISQL = Path("/usr/bin/isql-vt")
READY_TIMEOUT = 60.0  # seconds; a fresh database answers after 2.5-4 s here

INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
"""


@dataclass(frozen=True)
class VirtuosoServer:
    folder: Path
    http_port: int
    sql_port: int
    user: str
    password: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def graph_store(self) -> str:
        """The authenticated SPARQL 1.1 Graph Store Protocol endpoint (digest auth)."""
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def sparql(self) -> str:
        """The public, read-only SPARQL query endpoint."""
        return f"{self.base}/sparql"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _isql(server: VirtuosoServer, password: str, statement: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ISQL), f"127.0.0.1:{server.sql_port}", server.user, password, f"exec={statement}"],
        capture_output=True, text=True, timeout=30,
    )


def _start(folder: Path) -> tuple[subprocess.Popen[bytes], VirtuosoServer]:
    server = VirtuosoServer(folder, _free_port(), _free_port(), "dba", "dba")
    (folder / "virtuoso.ini").write_text(INI.format(folder=folder, sql_port=server.sql_port, http_port=server.http_port))
    log = (folder / "stdout.log").open("wb")
    process = subprocess.Popen([str(VIRTUOSO), "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        # Our own process must still be alive: on a busy port it exits, and the poll below could
        # otherwise be answered by somebody else's server.
        if process.poll() is not None:
            return process, server
        try:
            if requests.get(f"{server.sparql}?query=ASK%7B%7D", timeout=2).status_code == 200:
                return process, server
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    process.kill()
    process.wait()
    raise RuntimeError(f"virtuoso-t did not answer within {READY_TIMEOUT:.0f} s; see {folder}/virtuoso.log")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory):
    """A running Virtuoso with a random dba password; stopped and removed after the session."""
    if not VIRTUOSO.exists():
        reason = f"{VIRTUOSO} is missing: install virtuoso-opensource-7-bin (scripts/install-system-deps.sh)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the Virtuoso tests")
        pytest.skip(reason)
    for _attempt in range(3):  # a port picked as free can be taken before virtuoso-t binds it
        folder = tmp_path_factory.mktemp("virtuoso")
        process, server = _start(folder)
        if process.poll() is None:
            break
    else:
        log = (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
        pytest.fail(f"virtuoso-t exited with code {process.returncode} three times; last log:\n{log}")
    password = "pw-" + secrets.token_hex(8)
    changed = _isql(server, "dba", f"USER_SET_PASSWORD('dba','{password}');")
    try:
        assert changed.returncode == 0, f"could not set the dba password: {changed.stdout}{changed.stderr}"
        yield VirtuosoServer(folder, server.http_port, server.sql_port, "dba", password)
    finally:
        _isql(server, password, "shutdown;")
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait(timeout=10)
