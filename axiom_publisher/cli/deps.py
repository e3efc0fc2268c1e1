"""`axiom deps`: what a version uses, and what uses it.

    axiom deps VERSION [--reverse] [--json]

VERSION is an id or project/entity/task/product/vNNN. Without --reverse: the versions it was
made from (its work file, the published plates and caches its scene loaded, `publish
--depends-on`), each marked when a newer version of it is published. With --reverse: every
version made from it, directly or through a work file (the comps that read a plate, and the
renders published from those comps): the versions to redo when it is delivered again.
"""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import add_json, print_json, table
from axiom_publisher.config import Settings
from axiom_publisher.core.dependency import DependencyLink
from axiom_publisher.publish.dependencies import dependencies
from axiom_publisher.publish.review import resolve_version


def register(commands: Any) -> None:
    """Add `deps` to the `axiom` subcommands."""
    deps = commands.add_parser(
        "deps",
        help="what a version uses (--reverse: what uses it)",
        description="List the versions VERSION was made from, marking inputs with a newer "
        "version; with --reverse, every version made from it (through work files too).",
    )
    deps.add_argument(
        "version", metavar="VERSION", help="an id or project/entity/task/product/vNNN"
    )
    deps.add_argument(
        "--reverse", action="store_true", help="what uses VERSION, instead of what it uses"
    )
    add_json(deps)
    deps.set_defaults(handler=cmd_deps)


def _rows(links: tuple[DependencyLink, ...]) -> list[list[str]]:
    return [
        [str(link.version_id), link.name, link.kind, str(link.depth), link.newer or "-"]
        for link in links
    ]


def cmd_deps(args: argparse.Namespace, settings: Settings) -> int:
    found = dependencies(settings, resolve_version(settings, args.version).id)
    links = found.used_by if args.reverse else found.uses
    if args.json:
        print_json(
            {
                "version_id": found.version_id,
                "version": found.name,
                "reverse": args.reverse,
                "links": [link.to_json() for link in links],
                "out_of_date": [
                    link.to_json()
                    for link in (found.stale_users if args.reverse else found.stale_inputs)
                ],
                "newer": found.newer,
            }
        )
        return 0
    what = "used by" if args.reverse else "uses"
    if not links:
        print(f"{found.name} {what} no published version")
        return 0
    print(f"{found.name} {what}:")
    print(table(_rows(links), ["id", "version", "kind", "depth", "newer version"]))
    if not args.reverse and found.stale_inputs:
        print(f"out of date: {len(found.stale_inputs)} input(s) have a newer version")
    if args.reverse and found.stale_users and found.newer is not None:
        print(f"out of date: {found.newer} is published; these were made from {found.name}")
    return 0
