"""The Kitsu adapter's writes, for the outbox's delivery (publish/tracker/deliver.py):
comments with a status (attributed to a mapped person when the API user may), their
attachments and the previews (uploaded, then made the task's thumbnail)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

import gazu

from axiom_publisher.core.errors import TrackerNotFoundError
from axiom_publisher.core.outbox import MARKER_PATTERN
from axiom_publisher.tracker.kitsu_session import KitsuSession


class KitsuWriter(KitsuSession):
    """Comments, statuses, attachments and previews on a Kitsu task."""

    def _status_id(self, name: str) -> str:
        if self._statuses is None:
            statuses = self._call("list task statuses", gazu.task.all_task_statuses)
            self._statuses = {}
            for status in statuses:
                for label in (status.get("short_name"), status.get("name")):
                    if label:
                        self._statuses[str(label).lower()] = str(status["id"])
        found = self._statuses.get(name.lower())
        if found is None:
            raise TrackerNotFoundError(
                f"the Kitsu tracker {self.url} has no task status {name!r}: set [tracker."
                "statuses] to names (or short names) Kitsu has, then Retry"
            )
        return found

    def _person_id(self, person: str) -> str | None:
        """The id of the Kitsu person with this e-mail address (or full name); None when
        Kitsu has none (the comment is then the API user's)."""
        if self._people is None:
            people = self._call("list people", gazu.person.all_persons)
            self._people = {}
            for record in people:
                for label in (record.get("full_name"), record.get("email")):
                    if label:
                        self._people[str(label).strip().lower()] = str(record["id"])
        return self._people.get(person.strip().lower())

    def comment_markers(self, task_id: str) -> dict[str, str]:
        comments = self._call("read the task's comments", gazu.task.all_comments_for_task, task_id)
        found: dict[str, str] = {}
        for comment in comments:
            for key in MARKER_PATTERN.findall(str(comment.get("text") or "")):
                found.setdefault(key, str(comment["id"]))
        return found

    def add_comment(
        self,
        task_id: str,
        status: str,
        text: str,
        attachments: Sequence[Path] = (),
        author: str | None = None,
    ) -> str:
        status_id = self._status_id(status)
        person = self._person_id(author) if author else None
        files = [str(path) for path in attachments]
        with self._patient() if files else contextlib.nullcontext():
            comment = self._call(
                "comment on the task",
                gazu.task.add_comment,
                task_id,
                status_id,
                text,
                person={"id": person} if person else None,
                attachments=files or None,
            )
        return str(comment["id"])

    def comment_attachments(self, task_id: str, comment_id: str) -> list[str]:
        comment = self._call("read a comment", gazu.task.get_comment, comment_id)
        found = []
        for attachment in comment.get("attachment_files") or []:
            if not isinstance(attachment, dict):  # an id only: read its record
                attachment = self._call(
                    "read an attachment", gazu.files.get_attachment_file, str(attachment)
                )
            found.append(str(attachment.get("name") or ""))
        return found

    def add_attachments(self, task_id: str, comment_id: str, files: Sequence[Path]) -> None:
        with self._patient():
            self._call(
                "attach files to a comment",
                gazu.task.add_attachment_files_to_comment,
                task_id,
                comment_id,
                [str(path) for path in files],
            )

    def comment_previews(self, task_id: str, comment_id: str) -> list[str]:
        comment = self._call("read a comment", gazu.task.get_comment, comment_id)
        previews = comment.get("previews") or []
        return [str(p["id"] if isinstance(p, dict) else p) for p in previews]

    def add_preview(
        self,
        task_id: str,
        comment_id: str,
        movie: Path,
        revision: int,
        preview_id: str | None = None,
    ) -> str:
        if preview_id is None:
            preview = self._call(
                "create a preview",
                gazu.task.create_preview,
                task_id,
                {"id": comment_id},
                revision=revision,
            )
            preview_id = str(preview["id"])
        with self._patient():
            self._call("upload the preview", gazu.task.upload_preview_file, preview_id, str(movie))
        self._call("set the task's thumbnail", gazu.task.set_main_preview, preview_id)
        return preview_id

    def preview_status(self, preview_id: str) -> str:
        preview = self._call("read a preview", gazu.files.get_preview_file, preview_id)
        if not preview.get("file_size") and preview.get("status") == "processing":
            return "empty"  # created, its upload never finished
        return str(preview.get("status") or "")
