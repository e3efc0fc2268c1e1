"""Builds a Kitsu project through gazu, as the admin of the test run's zou."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import gazu

from tests.tracker.zou_server import ZouServer

SEQUENCES = ("sq010", "sq020", "sq030")
TASK_TYPES = ("Compositing", "Lighting")


@dataclass
class KitsuFilm:
    client: Any
    project: dict[str, Any]
    name: str
    shots: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> shot
    assignees: dict[str, tuple[str, ...]] = field(default_factory=dict)  # task id -> emails


def admin_client(zou: ZouServer) -> Any:
    client = gazu.client.create_client(zou.url)
    gazu.log_in(zou.email, zou.password, client=client)  # type: ignore[no-untyped-call]
    return client


def build_film(zou: ZouServer) -> KitsuFilm:
    """3 sequences x 10 shots (frames 1001-10xx, handles 8/12) x 2 tasks with assignees."""
    client = admin_client(zou)
    tag = uuid.uuid4().hex[:8]
    name = f"Film {tag}"
    project = gazu.project.new_project(name, client=client)
    types = {t["name"]: t for t in gazu.task.all_task_types(client=client)}
    people = [
        gazu.person.new_person("Artist", f"{n}", f"artist{n}.{tag}@axiom-tests.org", client=client)
        for n in range(3)
    ]
    film = KitsuFilm(client=client, project=project, name=name)
    for s, sequence_name in enumerate(SEQUENCES):
        sequence = gazu.shot.new_sequence(project, sequence_name, client=client)
        for n in range(10):
            code = f"s{s + 1}sh{(n + 1) * 10:03d}"
            shot = gazu.shot.new_shot(
                project,
                sequence,
                code,
                frame_in=1001,
                frame_out=1001 + 20 + n,
                data={"handle_in": 8, "handle_out": 12 if n == 0 else 8},
                client=client,
            )
            film.shots[code] = shot
            for t, task_type in enumerate(TASK_TYPES):
                who = [people[(n + t) % 3]] + ([people[(n + t + 1) % 3]] if n == 9 else [])
                task = gazu.task.new_task(shot, types[task_type], assignees=who, client=client)
                film.assignees[task["id"]] = tuple(sorted(p["email"] for p in who))
    return film
