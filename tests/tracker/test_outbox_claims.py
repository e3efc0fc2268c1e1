"""The outbox's claims on SQLite and PostgreSQL: drains running at once deliver each event
exactly once (FOR UPDATE SKIP LOCKED on PostgreSQL), an event of a version waits for the
earlier event of that version to the same target, and events are written only when a
tracker or a webhook is configured."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.config.review import ReviewSettings
from axiom_publisher.core.outbox import EventKind, EventStatus, NewEvent
from axiom_publisher.db.outbox import add_events, claim_due
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.tracker.drain import drain
from axiom_publisher.publish.tracker.outbox import list_events
from tests.roots import publish_root
from tests.tracker.receiver import running_receiver

EVENTS = 40


def _settings(tmp_path: Path, db_url: str, env: dict[str, str], url: str) -> Settings:
    config = tmp_path / "studio.toml"
    config.write_text(f'[[notify]]\nname = "bus"\nurl = "{url}"\nsecret = "s3cret-value"\n')
    return load_settings(
        dict(env, AXIOM_STUDIO_CONFIG=str(config)),
        db_url=db_url,
        publish_root=publish_root(tmp_path / "publish"),
    )


def _write(settings: Settings, events: list[NewEvent]) -> None:
    with open_catalog_database(settings) as database:
        database.run(lambda s: add_events(s, events))


def test_drains_running_at_once_deliver_each_event_once(
    db_url: str, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    with running_receiver("s3cret-value") as bus:
        settings = _settings(tmp_path, db_url, axiom_env, bus.url)
        _write(
            settings,
            [
                NewEvent(EventKind.INGEST_RUN, "bus", {"run_id": n}, f"ingest_run:{n}:bus")
                for n in range(EVENTS)
            ],
        )
        _write(settings, [NewEvent(EventKind.INGEST_RUN, "bus", {}, "ingest_run:0:bus")])
        reports = []
        errors: list[BaseException] = []

        def run() -> None:
            try:
                reports.append(drain(settings))
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert errors == []
    keys = [r.key for r in bus.accepted]
    assert sorted(keys) == sorted(f"ingest_run:{n}:bus" for n in range(EVENTS))  # once each
    assert sum(len(report.deliveries) for report in reports) == EVENTS
    assert all(r.signed_ok for r in bus.requests)
    assert {e.status for e in list_events(settings)} == {EventStatus.SENT}


def test_a_claim_holds_its_event_and_counts_the_attempt(
    db_url: str, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    settings = _settings(tmp_path, db_url, axiom_env, "http://127.0.0.1:1/x")
    _write(
        settings,
        [
            NewEvent(EventKind.INGEST_RUN, "bus", {}, "a"),
            NewEvent(EventKind.INGEST_RUN, "bus", {}, "b"),
        ],
    )
    with open_catalog_database(settings) as database:
        first = database.run(lambda s: claim_due(s, 1, 60))
        second = database.run(lambda s: claim_due(s, 1, 60))
        third = database.run(lambda s: claim_due(s, 5, 60, failed_now=True))
    assert [e.key for e in first] == ["a"] and [e.key for e in second] == ["b"]
    assert third == []  # both are held by their claims, even for a push by hand
    assert [e.attempts for e in first + second] == [1, 1]


def test_events_only_with_a_listener_and_a_decision_waits_for_its_publish(
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from axiom_publisher.cli import main
    from axiom_publisher.core.review import Decision
    from axiom_publisher.db.outbox import mark_sent
    from axiom_publisher.media.synth import write_sequence
    from axiom_publisher.publish import review

    monkeypatch.setenv("AXIOM_USER", "kim")
    root = publish_root(tmp_path / "publish")
    base = ["--db", db_url, "--root", str(root)]
    assert main([*base, "project", "create", "film", "--resolution", "64x36"]) == 0
    assert main([*base, "shot", "create", "film", "sh010", "--frames", "1001-1010"]) == 0
    write_sequence(tmp_path / "src", "comp", 993, 1018, width=64, height=36)
    source = str(tmp_path / "src" / "comp.####.png")
    publish = [*base, "publish", source, "--project", "film", "--shot", "sh010", "--product"]
    assert main([*publish, "quiet"]) == 0  # nothing listens: no event
    plain = load_settings(axiom_env, db_url=db_url, publish_root=root)
    assert list_events(plain) == []

    settings = _settings(tmp_path, db_url, axiom_env, "http://127.0.0.1:1/x")
    settings = dataclasses.replace(settings, review=ReviewSettings(leads=("kim",)))
    config = ["--config", str(tmp_path / "studio.toml")]
    assert main([*base, *config, "publish", source, "--project", "film", "--shot", "sh010",
                 "--product", "heard"]) == 0  # fmt: skip
    (published,) = list_events(settings)
    assert published.kind is EventKind.PUBLISH and published.version_id is not None
    review.decide(settings, published.version_id, Decision.APPROVED, "good", None, "kim")
    with open_catalog_database(settings) as database:
        claimed = database.run(lambda s: claim_due(s, 10, 60))
        assert [e.kind for e in claimed] == [EventKind.PUBLISH]  # the decision waits
        database.run(lambda s: mark_sent(s, published.id, "HTTP 200"))
        claimed = database.run(lambda s: claim_due(s, 10, 60))
    assert [e.kind for e in claimed] == [EventKind.REVIEW]
    assert claimed[0].payload["decision"] == "approved"
    capsys.readouterr()
