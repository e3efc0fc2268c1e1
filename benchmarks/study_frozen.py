"""study_frozen: how far apart are held frames and slow grainy pans in lossy encodes?

    .venv/bin/python benchmarks/study_frozen.py [--sizes 320x180,1280x720] [--frames 48]
        [--grain 0.004,0.012] [--encodes TEXT]

Generates grainy textured footage (media/synth_grain.py: a multi-scale texture with edges,
fresh film grain every frame of sigma 1/255 and 3/255): pans of 0.1, 0.25, 0.5 and 1 px/frame,
a 0.5 px/frame pan that stops for 2, 3, 4 and 5 repeated frames (grain frozen), a locked-off
shot with live grain and a slow fade. Encodes each with libx264 (CRF 18/23/28, presets
ultrafast/veryfast/medium/slow, and medium with a 6-frame GOP) and prores_ks (proxy, lt,
standard, hq, 4444, and hq made from an x264 CRF 23 master), decodes it and prints per encode:

- the distributions (min median max, x 1e-4) of the step, the difference of a frame's hold
  picture (media/holds.py: luma averaged over 8x8 blocks, 0..1) to the previous frame's,
  for held frames, the 0.1 px/frame pan, all pans, the static shot; drift3: pans, to the
  frame 3 before; margin = min(pan step) / max(held step);
- what AXIOM's detector (FrameStatistics + settle, the production code) finds at each
  threshold: held frames missed / held frames, pan frames flagged frozen, of them in runs
  of 3 or more (what the frozen_frames check with frozen_run = 3 would report).

Not a test: run by hand when the measure or the threshold changes (~5 min at 320x180).
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from axiom_publisher.media.decode import DecodedFrame
from axiom_publisher.media.framehash import frame_md5
from axiom_publisher.media.holds import difference
from axiom_publisher.media.stats import FrameStatistics, hold_picture
from axiom_publisher.media.synth_grain import grainy_pictures


@dataclass(frozen=True)
class Scene:
    """Frames of one kind of content and which of them repeat the picture before them."""

    name: str
    frames: list[NDArray[np.uint8]]  # RGB
    held: frozenset[int]  # 0-based indices of frames equal to the previous source picture


def _held_in_pan(count: int) -> frozenset[int]:
    """A 0.5 px/frame pan that stops for 2, 3, 4 and 5 repeated frames."""
    held: set[int] = set()
    for start, run in ((9, 2), (19, 3), (30, 4), (41, 5)):
        held.update(index for index in range(start, start + run) if index < count)
    return frozenset(held)


def scenes(width: int, height: int, count: int, grain: float) -> Iterator[Scene]:
    def frames(speed: float, **events: Any) -> list[NDArray[np.uint8]]:
        return list(grainy_pictures(count, width, height, speed=speed, grain=grain, **events))

    for speed in (0.1, 0.25, 0.5, 1.0):
        yield Scene(f"pan {speed:g}px", frames(speed), frozenset())
    held = _held_in_pan(count)
    yield Scene("held in pan", frames(0.5, held=held), held)
    yield Scene("static, live grain", frames(0.0), frozenset())
    yield Scene("fade 0.4%/frame", frames(0.0, fade=0.004), frozenset())


@dataclass(frozen=True)
class Encode:
    name: str
    codec: str
    pix_fmt: str
    options: dict[str, str]
    master: Encode | None = None  # encode from this encode's decoded frames


def encodes() -> list[Encode]:
    result = []
    for crf in (18, 23, 28):
        for preset in ("ultrafast", "veryfast", "medium", "slow"):
            result.append(Encode(f"x264 crf{crf} {preset}", "libx264", "yuv420p",
                                 {"crf": str(crf), "preset": preset}))  # fmt: skip
        result.append(Encode(f"x264 crf{crf} medium keyint6", "libx264", "yuv420p",
                             {"crf": str(crf), "preset": "medium", "g": "6"}))  # fmt: skip
    for profile, pix_fmt in (("proxy", "yuv422p10le"), ("lt", "yuv422p10le"),
                             ("standard", "yuv422p10le"), ("hq", "yuv422p10le"),
                             ("4444", "yuv444p10le")):  # fmt: skip
        result.append(Encode(f"prores {profile}", "prores_ks", pix_fmt, {"profile": profile}))
    master = Encode("x264 crf23", "libx264", "yuv420p", {"crf": "23", "preset": "medium"})
    result.append(Encode("prores hq from x264 crf23", "prores_ks", "yuv422p10le",
                         {"profile": "hq"}, master))  # fmt: skip
    return result


def encode(frames: list[av.VideoFrame], spec: Encode) -> list[av.VideoFrame]:
    """The frames after an encode and a decode (through the master encode first)."""
    if spec.master is not None:
        frames = encode(frames, spec.master)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mov") as output:
        stream = output.add_stream(spec.codec, rate=24)
        stream.width, stream.height = frames[0].width, frames[0].height
        stream.pix_fmt = spec.pix_fmt
        stream.options = dict(spec.options)
        for index, source in enumerate(frames):
            frame = source.reformat(format=spec.pix_fmt)
            frame.pts, frame.time_base = index, Fraction(1, 24)
            frame.pict_type = av.video.frame.PictureType.NONE
            output.mux(stream.encode(frame))
        output.mux(stream.encode(None))
    buffer.seek(0)
    with av.open(buffer) as container:
        return list(container.decode(video=0))


def describe(values: NDArray[np.float32]) -> str:
    if values.size == 0:
        return "-"
    low, median, high = np.percentile(values, [0, 50, 100])
    return f"{low * 1e4:5.1f} {median * 1e4:5.1f} {high * 1e4:5.1f}"


THRESHOLDS = (0.0008, 0.0010, 0.0012, 0.0014, 0.0016, 0.0018, 0.002)


def _runs(flags: list[bool], least: int) -> set[int]:
    """Indices of flagged frames that belong to runs of at least `least` flagged frames."""
    found: set[int] = set()
    run: list[int] = []
    for index, flag in enumerate([*flags, False]):
        if flag:
            run.append(index)
            continue
        if len(run) >= least:
            found.update(run)
        run = []
    return found


def study(made: list[Scene], spec: Encode) -> None:
    """Distributions of the step (difference to the previous frame) and of the hold score,
    then what the detector finds at each threshold."""
    decoded = {
        scene.name: encode(
            [av.VideoFrame.from_ndarray(f, format="rgb24") for f in scene.frames], spec
        )
        for scene in made
    }
    pictures = {name: [hold_picture(frame) for frame in frames] for name, frames in decoded.items()}
    held_steps: list[float] = []
    moving: dict[str, list[float]] = {}
    drift3: list[float] = []  # pans: difference to the frame 3 before (a run of 3 needs it low)
    for scene in made:
        seq = pictures[scene.name]
        for i in range(1, len(seq)):
            step = difference(seq[i], seq[i - 1])
            if i in scene.held:
                held_steps.append(step)
            else:
                moving.setdefault(scene.name, []).append(step)
            if scene.name.startswith("pan") and i >= 3:
                drift3.append(difference(seq[i], seq[i - 3]))
    held = np.array(held_steps, np.float32)
    pans = np.array([v for k, vs in moving.items() if k.startswith("pan") for v in vs], np.float32)
    line = (
        f"{spec.name:27s} held[{describe(held)}] pan0.1[{describe(np.array(moving['pan 0.1px']))}]"
        f" pans[{describe(pans)}] drift3[{describe(np.array(drift3))}]"
        f" static[{describe(np.array(moving['static, live grain']))}]"
        f" margin {float(pans.min()) / max(float(held.max()), 1e-9):5.2f}"
        f" drift3/held {float(min(drift3)) / max(float(held.max()), 1e-9):5.2f}"
    )
    outcomes = []
    for threshold in THRESHOLDS:
        missed = flagged = reported = 0
        for scene in made:
            statistics = FrameStatistics(lossy=True, frozen_threshold=threshold)
            measured = [
                statistics.measure(DecodedFrame(i, frame, Path("x")), frame_md5(frame))
                for i, frame in enumerate(decoded[scene.name])
            ]
            flags = [stat.frozen for stat in statistics.settle(measured)]
            missed += sum(1 for i in scene.held if not flags[i])
            if scene.name.startswith("pan"):
                flagged += sum(flags)
                reported += len(_runs(flags, 3))
        total = len([i for scene in made for i in scene.held])
        outcomes.append(f"{threshold * 1e4:g}:{missed}/{total} {flagged} {reported}")
    print(line, flush=True)
    print(f"{'':27s} threshold:missed held/held, pan frames flagged, in runs>=3: "
          + " | ".join(outcomes), flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="320x180,1280x720")
    parser.add_argument("--frames", type=int, default=48)
    parser.add_argument("--grain", default="0.004,0.012", help="grain sigmas (0..1 units)")
    parser.add_argument("--encodes", default="", help="only encodes whose name has this")
    arguments = parser.parse_args()
    print(
        "hold-picture differences x 1e-4 (min median max) to the previous frame; "
        "margin = min(pan) / max(held); drift3: pans, to the frame 3 before"
    )
    for size in arguments.sizes.split(","):
        width, height = (int(v) for v in size.split("x"))
        for sigma in (float(s) for s in arguments.grain.split(",")):
            made = list(scenes(width, height, arguments.frames, sigma))
            print(f"\n== {width}x{height}, grain sigma {sigma * 255:.1f}/255", flush=True)
            for spec in encodes():
                if arguments.encodes in spec.name:
                    study(made, spec)


if __name__ == "__main__":
    main()
