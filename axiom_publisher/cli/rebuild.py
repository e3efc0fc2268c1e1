"""`axiom versions rebuild-proxy VERSION...`: make a published version's review proxy and
thumbnails again from its published files (here, or as farm jobs with --farm)."""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import Parser, TerminalProgress, add_json, emit, shown_json
from axiom_publisher.config import Settings
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.records import absolute_record, version_json
from axiom_publisher.publish.review import resolve_version
from axiom_publisher.publish.review_media import rebuild_review_media


def register(versions: argparse.ArgumentParser) -> None:
    """Add `rebuild-proxy` under `axiom versions`."""
    actions = versions.add_subparsers(dest="action", parser_class=Parser)
    rebuild = actions.add_parser(
        "rebuild-proxy",
        help="make a published version's review proxy and thumbnails again",
        description="Decode the version's published files again (they never change) and "
        "make its review proxy and thumbnails with the current [media] settings, under new "
        "names (`_r<N>`): the database records them in one transaction with who asked and "
        "why, the manifest is rewritten, the old proxy removed. A stopped rebuild leaves the "
        "old or the new media recorded; `axiom verify --repair` tidies what it left.",
    )
    rebuild.add_argument(
        "versions", nargs="+", metavar="VERSION", help="a version id (12) or p/e/task/product/vNNN"
    )
    rebuild.add_argument(
        "--thumbnail-frame", type=int, metavar="N", help="the thumbnail from shot frame N"
    )
    rebuild.add_argument("--reason", default="", help="why (recorded with the rebuild)")
    rebuild.add_argument(
        "--farm", action="store_true", help="queue one farm job a version ([farm]); print them"
    )
    rebuild.add_argument("--queue", metavar="NAME", help="with --farm: this queue")
    add_json(rebuild)
    rebuild.set_defaults(handler=cmd_rebuild_proxy, cancellable=True)


def cmd_rebuild_proxy(args: argparse.Namespace, settings: Settings) -> int:
    ids = list(dict.fromkeys(resolve_version(settings, name).id for name in args.versions))
    if args.farm:
        from axiom_publisher.farm.submit import submit_rebuild

        jobs = submit_rebuild(
            settings, ids, reason=args.reason, thumbnail_frame=args.thumbnail_frame,
            queue=args.queue,
        )  # fmt: skip
        text = "\n".join(f"farm job {job.id} queued (axiom jobs shows it)" for job in jobs)
        emit(args, [job.to_json() for job in jobs], text)
        return 0
    results: list[dict[str, Any]] = []
    lines: list[str] = []
    progress = TerminalProgress(enabled=not args.json)
    try:
        with open_catalog_database(settings) as database:
            for version_id in ids:
                outcome = rebuild_review_media(
                    settings, database, version_id, reason=args.reason,
                    thumbnail_frame=args.thumbnail_frame, progress=progress, cancel=args.cancel,
                )  # fmt: skip
                record = absolute_record(outcome.version, settings.publish_root)
                shown = shown_json(settings.roots, version_json(record))
                results.append({"rebuild": outcome.rebuild.to_json(), "version": shown})
                lines.append(
                    f"{record.project}/{record.entity}/{record.task}/{record.product} "
                    f"{record.label} (id {record.id}): review media revision "
                    f"{outcome.rebuild.revision}, proxy {shown['proxy']}"
                )
    finally:
        progress.close()
    emit(args, results, "\n".join(lines))
    return 0
