"""A reservation carries the client's token: reserving again with it (the retry after a
lost COMMIT reply) returns the same version and takes no new number (issue 12)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from axiom_publisher.core.errors import PublishConflictError
from axiom_publisher.core.types import PublishContext
from axiom_publisher.db import Database, repo
from axiom_publisher.db.models import Product, Version

FolderFor = Callable[[PublishContext], Callable[[int], str]]


def _reserve(
    db: Database, context: PublishContext, folders: FolderFor, token: str | None, lease: int = 60
) -> tuple[int, int]:
    return db.run(
        lambda s: repo.reserve_version(
            s,
            context,
            author="ana",
            host="nuke",
            comment="",
            source=None,
            lease_seconds=lease,
            frame_range=None,
            missing_frames=[],
            folder_for=folders(context),
            token=token,
        )
    )


def _rows(db: Database) -> list[tuple[int, str, str | None]]:
    with db.session() as session:
        return [
            (row.number, row.status, row.reservation_token)
            for row in session.execute(
                sa.select(Version.number, Version.status, Version.reservation_token).order_by(
                    Version.id
                )
            )
        ]


def test_reserving_again_with_the_token_returns_the_same_version(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    first = _reserve(db, shot_context, folders, "t" * 32, lease=60)
    with db.session() as session:
        expires = session.scalars(sa.select(Version.lease_expires_at)).one()
    again = _reserve(db, shot_context, folders, "t" * 32, lease=3600)
    assert again == first == (first[0], 1)
    assert _rows(db) == [(1, "staging", "t" * 32)]
    with db.session() as session:
        assert session.scalars(sa.select(Product.last_version)).one() == 1
        renewed = session.scalars(sa.select(Version.lease_expires_at)).one()
    assert expires is not None and renewed is not None and renewed > expires
    # another token, or none (older callers), takes the next number as before
    assert _reserve(db, shot_context, folders, "u" * 32)[1] == 2
    assert _reserve(db, shot_context, folders, None)[1] == 3
    assert _reserve(db, shot_context, folders, None)[1] == 4
    assert [number for number, _, _ in _rows(db)] == [1, 2, 3, 4]


def test_a_token_of_a_finished_or_other_version_is_a_conflict(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    version_id, _ = _reserve(db, shot_context, folders, "f" * 32)
    db.run(lambda s: repo.fail_version(s, version_id, "broken"))
    with pytest.raises(PublishConflictError, match="failed"):
        _reserve(db, shot_context, folders, "f" * 32)
    _reserve(db, shot_context, folders, "o" * 32)
    other = dataclasses.replace(shot_context, product="other")
    with pytest.raises(PublishConflictError, match="staging"):
        _reserve(db, other, folders, "o" * 32)
    assert _rows(db) == [(1, "failed", "f" * 32), (2, "staging", "o" * 32)]


def test_two_versions_never_share_a_token(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    _reserve(db, shot_context, folders, "d" * 32)
    _reserve(db, shot_context, folders, None)
    with pytest.raises(sa.exc.IntegrityError):
        db.run(
            lambda s: s.execute(
                sa.update(Version).values(reservation_token="d" * 32).where(Version.number == 2)
            )
        )
    assert _rows(db) == [(1, "staging", "d" * 32), (2, "staging", None)]
