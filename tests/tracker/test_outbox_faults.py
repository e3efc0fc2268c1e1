"""The tracker's faults met while the outbox delivers, against the real zou: a proxy too big
to upload, a server slower than [tracker] timeout, a server error (500). Each leaves a named
state; nothing is lost or sent twice; neither the CLI nor the app waits for the tracker.

(A tracker that cannot be reached: test_outbox_outage; a 401: test_relogin and
test_no_credentials; a task deleted on the tracker (404) and a shot the tracker lacks:
test_outbox_kitsu.)
"""

from __future__ import annotations

import json
import re
import time
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import av
import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config import load_settings
from axiom_publisher.core.outbox import EventStatus
from axiom_publisher.publish.tracker.drain import DrainReport
from axiom_publisher.publish.tracker.outbox import version_states
from axiom_publisher.ui.outbox_pump import OutboxPump
from axiom_publisher.ui.workers import WorkerPool
from tests.tracker.fault_proxy import FaultProxy
from tests.tracker.outbox_data import Studio, on_kitsu, studio, wait_for
from tests.tracker.zou_server import ZouServer

TIMEOUT = 8  # [tracker] timeout through the proxy (a loaded machine's GETs stay below)
HOLD = 30  # seconds the slow tracker holds a comment's reply back
COMMENT = re.compile(rb"^POST /actions/tasks/[^/ ]+/comment ")  # a new comment on a task


def _noise_sequence(folder: Path, first: int, last: int) -> str:
    """640x360 PNG frames of noise (PyAV): a proxy of a few MB however it is encoded."""
    folder.mkdir(parents=True, exist_ok=True)
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = 640, 360, "rgb24"  # type: ignore[attr-defined]
    codec.time_base = Fraction(1, 24)
    rng = np.random.default_rng(13)
    for number in range(first, last + 1):
        picture = rng.integers(0, 256, (360, 640, 3), dtype=np.uint8)
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
        packets = codec.encode(frame)  # type: ignore[attr-defined]
        (folder / f"noise.{number:04d}.png").write_bytes(b"".join(bytes(p) for p in packets))
    return str(folder / "noise.####.png")


def _through(film: Studio, proxy: FaultProxy, timeout: int = TIMEOUT) -> None:
    """The studio's [tracker] url: the proxy's, with `timeout`."""
    config = film.synced.config
    text = re.sub(r"timeout = \d+\n", f"timeout = {timeout}\n", config.read_text(), count=1)
    config.write_text(text.replace(film.zou.url, proxy.url, 1))


