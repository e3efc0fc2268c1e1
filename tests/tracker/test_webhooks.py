"""Webhooks through the outbox, to real local HTTP receivers, on SQLite and PostgreSQL.

Each event kind (publish, qc_fail, review, ingest_run) reaches a receiver signed with
HMAC-SHA256 of the body; a receiver that fails twice then succeeds gets each event exactly
once (it answered 500 twice per event, AXIOM retried); a Slack-style template makes the
body; a receiver refusing with 4xx makes the event dead at once, one that keeps failing
makes it dead after [tracker] max_attempts, and a Retry sends it again. No secret appears
in any output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from axiom_publisher.cli import main
from axiom_publisher.config import load_settings
from axiom_publisher.core.outbox import EventStatus
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.tracker.drain import drain
from axiom_publisher.publish.tracker.outbox import list_events, retry_event, version_states
from tests.roots import publish_root
from tests.tracker.receiver import running_receiver

SECRET = "Webhook-Secret-4417"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def _film(
    tmp_path: Path, db_url: str, config: Path, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    root = publish_root(tmp_path / "publish")
    base = ["--db", db_url, "--root", str(root), "--config", str(config)]
    assert _run(capsys, *base, "project", "create", "film", "--resolution", "64x36")[0] == 0
    assert _run(capsys, *base, "shot", "create", "film", "sh010", "--frames", "1001-1010")[0] == 0
    return base


def test_each_event_kind_reaches_a_flaky_receiver_signed_and_exactly_once(
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AXIOM_USER", "kim")
    monkeypatch.setenv("AXIOM_BUS_SECRET", SECRET)
    with running_receiver(SECRET, fail_times=2) as bus, running_receiver("") as slack:
        config = tmp_path / "studio.toml"
        config.write_text(
            '[review]\nleads = ["kim"]\n[tracker]\nretry_seconds = 1\n'
            f'[[notify]]\nname = "bus"\nurl = "{bus.url}"\nsecret_env = "AXIOM_BUS_SECRET"\n'
            f'timeout = 5\n[[notify]]\nname = "slack"\nurl = "{slack.url}"\n'
            'events = ["publish", "review"]\n'
            'template = \'{"text": "$summary", "version": "$version"}\'\n'
        )
        base = _film(tmp_path, db_url, config, capsys)
        write_sequence(tmp_path / "src", "comp", 993, 1018, width=64, height=36)
        source = str(tmp_path / "src" / "comp.####.png")
        publish = [*base, "publish", source, "--project", "film", "--shot", "sh010"]
        code, text = _run(capsys, *publish, "--task", "comp", "--product", "main", "--json")
        assert code == 0, text
        first = json.loads(text)["id"]
        (tmp_path / "src" / "comp.1005.png").unlink()  # a gap: QC fails, overridden
        code, text = _run(
            capsys, *publish, "--task", "comp", "--product", "main", "--allow-qc-fail", "gap ok"
        )
        assert code == 0, text
        code, text = _run(
            capsys,
            *base,
            "review",
            "needs-changes",
            str(first),
            "--note",
            "grain",
            "--frame",
            "1003",
        )
        assert code == 0, text
        write_sequence(
            tmp_path / "delivery" / "sh010", "sh010_plate", 992, 1019, width=64, height=36
        )
        code, text = _run(capsys, *base, "ingest", str(tmp_path / "delivery"), "--project", "film")
        assert code == 0, text
        # nothing was sent while publishing: every event waits in the outbox
        assert bus.requests == [] and slack.requests == []

        for _ in range(6):  # pushes by hand: failed events are retried at once
            code, text = _run(capsys, *base, "tracker", "push", "--json")
            assert SECRET not in text
            if json.loads(text)["counts"]["failed"] == 0 and code == 0:
                break
        code, text = _run(capsys, *base, "tracker", "status", "--json")
        status = json.loads(text)
        assert SECRET not in text

    kinds = sorted(r.kind for r in bus.accepted)
    assert kinds == ["ingest_run", "publish", "publish", "publish", "qc_fail", "review"]
    keys = [r.key for r in bus.accepted]
    assert len(keys) == len(set(keys))  # each event once
    assert all(bus.attempts_of(key) == 3 for key in keys)  # 500, 500, then 200
    assert all(r.signed_ok for r in bus.requests)
    assert all(r.signature.startswith("sha256=") for r in bus.requests)
    assert status["counts"] == {"pending": 0, "sent": 10, "failed": 0, "dead": 0}
    by_kind = {r.kind: r.json for r in bus.accepted}
    assert by_kind["review"]["payload"]["note"] == {
        "id": by_kind["review"]["payload"]["note"]["id"],
        "author": "kim",
        "text": "grain",
        "frame": 1003,
        "timecode": by_kind["review"]["payload"]["note"]["timecode"],
        "decision": "needs_changes",
    }
    assert by_kind["qc_fail"]["payload"]["qc_verdict"] == "fail"
    assert by_kind["qc_fail"]["payload"]["qc_override_reason"] == "gap ok"
    assert by_kind["ingest_run"]["payload"]["counts"]["published"] == 1
    # the Slack-style receiver: its template, no signature (no secret), each event once
    assert sorted(r.json["version"] for r in slack.accepted) == ["v001", "v001", "v001", "v002"]
    assert all(set(r.json) == {"text", "version"} for r in slack.accepted)
    assert any("Needs changes by kim" in r.json["text"] for r in slack.accepted)
    assert all(r.signature == "" for r in slack.requests)


def test_a_refusing_receiver_is_dead_at_once_a_failing_one_after_max_attempts(
    caplog: pytest.LogCaptureFixture,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AXIOM_USER", "kim")
    with (
        running_receiver(SECRET, fail_times=100) as down,
        running_receiver("", refuse=410) as gone,
    ):
        config = tmp_path / "studio.toml"
        config.write_text(
            "[tracker]\nmax_attempts = 3\nretry_seconds = 1\n"
            f'[[notify]]\nname = "down"\nurl = "{down.url}"\nsecret = "{SECRET}"\n'
            f'[[notify]]\nname = "gone"\nurl = "{gone.url}"\nevents = ["publish"]\n'
            '[[notify]]\nname = "closed"\nurl = "http://bot:Url-Pass-991@127.0.0.1:1/x"\n'
            'events = ["publish"]\n'
        )
        base = _film(tmp_path, db_url, config, capsys)
        write_sequence(tmp_path / "src", "comp", 993, 1018, width=64, height=36)
        source = str(tmp_path / "src" / "comp.####.png")
        code, text = _run(
            capsys,
            *base,
            "publish",
            source,
            "--project",
            "film",
            "--shot",
            "sh010",
            "--product",
            "main",
            "--json",
        )
        assert code == 0, text
        version = json.loads(text)["id"]
        settings = load_settings(
            dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)),
            db_url=db_url,
            publish_root=tmp_path / "publish",
        )
        first = {d.target: d.status for d in drain(settings, failed_now=True).deliveries}
        assert first == {
            "down": EventStatus.FAILED,
            "gone": EventStatus.DEAD,  # 410: the same body will not do better
            "closed": EventStatus.FAILED,
        }
        for attempt in (2, 3):
            report = drain(settings, failed_now=True)
            expected = EventStatus.DEAD if attempt == 3 else EventStatus.FAILED
            assert {d.target: d.status for d in report.deliveries} == {
                "down": expected,
                "closed": expected,
            }
        assert drain(settings, failed_now=True).deliveries == []  # dead: left alone
        events = {e.target: e for e in list_events(settings)}
        assert events["down"].attempts == 3 and events["down"].status is EventStatus.DEAD
        assert "answered HTTP 500" in (events["down"].last_error or "")
        assert "refused the event: HTTP 410" in (events["gone"].last_error or "")
        assert "http://bot:***@127.0.0.1:1/x cannot be reached" in (
            events["closed"].last_error or ""
        )
        assert events["gone"].attempts == 1 and gone.attempts_of(events["gone"].key) == 1
        assert down.attempts_of(events["down"].key) == 3
        code, text = _run(capsys, *base, "tracker", "status")
        assert code == 0 and "dead" in text and "answered HTTP 500" in text
        assert "http://bot:***@127.0.0.1:1/x cannot be reached" in caplog.text  # logged, masked
        for secret in (SECRET, "Url-Pass-991"):
            assert secret not in text and secret not in caplog.text

        # a Retry makes it due again, and the receiver (now answering) gets it once
        down.fail_times = 0
        assert retry_event(settings, events["down"].id) is True
        assert retry_event(settings, events["down"].id) is False  # already pending
        report = drain(settings, ids=[events["down"].id])
        assert [d.status for d in report.deliveries] == [EventStatus.SENT]
        assert len(down.accepted) == 1 and down.accepted[0].signed_ok
        assert len(down.requests) == 4
        state = version_states(settings, [version], target="down")[version]
        assert state.status is EventStatus.SENT and state.can_retry is False
        dead = version_states(settings, [version], target="gone")[version]
        assert dead.status is EventStatus.DEAD and dead.can_retry
        assert dead.text == f"dead: {events['gone'].last_error}"


def test_a_silent_receiver_times_out_and_the_event_waits(
    tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    import socket
    import time

    from axiom_publisher.core.outbox import EventKind, NewEvent
    from axiom_publisher.db.outbox import add_events
    from axiom_publisher.publish.database import open_catalog_database

    with socket.socket() as listener:  # takes connections (the backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
        config = tmp_path / "studio.toml"
        config.write_text(f'[[notify]]\nname = "slow"\nurl = "{url}"\ntimeout = 1\n')
        settings = load_settings(
            dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)),
            db_url=f"sqlite:///{tmp_path / 'axiom.db'}",
            publish_root=publish_root(tmp_path / "publish"),
        )
        event = NewEvent(EventKind.INGEST_RUN, "slow", {"run_id": 1}, "ingest_run:1:slow")
        with open_catalog_database(settings) as database:
            database.run(lambda s: add_events(s, [event]))
        began = time.monotonic()
        (delivery,) = drain(settings).deliveries
        took = time.monotonic() - began
    assert delivery.status is EventStatus.FAILED
    assert delivery.detail == f"the webhook {url} did not answer within 1 s"
    assert took < 10
    (waiting,) = list_events(settings)
    assert waiting.next_attempt_at is not None and waiting.next_attempt_at > waiting.created_at
    assert drain(settings).deliveries == []  # not due before its backoff
