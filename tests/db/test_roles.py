"""PostgreSQL enforces the publish and review rules for non-superuser logins (issue 12.2).

Each test creates real LOGIN roles (unique names, dropped afterwards) that are members of
the group roles migration 0002 creates, and connects as them: the author of every row is
the session's login, and what a role may not do is refused by the database itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import delete, insert, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.errors import PermissionDeniedError
from axiom_publisher.core.review import Decision
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
    VersionStatus,
)
from axiom_publisher.db import Database, open_database, repo
from axiom_publisher.db.models import File, Product, ReviewNote, Version
from axiom_publisher.db.roles import ARTIST, LEAD, WRANGLER
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import catalog, review
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from tests.roots import publish_root

pytestmark = pytest.mark.postgres

KINDS = {"artist": ARTIST, "other": ARTIST, "lead": LEAD, "wrangler": WRANGLER}
CONTEXT = PublishContext("proj", "sh010", "comp", "main")


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture
def logins(pg_url: str) -> Iterator[dict[str, str]]:
    """Login name of an artist, another artist, a lead and a wrangler (database at head)."""
    open_database(pg_url).dispose()  # creates the schema, the group roles and the grants
    suffix = uuid.uuid4().hex[:10]
    names = {kind: f"axiom_t{suffix}_{kind}" for kind in KINDS}
    with psycopg.connect(_dsn(pg_url), autocommit=True) as connection:
        for kind, name in names.items():
            connection.execute(f"CREATE ROLE {name} LOGIN")
            connection.execute(f"GRANT {KINDS[kind]} TO {name}")
    try:
        yield names
    finally:
        with psycopg.connect(_dsn(pg_url), autocommit=True) as connection:
            for name in names.values():
                connection.execute(f"DROP ROLE IF EXISTS {name}")


def _url(pg_url: str, login: str) -> str:
    return make_url(pg_url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture
def settings(
    pg_url: str,
    logins: dict[str, str],
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Settings]:
    """Settings of each login on one database and root (AXIOM_USER names someone else, a
    lead by the studio config)."""
    monkeypatch.setenv("AXIOM_USER", "not-my-login")
    env = dict(axiom_env, AXIOM_USER="not-my-login", AXIOM_REVIEW_LEADS="not-my-login")
    root = publish_root(tmp_path / "publish")
    admin = load_settings(env, db_url=pg_url, publish_root=root)
    with open_catalog_database(admin) as database:
        catalog.create_project(database, ProjectSpec("proj", "Project", width=64, height=36))
        catalog.create_entity(database, EntitySpec("proj", "sh010", EntityKind.SHOT))
    result = {"admin": admin}
    for kind, login in logins.items():
        result[kind] = load_settings(env, db_url=_url(pg_url, login), publish_root=root)
    return result


@pytest.fixture
def sequence(tmp_path: Path) -> Path:
    write_sequence(tmp_path / "src", "plate", 1001, 1004, width=64, height=36)
    return tmp_path / "src" / "plate.####.png"


def _publish(settings: Settings, source: Path) -> VersionRecord:
    with PublishService.open(settings) as service:
        return service.publish(PublishItem(CONTEXT, (resolve_source(source),), author="mallory"))


@pytest.fixture
def published(settings: dict[str, Settings], sequence: Path) -> VersionRecord:
    """A version the artist published through the real PublishService."""
    return _publish(settings["artist"], sequence)


def _as(settings: Settings) -> Database:
    return open_database(settings.db_url)


def test_artist_publishes_end_to_end_as_their_login(
    published: VersionRecord, logins: dict[str, str], settings: dict[str, Settings]
) -> None:
    assert published.status is VersionStatus.PUBLISHED
    assert published.author == logins["artist"], "the author is the login, not AXIOM_USER"
    assert published.files and all(file.path.is_file() for file in published.files)
    with _as(settings["artist"]) as database:
        stored = database.run(lambda s: repo.get_version(s, published.id))
    assert stored.author == logins["artist"]
    assert [f.sha256 for f in stored.files] == [f.sha256 for f in published.files]


def test_artist_cannot_edit_a_checksum(
    published: VersionRecord, settings: dict[str, Settings]
) -> None:
    forged = "0" * 64
    with _as(settings["artist"]) as database:
        with pytest.raises(PermissionDeniedError, match="refused"):
            database.run(
                lambda s: s.execute(
                    update(File).where(File.version_id == published.id).values(sha256=forged)
                )
            )
        with pytest.raises(PermissionDeniedError):
            database.run(lambda s: s.execute(delete(File).where(File.version_id == published.id)))
        with pytest.raises(PermissionDeniedError, match="your own staging version"):
            database.run(
                lambda s: s.execute(
                    insert(File).values(
                        version_id=published.id, path="x/extra.exr", size=1, sha256=forged
                    )
                )
            )
        with pytest.raises(PermissionDeniedError, match="your own staging version"):
            database.run(partial(_shadowed_insert, published.id))
    with _as(settings["admin"]) as database:  # a careless grant is still held by the trigger
        database.run(lambda s: s.execute(text(f"GRANT UPDATE, DELETE ON file TO {ARTIST}")))
    with _as(settings["artist"]) as database:
        with pytest.raises(PermissionDeniedError, match="append-only"):
            database.run(lambda s: s.execute(update(File).values(sha256=forged)))
        stored = database.run(lambda s: repo.get_version(s, published.id))
    assert forged not in {file.sha256 for file in stored.files}


def _shadowed_insert(version_id: int, session: Session) -> None:
    """A temporary table named `version` (searched first) that says the version is staging
    and this login's, then a file for it: the check must read the real table."""
    session.execute(text("CREATE TEMP TABLE version (id int, status text, author text)"))
    session.execute(
        text("INSERT INTO version VALUES (:id, 'staging', session_user)"), {"id": version_id}
    )
    session.execute(
        insert(File).values(version_id=version_id, path="x/extra.exr", size=1, sha256="0" * 64)
    )


