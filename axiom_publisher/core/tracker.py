"""What a production tracker (Kitsu, ShotGrid, ftrack) holds for a project, as AXIOM reads it.

Plain values: the tracker adapters (axiom_publisher.tracker) return them, the publish layer
compares them with the database. `id` is the tracker's own identifier (a Kitsu uuid), kept so
a later sync or a publish can name the same record on the tracker again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TrackerProject:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class TrackerSequence:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class TrackerShot:
    """A shot: frames in/out as the tracker has them (None when not set) and its handles."""

    id: str
    name: str
    sequence: str  # the sequence's name
    frame_in: int | None
    frame_out: int | None
    handle_in: int | None = None
    handle_out: int | None = None


@dataclass(frozen=True, slots=True)
class TrackerAsset:
    id: str
    name: str
    asset_type: str  # "Character", "Prop", ...


@dataclass(frozen=True, slots=True)
class TrackerTaskType:
    id: str
    name: str  # "Compositing", "Lighting", ...
    for_entity: str  # "Shot", "Asset", ...


@dataclass(frozen=True, slots=True)
class TrackerTask:
    """A task of a shot or an asset: its type, status and assignees (their e-mail addresses)."""

    id: str
    entity_id: str  # the tracker id of its shot or asset
    task_type: str
    status: str
    assignees: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TrackerSnapshot:
    """Everything a sync brings in from one tracker project, read in one go."""

    project: TrackerProject
    sequences: tuple[TrackerSequence, ...]
    shots: tuple[TrackerShot, ...]
    assets: tuple[TrackerAsset, ...]
    task_types: tuple[TrackerTaskType, ...]  # those the project's tasks use
    tasks: tuple[TrackerTask, ...]
    all_task_types: tuple[str, ...] = ()  # the name of every task type the tracker has
    people: tuple[str, ...] = ()  # every person's e-mail address and full name
