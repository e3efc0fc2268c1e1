"""bench_publish: AXIOM's single decode pass against the multi-process way, on the same inputs.

    .venv/bin/python benchmarks/bench_publish.py [--runs 3] [--frames 240] [--only clip|exr]

Generates a 1080p24 10-second H.264 clip and a 240-frame 1080p half-float EXR sequence,
then times, in one run on the same inputs:
  (a) single: AXIOM's one pass (file SHA-256, frame hashes, QC statistics, 720p proxy,
      thumbnail) and QC;
  (b) multiprocess: what other publishers run: ffprobe, sha256sum, an ffmpeg proxy encode
      with the same settings, an ffmpeg thumbnail, an ffmpeg framemd5 (Debian's ffmpeg);
  (c) proxy_only: that ffmpeg proxy encode alone.
Prints, per input, medians of the runs:
  bench_publish <input>: single=<s> multiprocess=<s> proxy_only=<s> single/multiprocess=<r> single/proxy_only=<r>
Targets on the 2-core machine: single/multiprocess <= 0.60 and single/proxy_only <= 1.15.
"""  # noqa: E501

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from axiom_publisher.core.qc import QCSpec
from axiom_publisher.media.analyze import AnalysisOptions, analyze_source
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.qc import evaluate

GOP = 24  # one keyframe a second at 24 fps, as the proxy encoder does
X264 = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
        "-g", str(GOP), "-bf", "0", "-x264-params", f"keyint={GOP}:min-keyint={GOP // 2 + 1}",
        "-movflags", "+faststart"]  # fmt: skip


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def single_pass(pattern: Path, scratch: Path) -> None:
    out = scratch / "single"
    out.mkdir(exist_ok=True)
    analysis = analyze_source(resolve_source(pattern), out, options=AnalysisOptions(first_frame=1))
    report = evaluate(analysis.facts, QCSpec(width=1920, height=1080, fps=24.0))
    assert analysis.outputs.proxy is not None and analysis.outputs.thumbnails, "no proxy"
    assert report.checks


def ffmpeg_input(pattern: Path) -> list[str]:
    if "%" in pattern.name:
        return ["-framerate", "24", "-start_number", "1001", "-i", str(pattern)]
    return ["-i", str(pattern)]


def proxy_only(pattern: Path, scratch: Path) -> None:
    _run("ffmpeg", "-y", "-v", "error", *ffmpeg_input(pattern), "-vf", "scale=-2:720", *X264,
         str(scratch / "proxy.mp4"))  # fmt: skip


def multiprocess(pattern: Path, files: list[Path], frames: int, scratch: Path) -> None:
    first = str(files[0])
    _run("ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", first)
    _run("sha256sum", *map(str, files))
    proxy_only(pattern, scratch)
    _run("ffmpeg", "-y", "-v", "error", *ffmpeg_input(pattern), "-vf",
         f"select=eq(n\\,{frames // 2}),scale=480:-2", "-frames:v", "1",
         str(scratch / "thumb.jpg"))  # fmt: skip
    _run("ffmpeg", "-v", "error", *ffmpeg_input(pattern), "-map", "0:v:0", "-f", "framemd5",
         str(scratch / "frames.md5"))  # fmt: skip


def bench(name: str, pattern: Path, files: list[Path], frames: int, runs: int, work: Path) -> None:
    times: dict[str, list[float]] = {"single": [], "multiprocess": [], "proxy_only": []}
    for run in range(runs):  # interleaved, so load changes hit every variant alike
        scratch = work / f"{name}-{run}"
        scratch.mkdir()
        times["single"].append(_timed(partial(single_pass, pattern, scratch)))
        times["multiprocess"].append(_timed(partial(multiprocess, pattern, files, frames, scratch)))
        times["proxy_only"].append(_timed(partial(proxy_only, pattern, scratch)))
    single, multi, proxy = (statistics.median(times[key]) for key in times)
    print(
        f"bench_publish {name}: single={single:.2f} multiprocess={multi:.2f} "
        f"proxy_only={proxy:.2f} single/multiprocess={single / multi:.2f} "
        f"single/proxy_only={single / proxy:.2f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="AXIOM's single pass against ffmpeg tools")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--frames", type=int, default=240)
    parser.add_argument("--only", choices=["clip", "exr"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as folder:
        work = Path(folder)
        if args.only in (None, "clip"):
            clip = write_clip(
                work / "clip_1080p24.mov", frames=args.frames, width=1920, height=1080
            )
            bench("h264_1080p24_10s", clip, [clip], args.frames, args.runs, work)
        if args.only in (None, "exr"):
            files = write_sequence(work / "exr", "plate", 1001, 1000 + args.frames, width=1920,
                                   height=1080, codec="exr", exr_format="half")  # fmt: skip
            bench("exr_half_1080p_240f", work / "exr" / "plate.%04d.exr", files, args.frames,
                  args.runs, work)  # fmt: skip


if __name__ == "__main__":
    main()