@pytest.mark.parametrize("who", ["artist", "other", "wrangler", "lead"])
def test_nobody_but_an_admin_fails_or_deletes_a_published_version(
    published: VersionRecord, settings: dict[str, Settings], who: str
) -> None:
    with _as(settings[who]) as database:
        assert not database.run(lambda s: repo.fail_version(s, published.id, "staging only"))
        with pytest.raises(PermissionDeniedError, match="is published: only an AXIOM admin"):
            database.run(
                lambda s: s.execute(
                    update(Version)
                    .where(Version.id == published.id)
                    .values(status="failed", failed_reason="forged")
                )
            )
        with pytest.raises(PermissionDeniedError):
            database.run(lambda s: s.execute(delete(Version).where(Version.id == published.id)))
        with pytest.raises(PermissionDeniedError):  # nor renumber its product downwards
            database.run(lambda s: s.execute(update(Product).values(last_version=0)))
        stored = database.run(lambda s: repo.get_version(s, published.id))
    assert stored.status is VersionStatus.PUBLISHED


def test_only_a_lead_decides_and_decisions_are_append_only(
    published: VersionRecord, settings: dict[str, Settings], logins: dict[str, str]
) -> None:
    artist = settings["artist"]
    # AXIOM_REVIEW_LEADS and AXIOM_USER name the same person: the client believes it, the
    # database does not.
    assert review.can_decide(artist)
    with pytest.raises(PermissionDeniedError, match="not a member of axiom_lead"):
        review.decide(artist, published.id, Decision.APPROVED, "looks great", None)
    with (
        _as(artist) as database,
        pytest.raises(PermissionDeniedError, match="not a member of axiom_lead"),
    ):
        database.run(
            lambda s: s.execute(
                insert(ReviewNote).values(
                    version_id=published.id, author=logins["lead"], decision="approved",
                    text="forged", created_at=published.published_at,
                )
            )
        )  # fmt: skip
    note = review.add_note(artist, published.id, "a plain note", None, author=logins["lead"])
    assert note.author == logins["artist"], "a note's author is the login, whatever it says"

    decision = review.decide(settings["lead"], published.id, Decision.NEEDS_CHANGES, "fix", 1002)
    assert (decision.author, decision.decision) == (logins["lead"], Decision.NEEDS_CHANGES)
    for who in ("artist", "lead", "wrangler"):
        with _as(settings[who]) as database:
            with pytest.raises(PermissionDeniedError):
                database.run(lambda s: s.execute(update(ReviewNote).values(decision="approved")))
            with pytest.raises(PermissionDeniedError):
                database.run(lambda s: s.execute(delete(ReviewNote)))
    with _as(settings["admin"]) as database:
        notes = database.run(lambda s: repo.version_notes(s, published.id))
        decisions = database.run(lambda s: repo.latest_decisions(s, [published.id]))
    assert sorted((n.author, n.decision) for n in notes if n.decision) == [
        (logins["lead"], Decision.NEEDS_CHANGES)
    ]
    assert decisions == {published.id: Decision.NEEDS_CHANGES}


def _reserve(database: Database) -> int:
    version_id, _ = database.run(
        lambda s: repo.reserve_version(
            s, CONTEXT, author="someone-else", host="h", comment="", source=None,
            lease_seconds=60, frame_range=None, missing_frames=(),
            folder_for=lambda n: f"proj/sh010/comp/main/v{n:03d}",
        )
    )  # fmt: skip
    return version_id


