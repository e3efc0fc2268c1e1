"""`axiom path`: the studio's path templates and roots from the command line.

    axiom path templates [--json]
    axiom path resolve --project P (--shot S | --asset A) --task T --product N --version N
                       [--ext EXT] [--frame F] [--template NAME] [--json]
    axiom path parse PATH [--json]
    axiom path latest --project P (--shot S | --asset A) [--template NAME] [--product N]
                      [--task T] [--json]
    axiom path local PATH [--json]

Paths are printed as this machine's users see them (its platform's form of [roots]); a
PATH may be typed in any platform's form of a root, or root-relative.
"""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import Parser, add_json, emit, print_json, shown_json
from axiom_publisher.config import Settings
from axiom_publisher.core.errors import UnknownEntityError
from axiom_publisher.core.types import EntityKind, PublishContext
from axiom_publisher.db import open_database
from axiom_publisher.publish import paths
from axiom_publisher.publish.records import version_json


def _target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", required=True, help="the project code")
    entity = parser.add_mutually_exclusive_group(required=True)
    entity.add_argument("--shot", help="the shot")
    entity.add_argument("--asset", help="the asset")


def register(commands: Any) -> None:
    """Add `path` to the `axiom` subcommands."""
    group = commands.add_parser("path", help="resolve and parse paths of the path templates")
    actions = group.add_subparsers(dest="action", required=True, parser_class=Parser)
    listing = actions.add_parser("templates", help="the named templates and what each is for")
    add_json(listing)
    resolve = actions.add_parser("resolve", help="the path a template gives a context")
    _target(resolve)
    resolve.add_argument("--task", required=True, help="the task (selects the template)")
    resolve.add_argument("--product", required=True, help="the product (selects the template)")
    resolve.add_argument("--version", required=True, type=int, help="the version number")
    resolve.add_argument("--ext", help="and the file name with this extension")
    resolve.add_argument("--frame", help="the (padded) frame of a sequence file, e.g. 1001")
    resolve.add_argument("--template", help="this template, not the one the context chooses")
    add_json(resolve)
    parse = actions.add_parser("parse", help="the template and fields of a published path")
    parse.add_argument("path", metavar="PATH")
    add_json(parse)
    latest = actions.add_parser(
        "latest", help="the newest published version of a shot or asset (of a template)"
    )
    _target(latest)
    latest.add_argument("--template", help="made through this template, e.g. plates")
    latest.add_argument("--product", help="of this product only")
    latest.add_argument("--task", help="of this task only")
    add_json(latest)
    local = actions.add_parser("local", help="a path of any platform as this machine has it")
    local.add_argument("path", metavar="PATH")
    add_json(local)
    group.set_defaults(handler=cmd_path)


def _context(args: argparse.Namespace) -> tuple[str, EntityKind]:
    return (args.shot, EntityKind.SHOT) if args.shot else (args.asset, EntityKind.ASSET)


def cmd_path(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "templates":
        templates = paths.template_set(settings).templates
        rows = [
            {"name": t.name, "path": t.path, "kinds": list(t.kinds), "tasks": list(t.tasks),
             "products": list(t.products)}
            for t in templates
        ]  # fmt: skip
        text = "\n".join(
            f"{row['name']}: {row['path']}"
            + "".join(
                f"  {key}={','.join(row[key])}"
                for key in ("kinds", "tasks", "products")
                if row[key]
            )  # fmt: skip
            for row in rows
        )
        emit(args, rows, text)
    elif args.action == "resolve":
        entity, kind = _context(args)
        context = PublishContext(args.project, entity, args.task, args.product, kind)
        found = paths.resolve(settings, context, args.version, args.ext, args.frame, args.template)
        payload = {"template": found.template, "relative": found.folder, "folder": found.path,
                   "file": found.file}  # fmt: skip
        emit(args, payload, found.file or found.path)
    elif args.action == "parse":
        parsed = paths.parse(settings, args.path)
        payload = {"template": parsed.template, "relative": parsed.relative, **parsed.fields}
        emit(args, payload, "  ".join(f"{key}={value}" for key, value in payload.items()))
    elif args.action == "latest":
        return _latest(args, settings)
    else:
        local = settings.roots.local(args.path)
        emit(args, {"path": args.path, "local": settings.roots.shown(local)},
             settings.roots.shown(local))  # fmt: skip
    return 0


def _latest(args: argparse.Namespace, settings: Settings) -> int:
    entity, kind = _context(args)
    database = open_database(settings.db_url)
    try:
        record = paths.latest(
            database, settings, args.project, entity, kind,
            template=args.template, product=args.product, task=args.task,
        )  # fmt: skip
    finally:
        database.dispose()
    if record is None:
        what = f" made through {args.template!r}" if args.template else ""
        raise UnknownEntityError(
            f"{args.project}/{entity} has no published version{what}"
            + (f" of {args.product}" if args.product else "")
        )
    if args.json:
        print_json(shown_json(settings.roots, version_json(record)))
    else:
        print(settings.roots.shown(str(record.path)))
    return 0
