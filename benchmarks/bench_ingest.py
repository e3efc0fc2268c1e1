"""bench_ingest: a delivery of 20 one-second clips, ingested in parallel against one by one.

    .venv/bin/python benchmarks/bench_ingest.py [--clips 20] [--size 1920x1080] [--runs 3]
                                                [--processes]

The clips are H.264 yuv420p at the project's default 1920x1080, 24 fps, 24 frames each,
all different pictures, matched to shots sh001..sh020 by an [ingest] rule. Each run starts
from a fresh SQLite database and publish root, and every variant does the whole publish
(analysis: hashes, QC statistics, 720p proxy, thumbnail; staging, commit, database):

- parallel: `run_ingest` with the default workers (the machine's cores), threads;
- serial (the baseline): a loop of `PublishService.publish`, one clip after the other, the
  way a wrangler publishes without ingest (`axiom publish` per file);
- workers1 (printed as a comment): `run_ingest(workers=1)`, the same run without parallelism;
- processes (with --processes, a comment): the analyses in a ProcessPoolExecutor of the same
  size instead of threads, then the same publishes (the alternative that was measured).

Runs are interleaved so that load changes hit every variant alike; medians are printed:
    bench_ingest: parallel=<s> serial=<s> ratio=<r>
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.ingest import IngestRule
from axiom_publisher.core.qc import QCSpec
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec, PublishItem
from axiom_publisher.db import repo
from axiom_publisher.media.analyze import AnalysisOptions
from axiom_publisher.media.synth import write_clip
from axiom_publisher.publish import catalog
from axiom_publisher.publish.ingest import default_workers, run_ingest, scan_delivery
from axiom_publisher.publish.inspect import (
    Inspection,
    analysis_options,
    inspect_sources,
    qc_spec,
)
from axiom_publisher.publish.service import PublishService

RULES = [IngestRule(r"(?P<shot>sh\d{3})_plate")]


def _settings(home: Path, work: Path, clips: int, width: int, height: int) -> Settings:
    settings = load_settings(
        {"AXIOM_DATA_DIR": str(home), "AXIOM_USER_CONFIG": str(work / "none.toml")}
    )
    with PublishService.open(settings) as service:
        catalog.create_project(
            service.database, ProjectSpec("bench", "bench", width=width, height=height)
        )
        for number in range(1, clips + 1):
            catalog.create_entity(
                service.database, EntitySpec("bench", f"sh{number:03d}", EntityKind.SHOT)
            )
    return settings


CPU: dict[str, list[float]] = {}  # variant -> CPU seconds of this process (all threads)


def _timed(action: Callable[[], object], variant: str = "") -> float:
    start, cpu = time.perf_counter(), time.process_time()
    action()
    CPU.setdefault(variant, []).append(time.process_time() - cpu)
    return time.perf_counter() - start


def _specs(settings: Settings, item: PublishItem) -> tuple[QCSpec, AnalysisOptions]:
    """What the analysis of `item` needs, computed here (Settings does not pickle)."""
    context = item.context
    with PublishService.open(settings) as service:
        project = service.database.run(lambda s: repo.get_project(s, context.project))
        entity = service.database.run(lambda s: repo.get_entity(s, "bench", context.entity))
    return qc_spec(settings, project, entity), analysis_options(settings, project, entity)


def _analyse(item: PublishItem, scratch: str, spec: QCSpec, options: AnalysisOptions) -> Inspection:
    return inspect_sources(item.sources, Path(scratch), spec=spec, options=options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", action="store_true")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as scratch:
        work = Path(scratch)
        delivery = work / "delivery"
        for number in range(1, args.clips + 1):  # a cut at a different frame: all different
            write_clip(
                delivery / f"sh{number:03d}_plate.mov", frames=24, width=width, height=height,
                cut_at=number % 23 + 1,
            )  # fmt: skip

        def fresh(name: str) -> Settings:
            return _settings(work / name, work, args.clips, width, height)

        def parallel(run: int) -> float:
            settings = fresh(f"parallel{run}")
            plan = scan_delivery(settings, delivery, "bench", RULES)
            return _timed(lambda: _check(run_ingest(settings, plan), args.clips), "parallel")

        def workers1(run: int) -> float:
            settings = fresh(f"workers1{run}")
            plan = scan_delivery(settings, delivery, "bench", RULES)
            return _timed(
                lambda: _check(run_ingest(settings, plan, workers=1), args.clips), "workers1"
            )

        def serial(run: int) -> float:
            settings = fresh(f"serial{run}")
            plan = scan_delivery(settings, delivery, "bench", RULES)
            items = [PublishItem(i.context, (i.source,)) for i in plan.items if i.context]

            def loop() -> None:
                with PublishService.open(settings) as service:
                    for item in items:
                        service.publish(item)

            return _timed(loop, "serial")

        def processes(run: int) -> float:
            settings = fresh(f"processes{run}")
            plan = scan_delivery(settings, delivery, "bench", RULES)
            items = [PublishItem(i.context, (i.source,)) for i in plan.items if i.context]

            def pool_then_publish() -> None:
                folders = [work / f"proc{run}-{n}" for n in range(len(items))]
                for folder in folders:
                    folder.mkdir()
                workers = default_workers(settings)
                with ProcessPoolExecutor(workers) as pool, PublishService.open(settings) as svc:
                    futures = [
                        pool.submit(_analyse, item, str(folder), *_specs(settings, item))
                        for item, folder in zip(items, folders, strict=True)
                    ]
                    for item, future in zip(items, futures, strict=True):
                        svc.publish(item, inspection=future.result())

            return _timed(pool_then_publish)

        variants: dict[str, Callable[[int], float]] = {
            "parallel": parallel, "serial": serial, "workers1": workers1,
        }  # fmt: skip
        if args.processes:
            variants["processes"] = processes
        results: dict[str, list[float]] = {name: [] for name in variants}
        for run in range(args.runs):
            for name, variant in variants.items():
                results[name].append(variant(run))
                _remove(work / f"{name}{run}")
        median = {name: statistics.median(times) for name, times in results.items()}
        extra = " ".join(f"{name}={seconds:.3f}" for name, seconds in median.items())
        used = " ".join(
            f"{name}={statistics.median(CPU[name]) / median[name]:.2f}"
            for name in ("parallel", "serial", "workers1")
        )
        print(
            f"# {args.clips} clips of 24 frames at {width}x{height} 24 fps (H.264), "
            f"{default_workers(fresh('probe'))} workers, {os.cpu_count()} cores, "
            f"median of {args.runs} runs: {extra}; cores busy (CPU s / wall s): {used}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"bench_ingest: parallel={median['parallel']:.3f} serial={median['serial']:.3f} "
            f"ratio={median['parallel'] / median['serial']:.2f}"
        )


def _remove(folder: Path) -> None:
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder, ignore_errors=True)


def _check(run: object, clips: int) -> None:
    published = getattr(run, "published", None)
    if published != clips:
        raise SystemExit(f"bench_ingest: expected {clips} published, got {published}: {run}")


if __name__ == "__main__":
    main()
