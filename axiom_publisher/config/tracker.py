"""The [tracker] section: which production tracker AXIOM talks to, and how.

    [tracker]
    kind = "kitsu"
    url = "https://kitsu.studio.example/api"
    timeout = 20                          # seconds per request
    shot_code = "{shot}"                  # or "{sequence}_{shot}" when shot names repeat
    max_attempts = 8                      # outbox: an event is dead after this many attempts
    retry_seconds = 30                    # outbox: the first retry's wait, doubled each time
    preview_max_mb = 2000                 # a bigger proxy is not uploaded (the comment says so)
    claim_seconds = 600                   # outbox: how long a drain holds the event it sends
    [tracker.tasks]                       # studio task name -> the tracker's task type
    comp = "Compositing"                  # (sync refuses a type the tracker does not have)
    roto = "Roto"
    [tracker.people]                      # studio login -> the tracker's person (e-mail)
    jdoe = "jane.doe@studio.com"
    [tracker.projects.FILM]               # AXIOM project code -> the tracker's project
    name = "Film (Kitsu)"
    [tracker.projects.FILM.tasks]         # this project's own names, over the studio's
    comp = "Comp"
    [tracker.statuses]                    # the tracker's status names (or short names) AXIOM
    publish = "Waiting For Approval"      # sets; the defaults are Kitsu's stock statuses
    approve = "Done"
    changes = "Retake"
    reject = "Retake"

Credentials never live here: they come from the environment or the OS keyring
(axiom_publisher.tracker.credentials).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from axiom_publisher.config.values import NUMBER, TEXT, WHOLE, Kind, reject_unknown, table
from axiom_publisher.core.errors import ConfigError, InvalidNameError
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.tracker_names import NameMap, TrackerNames

TRACKER_KINDS = ("kitsu",)
TRACKER_KEYS = (
    "kind",
    "url",
    "timeout",
    "shot_code",
    "max_attempts",
    "retry_seconds",
    "preview_max_mb",
    "claim_seconds",
    "projects",
    "statuses",
    "tasks",
    "people",
)
TRACKER_TYPES: Mapping[str, Kind] = {
    "kind": TEXT,
    "url": TEXT,
    "timeout": NUMBER,
    "shot_code": TEXT,
    "max_attempts": WHOLE,
    "retry_seconds": WHOLE,
    "preview_max_mb": WHOLE,
    "claim_seconds": WHOLE,
}
PROJECT_KEYS = ("name", "tasks", "people")
PROJECT_TYPES: Mapping[str, Kind] = {"name": TEXT}
STATUS_KEYS = ("publish", "approve", "changes", "reject")
STATUS_TYPES: Mapping[str, Kind] = dict.fromkeys(STATUS_KEYS, TEXT)
DEFAULT_STATUSES = {
    "publish": "Waiting For Approval",
    "approve": "Done",  # Kitsu's stock statuses: a studio maps its own in [tracker.statuses]
    "changes": "Retake",
    "reject": "Retake",
}


@dataclass(frozen=True, slots=True)
class TrackerSettings:
    """`kind` None: no tracker configured. `projects` maps AXIOM codes to tracker names."""

    kind: str | None = None
    url: str = ""
    timeout: float = 20.0
    shot_code: str = "{shot}"
    max_attempts: int = 8
    retry_seconds: int = 30
    preview_max_mb: int = 2000
    claim_seconds: int = 600  # a drain killed mid-delivery leaves its event to others after it
    projects: Mapping[str, str] = field(default_factory=dict)
    statuses: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_STATUSES))
    names: TrackerNames = field(default_factory=TrackerNames)  # [tracker.tasks] / .people

    def project_name(self, code: str) -> str:
        """The tracker's name of AXIOM project `code` (the code itself when not mapped)."""
        return self.projects.get(code, code)

    def names_for(self, code: str) -> NameMap:
        """Project `code`'s task and people mapping (its own keys over the studio's)."""
        return self.names.for_project(code)


