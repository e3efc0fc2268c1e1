"""Rules about frames: the shot's range, gaps, black, held and NaN/Inf frames.

frame_range and missing_frames overlap on purpose for image sequences:

- frame_range answers "does the sequence cover the shot's range (cut plus handles) end to
  end?" and reports the frames missing at the head and the tail;
- missing_frames answers "which frames of that range are not on disk?" and reports every
  one: the gaps inside the sequence and the head and tail frames, i.e. the complete list to
  render again.

Cut range 1001-1010 with handles 2 needs 999-1012; a sequence 1000-1011 without 1005 gives
frame_range [999, 1012] and missing_frames [999, 1005, 1012]. Frames beyond the shot's range
are fine (plates come with the whole take, renders with spare frames): they pass and are
only mentioned. A movie's frames are numbered from its own start, not the shot's, so for a
movie frame_range compares the number of frames only.
"""

from __future__ import annotations

from collections.abc import Sequence

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import FrameStats, MediaFacts, MediaKind
from axiom_publisher.core.qc import QCCheck, QCSpec
from axiom_publisher.qc.file_rules import NOT_MEDIA
from axiom_publisher.qc.outcome import (
    advisory,
    frame_list,
    frames_phrase,
    if_intended,
    passed,
    plural,
    problem,
    rule,
    severity,
    skipped,
)


def head_tail(have: FrameRange, need: FrameRange) -> tuple[list[int], list[int]]:
    """The frames of `need` before `have` starts and after `have` ends."""
    head = list(range(need.first, min(have.first, need.last + 1)))
    tail = list(range(max(have.last + 1, need.first), need.last + 1))
    return head, tail


def outside(have: FrameRange, need: FrameRange) -> list[FrameRange]:
    """The parts of `have` before and after `need` (the spare frames)."""
    parts = []
    if have.first < need.first:
        parts.append(FrameRange(have.first, min(have.last, need.first - 1)))
    if have.last > need.last:
        parts.append(FrameRange(max(have.first, need.last + 1), have.last))
    return parts


def _movie_frame_count(facts: MediaFacts) -> int | None:
    if facts.info.frame_count is not None:
        return facts.info.frame_count
    if facts.frame_range is not None:
        return facts.frame_range.count
    return facts.decoded_frames or None


def _check_movie_length(facts: MediaFacts, spec: QCSpec, need: FrameRange) -> QCCheck:
    count = _movie_frame_count(facts)
    if count is None:
        return advisory(
            "frame_range",
            spec,
            f"The movie's frame count is unknown; the shot needs {need.count} frames "
            f"({need}). Check its length in a player.",
        )
    if count < need.count:
        return problem(
            "frame_range",
            spec,
            f"The movie has {count} frames but the shot needs {need.count} ({need}, cut range "
            f"plus handles): {need.count - count} short (at the head or the tail, a movie "
            f"cannot tell). Export the full range {need} and publish again.",
        )
    extra = f", {count - need.count} more than needed" if count > need.count else ""
    return passed("frame_range", f"The movie has {count} frames for the shot's {need}{extra}.")


