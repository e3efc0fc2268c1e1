"""`axiom playlist`: shared playlists of versions to review (create, list, show, export)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from axiom_publisher.cli.common import Parser, UsageError, add_json, emit, print_json, table
from axiom_publisher.config import Settings
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.playlist import Playlist
from axiom_publisher.publish.records import version_json
from axiom_publisher.publish.review import playlists, report_html
from axiom_publisher.publish.tracker.playlists import tracker_playlist


def _ids(text: str) -> list[int]:
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of version ids like 12,14,15"
        ) from None
    if not ids:
        raise argparse.ArgumentTypeError("give at least one version id, like 12,14,15")
    return ids


def register(commands: Any) -> None:
    group = commands.add_parser(
        "playlist",
        help="shared playlists of versions to review",
        description="Everyone sees every playlist; only its owner or a lead changes it.",
    )
    actions = group.add_subparsers(dest="action", required=True, parser_class=Parser)
    create = actions.add_parser("create", help="make a playlist (owned by you)")
    create.add_argument("name", metavar="NAME", help="the playlist's name")
    source = create.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--versions", type=_ids, metavar="ID,...", help="these versions, in this order"
    )
    source.add_argument(
        "--waiting",
        action="store_true",
        help="the versions waiting for review (of --project / --shot / --sequence), oldest first",
    )
    source.add_argument(
        "--latest",
        action="store_true",
        help="the newest published version of each shot of --project, in edit order",
    )
    source.add_argument(
        "--from-tracker",
        metavar="PLAYLIST",
        help="the versions of this playlist of the tracker (Kitsu) project of --project",
    )
    create.add_argument("--project", help="the project (required with --latest and --from-tracker)")
    create.add_argument("--shot", help="with --waiting: only this shot's or asset's versions")
    create.add_argument(
        "--sequence",
        help="with --waiting and --project: only the versions of this sequence's shots",
    )
    create.add_argument("--task", help="with --latest: only versions of this task")
    add_json(create)
    listing = actions.add_parser("list", help="every playlist, newest first")
    add_json(listing)
    show = actions.add_parser("show", help="a playlist's versions in playing order")
    show.add_argument("playlist_id", metavar="ID", help="the playlist's id or name")
    add_json(show)
    export = actions.add_parser(
        "export",
        help="write a playlist as an OpenTimelineIO timeline or as a report of its decisions",
    )
    export.add_argument("playlist_id", metavar="ID", help="the playlist's id or name")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--otio", type=Path, metavar="FILE", help="the .otio timeline of the proxies to write"
    )
    target.add_argument(
        "--html",
        type=Path,
        metavar="DIR",
        help="write the report of the decisions, notes and annotated frames as DIR/index.html "
        "with its pictures in DIR/images (opens offline; a browser prints it to PDF)",
    )
    target.add_argument(
        "--pdf",
        type=Path,
        metavar="FILE",
        help="write the same report as a PDF (painted by the app's Qt: needs the app extra)",
    )
    add_json(export)
    group.set_defaults(handler=cmd_playlist)


def _json(playlist: Playlist) -> dict[str, Any]:
    return {
        "id": playlist.id,
        "name": playlist.name,
        "owner": playlist.owner,
        "created_at": playlist.created_at.isoformat() if playlist.created_at else None,
        "version_ids": list(playlist.version_ids),
    }


def _line(playlist: Playlist) -> str:
    return f"playlist {playlist.id} {playlist.name!r} by {playlist.owner}: " + (
        f"{len(playlist.version_ids)} versions"
    )


def _create(args: argparse.Namespace, settings: Settings) -> int:
    if args.latest:
        if not args.project:
            raise UsageError("axiom playlist create --latest needs --project P")
        ids = playlists.latest_versions(settings, args.project, args.task)
    elif args.waiting:
        ids = playlists.waiting_versions(settings, args.project, args.shot, args.sequence)
    elif args.from_tracker:
        if not args.project:
            raise UsageError("axiom playlist create --from-tracker P needs --project P")
        found = tracker_playlist(settings, args.project, args.from_tracker, os.environ)
        playlist = playlists.create(settings, args.name, found.version_ids)
        skipped = [{"task": task, "revision": revision} for task, revision in found.unmatched]
        text = _line(playlist) + (
            f" ({len(skipped)} entries of the tracker's playlist are no AXIOM version)"
            if skipped
            else ""
        )
        emit(args, dict(_json(playlist), unmatched=skipped), text)
        return 0
    else:
        ids = args.versions
    playlist = playlists.create(settings, args.name, ids)
    emit(args, _json(playlist), _line(playlist))
    return 0


def _pdf(args: argparse.Namespace, playlist: Playlist) -> int:
    """The PDF is painted by Qt, which only ui imports: the app's module runs as its own
    process (as `axiom gui` runs the app)."""
    import importlib.util
    import subprocess
    import sys

    if not importlib.util.find_spec("qtpy") or not any(
        importlib.util.find_spec(binding) for binding in ("PySide6", "PySide2")
    ):
        raise UsageError(
            "a PDF report is painted by the app's Qt, which this Python lacks: install the "
            "app extra (pip install 'axiom-publisher[app]'), or write --html DIR and print "
            "the page to PDF from a browser"
        )
    command = [sys.executable, "-m", "axiom_publisher.ui.review.report_pdf"]
    for flag, value in (("--db", args.db), ("--root", args.root), ("--config", args.config)):
        if value is not None:
            command += [flag, str(value)]
    command += [str(playlist.id), str(args.pdf.absolute())]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    message = done.stderr.strip().removeprefix("axiom: error: ")
    if done.returncode == 2:  # bad input (an unreadable proxy, a folder it cannot write)
        raise BadInputError(message)
    if done.returncode:
        sys.stderr.write(done.stderr)
    return done.returncode


def _report(args: argparse.Namespace, settings: Settings, playlist: Playlist) -> int:
    if args.pdf is not None:
        code = _pdf(args, playlist)
        if code:
            return code
        written = {"pdf": str(args.pdf.absolute())}
    else:
        written = {"html": str(report_html.export_html(settings, playlist.id, args.html))}
    page = next(iter(written.values()))
    emit(
        args,
        dict(_json(playlist), **written),
        f"wrote the report of playlist {playlist.id} ({len(playlist.version_ids)} versions) "
        f"to {page}",
    )
    return 0


def cmd_playlist(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "create":
        return _create(args, settings)
    if args.action == "list":
        found = playlists.list_all(settings)
        rows = [
            [
                str(p.id),
                p.name,
                p.owner,
                p.created_at.strftime("%Y-%m-%d %H:%M") if p.created_at else "-",
                str(len(p.version_ids)),
            ]
            for p in found
        ]
        text = table(rows, ["id", "name", "owner", "created", "versions"]) if rows else ""
        emit(args, [_json(p) for p in found], text or "no playlists")
        return 0
    playlist = playlists.find(settings, args.playlist_id)
    if args.action == "show":
        records = playlists.versions(settings, playlist)
        if args.json:
            print_json(dict(_json(playlist), versions=[version_json(r) for r in records]))
            return 0
        rows = [
            [str(n), str(r.id), f"{r.project}/{r.entity}/{r.task}/{r.product}/{r.label}",
             str(r.frame_range) if r.frame_range else "-", r.author]
            for n, r in enumerate(records, 1)
        ]  # fmt: skip
        print(_line(playlist))
        if rows:
            print(table(rows, ["#", "id", "version", "frames", "author"]))
        return 0
    if args.html is not None or args.pdf is not None:
        return _report(args, settings, playlist)
    path = playlists.export_otio(settings, playlist.id, args.otio)
    emit(
        args,
        dict(_json(playlist), otio=str(path)),
        f"wrote playlist {playlist.id} ({len(playlist.version_ids)} clips) to {path}",
    )
    return 0
