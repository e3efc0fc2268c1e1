"""How a studio's names map onto its tracker's: task names to task types, logins to people.

A studio calls its tasks "comp" and "roto" where Kitsu has the task types "Compositing" and
"Roto"; its artists log in as "jdoe" where Kitsu knows "jane.doe@studio.com". `NameMap` (one
project's mapping: [tracker.tasks] and [tracker.people], overridden key by key by
[tracker.projects.CODE.tasks] / .people) answers, for the sync, My tasks and the delivery:

- `is_task_of(task, task_type)`: a publish into AXIOM task `task` belongs to a tracker task of
  `task_type`. A mapped task name belongs to its mapped type only; an unmapped one keeps the
  default rule (core.my_tasks.task_name: "Compositing" publishes into task "Compositing");
- `task_for(task_type)`: the AXIOM task name a tracker task publishes into (the first studio
  name mapped to the type, else the default);
- `is_assignee(user, assignee)`: a mapped login is exactly its mapped person (so "jdoe" is
  not "jdoe@studio.com" when mapped to "jane.doe@studio.com"); an unmapped one keeps the
  default rule (the same text, or the address whose local part is the login);
- `person(user)`: the tracker person a comment is attributed to (None when not mapped).

Names are compared case-insensitively, as the default rules do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from axiom_publisher.core.my_tasks import is_assignee, is_task_of, task_name


def _folded(values: Mapping[str, str]) -> dict[str, str]:
    return {key.strip().casefold(): value.strip() for key, value in values.items()}


@dataclass(frozen=True, slots=True)
class NameMap:
    """One project's mapping (`tasks`: studio task name -> tracker task type; `people`:
    studio login -> tracker person, e.g. an e-mail address). Empty: the default rules."""

    tasks: Mapping[str, str] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)

    def task_type(self, task: str) -> str | None:
        """The tracker task type the studio's `task` is mapped to (None: not mapped)."""
        return _folded(self.tasks).get(task.strip().casefold())

    def is_task_of(self, task: str, task_type: str) -> bool:
        mapped = self.task_type(task)
        if mapped is not None:
            return mapped.casefold() == task_type.strip().casefold()
        return is_task_of(task, task_type)

    def task_for(self, task_type: str) -> str:
        """The AXIOM task name a publish into a tracker task of `task_type` uses."""
        wanted = task_type.strip().casefold()
        for task, mapped in self.tasks.items():
            if mapped.strip().casefold() == wanted:
                return task.strip()
        return task_name(task_type)

    def person(self, user: str) -> str | None:
        """The tracker person the studio's `user` is mapped to (None: not mapped)."""
        return _folded(self.people).get(user.strip().casefold())

    def is_assignee(self, user: str, assignee: str) -> bool:
        mapped = self.person(user)
        if mapped is not None:
            return bool(mapped) and mapped.casefold() == assignee.strip().casefold()
        return is_assignee(user, assignee)

    def assigned_to(self, user: str, assignees: Iterable[str]) -> bool:
        return any(self.is_assignee(user, assignee) for assignee in assignees)


DEFAULT_NAMES = NameMap()


def _over(own: Mapping[str, str], studio: Mapping[str, str]) -> dict[str, str]:
    """The project's keys first (they win), then the studio's it does not name."""
    named = {key.strip().casefold() for key in own}
    return {**own, **{k: v for k, v in studio.items() if k.strip().casefold() not in named}}


@dataclass(frozen=True, slots=True)
class TrackerNames:
    """The studio's mapping and each project's overrides ([tracker.projects.CODE])."""

    studio: NameMap = DEFAULT_NAMES
    projects: Mapping[str, NameMap] = field(default_factory=dict)

    def for_project(self, project: str) -> NameMap:
        """`project`'s mapping: its own keys over the studio's."""
        own = self.projects.get(project)
        if own is None:
            return self.studio
        return NameMap(
            tasks=_over(own.tasks, self.studio.tasks), people=_over(own.people, self.studio.people)
        )

    def people_sources(self, project: str) -> dict[str, str]:
        """Where each of `project`'s people mappings comes from: login -> its config key."""
        where = {login: f"tracker.people.{login}" for login in self.studio.people}
        own = self.projects.get(project)
        for login in own.people if own is not None else {}:
            where[login] = f"tracker.projects.{project}.people.{login}"
        return where

    def sources(self, project: str) -> dict[str, str]:
        """Where each of `project`'s task mappings comes from: studio task name -> its
        config key (`tracker.tasks.comp` or `tracker.projects.FILM.tasks.comp`)."""
        where = {task: f"tracker.tasks.{task}" for task in self.studio.tasks}
        own = self.projects.get(project)
        for task in own.tasks if own is not None else {}:
            where[task] = f"tracker.projects.{project}.tasks.{task}"
        return where
