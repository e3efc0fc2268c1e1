"""`axiom tracker sync` against the test run's real Kitsu server, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time
from pathlib import Path

import gazu
import pytest

from axiom_publisher.cli import main
from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import PublishConflictError
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec, PublishContext
from axiom_publisher.db import repo
from axiom_publisher.db.tracker_tasks import shot_sequences, tracker_tasks
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.tracker.sync import apply_sync, plan_sync, read_tracker
from axiom_publisher.tracker import open_tracker
from axiom_publisher.tracker.credentials import Credentials
from tests.roots import publish_root
from tests.tracker.kitsu_data import admin_client, build_film
from tests.tracker.zou_server import ZouServer, free_port


def _config(path: Path, url: str, film: str) -> Path:
    path.write_text(
        f'[tracker]\nkind = "kitsu"\nurl = "{url}"\ntimeout = 10\n'
        f'[tracker.projects.film]\nname = "{film}"\n'
    )
    return path


def _axiom(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_sync_brings_in_the_plan_and_resync_reports_changes(
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    began = time.monotonic()
    film = build_film(zou)
    built = time.monotonic() - began
    root = publish_root(tmp_path / "publish")
    settings = load_settings(axiom_env, db_url=db_url, publish_root=root)
    with open_catalog_database(settings) as database:
        catalog.create_project(database, ProjectSpec(code="film", name="Film"))
    config = _config(tmp_path / "studio.toml", zou.url, film.name)
    monkeypatch.setenv("AXIOM_TRACKER_USER", zou.email)
    monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", zou.password)
    base = ["--db", db_url, "--root", str(root), "--config", str(config)]

    code, out, err = _axiom(
        capsys, *base, "tracker", "sync", "--project", "film", "--dry-run", "--json"
    )
    assert (code, err) == (0, "")
    dry = json.loads(out)
    assert dry["applied"] is False
    assert sorted(dry["sequences"]["new"]) == ["sq010", "sq020", "sq030"]
    assert len(dry["shots"]["new"]) == 30
    assert dry["tasks"]["counts"] == {"new": 60, "changed": 0, "omitted": 0, "total": 60}
    assert dry["task_types"] == ["Compositing", "Lighting"]
    assert zou.password not in out
    with open_catalog_database(settings) as database:
        assert database.run(lambda s: repo.list_entities(s, "film")) == []  # dry run: nothing

    code, out, err = _axiom(capsys, *base, "tracker", "sync", "--project", "film", "--json")
    assert (code, err) == (0, "")
    applied = json.loads(out)
    assert applied["applied"] is True
    assert {k: v for k, v in applied.items() if k != "applied"} == {
        k: v for k, v in dry.items() if k != "applied"
    } | {"shots": applied["shots"]}
    assert applied["shots"]["new"] == dry["shots"]["new"]
    with open_catalog_database(settings) as database:
        entities = database.run(lambda s: repo.list_entities(s, "film"))
        tasks = database.run(lambda s: tracker_tasks(s, "film"))
        parents = database.run(lambda s: shot_sequences(s, "film"))
    shots = {e.code: e for e in entities if e.kind is EntityKind.SHOT}
    assert parents == {f"s{n}sh{m * 10:03d}": f"sq0{n}0" for n in (1, 2, 3) for m in range(1, 11)}
    assert sorted(e.code for e in entities if e.kind is EntityKind.SEQUENCE) == [
        "sq010",
        "sq020",
        "sq030",
    ]
    assert len(shots) == 30
    assert (shots["s1sh010"].cut_in, shots["s1sh010"].cut_out, shots["s1sh010"].handles) == (
        1001,
        1021,
        12,
    )
    assert (shots["s3sh100"].cut_out, shots["s3sh100"].handles) == (1030, 8)
    assert len(tasks) == 60
    assert {t.tracker_id: t.assignees for t in tasks} == film.assignees
    assert {t.status for t in tasks} == {"Todo"}

    # On Kitsu: a shot's frame range changes, two shots are removed; one of them has a
    # version in AXIOM and must stay.
    changed = film.shots["s2sh050"]
    changed["data"]["frame_out"] = 1080
    gazu.shot.update_shot(changed, client=film.client)
    for code in ("s1sh020", "s3sh030"):
        gazu.shot.remove_shot(film.shots[code], force=True, client=film.client)
    with open_catalog_database(settings) as database:
        database.run(
            lambda s: repo.reserve_version(
                s,
                PublishContext("film", "s1sh020", "comp", "main"),
                author="ana",
                host="cli",
                comment="",
                source=None,
                lease_seconds=60,
                frame_range=None,
                missing_frames=(),
                folder_for=lambda number: f"film/s1sh020/comp/main/v{number:03d}",
            )
        )

    code, out, err = _axiom(
        capsys, *base, "tracker", "sync", "--project", "film", "--remove-omitted"
    )
    assert (code, err) == (0, "")
    assert "changed    s2sh050" in out and "1001-1025 -> 1001-1080" in out
    assert "omitted    s1sh020" in out and "kept: 1 version(s)" in out
    assert "omitted    s3sh030" in out and "(removed)" in out
    assert "4 omitted (56 on the tracker" in out  # the two shots' tasks
    with open_catalog_database(settings) as database:
        after = {e.code: e for e in database.run(lambda s: repo.list_entities(s, "film"))}
        tasks = database.run(lambda s: tracker_tasks(s, "film"))
    assert after["s2sh050"].cut_out == 1080
    assert "s1sh020" in after  # it has a version: never removed
    assert "s3sh030" not in after
    assert len(tasks) == 56
    print(f"[kitsu] built 3 sequences / 30 shots / 60 tasks in {built:.1f} s")


def test_wrong_password_and_unreachable_tracker_are_clear_errors(
    zou: ZouServer,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db_url = f"sqlite:///{tmp_path / 'axiom.db'}"
    root = publish_root(tmp_path / "publish")
    settings = load_settings(axiom_env, db_url=db_url, publish_root=root)
    with open_catalog_database(settings) as database:
        catalog.create_project(database, ProjectSpec(code="film", name="Film"))
    wrong = "Wrong-Secret-4242"
    monkeypatch.setenv("AXIOM_TRACKER_USER", zou.email)
    monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", wrong)
    config = _config(tmp_path / "studio.toml", zou.url, "Nothing")
    base = ["--db", db_url, "--root", str(root), "--config", str(config)]
    code, out, err = _axiom(capsys, *base, "tracker", "sync", "--project", "film", "--json")
    assert code == 2
    error = json.loads(err)["error"]
    assert error["type"] == "TrackerAuthError"
    assert zou.url in error["message"] and "refused the login (401)" in error["message"]
    assert "AXIOM_TRACKER_PASSWORD" in error["message"]
    assert wrong not in out + err

    nowhere = f"http://127.0.0.1:{free_port()}"
    config = _config(tmp_path / "nowhere.toml", nowhere, "Nothing")
    base = ["--db", db_url, "--root", str(root), "--config", str(config)]
    code, out, err = _axiom(capsys, *base, "tracker", "sync", "--project", "film")
    assert code == 3
    assert err.startswith(f"axiom: error: the Kitsu tracker {nowhere} cannot be reached")
    assert "check [tracker] url" in err
    assert wrong not in out + err


def test_a_sync_planned_before_another_change_writes_nothing(
    zou: ZouServer, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    client = admin_client(zou)
    name = f"Small {time.monotonic_ns()}"
    project = gazu.project.new_project(name, client=client)
    sequence = gazu.shot.new_sequence(project, "sq010", client=client)
    gazu.shot.new_shot(project, sequence, "ab010", frame_in=1001, frame_out=1010, client=client)
    config = _config(tmp_path / "studio.toml", zou.url, name)
    settings = load_settings(
        dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)),
        db_url=f"sqlite:///{tmp_path / 'axiom.db'}",
        publish_root=publish_root(tmp_path / "publish"),
    )
    with open_catalog_database(settings) as database:
        catalog.create_project(database, ProjectSpec(code="film", name="Film"))
    tracker = open_tracker(settings.tracker, Credentials(zou.email, zou.password))
    snapshot = read_tracker(settings, "film", tracker)
    plan = plan_sync(settings, "film", snapshot, "kitsu")
    assert [shot.code for shot in plan.shots.new] == ["ab010"]
    assert plan.shots.shots[0].handles == 8  # none on Kitsu: the project's
    with open_catalog_database(settings) as database:
        catalog.create_entity(database, EntitySpec("film", "zz900", EntityKind.SHOT))
    with pytest.raises(PublishConflictError, match="changed since this sync was planned"):
        apply_sync(settings, plan, snapshot, "kitsu")
    with open_catalog_database(settings) as database:
        codes = [e.code for e in database.run(lambda s: repo.list_entities(s, "film"))]
    assert codes == ["zz900"]  # nothing of the plan was written
