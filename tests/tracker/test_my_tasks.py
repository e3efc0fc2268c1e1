"""My tasks and the task a publish belongs to, against the test run's real Kitsu server.

A film of 3 sequences / 30 shots / 60 tasks is synced; the tasks of each artist come from
the table the sync wrote, matched to AXIOM's user by login (the address's local part) or by
the whole address; a CLI publish into one of them records the tracker's task id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from axiom_publisher.cli import main
from axiom_publisher.core.types import EntityKind
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.tracker.my_tasks import my_tasks
from tests.tracker.my_tasks_data import synced_film
from tests.tracker.zou_server import ZouServer


def test_my_tasks_are_the_synced_tasks_assigned_to_the_user(
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synced = synced_film(zou, db_url, tmp_path, axiom_env)
    email = synced.emails_of("artist0")
    login = email.split("@")[0]
    expected = synced.tasks_of(email)
    assert 20 <= len(expected) < 60  # a third of the 60 tasks, plus shared ones

    mine = my_tasks(synced.settings, user=login)
    assert {task.tracker_id for task in mine} == expected
    assert all(task.project == "film" and task.entity_kind is EntityKind.SHOT for task in mine)
    assert {task.task for task in mine} == {"Compositing", "Lighting"}
    assert [(t.entity, t.task_type) for t in mine] == sorted((t.entity, t.task_type) for t in mine)
    # the whole address (AXIOM_USER set to it) and any case give the same tasks
    assert my_tasks(synced.settings, user=email.upper()) == mine
    # the default user is AXIOM's current user
    monkeypatch.setenv("AXIOM_USER", login)
    assert my_tasks(synced.settings) == mine
    other = synced.emails_of("artist1")
    assert {t.tracker_id for t in my_tasks(synced.settings, user=other)} == synced.tasks_of(other)
    assert my_tasks(synced.settings, user="artist0") == []  # not the login of anybody here
    assert my_tasks(synced.settings, user=f"{login}@elsewhere.example") == []


def test_a_cli_publish_records_its_tracker_task_and_version_show_prints_it(
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    synced = synced_film(zou, db_url, tmp_path, axiom_env)
    login = synced.emails_of("artist1").split("@")[0]
    monkeypatch.setenv("AXIOM_USER", login)
    task = next(t for t in my_tasks(synced.settings) if t.task_type == "Compositing")
    write_sequence(tmp_path / "src", "comp", 993, 1033, width=64, height=36)
    root = synced.settings.publish_root
    base = ["--db", db_url, "--root", str(root), "--config", str(synced.config)]
    source = str(tmp_path / "src" / "comp.####.png")
    publish = [*base, "publish", source, "--project", "film", "--shot", task.entity]
    assert main([*publish, "--product", "main", "--task", task.task, "--json"]) == 0
    published = json.loads(capsys.readouterr().out)
    assert published["tracker_task"] == {
        "tracker_id": task.tracker_id,
        "task_type": "Compositing",
        "status": task.status,
    }
    # a task the tracker does not have on this shot: published, with no tracker task
    assert main([*publish, "--product", "main", "--task", "paint", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tracker_task"] is None

    assert main([*base, "version", "show", str(published["id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["tracker_task"]["tracker_id"] == task.tracker_id
    assert main([*base, "version", "show", str(published["id"])]) == 0
    text = capsys.readouterr().out
    assert f"tracker:     Compositing task ({task.status}, tracker id {task.tracker_id})" in text
    assert zou.password not in text
