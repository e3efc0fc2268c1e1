"""A playlist from the tracker's: `axiom playlist create NAME --from-tracker PLAYLIST`.

Each entry of the tracker's playlist is a preview of a task; AXIOM uploads a version's proxy
as the preview of its publish comment numbered with the version's number, so the entry is
the AXIOM version published for that tracker task (its synced task link) with that number.
Entries no AXIOM version matches (previews uploaded by hand) are reported, not guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.db import repo
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.tracker.drain import TrackerOpener, _open


@dataclass(frozen=True, slots=True)
class TrackerPlaylist:
    version_ids: list[int]  # in the tracker playlist's order
    unmatched: list[tuple[str, int]]  # (task id, revision) of entries with no AXIOM version


def tracker_playlist(
    settings: Settings,
    project: str,
    name: str,
    env: Mapping[str, str],
    opener: TrackerOpener = _open,
) -> TrackerPlaylist:
    """The AXIOM versions of the tracker playlist `name` of `project`'s tracker project."""
    if settings.tracker.kind is None:
        raise BadInputError("no tracker is configured ([tracker] kind): nothing to read from")
    tracker = opener(settings, env)
    found = tracker.find_project(settings.tracker.project_name(project))
    entries = tracker.playlist_previews(found, name)
    with open_catalog_database(settings) as database:
        records = database.run(lambda s: repo.list_versions(s, project=project))
    by_preview = {
        (r.tracker_task.tracker_id, r.number): r.id for r in records if r.tracker_task is not None
    }
    ids: list[int] = []
    unmatched: list[tuple[str, int]] = []
    for entry in entries:
        version = by_preview.get(entry)
        if version is None:
            unmatched.append(entry)
        elif version not in ids:
            ids.append(version)
    if not ids:
        raise BadInputError(
            f"none of the {len(entries)} entries of the tracker playlist {name!r} is a "
            f"version AXIOM published in {project} (sync the project and publish through AXIOM)"
        )
    return TrackerPlaylist(ids, unmatched)