@rule("frame_range")
def check_frame_range(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """The media must cover spec.frame_range; reports the missing head and tail frames."""
    if facts.kind is MediaKind.OTHER:
        return skipped("frame_range", NOT_MEDIA)
    if facts.kind is MediaKind.STILL:
        return skipped("frame_range", "a still image has no frame range")
    need = spec.frame_range
    if need is None:
        return skipped("frame_range", "no frame range is expected (the shot has no cut range)")
    if facts.kind is MediaKind.MOVIE:
        return _check_movie_length(facts, spec, need)
    have = facts.frame_range
    if have is None:
        return advisory(
            "frame_range",
            spec,
            f"The sequence's frame range is unknown; the shot needs {need}. Check the files.",
        )
    head, tail = head_tail(have, need)
    if have.last < need.first or have.first > need.last:
        return problem(
            "frame_range",
            spec,
            f"The sequence is {have}, entirely outside the shot's range {need} (cut range plus "
            f"handles). Is it numbered from another start frame? Renumber or render it as "
            f"{need} and publish again.",
            head + tail,
        )
    if head or tail:
        parts = []
        if head:
            parts.append(f"{frame_list(head)} at the head")
        if tail:
            parts.append(f"{frame_list(tail)} at the tail")
        return problem(
            "frame_range",
            spec,
            f"The sequence is {have} but the shot needs {need} (cut range plus handles): "
            f"missing {' and '.join(parts)}. Render the full range {need} and publish again.",
            head + tail,
        )
    spare = outside(have, need)
    note = ""
    if spare:
        count = sum(part.count for part in spare)
        listed = ", ".join(str(part) for part in spare)
        note = f"; {plural(count, 'frame')} beyond it ({listed}) are published as they are"
    return passed("frame_range", f"The sequence {have} covers the shot's range {need}{note}.")


@rule("missing_frames")
def check_missing_frames(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """Every frame the shot needs must be there: gaps inside plus head and tail frames.

    Without a shot range, every gap of the sequence counts; with one, only gaps inside it.
    """
    if facts.kind is MediaKind.OTHER:
        return skipped("missing_frames", NOT_MEDIA)
    if facts.kind is MediaKind.STILL:
        return skipped("missing_frames", "a still image has no frames to miss")
    need = spec.frame_range
    gaps = set(facts.missing_frames)
    ignored: set[int] = set()
    ends: list[int] = []
    if need is not None:
        ignored = {frame for frame in gaps if not need.first <= frame <= need.last}
        gaps -= ignored
        if facts.kind is MediaKind.SEQUENCE and facts.frame_range is not None:
            head, tail = head_tail(facts.frame_range, need)
            ends = head + tail
    missing = sorted(gaps | set(ends))
    scope = f"the shot's range {need}" if need is not None else "the sequence"
    if facts.kind is MediaKind.SEQUENCE and facts.frame_range is not None and need is None:
        scope = f"the sequence {facts.frame_range}"
    note = ""
    if ignored:
        note = f" (gaps outside the shot's range, {frame_list(ignored)}, are not needed)"
    if not missing:
        return passed("missing_frames", f"No frame of {scope} is missing{note}.")
    detail = ""
    if gaps and ends:
        detail = (
            f" ({plural(len(gaps), 'gap')} inside the sequence and "
            f"{plural(len(ends), 'frame')} before or after it)"
        )
    return problem(
        "missing_frames",
        spec,
        f"{scope[0].upper()}{scope[1:]} is missing {frames_phrase(missing)}{detail}{note}. "
        "Render the missing frames and publish again.",
        missing,
    )


def _no_stats(facts: MediaFacts) -> str | None:
    """Why frame statistics cannot be checked, or None when they can."""
    if facts.stats:
        return None
    if facts.decoded_frames == 0:
        return "no frames were decoded"
    return "no frame statistics were measured"


@rule("black_frames")
def check_black_frames(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """Frames the analysis found black, or whose maximum is below spec.black_level."""
    if facts.kind is MediaKind.OTHER:
        return skipped("black_frames", NOT_MEDIA)
    reason = _no_stats(facts)
    if reason is not None:
        return skipped("black_frames", reason)
    black = [s.frame for s in facts.stats if s.black or s.maximum < spec.black_level]
    if not black:
        return passed("black_frames", f"No black frame among {plural(len(facts.stats), 'frame')}.")
    if len(black) == len(facts.stats):
        which = f"Every frame ({len(black)}) is black"
    elif len(black) == 1:
        which = f"Frame {black[0]} is black"
    else:
        which = f"{len(black)} frames are black ({frame_list(black)})"
    return problem(
        "black_frames",
        spec,
        f"{which}: no value above {spec.black_level:g}. Check the render or scan: "
        "black frames usually mean a failed render, a missing input or an empty layer; if "
        f"intended (a slate, a fade), {if_intended(severity('black_frames', spec))}.",
        black,
    )


def frozen_runs(stats: Sequence[FrameStats]) -> list[list[int]]:
    """Runs of consecutive frame numbers flagged frozen (the same picture as the previous)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for stat in sorted(stats, key=lambda s: s.frame):
        if stat.frozen and current and stat.frame == current[-1] + 1:
            current.append(stat.frame)
            continue
        if current:
            runs.append(current)
        current = [stat.frame] if stat.frozen else []
    if current:
        runs.append(current)
    return runs


@rule("frozen_frames")
def check_frozen_frames(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """Runs of at least spec.frozen_run frames that repeat the frame before them.

    A run's length is the number of repeated frames: 1001 followed by three copies
    (1002-1004) is a run of 3, and 1002-1004 are reported.
    """
    if facts.kind is MediaKind.OTHER:
        return skipped("frozen_frames", NOT_MEDIA)
    if facts.kind is MediaKind.STILL:
        return skipped("frozen_frames", "a still image has one frame")
    reason = _no_stats(facts)
    if reason is not None:
        return skipped("frozen_frames", reason)
    runs = [run for run in frozen_runs(facts.stats) if len(run) >= spec.frozen_run]
    threshold = plural(spec.frozen_run, "frame")
    if not runs:
        return passed("frozen_frames", f"No picture is held for {threshold} or more.")
    listed = "; ".join(f"{FrameRange(run[0], run[-1])} repeat frame {run[0] - 1}" for run in runs)
    return problem(
        "frozen_frames",
        spec,
        f"{plural(len(runs), 'held run')} of {threshold} or more ({listed}). Check for a stuck "
        "render, a dropped input or a duplicated export; if the hold is intended, "
        f"{if_intended(severity('frozen_frames', spec))}.",
        [frame for run in runs for frame in run],
    )


@rule("nan_inf")
def check_nan_inf(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """Float frames must hold no NaN or infinite values (integer pixels cannot)."""
    if facts.kind is MediaKind.OTHER:
        return skipped("nan_inf", NOT_MEDIA)
    if not facts.is_float:
        return skipped("nan_inf", "integer pixels cannot hold NaN or infinite values")
    reason = _no_stats(facts)
    if reason is not None:
        return skipped("nan_inf", reason)
    bad = [s for s in facts.stats if s.nan_count > 0 or s.inf_count > 0]
    if not bad:
        return passed(
            "nan_inf", f"No NaN or infinite pixel in {plural(len(facts.stats), 'frame')}."
        )
    details = []
    for stat in sorted(bad, key=lambda s: s.frame)[:10]:
        counts = []
        if stat.nan_count:
            counts.append(f"{stat.nan_count} NaN")
        if stat.inf_count:
            counts.append(f"{stat.inf_count} Inf")
        details.append(f"{stat.frame}: {' and '.join(counts)}")
    more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
    return problem(
        "nan_inf",
        spec,
        f"{plural(len(bad), 'frame')} with NaN or infinite pixels "
        f"({'; '.join(details)}{more}). They spread through every blur, resize and merge "
        "downstream: fix the shader or comp that produces them (or remove them) and publish "
        "again.",
        [s.frame for s in bad],
    )
