"""Kitsu down: publishes and decisions go on; once it is back everything arrives once.

With zou's API stopped, 20 CLI publishes (20 shots) and 5 review decisions succeed without
waiting for it; a push fails every event with the reason (no password). Zou is started
again; a push run as its own process is SIGKILLed while it delivers (an event claimed,
not yet marked sent); after the claim's lease another push delivers the rest. On Kitsu,
counted per task: one comment and one preview per publish, one comment per decision.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from axiom_publisher.config import Settings
from axiom_publisher.core.outbox import EventKind, EventStatus, OutboxEvent
from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.publish.tracker.outbox import list_events, version_states
from tests.tracker.outbox_data import LEAD, on_kitsu, studio, wait_for
from tests.tracker.zou_server import ZouServer

PUBLISHES = 20
DECISIONS = 5
CLAIM_SECONDS = 15


def test_with_kitsu_down_publishes_succeed_and_arrive_exactly_once_later(
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    film = studio(
        zou, db_url, tmp_path, axiom_env, monkeypatch,
        tracker=f"claim_seconds = {CLAIM_SECONDS}\nretry_seconds = 1\n",
    )  # fmt: skip
    shots = sorted(film.synced.film.shots)[:PUBLISHES]
    zou.stop_api()
    try:
        began = time.monotonic()
        published = [film.publish(capsys, shot) for shot in shots]
        publish_seconds = time.monotonic() - began
        began = time.monotonic()
        for n, version in enumerate(published[:DECISIONS]):
            decision = Decision.APPROVED if n % 2 else Decision.NEEDS_CHANGES
            review.decide(film.settings, version["id"], decision, f"note {n}", 1003, LEAD)
        decide_seconds = time.monotonic() - began
        with capsys.disabled():
            print(
                f"\n[outage] {PUBLISHES} publishes in {publish_seconds:.1f} s, {DECISIONS} "
                f"decisions in {decide_seconds:.2f} s with zou stopped",
                file=sys.stderr,
            )
        assert all(v["tracker_task"] is not None for v in published)
        code, text = film.axiom(capsys, "tracker", "push", "--json")
        assert code == 1
        pushed = json.loads(text)
        # the publish events fail; each decision waits for its version's publish event
        assert pushed["counts"]["failed"] == PUBLISHES and pushed["counts"]["sent"] == 0
        assert all("cannot be reached" in d["detail"] for d in pushed["deliveries"])
        assert zou.password not in text
        states = version_states(film.settings, [v["id"] for v in published])
        assert {s.status for s in states.values()} == {EventStatus.FAILED}
        assert "cannot be reached" in states[published[0]["id"]].reason
    finally:
        zou.start_api()

    # a drain of its own, killed while it delivers
    command = [sys.executable, "-m", "axiom_publisher", *film.base, "tracker", "push"]
    drain = subprocess.Popen(command, env=dict(os.environ), stdout=subprocess.DEVNULL)

    def sent() -> int:
        return sum(1 for e in list_events(film.settings) if e.status is EventStatus.SENT)

    def delivering() -> bool:  # a few sent, and one claimed and not yet sent
        events = list_events(film.settings)
        done = sum(1 for e in events if e.status is EventStatus.SENT)
        return done >= 3 and any(_claimed(e) for e in events)

    try:
        wait_for(delivering, 300, "the drain delivering its fourth event or later", poll=0.05)
        drain.send_signal(signal.SIGKILL)
    finally:
        drain.kill()
        drain.wait()
    events = list_events(film.settings)
    in_flight = [e for e in events if _claimed(e)]
    assert len(in_flight) == 1, [(e.id, e.status, e.attempts) for e in events]
    assert 3 <= sent() < PUBLISHES + DECISIONS

    # the killed drain's claim holds its event until the lease ends; then a push sends all
    time.sleep(CLAIM_SECONDS + 1)
    code, text = film.axiom(capsys, "tracker", "push", "--json")
    assert code == 0, text
    code, text = film.axiom(capsys, "tracker", "status", "--json")
    assert json.loads(text)["counts"] == {
        "pending": 0,
        "sent": PUBLISHES + DECISIONS,
        "failed": 0,
        "dead": 0,
    }

    comments = previews = 0
    for n, version in enumerate(published):
        kitsu = on_kitsu(zou, version["tracker_task"]["tracker_id"])
        expected = [f"publish:{version['id']}:tracker"]
        if n < DECISIONS:
            expected.append(f"review:{_decision_id(film.settings, version['id'])}:tracker#0")
        assert kitsu.markers == expected
        assert len(kitsu.previews) == 1 and kitsu.previews[0]["revision"] == 1
        comments += len(kitsu.comments)
        previews += len(kitsu.previews)
    assert (comments, previews) == (PUBLISHES + DECISIONS, PUBLISHES)
    with capsys.disabled():
        print(
            f"\n[outage] on Kitsu after the restart: {comments} comments, {previews} previews "
            f"({in_flight[0].kind.value} event {in_flight[0].id} was in flight when killed)",
            file=sys.stderr,
        )


def _decision_id(settings: Settings, version_id: int) -> int:
    (event,) = [
        e for e in list_events(settings, version_ids=[version_id]) if e.kind.value == "review"
    ]
    return int(event.key.split(":")[1])


def _claimed(event: OutboxEvent) -> bool:
    """Claimed by a drain and not settled: pending, with an attempt after the failed one."""
    return event.status is EventStatus.PENDING and event.attempts >= (
        2 if event.kind is EventKind.PUBLISH else 1
    )
