"""The `axiom` command: the contract scripts and wranglers' automation rely on.

Exit codes: 0 success; 1 publish refused by QC or verify found problems; 2 bad input
(unreadable file, bad name, unknown project/shot, usage); 3 database or publish area
unavailable; 130 cancelled. With --json, stdout carries only the result and errors go to
stderr as {"error": {"type": ..., "message": ...}}.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from axiom_publisher import __version__
from axiom_publisher.cli_editorial import add_editorial_parser, cmd_editorial
from axiom_publisher.cli_ingest import add_ingest_parser, cmd_ingest
from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.errors import AxiomError, BadInputError, CancelledError
from axiom_publisher.core.frames import FrameRange, compact_frames
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.review import Decision, QueueFilter
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProgressEvent,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
)
from axiom_publisher.publish import catalog, review
from axiom_publisher.publish.database import open_catalog_database, upgrade
from axiom_publisher.publish.inspect import check_paths, checked_json
from axiom_publisher.publish.records import version_json
from axiom_publisher.publish.review_export import version_name
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.publish.verify import verify

DECISION_COMMANDS = {
    "approve": Decision.APPROVED,
    "needs-changes": Decision.NEEDS_CHANGES,
    "reject": Decision.REJECTED,
}


class UsageError(BadInputError):
    """The command line is malformed."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")


