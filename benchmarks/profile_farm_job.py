"""profile_farm_job: where the time of one farm job goes, inside a real `axiom worker`.

    .venv/bin/python benchmarks/profile_farm_job.py [--clips 4] [--size 1280x720] [--top 25]
        [--times-only] [--sql] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432]

A delivery of `--clips` one-second clips is ingested on the farm (one ingest_item job per
clip) by one real forking RQ worker (this script run as `--worker`: the axiom worker with
RQ's Worker patched to observe, nothing else changed) on a Redis child of its own. Per job:
phase timestamps (dequeue, fork, RQ's bookkeeping, AXIOM's job, the horse's end, the reap);
SQL statements (those compiled in the horse), transactions and new connections (SQLAlchemy
events); the horse's CPU and system time (getrusage in the horse) and the worker's own CPU;
the modules imported after the fork; a cProfile of the first and the last horse (not with
--times-only, whose timings it would inflate). The first job shows a cold horse, the later
ones the steady state (medians printed).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = "AXIOM_PROFILE_OUT"
NO_PROFILE = "AXIOM_PROFILE_TIMES_ONLY"


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _worker() -> None:
    """Run as `--worker`: an axiom worker (burst) whose RQ Worker records its jobs."""
    from rq.worker import Worker
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    out = Path(os.environ[OUT])
    counts = {"statements": 0, "compiled": 0, "transactions": 0, "connections": 0}
    marks: dict[str, Any] = {}
    sql: list[str] = []
    profiling = not os.environ.get(NO_PROFILE)

    def statement(conn: Any, cursor: Any, text: str, params: Any, context: Any, many: Any) -> None:
        counts["statements"] += 1
        stats = context._get_cache_stats() if context is not None else ""  # "generated in"...
        counts["compiled"] += int(stats.startswith("generated"))
        mark = "compiled" if stats.startswith("generated") else "        "
        sql.append(f"{mark} " + " ".join(text.split())[:100])

    def begin(*args: Any) -> None:
        counts["transactions"] += 1
        sql.append("-- transaction")

    def connect(*args: Any) -> None:
        counts["connections"] += 1

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Engine, "begin", begin)
    event.listen(Engine, "connect", connect)  # pool event, on Engine: every new connection

    original_execute = Worker.execute_job
    original_horse = Worker.main_work_horse
    original_prepare = Worker.prepare_job_execution

    def execute_job(self: Any, job: Any, queue: Any) -> Any:
        start, own = time.time(), _cpu()
        original_execute(self, job, queue)
        worker_cpu = _cpu() - own  # the worker's own: dequeue, fork, wait, bookkeeping
        record = json.loads((out / f"{job.id}.json").read_text())
        record["dequeued"] = start
        record["rq_id"] = job.id
        record["worker_end"] = time.time()
        record["worker_cpu"] = worker_cpu
        (out / f"{job.id}.json").write_text(json.dumps(record))

    def main_work_horse(self: Any, job: Any, queue: Any) -> Any:
        marks.update(horse_start=time.time(), cpu0=_cpu(), sys0=resource.getrusage(0).ru_stime)
        modules = set(sys.modules)
        for key in counts:
            counts[key] = 0
        sql.clear()
        profile = cProfile.Profile()
        if profiling:
            profile.enable()
        exit_code = 0

        real_exit = os._exit

        def record_exit(code: int) -> None:
            if profiling:
                profile.disable()
                profile.dump_stats(str(out / f"{job.id}.prof"))
            record = {
                "sql": sql,
                **{k: v for k, v in marks.items() if k not in ("cpu0", "sys0")},
                **counts,
                "horse_end": time.time(),
                "horse_cpu": _cpu() - marks["cpu0"],
                "horse_sys": resource.getrusage(0).ru_stime - marks["sys0"],
                "imported": sorted(set(sys.modules) - modules),
                "code": code,
            }
            (out / f"{job.id}.json").write_text(json.dumps(record))
            real_exit(code)

        os._exit = record_exit  # type: ignore[assignment]
        original_horse(self, job, queue)
        record_exit(exit_code)

    def prepare(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original_prepare(self, *args, **kwargs)
        marks["prepare_out"] = time.time()
        return result

    Worker.execute_job = execute_job  # type: ignore[method-assign]
    Worker.main_work_horse = main_work_horse  # type: ignore[method-assign]
    Worker.prepare_job_execution = prepare  # type: ignore[method-assign]

    import axiom_publisher.farm.entry as entry

    original_perform = entry.perform_job

    def perform_job(job_id: int) -> int | None:
        marks["perform_in"] = time.time()
        try:
            return original_perform(job_id)
        finally:
            marks["perform_out"] = time.time()

    entry.perform_job = perform_job  # type: ignore[assignment]

    from axiom_publisher.cli import main

    sys.exit(main(["--root", sys.argv[2], "worker", "--burst"]))


PHASES = (
    ("fork", "dequeued", "horse_start"),
    ("rq_prepare", "horse_start", "prepare_out"),
    ("to_perform", "prepare_out", "perform_in"),
    ("perform", "perform_in", "perform_out"),
    ("rq_success", "perform_out", "horse_end"),
    ("reap", "horse_end", "worker_end"),
    ("total", "dequeued", "worker_end"),
)


def _table(records: list[dict[str, Any]]) -> str:
    head = ["job", *(name for name, _, _ in PHASES), "cpu", "stmts", "compiled", "txns", "conns"]
    lines = ["  ".join(f"{h:>10}" for h in head)]
    for number, record in enumerate(records):
        cells = [str(number)]
        cells += [f"{(record[b] - record[a]) * 1000:.0f}ms" for _, a, b in PHASES]
        cells += [f"{record['horse_cpu'] * 1000:.0f}ms", str(record["statements"])]
        cells += [str(record["compiled"])]
        cells += [str(record["transactions"]), str(record["connections"])]
        lines.append("  ".join(f"{c:>10}" for c in cells))
    return "\n".join(lines)


def _medians(records: list[dict[str, Any]]) -> str:
    parts = []
    for name, a, b in PHASES:
        parts.append(f"{name}={statistics.median(r[b] - r[a] for r in records) * 1000:.0f}ms")
    for key in ("horse_cpu", "horse_sys", "worker_cpu"):
        parts.append(f"{key}={statistics.median(r[key] for r in records) * 1000:.0f}ms")
    for key in ("statements", "compiled", "transactions", "connections"):
        parts.append(f"{key}={statistics.median(r[key] for r in records):.0f}")
    return " ".join(parts)


def _top(path: Path, top: int) -> str:
    text = io.StringIO()
    stats = pstats.Stats(str(path), stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    return text.getvalue()


def main() -> None:
    if sys.argv[1:2] == ["--worker"]:
        _worker()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=4)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL server (postgresql+psycopg://USER@HOST:PORT)"
        ": a database of its own is made there and dropped after (default: an SQLite file)",
    )  # fmt: skip
    parser.add_argument("--keep", type=Path, help="copy the profiles and records here")
    parser.add_argument(
        "--times-only", action="store_true", help="no cProfile (its cost hides the timings)"
    )
    parser.add_argument("--sql", action="store_true", help="list the last job's SQL")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import bench_farm

    from axiom_publisher.farm.submit import submit_ingest
    from axiom_publisher.media.synth import write_clip
    from axiom_publisher.publish.ingest import get_run, scan_delivery

    width, height = (int(part) for part in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="profile-farm-") as scratch:
        work = Path(scratch)
        delivery = work / "delivery"
        for number in range(1, args.clips + 1):
            write_clip(
                delivery / f"sh{number:03d}_plate.mov", frames=24, width=width, height=height,
                cut_at=number % 23 + 1,
            )  # fmt: skip
        redis, url = bench_farm._redis(work / "redis")
        out = work / "out"
        out.mkdir()
        try:
            env = bench_farm._environment(work / "home", work, url)
            if args.postgres:
                env["AXIOM_DB_URL"] = _create_database(args.postgres)
            settings = bench_farm._settings(env, args.clips, width, height)
            plan = scan_delivery(settings, delivery, "bench", bench_farm.RULES)
            run_id, _ = submit_ingest(settings, plan)
            scratch_tmp = work / "node"
            scratch_tmp.mkdir()
            node_env = dict(
                os.environ, **env, TMPDIR=str(scratch_tmp), AXIOM_WORKER_HOST="n0",
                **{OUT: str(out)}, **({NO_PROFILE: "1"} if args.times_only else {}),
            )  # fmt: skip
            started = time.perf_counter()
            command = [sys.executable, str(Path(__file__).resolve()), "--worker"]
            command.append(str(settings.publish_root))
            subprocess.run(command, env=node_env, cwd=REPO, check=True)
            wall = time.perf_counter() - started
            run = get_run(settings, run_id)
            records = sorted(
                (json.loads(path.read_text()) for path in out.glob("*.json")),
                key=lambda record: record["dequeued"],
            )
            print(f"# {args.clips} clips, {run.published} published, worker wall {wall:.2f} s")
            print(_table(records))
            if len(records) > 1:
                print("median of the jobs after the first:", _medians(records[1:]))
            print("modules the last horse imported:", len(records[-1]["imported"]))
            print(" ".join(sorted({name.split(".")[0] for name in records[-1]["imported"]})))
            if args.sql:
                print("\n## SQL of the last job\n" + "\n".join(records[-1]["sql"]))
            for label, record in (("first", records[0]), ("last", records[-1])):
                if args.times_only:
                    break
                print(f"\n## cProfile of the {label} job's work horse (cumulative)")
                print(_top(out / f"{record['rq_id']}.prof", args.top))
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for path in out.iterdir():
                    (args.keep / path.name).write_bytes(path.read_bytes())
        finally:
            redis.terminate()
            redis.wait()
            if args.postgres:
                _drop_database(env["AXIOM_DB_URL"])


def _create_database(server: str) -> str:
    import sqlalchemy as sa

    name = f"profile_farm_{os.getpid()}"
    engine = sa.create_engine(f"{server.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{server.rstrip('/')}/{name}"


def _drop_database(url: str) -> None:
    import sqlalchemy as sa

    server, name = url.rsplit("/", 1)
    engine = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


if __name__ == "__main__":
    main()
