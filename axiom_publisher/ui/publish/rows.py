"""What the publish widget knows about each item it holds (main thread only)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from qtpy import QtGui

from axiom_publisher.core.frames import compact_frames
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import Source
from axiom_publisher.publish.inspect import Inspection


class RowState(enum.Enum):
    RESOLVING = "resolving"  # resolve_source is running
    WAITING = "waiting"  # resolved; analysis waits for a project and a shot or asset
    ANALYSING = "analysing"
    READY = "ready"  # analysed and QC'd
    ERROR = "error"  # the analysis failed (the message says why)
    CANCELLED = "cancelled"  # the analysis was cancelled; Analyse again restarts it


@dataclass(eq=False)
class ItemRow:
    """One item of the list: a source, its analysis state, QC and thumbnail."""

    path: str  # what the user or the host handed over
    source: Source | None = None
    state: RowState = RowState.RESOLVING
    phase: str = ""
    fraction: float = 0.0
    inspection: Inspection | None = None
    thumbnail: QtGui.QImage | None = None
    scratch: Path | None = None
    error: str = ""
    override_reason: str | None = None
    colorspace: str | None = None  # as a host declares it (a Write node's colorspace knob)
    product: str | None = None  # a host output's own product (else the picker's product)
    generation: int = 0  # bumped on each new analysis; stale results are dropped

    @property
    def verdict(self) -> QCStatus | None:
        return self.inspection.report.verdict if self.inspection is not None else None

    @property
    def blocking_fail(self) -> bool:
        """QC failed and nobody overrode it."""
        return self.verdict is QCStatus.FAIL and not self.override_reason

    @property
    def busy(self) -> bool:
        return self.state in (RowState.RESOLVING, RowState.ANALYSING)

    @property
    def name(self) -> str:
        """`plate.####.exr` or `clip.mov`."""
        if self.source is None:
            return Path(self.path).name or self.path
        display = self.source.display
        if self.source.missing_frames:
            display = display.rsplit(" (missing ", 1)[0]
        return Path(display).name

    @property
    def frames_text(self) -> str:
        """`1001-1100 (100 frames)`, with the missing frames of a sequence."""
        source = self.source
        if source is None:
            return ""
        if source.frame_range is not None:
            count = len(source.files)
            text = f"{source.frame_range}  ({count} frame{'s' if count != 1 else ''})"
            if source.missing_frames:
                text += f"  missing {compact_frames(source.missing_frames)}"
            return text
        if self.inspection is not None:
            facts = self.inspection.primary.facts
            count = facts.info.frame_count or facts.decoded_frames
            if facts.frame_range is not None:
                return f"{facts.frame_range}  ({count} frames)"
            if count:
                return f"{count} frames"
        return ""

    @property
    def title(self) -> str:
        """The one-line label: `plate.####.exr  1001-1100 (100 frames)`."""
        frames = self.frames_text
        return f"{self.name}  {frames}" if frames else self.name

    @property
    def label(self) -> str:
        """Two lines for the list: the name, then the frames (and a host output's product)."""
        frames = self.frames_text
        if self.product:
            frames = f"{frames}  → {self.product}" if frames else f"→ {self.product}"
        return f"{self.name}\n{frames}" if frames else self.name

    @property
    def status_text(self) -> str:
        if self.state is RowState.RESOLVING:
            return "reading…"
        if self.state is RowState.WAITING:
            return "waiting for a shot or asset"
        if self.state is RowState.ANALYSING:
            return f"analysing {round(self.fraction * 100)}%"
        if self.state is RowState.ERROR:
            return "error"
        if self.state is RowState.CANCELLED:
            return "cancelled"
        verdict = self.verdict
        if verdict is QCStatus.FAIL:
            return "FAIL (overridden)" if self.override_reason else "FAIL"
        if verdict is QCStatus.WARN:
            return "WARN"
        return "PASS"
