"""The interface every tracker adapter implements (Kitsu now; ShotGrid or ftrack later).

Core values in, core values out: no Qt, no SQLAlchemy, no client library types. Each method
raises the typed AXIOM errors (TrackerUnavailableError, TrackerTimeoutError,
TrackerAuthError, TrackerNotFoundError) with the tracker's address, masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from axiom_publisher.core.tracker import TrackerProject, TrackerSnapshot


class Tracker(Protocol):
    @property
    def url(self) -> str:
        """The tracker's address, safe to show (no credentials in it)."""
        ...

    def find_project(self, name: str) -> TrackerProject:
        """The project called `name` (TrackerNotFoundError when there is none)."""
        ...

    def snapshot(self, project: TrackerProject) -> TrackerSnapshot:
        """Sequences, shots, assets, task types and tasks (with assignees) of `project`."""
        ...

    # -- out: what the outbox delivers (publish/tracker/deliver.py) ----------------------

    def comment_markers(self, task_id: str) -> dict[str, str]:
        """The AXIOM event markers found in the task's comments (core.outbox.event_marker):
        marker key -> comment id. TrackerNotFoundError when the task is gone."""
        ...

    def add_comment(
        self,
        task_id: str,
        status: str,
        text: str,
        attachments: Sequence[Path] = (),
        author: str | None = None,
    ) -> str:
        """Comment on the task, setting its status (the tracker's status NAME), with the
        files `attachments` (e.g. annotated stills); the new comment's id. `author`: the
        tracker person (e-mail address) to attribute it to where the tracker lets the API
        user do so (else, or when the tracker has no such person, it is the API user's).
        TrackerNotFoundError for a task or status the tracker lacks."""
        ...

    def comment_attachments(self, task_id: str, comment_id: str) -> list[str]:
        """The file names of the attachments of a comment (empty when none)."""
        ...

    def add_attachments(self, task_id: str, comment_id: str, files: Sequence[Path]) -> None:
        """Attach more files to an existing comment."""
        ...

    def comment_previews(self, task_id: str, comment_id: str) -> list[str]:
        """The ids of the previews attached to a comment (empty when none)."""
        ...

    def add_preview(
        self,
        task_id: str,
        comment_id: str,
        movie: Path,
        revision: int,
        preview_id: str | None = None,
    ) -> str:
        """Upload `movie` as a preview of the comment, numbered `revision` (into the
        comment's existing `preview_id` when an earlier upload did not finish), and make it
        the task entity's thumbnail; the preview's id."""
        ...

    def playlist_previews(self, project: TrackerProject, name: str) -> list[tuple[str, int]]:
        """The (task id, preview revision) of each entry of the project's playlist `name`,
        in the playlist's order (entries without a preview are left out);
        TrackerNotFoundError when the project has no such playlist."""
        ...

    def preview_status(self, preview_id: str) -> str:
        """The tracker's processing state of a preview (Kitsu: processing, ready, broken;
        "empty" when its upload never finished)."""
        ...
