"""The status bar's probe of the tracker: the real zou answers as a tracker; an HTTP error
and a web server that is not a tracker are unreachable with the reason."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from axiom_publisher.core.tracker_connection import TrackerState
from axiom_publisher.tracker.probe import probe
from tests.tracker.zou_server import ZouServer


class _Answer(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        status, body = {"/err/": (500, b"{}"), "/page/": (200, b"<html>hello</html>")}.get(
            self.path, (404, b"")
        )
        self.send_response(status)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_real_zou_answers_as_a_tracker(zou: ZouServer) -> None:
    connection = probe("kitsu", zou.url, 5)
    assert connection.state is TrackerState.REACHABLE
    assert connection.detail.startswith("Zou ")
    assert connection.url == zou.url


def test_http_errors_and_other_servers_are_unreachable_with_the_reason(web_server: str) -> None:
    assert probe("kitsu", f"{web_server}/err", 5).detail == "HTTP 500"
    assert probe("kitsu", f"{web_server}/nothing", 5).detail == "HTTP 404"
    page = probe("kitsu", f"{web_server}/page", 5)
    assert page.state is TrackerState.UNREACHABLE
    assert page.detail == "the address answers, but not as a tracker API"
