"""The playlist case of bench_viewer: 10 versions across 5 shots played through at 24 fps.

Each version is a 1280x720 24 fps proxy of FRAMES frames written by the project's
ProxyEncoder (the same noisy test pattern as bench_viewer, another noise seed per version,
so no two are alike). The Review tab's PlaylistPlayback plays the whole list at 1x in one
go, as PlaylistSession drives it: the first version opened, the next one preloaded; at
each `advanced` the one after is preloaded (on the next turn of the event loop, as the
session does). Measured over the whole list, transitions included:

- fps: frames shown per second of wall time, first frame to last;
- dropped: frames whose time passed unshown (the controller's count) per cent of the
  list's frames;
- transition: the on-screen time from a version's last frame to the next one's first frame,
  less one frame interval, i.e. what going on to the next version costs over an ordinary
  frame step (the target: under one frame interval, 41.7 ms). The raw gaps are printed too.

Run by itself (`.venv/bin/python benchmarks/bench_playlist.py [--runs 3]`) or from
bench_viewer.py; the last line is

    bench_playlist: fps=<f> dropped=<percent> transition_max_ms=<x>

(medians over the runs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import av
import numpy as np
from qtpy import QtCore, QtWidgets

from axiom_publisher.media.proxy import ProxyEncoder
from axiom_publisher.media.synth_pictures import test_pattern
from axiom_publisher.ui.review.playlist_playback import PlaylistPlayback

WIDTH, HEIGHT, FPS, FRAMES = 1280, 720, 24, 48
SHOTS, VERSIONS_PER_SHOT = 5, 2


def write_version(path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    texture = rng.integers(0, 256, (HEIGHT // 4, WIDTH // 4 + 64, 3), dtype=np.uint8)
    texture = texture.repeat(4, axis=0).repeat(4, axis=1)
    with ProxyEncoder(path, width=WIDTH, height=HEIGHT, fps=Fraction(FPS)) as encoder:
        for index in range(FRAMES):
            shift = (index * 3) % 256
            picture = test_pattern(WIDTH, HEIGHT, index, FRAMES).astype(np.uint16)
            picture = (picture + texture[:, shift : shift + WIDTH]) // 2
            encoder.add(av.VideoFrame.from_ndarray(picture.astype(np.uint8), format="rgb24"))
    return path


def wait(done: object, timeout: float = 120.0) -> None:
    assert callable(done)
    loop = QtCore.QEventLoop()
    deadline = time.perf_counter() + timeout
    check = QtCore.QTimer()
    check.setTimerType(QtCore.Qt.TimerType.PreciseTimer)

    def poll() -> None:
        if done() or time.perf_counter() > deadline:
            loop.quit()

    check.timeout.connect(poll)
    check.start(1)
    loop.exec_()
    check.stop()
    if not done():
        sys.exit("bench_playlist: timed out")


def play_list(proxies: list[Path]) -> tuple[float, float, list[float], float]:
    """One play-through: (fps, % dropped, the gaps in ms at each transition, the largest gap
    between two frames of one version)."""
    controller = PlaylistPlayback()
    shown: list[tuple[int, int, float]] = []  # (position, index, time)
    position = [0]

    def on_frame(index: int, image_a: object, image_b: object) -> None:
        shown.append((position[0], index, time.perf_counter()))

    def preload_after(current: int) -> None:
        following = current + 1
        controller.preload(proxies[following] if following < len(proxies) else None)

    def on_advanced() -> None:
        position[0] += 1
        QtCore.QTimer.singleShot(0, lambda: preload_after(position[0]))

    controller.frame_shown.connect(on_frame)
    controller.advanced.connect(on_advanced)
    controller.error.connect(lambda message: sys.exit(f"bench_playlist: error: {message}"))
    controller.open(proxies[0])
    wait(lambda: bool(shown))
    preload_after(0)
    wait(lambda: controller.next_ready)
    shown.clear()
    controller.play(1.0)
    wait(lambda: not controller.playing)
    assert position[0] == len(proxies) - 1 and shown[-1][1] == FRAMES - 1, shown[-3:]
    elapsed = shown[-1][2] - shown[0][2]
    fps = (len(shown) - 1) / elapsed
    dropped = 100.0 * controller.dropped / (len(proxies) * FRAMES - 1)
    gaps = [
        (after[2] - before[2]) * 1000
        for before, after in zip(shown, shown[1:], strict=False)
        if after[0] != before[0]
    ]
    assert len(gaps) == len(proxies) - 1, gaps
    ordinary = max(
        (after[2] - before[2]) * 1000
        for before, after in zip(shown, shown[1:], strict=False)
        if after[0] == before[0]
    )
    controller.close()
    return fps, dropped, gaps, ordinary


def run_playlist_case(runs: int) -> str:
    """Write the proxies, play the list `runs` times; print the figures, return the line."""
    interval = 1000.0 / FPS
    with tempfile.TemporaryDirectory(prefix="bench-playlist-") as folder:
        proxies = [
            write_version(Path(folder) / f"sh{shot:03d}0_v{version:03d}.mp4", shot * 10 + version)
            for shot in range(1, SHOTS + 1)
            for version in range(1, VERSIONS_PER_SHOT + 1)
        ]
        results = [play_list(proxies) for _ in range(runs)]
    rates = [result[0] for result in results]
    drops = [result[1] for result in results]
    worst = [max(result[2]) - interval for result in results]
    print(
        f"playlist: {len(proxies)} versions of {SHOTS} shots, {WIDTH}x{HEIGHT} {FPS} fps, "
        f"{FRAMES} frames each, {len(proxies) * FRAMES} in all; frame interval {interval:.1f} ms"
    )
    for run, (fps, dropped, gaps, ordinary) in enumerate(results, start=1):
        print(
            f"playlist run {run}: fps {fps:.2f} dropped {dropped:.2f} % "
            f"transition gaps ms {[round(gap, 1) for gap in gaps]}; "
            f"largest gap inside a version {ordinary:.1f} ms"
        )
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f}")
    line = (
        f"bench_playlist: fps={statistics.median(rates):.2f} "
        f"dropped={statistics.median(drops):.2f} "
        f"transition_max_ms={statistics.median(worst):.1f}"
    )
    print(line)
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert app is not None
    run_playlist_case(args.runs)


if __name__ == "__main__":
    main()
