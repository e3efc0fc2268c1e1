"""bench_farm: a delivery of one-second clips ingested in-process against on the farm.

    .venv/bin/python benchmarks/bench_farm.py [--clips 20] [--size 1280x720] [--runs 1]

The clips are H.264, 24 frames at 24 fps (one second), all different pictures, matched to
shots sh001.. by an [ingest] rule. Each variant starts from a fresh SQLite database and
publish root and does the whole work (analysis: hashes, QC statistics, proxy, thumbnail;
staging, commit, database):

- inprocess: `run_ingest` with the default workers (threads over the machine's cores);
- serial (a comment): `run_ingest(workers=1)`, one item after the other, in this process;
- farm_1worker / farm_2workers: `submit_ingest` (one farm job per clip) served by that many
  real `axiom worker` processes on a Redis child of the benchmark's own; the workers are
  started before the clock starts, which starts when each of them (by its own name) is
  idle in RQ, waiting for a job, and stops when the run's record ends;
- idle (a comment): a worker started and stopped with no job, for its start-up's CPU.

overhead_per_job_ms = (CPU of farm_1worker - CPU of idle - CPU of serial) / clips, all
measured in the same run (each variant once per run; the median over --runs): what running an
item as a farm job (RQ's dequeue and bookkeeping, a work horse forked per job, the job's
database connection, the row's claim, progress and end, the item's ordering) costs a node
on top of the same work done serially in one process. The farm's CPU is its worker
processes' and their work horses' (RUSAGE_CHILDREN: each horse is reaped by its worker,
each worker by this process). CPU, not wall time: on a shared machine the wall time
measures the others' load as much as the farm (the comment line gives the wall overhead
and the load average too). The comment line also gives each variant's CPU per clip, which
is what a node spends per job: throughput scales with nodes until the shared database and
publish root, not the nodes, are the limit (docs/farm.md, Throughput and overhead).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from redis import Redis

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.ingest import IngestRule
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec
from axiom_publisher.farm.submit import submit_ingest
from axiom_publisher.media.synth import write_clip
from axiom_publisher.publish import catalog
from axiom_publisher.publish.ingest import get_run, run_ingest, scan_delivery
from axiom_publisher.publish.root import ensure_publish_root
from axiom_publisher.publish.service import PublishService

RULES = [IngestRule(r"(?P<shot>sh\d{3})_plate")]
REPO = Path(__file__).resolve().parents[1]
CPU: dict[str, list[float]] = {}


def _environment(home: Path, work: Path, redis_url: str) -> dict[str, str]:
    return {
        "AXIOM_DATA_DIR": str(home), "AXIOM_USER_CONFIG": str(work / "none.toml"),
        "AXIOM_FARM_REDIS_URL": redis_url,
    }  # fmt: skip


def _settings(env: dict[str, str], clips: int, width: int, height: int) -> Settings:
    settings = load_settings(env)
    ensure_publish_root(settings)  # the default root, made here: the workers must see it
    with PublishService.open(settings) as service:
        catalog.create_project(
            service.database, ProjectSpec("bench", "bench", width=width, height=height)
        )
        for number in range(1, clips + 1):
            catalog.create_entity(
                service.database, EntitySpec("bench", f"sh{number:03d}", EntityKind.SHOT)
            )
    return settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    folder.mkdir(parents=True)
    child = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return child, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    child.kill()
    raise SystemExit("bench_farm: redis-server did not start")


def _timed(action: Callable[[], object], variant: str) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    action()
    CPU.setdefault(variant, []).append(time.process_time() - cpu)
    return time.perf_counter() - start


def _workers(
    env: dict[str, str], settings: Settings, count: int, work: Path, url: str
) -> list[subprocess.Popen[bytes]]:
    nodes, names = [], []
    for number in range(count):
        scratch = work / f"node{number}-{time.monotonic_ns()}"
        scratch.mkdir()
        names.append(scratch.name)  # a name of its own: an earlier run's worker is not it
        node_env = dict(os.environ, **env, TMPDIR=str(scratch), AXIOM_WORKER_HOST=f"n{number}")
        nodes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "axiom_publisher",
                    "--root",
                    str(settings.publish_root),
                    "worker",
                    "--name",
                    scratch.name,
                ],
                env=node_env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip
        )
    connection = Redis.from_url(url)
    deadline = time.monotonic() + 120
    # Listening before the clock starts: each of these workers is idle (RQ sets it when it
    # waits for a job, after its start-up), not only registered.
    while any(connection.hget(f"rq:worker:{name}", "state") != b"idle" for name in names):
        if time.monotonic() > deadline:
            raise SystemExit("bench_farm: the workers did not start")
        time.sleep(0.05)
    return nodes


def _farm(settings: Settings, delivery: Path, clips: int) -> None:
    plan = scan_delivery(settings, delivery, "bench", RULES)
    run_id, _ = submit_ingest(settings, plan)
    while True:
        run = get_run(settings, run_id)
        if run.ended_at is not None:
            _check(run, clips)
            return
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="bench-farm-") as scratch:
        work = Path(scratch)
        delivery = work / "delivery"
        for number in range(1, args.clips + 1):
            write_clip(
                delivery / f"sh{number:03d}_plate.mov", frames=24, width=width, height=height,
                cut_at=number % 23 + 1,
            )  # fmt: skip
        redis, url = _redis(work / "redis")
        try:
            results = _measure(args, work, delivery, url, width, height)
        finally:
            redis.terminate()
            redis.wait()
    median = {name: statistics.median(times) for name, times in results.items()}
    cpu = {name: statistics.median(times) for name, times in CPU.items()}
    wall_overhead = (median["farm_1worker"] - median["serial"]) / args.clips * 1000
    # per run (its variants ran back to back, under the same load), then the median
    per_run = [
        (farm - idle - serial) / args.clips * 1000
        for farm, idle, serial in zip(CPU["farm_1worker"], CPU["idle"], CPU["serial"], strict=True)
    ]
    overhead = statistics.median(per_run)
    print(
        f"# {args.clips} clips of 24 frames at {width}x{height} (H.264), {os.cpu_count()} "
        f"cores, median of {args.runs} run(s): serial={median['serial']:.3f} s; CPU s per "
        f"clip: serial {cpu['serial'] / args.clips:.3f}, farm 1 worker "
        f"{(cpu['farm_1worker'] - cpu['idle']) / args.clips:.3f}, farm 2 workers "
        f"{(cpu['farm_2workers'] - 2 * cpu['idle']) / args.clips:.3f} (worker processes and "
        f"their work horses, less an idle worker's {cpu['idle']:.2f} s start and stop); wall "
        f"overhead per job {wall_overhead:.0f} ms; CPU overhead per job of each run "
        f"{', '.join(f'{ms:.0f}' for ms in per_run)} ms; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"bench_farm: inprocess={median['inprocess']:.3f} "
        f"farm_1worker={median['farm_1worker']:.3f} farm_2workers={median['farm_2workers']:.3f} "
        f"overhead_per_job_ms={overhead:.0f}"
    )


def _measure(
    args: argparse.Namespace, work: Path, delivery: Path, url: str, width: int, height: int
) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}
    for run in range(args.runs):
        for name in ("inprocess", "serial", "idle", "farm_1worker", "farm_2workers"):
            env = _environment(work / f"{name}{run}", work, url)
            settings = _settings(env, args.clips, width, height)
            seconds = _variant(name, env, settings, delivery, args.clips, work, url)
            results.setdefault(name, []).append(seconds)
            _remove(work / f"{name}{run}")
    return results


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _variant(
    name: str,
    env: dict[str, str],
    settings: Settings,
    delivery: Path,
    clips: int,
    work: Path,
    url: str,
) -> float:
    """Wall seconds of variant `name`; its CPU seconds go to CPU[name] (for the farm: the
    worker processes' and their work horses', from their start to their stop)."""
    plan = scan_delivery(settings, delivery, "bench", RULES)
    if name == "inprocess":
        return _timed(lambda: _check(run_ingest(settings, plan), clips), name)
    if name == "serial":
        return _timed(lambda: _check(run_ingest(settings, plan, workers=1), clips), name)
    before = _children_cpu()
    nodes = _workers(env, settings, 2 if name == "farm_2workers" else 1, work, url)
    try:
        start = time.perf_counter()
        if name != "idle":
            _farm(settings, delivery, clips)
        return time.perf_counter() - start
    finally:
        _stop(nodes)
        CPU.setdefault(name, []).append(_children_cpu() - before)


def _stop(nodes: list[subprocess.Popen[bytes]]) -> None:
    """Stop the workers as an operator does: SIGTERM (RQ's warm shutdown), again after 10 s
    (RQ ignores a SIGTERM that lands in some of its own steps, such as its start), and
    SIGKILL after a minute; each is waited for, so its CPU counts in RUSAGE_CHILDREN."""
    for node in nodes:
        deadline = time.monotonic() + 60
        while node.poll() is None:
            if time.monotonic() > deadline:
                os.killpg(node.pid, signal.SIGKILL)
                node.wait()
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(node.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                node.wait(timeout=10)


def _remove(folder: Path) -> None:
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder, ignore_errors=True)


def _check(run: object, clips: int) -> None:
    published = getattr(run, "published", None)
    if published != clips:
        raise SystemExit(f"bench_farm: expected {clips} published, got {published}: {run}")


if __name__ == "__main__":
    main()