def _resolution(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a resolution like 1920x1080") from None
    return width, height


def _frames(text: str) -> FrameRange:
    try:
        return FrameRange.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="axiom", description="AXIOM Publisher: versioned, verified publishing.")
    parser.add_argument("--version", action="version", version=f"axiom {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides AXIOM_DB_URL)")
    parser.add_argument(
        "--root", metavar="DIR", type=Path, help="publish root (overrides AXIOM_PUBLISH_ROOT)"
    )
    parser.add_argument(
        "--config", metavar="FILE", type=Path, help="a TOML file over every other layer"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    project = commands.add_parser("project", help="create and list projects")
    project_commands = project.add_subparsers(dest="action", required=True, parser_class=_Parser)
    create = project_commands.add_parser("create", help="create a project")
    create.add_argument("code")
    create.add_argument("--name", default=None)
    create.add_argument("--fps", type=float, default=24.0)
    create.add_argument("--resolution", type=_resolution, default=(1920, 1080), metavar="WxH")
    create.add_argument("--colorspace", default="ACEScg", metavar="NAME")
    create.add_argument("--frame-start", type=int, default=1001, metavar="N")
    create.add_argument("--handles", type=int, default=8, metavar="N")
    create.add_argument("--json", action="store_true")
    listing = project_commands.add_parser("list", help="list projects")
    listing.add_argument("--json", action="store_true")

    for kind in ("shot", "asset"):
        entity = commands.add_parser(kind, help=f"create {kind}s")
        entity_commands = entity.add_subparsers(dest="action", required=True, parser_class=_Parser)
        entity_create = entity_commands.add_parser("create", help=f"create a {kind}")
        entity_create.add_argument("project")
        entity_create.add_argument("code")
        if kind == "shot":
            entity_create.add_argument("--frames", type=_frames, metavar="FIRST-LAST")
            entity_create.add_argument("--handles", type=int, metavar="N")
        entity_create.add_argument("--json", action="store_true")

    publish = commands.add_parser("publish", help="publish files or sequences as the next version")
    publish.add_argument("paths", nargs="+", metavar="PATH", help="first = primary representation")
    publish.add_argument("--project", required=True)
    target = publish.add_mutually_exclusive_group(required=True)
    target.add_argument("--shot")
    target.add_argument("--asset")
    publish.add_argument("--product", required=True, metavar="NAME")
    publish.add_argument("--task", metavar="T")
    publish.add_argument("--comment", default="", metavar="TEXT")
    publish.add_argument(
        "--allow-qc-fail",
        metavar="REASON",
        help="publish even if QC fails; the reason is recorded on the version",
    )
    publish.add_argument("--json", action="store_true")

    qc = commands.add_parser("qc", help="analyze and QC files or sequences without publishing")
    qc.add_argument("paths", nargs="+", metavar="PATH")
    qc.add_argument("--project", help="check against this project's targets")
    qc.add_argument("--shot", help="and this shot's frame range (needs --project)")
    qc.add_argument("--proxy", type=Path, metavar="DIR", help="also write review proxies here")
    qc.add_argument("--json", action="store_true")

    versions = commands.add_parser("versions", help="list versions")
    versions.add_argument("--project")
    versions_target = versions.add_mutually_exclusive_group()
    versions_target.add_argument("--shot")
    versions_target.add_argument("--asset")
    versions.add_argument("--product", metavar="NAME")
    versions.add_argument("--json", action="store_true")

    check = commands.add_parser("verify", help="check the publish area against the database")
    check.add_argument("--project")
    check.add_argument(
        "--repair", action="store_true", help="fail expired reservations, quarantine leftovers"
    )
    check.add_argument("--json", action="store_true")

    database = commands.add_parser("db", help="database administration")
    database_commands = database.add_subparsers(dest="action", required=True, parser_class=_Parser)
    database_commands.add_parser("upgrade", help="upgrade the schema to this client's version")

    demo = commands.add_parser(
        "demo", help="create a demo project with generated media and publish it"
    )
    demo.add_argument("--json", action="store_true")

    commands.add_parser("gui", help="open the standalone app (axiom-publisher)")
    _add_review_parser(commands)
    add_editorial_parser(commands, _Parser)
    add_ingest_parser(commands, _Parser)
    return parser


def _add_review_parser(commands: Any) -> None:
    reviewing = commands.add_parser(
        "review",
        help="the review queue, notes and decisions (alone: open the Review tab)",
        description="Without an action: open the app's Review tab alone. VERSION is a version "
        "id or project/entity/task/product/vNNN.",
    )
    actions = reviewing.add_subparsers(dest="action", parser_class=_Parser)
    queue = actions.add_parser("queue", help="versions waiting for a decision, newest first")
    queue.add_argument("--project")
    queue.add_argument("--shot", help="a shot or asset code")
    queue.add_argument("--author")
    queue.add_argument(
        "--qc", choices=[s.value for s in (QCStatus.PASS, QCStatus.WARN, QCStatus.FAIL)]
    )
    queue.add_argument("--json", action="store_true")
    notes = actions.add_parser("notes", help="the notes of a version (--csv FILE writes them)")
    notes.add_argument("version", metavar="VERSION")
    notes.add_argument("--csv", type=Path, metavar="FILE")
    notes.add_argument("--json", action="store_true")
    for name, decision in DECISION_COMMANDS.items():
        decide = actions.add_parser(name, help=f"mark a version {decision.label.lower()!r} (leads)")
        decide.add_argument("version", metavar="VERSION")
        decide.add_argument("--note", required=True, metavar="TEXT")
        decide.add_argument("--frame", type=int, metavar="N", help="the shot frame it is about")
        decide.add_argument("--json", action="store_true")


# -- output -----------------------------------------------------------------------------


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def _table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(headers, widths, strict=True)).rstrip()
    ]
    lines += [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def versions_table(records: Sequence[VersionRecord]) -> str:
    if not records:
        return "no versions"
    rows = [
        [
            f"{r.project}/{r.entity}/{r.task}/{r.product}",
            r.label,
            r.status.value,
            r.qc.verdict.value if r.qc else "-",
            str(r.frame_range) if r.frame_range else "-",
            compact_frames(r.missing_frames) or "-",
            str(len([f for f in r.files if f.representation >= 0])),
            r.author,
            r.comment[:40],
        ]
        for r in records
    ]
    return _table(
        rows,
        ["product", "version", "status", "qc", "frames", "missing", "files", "author", "comment"],
    )


class _TerminalProgress:
    """A one-line progress display on a terminal's stderr; silent elsewhere."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, event: ProgressEvent) -> None:
        if not self.enabled:
            return
        share = f"{event.done}/{event.total}" if event.total else ""
        sys.stderr.write(f"\r\033[K{event.phase:8} {share:>11}  {event.message[:60]}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")


# -- commands -----------------------------------------------------------------------------


def _cmd_project(args: argparse.Namespace, settings: Settings) -> int:
    with open_catalog_database(settings) as database:
        if args.action == "create":
            width, height = args.resolution
            spec = catalog.create_project(
                database,
                ProjectSpec(
                    code=args.code,
                    name=args.name or args.code,
                    fps=args.fps,
                    width=width,
                    height=height,
                    colorspace=args.colorspace,
                    frame_start=args.frame_start,
                    handles=args.handles,
                ),
            )
            _emit(args, _project_json(spec), f"created project {spec.code}")
            return 0
        projects = catalog.list_projects(database)
        if args.json:
            _print_json([_project_json(spec) for spec in projects])
        else:
            rows = [
                [
                    p.code,
                    p.name,
                    f"{p.fps:g}",
                    f"{p.width}x{p.height}",
                    p.colorspace,
                    str(p.frame_start),
                    str(p.handles),
                ]
                for p in projects
            ]
            print(
                _table(
                    rows, ["code", "name", "fps", "resolution", "colorspace", "start", "handles"]
                )
                if rows
                else "no projects"
            )
        return 0


def _project_json(spec: ProjectSpec) -> dict[str, Any]:
    return {
        "code": spec.code,
        "name": spec.name,
        "fps": spec.fps,
        "resolution": [spec.width, spec.height],
        "colorspace": spec.colorspace,
        "frame_start": spec.frame_start,
        "handles": spec.handles,
    }


def _cmd_entity(args: argparse.Namespace, settings: Settings) -> int:
    kind = EntityKind(args.command)
    frames: FrameRange | None = getattr(args, "frames", None)
    spec = EntitySpec(
        project=args.project,
        code=args.code,
        kind=kind,
        cut_in=frames.first if frames else None,
        cut_out=frames.last if frames else None,
        handles=getattr(args, "handles", None),
    )
    with open_catalog_database(settings) as database:
        created = catalog.create_entity(database, spec)
    payload = {
        "project": created.project,
        "code": created.code,
        "kind": created.kind.value,
        "frames": [created.cut_in, created.cut_out] if created.cut_range else None,
        "handles": created.handles,
    }
    _emit(args, payload, f"created {kind.value} {created.project}/{created.code}")
    return 0


def _cmd_publish(args: argparse.Namespace, settings: Settings) -> int:
    sources = tuple(resolve_source(path) for path in args.paths)
    kind = EntityKind.SHOT if args.shot else EntityKind.ASSET
    item = PublishItem(
        context=PublishContext(
            project=args.project,
            entity=args.shot or args.asset,
            task=args.task if args.task is not None else settings.default_task,
            product=args.product,
            entity_kind=kind,
        ),
        sources=sources,
        comment=args.comment,
        host="cli",
        qc_override_reason=_override_reason(args.allow_qc_fail),
    )
    progress = _TerminalProgress(enabled=not args.json)
    try:
        with PublishService.open(settings) as service:
            record = service.publish(item, progress)
    finally:
        progress.close()
    _emit(args, version_json(record), f"published {record.label} at {record.path}")
    return 0


def _override_reason(reason: str | None) -> str | None:
    if reason is not None and not reason.strip():
        raise UsageError('--allow-qc-fail needs a reason, e.g. --allow-qc-fail "temp for the edit"')
    return reason


def _cmd_qc(args: argparse.Namespace, settings: Settings) -> int:
    if args.shot and not args.project:
        raise UsageError("axiom qc: --shot needs --project")
    progress = _TerminalProgress(enabled=not args.json)
    try:
        with open_catalog_database(settings) as database:
            checked = check_paths(
                settings,
                database,
                args.paths,
                project_code=args.project,
                shot_code=args.shot,
                proxy_dir=args.proxy,
                progress=progress,
            )
    finally:
        progress.close()
    if args.json:
        _print_json([checked_json(item) for item in checked])
    else:
        for item in checked:
            report = item.inspection.report
            print(f"{report.verdict.value.upper():5} {item.source.display}")
            for check in report.checks:
                if check.status in (QCStatus.WARN, QCStatus.FAIL):
                    print(f"      {check.status.value:4} {check.id:15} {check.message}")
    failed = any(item.inspection.report.verdict is QCStatus.FAIL for item in checked)
    return 1 if failed else 0


def _cmd_versions(args: argparse.Namespace, settings: Settings) -> int:
    with open_catalog_database(settings) as database:
        records = catalog.list_versions(
            database,
            settings,
            project=args.project,
            entity=args.shot or args.asset,
            product=args.product,
        )
    if args.json:
        _print_json([version_json(record) for record in records])
    else:
        print(versions_table(records))
    return 0


def _cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    with open_catalog_database(settings) as database:
        report = verify(database, settings, project=args.project, repair=args.repair)
    if args.json:
        _print_json(
            {
                "clean": report.clean,
                "versions_checked": report.versions_checked,
                "files_checked": report.files_checked,
                "problems": [
                    {
                        "kind": p.kind,
                        "path": p.path,
                        "message": p.message,
                        "version_id": p.version_id,
                        "repaired": p.repaired,
                    }
                    for p in report.problems
                ],
                "repairs": report.repairs,
            }
        )
    else:
        for problem in report.problems:
            mark = "repaired" if problem.repaired else "PROBLEM"
            print(f"{mark:8} {problem.kind:16} {problem.path}: {problem.message}")
        for line in report.repairs:
            print(f"repair   {line}")
        summary = (
            "clean"
            if report.clean
            else f"{sum(not p.repaired for p in report.problems)} problem(s)"
        )
        print(
            f"verified {report.versions_checked} version(s), "
            f"{report.files_checked} file(s): {summary}"
        )
    return 0 if report.clean else 1


def _cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    before, after = upgrade(settings)
    print(
        f"database schema: {before or 'empty'} -> {after}"
        if before != after
        else f"database schema already at {after}"
    )
    return 0


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: media synthesis loads PyAV and numpy, which no other command needs.
    from axiom_publisher.publish.demo import run_demo

    records = run_demo(settings, log=(lambda line: None) if args.json else print)
    if args.json:
        _print_json([version_json(record) for record in records])
    else:
        print(versions_table(records))
    return 0


NO_DISPLAY = (
    "axiom: no display found (DISPLAY and WAYLAND_DISPLAY are unset): the app needs a desktop "
    "session; the catalogue instead:\n"
)


def has_display(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """False on Linux without an X11/Wayland display and without an explicit Qt platform
    (the same rule as ui.app, which the CLI may not import)."""
    if not platform.startswith("linux"):
        return True
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _cmd_gui(args: argparse.Namespace, settings: Settings) -> int:
    # cli and ui are one layer and never import each other: the app runs as its own process.
    import subprocess

    if not has_display(os.environ, sys.platform):
        # Headless (a server, a container, ssh without -X): show what the app would.
        sys.stderr.write(NO_DISPLAY)
        with open_catalog_database(settings) as database:
            print(versions_table(catalog.list_versions(database, settings)))
        return 0
    missing = [] if importlib.util.find_spec("qtpy") else ["qtpy"]
    # qtpy picks the binding: the app extra's PySide6, or the PySide2 of a Python 3.10 DCC.
    if not any(importlib.util.find_spec(binding) for binding in ("PySide6", "PySide2")):
        missing.append("PySide6")
    if missing:
        sys.stderr.write(
            f"axiom: the desktop app needs {' and '.join(missing)}, which this Python lacks; "
            "install the app extra: pip install -e '.[app]' (or 'axiom-publisher[app]')\n"
        )
        return 2
    command = [sys.executable, "-m", "axiom_publisher.ui.app"]
    if args.db:
        command += ["--db", args.db]
    if args.root is not None:
        command += ["--root", str(args.root)]
    if args.config is not None:
        command += ["--config", str(args.config)]
    if args.command == "review":
        command.append("--review")
    return subprocess.call(command)


def _cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    if args.action is None:
        return _cmd_gui(args, settings)
    if args.action == "queue":
        queue_filter = QueueFilter(
            project=args.project,
            entity=args.shot,
            author=args.author,
            qc=QCStatus(args.qc) if args.qc else None,
        )
        records = review.review_queue(settings, queue_filter)
        if args.json:
            _print_json([version_json(record) for record in records])
        else:
            print(_queue_table(records))
        return 0
    record = review.resolve_version(settings, args.version)
    if args.action == "notes":
        return _review_notes(args, settings, record)
    note = review.decide(settings, record.id, DECISION_COMMANDS[args.action], args.note, args.frame)
    payload = {
        "id": note.id,
        "version_id": record.id,
        "version": version_name(record),
        "decision": note.decision.value if note.decision else None,
        "author": note.author,
        "frame": note.frame,
        "text": note.text,
        "created_at": note.created_at.isoformat(),
    }
    label = note.decision.label.lower() if note.decision else "noted"
    _emit(args, payload, f"{version_name(record)}: {label} by {note.author}")
    return 0


def _review_notes(args: argparse.Namespace, settings: Settings, record: VersionRecord) -> int:
    if args.csv is not None:
        path = review.export_notes_csv(settings, record.id, args.csv)
        if not args.json:
            print(f"wrote the notes of {version_name(record)} to {path}")
    rows = review.notes_table(settings, record.id)
    if args.json:
        _print_json([dict(zip(review.CSV_HEADER, row, strict=True)) for row in rows])
    elif args.csv is None:
        shown = [[*row[1:5], row[5][:19].replace("T", " "), row[6]] for row in rows]
        print(
            _table(shown, list(review.CSV_HEADER[1:]))
            if rows
            else f"no notes on {version_name(record)}"
        )
    return 0


def _queue_table(records: Sequence[VersionRecord]) -> str:
    if not records:
        return "no versions waiting for review"
    rows = [
        [
            str(r.id),
            version_name(r),
            r.qc.verdict.value if r.qc else "-",
            str(r.frame_range) if r.frame_range else "-",
            r.author,
            r.published_at.strftime("%Y-%m-%d %H:%M") if r.published_at else "-",
            r.comment[:40],
        ]
        for r in records
    ]
    return _table(rows, ["id", "version", "qc", "frames", "author", "published", "comment"])


def _emit(args: argparse.Namespace, payload: dict[str, Any], text: str) -> None:
    if getattr(args, "json", False):
        _print_json(payload)
    else:
        print(text)


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "project": _cmd_project,
    "shot": _cmd_entity,
    "asset": _cmd_entity,
    "publish": _cmd_publish,
    "qc": _cmd_qc,
    "versions": _cmd_versions,
    "verify": _cmd_verify,
    "db": _cmd_db,
    "demo": _cmd_demo,
    "gui": _cmd_gui,
    "review": _cmd_review,
    "editorial": cmd_editorial,
    "ingest": cmd_ingest,
}


def _report_error(error: AxiomError, as_json: bool) -> int:
    if as_json:
        json.dump({"error": {"type": error.kind, "message": str(error)}}, sys.stderr)
        sys.stderr.write("\n")
    else:
        sys.stderr.write(f"axiom: error: {error}\n")
    return error.exit_code


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        args = build_parser().parse_args(argv)
        settings = load_settings(config_file=args.config, db_url=args.db, publish_root=args.root)
        return COMMANDS[args.command](args, settings)
    except AxiomError as error:
        return _report_error(error, as_json)
    except KeyboardInterrupt:
        return _report_error(CancelledError("cancelled; nothing was published"), as_json)
    except BrokenPipeError:
        return 0
