"""`axiom versions`, `axiom version show` and `axiom verify`: what is published, and whether
it is still intact."""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli import rebuild
from axiom_publisher.cli.common import (
    Parser,
    add_json,
    emit,
    print_json,
    shown_json,
    versions_table,
)
from axiom_publisher.config import Settings
from axiom_publisher.core.frames import compact_frames
from axiom_publisher.core.review_media import Rebuild
from axiom_publisher.core.types import EntityKind, VersionRecord
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.records import version_json
from axiom_publisher.publish.review import resolve_version, version
from axiom_publisher.publish.review_media import rebuild_history
from axiom_publisher.publish.verify import verify


def register(commands: Any) -> None:
    versions = commands.add_parser("versions", help="list versions")
    versions.add_argument("--project", help="only this project's versions")
    versions_target = versions.add_mutually_exclusive_group()
    versions_target.add_argument("--shot", help="only this shot's versions")
    versions_target.add_argument("--asset", help="only this asset's versions")
    versions.add_argument("--product", metavar="NAME", help="only this product's versions")
    add_json(versions)
    versions.set_defaults(handler=cmd_versions)
    rebuild.register(versions)  # axiom versions rebuild-proxy

    version = commands.add_parser("version", help="show one version")
    version_commands = version.add_subparsers(dest="action", required=True, parser_class=Parser)
    show = version_commands.add_parser(
        "show", help="a version's facts, files and QC (VERSION: an id or p/e/task/product/vNNN)"
    )
    show.add_argument(
        "version", metavar="VERSION", help="a version id (12) or proj/sh010/comp/main/v003"
    )
    add_json(show)
    version.set_defaults(handler=cmd_version_show)

    check = commands.add_parser("verify", help="check the publish area against the database")
    check.add_argument("--project", help="only this project's versions and folders")
    check.add_argument(
        "--repair",
        action="store_true",
        help="make writable files whose content matches read-only again, fail expired "
        "reservations, quarantine leftover folders (never deletes)",
    )
    check.add_argument(
        "--farm", action="store_true", help="run it as a farm job ([farm]); print the job's id"
    )
    add_json(check)
    check.set_defaults(handler=cmd_verify)


def cmd_versions(args: argparse.Namespace, settings: Settings) -> int:
    kind = EntityKind.SHOT if args.shot else EntityKind.ASSET if args.asset else None
    entity = args.shot or args.asset
    with open_catalog_database(settings) as database:
        catalog.check_filter(
            database, project=args.project, entity=entity, kind=kind, product=args.product
        )
        records = catalog.list_versions(
            database, settings, project=args.project, entity=entity, product=args.product
        )
    if args.json:
        print_json([shown_json(settings.roots, version_json(record)) for record in records])
    else:
        print(versions_table(records))
    return 0


def cmd_version_show(args: argparse.Namespace, settings: Settings) -> int:
    # read by id either way: a name and an id show the same record (with the stills' fps)
    record = version(settings, resolve_version(settings, args.version).id)
    payload, text = shown_json(settings.roots, version_json(record)), version_text(record, settings)
    history = rebuild_history(settings, record.id)
    if history:  # review media rebuilds: who asked, when, why
        payload["review_media"] = [rebuild.to_json() for rebuild in history]
        text += "\n" + "\n".join(rebuild_text(rebuild) for rebuild in history)
    emit(args, payload, text)
    return 0


def rebuild_text(rebuild: Rebuild) -> str:
    when = (rebuild.ended_at or rebuild.created_at).isoformat()
    why = f": {rebuild.reason}" if rebuild.reason else ""
    failed = f" ({rebuild.failed_reason})" if rebuild.failed_reason else ""
    return (
        f"  review media revision {rebuild.revision} {rebuild.status}{failed}, asked by "
        f"{rebuild.requested_by}, made by {rebuild.author} at {when}{why}"
    )


def version_text(record: VersionRecord, settings: Settings | None = None) -> str:
    """A version's facts, one per line, then its files and its QC checks."""
    sources = [file for file in record.files if file.representation >= 0]
    shown = settings.roots.shown if settings is not None else str  # this machine's form
    facts = [
        ("version", f"{record.project}/{record.entity}/{record.task}/{record.product}/"
                    f"{record.label} (id {record.id})"),
        ("status", record.status.value + (f": {record.failed_reason}" if record.failed_reason
                                          else "")),
        ("path", shown(str(record.path))),
        ("frames", str(record.frame_range) if record.frame_range else "-"),
        ("missing", compact_frames(record.missing_frames) or "-"),
        ("author", f"{record.author} ({record.host})"),
        ("published", record.published_at.isoformat() if record.published_at else "-"),
        ("comment", record.comment or "-"),
        ("source", record.source or "-"),
        ("content", record.content_hash or "-"),
        ("proxy", shown(str(record.proxy)) if record.proxy else "-"),
        ("qc", (record.qc.verdict.value if record.qc else "-")
               + (f" (overridden: {record.qc_override_reason})" if record.qc_override_reason
                  else "")),
        ("depends on", ", ".join(f"id {d}" for d in record.dependencies) or "-"),
        ("tracker", tracker_task_text(record)),
        ("files", str(len(sources))),
    ]  # fmt: skip
    lines = [f"{name + ':':12} {value}" for name, value in facts]
    lines += [
        f"  {shown(str(file.path))}  {file.size} bytes  sha256 {file.sha256[:16]}..."
        for file in sources
    ]
    for check in record.qc.checks if record.qc else ():
        lines.append(f"  qc {check.status.value:4} {check.id:15} {check.message}")
    return "\n".join(lines)


def tracker_task_text(record: VersionRecord) -> str:
    """The tracker task a version belongs to: its type, status and tracker id."""
    link = record.tracker_task
    if link is None:
        return "-"
    return f"{link.task_type} task ({link.status}, tracker id {link.tracker_id})"


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    if args.farm:
        from axiom_publisher.farm.submit import submit_verify

        job = submit_verify(settings, args.project, repair=args.repair)
        emit(args, job.to_json(), f"farm job {job.id} queued (axiom jobs shows it)")
        return 0
    with open_catalog_database(settings) as database:
        report = verify(database, settings, project=args.project, repair=args.repair)
    if args.json:
        print_json(
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
            # file messages name their path already; the others get it in front
            text = problem.message
            if problem.path not in text:
                text = f"{problem.path}: {text}"
            print(f"{mark:8} {problem.kind:16} {text}")
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
