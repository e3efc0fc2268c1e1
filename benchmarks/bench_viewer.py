"""The review player: 1x playback of a 720p proxy, and the time to show a frame after a seek.

Run by hand: `.venv/bin/python benchmarks/bench_viewer.py [--runs 3] [--seeks 40]`.

A 1280x720 24 fps proxy of 240 frames is written by the project's own ProxyEncoder (the test
pattern under a scrolling noise texture, so it is not trivially compressible: ~8 MB). In an
offscreen QApplication, PlaybackController plays it start to end at 1x (`--runs` times; the
medians are printed) and then seeks to random frames, timing seek() -> frame_shown of that
index. For context, the baseline: the raw sequential PyAV decode rate (frame threading, to
rgb24) of the same file, and the plain PyAV seek + decode-forward time of the same frames.
The last line is the one the issue asks for:

    bench_viewer: fps=<f> dropped=<percent> seek_median_ms=<x> seek_max_ms=<y>

then the scrubbing case, a lead stopping and stepping around a frame: random seeks within 3 s
either side of a frame being discussed, which moves on now and then (by up to 3 s); each seek
timed seek() -> frame_shown on a freshly opened player (its GopCache keeps the GOPs around the
playhead), against a plain PyAV seek + decode to rgb24 of the same targets in the same run,
before the player is opened (medians; `seek_ratio` = cached / naive, target <= 0.5):

    bench_scrub: naive_seek_median_ms=<x> cached_seek_median_ms=<y> seek_ratio=<y/x>

then the playlist case (bench_playlist.py: 10 versions across 5 shots played through):

    bench_playlist: fps=<f> dropped=<percent> transition_max_ms=<x>
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import av
import numpy as np
from qtpy import QtCore, QtWidgets

from axiom_publisher.media.proxy import ProxyEncoder
from axiom_publisher.media.synth_pictures import test_pattern
from axiom_publisher.ui.review.playback import PlaybackController

sys.path.insert(0, str(Path(__file__).parent))
from bench_playlist import run_playlist_case  # noqa: E402 - beside this file

WIDTH, HEIGHT, FPS, FRAMES = 1280, 720, 24, 240


def write_proxy(path: Path) -> Path:
    """The 720p proxy: the moving test pattern under a scrolling noise texture."""
    rng = np.random.default_rng(5)
    texture = rng.integers(0, 256, (HEIGHT // 4, WIDTH // 4 + 64, 3), dtype=np.uint8)
    texture = texture.repeat(4, axis=0).repeat(4, axis=1)
    with ProxyEncoder(path, width=WIDTH, height=HEIGHT, fps=Fraction(FPS)) as encoder:
        for index in range(FRAMES):
            shift = (index * 3) % 256
            picture = test_pattern(WIDTH, HEIGHT, index, FRAMES).astype(np.uint16)
            picture = (picture + texture[:, shift : shift + WIDTH]) // 2
            frame = av.VideoFrame.from_ndarray(picture.astype(np.uint8), format="rgb24")
            encoder.add(frame)
    return path


def baseline_decode_fps(path: Path) -> float:
    """Frames per second of a plain sequential PyAV decode to rgb24 arrays."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "FRAME"
        start, count = time.perf_counter(), 0
        for frame in container.decode(stream):
            frame.to_ndarray(format="rgb24")
            count += 1
        return count / (time.perf_counter() - start)


def baseline_seek_ms(path: Path, targets: list[int]) -> list[float]:
    """Plain PyAV: a fresh seek to the keyframe before each target, decode on to it."""
    times = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "FRAME"
        step = int(1 / (stream.time_base * FPS))
        for target in targets:
            start = time.perf_counter()
            container.seek(target * step, stream=stream, backward=True)
            for frame in container.decode(stream):
                if frame.pts is not None and frame.pts >= target * step:
                    frame.to_ndarray(format="rgb24")
                    break
            times.append((time.perf_counter() - start) * 1000)
    return times


