"""Versions: reserve under concurrency, leases, commit / fail, reads, dedupe, hostile text."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import (
    PathOutsideRootError,
    PublishConflictError,
    UnknownEntityError,
)
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.types import (
    EntityKind,
    PublishContext,
    PublishedFile,
    VersionStatus,
)
from axiom_publisher.db import Database, repo

FolderFor = Callable[[PublishContext], Callable[[int], str]]
T0 = datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc)
SHA = "ab" * 32


def _reserve(
    db: Database,
    context: PublishContext,
    folders: FolderFor,
    *,
    comment: str = "first pass",
    now: datetime | None = None,
    lease: int = 600,
) -> tuple[int, int]:
    return db.run(
        lambda s: repo.reserve_version(
            s,
            context,
            author="ana",
            host="nuke",
            comment=comment,
            source="/work/sh010/comp/sh010_comp_v012.nk",
            lease_seconds=lease,
            frame_range=FrameRange(1001, 1010),
            missing_frames=[1005, 1004, 1005],
            folder_for=folders(context),
            now=now,
        )
    )


def _files(folder: str, count: int = 3) -> list[PublishedFile]:
    return [
        PublishedFile(
            path=Path(f"{folder}/main.{1001 + i}.exr"),
            size=100 + i,
            sha256=f"{i:064x}",
            frame=1001 + i,
        )
        for i in range(count)
    ]


def test_reserve_and_commit_round_trip(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    version_id, number = _reserve(db, shot_context, folders)
    assert number == 1
    with db.session() as session:
        [staging] = repo.list_versions(session, version_id=version_id)
    assert staging.status is VersionStatus.STAGING
    assert staging.path == Path("demo/sh010/comp/main/v001")
    assert staging.frame_range == FrameRange(1001, 1010)
    assert staging.missing_frames == (1004, 1005)
    assert staging.source == "/work/sh010/comp/sh010_comp_v012.nk"
    assert (staging.author, staging.host, staging.comment) == ("ana", "nuke", "first pass")
    assert staging.files == ()

    files = _files("demo/sh010/comp/main/v001")
    db.run(lambda s: repo.commit_version(s, version_id, files))
    [published] = db.run(lambda s: repo.list_versions(s, status=VersionStatus.PUBLISHED))
    assert published.id == version_id and published.label == "v001"
    assert published.files == tuple(files)
    assert published.published_at is not None
    assert published.published_at.tzinfo == timezone.utc
    assert published.created_at is not None and published.created_at.tzinfo == timezone.utc
    assert db.run(lambda s: repo.version_folders(s))["demo/sh010/comp/main/v001"] == (
        version_id,
        VersionStatus.PUBLISHED,
        None,
    )
    assert _reserve(db, shot_context, folders)[1] == 2


def test_reserve_from_threads_gives_unique_consecutive_numbers(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                _, number = _reserve(db, shot_context, folders)
                with lock:
                    numbers.append(number)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert errors == []
    assert sorted(numbers) == list(range(1, 81))
    records = db.run(lambda s: repo.list_versions(s, project="demo"))
    assert [r.number for r in records] == list(range(1, 81))
    assert len({r.path for r in records}) == 80
    with db.session() as session:
        last = session.scalar(sa.text("SELECT last_version FROM product"))
    assert last == 80


def test_first_reserves_of_a_new_product_race_safely(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    """Many threads create the same product at once: one row, distinct numbers."""
    context = PublishContext("demo", "sh010", "lighting", "beauty")
    results: list[int] = []
    barrier = threading.Barrier(6)

    def worker() -> None:
        barrier.wait()
        results.append(_reserve(db, context, folders)[1])

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(results) == [1, 2, 3, 4, 5, 6]
    with db.session() as session:
        assert session.scalar(sa.text("SELECT count(*) FROM product")) == 1


def test_reserve_checks_the_entity(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    with pytest.raises(UnknownEntityError, match="sh999"):
        _reserve(db, PublishContext("demo", "sh999", "comp", "main"), folders)
    asset = PublishContext("demo", "sh010", "comp", "main", EntityKind.ASSET)
    with pytest.raises(UnknownEntityError, match="not an asset"):
        _reserve(db, asset, folders)
    with pytest.raises(PathOutsideRootError):
        db.run(
            lambda s: repo.reserve_version(
                s,
                shot_context,
                author="a",
                host="h",
                comment="",
                source=None,
                lease_seconds=60,
                frame_range=None,
                missing_frames=(),
                folder_for=lambda n: f"../escape/v{n:03d}",
            )
        )
    assert db.run(lambda s: repo.list_versions(s)) == []
    with db.session() as session:  # the failed attempts left no product behind
        assert session.scalar(sa.text("SELECT count(*) FROM product")) == 0


def test_commit_after_fail_is_a_conflict(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    version_id, _ = _reserve(db, shot_context, folders)
    assert db.run(lambda s: repo.fail_version(s, version_id, "lease expired")) is True
    with pytest.raises(PublishConflictError, match="marked failed while it was being published"):
        db.run(lambda s: repo.commit_version(s, version_id, _files("x")))
    [record] = db.run(lambda s: repo.list_versions(s, version_id=version_id))
    assert record.status is VersionStatus.FAILED
    assert record.failed_reason == "lease expired"
    assert record.files == ()
    assert db.run(lambda s: repo.fail_version(s, version_id, "again")) is False
    assert db.run(lambda s: repo.renew_lease(s, version_id, 60)) is False


def test_commit_twice_and_unknown_version(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    version_id, _ = _reserve(db, shot_context, folders)
    db.run(lambda s: repo.commit_version(s, version_id, []))
    with pytest.raises(PublishConflictError, match="already published"):
        db.run(lambda s: repo.commit_version(s, version_id, []))
    with pytest.raises(UnknownEntityError, match="4242"):
        db.run(lambda s: repo.commit_version(s, 4242, []))
    assert db.run(lambda s: repo.fail_version(s, version_id, "late")) is False


def test_commit_refuses_paths_outside_the_root(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    version_id, _ = _reserve(db, shot_context, folders)
    for bad in (Path("/abs/file.exr"), Path("a/../../b.exr"), PureWindowsPath("C:/x/y.exr")):
        item = PublishedFile(path=bad, size=1, sha256=SHA)  # type: ignore[arg-type]
        with pytest.raises(PathOutsideRootError):
            db.run(lambda s, item=item: repo.commit_version(s, version_id, [item]))
    windows = PublishedFile(path=PureWindowsPath("demo\\v001\\a.exr"), size=1, sha256=SHA)  # type: ignore[arg-type]
    db.run(lambda s: repo.commit_version(s, version_id, [windows]))
    [record] = db.run(lambda s: repo.list_versions(s, version_id=version_id))
    assert [PurePosixPath(f.path).as_posix() for f in record.files] == ["demo/v001/a.exr"]


def test_leases_renew_and_expire(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    first, _ = _reserve(db, shot_context, folders, now=T0, lease=60)
    second, _ = _reserve(db, shot_context, folders, now=T0, lease=60)
    later = T0 + timedelta(seconds=61)
    assert [r.id for r in db.run(lambda s: repo.expired_staging(s, later))] == [first, second]
    assert db.run(lambda s: repo.expired_staging(s, T0 + timedelta(seconds=59))) == []
    assert db.run(lambda s: repo.renew_lease(s, first, 120, now=T0 + timedelta(seconds=30)))
    assert [r.id for r in db.run(lambda s: repo.expired_staging(s, later, "demo"))] == [second]
    assert db.run(lambda s: repo.expired_staging(s, later, "other")) == []
    folders_seen = db.run(lambda s: repo.version_folders(s, "demo"))
    lease = folders_seen["demo/sh010/comp/main/v001"][2]
    assert lease == T0 + timedelta(seconds=150)
    assert lease is not None and lease.tzinfo == timezone.utc
    assert db.run(lambda s: repo.version_folders(s, "other")) == {}


def test_times_in_other_zones_are_stored_as_utc(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    paris = timezone(timedelta(hours=2))
    version_id, _ = _reserve(db, shot_context, folders, now=T0.astimezone(paris), lease=10)
    [record] = db.run(lambda s: repo.list_versions(s, version_id=version_id))
    assert record.created_at == T0 and record.created_at.tzinfo == timezone.utc
    with pytest.raises(ValueError, match="aware"):
        _reserve(db, shot_context, folders, now=datetime(2030, 1, 1))


def test_find_published_file_only_sees_published_versions(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    failed, _ = _reserve(db, shot_context, folders)
    db.run(lambda s: repo.fail_version(s, failed, "qc"))
    kept, _ = _reserve(db, shot_context, folders)
    assert db.run(lambda s: repo.find_published_file(s, SHA, 10)) is None
    item = PublishedFile(path=Path("demo/sh010/comp/main/v002/main.exr"), size=10, sha256=SHA)
    db.run(lambda s: repo.commit_version(s, kept, [item]))
    found = db.run(lambda s: repo.find_published_file(s, SHA.upper(), 10))
    assert found == "demo/sh010/comp/main/v002/main.exr"
    assert db.run(lambda s: repo.find_published_file(s, SHA, 11)) is None


def test_find_published_files_answers_many_hashes_in_batches(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    version_id, _ = _reserve(db, shot_context, folders)
    hashes = [f"{n:064x}" for n in range(1200)]  # more than two batches of 500
    files = [
        PublishedFile(path=Path(f"demo/v001/f.{n}.exr"), size=n, sha256=sha, frame=n)
        for n, sha in enumerate(hashes)
    ]
    db.run(lambda s: repo.commit_version(s, version_id, files))
    asked = [(sha, n) for n, sha in enumerate(hashes)] + [(hashes[3], 99), ("f" * 64, 1)]
    found = db.run(lambda s: repo.find_published_files(s, asked))
    assert len(found) == 1200
    assert found[(hashes[1100], 1100)] == "demo/v001/f.1100.exr"
    assert (hashes[3], 99) not in found, "a size mismatch is not the same content"
    assert ("f" * 64, 1) not in found


def test_list_versions_filters_orders_and_loads_files_without_n_plus_one(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    other = PublishContext("demo", "sh010", "anim", "cache")
    for context in (shot_context, other, shot_context):
        version_id, number = _reserve(db, context, folders)
        folder = folders(context)(number)
        db.run(lambda s, v=version_id, f=folder: repo.commit_version(s, v, _files(f)))
    _reserve(db, shot_context, folders)  # one staging

    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        records = db.run(lambda s: repo.list_versions(s, project="demo"))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 3  # the versions, their files, their dependencies: never one each
    assert "FROM dependency" in selects[2]
    assert [(r.task, r.product, r.number) for r in records] == [
        ("anim", "cache", 1),
        ("comp", "main", 1),
        ("comp", "main", 2),
        ("comp", "main", 3),
    ]
    assert [len(r.files) for r in records] == [3, 3, 3, 0]
    assert all(not f.path.is_absolute() for r in records for f in r.files)
    assert [r.number for r in db.run(lambda s: repo.list_versions(s, product="cache"))] == [1]
    staging = db.run(lambda s: repo.list_versions(s, status=VersionStatus.STAGING))
    assert [(r.product, r.number) for r in staging] == [("main", 3)]
    assert db.run(lambda s: repo.list_versions(s, entity="sh999")) == []


HOSTILE = [
    "'); DROP TABLE version; --",
    "Robert'); DELETE FROM product WHERE ('1'='1",
    '" OR 1=1; -- \\ %s %(x)s ? :name',
    "ünïcødé ✓ 日本語 \t tab\nnewline",
]


@pytest.mark.parametrize("comment", HOSTILE)
def test_hostile_comments_are_stored_verbatim(
    db: Database, shot_context: PublishContext, folders: FolderFor, comment: str
) -> None:
    version_id, _ = _reserve(db, shot_context, folders, comment=comment)
    db.run(lambda s: repo.fail_version(s, version_id, comment))
    [record] = db.run(lambda s: repo.list_versions(s))
    assert record.comment == comment
    assert record.failed_reason == comment
    assert _reserve(db, shot_context, folders)[1] == 2  # tables intact


def test_set_version_facts(db: Database, shot_context: PublishContext, folders: FolderFor) -> None:
    version_id, _ = _reserve(db, shot_context, folders)
    report = {"verdict": "warn", "checks": [{"name": "fps", "frames": [1001]}]}

    def record(session: Session) -> None:
        repo.set_version_facts(
            session,
            version_id,
            width=1920,
            height=1080,
            fps=24.0,
            colorspace="ACEScg",
            qc_verdict="warn",
            qc_report=report,
            proxy_path="demo/v001/proxy.mp4",
        )

    db.run(record)
    with db.session() as session:
        row = session.execute(
            sa.text("SELECT width, qc_verdict, proxy_path, thumbnail_path FROM version")
        ).one()
        assert tuple(row) == (1920, "warn", "demo/v001/proxy.mp4", None)
    db.run(lambda s: repo.commit_version(s, version_id, []))
    with pytest.raises(PublishConflictError, match="no longer staging"):
        db.run(lambda s: repo.set_version_facts(s, version_id, width=1))
