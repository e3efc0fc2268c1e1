"""`axiom gui` and `axiom demo`: the desktop app (as its own process) and the demo project."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Mapping
from typing import Any

from axiom_publisher.cli.common import add_json, print_json, versions_table
from axiom_publisher.config import Settings
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.records import version_json

NO_DISPLAY = (
    "axiom: no display found (DISPLAY and WAYLAND_DISPLAY are unset): the app needs a desktop "
    "session; the catalogue instead:\n"
)


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo", help="create a demo project with generated media and publish it"
    )
    add_json(demo)
    demo.set_defaults(handler=cmd_demo)
    gui = commands.add_parser("gui", help="open the standalone app (axiom-publisher)")
    gui.set_defaults(handler=cmd_gui)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: media synthesis loads PyAV and numpy, which no other command needs.
    from axiom_publisher.publish.demo import run_demo

    records = run_demo(settings, log=(lambda line: None) if args.json else print)
    if args.json:
        print_json([version_json(record) for record in records])
    else:
        print(versions_table(records))
    return 0


def has_display(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """False on Linux without an X11/Wayland display and without an explicit Qt platform
    (the same rule as ui.app, which the CLI may not import)."""
    if not platform.startswith("linux"):
        return True
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def cmd_gui(args: argparse.Namespace, settings: Settings) -> int:
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