class Run:
    """Drives a PlaybackController with a local event loop until a condition holds."""

    def __init__(self, controller: PlaybackController) -> None:
        self.controller = controller
        self.shown: list[tuple[int, float]] = []
        controller.frame_shown.connect(self._on_frame)
        controller.error.connect(lambda message: sys.exit(f"bench_viewer: error: {message}"))

    def _on_frame(self, index: int, image_a: object, image_b: object) -> None:
        self.shown.append((index, time.perf_counter()))

    def wait(self, done: Callable[[], bool], timeout: float = 60.0) -> None:
        loop = QtCore.QEventLoop()
        deadline = time.perf_counter() + timeout
        check = QtCore.QTimer()
        check.setTimerType(QtCore.Qt.TimerType.PreciseTimer)

        def poll() -> None:  # a slot returns nothing (PySide6 mis-counts returned bools)
            if done() or time.perf_counter() > deadline:
                loop.quit()

        check.timeout.connect(poll)
        check.start(1)
        loop.exec_()
        check.stop()
        if not done():
            sys.exit("bench_viewer: timed out")


def play_through(run: Run, speed: float) -> tuple[float, float]:
    """Play the whole proxy from one end at `speed`: (frames shown per second, % dropped)."""
    controller = run.controller
    start = 0 if speed > 0 else FRAMES - 1
    controller.seek(start)
    run.wait(lambda: bool(run.shown) and run.shown[-1][0] == start)
    run.shown.clear()
    started = time.perf_counter()
    controller.play(speed)
    run.wait(lambda: not controller.playing)
    indices = [index for index, _ in run.shown]
    ordered = sorted(indices, reverse=speed < 0)
    assert indices == ordered and indices[-1] == FRAMES - 1 - start, indices
    elapsed = run.shown[-1][1] - started
    return controller.shown / elapsed, 100.0 * controller.dropped / (FRAMES - 1)


