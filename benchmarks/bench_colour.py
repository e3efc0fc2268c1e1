"""bench_colour: ns/pixel of DisplayTransform, exact against baked, at 1280x720.

    .venv/bin/python benchmarks/bench_colour.py

The exact OCIO transform is the baseline measured in the same run; prints one line per
mode and thread count, and the baked/exact ratio.
"""

from __future__ import annotations

import time

import numpy as np

from axiom_publisher.media import colour_lut
from axiom_publisher.media.colour import DisplayTransform

WIDTH, HEIGHT = 1280, 720


def _best_seconds(transform: DisplayTransform, picture: np.ndarray, repeats: int) -> float:
    transform.apply(picture)  # warm up: pool threads, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        transform.apply(picture)
        times.append(time.perf_counter() - start)
    return min(times)


def measure() -> list[str]:
    rng = np.random.default_rng(0)
    picture = (rng.random((HEIGHT, WIDTH, 3)) ** 2 * 8).astype(np.float32)
    pixels = WIDTH * HEIGHT
    lines = []
    colour_lut.clear_baked_cache()
    start = time.perf_counter()
    DisplayTransform()
    lines.append(f"bake 65^3: {time.perf_counter() - start:.3f} s (first construction)")
    start = time.perf_counter()
    DisplayTransform()
    lines.append(f"cached construction: {(time.perf_counter() - start) * 1e3:.1f} ms")
    best: dict[str, float] = {}
    for quality, repeats in (("exact", 3), ("baked", 20)):
        transform = DisplayTransform(quality=quality)
        for threads in (1, transform._threads):
            transform._threads = threads
            seconds = _best_seconds(transform, picture, repeats)
            best[quality] = min(best.get(quality, seconds), seconds)
            lines.append(
                f"{quality} {threads} thread(s): {seconds / pixels * 1e9:.0f} ns/pixel, "
                f"{seconds * 1e3:.1f} ms per {WIDTH}x{HEIGHT} frame"
            )
    lines.append(f"bench_colour: baked/exact={best['baked'] / best['exact']:.3f}")
    return lines


if __name__ == "__main__":
    print("\n".join(measure()))
