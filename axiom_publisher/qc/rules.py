"""The QC rules, one function per check id, and their default severities.

Each rule is `check_<id>(facts: MediaFacts, spec: QCSpec) -> QCCheck`: a pure function that
reports pass, a problem (at the check's severity), an advisory (warn at most) or skip with the
reason it does not apply. The rules live in file_rules, stream_rules and frame_rules; this
module lists them in report order (core.qc.CHECK_IDS).
"""

from __future__ import annotations

from axiom_publisher.qc.file_rules import check_decode, check_format, check_naming
from axiom_publisher.qc.frame_rules import (
    check_black_frames,
    check_frame_range,
    check_frozen_frames,
    check_missing_frames,
    check_nan_inf,
)
from axiom_publisher.qc.outcome import DEFAULT_SEVERITY, Rule, severity
from axiom_publisher.qc.stream_rules import (
    check_audio,
    check_colorspace,
    check_duration,
    check_fps,
    check_pixel_aspect,
    check_resolution,
)

# check id -> rule, in the order of core.qc.CHECK_IDS (the order of every report).
RULES: dict[str, Rule] = {
    "decode": check_decode,
    "format": check_format,
    "resolution": check_resolution,
    "fps": check_fps,
    "pixel_aspect": check_pixel_aspect,
    "colorspace": check_colorspace,
    "frame_range": check_frame_range,
    "missing_frames": check_missing_frames,
    "black_frames": check_black_frames,
    "frozen_frames": check_frozen_frames,
    "nan_inf": check_nan_inf,
    "duration": check_duration,
    "audio": check_audio,
    "naming": check_naming,
}

__all__ = [
    "DEFAULT_SEVERITY",
    "RULES",
    "Rule",
    "check_audio",
    "check_black_frames",
    "check_colorspace",
    "check_decode",
    "check_duration",
    "check_format",
    "check_fps",
    "check_frame_range",
    "check_frozen_frames",
    "check_missing_frames",
    "check_nan_inf",
    "check_naming",
    "check_pixel_aspect",
    "check_resolution",
    "severity",
]
