"""The [qc] section: QC thresholds, policies and severities, per studio and per project."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from axiom_publisher.config.values import (
    NUMBER,
    TEXT,
    WHOLE,
    Kind,
    merge,
    number,
    optional_number,
    reject_unknown,
    table,
)
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import DEFAULT_FROZEN_THRESHOLD
from axiom_publisher.core.qc import CHECK_IDS, AudioPolicy, QCSpec, QCStatus


@dataclass(frozen=True, slots=True)
class QCSettings:
    """The [qc] section: thresholds, policies and severities (read-only mappings).

    `projects` holds the complete settings of each project that has a
    [qc.projects.<CODE>] table (the studio's settings with the project's overrides merged).
    """

    black_level: float = 0.02
    frozen_run: int = 3
    frozen_threshold: float = DEFAULT_FROZEN_THRESHOLD  # lossy media; 0: identical frames only
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


QC_KEYS = (
    "black_level",
    "frozen_run",
    "frozen_threshold",
    "fps_tolerance",
    "pixel_aspect",
    "audio",
    "naming",
    "min_duration",
    "max_duration",
    "severity",
    "projects",
)
QC_TYPES: Mapping[str, Kind] = {
    "black_level": NUMBER,
    "frozen_run": WHOLE,
    "frozen_threshold": NUMBER,
    "fps_tolerance": NUMBER,
    "pixel_aspect": NUMBER,
    "audio": TEXT,
    "naming": TEXT,
    "min_duration": NUMBER,
    "max_duration": NUMBER,
}


def _severity(raw: Mapping[str, Any], where: str) -> Mapping[str, QCStatus]:
    statuses = ", ".join(status.value for status in QCStatus)
    result: dict[str, QCStatus] = {}
    for check_id, value in table(raw.get("severity", {}), f"{where}.severity").items():
        key = f"{where}.severity.{check_id}"
        if check_id not in CHECK_IDS:
            raise ConfigError(f"{key} is not a QC check; valid checks: {', '.join(CHECK_IDS)}")
        try:
            result[check_id] = QCStatus(str(value).strip().lower())
        except ValueError:
            raise ConfigError(f"{key}={value!r} is not a QC status; use {statuses}") from None
    return MappingProxyType(result)


def _qc_values(raw: Mapping[str, Any], where: str) -> QCSettings:
    reject_unknown(raw, QC_KEYS, where, "QC")
    black_level = number(raw, "black_level", where, 0.02)
    if black_level > 1:
        raise ConfigError(f"{where}.black_level={black_level!r} is above 1; use 0 to 1")
    frozen_run = raw.get("frozen_run", 3)
    if isinstance(frozen_run, bool) or not isinstance(frozen_run, int) or frozen_run < 1:
        raise ConfigError(f"{where}.frozen_run={frozen_run!r} is not a whole number of frames >= 1")
    frozen_threshold = number(raw, "frozen_threshold", where, DEFAULT_FROZEN_THRESHOLD)
    if frozen_threshold > 0.01:
        raise ConfigError(
            f"{where}.frozen_threshold={frozen_threshold!r} is above 0.01, which would take slow "
            f"motion for held frames; use 0 (identical frames only) to 0.01, default "
            f"{DEFAULT_FROZEN_THRESHOLD:g}"
        )

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

    min_duration = optional_number(raw, "min_duration", where)
    max_duration = optional_number(raw, "max_duration", where)
    if min_duration is not None and max_duration is not None and min_duration > max_duration:
        raise ConfigError(
            f"{where}.min_duration={min_duration:g} is above {where}.max_duration={max_duration:g}"
        )
    return QCSettings(
        black_level=black_level,
        frozen_run=frozen_run,
        frozen_threshold=frozen_threshold,
        fps_tolerance=number(raw, "fps_tolerance", where, 0.01),
        pixel_aspect=optional_number(raw, "pixel_aspect", where),
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
    section = table(raw, "qc")
    studio = {key: value for key, value in section.items() if key != "projects"}
    projects: dict[str, QCSettings] = {}
    for code, overrides in table(section.get("projects", {}), "qc.projects").items():
        where = f"qc.projects.{code}"
        overrides = table(overrides, where)
        if "projects" in overrides:
            raise ConfigError(f"{where}.projects is not allowed: projects do not nest")
        merged = copy.deepcopy(studio)
        merge(merged, overrides)
        projects[code] = _qc_values(merged, where)
    base = _qc_values(studio, "qc")
    return QCSettings(
        black_level=base.black_level,
        frozen_run=base.frozen_run,
        frozen_threshold=base.frozen_threshold,
        fps_tolerance=base.fps_tolerance,
        pixel_aspect=base.pixel_aspect,
        audio=base.audio,
        naming=base.naming,
        min_duration=base.min_duration,
        max_duration=base.max_duration,
        severity=base.severity,
        projects=MappingProxyType(projects),
    )


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
