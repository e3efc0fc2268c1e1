"""bench_exr: EXR decode, OpenEXR (media/exr.py) against PyAV (FFmpeg), per compression.

    .venv/bin/python benchmarks/bench_exr.py [--repeats 9]

1080p RGB frames (the test pattern made scene-linear, plus a little grain so the codecs have
real work) are written with OpenEXR as half and float with zip, piz and dwaa. Each is decoded
to a VideoFrame both ways; prints whether both give the same picture (FFmpeg 8.1 gets PIZ
and DWAA wrong here: zeroed blocks, approximate DWA), the medians, the
ratio OpenEXR/PyAV (< 1: OpenEXR is faster), the layout check that runs before either, and
the throughput of a 8-frame sequence decoded by AXIOM's parallel image workers.
media/exr.py reads every EXR with OpenEXR: it won on every compression measured.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import av
import numpy as np
import OpenEXR

from axiom_publisher.media import decode_threads, exr
from axiom_publisher.media.exr_layout import read_layout
from axiom_publisher.media.framehash import frame_md5
from axiom_publisher.media.synth_pictures import test_pattern

WIDTH, HEIGHT = 1920, 1080
COMPRESSIONS = {
    "zip": OpenEXR.ZIP_COMPRESSION,
    "piz": OpenEXR.PIZ_COMPRESSION,
    "dwaa": OpenEXR.DWAA_COMPRESSION,
}


def write(path: Path, dtype: str, compression: object, index: int = 0) -> Path:
    picture = test_pattern(WIDTH, HEIGHT, index, 24).astype(np.float32) / 255.0
    grain = np.random.default_rng(index).normal(0, 0.01, picture.shape).astype(np.float32)
    linear = (picture**2.2) * 2.0 + grain
    channels = {name: linear[..., i].astype(dtype) for i, name in enumerate("RGB")}
    header = {"compression": compression, "type": OpenEXR.scanlineimage}
    OpenEXR.File(header, channels).write(str(path))
    return path


def pyav_frame(path: Path) -> av.VideoFrame:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "SLICE"  # as decode.decode_image does for one picture
        return next(container.decode(stream))


def openexr_frame(path: Path) -> av.VideoFrame:
    return exr.read(path, exr.plan(path))


def median_ms(call: Callable[[], object], repeats: int) -> float:
    call()  # warm up (page cache, pools)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def sequence_fps(files: list[Path], read: Callable[[Path], object]) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(decode_threads.SEQUENCE_WORKERS) as pool:
        list(pool.map(read, files))
    return len(files) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    repeats = parser.parse_args().repeats
    print(f"bench_exr: {WIDTH}x{HEIGHT} RGB, medians of {repeats}; ratio = OpenEXR/PyAV")
    with tempfile.TemporaryDirectory() as folder:
        for dtype, depth in (("f2", "half"), ("f4", "float")):
            for name, compression in COMPRESSIONS.items():
                path = write(Path(folder) / f"{depth}_{name}.exr", dtype, compression)
                same = frame_md5(pyav_frame(path)) == frame_md5(openexr_frame(path))
                pyav_ms = median_ms(functools.partial(pyav_frame, path), repeats)
                openexr_ms = median_ms(functools.partial(openexr_frame, path), repeats)
                check_ms = median_ms(functools.partial(read_layout, path), repeats)
                files = [
                    write(Path(folder) / f"seq_{depth}_{name}.{i}.exr", dtype, compression, i)
                    for i in range(8)
                ]
                pyav_fps = sequence_fps(files, pyav_frame)
                openexr_fps = sequence_fps(files, openexr_frame)
                print(
                    f"{depth:5} {name:4} {path.stat().st_size / 2**20:5.1f} MiB  "
                    f"pyav={pyav_ms:6.1f} ms  openexr={openexr_ms:6.1f} ms  "
                    f"ratio={openexr_ms / pyav_ms:4.2f}  layout check={check_ms:5.2f} ms  "
                    f"sequence: pyav={pyav_fps:5.1f} fps openexr={openexr_fps:5.1f} fps  "
                    f"same picture: {'yes' if same else 'NO (FFmpeg decodes it wrongly)'}"
                )


if __name__ == "__main__":
    main()
