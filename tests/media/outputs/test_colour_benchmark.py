"""ns/pixel of DisplayTransform, exact vs baked, at 1280x720: a measurement, never a timed test.

Skipped unless AXIOM_BENCH is set; run with
`AXIOM_BENCH=1 .venv/bin/pytest -s tests/media/outputs/test_colour_benchmark.py` or
`.venv/bin/python -m tests.media.outputs.test_colour_benchmark`. It prints, asserts nothing
about time.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from axiom_publisher.media import colour
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
    colour.clear_baked_cache()
    start = time.perf_counter()
    DisplayTransform()
    lines.append(f"bake 65^3: {time.perf_counter() - start:.3f} s (first construction)")
    start = time.perf_counter()
    DisplayTransform()
    lines.append(f"cached construction: {(time.perf_counter() - start) * 1e3:.1f} ms")
    for quality, repeats in (("exact", 3), ("baked", 20)):
        transform = DisplayTransform(quality=quality)
        for threads in (1, transform._threads):
            transform._threads = threads
            seconds = _best_seconds(transform, picture, repeats)
            lines.append(
                f"{quality} {threads} thread(s): {seconds / pixels * 1e9:.0f} ns/pixel, "
                f"{seconds * 1e3:.1f} ms per {WIDTH}x{HEIGHT} frame"
            )
    return lines


@pytest.mark.skipif(not os.environ.get("AXIOM_BENCH"), reason="a measurement: set AXIOM_BENCH=1")
def test_report_ns_per_pixel() -> None:
    print("\n" + "\n".join(measure()))


if __name__ == "__main__":
    print("\n".join(measure()))
