"""Layered settings.

Lowest first: packaged defaults (resources/defaults.toml) < studio file named by
AXIOM_STUDIO_CONFIG < user file (platformdirs user config folder, or AXIOM_USER_CONFIG)
< AXIOM_* environment variables < the CLI's --config FILE and flags.

With no configuration at all AXIOM runs on the embedded default: a SQLite database and a
publish root in the user's data folder (AXIOM_DATA_DIR moves that folder).
"""

from __future__ import annotations

import copy
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs

from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.qc import CHECK_IDS, AudioPolicy, QCSpec, QCStatus

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 hosts
    import tomli as tomllib

APP_NAME = "axiom-publisher"

# (section, key) -> environment variable
ENVIRONMENT = {
    ("database", "url"): "AXIOM_DB_URL",
    ("publish", "root"): "AXIOM_PUBLISH_ROOT",
    ("publish", "path_template"): "AXIOM_PATH_TEMPLATE",
    ("publish", "default_task"): "AXIOM_DEFAULT_TASK",
    ("publish", "lease_seconds"): "AXIOM_LEASE_SECONDS",
    ("publish", "dedupe_hardlinks"): "AXIOM_DEDUPE_HARDLINKS",
}


@dataclass(frozen=True, slots=True)
class QCSettings:
    """The [qc] section: thresholds, policies and severities (read-only mappings).

    `projects` holds the complete settings of each project that has a
    [qc.projects.<CODE>] table (the studio's settings with the project's overrides merged).
    """

    black_level: float = 0.02
    frozen_run: int = 3
    fps_tolerance: float = 0.01
    pixel_aspect: float | None = 1.0  # None: not checked (0 in TOML)
    audio: AudioPolicy = AudioPolicy.ANY
    naming: str = ""  # a regular expression for source names; empty: no naming rule
    min_duration: float | None = None  # seconds; None: no limit (0 in TOML)
    max_duration: float | None = None
    severity: Mapping[str, QCStatus] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    projects: Mapping[str, QCSettings] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )

    def for_project(self, project_code: str | None) -> QCSettings:
        """These settings with the overrides of `project_code` (exact code), if it has any."""
        if project_code is None:
            return self
        return self.projects.get(project_code, self)


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective configuration, with the layers it came from."""

    db_url: str
    publish_root: Path
    path_template: str
    default_task: str
    lease_seconds: int
    dedupe_hardlinks: bool
    layers: tuple[str, ...]
    qc: QCSettings = field(default_factory=QCSettings)

    @property
    def embedded(self) -> bool:
        return self.db_url.startswith("sqlite")


def data_dir(env: Mapping[str, str]) -> Path:
    """The user's data folder: the embedded database and the default publish root."""
    override = env.get("AXIOM_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_file(env: Mapping[str, str]) -> Path:
    override = env.get("AXIOM_USER_CONFIG")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError as error:
        raise ConfigError(f"the {what} {path} does not exist") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the {what} {path} is not valid TOML: {error}") from error
    except OSError as error:
        raise ConfigError(f"the {what} {path} cannot be read: {error.strerror}") from error


def _merge(base: dict[str, Any], layer: Mapping[str, Any]) -> None:
    for key, value in layer.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def _parse_bool(text: str, variable: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{variable}={text!r} is not a boolean; use true or false")


def load_settings(
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
    db_url: str | None = None,
    publish_root: Path | None = None,
) -> Settings:
    """Merge every layer into Settings. The keyword arguments are the CLI's flags."""
    env = os.environ if env is None else env
    merged: dict[str, Any] = {}
    layers = ["defaults"]
    defaults = resources.files("axiom_publisher.resources").joinpath("defaults.toml")
    _merge(merged, tomllib.loads(defaults.read_text(encoding="utf-8")))

    studio = env.get("AXIOM_STUDIO_CONFIG")
    if studio:
        _merge(merged, _read_toml(Path(studio).expanduser(), "studio config (AXIOM_STUDIO_CONFIG)"))
        layers.append(f"studio:{studio}")
    user = user_config_file(env)
    if user.is_file():
        _merge(merged, _read_toml(user, "user config"))
        layers.append(f"user:{user}")

    for (section, key), variable in ENVIRONMENT.items():
        if variable in env:
            merged.setdefault(section, {})[key] = env[variable]
            layers.append(f"env:{variable}")

    if config_file is not None:
        _merge(merged, _read_toml(config_file, "config file (--config)"))
        layers.append(f"file:{config_file}")
    if db_url:
        merged["database"]["url"] = db_url
        layers.append("flag:--db")
    if publish_root is not None:
        merged["publish"]["root"] = str(publish_root)
        layers.append("flag:--root")

    return _settings_from(merged, env, tuple(layers))


def _settings_from(
    merged: dict[str, Any], env: Mapping[str, str], layers: tuple[str, ...]
) -> Settings:
    database = merged.get("database", {})
    publish = merged.get("publish", {})
    home = data_dir(env)
    url = str(database.get("url") or "")
    if not url:
        url = f"sqlite:///{home / 'axiom.db'}"
    root_text = str(publish.get("root") or "")
    root = Path(root_text).expanduser() if root_text else home / "publish"

    lease = publish.get("lease_seconds", 600)
    try:
        lease_seconds = int(lease)
    except (TypeError, ValueError) as error:
        raise ConfigError(
            f"publish.lease_seconds={lease!r} is not a whole number of seconds"
        ) from error
    if lease_seconds < 5:
        raise ConfigError(f"publish.lease_seconds={lease_seconds} is too short; use at least 5")

    dedupe = publish.get("dedupe_hardlinks", True)
    if isinstance(dedupe, str):
        dedupe = _parse_bool(dedupe, "publish.dedupe_hardlinks")

    return Settings(
        db_url=url,
        publish_root=root.absolute(),
        path_template=str(publish.get("path_template")),
        default_task=str(publish.get("default_task") or "main"),
        lease_seconds=lease_seconds,
        dedupe_hardlinks=bool(dedupe),
        layers=layers,
        qc=parse_qc_settings(merged.get("qc", {})),
    )


# --- [qc] -------------------------------------------------------------------------------

QC_KEYS = (
    "black_level",
    "frozen_run",
    "fps_tolerance",
    "pixel_aspect",
    "audio",
    "naming",
    "min_duration",
    "max_duration",
    "severity",
    "projects",
)


def _number(raw: Mapping[str, Any], key: str, where: str, default: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}.{key}={value!r} is not a number")
    if value < 0:
        raise ConfigError(f"{where}.{key}={value!r} is negative; use 0 or more")
    return float(value)


def _optional_number(raw: Mapping[str, Any], key: str, where: str) -> float | None:
    """A non-negative number where 0 (or leaving it out) means "not checked"."""
    value = _number(raw, key, where, 0.0)
    return value or None


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table ([{where}]), not {value!r}")
    return value


def _severity(raw: Mapping[str, Any], where: str) -> Mapping[str, QCStatus]:
    statuses = ", ".join(status.value for status in QCStatus)
    result: dict[str, QCStatus] = {}
    for check_id, value in _table(raw.get("severity", {}), f"{where}.severity").items():
        key = f"{where}.severity.{check_id}"
        if check_id not in CHECK_IDS:
            raise ConfigError(f"{key} is not a QC check; valid checks: {', '.join(CHECK_IDS)}")
        try:
            result[check_id] = QCStatus(str(value).strip().lower())
        except ValueError:
            raise ConfigError(f"{key}={value!r} is not a QC status; use {statuses}") from None
    return MappingProxyType(result)


def _qc_values(raw: Mapping[str, Any], where: str) -> QCSettings:
    unknown = sorted(set(raw) - set(QC_KEYS))
    if unknown:
        raise ConfigError(
            f"{where}.{unknown[0]} is not a QC setting; valid keys: {', '.join(QC_KEYS)}"
        )
    black_level = _number(raw, "black_level", where, 0.02)
    if black_level > 1:
        raise ConfigError(f"{where}.black_level={black_level!r} is above 1; use 0 to 1")
    frozen_run = raw.get("frozen_run", 3)
    if isinstance(frozen_run, bool) or not isinstance(frozen_run, int) or frozen_run < 1:
        raise ConfigError(f"{where}.frozen_run={frozen_run!r} is not a whole number of frames >= 1")

    audio = raw.get("audio", "any")
    try:
        policy = AudioPolicy(str(audio).strip().lower())
    except ValueError:
        policies = ", ".join(policy.value for policy in AudioPolicy)
        raise ConfigError(
            f"{where}.audio={audio!r} is not an audio policy; use {policies}"
        ) from None

    naming = raw.get("naming", "")
    if not isinstance(naming, str):
        raise ConfigError(f"{where}.naming={naming!r} must be a string (a regular expression)")
    try:
        re.compile(naming)
    except re.error as error:
        raise ConfigError(
            f"{where}.naming={naming!r} is not a valid regular expression: {error}"
        ) from None

    min_duration = _optional_number(raw, "min_duration", where)
    max_duration = _optional_number(raw, "max_duration", where)
    if min_duration is not None and max_duration is not None and min_duration > max_duration:
        raise ConfigError(
            f"{where}.min_duration={min_duration:g} is above {where}.max_duration={max_duration:g}"
        )
    return QCSettings(
        black_level=black_level,
        frozen_run=frozen_run,
        fps_tolerance=_number(raw, "fps_tolerance", where, 0.01),
        pixel_aspect=_optional_number(raw, "pixel_aspect", where),
        audio=policy,
        naming=naming,
        min_duration=min_duration,
        max_duration=max_duration,
        severity=_severity(raw, where),
    )


def parse_qc_settings(raw: Any) -> QCSettings:
    """Validate the merged [qc] table; each [qc.projects.<CODE>] is merged over the rest.

    Raises ConfigError naming the key and the values it accepts.
    """
    table = _table(raw, "qc")
    studio = {key: value for key, value in table.items() if key != "projects"}
    projects: dict[str, QCSettings] = {}
    for code, overrides in _table(table.get("projects", {}), "qc.projects").items():
        where = f"qc.projects.{code}"
        overrides = _table(overrides, where)
        if "projects" in overrides:
            raise ConfigError(f"{where}.projects is not allowed: projects do not nest")
        merged = copy.deepcopy(studio)
        _merge(merged, overrides)
        projects[code] = _qc_values(merged, where)
    base = _qc_values(studio, "qc")
    return QCSettings(
        black_level=base.black_level,
        frozen_run=base.frozen_run,
        fps_tolerance=base.fps_tolerance,
        pixel_aspect=base.pixel_aspect,
        audio=base.audio,
        naming=base.naming,
        min_duration=base.min_duration,
        max_duration=base.max_duration,
        severity=base.severity,
        projects=MappingProxyType(projects),
    )


def qc_settings_for(settings: Settings, project_code: str | None) -> QCSettings:
    """The QC settings of a project: the [qc] section with its [qc.projects.<CODE>] merged."""
    return settings.qc.for_project(project_code)


def build_spec(
    qc: QCSettings,
    *,
    width: int | None,
    height: int | None,
    fps: float | None,
    colorspace: str | None,
    frame_range: FrameRange | None,
) -> QCSpec:
    """The QCSpec of a project (targets from the database) under these QC settings.

    `frame_range` is the shot's cut range plus handles, None when there is no shot range.
    """
    return QCSpec(
        width=width,
        height=height,
        fps=fps,
        fps_tolerance=qc.fps_tolerance,
        pixel_aspect=qc.pixel_aspect,
        colorspace=colorspace,
        frame_range=frame_range,
        audio=qc.audio,
        naming_pattern=qc.naming or None,
        min_duration=qc.min_duration,
        max_duration=qc.max_duration,
        black_level=qc.black_level,
        frozen_run=qc.frozen_run,
        severity=dict(qc.severity),
    )
