"""`axiom ingest`: publish a delivery folder in one go, watch a drop folder, list the runs.

    axiom ingest DIR --project P [--rules FILE] [--dry-run] [--json] [--allow-duplicates]
                 [--workers N]
    axiom ingest --watch DIR --project P [--settle SECONDS] [--once]
    axiom ingest runs [--project P] [--json]
    axiom ingest show RUN_ID [--json]

Exit codes: 0 nothing failed, 1 an item failed QC or its publish or was refused (a link
out of the delivery, a name with a control character), 2 bad input, 130
cancelled (Ctrl-C stops cleanly: the publish in progress is rolled back, the run recorded).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from axiom_publisher.cli.common import add_json, local_path, print_json, table
from axiom_publisher.cli.ingest_help import add_ingest_help
from axiom_publisher.config import Settings
from axiom_publisher.config.ingest import read_rules_file
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.ingest import IngestPlan, IngestRun, ItemResult, run_json
from axiom_publisher.core.types import ProgressEvent
from axiom_publisher.publish.ingest import (
    WatchEvent,
    WatchStatus,
    get_run,
    list_runs,
    run_ingest,
    scan_delivery,
    watch,
    watch_once,
)
from axiom_publisher.publish.inspect import given_colourspace

USAGE = "DIR | runs | show RUN_ID"


def register(commands: Any) -> None:
    """Add `ingest` to the `axiom` subcommands."""
    ingest = commands.add_parser(
        "ingest",
        help="publish a delivery folder in one go; watch a drop folder; list the runs",
        description="Scan DIR recursively (movies, image sequences, stills, files), match each "
        "item to a shot or asset with the [ingest] rules, QC all in parallel and publish the "
        "passing ones; duplicates of published content are skipped. `runs` lists the "
        "recorded runs, `show RUN_ID` one run's items.",
        add_help=False,
    )
    add_ingest_help(ingest)  # `axiom ingest runs|show --help`: their own help
    ingest.add_argument("words", nargs="*", metavar=USAGE)
    ingest.add_argument("--project", help="the project the delivery is for")
    ingest.add_argument(
        "--rules",
        type=Path,
        metavar="FILE",
        help="a TOML file of [[rules]] instead of the config's",
    )
    ingest.add_argument("--dry-run", action="store_true", help="QC and report; write nothing")
    add_json(ingest)
    ingest.add_argument(
        "--allow-duplicates", action="store_true", help="publish content already published"
    )
    ingest.add_argument("--workers", type=int, metavar="N", help="items analysed at once")
    ingest.add_argument(
        "--colorspace",
        metavar="NAME",
        help="the colour space of every item, a name of the OCIO config; overrides what the "
        "files declare (default: read from each file's colour tags and headers)",
    )
    ingest.add_argument(
        "--farm",
        action="store_true",
        help="record the run and queue one farm job per matched item ([farm]); print the "
        "run and job ids (`axiom jobs --watch`, then `axiom ingest show RUN_ID`)",
    )
    ingest.add_argument("--watch", type=Path, metavar="DIR", help="watch a drop folder")
    ingest.add_argument(
        "--settle", type=float, metavar="SECONDS", help="with --watch: unchanged this long"
    )
    ingest.add_argument("--once", action="store_true", help="with --watch: look once and exit")
    ingest.add_argument("--limit", type=int, default=100, metavar="N", help="runs: how many")
    ingest.set_defaults(handler=cmd_ingest, cancellable=True)  # checks args.cancel


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    words: list[str] = args.words
    if args.watch is not None:
        if words:
            raise BadInputError("axiom ingest --watch DIR takes no other folder")
        return _watch(args, settings)
    if args.once or args.settle is not None:
        raise BadInputError("axiom ingest: --once and --settle go with --watch DIR")
    if words == ["runs"]:
        return _runs(args, settings)
    if len(words) == 2 and words[0] == "show":
        try:
            run_id = int(words[1])
        except ValueError:
            raise BadInputError(f"axiom ingest show: {words[1]!r} is not a run id") from None
        return _show(get_run(settings, run_id), args.json)
    if len(words) != 1:
        raise BadInputError(f"axiom ingest: give {USAGE} (see `axiom ingest --help`)")
    return _ingest(args, settings, Path(settings.roots.local(words[0])))  # any OS's form


def _project(args: argparse.Namespace) -> str:
    if not args.project:
        raise BadInputError("axiom ingest: --project P is required")
    return str(args.project)


class _Bar:
    """A progress bar on a terminal's stderr; silent elsewhere."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, event: ProgressEvent) -> None:
        if not self.enabled or not event.total:
            return
        filled = round(24 * event.done / event.total)
        bar = "#" * filled + "." * (24 - filled)
        sys.stderr.write(
            f"\r\033[K{event.phase:6} [{bar}] {event.done}/{event.total}  {event.message[-50:]}"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _ingest(args: argparse.Namespace, settings: Settings, root: Path) -> int:
    project = _project(args)
    rules = read_rules_file(local_path(settings, args.rules)) if args.rules is not None else None
    colorspace = given_colourspace(settings, args.colorspace)
    bar = _Bar(enabled=not args.json)
    cancel: CancelToken = args.cancel  # the first Ctrl-C or SIGTERM (cli.interrupt)
    if args.farm and args.dry_run:
        raise BadInputError("axiom ingest: a --dry-run runs here; leave out --farm")
    try:
        plan = scan_delivery(settings, root, project, rules, progress=bar, cancel=cancel)
        if args.farm:
            return _submit(args, settings, plan, colorspace)
        run = run_ingest(
            settings, plan, dry_run=args.dry_run, allow_duplicates=args.allow_duplicates,
            workers=args.workers, progress=bar, cancel=cancel, colorspace=colorspace,
        )  # fmt: skip
    finally:
        bar.close()
    return _show(run, args.json)


def _submit(
    args: argparse.Namespace, settings: Settings, plan: IngestPlan, colorspace: str | None
) -> int:
    from axiom_publisher.farm.submit import submit_ingest

    run_id, jobs = submit_ingest(
        settings, plan, allow_duplicates=args.allow_duplicates, colorspace=colorspace
    )
    if args.json:
        print_json({"run_id": run_id, "jobs": [job.to_json() for job in jobs]})
    else:
        ids = ", ".join(str(job.id) for job in jobs) or "none"
        print(
            f"ingest run {run_id}: {len(jobs)} item(s) queued on the farm as job(s) {ids} "
            f"(`axiom jobs --watch`; `axiom ingest show {run_id}` once they are done)"
        )
    return 0


def _show(run: IngestRun, as_json: bool) -> int:
    if as_json:
        print_json(run_json(run))
    else:
        print(run_text(run))
    return 1 if run.failed or run.refused else 0


def _where(result: ItemResult) -> str:
    context = result.context
    if context is None:
        return "-"
    return f"{context.entity}/{context.task}/{context.product}"


def run_text(run: IngestRun) -> str:
    rows = [
        [r.display, _where(r), r.outcome.value, r.version_label or "-", r.reason]
        for r in run.results
    ]
    title = "dry run" if run.dry_run else f"ingest run {run.id}"
    lines = [f"{title}: {run.project} <- {run.source_dir} ({len(run.results)} items)"]
    if rows:
        lines.append(table(rows, ["item", "shot/task/product", "outcome", "version", "reason"]))
    counts = (
        f"{run.published} published, {run.failed} failed, {run.skipped} skipped, "
        f"{run.duplicate} duplicate"
    )
    if run.refused:
        counts += f", {run.refused} refused (never read: see the reasons above)"
    if run.dry_run:
        counts = f"{run.planned} planned, " + counts + " (dry run: nothing written)"
    lines.append(counts)
    if run.summary_path is not None:
        lines.append(f"summary: {run.summary_path}")
    return "\n".join(lines)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else "running"


def _runs(args: argparse.Namespace, settings: Settings) -> int:
    runs = list_runs(settings, args.project, limit=args.limit)
    if args.json:
        print_json([run_json(run) for run in runs])
        return 0
    rows = [
        [str(r.id), r.project, _when(r.started_at), _when(r.ended_at), r.user, str(r.published),
         str(r.failed), str(r.skipped), str(r.duplicate), str(r.source_dir)]
        for r in runs
    ]  # fmt: skip
    header = ["id", "project", "started", "ended", "user", "published", "failed", "skipped",
              "duplicate", "source"]  # fmt: skip
    print(table(rows, header) if rows else "no ingest runs")
    return 0


def _event_text(event: WatchEvent) -> str:
    if event.status is WatchStatus.WAITING:
        return f"waiting   {event.delivery} (settles in {event.wait:.0f} s unless it changes)"
    if event.status is WatchStatus.INGESTED and event.run is not None:
        return run_text(event.run)
    if event.status is WatchStatus.DONE:
        return f"done      {event.delivery} (already ingested: {event.message})"
    if event.status is WatchStatus.ERROR:
        return f"error     {event.delivery}: {event.message}"
    if event.status is WatchStatus.REFUSED:
        return f"refused   {event.delivery}: {event.message}"
    return f"empty     {event.delivery}"


def _event_json(event: WatchEvent) -> dict[str, Any]:
    return {
        "delivery": str(event.delivery),
        "status": event.status.value,
        "fingerprint": event.fingerprint,
        "wait": event.wait,
        "message": event.message,
        "run": run_json(event.run) if event.run is not None else None,
    }


def _watch(args: argparse.Namespace, settings: Settings) -> int:
    project = _project(args)
    rules = read_rules_file(local_path(settings, args.rules)) if args.rules is not None else None
    if args.settle is not None and args.settle < 0:
        raise BadInputError("axiom ingest --settle: use 0 or more seconds")
    failed = False
    last: dict[Path, tuple[WatchStatus, str]] = {}

    def report(event: WatchEvent) -> None:
        nonlocal failed
        failed = failed or event.status is WatchStatus.REFUSED or bool(
            event.run is not None and (event.run.failed or event.run.refused)
            and event.status is WatchStatus.INGESTED)  # fmt: skip
        if last.get(event.delivery) == (event.status, event.fingerprint) and not args.once:
            return  # the loop prints changes only
        last[event.delivery] = (event.status, event.fingerprint)
        if args.json:
            print(json.dumps(_event_json(event)), flush=True)
        else:
            print(_event_text(event), flush=True)

    cancel: CancelToken = args.cancel  # Ctrl-C or SIGTERM stops the watch (cli.interrupt)
    options: dict[str, Any] = {
        "settle": args.settle,
        "rules": rules,
        "workers": args.workers,
        "colorspace": given_colourspace(settings, args.colorspace),
    }
    if args.once:
        watch_once(settings, args.watch, project, cancel=cancel, on_event=report, **options)
    else:
        watch(settings, args.watch, project, cancel=cancel, on_event=report, **options)
        return 130
    return 1 if failed else 0