def test_only_the_reserving_login_moves_its_staging_version(
    settings: dict[str, Settings], logins: dict[str, str]
) -> None:
    with _as(settings["artist"]) as artist, _as(settings["other"]) as other:
        version_id = _reserve(artist)
        with _as(settings["wrangler"]) as wrangler:
            for database in (other, wrangler):  # the lease is alive: hands off
                with pytest.raises(PermissionDeniedError, match="reserved by"):
                    database.run(lambda s: repo.fail_version(s, version_id, "stolen"))
                with pytest.raises(PermissionDeniedError, match="reserved by"):
                    database.run(lambda s: repo.renew_lease(s, version_id, 600))
                with pytest.raises(PermissionDeniedError):
                    database.run(lambda s: repo.commit_version(s, version_id, []))
            with _as(settings["admin"]) as admin:  # the lease expires (by the server's clock)
                admin.run(
                    lambda s: s.execute(
                        text(
                            "UPDATE version SET lease_expires_at = now() - interval '1 minute'"
                            " WHERE id = :id"
                        ),
                        {"id": version_id},
                    )
                )
            with pytest.raises(PermissionDeniedError, match="reserved by"):
                other.run(lambda s: repo.fail_version(s, version_id, "not a wrangler"))
            assert wrangler.run(lambda s: repo.fail_version(s, version_id, "lease expired"))
        record = artist.run(lambda s: repo.get_version(s, version_id))
    assert (record.status, record.author) == (VersionStatus.FAILED, logins["artist"])


def test_an_artist_cannot_reserve_a_version_as_published(settings: dict[str, Settings]) -> None:
    with _as(settings["artist"]) as database:
        version_id = _reserve(database)
        with pytest.raises(PermissionDeniedError, match="reserved as staging"):
            database.run(
                lambda s: s.execute(
                    text(
                        "INSERT INTO version (product_id, number, status, author, host, comment,"
                        " path, missing_frames, created_at) SELECT product_id, 99, 'published',"
                        " author, host, comment, 'p/v099', missing_frames, created_at"
                        " FROM version WHERE id = :id"
                    ),
                    {"id": version_id},
                )
            )


def test_two_artists_annotate_one_frame_as_their_logins(
    published: VersionRecord, logins: dict[str, str], settings: dict[str, Settings]
) -> None:
    from axiom_publisher.core.annotation import Stroke, Tool
    from axiom_publisher.db.models import Annotation
    from axiom_publisher.publish.review import annotation as drawn

    line = Stroke(Tool.LINE, ((0.1, 0.1), (0.9, 0.9)))
    box = Stroke(Tool.RECTANGLE, ((0.2, 0.2), (0.4, 0.4)))
    for _again in range(2):  # saving again replaces the saver's own strokes
        drawn.save_frame(settings["artist"], published.id, 1002, [line, box])
        drawn.save_frame(settings["other"], published.id, 1002, [box])
    found = drawn.version_annotations(settings["lead"], published.id)
    assert sorted((a.author, a.stroke.tool.value) for a in found) == sorted(
        [
            (logins["artist"], "line"),
            (logins["artist"], "rectangle"),
            (logins["other"], "rectangle"),
        ]
    ), "both sets kept, each by its login (not AXIOM_USER)"
    drawn.save_frame(settings["other"], published.id, 1002, [])  # clear: only theirs
    left = drawn.version_annotations(settings["lead"], published.id)
    assert {a.author for a in left} == {logins["artist"]}
    with _as(settings["other"]) as database:
        with pytest.raises(PermissionDeniedError, match="may not change it"):
            database.run(lambda s: s.execute(delete(Annotation)))
        with pytest.raises(PermissionDeniedError, match="may not change it"):
            database.run(lambda s: s.execute(update(Annotation).values(author=logins["other"])))
    assert len(drawn.version_annotations(settings["lead"], published.id)) == 2
    # The Review tab knows the reviewer's strokes by the name the database records.
    assert drawn.recorded_author(settings["artist"]) == logins["artist"]
    assert drawn.recorded_author(settings["admin"], "ana") == "ana"


def test_playlists_are_shared_but_only_their_owner_or_a_lead_edits_them(
    published: VersionRecord, logins: dict[str, str], settings: dict[str, Settings]
) -> None:
    from axiom_publisher.db.models import Playlist, PlaylistItem
    from axiom_publisher.publish.review import playlists

    made = playlists.create(settings["artist"], "artist's dailies", [published.id])
    assert made.owner == logins["artist"], "the owner is the login, not AXIOM_USER"
    assert playlists.get(settings["other"], made.id) == made  # everyone sees it
    # Around the service, straight to the tables: the database itself refuses.
    with _as(settings["other"]) as database:
        for statement in (
            update(Playlist).values(name="mine now"),
            delete(Playlist),
            delete(PlaylistItem),
            insert(PlaylistItem).values(playlist_id=made.id, version_id=published.id, position=1),
        ):
            with pytest.raises(PermissionDeniedError, match="only its owner or a lead"):
                database.run(lambda s, statement=statement: s.execute(statement))
        forged = database.run(
            lambda s: s.execute(
                insert(Playlist)
                .values(name="forged", owner=logins["artist"])
                .returning(Playlist.owner)
            ).scalar_one()
        )
        assert forged == logins["other"], "a new playlist is its creator's, whatever it says"
    assert playlists.get(settings["admin"], made.id) == made
    twice = playlists.set_versions(settings["lead"], made.id, [published.id, published.id])
    assert twice.version_ids == (published.id, published.id)  # a lead edits anyone's
    assert playlists.set_versions(settings["artist"], made.id, []).version_ids == ()
    playlists.delete(settings["artist"], made.id)
