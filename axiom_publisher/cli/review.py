"""`axiom review`: the queue, a version's notes, and the leads' decisions."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from axiom_publisher.cli.app import cmd_gui
from axiom_publisher.cli.common import Parser, add_json, emit, print_json, table
from axiom_publisher.config import Settings
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.review import Decision, QueueFilter
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.publish import review
from axiom_publisher.publish.records import version_json
from axiom_publisher.publish.review.export import version_name

DECISION_COMMANDS = {
    "approve": Decision.APPROVED,
    "needs-changes": Decision.NEEDS_CHANGES,
    "reject": Decision.REJECTED,
}


def register(commands: Any) -> None:
    reviewing = commands.add_parser(
        "review",
        help="the review queue, notes and decisions (alone: open the Review tab)",
        description="Without an action: open the app's Review tab alone. VERSION is a version "
        "id or project/entity/task/product/vNNN.",
    )
    reviewing.set_defaults(handler=cmd_review)
    actions = reviewing.add_subparsers(dest="action", parser_class=Parser)
    queue = actions.add_parser("queue", help="versions waiting for a decision, newest first")
    queue.add_argument("--project", help="only this project's versions")
    queue.add_argument("--shot", help="a shot or asset code")
    queue.add_argument("--author", help="only versions published by this user")
    queue.add_argument(
        "--qc",
        choices=[s.value for s in (QCStatus.PASS, QCStatus.WARN, QCStatus.FAIL)],
        help="only versions with this QC verdict",
    )
    add_json(queue)
    notes = actions.add_parser("notes", help="the notes of a version (--csv FILE writes them)")
    notes.add_argument("version", metavar="VERSION")
    notes.add_argument(
        "--csv", type=Path, metavar="FILE", help="also write the notes to this CSV file"
    )
    add_json(notes)
    for name, decision in DECISION_COMMANDS.items():
        decide = actions.add_parser(name, help=f"mark a version {decision.label.lower()!r} (leads)")
        decide.add_argument("version", metavar="VERSION")
        decide.add_argument(
            "--note", required=True, metavar="TEXT", help="what to tell the artist (required)"
        )
        decide.add_argument("--frame", type=int, metavar="N", help="the shot frame it is about")
        add_json(decide)


def cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    if args.action is None:
        return cmd_gui(args, settings)
    if args.action == "queue":
        queue_filter = QueueFilter(
            project=args.project,
            entity=args.shot,
            author=args.author,
            qc=QCStatus(args.qc) if args.qc else None,
        )
        records = review.review_queue(settings, queue_filter)
        if args.json:
            print_json([version_json(record) for record in records])
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
    emit(args, payload, f"{version_name(record)}: {label} by {note.author}")
    return 0


def _review_notes(args: argparse.Namespace, settings: Settings, record: VersionRecord) -> int:
    if args.csv is not None:
        path = review.export_notes_csv(settings, record.id, args.csv)
        if not args.json:
            print(f"wrote the notes of {version_name(record)} to {path}")
    rows = review.notes_table(settings, record.id)
    if args.json:
        print_json([dict(zip(review.CSV_HEADER, row, strict=True)) for row in rows])
    elif args.csv is None:
        shown = [[*row[1:5], row[5][:19].replace("T", " "), row[6]] for row in rows]
        print(
            table(shown, list(review.CSV_HEADER[1:]))
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
    return table(rows, ["id", "version", "qc", "frames", "author", "published", "comment"])
