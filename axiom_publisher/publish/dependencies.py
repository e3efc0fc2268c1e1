"""What uses what: the published versions a scene loads become inputs of what is published
from it, and `axiom deps` / the Review tab answer "what does this use" and "what uses this".

A loaded path is matched to a version by its folder: the longest root-relative prefix of the
path that is a published version's folder (so `plate.####.exr`, `%04d` patterns and files
deep inside a version all match, whatever the path template).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from axiom_publisher.config import Settings
from axiom_publisher.core.dependency import Dependencies, DependencyLink
from axiom_publisher.core.host import INPUT_DEPENDENCY
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.db import Database, Session, repo
from axiom_publisher.publish.database import open_catalog_database

MAX_DEPTH = 8  # work files of work files: far more than any pipeline chains


def _relative(root: Path, path: str) -> PurePosixPath | None:
    """`path` relative to the publish root (as given, then with links resolved), if inside."""
    given = Path(os.path.normpath(os.path.expanduser(path)))
    for candidate, base in ((given, root), (given.resolve(), root.resolve())):
        try:
            return PurePosixPath(candidate.relative_to(base).as_posix())
        except ValueError:
            continue
    return None


def input_versions(settings: Settings, database: Database, paths: Iterable[str]) -> tuple[int, ...]:
    """The published versions that `paths` (files a scene loads) lie in; paths outside the
    publish root (a work file, a library texture) are not inputs."""
    local = (settings.roots.local(p) for p in paths if p)  # a scene's paths: any platform's
    relatives = [r for r in (_relative(settings.publish_root, p) for p in local) if r]
    candidates = {str(parent) for r in relatives for parent in r.parents if str(parent) != "."}
    if not candidates:
        return ()
    found = database.run(lambda s: repo.published_at_folders(s, sorted(candidates)))
    versions = set()
    for relative in relatives:
        for parent in relative.parents:  # the deepest first
            if str(parent) in found:
                versions.add(found[str(parent)])
                break
    return tuple(sorted(versions))


def full_name(record: VersionRecord) -> str:
    """project/entity/task/product/vNNN, the name `axiom deps` and `review` accept."""
    return f"{record.project}/{record.entity}/{record.task}/{record.product}/{record.label}"


def _walk(session: Session, start: int, reverse: bool) -> list[tuple[int, str, int]]:
    """(id, kind, depth) reached from `start`: forward, its inputs and work file, and
    theirs through work files; reverse, everything made from it, transitively."""
    found: dict[int, tuple[str, int]] = {}
    frontier = [start]
    for depth in range(1, MAX_DEPTH + 1):
        following = []
        for version_id in frontier:
            for other, kind in repo.links_of(session, version_id, reverse):
                if other == start or other in found:
                    continue
                found[other] = (kind, depth)
                # Forward, only a work file is followed: its inputs are the render's too.
                if reverse or kind != INPUT_DEPENDENCY:
                    following.append(other)
        frontier = following
        if not frontier:
            break
    return [(version_id, kind, depth) for version_id, (kind, depth) in found.items()]


def _newer(record: VersionRecord, newest: dict[int, tuple[int, int]]) -> str | None:
    if record.id not in newest:
        return None
    return full_name(record).rsplit("/", 1)[0] + f"/v{newest[record.id][1]:03d}"


def _links(session: Session, reached: list[tuple[int, str, int]]) -> tuple[DependencyLink, ...]:
    newest = repo.newest_published(session, [version_id for version_id, _, _ in reached])
    links = []
    for version_id, kind, depth in reached:
        record = repo.get_version(session, version_id)
        newer = _newer(record, newest)
        links.append(DependencyLink(version_id, full_name(record), kind, depth, newer))
    return tuple(sorted(links, key=lambda link: (link.depth, link.name)))


def dependencies(settings: Settings, version_id: int) -> Dependencies:
    """What `version_id` uses and what uses it (UnknownEntityError when there is none)."""

    def read(session: Session) -> Dependencies:
        record = repo.get_version(session, version_id)
        return Dependencies(
            version_id,
            full_name(record),
            uses=_links(session, _walk(session, version_id, reverse=False)),
            used_by=_links(session, _walk(session, version_id, reverse=True)),
            newer=_newer(record, repo.newest_published(session, [version_id])),
        )

    with open_catalog_database(settings) as database:
        return database.run(read)
