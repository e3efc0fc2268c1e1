"""`axiom project|shot|asset`: create the records a user names (listings: cli.catalog)."""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.catalog import cmd_entity_list, register_entity_list, register_product_list
from axiom_publisher.cli.common import (
    Parser,
    add_json,
    emit,
    frames,
    print_json,
    resolution,
    table,
)
from axiom_publisher.config import Settings
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.inspect import given_colourspace


def register(commands: Any) -> None:
    project = commands.add_parser("project", help="create and list projects")
    project_commands = project.add_subparsers(dest="action", required=True, parser_class=Parser)
    create = project_commands.add_parser("create", help="create a project")
    create.add_argument("code", help="the project code (a name used in paths)")
    create.add_argument("--name", default=None, help="a display name (default: the code)")
    create.add_argument("--fps", type=float, default=24.0, help="the frame rate media must have")
    create.add_argument(
        "--resolution",
        type=resolution,
        default=(1920, 1080),
        metavar="WxH",
        help="the picture size media must have (default: 1920x1080)",
    )
    create.add_argument(
        "--colorspace",
        default="ACEScg",
        metavar="NAME",
        help="the colour space of the project's working media, as OCIO names it",
    )
    create.add_argument(
        "--frame-start", type=int, default=1001, metavar="N", help="the first frame of a shot"
    )
    create.add_argument(
        "--handles",
        type=int,
        default=8,
        metavar="N",
        help="frames before and after each shot's cut range that plates must cover",
    )
    add_json(create)
    listing = project_commands.add_parser("list", help="list projects")
    add_json(listing)
    project.set_defaults(handler=cmd_project)

    for kind in ("shot", "asset"):
        entity = commands.add_parser(kind, help=f"create and list {kind}s")
        entity_commands = entity.add_subparsers(dest="action", required=True, parser_class=Parser)
        entity_create = entity_commands.add_parser("create", help=f"create a {kind}")
        entity_create.add_argument("project", help="the project code")
        entity_create.add_argument("code", help=f"the {kind} code (a name used in paths)")
        if kind == "shot":
            entity_create.add_argument(
                "--frames",
                type=frames,
                metavar="FIRST-LAST",
                help="the cut range (default: none; the frame range is then not checked)",
            )
            entity_create.add_argument(
                "--handles", type=int, metavar="N", help="handles (default: the project's)"
            )
        add_json(entity_create)
        entity.set_defaults(handler=cmd_entity)
        register_entity_list(entity_commands, kind)
    register_product_list(commands)


def cmd_project(args: argparse.Namespace, settings: Settings) -> int:
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
                    colorspace=given_colourspace(settings, args.colorspace) or "",
                    frame_start=args.frame_start,
                    handles=args.handles,
                ),
            )
            emit(args, project_json(spec), f"created project {spec.code}")
            return 0
        projects = catalog.list_projects(database)
        if args.json:
            print_json([project_json(spec) for spec in projects])
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
                table(rows, ["code", "name", "fps", "resolution", "colorspace", "start", "handles"])
                if rows
                else "no projects"
            )
        return 0


def project_json(spec: ProjectSpec) -> dict[str, Any]:
    return {
        "code": spec.code,
        "name": spec.name,
        "fps": spec.fps,
        "resolution": [spec.width, spec.height],
        "colorspace": spec.colorspace,
        "frame_start": spec.frame_start,
        "handles": spec.handles,
    }


def cmd_entity(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "list":
        return cmd_entity_list(args, settings)
    kind = EntityKind(args.command)
    cut: FrameRange | None = getattr(args, "frames", None)
    spec = EntitySpec(
        project=args.project,
        code=args.code,
        kind=kind,
        cut_in=cut.first if cut else None,
        cut_out=cut.last if cut else None,
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
    emit(args, payload, f"created {kind.value} {created.project}/{created.code}")
    return 0