def _names(values: Mapping[str, Any], where: str) -> NameMap:
    """[WHERE.tasks] (studio task name -> tracker task type) and [WHERE.people] (studio
    login -> tracker person) of a [tracker] or [tracker.projects.CODE] table."""
    tasks: dict[str, str] = {}
    for task, task_type in table(values.get("tasks", {}), f"{where}.tasks").items():
        try:
            validate_name(str(task), "task")
        except InvalidNameError as error:
            raise ConfigError(
                f"{where}.tasks.{task}: the key must be an AXIOM task name ({error})"
            ) from None
        if not isinstance(task_type, str) or not task_type.strip():
            raise ConfigError(
                f"{where}.tasks.{task}={task_type!r} must be the name of one of the tracker's "
                'task types (e.g. "Compositing")'
            )
        tasks[str(task)] = task_type.strip()
    people: dict[str, str] = {}
    for login, person in table(values.get("people", {}), f"{where}.people").items():
        if not isinstance(person, str) or not person.strip():
            raise ConfigError(
                f"{where}.people.{login}={person!r} must be the tracker person's e-mail "
                'address (e.g. "jane.doe@studio.com")'
            )
        people[str(login)] = person.strip()
    return NameMap(tasks=tasks, people=people)


def _whole(values: Mapping[str, Any], key: str, default: int) -> int:
    value = values.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"tracker.{key}={value!r} must be a whole number of 1 or more")
    return value


def parse_tracker_settings(raw: Any) -> TrackerSettings:
    """Validate the merged [tracker] table; errors name the key and what it accepts."""
    values = table(raw, "tracker")
    reject_unknown(values, TRACKER_KEYS, "tracker", "known")
    kind = values.get("kind")
    if kind is not None and kind not in TRACKER_KINDS:
        raise ConfigError(
            f"tracker.kind={kind!r} is not a tracker AXIOM knows; use one of {TRACKER_KINDS}"
        )
    url = str(values.get("url", "")).rstrip("/")
    if kind is not None and not url.startswith(("http://", "https://")):
        raise ConfigError(
            f"tracker.url={url!r} must be the tracker's http(s) address "
            "(e.g. https://kitsu.studio.example/api)"
        )
    timeout = values.get("timeout", 20.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ConfigError(f"tracker.timeout={timeout!r} must be a number of seconds above 0")
    shot_code = values.get("shot_code", "{shot}")
    if not isinstance(shot_code, str) or "{shot}" not in shot_code:
        raise ConfigError(
            f"tracker.shot_code={shot_code!r} must contain {{shot}} (and may use {{sequence}})"
        )
    try:
        shot_code.format(shot="sh010", sequence="sq010")
    except (KeyError, IndexError, ValueError) as error:
        raise ConfigError(
            f"tracker.shot_code={shot_code!r} may only use {{shot}} and {{sequence}}"
        ) from error
    attempts = _whole(values, "max_attempts", 8)
    retry = _whole(values, "retry_seconds", 30)
    preview_max_mb = _whole(values, "preview_max_mb", 2000)
    claim_seconds = _whole(values, "claim_seconds", 600)
    projects: dict[str, str] = {}
    project_names: dict[str, NameMap] = {}
    for code, entry in table(values.get("projects", {}), "tracker.projects").items():
        entry = table(entry, f"tracker.projects.{code}")
        reject_unknown(entry, PROJECT_KEYS, f"tracker.projects.{code}", "known")
        name = entry.get("name", code)
        if not isinstance(name, str) or not name:
            raise ConfigError(f"tracker.projects.{code}.name must be the tracker project's name")
        projects[str(code)] = name
        project_names[str(code)] = _names(entry, f"tracker.projects.{code}")
    statuses = dict(DEFAULT_STATUSES)
    status_values = table(values.get("statuses", {}), "tracker.statuses")
    reject_unknown(status_values, STATUS_KEYS, "tracker.statuses", "known")
    statuses.update({key: str(value) for key, value in status_values.items()})
    return TrackerSettings(
        kind=kind,
        url=url,
        timeout=float(timeout),
        shot_code=shot_code,
        max_attempts=attempts,
        retry_seconds=retry,
        preview_max_mb=preview_max_mb,
        claim_seconds=claim_seconds,
        projects=projects,
        statuses=statuses,
        names=TrackerNames(studio=_names(values, "tracker"), projects=project_names),
    )
