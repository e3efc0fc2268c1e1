"""Guess the publish context of a DCC scene from its path.

`/jobs/proj/shots/sh010/comp/work/sh010_comp_v003.nk` -> proj / sh010 / comp: a folder
named like a project of the database, then a shot or asset of that project named by a
folder below it or a token of the file name, then the first word after it that is not a
folder convention (`work`, `scenes`, ...) or a version (`v003`) as the task. Reads the
database: call it in a worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from axiom_publisher.core.errors import InvalidNameError
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.types import EntityKind, EntitySpec
from axiom_publisher.db import Database
from axiom_publisher.publish import catalog

# Folder names of studio layouts and DCC projects that never name a task.
NOT_TASKS = frozenset(
    {
        "work", "works", "wip", "scenes", "scene", "scripts", "script", "nuke", "maya",
        "houdini", "hip", "renders", "render", "images", "output", "publish", "cache",
        "caches", "shots", "shot", "assets", "asset", "sequences", "seq", "users", "user",
        "comp_work", "data", "tmp", "temp", "files", "project", "projects", "jobs", "job",
    }
)  # fmt: skip
_VERSION = re.compile(r"^v\d+$", re.IGNORECASE)
_TOKEN = re.compile(r"[._\-\s]+")
# A shot or asset is a better guess than the sequence that holds it.
_KIND_RANK = {EntityKind.SHOT: 0, EntityKind.ASSET: 0, EntityKind.SEQUENCE: 1}


@dataclass(frozen=True, slots=True)
class GuessedContext:
    project: str
    entity: str
    kind: EntityKind
    task: str | None = None


def path_words(scene: PurePath) -> list[str]:
    """The scene's folders, then the tokens of its file name without extension."""
    folders = [part for part in scene.parent.parts if part not in (scene.anchor, "")]
    stem = scene.name.split(".", 1)[0]
    return folders + [token for token in _TOKEN.split(stem) if token]


def _task_after(words: list[str], start: int, entity: str) -> str | None:
    for word in words[start:]:
        lowered = word.lower()
        if lowered in NOT_TASKS or _VERSION.match(word) or word == entity:
            continue
        try:
            validate_name(word, "task")
        except InvalidNameError:
            continue
        return word
    return None


def guess_from_words(
    words: list[str], projects: list[str], entities: dict[str, list[EntitySpec]]
) -> GuessedContext | None:
    """The context `words` (from path_words) name, given the known projects and entities."""
    found: GuessedContext | None = None
    best: tuple[int, int] | None = None
    for index, word in enumerate(words):
        if word not in projects:
            continue
        for entity in entities.get(word, []):
            after = [i for i in range(index + 1, len(words)) if words[i] == entity.code]
            if not after:
                continue
            position = after[0]
            rank = (_KIND_RANK[entity.kind], -position)
            if best is None or rank < best:
                best = rank
                task = _task_after(words, position + 1, entity.code)
                found = GuessedContext(word, entity.code, entity.kind, task)
    return found


def guess_context(database: Database, scene: PurePath) -> GuessedContext | None:
    """The project / shot-or-asset / task the scene's path names, or None."""
    words = path_words(scene)
    projects = [spec.code for spec in catalog.list_projects(database) if spec.code in words]
    entities = {code: catalog.list_entities(database, code) for code in projects}
    return guess_from_words(words, projects, entities)
