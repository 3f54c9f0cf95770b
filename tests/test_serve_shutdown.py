"""The endpoint stops cleanly when waitress has already closed part of itself.

waitress wakes its loop through a trigger (a pipe) and closes that trigger together with the
listening socket when accepting a connection fails unexpectedly. Once (in CI) stopping a server
wrote to a trigger that was already closed and failed with EBADF. These tests close the trigger,
or make accepting fail, in a real server and check that stopping still works and that a server
that no longer accepts connections says so instead of idling.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from argmap import serve

from .http_raw import request

GRAPH = "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.nt"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def answered(server: serve.SparqlServer) -> int:
    return request(server.server_address, "GET", "/sparql/?query=ASK%7B%7D").status


def test_stopping_works_after_the_trigger_was_closed(graph_file):
    server = serve.make_server(graph_file, port=0).start()
    try:
        assert answered(server) == 200
        trigger = server._server.trigger
        closed = threading.Event()

        def close_trigger() -> None:  # runs in the server's loop, as waitress's own closing does
            trigger.close()
            closed.set()

        trigger.pull_trigger(close_trigger)
        assert closed.wait(10)
        started = time.monotonic()
    finally:
        server.close()  # raised OSError (EBADF) when stopping went through the closed trigger
    assert time.monotonic() - started < 5
    assert server._stopped.is_set()


def test_a_server_whose_listening_socket_failed_stops_with_an_error(graph_file):
    server = serve.make_server(graph_file, port=0)

    class FailingChannel(serve._Channel):  # an unexpected failure while accepting a connection
        def __init__(self, *args, **kwargs):
            raise RuntimeError("injected failure in accept")

    server._server.channel_class = FailingChannel
    errors: list[BaseException] = []

    def serve_and_record() -> None:
        try:
            server.serve_forever()
        except BaseException as err:  # noqa: BLE001 (checked below)
            errors.append(err)

    thread = threading.Thread(target=serve_and_record, daemon=True)
    thread.start()
    try:
        with socket.create_connection(server.server_address, timeout=10):
            thread.join(10)
        assert not thread.is_alive(), "serve_forever kept running with no listening socket"
        assert len(errors) == 1 and isinstance(errors[0], serve.ServeError), errors
        assert "no longer accepts connections" in str(errors[0]) and server.url in str(errors[0])
    finally:
        server.close()
    with pytest.raises(OSError):
        socket.create_connection(server.server_address, timeout=2).close()
