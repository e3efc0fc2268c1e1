"""A studio whose task names and logins differ from Kitsu's, against the test run's real zou.

The Kitsu film has Compositing and Lighting tasks assigned to artist0..2 (addresses
artistN.TAG@axiom-tests.org). The studio calls the tasks "comp" and "lgt" and its artists
log in as "jdoe" (artist0) and "kim" (artist2); project `film` maps one login over the
default rule ("artist1.TAG" is artist2 there). Sync reports the studio names, My tasks
finds the mapped person's tasks under the studio names, a publish into "comp" links the
Compositing task, and the delivered comments are attributed to the mapped people. A
mapping to a task type Kitsu lacks stops the sync with the key and Kitsu's task types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import gazu
import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.core.review import Decision
from axiom_publisher.core.types import ProjectSpec
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import catalog, review
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.tracker.my_tasks import my_tasks
from axiom_publisher.publish.tracker.outbox import version_states
from tests.roots import publish_root
from tests.tracker.kitsu_data import KitsuFilm, build_film
from tests.tracker.my_tasks_data import SyncedFilm
from tests.tracker.outbox_data import Studio, on_kitsu
from tests.tracker.zou_server import ZouServer


def _roto(client: Any) -> None:
    """Kitsu has a task type "Roto" (no task of the film uses it)."""
    if not any(t["name"] == "Roto" for t in gazu.task.all_task_types(client=client)):
        gazu.task.new_task_type("Roto", for_entity="Shot", client=client)


def _config(film: KitsuFilm, url: str, tag: str, roto: str = "Roto") -> str:
    return (
        f'[tracker]\nkind = "kitsu"\nurl = "{url}"\ntimeout = 60\n'
        '[tracker.tasks]\ncomp = "Compositing"\n'
        f'[tracker.people]\njdoe = "artist0.{tag}@axiom-tests.org"\n'
        f'kim = "artist2.{tag}@axiom-tests.org"\n'
        'ghost = "ghost@nowhere.example"\n'  # nobody on Kitsu: a warning, not an error
        f'[tracker.projects.film]\nname = "{film.name}"\n'
        f'[tracker.projects.film.tasks]\nlgt = "Lighting"\nroto = "{roto}"\n'
        f'[tracker.projects.film.people]\n"artist1.{tag}" = "artist2.{tag}@axiom-tests.org"\n'
        '[review]\nleads = ["kim"]\n'
    )


@pytest.fixture
def mapped(
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Studio, str]:
    """The film on zou, NOT synced yet, and a studio config that maps its names; the tag."""
    film = build_film(zou)
    _roto(film.client)
    tag = film.name.split()[-1]
    config = tmp_path / "studio.toml"
    config.write_text(_config(film, zou.url, tag))
    settings = load_settings(
        dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)),
        db_url=db_url,
        publish_root=publish_root(tmp_path / "publish"),
    )
    with open_catalog_database(settings) as database:
        catalog.create_project(database, ProjectSpec("film", "Film", width=64, height=36))
    project = dict(film.project, resolution="320x180", fps="24")  # cheap transcodes
    gazu.project.update_project(project, client=film.client)
    monkeypatch.setenv("AXIOM_TRACKER_USER", zou.email)
    monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", zou.password)
    monkeypatch.setenv("AXIOM_USER", "jdoe")
    sources = tmp_path / "src"
    write_sequence(sources, "comp", 980, 1045, width=64, height=36)
    base = ["--db", db_url, "--root", str(settings.publish_root), "--config", str(config)]
    synced = SyncedFilm(film=film, settings=settings, config=config)
    return Studio(synced, settings, base, sources, zou), tag


def _person_id(studio: Studio, email: str) -> str:
    return str(gazu.person.get_person_by_email(email, client=studio.synced.film.client)["id"])


def test_sync_my_tasks_publish_and_comments_follow_the_studio_names(
    mapped: tuple[Studio, str], capsys: pytest.CaptureFixture[str]
) -> None:
    studio, tag = mapped
    code, text = studio.axiom(capsys, "tracker", "sync", "--project", "film", "--json")
    assert code == 0, text
    synced = json.loads(text)
    assert synced["task_names"] == {"Compositing": "comp", "Lighting": "lgt"}
    assert synced["tasks"]["counts"]["new"] == 60
    assert synced["unknown_people"] == {"tracker.people.ghost": "ghost@nowhere.example"}
    code, text = studio.axiom(capsys, "tracker", "sync", "--project", "film", "--dry-run")
    assert "task types: Compositing (task comp), Lighting (task lgt)" in text, text
    assert "warning: tracker.people.ghost = 'ghost@nowhere.example' is no person" in text

    # My tasks: jdoe is artist0; in project film, "artist1.TAG" is artist2, not artist1
    artist = {n: f"artist{n}.{tag}@axiom-tests.org" for n in range(3)}
    tasks_of = studio.synced.tasks_of
    mine = my_tasks(studio.settings, user="jdoe")
    assert {t.tracker_id for t in mine} == tasks_of(artist[0])
    assert {t.task for t in mine} == {"comp", "lgt"}
    assert {(t.task, t.task_type) for t in mine} == {("comp", "Compositing"), ("lgt", "Lighting")}
    remapped = my_tasks(studio.settings, user=f"artist1.{tag}")
    assert {t.tracker_id for t in remapped} == tasks_of(artist[2]) != tasks_of(artist[1])
    assert my_tasks(studio.settings, user=f"artist0.{tag}") != []  # unmapped: default rule
    assert my_tasks(studio.settings, user="kim") == my_tasks(studio.settings, user=artist[2])

    # a publish into the studio's "comp" is the shot's Compositing task on Kitsu
    shot = "s1sh010"
    task = studio.task_of(shot)
    comp = studio.publish(capsys, shot, "--task", "comp", "--comment", "first comp")
    assert comp["tracker_task"]["tracker_id"] == task
    assert comp["tracker_task"]["task_type"] == "Compositing"
    roto = studio.publish(capsys, shot, "--task", "roto", "--product", "roto")
    assert roto["tracker_task"] is None  # mapped to Roto: the shot has no Roto task

    # delivered: attributed to the mapped people; the notes' unmapped author is the API user
    review.add_note(studio.settings, comp["id"], "edges chatter here", 1003, "lena")
    review.decide(studio.settings, comp["id"], Decision.NEEDS_CHANGES, "fix it", 1005, "kim")
    code, text = studio.axiom(capsys, "tracker", "push", "--json")
    assert code == 1, text  # the roto publish has no tracker task: dead, with its reason
    states = version_states(studio.settings, [comp["id"], roto["id"]])
    assert states[comp["id"]].status.value == "sent"
    assert "has no tracker task" in states[roto["id"]].reason
    comments = on_kitsu(studio.zou, task).comments
    assert len(comments) == 3
    published, decided, note = comments
    assert "AXIOM published film/s1sh010/comp/comp/v001 (by jdoe)" in published["text"]
    admin = str(gazu.client.get_current_user(client=studio.synced.film.client)["id"])
    assert published["person_id"] == _person_id(studio, artist[0])
    assert "kim at frame 1005" in decided["text"]
    assert decided["person_id"] == _person_id(studio, artist[2])
    assert "lena at frame 1003" in note["text"] and note["person_id"] == admin


def test_a_mapping_to_a_task_type_kitsu_lacks_stops_the_sync_naming_the_key(
    mapped: tuple[Studio, str], capsys: pytest.CaptureFixture[str]
) -> None:
    studio, tag = mapped
    config = studio.synced.config
    config.write_text(_config(studio.synced.film, studio.zou.url, tag, roto="Rotoscoping"))
    for dry in (["--dry-run"], []):
        code, text = studio.axiom(capsys, "tracker", "sync", "--project", "film", *dry)
        assert code != 0
        assert "tracker.projects.film.tasks.roto = 'Rotoscoping' is not a task type" in text
        assert "Compositing" in text and "Lighting" in text and "Roto" in text
        assert studio.zou.password not in text
    assert my_tasks(studio.settings, user="jdoe") == []  # nothing was written
