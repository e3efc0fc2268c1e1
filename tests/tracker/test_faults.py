"""The tracker's faults are named AXIOM errors: a project Kitsu lacks, a wrong address (404),
a server error (500) and a server that never answers (timeout)."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from axiom_publisher.cli import main
from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import TrackerTimeoutError, TrackerUnavailableError
from axiom_publisher.core.types import ProjectSpec
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.tracker.credentials import Credentials
from axiom_publisher.tracker.kitsu import KitsuTracker
from tests.roots import publish_root
from tests.tracker.zou_server import ZouServer

PASSWORD = "Not-A-Real-Secret-77"


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"message": "boom", "stacktrace": "none"}')

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def failing_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A port that takes connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def _sync(
    tmp_path: Path,
    axiom_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    url: str,
    project_name: str = "Nothing",
    timeout: float = 30,
) -> tuple[int, dict[str, str], str]:
    db_url = f"sqlite:///{tmp_path / 'axiom.db'}"
    root = publish_root(tmp_path / "publish")
    settings = load_settings(axiom_env, db_url=db_url, publish_root=root)
    with open_catalog_database(settings) as database:
        catalog.create_project(database, ProjectSpec(code="film", name="Film"))
    config = tmp_path / "studio.toml"
    config.write_text(
        f'[tracker]\nkind = "kitsu"\nurl = "{url}"\ntimeout = {timeout}\n'
        f'[tracker.projects.film]\nname = "{project_name}"\n'
    )
    capsys.readouterr()
    args = ["--db", db_url, "--root", str(root), "--config", str(config)]
    code = main([*args, "tracker", "sync", "--project", "film", "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(err)["error"], out + err


def test_a_project_kitsu_lacks_and_a_wrong_api_path_are_not_found(
    zou: ZouServer,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AXIOM_TRACKER_USER", zou.email)
    monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", zou.password)
    code, error, text = _sync(tmp_path / "a", axiom_env, capsys, zou.url, "No Such Film")
    assert code == 2
    assert error["type"] == "TrackerNotFoundError"
    assert "has no open project named 'No Such Film'" in error["message"]
    assert "[tracker.projects.CODE] name" in error["message"]
    assert zou.password not in text

    code, error, text = _sync(tmp_path / "b", axiom_env, capsys, zou.url + "/nope")
    assert code == 2
    assert error["type"] == "TrackerNotFoundError"
    assert f"{zou.url}/nope has no such record or route (404)" in error["message"]
    assert zou.password not in text


def test_a_server_error_and_a_silent_server_are_unavailable(
    failing_server: str,
    silent_server: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AXIOM_TRACKER_USER", "ana@axiom-tests.org")
    monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", PASSWORD)
    code, error, text = _sync(tmp_path / "a", axiom_env, capsys, failing_server)
    assert code == 3
    assert error["type"] == "TrackerUnavailableError"
    assert f"{failing_server} failed with a server error (500)" in error["message"]
    assert PASSWORD not in text

    code, error, text = _sync(tmp_path / "b", axiom_env, capsys, silent_server, timeout=1)
    assert code == 3
    assert error["type"] == "TrackerTimeoutError"
    assert f"{silent_server} did not answer in time" in error["message"]
    assert "[tracker] timeout" in error["message"]
    assert PASSWORD not in text


def test_the_errors_carry_no_library_exception_that_could_quote_the_request(
    silent_server: str,
) -> None:
    with pytest.raises(TrackerTimeoutError) as caught:
        KitsuTracker.log_in(silent_server, Credentials("ana", PASSWORD), timeout=0.5)
    assert isinstance(caught.value, TrackerUnavailableError)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert PASSWORD not in repr(Credentials("ana", PASSWORD))


def test_an_unreachable_tracker_named_by_a_url_with_a_password_shows_it_masked() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    url = f"http://ana:{PASSWORD}@127.0.0.1:{port}"
    with pytest.raises(TrackerUnavailableError) as caught:
        KitsuTracker.log_in(url, Credentials("ana", PASSWORD), timeout=2)
    message = str(caught.value)
    assert message.startswith(
        f"the Kitsu tracker http://ana:***@127.0.0.1:{port} cannot be reached"
    )
    assert PASSWORD not in message
