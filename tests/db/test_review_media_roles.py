"""PostgreSQL with AXIOM's roles: rebuilds of review media (migration 0010).

An artist's login (a farm worker's too) reserves a rebuild of a published version and, in
its commit, repoints the manifest, proxy and thumbnail rows and the version's proxy and
thumbnail paths; nothing else of a published version changes, not outside a rebuild it
reserved, and never a published file's row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import delete, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import PermissionDeniedError
from axiom_publisher.core.review_media import MediaFile
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishedFile,
)
from axiom_publisher.db import open_database, repo
from axiom_publisher.db import review_media as db
from axiom_publisher.db.models import File, Project, ReviewMedia, Version
from axiom_publisher.db.roles import ARTIST
from axiom_publisher.publish.review_media import rebuild_review_media
from axiom_publisher.publish.verify import verify
from tests.publish.review_media_fixtures import publish_clip

pytestmark = pytest.mark.postgres
COMP = PublishContext("demo", "sh010", "comp", "main")
FOLDER = "demo/sh010/comp/main/v001"


def _url(pg_url: str, login: str) -> str:
    return make_url(pg_url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture
def urls(pg_url: str) -> Iterator[dict[str, str]]:
    """The superuser's URL and two artists' (ana published v001; ben did not)."""
    with open_database(pg_url) as database:
        database.run(lambda s: repo.create_project(s, ProjectSpec(code="demo", name="Demo")))
        database.run(lambda s: repo.create_entity(s, EntitySpec("demo", "sh010", EntityKind.SHOT)))
    suffix = uuid.uuid4().hex[:10]
    logins = {"ana": f"axiom_t{suffix}_ana", "ben": f"axiom_t{suffix}_ben"}
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True) as connection:
        for name in logins.values():
            connection.execute(f"CREATE ROLE {name} LOGIN")
            connection.execute(f"GRANT {ARTIST} TO {name}")
    try:
        yield {"admin": pg_url} | {kind: _url(pg_url, name) for kind, name in logins.items()}
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            for name in logins.values():
                connection.execute(f"DROP ROLE IF EXISTS {name}")


def _files() -> list[PublishedFile]:
    return [
        PublishedFile(f"{FOLDER}/main.mov", 10, "a" * 64, None, 0),
        PublishedFile(f"{FOLDER}/main_proxy.mp4", 5, "b" * 64, None, -2),
        PublishedFile(f"{FOLDER}/main_thumb.jpg", 3, "c" * 64, None, -3),
        PublishedFile(f"{FOLDER}/axiom-manifest.json", 2, "d" * 64, None, -1),
    ]


def _publish(session: Session) -> int:
    version_id, _ = repo.reserve_version(
        session, COMP, author="x", host="nuke", comment="", source=None, lease_seconds=600,
        frame_range=None, missing_frames=[], folder_for=lambda n: FOLDER,
    )  # fmt: skip
    session.flush()
    repo.set_version_facts(session, version_id, proxy_path=f"{FOLDER}/main_proxy.mp4")
    repo.commit_version(session, version_id, _files())
    return version_id


def _reserve(version_id: int) -> object:
    return lambda s: db.reserve_rebuild(
        s, version_id, author="x", requested_by="lead", reason="720p", thumbnail_frame=None,
        lease_seconds=600,
    )  # fmt: skip


def _pairs(rebuild_old: tuple[MediaFile, ...]) -> list[tuple[MediaFile, MediaFile]]:
    renamed = {-2: "main_proxy_r2.mp4", -3: "main_thumb_r2.jpg", -1: "axiom-manifest.json"}
    return [
        (old, MediaFile(f"{FOLDER}/{renamed[old.representation]}", 7, "e" * 64,
                        old.representation))
        for old in rebuild_old
    ]  # fmt: skip


def test_an_artist_rebuilds_review_media_and_nothing_else_changes(
    urls: dict[str, str],
) -> None:
    with open_database(urls["ana"]) as database:
        version_id = database.run(_publish)
        # outside a rebuild: no file row and no column of the published version changes
        with pytest.raises(PermissionDeniedError, match="append-only"):
            database.run(
                lambda s: s.execute(
                    update(File).where(File.representation == -2).values(sha256="f" * 64)
                )
            )
        with pytest.raises(PermissionDeniedError):
            database.run(
                lambda s: s.execute(
                    update(Version).where(Version.id == version_id).values(proxy_path="x.mp4")
                )
            )
        rebuild = database.run(_reserve(version_id))  # type: ignore[arg-type]
        assert rebuild.author == make_url(urls["ana"]).username  # the session's login
        # inside it: still never a published content row, nor another column of the version
        with pytest.raises(PermissionDeniedError, match="append-only"):
            database.run(
                lambda s: s.execute(
                    update(File).where(File.representation == 0).values(sha256="f" * 64)
                )
            )
        with pytest.raises(PermissionDeniedError):
            database.run(
                lambda s: s.execute(
                    update(Version).where(Version.id == version_id).values(comment="changed")
                )
            )
    # another artist cannot commit ana's
    with open_database(urls["ben"]) as database, pytest.raises(PermissionDeniedError):
        database.run(
            lambda s: db.commit_rebuild(
                s,
                rebuild.id,
                _pairs(rebuild.old_files),
                proxy_path=f"{FOLDER}/main_proxy_r2.mp4",
                thumbnail_path=None,
            )  # fmt: skip
        )
    with open_database(urls["ana"]) as database:
        database.run(
            lambda s: db.commit_rebuild(
                s,
                rebuild.id,
                _pairs(rebuild.old_files),
                proxy_path=f"{FOLDER}/main_proxy_r2.mp4",
                thumbnail_path=f"{FOLDER}/main_thumb_r2.jpg",
            )  # fmt: skip
        )
        record = database.run(lambda s: repo.list_versions(s, version_id=version_id))[0]
        assert str(record.proxy).endswith("main_proxy_r2.mp4")
        assert {str(file.path).rsplit("/", 1)[1] for file in record.files} == {
            "main.mov", "main_proxy_r2.mp4", "main_thumb_r2.jpg", "axiom-manifest.json"
        }  # fmt: skip
        # the rebuild ended: its rows never change again, and no file row either
        assert not database.run(lambda s: db.fail_rebuild(s, rebuild.id, "late"))
        with pytest.raises(PermissionDeniedError, match="published: it never changes"):
            database.run(
                lambda s: s.execute(
                    update(ReviewMedia).where(ReviewMedia.id == rebuild.id).values(reason="x")
                )
            )
        with pytest.raises(PermissionDeniedError, match="append-only"):
            database.run(
                lambda s: s.execute(
                    update(File).where(File.representation == -2).values(sha256="f" * 64)
                )
            )


def test_an_artists_login_rebuilds_a_version_published_by_another_login(
    urls: dict[str, str], tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    """The whole rebuild (real media) through the triggers, as a farm worker's login."""
    with open_database(urls["admin"]) as database:  # the fixture's project, not publish_clip's
        database.run(lambda s: s.execute(delete(Project)))
    published = publish_clip(urls["admin"], tmp_path, axiom_env, frames=6)
    settings = load_settings(
        dict(axiom_env, AXIOM_LEASE_SECONDS="30"), db_url=urls["ben"],
        publish_root=published.settings.publish_root,
    )  # fmt: skip
    with open_database(urls["ben"]) as database:
        outcome = rebuild_review_media(settings, database, published.version.id, reason="ben")
        assert outcome.rebuild.author == make_url(urls["ben"]).username
        assert str(outcome.version.proxy).endswith("_proxy_r2.mp4")
        assert verify(database, settings).clean
