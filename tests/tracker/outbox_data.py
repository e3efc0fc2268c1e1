"""A synced Kitsu film to publish into and review, and what Kitsu holds afterwards."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gazu
import pytest

from axiom_publisher.cli import main
from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.outbox import MARKER_PATTERN
from axiom_publisher.media.synth import write_sequence
from tests.tracker.kitsu_data import admin_client
from tests.tracker.my_tasks_data import SyncedFilm, synced_film
from tests.tracker.zou_server import ZouServer

LEAD = "kim"


@dataclass
class Studio:
    synced: SyncedFilm
    settings: Settings
    base: list[str]
    sources: Path
    zou: ZouServer

    def axiom(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main([*self.base, *args])
        out, err = capsys.readouterr()
        return code, out + err

    def publish(self, capsys: pytest.CaptureFixture[str], shot: str, *extra: str) -> Any:
        source = str(self.sources / "comp.####.png")
        code, text = self.axiom(
            capsys, "publish", source, "--project", "film", "--shot", shot,
            "--task", "Compositing", "--product", "comp", "--json", *extra,
        )  # fmt: skip
        assert code == 0, text
        return json.loads(text)

    def task_of(self, shot: str) -> str:
        """The Kitsu id of the Compositing task of `shot`."""
        entity = self.synced.film.shots[shot]
        client = self.synced.film.client
        tasks = gazu.task.all_tasks_for_shot(entity, client=client)
        types = {t["id"]: t["name"] for t in gazu.task.all_task_types(client=client)}
        (task,) = [t for t in tasks if types[t["task_type_id"]] == "Compositing"]
        return str(task["id"])


def studio(
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    extra: str = "",
    tracker: str = "",
) -> Studio:
    """The synced 3 x 10 shots film; AXIOM's user an artist; the lead `kim`; the tracker's
    login in the environment (never in the config)."""
    synced = synced_film(zou, db_url, tmp_path, env)
    project = dict(synced.film.project, resolution="320x180", fps="24")  # cheap transcodes
    gazu.project.update_project(project, client=synced.film.client)
    text = synced.config.read_text().replace("[tracker]\n", f"[tracker]\n{tracker}", 1)
    synced.config.write_text(f'{text}[review]\nleads = ["{LEAD}"]\n{extra}')
    settings = load_settings(
        dict(env, AXIOM_STUDIO_CONFIG=str(synced.config)),
        db_url=db_url,
        publish_root=synced.settings.publish_root,
    )
    monkeypatch.setenv("AXIOM_TRACKER_USER", zou.email)
    monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", zou.password)
    monkeypatch.setenv("AXIOM_USER", synced.emails_of("artist0").split("@")[0])
    sources = tmp_path / "src"
    write_sequence(sources, "comp", 980, 1045, width=64, height=36)
    root = str(settings.publish_root)
    base = ["--db", db_url, "--root", root, "--config", str(synced.config)]
    return Studio(synced, settings, base, sources, zou)


@dataclass(frozen=True)
class TaskOnKitsu:
    status: str
    comments: list[dict[str, Any]]  # oldest first
    markers: list[str]
    previews: list[dict[str, Any]]


def on_kitsu(zou: ZouServer, task_id: str) -> TaskOnKitsu:
    client = admin_client(zou)
    task = gazu.task.get_task(task_id, client=client)
    # zou lists a task's comments newest first and keeps created_at to the second: reversed,
    # then sorted (stable), comments of the same second stay in the order they were made.
    listed = list(gazu.task.all_comments_for_task(task_id, client=client))
    comments = sorted(reversed(listed), key=lambda c: c["created_at"])
    markers = [key for c in comments for key in MARKER_PATTERN.findall(c.get("text") or "")]
    previews = gazu.files.get_all_preview_files_for_task(task_id, client=client)
    return TaskOnKitsu(
        status=str(task["task_status"]["name"]),
        comments=comments,
        markers=markers,
        previews=list(previews),
    )


def wait_for(check: Callable[[], bool], seconds: float, what: str, poll: float = 0.5) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds:.0f} s")
        time.sleep(poll)
