"""Default severities and the helpers every rule builds its QCCheck with.

A rule finds one of four outcomes:

- passed: the condition holds (status pass);
- problem: the condition does not hold (status = the check's severity, see below);
- advisory: something is doubtful but not proven wrong, e.g. a value the file does not
  declare (status warn, but never above the check's severity: a check set to pass reports
  its advisories as pass);
- skipped: the rule does not apply (status skip, with the reason).

Severity of a check = `spec.severity[id]` if the project sets it, else DEFAULT_SEVERITY[id].
A severity of skip turns the check off: it reports skip without looking at the media.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from axiom_publisher.core.frames import compact_frames
from axiom_publisher.core.media import MediaFacts
from axiom_publisher.core.qc import CHECK_IDS, QCCheck, QCSpec, QCStatus

# What a check reports when its condition is not met, unless the project says otherwise.
#
# fail: the media is unusable or breaks the pipeline downstream, and the fix is a re-render
#   or re-export: unreadable frames (decode), a file that is not what its extension says
#   (format), the wrong resolution, frame rate or pixel aspect (every comp, editorial and
#   review downstream would inherit it), frames the shot needs that are not there
#   (frame_range, missing_frames), NaN/Inf pixels (they spread through every filter and
#   merge), and the two rules a project only has when it asks for them (audio, naming).
# warn: the finding is often intended or is a labelling question a person must judge:
#   black frames (slates, fades), held frames (editorial holds, locked-off CG), a colourspace
#   label that differs (aliases such as "ACES - ACEScg" vs "ACEScg" are common) and a
#   duration outside the expected window (editorial may have changed the cut).
DEFAULT_SEVERITY: dict[str, QCStatus] = {
    "decode": QCStatus.FAIL,
    "format": QCStatus.FAIL,
    "resolution": QCStatus.FAIL,
    "fps": QCStatus.FAIL,
    "pixel_aspect": QCStatus.FAIL,
    "colorspace": QCStatus.WARN,
    "frame_range": QCStatus.FAIL,
    "missing_frames": QCStatus.FAIL,
    "black_frames": QCStatus.WARN,
    "frozen_frames": QCStatus.WARN,
    "nan_inf": QCStatus.FAIL,
    "duration": QCStatus.WARN,
    "audio": QCStatus.FAIL,
    "naming": QCStatus.FAIL,
}

Rule = Callable[[MediaFacts, QCSpec], QCCheck]

# At most this many groups of frame numbers are written into a message (all stay in frames).
MAX_FRAME_GROUPS = 20


def severity(check_id: str, spec: QCSpec) -> QCStatus:
    """The status a not-met condition of `check_id` reports under `spec`."""
    return spec.severity.get(check_id, DEFAULT_SEVERITY[check_id])


def rule(check_id: str) -> Callable[[Rule], Rule]:
    """Mark a function as the rule `check_id`: a severity of skip turns it off."""
    if check_id not in CHECK_IDS:
        raise ValueError(f"{check_id!r} is not a QC check id")

    def decorate(function: Rule) -> Rule:
        @wraps(function)
        def checked(facts: MediaFacts, spec: QCSpec) -> QCCheck:
            if severity(check_id, spec) is QCStatus.SKIP:
                return skipped(check_id, "turned off by the project's QC settings")
            return function(facts, spec)

        return checked

    return decorate


def _frames(frames: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(frames)))


def passed(check_id: str, message: str, frames: Iterable[int] = ()) -> QCCheck:
    return QCCheck(check_id, QCStatus.PASS, message, _frames(frames))


def skipped(check_id: str, reason: str) -> QCCheck:
    return QCCheck(check_id, QCStatus.SKIP, f"Not checked: {reason}.")


def problem(check_id: str, spec: QCSpec, message: str, frames: Iterable[int] = ()) -> QCCheck:
    return QCCheck(check_id, severity(check_id, spec), message, _frames(frames))


def advisory(check_id: str, spec: QCSpec, message: str, frames: Iterable[int] = ()) -> QCCheck:
    status = severity(check_id, spec)
    if status.rank > QCStatus.WARN.rank:
        status = QCStatus.WARN
    return QCCheck(check_id, status, message, _frames(frames))


def sentence(text: str) -> str:
    """A message part without its final full stop, so that parts can be joined."""
    return text.strip().rstrip(".")


def if_intended(status: QCStatus) -> str:
    """What to do about a finding that may be on purpose, for the status it reports."""
    if status is QCStatus.FAIL:
        return "publish with a QC override"
    return "this can be ignored"


def frame_list(frames: Iterable[int]) -> str:
    """`[1003, 1010, 1011, 1012]` -> `1003, 1010-1012` (long lists end in `and N more`)."""
    groups = compact_frames(frames).split(",")
    if groups == [""]:
        return ""
    if len(groups) <= MAX_FRAME_GROUPS:
        return ", ".join(groups)
    shown = ", ".join(groups[:MAX_FRAME_GROUPS])
    return f"{shown} and {len(groups) - MAX_FRAME_GROUPS} more ranges"


def frames_phrase(frames: Iterable[int]) -> str:
    """`frame 1003` or `3 frames: 1003, 1010-1011`."""
    ordered = _frames(frames)
    if len(ordered) == 1:
        return f"frame {ordered[0]}"
    return f"{len(ordered)} frames: {frame_list(ordered)}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def number(value: float) -> str:
    """A measured value without float noise: 24 -> `24`, 23.976023 -> `23.976`."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
