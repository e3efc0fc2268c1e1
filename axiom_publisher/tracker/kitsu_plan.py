"""The Kitsu adapter's reads: a project's plan (sequences, shots, assets, task types, tasks
with assignees) and a playlist's entries.

Kitsu keeps a shot's frames in its data (`frame_in`, `frame_out`) and, by the studio
convention AXIOM reads, its handles in `handle_in` / `handle_out` metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import gazu

from axiom_publisher.core.errors import TrackerNotFoundError
from axiom_publisher.core.tracker import (
    TrackerAsset,
    TrackerProject,
    TrackerSequence,
    TrackerShot,
    TrackerSnapshot,
    TrackerTask,
    TrackerTaskType,
)
from axiom_publisher.tracker.kitsu_session import KitsuSession

PERSON_KEYS = ("email", "full_name")  # how a [tracker.people] entry may name a person


def _frame(data: Mapping[str, Any] | None, key: str) -> int | None:
    value = (data or {}).get(key)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _shot(shot: Mapping[str, Any], sequence_names: Mapping[Any, str]) -> TrackerShot:
    data = shot.get("data")
    return TrackerShot(
        id=str(shot["id"]),
        name=str(shot["name"]),
        sequence=sequence_names.get(shot.get("parent_id"), ""),
        frame_in=_frame(data, "frame_in"),
        frame_out=_frame(data, "frame_out"),
        handle_in=_frame(data, "handle_in"),
        handle_out=_frame(data, "handle_out"),
    )


class KitsuPlanReader(KitsuSession):
    """What `axiom tracker sync` and `axiom playlist create --from-tracker` read."""

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
            shots=tuple(_shot(s, sequence_names) for s in shots if not s.get("canceled")),
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
            all_task_types=tuple(sorted(set(type_names.values()))),
            people=tuple(sorted({str(p[k]) for p in persons for k in PERSON_KEYS if p.get(k)})),
        )

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
