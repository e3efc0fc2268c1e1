"""bench_scale: the single pass's memory stays flat and its time proportional to length.

    .venv/bin/python benchmarks/bench_scale.py [--frames 500 2000] [--codec png]

Writes a 1080p image sequence (PNG by default: small on disk) of the longest length, then
analyses the first N frames of it for each N in its own process (file hashes, frame hashes,
statistics, 720p proxy, thumbnail) and reports, per length, the wall time, the time per
frame and the peak resident memory (ru_maxrss of that process). Prints one line a length:
  bench_scale frames=<n>: seconds=<s> ms_per_frame=<x> peak_rss_mib=<m>
and a last line comparing the longest with the shortest:
  bench_scale: time_ratio=<r> (frames ratio <f>) rss_ratio=<r>
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from axiom_publisher.media.synth import write_sequence

CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.types import Source, SourceFile
from axiom_publisher.media.analyze import AnalysisOptions, analyze_source
folder, codec, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
files = tuple(SourceFile(folder / f"plate.{1001 + i:04d}.{codec}", 1001 + i) for i in range(count))
source = Source(files, f"plate.####.{codec}", codec, FrameRange(1001, 1000 + count), padding=4)
with tempfile.TemporaryDirectory() as scratch:
    start = time.perf_counter()
    result = analyze_source(source, Path(scratch), options=AnalysisOptions(first_frame=1001))
    seconds = time.perf_counter() - start
assert result.facts.decoded_frames == count, result.facts.problems
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mib": peak}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description="memory and time of the single pass by length")
    parser.add_argument("--frames", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--codec", default="png", choices=["png", "exr", "dpx", "jpg"])
    args = parser.parse_args()
    lengths = sorted(args.frames)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        work = Path(folder)
        print(f"# writing {lengths[-1]} frames of 1920x1080 {args.codec}...", flush=True)
        write_sequence(work, "plate", 1001, 1000 + lengths[-1], width=1920, height=1080,
                       codec=args.codec)  # fmt: skip
        results = {}
        for count in lengths:
            done = subprocess.run([sys.executable, "-c", CHILD, str(work), args.codec, str(count)],
                                  check=True, capture_output=True, text=True)  # fmt: skip
            results[count] = json.loads(done.stdout.strip().splitlines()[-1])
            seconds, rss = results[count]["seconds"], results[count]["peak_rss_mib"]
            per_frame = 1000 * seconds / count
            print(f"bench_scale frames={count}: seconds={seconds:.1f} "
                  f"ms_per_frame={per_frame:.1f} peak_rss_mib={rss:.0f}", flush=True)  # fmt: skip
        short, long = results[lengths[0]], results[lengths[-1]]
        print(f"bench_scale: time_ratio={long['seconds'] / short['seconds']:.2f} "
              f"(frames ratio {lengths[-1] / lengths[0]:.2f}) "
              f"rss_ratio={long['peak_rss_mib'] / short['peak_rss_mib']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
