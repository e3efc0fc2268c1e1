"""A real local HTTP receiver for the webhook tests (http.server in a thread).

It records every POST (headers, body, whether the HMAC-SHA256 signature matched the body
under `secret`) and answers 500 to the first `fail_times` requests of each delivery key
(X-Axiom-Delivery), then 200; `accepted` keeps the bodies it answered 200 to.
"""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Received:
    key: str
    kind: str
    body: bytes
    signature: str
    signed_ok: bool
    status: int

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    secret: str
    fail_times: int = 0
    refuse: int = 0  # an HTTP status to answer every request with (e.g. 410), when set
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def accepted(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.status == 200]

    def attempts_of(self, key: str) -> int:
        with self.lock:
            return sum(1 for r in self.requests if r.key == key)


def _handler(receiver: Receiver) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            key = self.headers.get("X-Axiom-Delivery", "")
            sent = self.headers.get("X-Axiom-Signature", "")
            expected = (
                "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
            )
            with receiver.lock:
                earlier = sum(1 for r in receiver.requests if r.key == key)
                status = 500 if earlier < receiver.fail_times else 200
                status = receiver.refuse or status
                receiver.requests.append(
                    Received(
                        key=key,
                        kind=self.headers.get("X-Axiom-Event", ""),
                        body=body,
                        signature=sent,
                        signed_ok=hmac.compare_digest(sent, expected),
                        status=status,
                    )
                )
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@contextmanager
def running_receiver(secret: str, fail_times: int = 0, refuse: int = 0) -> Iterator[Receiver]:
    receiver = Receiver(url="", secret=secret, fail_times=fail_times, refuse=refuse)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