def _push(film: Studio, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    code, text = film.axiom(capsys, "tracker", "push", "--json")
    return code, json.loads(text)["deliveries"]


def test_a_proxy_over_preview_max_mb_is_not_uploaded_and_the_comment_says_why(
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    film = studio(zou, db_url, tmp_path, axiom_env, monkeypatch, tracker="preview_max_mb = 1\n")
    source = _noise_sequence(tmp_path / "noise", 1001, 1024)
    code, text = film.axiom(
        capsys, "publish", source, "--project", "film", "--shot", "s1sh010", "--task",
        "Compositing", "--product", "comp", "--allow-qc-fail", "noise", "--json",
    )  # fmt: skip
    assert code == 0, text
    version = json.loads(text)
    proxy = film.settings.publish_root / version["proxy"]
    size_mb = proxy.stat().st_size / (1024 * 1024)
    assert size_mb > 1.2, size_mb

    code, deliveries = _push(film, capsys)
    assert code == 0, deliveries
    (delivery,) = deliveries
    assert delivery["status"] == "sent"
    why = f"the proxy is {size_mb:.1f} MB, over [tracker] preview_max_mb=1"
    assert delivery["detail"].endswith(f"; preview not uploaded: {why}")
    kitsu = on_kitsu(zou, film.task_of("s1sh010"))
    (comment,) = kitsu.comments
    assert f"No preview: {why} (the proxy is published with the version)" in comment["text"]
    assert f"Path: {version['path']}" in comment["text"]
    assert kitsu.previews == [] and comment["previews"] == []
    assert kitsu.status == "Waiting For Approval"
    code, text = film.axiom(capsys, "tracker", "status", "--json")
    (event,) = json.loads(text)["events"]
    assert event["status"] == "sent" and event["remote"].endswith(why)
    # nothing lost: the proxy stays published; nothing sent again
    assert proxy.stat().st_size > 1024 * 1024
    assert _push(film, capsys) == (0, [])
    assert len(on_kitsu(zou, film.task_of("s1sh010")).comments) == 1


def test_a_tracker_slower_than_the_timeout_fails_the_event_and_the_retry_sends_it_once(
    qtbot: QtBot,
    zou: ZouServer,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db_url = f"sqlite:///{tmp_path / 'axiom.db'}"
    film = studio(zou, db_url, tmp_path, axiom_env, monkeypatch)
    port = urlsplit(zou.url).port
    assert port is not None
    with FaultProxy(port, slow=COMMENT, delay=HOLD) as proxy:
        _through(film, proxy)
        began = time.monotonic()
        version = film.publish(capsys, "s1sh010")
        publish_seconds = time.monotonic() - began
        task = film.task_of("s1sh010")

        # the CLI: the comment's reply comes too late; the push gives up after the timeout
        began = time.monotonic()
        code, deliveries = _push(film, capsys)
        push_seconds = time.monotonic() - began
        assert code == 1
        (delivery,) = deliveries
        assert delivery["status"] == "failed"
        assert "did not answer in time while trying to comment on the task" in delivery["detail"]
        assert "raise [tracker] timeout" in delivery["detail"]
        assert len(proxy.seen) == 1
        assert push_seconds < HOLD - 5, push_seconds  # it did not wait for the held reply
        (state,) = version_states(film.settings, [version["id"]]).values()
        assert state.status is EventStatus.FAILED and state.can_retry
        assert "did not answer in time" in state.reason
        # zou made the comment; only its reply was late
        wait_for(lambda: len(on_kitsu(zou, task).comments) == 1, 90, "zou's late comment")

        # the app: its outbox pass waits in a worker; the Qt event loop never stops
        settings = load_settings(
            dict(axiom_env, AXIOM_STUDIO_CONFIG=str(film.synced.config)),
            db_url=db_url,
            publish_root=film.settings.publish_root,
        )
        second = film.publish(capsys, "s1sh020")
        pool = WorkerPool()
        pump = OutboxPump(settings, pool)
        ticks: list[float] = []
        timer = QtCore.QTimer()
        timer.setInterval(20)
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start()
        try:
            with qtbot.waitSignal(pump.drained, timeout=60_000) as drained:
                pump.kick()
        finally:
            timer.stop()
            assert pool.wait(60_000)
        report = drained.args[0]
        assert isinstance(report, DrainReport)
        statuses = {d.event_id: (d.status, d.detail) for d in report.deliveries}
        assert [s for s, _ in statuses.values()] == [EventStatus.FAILED]  # the new one
        assert "did not answer in time while trying to comment" in next(iter(statuses.values()))[1]
        gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False)]
        assert len(ticks) > TIMEOUT * 10 and max(gaps) < 1.0, max(gaps)
        wait_for(lambda: len(on_kitsu(zou, film.task_of("s1sh020")).comments) == 1, 90, "late")

        # the tracker fast again: each event is delivered, its comment found, not made again
        # (the usual timeout: the previews' uploads wait for zou's transcode on a busy machine)
        proxy.delay = 0
        _through(film, proxy, timeout=60)
        code, deliveries = _push(film, capsys)
        assert code == 0 and {d["status"] for d in deliveries} == {"sent"}, [
            d["detail"] for d in deliveries
        ]
    for shot, published in (("s1sh010", version), ("s1sh020", second)):
        kitsu = on_kitsu(zou, film.task_of(shot))
        assert kitsu.markers == [f"publish:{published['id']}:tracker"]
        assert len(kitsu.previews) == 1
    with capsys.disabled():
        print(
            f"\n[slow tracker] publish {publish_seconds:.1f} s, push {push_seconds:.1f} s "
            f"(timeout {TIMEOUT} s, reply held {HOLD} s), longest app event-loop gap "
            f"{max(gaps) * 1000:.0f} ms"
        )


def test_a_server_error_fails_the_event_with_the_reason_and_the_retry_sends_it_once(
    zou: ZouServer,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    film = studio(zou, f"sqlite:///{tmp_path / 'axiom.db'}", tmp_path, axiom_env, monkeypatch)
    port = urlsplit(zou.url).port
    assert port is not None
    with FaultProxy(port, fail=COMMENT) as proxy:
        _through(film, proxy, timeout=60)
        version = film.publish(capsys, "s1sh010")
        code, deliveries = _push(film, capsys)
        assert code == 1
        (delivery,) = deliveries
        assert delivery["status"] == "failed"
        assert "failed with a server error (500) while trying to" in delivery["detail"]
        assert len(proxy.seen) == 1
        (state,) = version_states(film.settings, [version["id"]]).values()
        assert state.status is EventStatus.FAILED and "(500)" in state.reason
        task = film.task_of("s1sh010")
        assert on_kitsu(zou, task).comments == []  # the request never reached zou
        proxy.fail = None
        code, deliveries = _push(film, capsys)
        assert code == 0 and [d["status"] for d in deliveries] == ["sent"]
    kitsu = on_kitsu(zou, task)
    assert kitsu.markers == [f"publish:{version['id']}:tracker"] and len(kitsu.previews) == 1
