"""Raw HTTP for the endpoint tests: send any bytes over a socket, read the answer with h11.

h11 (a strict HTTP/1.1 parser) reads the server's answer, so a reply that is not a well-formed
HTTP response fails the test (h11.RemoteProtocolError); bytes sent are never checked, so the
tests can send what no well-behaved client would.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

import h11


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class NoReply(Exception):
    """The server closed the connection without answering (or kept silent until the timeout)."""


def exchange(address: tuple[str, int], data: bytes, *, method: str = "GET", timeout: float = 20.0,
             half_close_after: float | None = None) -> Reply:
    """Send data on a new connection and read one response (method: the one sent, for HEAD's bodiless reply).

    half_close_after: seconds to wait for an answer before shutting down our sending side (for
    requests that may be incomplete); the server then answers or closes.
    """
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(data)
        return read_reply(sock, method=method, timeout=timeout, half_close_after=half_close_after)


def read_reply(sock: socket.socket, *, method: str = "GET", timeout: float = 20.0,
               half_close_after: float | None = None) -> Reply:
    conn = h11.Connection(our_role=h11.CLIENT)
    # h11 needs to know what was asked: only HEAD changes how the answer is framed.
    conn.send(h11.Request(method="HEAD" if method == "HEAD" else "GET", target="/", headers=[("Host", "x")]))
    conn.send(h11.EndOfMessage())
    deadline = time.monotonic() + timeout
    half_closed = half_close_after is None
    if not half_closed:
        sock.settimeout(half_close_after)
    status, headers, body = None, {}, bytearray()
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                if half_closed or time.monotonic() > deadline:
                    raise NoReply("no answer before the timeout") from None
                sock.shutdown(socket.SHUT_WR)
                sock.settimeout(max(0.1, deadline - time.monotonic()))
                half_closed = True
                continue
            if not chunk and status is None:
                raise NoReply("the server closed the connection without answering")
            conn.receive_data(chunk)
            continue
        if isinstance(event, h11.InformationalResponse):
            continue
        if isinstance(event, h11.Response):
            status = event.status_code
            for name, value in event.headers:
                key = name.decode("latin-1").lower()
                headers[key] = f"{headers[key]}, {value.decode('latin-1')}" if key in headers else value.decode("latin-1")
        elif isinstance(event, h11.Data):
            body += event.data
        elif isinstance(event, h11.EndOfMessage):
            return Reply(status, headers, bytes(body))
        elif isinstance(event, h11.ConnectionClosed):
            raise NoReply("the server closed the connection without answering")


def request(address: tuple[str, int], method: str, target: str, headers: dict[str, str] | None = None,
            body: bytes = b"", *, host: str | None = None, timeout: float = 20.0) -> Reply:
    """One HTTP/1.1 request, written byte by byte as given (Host defaults to the address served)."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host or f'{address[0]}:{address[1]}'}", "Connection: close"]
    headers = dict(headers or {})
    if body and not any(k.lower() in ("content-length", "transfer-encoding") for k in headers):
        headers["Content-Length"] = str(len(body))
    lines += [f"{name}: {value}" for name, value in headers.items()]
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    return exchange(address, data, method=method, timeout=timeout)
