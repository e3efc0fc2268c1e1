"""`axiom publish` and `axiom qc`: analyse and QC sources, and publish the next version."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from axiom_publisher.cli.common import (
    TerminalProgress,
    UsageError,
    add_json,
    emit,
    print_json,
    shown_json,
)
from axiom_publisher.config import Settings
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import EntityKind, PublishContext, PublishItem
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.identical import identical_text, publish_json
from axiom_publisher.publish.inspect import given_colourspace
from axiom_publisher.publish.qc_paths import check_paths, checked_json
from axiom_publisher.publish.review import resolve_version
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source

COLORSPACE_HELP = (
    "the sources' colour space, a name of the OCIO config ([media] ocio_config; default: "
    "OCIO's built-in ACES config); overrides what the files declare (default: read from "
    "the files' colour tags and headers)"
)


def register(commands: Any) -> None:
    publish = commands.add_parser("publish", help="publish files or sequences as the next version")
    publish.add_argument("paths", nargs="+", metavar="PATH", help="first = primary representation")
    publish.add_argument("--project", required=True, help="the project code")
    target = publish.add_mutually_exclusive_group(required=True)
    target.add_argument("--shot", help="the shot the version belongs to")
    target.add_argument("--asset", help="the asset the version belongs to")
    publish.add_argument("--product", required=True, metavar="NAME", help="the product name")
    publish.add_argument("--task", metavar="T", help="the task (default: [publish] default_task)")
    publish.add_argument(
        "--comment", default="", metavar="TEXT", help="what changed (default: none)"
    )
    publish.add_argument("--colorspace", metavar="NAME", help=COLORSPACE_HELP)
    publish.add_argument(
        "--allow-qc-fail",
        metavar="REASON",
        help="publish even if QC fails; the reason is recorded on the version",
    )
    publish.add_argument(
        "--depends-on",
        action="append",
        default=[],
        metavar="VERSION",
        help="a published version this was made from (id or project/entity/task/product/vNNN;"
        " repeat for several): `axiom deps --reverse` then lists this version",
    )
    publish.add_argument(
        "--farm",
        action="store_true",
        help="record the publish as a farm job, queue it ([farm]) and print its id",
    )
    add_json(publish)
    publish.set_defaults(handler=cmd_publish, cancellable=True)  # checks args.cancel

    qc = commands.add_parser("qc", help="analyze and QC files or sequences without publishing")
    qc.add_argument("paths", nargs="+", metavar="PATH")
    qc.add_argument("--project", help="check against this project's targets")
    qc.add_argument("--shot", help="and this shot's frame range (needs --project)")
    qc.add_argument("--proxy", type=Path, metavar="DIR", help="also write review proxies here")
    qc.add_argument("--colorspace", metavar="NAME", help=COLORSPACE_HELP)
    add_json(qc)
    qc.set_defaults(handler=cmd_qc, cancellable=True)


def cmd_publish(args: argparse.Namespace, settings: Settings) -> int:
    kind = EntityKind.SHOT if args.shot else EntityKind.ASSET
    context = PublishContext(
        project=args.project,
        entity=args.shot or args.asset,
        task=args.task if args.task is not None else settings.default_task,
        product=args.product,
        entity_kind=kind,
    )
    if args.farm:
        return _submit_to_farm(args, settings, context)
    # paths typed on any platform's form of a root, opened through this machine's
    sources = tuple(resolve_source(settings.roots.local(path)) for path in args.paths)
    item = PublishItem(
        context=context,
        sources=sources,
        comment=args.comment,
        host="cli",
        colorspace=given_colourspace(settings, args.colorspace),
        qc_override_reason=_override_reason(args.allow_qc_fail),
        inputs=tuple(resolve_version(settings, name).id for name in args.depends_on),
    )
    progress = TerminalProgress(enabled=not args.json)
    try:
        with PublishService.open(settings) as service:
            record = service.publish(item, progress, args.cancel)
    finally:
        progress.close()
    shown = settings.roots.shown(str(record.path))
    payload = shown_json(settings.roots, publish_json(record))
    emit(args, payload, f"published {record.label} at {shown}")
    note = identical_text(record)  # [publish] identical = "warn"; with --json: identical_to
    if note is not None and not args.json:
        sys.stderr.write(
            f"axiom: warning: {record.label} is {note}: the same content was published again "
            '([publish] identical = "refuse" stops this)\n'
        )
    if not args.json:
        for warning in record.plugin_warnings:
            sys.stderr.write(f"axiom: warning: {warning}\n")
    return 0


def _submit_to_farm(args: argparse.Namespace, settings: Settings, context: PublishContext) -> int:
    from axiom_publisher.farm.submit import submit_publish
    from axiom_publisher.publish.jobs.publish_item import PublishRequest

    request = PublishRequest(
        context=context,
        # as this machine's users see them: a worker on any platform translates ([roots])
        paths=tuple(settings.roots.shown(_absolute(settings.roots.local(p))) for p in args.paths),
        comment=args.comment,
        host="cli",
        colorspace=given_colourspace(settings, args.colorspace),
        qc_override_reason=_override_reason(args.allow_qc_fail),
        inputs=tuple(resolve_version(settings, name).id for name in args.depends_on),
    )
    job = submit_publish(settings, request)
    emit(args, job.to_json(), f"farm job {job.id} queued (axiom jobs shows it)")
    return 0


def _absolute(path: str) -> str:
    return os.path.abspath(os.path.expanduser(path))


def _override_reason(reason: str | None) -> str | None:
    if reason is not None and not reason.strip():
        raise UsageError('--allow-qc-fail needs a reason, e.g. --allow-qc-fail "temp for the edit"')
    return reason


def cmd_qc(args: argparse.Namespace, settings: Settings) -> int:
    if args.shot and not args.project:
        raise UsageError("axiom qc: --shot needs --project")
    progress = TerminalProgress(enabled=not args.json)
    try:
        with open_catalog_database(settings) as database:
            checked = check_paths(
                settings,
                database,
                [settings.roots.local(path) for path in args.paths],  # any platform's form
                project_code=args.project,
                shot_code=args.shot,
                proxy_dir=args.proxy,
                colorspace=args.colorspace,
                progress=progress,
                cancel=args.cancel,
            )
    finally:
        progress.close()
    if args.json:
        print_json([checked_json(item) for item in checked])
    else:
        for item in checked:
            report = item.inspection.report
            print(f"{report.verdict.value.upper():5} {item.source.display}")
            for check in report.checks:
                if check.status in (QCStatus.WARN, QCStatus.FAIL):
                    print(f"      {check.status.value:4} {check.id:15} {check.message}")
    failed = any(item.inspection.report.verdict is QCStatus.FAIL for item in checked)
    return 1 if failed else 0
