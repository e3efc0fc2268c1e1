"""A TCP proxy on 127.0.0.1 in front of the test run's zou that makes it slow or failing.

Every connection is piped both ways to the real server. The proxy looks at the request line
at the start of each chunk the client sends (an HTTP client writes a request's head in one
go); for a request whose line matches `slow` (a bytes regex) the server's reply is held
back `delay` seconds before it is passed on (the server has done the work: the client,
whose timeout is shorter, never hears of it); a request matching `fail` is not passed on:
the proxy answers it `HTTP 500` itself and closes the connection. `seen` lists the request
lines that matched either rule. Threads, bounded: `close()` (or leaving the `with`) stops
the listener and every pump.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from dataclasses import dataclass, field

METHODS = (b"GET ", b"POST ", b"PUT ", b"DELETE ", b"PATCH ", b"HEAD ")
SERVER_ERROR = (
    b"HTTP/1.1 500 INTERNAL SERVER ERROR\r\nContent-Type: application/json\r\n"
    b'Connection: close\r\nContent-Length: 38\r\n\r\n{"message": "boom", "stacktrace": "x"}'
)


@dataclass
class FaultProxy:
    upstream_port: int
    slow: re.Pattern[bytes] | None = None
    delay: float = 0.0
    fail: re.Pattern[bytes] | None = None
    seen: list[bytes] = field(default_factory=list)
    _listener: socket.socket = field(default_factory=socket.socket)
    _sockets: list[socket.socket] = field(default_factory=list)
    _threads: list[threading.Thread] = field(default_factory=list)
    _closed: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> FaultProxy:
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(32)
        self._listener.settimeout(0.2)
        self._start(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            sockets = [self._listener, *self._sockets]
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for thread in list(self._threads):
            thread.join(timeout=10)

    def _start(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
            held = threading.Event()  # the reply to the request in flight is held back
            self._start(self._requests, client, upstream, held)
            self._start(self._replies, upstream, client, held)

    def _requests(
        self, client: socket.socket, upstream: socket.socket, held: threading.Event
    ) -> None:
        with contextlib.suppress(OSError):
            while chunk := client.recv(65536):
                if chunk.startswith(METHODS):
                    line = chunk.split(b"\r\n", 1)[0]
                    if self.fail is not None and self.fail.search(line):
                        self.seen.append(line)
                        client.sendall(SERVER_ERROR)
                        break
                    if self.slow is not None and self.delay > 0 and self.slow.search(line):
                        self.seen.append(line)
                        held.set()
                upstream.sendall(chunk)
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _replies(
        self, upstream: socket.socket, client: socket.socket, held: threading.Event
    ) -> None:
        with contextlib.suppress(OSError):
            while chunk := upstream.recv(65536):
                if held.is_set():
                    held.clear()
                    if self._closed.wait(self.delay):
                        break
                client.sendall(chunk)
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
