"""bench_commit: the cost of AXIOM's safe publish against the shell way and a bare copy.

    .venv/bin/python benchmarks/bench_commit.py [--frames 100] [--size-mib 2] [--runs 3]

(a) axiom: PublishService.publish of an N-frame sequence into a fresh SQLite database and
    publish root (SHA-256 of the sources, staging copy with fsync, re-hash, atomic rename,
    read-only, database commit);
(b) naive: what a script publisher runs for the same guarantees: `sha256sum` the sources,
    `cp` them, `sha256sum` the copies;
(c) copy: a bare `cp` (the floor);
(d) dedupe: publishing the same content again (hard links from the published copy).
Prints one line:
    bench_commit: axiom=<s> naive=<s> copy=<s> dedupe=<s> axiom/naive=<r> axiom/copy=<r>
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from axiom_publisher.config import load_settings
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
)
from axiom_publisher.publish import catalog
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100)
    parser.add_argument("--size-mib", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-commit-") as scratch:
        work = Path(scratch)
        source = work / "src"
        source.mkdir()
        for frame in range(1001, 1001 + args.frames):
            (source / f"plate.{frame}.exr").write_bytes(os.urandom(args.size_mib << 20))
        files = sorted(str(p) for p in source.iterdir())

        def axiom_publish(run: int, again: bool = False) -> float:
            home = work / f"axiom{run}"
            settings = load_settings(
                {"AXIOM_DATA_DIR": str(home), "AXIOM_USER_CONFIG": str(work / "none.toml")}
            )
            with PublishService.open(settings) as service:
                if not again:
                    catalog.create_project(service.database, ProjectSpec("bench", "bench"))
                    catalog.create_entity(
                        service.database, EntitySpec("bench", "sh010", EntityKind.SHOT)
                    )
                item = PublishItem(
                    PublishContext("bench", "sh010", "plate", "plate"),
                    (resolve_source(source / "plate.####.exr"),),
                )
                return _timed(lambda: service.publish(item))

        def naive(run: int) -> float:
            target = work / f"naive{run}"
            target.mkdir()

            def steps() -> None:
                subprocess.run(["sha256sum", *files], check=True, capture_output=True)
                subprocess.run(["cp", *files, str(target)], check=True)
                copies = sorted(str(p) for p in target.iterdir())
                subprocess.run(["sync", "-f", copies[0]], check=True)
                subprocess.run(["sha256sum", *copies], check=True, capture_output=True)

            return _timed(steps)

        def copy(run: int) -> float:
            target = work / f"copy{run}"
            target.mkdir()
            return _timed(lambda: subprocess.run(["cp", *files, str(target)], check=True))

        results: dict[str, list[float]] = {"axiom": [], "naive": [], "copy": [], "dedupe": []}
        for run in range(args.runs):  # interleaved so that load changes hit every variant alike
            results["naive"].append(naive(run))
            results["axiom"].append(axiom_publish(run))
            results["dedupe"].append(axiom_publish(run, again=True))
            results["copy"].append(copy(run))
            for leftover in work.glob(f"*{run}"):
                for path in leftover.rglob("*"):
                    if not path.is_symlink():
                        path.chmod(0o755 if path.is_dir() else 0o644)
                shutil.rmtree(leftover)
        median = {name: statistics.median(times) for name, times in results.items()}
        total = args.frames * args.size_mib
        print(
            f"# {args.frames} frames x {args.size_mib} MiB = {total} MiB, "
            f"median of {args.runs} runs"
        )
        print(
            f"bench_commit: axiom={median['axiom']:.3f} naive={median['naive']:.3f} "
            f"copy={median['copy']:.3f} dedupe={median['dedupe']:.3f} "
            f"axiom/naive={median['axiom'] / median['naive']:.2f} "
            f"axiom/copy={median['axiom'] / median['copy']:.2f}"
        )


if __name__ == "__main__":
    main()
