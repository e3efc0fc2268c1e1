"""The [plugins] section: which studio plugins run, where they are found, how long they take.

    [plugins]
    folders = ["/studio/axiom/plugins"]   # every *.py there is a plugin (beside the entry points)
    disabled = ["legacy_check"]           # plugins by NAME that are not run
    timeout = 30                          # seconds a hook may run before it counts as hung

    [plugins.severity]                    # a plugin check's status, studio-wide
    "studio.naming" = "warn"

    [plugins.projects.PROJ.severity]      # ... and for one project
    "studio.naming" = "fail"

    [plugins.options.studio_naming]       # the plugin's own settings (ItemInfo.options)
    pattern = "^[a-z]+$"

Check ids and plugin names are checked against the loaded plugins when they are loaded
(publish.plugins): the config is read before any plugin is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from axiom_publisher.config.values import LIST, NUMBER, Kind, reject_unknown, table
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.qc import QCStatus

PLUGINS_KEYS = ("folders", "disabled", "timeout", "severity", "projects", "options")
PLUGINS_TYPES: Mapping[str, Kind] = {"folders": LIST, "disabled": LIST, "timeout": NUMBER}
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class PluginSettings:
    folders: tuple[Path, ...] = ()
    disabled: frozenset[str] = frozenset()
    timeout: float = DEFAULT_TIMEOUT
    severity: Mapping[str, QCStatus] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    projects: Mapping[str, Mapping[str, QCStatus]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    options: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )

    def severity_for(self, project: str | None) -> Mapping[str, QCStatus]:
        """The studio's check statuses with the project's own over them."""
        if project is None or project not in self.projects:
            return self.severity
        return MappingProxyType({**self.severity, **self.projects[project]})

    def configured_checks(self) -> set[str]:
        """Every check id the configuration names (checked against the loaded plugins)."""
        named = set(self.severity)
        for overrides in self.projects.values():
            named.update(overrides)
        return named


def _names(values: Mapping[str, Any], key: str) -> list[str]:
    raw = values.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        raise ConfigError(f"plugins.{key}={raw!r} must be a list of non-empty texts")
    return [str(v) for v in raw]


def _severity(raw: Any, where: str) -> Mapping[str, QCStatus]:
    statuses = ", ".join(status.value for status in QCStatus)
    result: dict[str, QCStatus] = {}
    for check, value in table(raw, where).items():
        try:
            result[check] = QCStatus(str(value).strip().lower())
        except ValueError:
            raise ConfigError(
                f"{where}.{check}={value!r} is not a QC status; use {statuses}"
            ) from None
    return MappingProxyType(result)


def parse_plugin_settings(raw: Any) -> PluginSettings:
    """Validate the merged [plugins] table; errors name the key."""
    values = table(raw, "plugins")
    reject_unknown(values, PLUGINS_KEYS, "plugins", "known")
    timeout = values.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError(f"plugins.timeout={timeout!r} must be a number of seconds above 0")
    projects: dict[str, Mapping[str, QCStatus]] = {}
    for code, project in table(values.get("projects", {}), "plugins.projects").items():
        where = f"plugins.projects.{code}"
        reject_unknown(table(project, where), ("severity",), where, "known")
        projects[code] = _severity(project.get("severity", {}), f"{where}.severity")
    options = {
        name: MappingProxyType(dict(table(value, f"plugins.options.{name}")))
        for name, value in table(values.get("options", {}), "plugins.options").items()
    }
    return PluginSettings(
        folders=tuple(Path(folder).expanduser() for folder in _names(values, "folders")),
        disabled=frozenset(_names(values, "disabled")),
        timeout=float(timeout),
        severity=_severity(values.get("severity", {}), "plugins.severity"),
        projects=MappingProxyType(projects),
        options=MappingProxyType(options),
    )
