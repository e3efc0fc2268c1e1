"""Repository functions for version dependencies: a render made from a work-file version.

A dependency row says `version_id` was made from `depends_on_version_id` (`kind`, e.g.
"workfile"). Rows are written in the transaction that marks the version published, and
only ever point at published versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import BadInputError, UnknownEntityError
from axiom_publisher.core.types import VersionStatus
from axiom_publisher.db.models import Dependency, Version
from axiom_publisher.db.versions import describe_version


def check_dependencies(session: Session, version_ids: Sequence[int]) -> None:
    """Refuse ids that name no version or a version that is not published (yet)."""
    wanted = sorted(set(version_ids))
    if not wanted:
        return
    rows = session.execute(select(Version.id, Version.status).where(Version.id.in_(wanted)))
    statuses = {version_id: status for version_id, status in rows}
    unknown = [str(version_id) for version_id in wanted if version_id not in statuses]
    if unknown:
        raise UnknownEntityError(
            f"cannot depend on version id {', '.join(unknown)}: there is no such version"
        )
    for version_id in wanted:
        status = statuses[version_id]
        if status != VersionStatus.PUBLISHED.value:
            raise BadInputError(
                f"cannot depend on {describe_version(session, version_id)}: it is {status}, "
                "and only published versions can be depended on"
            )


def add_dependencies(
    session: Session, version_id: int, depends_on: Iterable[int], kind: str
) -> None:
    """Record that `version_id` was made from each of `depends_on` (duplicates ignored)."""
    targets = sorted(set(depends_on))
    if version_id in targets:
        raise BadInputError(f"version id {version_id} cannot depend on itself")
    if targets:
        rows = [
            {"version_id": version_id, "depends_on_version_id": target, "kind": kind}
            for target in targets
        ]
        session.execute(insert(Dependency), rows)


def dependencies_of(session: Session, version_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """For each version id that has any, the ids it depends on, ascending (one query per 500)."""
    ids = sorted(set(version_ids))
    found: dict[int, list[int]] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Dependency.version_id, Dependency.depends_on_version_id)
            .where(Dependency.version_id.in_(ids[start : start + 500]))
            .order_by(Dependency.version_id, Dependency.depends_on_version_id)
        )
        for version_id, target in rows:
            if target not in found.setdefault(version_id, []):
                found[version_id].append(target)
    return {version_id: tuple(targets) for version_id, targets in found.items()}


def published_at_folders(session: Session, folders: Sequence[str]) -> dict[str, int]:
    """The published versions whose root-relative folder is one of `folders`, by folder."""
    wanted = sorted(set(folders))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(Version.path, Version.id).where(
                Version.path.in_(wanted[start : start + 500]),
                Version.status == VersionStatus.PUBLISHED.value,
            )
        )
        found.update({str(path): int(version_id) for path, version_id in rows})
    return found


def links_of(session: Session, version_id: int, reverse: bool) -> list[tuple[int, str]]:
    """(version id, kind) of what `version_id` was made from, or (`reverse`) of the
    versions made from it, by id."""
    mine, theirs = (
        (Dependency.depends_on_version_id, Dependency.version_id)
        if reverse
        else (Dependency.version_id, Dependency.depends_on_version_id)
    )
    rows = session.execute(
        select(theirs, Dependency.kind).where(mine == version_id).order_by(theirs, Dependency.kind)
    )
    return [(int(other), str(kind)) for other, kind in rows]


def newest_published(session: Session, version_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """For each of `version_ids` that has a newer published version of its product: that
    newest version's (id, number)."""
    ids = sorted(set(version_ids))
    if not ids:
        return {}
    mine = (
        select(Version.id, Version.product_id, Version.number).where(Version.id.in_(ids)).subquery()
    )
    rows = session.execute(
        select(mine.c.id, Version.id, Version.number)
        .join(Version, Version.product_id == mine.c.product_id)
        .where(Version.status == VersionStatus.PUBLISHED.value, Version.number > mine.c.number)
        .order_by(mine.c.id, Version.number)
    )
    newest: dict[int, tuple[int, int]] = {}
    for version_id, newer_id, number in rows:
        newest[int(version_id)] = (int(newer_id), int(number))  # ascending: the last wins
    return newest
