"""Publishes and review decisions reach the test run's real Kitsu server through the outbox.

A film of 3 sequences / 30 shots / 60 tasks is synced. A publish becomes a comment on its
task with the publish status, the path, the QC verdict and failing checks, and the proxy
as the comment's preview (revision = version number, processed `ready` by zou) and the
shot's thumbnail; a decision becomes the mapped status with its note and the notes before
it as comments with frames and timecodes. A second push sends nothing again.
"""

from __future__ import annotations

import json
from pathlib import Path

import gazu
import pytest

from axiom_publisher.core.outbox import EventStatus
from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.publish.tracker.outbox import version_states
from tests.tracker.kitsu_data import admin_client
from tests.tracker.outbox_data import LEAD, on_kitsu, studio, wait_for
from tests.tracker.zou_server import ZouServer


def test_publishes_and_decisions_land_on_kitsu_once(
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    film = studio(zou, db_url, tmp_path, axiom_env, monkeypatch)
    first = film.publish(capsys, "s1sh010", "--comment", "first comp")
    assert first["tracker_task"] is not None and first["proxy"]
    task = film.task_of("s1sh010")
    assert first["tracker_task"]["tracker_id"] == task
    (film.sources / "comp.1007.png").unlink()  # a missing frame: QC fails, overridden
    second = film.publish(capsys, "s1sh010", "--allow-qc-fail", "the gap is fixed in v003")
    assert on_kitsu(zou, task).comments == []  # nothing is sent while publishing
    states = version_states(film.settings, [first["id"], second["id"]])
    assert {s.status for s in states.values()} == {EventStatus.PENDING}

    code, text = film.axiom(capsys, "tracker", "push", "--json")
    assert code == 0, text
    assert json.loads(text)["counts"]["sent"] == 2
    kitsu = on_kitsu(zou, task)
    assert kitsu.status == "Waiting For Approval"
    assert kitsu.markers == [f"publish:{first['id']}:tracker", f"publish:{second['id']}:tracker"]
    one, two = (c["text"] for c in kitsu.comments)
    assert "AXIOM published film/s1sh010/Compositing/comp/v001" in one
    assert "first comp" in one and f"Path: {first['path']}" in one and "QC: warn" in one
    assert "QC: fail (overridden: the gap is fixed in v003)" in two
    assert "Failing checks:" in two and "1007" in two
    assert sorted(p["revision"] for p in kitsu.previews) == [1, 2]
    for comment in kitsu.comments:
        assert len(comment["previews"]) == 1
    client = admin_client(zou)

    def ready() -> bool:
        statuses = [
            gazu.files.get_preview_file(p["id"], client=client)["status"] for p in kitsu.previews
        ]
        return statuses == ["ready", "ready"]

    wait_for(ready, 120, "zou processing both previews")
    shot = gazu.shot.get_shot(film.synced.film.shots["s1sh010"]["id"], client=client)
    assert shot["preview_file_id"] in {p["id"] for p in kitsu.previews}
    states = version_states(film.settings, [first["id"], second["id"]])
    assert {s.status for s in states.values()} == {EventStatus.SENT}

    # decisions: notes before them travel with them, with frames and timecodes
    review.add_note(film.settings, first["id"], "edges chatter here", 1003, "lena")
    review.decide(film.settings, first["id"], Decision.NEEDS_CHANGES, "fix the edges", 1005, LEAD)
    code, text = film.axiom(capsys, "tracker", "push", "--json")
    assert code == 0 and json.loads(text)["counts"]["sent"] == 1, text
    kitsu = on_kitsu(zou, task)
    assert kitsu.status == "Retake"
    decision_text, note_text = (c["text"] for c in kitsu.comments[2:])
    assert "Retake (needs_changes)" in decision_text
    assert f"{LEAD} at frame 1005 (" in decision_text and "fix the edges" in decision_text
    assert "lena at frame 1003 (" in note_text and "edges chatter here" in note_text
    review.decide(film.settings, second["id"], Decision.APPROVED, "good", None, LEAD)
    assert film.axiom(capsys, "tracker", "push")[0] == 0
    kitsu = on_kitsu(zou, task)
    assert kitsu.status == "Done"
    assert len(kitsu.comments) == 5 and len(kitsu.previews) == 2

    # a second push, and a Retry of a sent event, send nothing again
    code, text = film.axiom(capsys, "tracker", "push", "--json")
    assert json.loads(text)["deliveries"] == []
    assert len(on_kitsu(zou, task).comments) == 5
    code, text = film.axiom(capsys, "tracker", "status", "--json")
    assert json.loads(text)["counts"] == {"pending": 0, "sent": 4, "failed": 0, "dead": 0}
    assert zou.password not in text


def test_a_shot_the_tracker_lacks_and_a_deleted_task_are_dead_with_the_reason(
    zou: ZouServer,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    film = studio(zou, f"sqlite:///{tmp_path / 'axiom.db'}", tmp_path, axiom_env, monkeypatch)
    unlinked = film.publish(capsys, "s1sh020", "--task", "paint")  # no such task on Kitsu
    linked = film.publish(capsys, "s1sh030")
    gazu.task.remove_task(linked["tracker_task"]["tracker_id"], client=admin_client(zou))
    code, text = film.axiom(capsys, "tracker", "push", "--json")
    assert code == 1
    deliveries = {d["id"]: d for d in json.loads(text)["deliveries"]}
    assert {d["status"] for d in deliveries.values()} == {"dead"}
    states = version_states(film.settings, [unlinked["id"], linked["id"]])
    assert "has no tracker task" in states[unlinked["id"]].reason
    assert "axiom tracker sync" in states[unlinked["id"]].reason
    assert "(404)" in states[linked["id"]].reason
    assert states[linked["id"]].can_retry
