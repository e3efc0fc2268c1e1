"""A TCP proxy on 127.0.0.1 between a client and PostgreSQL that can lose a reply.

It reads the PostgreSQL wire protocol (a type byte and an int32 length a message; the
client's first message, the startup packet, has no type byte; SSL and GSS encryption must
be off: `sslmode=disable&gssencmode=disable`). It records the SQL text of every simple
('Q') and extended ('P', Parse) query the clients send, and, when told to, lets the server
execute one chosen statement and then cuts both sockets as soon as the server's answer is
complete (its ReadyForQuery), forwarding none of it: the server did the work, the client
never hears of it. Only that one connection is cut; later connections pass through.

Threads, bounded: `close()` (or leaving the `with`) stops the listener and every pump.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass, field

_ENCRYPTION_REQUESTS = (80877103, 80877104)  # SSLRequest, GSSENCRequest


def sql_of(kind: bytes, body: bytes) -> str | None:
    """The SQL text of a 'Q' or 'P' message body, None for any other message."""
    if kind == b"Q":
        return body.rstrip(b"\0").decode("utf-8", "replace")
    if kind == b"P":
        _name, _, rest = body.partition(b"\0")  # the statement name, then the query
        return rest.partition(b"\0")[0].decode("utf-8", "replace")
    return None


@dataclass
class _Trigger:
    """Cut after the answer to the `occurrence`-th (0-based) statement whose text
    contains `text`."""

    text: str
    occurrence: int = 0
    seen: int = 0
    fired: bool = False


@dataclass
class PgProxy:
    """`with PgProxy(5432) as proxy:` then connect to 127.0.0.1:`proxy.port`."""

    upstream_port: int
    upstream_host: str = "127.0.0.1"
    statements: list[str] = field(default_factory=list)
    cuts: int = 0
    refuse_after_cut: bool = False  # then the server is "gone": new connections are cut
    _trigger: _Trigger | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _sockets: list[socket.socket] = field(default_factory=list)
    _threads: list[threading.Thread] = field(default_factory=list)
    _closed: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._start(self._accept)

    def __enter__(self) -> PgProxy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def drop_reply_to(self, text: str, occurrence: int = 0) -> None:
        """Lose the server's answer to the `occurrence`-th statement containing `text`."""
        with self._lock:
            self._trigger = _Trigger(text, occurrence)

    @property
    def fired(self) -> bool:
        with self._lock:
            return self._trigger is not None and self._trigger.fired

    def url(self, database_url: str) -> str:
        """`database_url` (postgresql+psycopg://user@host:port/db) routed through here."""
        head, _, tail = database_url.rpartition("@")
        user = head
        name = tail.split("/", 1)[1]
        return f"{user}@127.0.0.1:{self.port}/{name}?sslmode=disable&gssencmode=disable"

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in [self._listener, *sockets]:
            _close(sock)
        for thread in list(self._threads):
            thread.join(timeout=5)

    # -- the pumps -------------------------------------------------------------------------

    def _start(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
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
            if self.refuse_after_cut and self.cuts:
                _close(client)
                continue
            client.settimeout(None)
            server = socket.create_connection((self.upstream_host, self.upstream_port), 5)
            server.settimeout(None)
            for sock in (client, server):
                # One send a message: without this, Nagle's algorithm holds each small
                # message until the peer's delayed ACK (~40 ms a round trip).
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._sockets.extend([client, server])
            link = _Link(client, server)
            self._start(self._client_to_server, link)
            self._start(self._server_to_client, link)

    def _client_to_server(self, link: _Link) -> None:
        try:
            first = True
            while True:
                if first:
                    head = _read(link.client, 4)
                    (length,) = struct.unpack("!i", head)
                    body = _read(link.client, length - 4)
                    if struct.unpack("!i", body[:4])[0] in _ENCRYPTION_REQUESTS:
                        raise ConnectionError("the proxy needs sslmode=disable&gssencmode=disable")
                    link.server.sendall(head + body)
                    first = False
                    continue
                head = _read(link.client, 5)
                kind, length = head[:1], struct.unpack("!i", head[1:])[0]
                body = _read(link.client, length - 4)
                sql = sql_of(kind, body)
                if sql is not None:
                    self._note(sql, link)
                link.server.sendall(head + body)
        except OSError:
            pass
        finally:
            link.cut()

    def _note(self, sql: str, link: _Link) -> None:
        with self._lock:
            self.statements.append(sql)
            trigger = self._trigger
            if trigger is None or trigger.fired or trigger.text not in sql:
                return
            trigger.seen += 1
            if trigger.seen - 1 == trigger.occurrence:
                trigger.fired = True
                link.armed.set()

    def _server_to_client(self, link: _Link) -> None:
        try:
            while True:
                head = _read(link.server, 5)
                kind, length = head[:1], struct.unpack("!i", head[1:])[0]
                body = _read(link.server, length - 4)
                if link.armed.is_set():  # the answer to the chosen statement: swallowed
                    if kind == b"Z":
                        with self._lock:
                            self.cuts += 1
                        return
                    continue
                link.client.sendall(head + body)
        except OSError:
            pass
        finally:
            link.cut()


@dataclass
class _Link:
    client: socket.socket
    server: socket.socket
    armed: threading.Event = field(default_factory=threading.Event)

    def cut(self) -> None:
        _close(self.client)
        _close(self.server)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def _read(sock: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data.extend(chunk)
    return bytes(data)
