"""bench_publish: AXIOM's single decode pass against the multi-process way, on the same inputs.

    .venv/bin/python benchmarks/bench_publish.py [--runs 3] [--frames 240] [--only clip|exr]

Generates a 1080p24 10-second H.264 clip and a 240-frame 1080p half-float EXR sequence,
then times, in one run on the same inputs:
  (a) single: AXIOM's one pass (file SHA-256, frame hashes, QC statistics, 720p proxy,
      thumbnail) and QC;
  (b) multiprocess: what other publishers run: ffprobe, sha256sum, an ffmpeg proxy encode
      with the same settings, an ffmpeg thumbnail, an ffmpeg framemd5 (Debian's ffmpeg);
  (c) proxy_only: that ffmpeg proxy encode alone.
For the EXR the ffmpeg proxy goes through the same display transform as AXIOM's: the baked
shaper + 65^3 LUT written by media.lut_export as a Cinespace file, through ffmpeg's lut3d
(within ~0.5 code values of AXIOM's on average), so both do the same work.
The floor of this machine is the CPU time the separate tools spend on the same work as
AXIOM's pass (the proxy encode with the transform, framemd5, sha256sum; getrusage of the
children) divided by the cores: no tool arrangement can finish that work sooner. single/floor
says how much AXIOM's pass loses to wasted work or idle cores. The CPU seconds of the single
pass itself (getrusage of this process) are printed beside it: single_cpu/floor_cpu does not
move with the machine's load.
Prints, per input, medians of the runs:
  bench_publish <input>: single=<s> multiprocess=<s> proxy_only=<s> floor=<s> single/multiprocess=<r> single/proxy_only=<r> single/floor=<r> single_cpu=<s> floor_cpu=<s> single_cpu/floor_cpu=<r> cores=<n> load=<1-min load average>
Targets on the 2-core machine: single/multiprocess <= 0.60 and single/floor <= 1.10.
"""  # noqa: E501

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from axiom_publisher.core.qc import QCSpec
from axiom_publisher.media.analyze import AnalysisOptions, analyze_source
from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.lut_export import write_cinespace
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


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def _children_cpu(action: Callable[[], object]) -> float:
    """The CPU seconds the child processes started by `action` spent (user + system)."""
    before = _cpu_seconds(resource.RUSAGE_CHILDREN)
    action()
    return _cpu_seconds(resource.RUSAGE_CHILDREN) - before


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


def proxy_only(pattern: Path, lut: Path | None, scratch: Path) -> None:
    """ffmpeg's proxy encode; a scene-linear source goes through `lut` (AXIOM's transform)
    to 8-bit RGB first, as AXIOM's encoder does, then is scaled to 720p."""
    display = f"lut3d=file={lut},format=gbrp," if lut is not None else ""
    _run("ffmpeg", "-y", "-v", "error", *ffmpeg_input(pattern), "-vf", f"{display}scale=-2:720",
         *X264, str(scratch / "proxy.mp4"))  # fmt: skip


def framemd5(pattern: Path, scratch: Path) -> None:
    _run("ffmpeg", "-y", "-v", "error", *ffmpeg_input(pattern), "-map", "0:v:0", "-f", "framemd5",
         str(scratch / "frames.md5"))  # fmt: skip


def floor_cpu(pattern: Path, files: list[Path], lut: Path | None, scratch: Path) -> float:
    """CPU seconds of the separate tools doing AXIOM's work: proxy, framemd5, sha256sum."""
    return (
        _children_cpu(partial(proxy_only, pattern, lut, scratch))
        + _children_cpu(partial(framemd5, pattern, scratch))
        + _children_cpu(partial(_run, "sha256sum", *map(str, files)))
    )


def multiprocess(
    pattern: Path, files: list[Path], frames: int, lut: Path | None, scratch: Path
) -> None:
    first = str(files[0])
    _run("ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", first)
    _run("sha256sum", *map(str, files))
    proxy_only(pattern, lut, scratch)
    _run("ffmpeg", "-y", "-v", "error", *ffmpeg_input(pattern), "-vf",
         f"select=eq(n\\,{frames // 2}),scale=480:-2", "-frames:v", "1",
         str(scratch / "thumb.jpg"))  # fmt: skip
    framemd5(pattern, scratch)


def bench(
    name: str, pattern: Path, files: list[Path], frames: int, runs: int, work: Path,
    lut: Path | None = None,
) -> None:  # fmt: skip
    cores = len(os.sched_getaffinity(0))
    times: dict[str, list[float]] = {
        "single": [], "multiprocess": [], "proxy_only": [], "single_cpu": [], "floor_cpu": []
    }  # fmt: skip
    for run in range(runs):  # interleaved, so load changes hit every variant alike
        scratch = work / f"{name}-{run}"
        scratch.mkdir()
        cpu_before = _cpu_seconds(resource.RUSAGE_SELF)
        times["single"].append(_timed(partial(single_pass, pattern, scratch)))
        times["single_cpu"].append(_cpu_seconds(resource.RUSAGE_SELF) - cpu_before)
        times["multiprocess"].append(
            _timed(partial(multiprocess, pattern, files, frames, lut, scratch))
        )
        times["proxy_only"].append(_timed(partial(proxy_only, pattern, lut, scratch)))
        times["floor_cpu"].append(floor_cpu(pattern, files, lut, scratch))
    single, multi, proxy, single_cpu, tools_cpu = (statistics.median(times[key]) for key in times)
    floor = tools_cpu / cores
    print(
        f"bench_publish {name}: single={single:.2f} multiprocess={multi:.2f} "
        f"proxy_only={proxy:.2f} floor={floor:.2f} single/multiprocess={single / multi:.2f} "
        f"single/proxy_only={single / proxy:.2f} single/floor={single / floor:.2f} "
        f"single_cpu={single_cpu:.2f} floor_cpu={tools_cpu:.2f} "
        f"single_cpu/floor_cpu={single_cpu / tools_cpu:.2f} cores={cores} "
        f"load={os.getloadavg()[0]:.1f}",
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
            # AXIOM's proxy transform (the default config, source, display and view) for ffmpeg.
            lut = write_cinespace(DisplayTransform(), work / "review.csp")
            bench("exr_half_1080p_240f", work / "exr" / "plate.%04d.exr", files, args.frames,
                  args.runs, work, lut)  # fmt: skip


if __name__ == "__main__":
    main()
