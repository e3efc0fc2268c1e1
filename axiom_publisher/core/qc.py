"""QC: the checks' results and what a project asks of its media. Standard library only."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from axiom_publisher.core.frames import FrameRange


class QCStatus(str, enum.Enum):
    PASS = "pass"
    SKIP = "skip"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return {"pass": 0, "skip": 0, "warn": 1, "fail": 2}[self.value]


@dataclass(frozen=True, slots=True)
class QCCheck:
    """One rule's result: a stable id, a status, a sentence a person understands, frames."""

    id: str
    status: QCStatus
    message: str
    frames: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status.value,
            "message": self.message,
            "frames": list(self.frames),
        }


@dataclass(frozen=True, slots=True)
class QCReport:
    checks: tuple[QCCheck, ...]

    @property
    def verdict(self) -> QCStatus:
        """The worst status of any check (pass when every check passed or skipped)."""
        worst = QCStatus.PASS
        for check in self.checks:
            if check.status.rank > worst.rank:
                worst = check.status
        return worst

    def failed(self) -> tuple[QCCheck, ...]:
        return tuple(check for check in self.checks if check.status is QCStatus.FAIL)

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict.value, "checks": [c.to_json() for c in self.checks]}

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> QCReport:
        return cls(
            tuple(
                QCCheck(
                    id=str(check["id"]),
                    status=QCStatus(check["status"]),
                    message=str(check["message"]),
                    frames=tuple(int(frame) for frame in check.get("frames") or ()),
                )
                for check in document.get("checks") or ()
            )
        )


class AudioPolicy(str, enum.Enum):
    ANY = "any"
    REQUIRED = "required"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True, slots=True)
class QCSpec:
    """What a project (and shot) expects. `None` targets are not checked (status skip).

    `severity` maps a check id to the status it reports when its condition is not met
    (default fail for most, see qc.rules.DEFAULT_SEVERITY); a check mapped to skip is off.
    """

    width: int | None = None
    height: int | None = None
    fps: float | None = None
    fps_tolerance: float = 0.01
    pixel_aspect: float | None = 1.0
    colorspace: str | None = None
    frame_range: FrameRange | None = None  # the shot's cut range plus handles
    audio: AudioPolicy = AudioPolicy.ANY
    naming_pattern: str | None = None  # a regular expression the source name must match
    min_duration: float | None = None  # seconds
    max_duration: float | None = None
    black_level: float = 0.02  # a frame whose maximum is below this is black
    frozen_run: int = 3  # frozen runs of at least this many frames are reported
    severity: dict[str, QCStatus] = field(default_factory=dict)


# The ids of the QC checks, in the order a report lists them. qc.rules.RULES follows this
# order; config validates `[qc.severity]` keys against it without importing qc.
CHECK_IDS: tuple[str, ...] = (
    "decode",
    "format",
    "resolution",
    "fps",
    "pixel_aspect",
    "colorspace",
    "frame_range",
    "missing_frames",
    "black_frames",
    "frozen_frames",
    "nan_inf",
    "duration",
    "audio",
    "naming",
)
