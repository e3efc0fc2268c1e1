"""`axiom root`: set up a publish root.

    axiom root init [DIR] [--json]

Writes the marker `.axiom-root` into DIR (default: the configured publish root), creating
the folder when needed. Every command that writes into the publish area refuses a root
without the marker (exit 3, "the publish area is not mounted"): that is how an unmounted
share is told from a publish area. Run it once per new root (or once for a root set up
before AXIOM wrote markers); the embedded default root is set up by itself.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from axiom_publisher.cli.common import Parser, add_json, local_path, print_json
from axiom_publisher.config import Settings
from axiom_publisher.publish.root import init_publish_root
from axiom_publisher.storage.root import ROOT_MARKER


def register(commands: Any) -> None:
    """Add `root` to the `axiom` subcommands."""
    root = commands.add_parser("root", help="set up a publish root")
    actions = root.add_subparsers(dest="action", required=True, parser_class=Parser)
    init = actions.add_parser(
        "init",
        help=f"set up DIR as a publish root (write its {ROOT_MARKER} marker)",
        description=f"Create DIR if needed and write its {ROOT_MARKER} marker, so that "
        "publishes may write there. A root without the marker is taken for an unmounted "
        "share and refused. A root that has one is left as it is.",
    )
    init.add_argument(
        "folder",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="the folder (default: the publish root of --root / AXIOM_PUBLISH_ROOT / config)",
    )
    add_json(init)
    root.set_defaults(handler=cmd_root)


def cmd_root(args: argparse.Namespace, settings: Settings) -> int:
    folder = None
    if args.folder is not None:  # typed in any platform's form ([roots])
        folder = local_path(settings, args.folder).expanduser().absolute()
    marker = init_publish_root(settings, folder)
    if args.json:
        print_json(marker.to_json())
    elif marker.created:
        print(f"set up the publish root {marker.root} (root id {marker.root_id})")
    else:
        made = f" by {marker.created_by} on {marker.created_at}" if marker.created_by else ""
        print(f"{marker.root} is already a publish root (set up{made}); nothing changed")
    return 0
