"""Playlists: saved with name, owner and the server's date, in order; reordered, added to
and taken from; the latest version of each shot in edit order; only the owner or a lead
edits one (here the service's rule on SQLite; PostgreSQL's trigger: tests/db/test_roles.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import BadInputError, PermissionDeniedError, UnknownEntityError
from axiom_publisher.core.review import Decision
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec, PublishContext
from axiom_publisher.db import Database, open_database, repo
from axiom_publisher.db import playlists as lists
from axiom_publisher.db.repo import create_entity, create_project
from axiom_publisher.publish.review import playlists
from tests.db.conftest import folder_for
from tests.db.test_reviews import FolderFor, Publisher
from tests.roots import publish_root


@pytest.fixture
def publish(db: Database, shot_context: PublishContext, folders: FolderFor) -> Publisher:
    return Publisher(db, folders)


def test_round_trip_and_order(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    one, two, three = (publish(shot_context) for _ in range(3))
    before = datetime.now(timezone.utc)
    made = db.run(lambda s: lists.create_playlist(s, " dailies ", "ana", [three, one, two]))
    assert (made.name, made.owner, made.version_ids) == ("dailies", "ana", (three, one, two))
    assert made.created_at is not None and made.created_at.tzinfo is not None
    assert abs(made.created_at - before) < timedelta(minutes=5)
    other = db.run(lambda s: lists.create_playlist(s, "second", "bo", [two]))
    assert db.run(lambda s: lists.get_playlist(s, made.id)) == made
    assert [p.id for p in db.run(lists.list_playlists)] == [other.id, made.id]
    moved = db.run(lambda s: lists.set_versions(s, made.id, [one, two, three]))
    assert moved.version_ids == (one, two, three)
    assert db.run(lambda s: lists.get_playlist(s, made.id)).version_ids == (one, two, three)
    with pytest.raises(UnknownEntityError, match="999"):
        db.run(lambda s: lists.set_versions(s, made.id, [one, 999]))
    assert db.run(lambda s: lists.get_playlist(s, made.id)).version_ids == (one, two, three)
    with pytest.raises(BadInputError, match="name"):
        db.run(lambda s: lists.create_playlist(s, "  ", "ana", [one]))
    db.run(lambda s: lists.delete_playlist(s, made.id))
    with pytest.raises(UnknownEntityError, match="axiom playlist list"):
        db.run(lambda s: lists.get_playlist(s, made.id))


def test_latest_of_each_shot_in_edit_order(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    specs = [
        EntitySpec("demo", "sh020", EntityKind.SHOT, cut_in=900, cut_out=910),
        EntitySpec("demo", "sh030", EntityKind.SHOT),
    ]
    db.run(lambda s: [repo.create_entity(s, spec) for spec in specs])
    sh020 = PublishContext("demo", "sh020", "comp", "main")
    sh030 = PublishContext("demo", "sh030", "comp", "main")
    publish(shot_context)
    newest_010 = publish(shot_context)
    first_030 = publish(sh030)
    publish(sh020)
    newest_020 = publish(PublishContext("demo", "sh020", "light", "main"))
    publish(sh030, publish=False)  # staging: not published, not taken
    ids = db.run(lambda s: lists.latest_of_each_shot(s, "demo"))
    assert ids == [newest_020, newest_010, first_030]  # sh020 has a cut in, then by code
    comp = db.run(lambda s: lists.latest_of_each_shot(s, "demo", task="light"))
    assert comp == [newest_020]


def test_only_the_owner_or_a_lead_edits(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(sqlite_url)
    try:
        database.run(lambda s: create_project(s, ProjectSpec("demo", "Demo")))
        database.run(lambda s: create_entity(s, EntitySpec("demo", "sh010", EntityKind.SHOT)))
        context = PublishContext("demo", "sh010", "comp", "main")
        publish = Publisher(database, folder_for)
        one, two = publish(context), publish(context)
    finally:
        database.dispose()
    env = {"AXIOM_REVIEW_LEADS": "lea"}
    settings = load_settings(env, db_url=sqlite_url, publish_root=publish_root(tmp_path / "p"))
    monkeypatch.setenv("AXIOM_USER", "ana")
    made = playlists.create(settings, "ana's", [one, two])
    assert made.owner == "ana" and playlists.may_edit(settings, made)
    assert playlists.move(settings, made.id, 1, 0).version_ids == (two, one)
    monkeypatch.setenv("AXIOM_USER", "bo")
    assert not playlists.may_edit(settings, made)
    for edit in (
        lambda: playlists.move(settings, made.id, 0, 1),
        lambda: playlists.remove(settings, made.id, [one]),
        lambda: playlists.delete(settings, made.id),
    ):
        with pytest.raises(PermissionDeniedError, match="only its owner or a lead"):
            edit()
    assert playlists.get(settings, made.id).version_ids == (two, one)  # everyone sees it
    monkeypatch.setenv("AXIOM_USER", "lea")  # a lead
    assert playlists.remove(settings, made.id, [two]).version_ids == (one,)
    assert playlists.add(settings, made.id, [two, one]).version_ids == (one, two)


def test_waiting_in_a_sequence(
    db: Database,
    db_url: str,
    publish: Publisher,
    shot_context: PublishContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db.run(lambda s: create_entity(s, EntitySpec("demo", "sq01", EntityKind.SEQUENCE)))
    db.run(lambda s: create_entity(s, EntitySpec("demo", "sh020", EntityKind.SHOT), parent="sq01"))
    in_sequence = PublishContext("demo", "sh020", "comp", "main")
    first = publish(in_sequence)
    publish(shot_context)  # sh010 is in no sequence
    second = publish(in_sequence)
    decided = publish(in_sequence)
    approve = {"author": "lea", "text": "ok", "frame": None, "decision": Decision.APPROVED}
    db.run(lambda s: repo.add_note(s, decided, **approve))
    settings = load_settings({}, db_url=db_url, publish_root=publish_root(tmp_path / "p"))
    assert playlists.waiting_versions(settings, "demo", sequence="sq01") == [first, second]
    assert len(playlists.waiting_versions(settings, "demo")) == 3
    with pytest.raises(BadInputError, match="is a shot, not a sequence"):
        playlists.waiting_versions(settings, "demo", sequence="sh010")
    with pytest.raises(UnknownEntityError, match="sq99"):
        playlists.waiting_versions(settings, "demo", sequence="sq99")
    with pytest.raises(BadInputError, match="--project"):
        playlists.waiting_versions(settings, sequence="sq01")