def measure_seek(run: Run, target: int, look: float = 0.1) -> float:
    """Milliseconds from seek(target) to frame_shown(target); then a pause, as a reviewer
    looks at the frame (the read-ahead runs meanwhile)."""
    controller = run.controller
    if target == controller.index:
        target = (target + FRAMES // 2) % FRAMES
    run.shown.clear()
    started = time.perf_counter()
    controller.seek(target)
    run.wait(lambda: any(index == target for index, _ in run.shown))
    shown_at = next(at for index, at in run.shown if index == target)
    time.sleep(look)
    return (shown_at - started) * 1000


def scrub_targets(rng: random.Random, count: int, moves_every: int = 10) -> list[int]:
    """Seeks of a lead stepping around a frame: each within 3 s either side of the frame under
    discussion, which moves on by up to 3 s every `moves_every` seeks; never the same frame
    twice in a row."""
    around = 3 * FPS
    centre = rng.randrange(around, FRAMES - around)
    targets: list[int] = []
    while len(targets) < count:
        if targets and len(targets) % moves_every == 0:
            centre = min(max(centre + rng.randint(-around, around), 0), FRAMES - 1)
        target = min(max(centre + rng.randint(-around, around), 0), FRAMES - 1)
        if not targets or target != targets[-1]:
            targets.append(target)
    return targets


def scrub_case(
    proxy: Path, targets: list[int], look: float
) -> tuple[list[float], list[float], float]:
    """(naive ms, cached ms, share of seeks found in memory) for the same targets: the plain
    PyAV seeks first (nothing else decoding), then the player, freshly opened; the lead looks
    at each frame `look` seconds before the next seek."""
    naive = baseline_seek_ms(proxy, targets)
    controller = PlaybackController()
    run = Run(controller)
    controller.open(proxy)
    run.wait(lambda: any(index == 0 for index, _ in run.shown))
    cached, hits = [], 0
    for target in targets:
        server = controller.server_a
        assert server is not None
        hits += server.get(target) is not None
        cached.append(measure_seek(run, target, look))
    controller.close()
    return naive, cached, hits / len(targets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seeks", type=int, default=40)
    parser.add_argument("--playlist-runs", type=int, default=3, help="0: no playlist case")
    parser.add_argument("--playlist-only", action="store_true")
    parser.add_argument("--scrub-seeks", type=int, default=150, help="0: no scrubbing case")
    parser.add_argument("--scrub-only", action="store_true")
    parser.add_argument("--look", type=float, default=0.3, help="seconds on each frame")
    args = parser.parse_args()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert app is not None
    if args.playlist_only:
        run_playlist_case(args.playlist_runs)
        return
    if args.scrub_only:
        with tempfile.TemporaryDirectory(prefix="bench-viewer-") as folder:
            proxy = write_proxy(Path(folder) / "proxy.mp4")
            print_scrub(
                scrub_case(proxy, scrub_targets(random.Random(11), args.scrub_seeks), args.look)
            )
        return
    with tempfile.TemporaryDirectory(prefix="bench-viewer-") as folder:
        proxy = write_proxy(Path(folder) / "proxy.mp4")
        size_mb = proxy.stat().st_size / 1e6
        rng = random.Random(7)
        targets = [rng.randrange(FRAMES) for _ in range(args.seeks)]
        decode_fps = baseline_decode_fps(proxy)
        raw_seeks = baseline_seek_ms(proxy, targets)
        controller = PlaybackController()
        run = Run(controller)
        controller.open(proxy)
        run.wait(lambda: any(index == 0 for index, _ in run.shown))

        rates, drops = [], []
        for _ in range(args.runs):
            rate, dropped = play_through(run, 1.0)
            rates.append(rate)
            drops.append(dropped)
        backwards = play_through(run, -1.0)
        double = play_through(run, 2.0)

        warm = [measure_seek(run, target) for target in targets]  # mostly cached by now
        seeks = []  # frames not in the cache at the time of the seek: decoded from a keyframe
        while len(seeks) < args.seeks:
            server = controller.server_a
            assert server is not None
            cached = set(server.cached_indices())
            target = rng.choice([index for index in range(FRAMES) if index not in cached])
            seeks.append(measure_seek(run, target))
        controller.close()
        scrub = None
        if args.scrub_seeks > 0:
            scrub = scrub_case(proxy, scrub_targets(random.Random(11), args.scrub_seeks), args.look)

    load = os.getloadavg()
    print(f"proxy: {WIDTH}x{HEIGHT} {FPS} fps, {FRAMES} frames, {size_mb:.1f} MB, GOP 1 s")
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f}")
    print(f"baseline: raw sequential PyAV decode to rgb24 {decode_fps:.0f} fps")
    print(
        f"baseline: raw PyAV seek + decode to the frame median "
        f"{statistics.median(raw_seeks):.1f} ms, max {max(raw_seeks):.1f} ms"
    )
    print("seek_*: frames that were not cached when seek() was called")
    print(f"playback runs at 1x: fps {[round(r, 2) for r in rates]}, dropped % {drops}")
    print(f"backwards at 1x: fps {backwards[0]:.2f}, dropped {backwards[1]:.2f} %")
    print(f"forwards at 2x: fps {double[0]:.2f} (of 48), dropped {double[1]:.2f} %")
    print(
        f"seek to any random frame (most are cached): median {statistics.median(warm):.1f} ms, "
        f"max {max(warm):.1f} ms"
    )
    print(
        f"bench_viewer: fps={statistics.median(rates):.2f} "
        f"dropped={statistics.median(drops):.2f} "
        f"seek_median_ms={statistics.median(seeks):.1f} seek_max_ms={max(seeks):.1f}"
    )
    if scrub is not None:
        print_scrub(scrub)
    if args.playlist_runs > 0:  # 10 versions across 5 shots, played through in one go
        run_playlist_case(args.playlist_runs)


def print_scrub(scrub: tuple[list[float], list[float], float]) -> None:
    naive, cached, hits = scrub
    naive_ms, cached_ms = statistics.median(naive), statistics.median(cached)
    print(
        f"scrubbing: {len(cached)} seeks within 3 s of the frame under discussion, "
        f"{100 * hits:.0f} % in memory when asked; cached p90 "
        f"{statistics.quantiles(cached, n=10)[-1]:.1f} ms, max {max(cached):.1f} ms; "
        f"naive max {max(naive):.1f} ms"
    )
    print(
        f"bench_scrub: naive_seek_median_ms={naive_ms:.1f} "
        f"cached_seek_median_ms={cached_ms:.1f} seek_ratio={cached_ms / naive_ms:.2f}"
    )


if __name__ == "__main__":
    main()
