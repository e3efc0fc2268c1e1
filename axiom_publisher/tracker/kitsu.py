"""The Kitsu adapter, on Kitsu's official client `gazu` (one client per adapter, never
gazu's global one, so two trackers or two threads do not share a login).

Kitsu keeps a shot's frames in its data (`frame_in`, `frame_out`) and, by the studio
convention AXIOM reads, its handles in `handle_in` / `handle_out` metadata. Every request
has a timeout; gazu's and requests' exceptions become AXIOM's typed tracker errors whose
messages name the tracker's address (masked) and what to do, never the password (the
library's exception is dropped from the chain: its text may quote the request).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import gazu
import gazu.exception as gazu_errors
import requests

from axiom_publisher.core.errors import (
    TrackerAuthError,
    TrackerNotFoundError,
    TrackerTimeoutError,
    TrackerUnavailableError,
)
from axiom_publisher.core.outbox import MARKER_PATTERN
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.core.tracker import (
    TrackerAsset,
    TrackerProject,
    TrackerSequence,
    TrackerShot,
    TrackerSnapshot,
    TrackerTask,
    TrackerTaskType,
)
from axiom_publisher.tracker.credentials import Credentials

T = TypeVar("T")
UPLOAD_PATIENCE = 10  # an upload waits 10 x [tracker] timeout: Kitsu transcodes it first


def _frame(data: Mapping[str, Any] | None, key: str) -> int | None:
    value = (data or {}).get(key)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class KitsuTracker:
    """A logged-in connection to one Kitsu server (the API root, e.g. https://host/api)."""

    def __init__(self, url: str, client: Any, secrets: tuple[str, ...]) -> None:
        self._url = url
        self._client = client
        self._secrets = secrets
        self._credentials: Credentials | None = None  # kept to log in again after a 401
        self._statuses: dict[str, str] | None = None  # status name (lower case) -> id
        self._request: Any = None  # the session's own request method (no timeout bound)
        self._timeout = 20.0

    @contextmanager
    def _patient(self) -> Iterator[None]:
        """Requests that wait UPLOAD_PATIENCE x [tracker] timeout: Kitsu transcodes an
        uploaded movie before it answers."""
        if self._request is None:
            yield
            return
        session = self._client.session
        session.request = functools.partial(self._request, timeout=self._timeout * UPLOAD_PATIENCE)
        try:
            yield
        finally:
            session.request = functools.partial(self._request, timeout=self._timeout)

    @property
    def url(self) -> str:
        return mask_secrets(self._url, self._secrets)

    @classmethod
    def log_in(cls, url: str, credentials: Credentials, *, timeout: float) -> KitsuTracker:
        client = gazu.client.create_client(url)
        # requests has no session-wide timeout: every call of this client's session gets one.
        session = client.session
        tracker = cls(url, client, credentials.secrets)
        tracker._request = session.request
        tracker._timeout = timeout
        session.request = functools.partial(session.request, timeout=timeout)  # type: ignore[method-assign]
        tracker._credentials = credentials
        with tracker._errors("log in"):
            tracker._log_in()
        return tracker

    def _log_in(self) -> None:
        credentials, client = self._credentials, self._client
        if credentials is None:
            raise gazu_errors.NotAuthenticatedException()
        if credentials.token:
            gazu.set_token(credentials.token, client=client)  # type: ignore[no-untyped-call]
            gazu.client.get_current_user(client=client)
        else:
            gazu.log_in(credentials.user, credentials.password, client=client)  # type: ignore[no-untyped-call]

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        where = f"the Kitsu tracker {self.url}"
        try:
            yield
        except (gazu_errors.AuthFailedException, gazu_errors.NotAuthenticatedException):
            raise TrackerAuthError(
                f"{where} refused the login (401) while trying to {doing}: check "
                "AXIOM_TRACKER_USER and AXIOM_TRACKER_PASSWORD (or AXIOM_TRACKER_TOKEN)"
            ) from None
        except gazu_errors.NotAllowedException:
            raise TrackerAuthError(
                f"{where} does not allow this user to {doing} (403): ask a Kitsu "
                "administrator for access to the project"
            ) from None
        except gazu_errors.RouteNotFoundException:
            raise TrackerNotFoundError(
                f"{where} has no such record or route (404) while trying to {doing}: check "
                "[tracker] url (the API root, e.g. https://host/api) and that the record exists"
            ) from None
        except gazu_errors.ServerErrorException:
            raise TrackerUnavailableError(
                f"{where} failed with a server error (500) while trying to {doing}: try again "
                "later or ask the tracker's administrator"
            ) from None
        except requests.Timeout:
            raise TrackerTimeoutError(
                f"{where} did not answer in time while trying to {doing}: check the server, "
                "or raise [tracker] timeout"
            ) from None
        except requests.ConnectionError:
            raise TrackerUnavailableError(
                f"{where} cannot be reached while trying to {doing}: check [tracker] url and "
                "that the server is running"
            ) from None
        except (gazu_errors.GazuException, requests.RequestException, ValueError) as error:
            raise TrackerUnavailableError(
                f"{where} gave an unexpected answer while trying to {doing} "
                f"({type(error).__name__}): check [tracker] url"
            ) from None

    def _call(self, doing: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """One request; after a 401 (an expired token) the adapter logs in again ONCE and
        repeats it."""
        with self._errors(doing):
            try:
                return function(*args, client=self._client, **kwargs)
            except gazu_errors.NotAuthenticatedException:
                if self._credentials is None:
                    raise
                self._log_in()
                return function(*args, client=self._client, **kwargs)

    def find_project(self, name: str) -> TrackerProject:
        projects = self._call("list the projects", gazu.project.all_projects)
        for project in projects:
            if project.get("name") == name:
                return TrackerProject(id=str(project["id"]), name=name)
        known = ", ".join(sorted(str(p.get("name")) for p in projects)) or "none"
        raise TrackerNotFoundError(
            f"the Kitsu tracker {self.url} has no open project named {name!r} (its projects: "
            f"{known}); map the AXIOM project in [tracker.projects.CODE] name"
        )

    def snapshot(self, project: TrackerProject) -> TrackerSnapshot:
        ref = {"id": project.id}
        sequences = self._call("list sequences", gazu.shot.all_sequences_for_project, ref)
        shots = self._call("list shots", gazu.shot.all_shots_for_project, ref)
        assets = self._call("list assets", gazu.asset.all_assets_for_project, ref)
        asset_types = self._call("list asset types", gazu.asset.all_asset_types)
        task_types = self._call("list task types", gazu.task.all_task_types)
        statuses = self._call("list task statuses", gazu.task.all_task_statuses)
        persons = self._call("list people", gazu.person.all_persons)
        tasks = self._call("list tasks", gazu.task.all_tasks_for_project, ref)
        sequence_names = {s["id"]: str(s["name"]) for s in sequences}
        type_names = {t["id"]: str(t["name"]) for t in task_types}
        asset_type_names = {t["id"]: str(t["name"]) for t in asset_types}
        status_names = {s["id"]: str(s["name"]) for s in statuses}
        emails = {p["id"]: str(p.get("email") or p.get("full_name") or p["id"]) for p in persons}
        used_types = {t["task_type_id"] for t in tasks}
        return TrackerSnapshot(
            project=project,
            sequences=tuple(
                TrackerSequence(id=str(s["id"]), name=str(s["name"])) for s in sequences
            ),
            shots=tuple(
                TrackerShot(
                    id=str(s["id"]),
                    name=str(s["name"]),
                    sequence=sequence_names.get(s.get("parent_id"), ""),
                    frame_in=_frame(s.get("data"), "frame_in"),
                    frame_out=_frame(s.get("data"), "frame_out"),
                    handle_in=_frame(s.get("data"), "handle_in"),
                    handle_out=_frame(s.get("data"), "handle_out"),
                )
                for s in shots
                if not s.get("canceled")
            ),
            assets=tuple(
                TrackerAsset(
                    id=str(a["id"]),
                    name=str(a["name"]),
                    asset_type=asset_type_names.get(a.get("entity_type_id"), ""),
                )
                for a in assets
                if not a.get("canceled")
            ),
            task_types=tuple(
                TrackerTaskType(
                    id=str(t["id"]), name=str(t["name"]), for_entity=str(t.get("for_entity"))
                )
                for t in task_types
                if t["id"] in used_types
            ),
            tasks=tuple(
                TrackerTask(
                    id=str(t["id"]),
                    entity_id=str(t["entity_id"]),
                    task_type=type_names.get(t["task_type_id"], ""),
                    status=status_names.get(t.get("task_status_id"), ""),
                    assignees=tuple(sorted(emails.get(p, str(p)) for p in t.get("assignees", []))),
                )
                for t in tasks
            ),
        )

    # -- out: comments, statuses, previews ------------------------------------------------

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

    def comment_markers(self, task_id: str) -> dict[str, str]:
        comments = self._call("read the task's comments", gazu.task.all_comments_for_task, task_id)
        found: dict[str, str] = {}
        for comment in comments:
            for key in MARKER_PATTERN.findall(str(comment.get("text") or "")):
                found.setdefault(key, str(comment["id"]))
        return found

    def add_comment(
        self, task_id: str, status: str, text: str, attachments: Sequence[Path] = ()
    ) -> str:
        status_id = self._status_id(status)
        files = [str(path) for path in attachments]
        with self._patient() if files else contextlib.nullcontext():
            comment = self._call(
                "comment on the task",
                gazu.task.add_comment,
                task_id,
                status_id,
                text,
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

    def playlist_previews(self, project: TrackerProject, name: str) -> list[tuple[str, int]]:
        ref = {"id": project.id}
        found = self._call("find the playlist", gazu.playlist.get_playlist_by_name, ref, name)
        if not found:
            raise TrackerNotFoundError(
                f"the Kitsu tracker {self.url} has no playlist {name!r} in {project.name!r}"
            )
        playlist = self._call("read the playlist", gazu.playlist.get_playlist, found["id"])
        entries = []
        for entry in playlist.get("shots") or []:
            preview_id = entry.get("preview_file_id")
            if preview_id:
                preview = self._call("read a preview", gazu.files.get_preview_file, str(preview_id))
                entries.append((str(preview["task_id"]), int(preview.get("revision") or 0)))
        return entries

    def preview_status(self, preview_id: str) -> str:
        preview = self._call("read a preview", gazu.files.get_preview_file, preview_id)
        if not preview.get("file_size") and preview.get("status") == "processing":
            return "empty"  # created, its upload never finished
        return str(preview.get("status") or "")
