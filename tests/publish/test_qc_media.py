"""QC on real media, end to end through the single pass: each problem is found with the
right frame numbers, and a clean plate passes every check."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.qc import QCReport, QCSpec, QCStatus
from axiom_publisher.media.analyze import AnalysisOptions, analyze_source
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.qc import evaluate

SHOT = FrameRange(1001, 1012)  # the cut range plus handles the plate must cover
SPEC = QCSpec(width=64, height=36, fps=24.0, frame_range=SHOT)
OPTIONS = AnalysisOptions(proxy=None, thumbnails=False, first_frame=1001)


def _qc(path: Path, spec: QCSpec = SPEC, tmp: Path | None = None) -> QCReport:
    analysis = analyze_source(resolve_source(path), tmp or path.parent, options=OPTIONS)
    return evaluate(analysis.facts, spec)


def _check(report: QCReport, check_id: str) -> tuple[QCStatus, tuple[int, ...], str]:
    [check] = [c for c in report.checks if c.id == check_id]
    return check.status, check.frames, check.message


def _plate(folder: Path, first: int = 1001, last: int = 1012, **events: Any) -> Path:
    write_sequence(folder, "plate", first, last, width=64, height=36, **events)
    return folder / "plate.####.png"


def test_a_clean_plate_passes_every_check(tmp_path: Path) -> None:
    report = _qc(_plate(tmp_path))
    statuses = {check.id: check.status for check in report.checks}
    assert report.verdict is QCStatus.PASS, report.to_json()
    for check_id in ("decode", "format", "resolution", "frame_range", "missing_frames",
                     "black_frames", "frozen_frames"):  # fmt: skip
        assert statuses[check_id] is QCStatus.PASS, check_id
    assert statuses["nan_inf"] is QCStatus.SKIP  # an 8-bit plate cannot hold NaN


def test_missing_frames_in_the_middle_and_at_both_ends(tmp_path: Path) -> None:
    plate = _plate(tmp_path, first=1002, last=1011, skip=frozenset({1006}))
    report = _qc(plate)
    status, frames, message = _check(report, "missing_frames")
    assert status is QCStatus.FAIL
    assert frames == (1001, 1006, 1012)
    assert "1001" in message and "1006" in message and "1012" in message
    status, frames, _ = _check(report, "frame_range")
    assert status is QCStatus.FAIL and frames == (1001, 1012)
    assert report.verdict is QCStatus.FAIL


def test_a_black_frame(tmp_path: Path) -> None:
    status, frames, _ = _check(_qc(_plate(tmp_path, black=[1004])), "black_frames")
    assert status is QCStatus.WARN and frames == (1004,)


def test_a_frozen_run(tmp_path: Path) -> None:
    report = _qc(_plate(tmp_path, frozen=[1006, 1007, 1008]))
    status, frames, _ = _check(report, "frozen_frames")
    assert status is QCStatus.WARN
    assert frames == (1006, 1007, 1008)


def test_a_nan_frame_in_a_float_exr(tmp_path: Path) -> None:
    write_sequence(tmp_path, "plate", 1001, 1012, width=64, height=36, codec="exr",
                   exr_format="half", nan={1009: 7})  # fmt: skip
    report = _qc(tmp_path / "plate.####.exr")
    status, frames, message = _check(report, "nan_inf")
    assert status is QCStatus.FAIL and frames == (1009,)
    assert "7" in message


def test_a_wrong_fps_and_a_wrong_resolution(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "clip.mov", frames=12, width=96, height=54, fps=25)
    report = _qc(clip, QCSpec(width=64, height=36, fps=24.0))
    status, _, message = _check(report, "fps")
    assert status is QCStatus.FAIL and "25" in message and "24" in message
    status, _, message = _check(report, "resolution")
    assert status is QCStatus.FAIL and "96x54" in message and "64x36" in message


def test_a_spoofed_extension(tmp_path: Path) -> None:
    [png] = write_sequence(tmp_path, "frame", 1, 1, width=64, height=36)
    spoofed = png.rename(tmp_path / "plate.exr")
    status, _, message = _check(_qc(spoofed, QCSpec()), "format")
    assert status is QCStatus.FAIL
    assert "PNG" in message.upper() and "plate.exr" in message


@pytest.mark.parametrize("cut", [1, 2])
def test_a_truncated_movie_fails_decode_without_raising(tmp_path: Path, cut: int) -> None:
    clip = write_clip(tmp_path / "clip.mkv", frames=48, width=64, height=36)
    data = clip.read_bytes()
    clip.write_bytes(data[: len(data) * cut // 3])
    status, _, message = _check(_qc(clip, QCSpec()), "decode")
    assert status is QCStatus.FAIL and "clip.mkv" in message


def test_the_proxy_keeps_audio_and_timecode_and_is_seekable(
    tmp_path: Path, ffmpeg_tools: tuple[str, str]
) -> None:
    clip = write_clip(tmp_path / "clip.mov", frames=48, width=1921, height=1081, fps=24,
                      codec="libx264", pix_fmt="yuv444p", audio=True,
                      timecode="01:00:10:00")  # fmt: skip
    options = AnalysisOptions(first_frame=1001)
    analysis = analyze_source(resolve_source(clip), tmp_path, options=options)
    proxy = analysis.outputs.proxy
    assert proxy is not None and analysis.facts.decoded_frames == 48
    assert analysis.facts.info.timecode == "01:00:10:00"
    assert len(analysis.outputs.thumbnails) == 2 and analysis.outputs.thumbnail_frame == 1024
    probe = subprocess.run(
        [ffmpeg_tools[1], "-v", "error", "-show_streams", "-of", "json", str(proxy)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    streams = json.loads(probe.stdout)["streams"]
    video = next(s for s in streams if s["codec_type"] == "video")
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert video["height"] == 720 and video["width"] % 2 == 0
    assert video.get("has_b_frames", 0) == 0
    assert any(s["codec_type"] == "audio" and s["codec_name"] == "aac" for s in streams)
    tags = [s.get("tags", {}).get("timecode") for s in streams]
    assert "01:00:10:00" in tags
