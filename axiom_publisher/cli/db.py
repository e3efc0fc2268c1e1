"""`axiom db`: database administration."""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import Parser
from axiom_publisher.config import Settings
from axiom_publisher.publish.database import upgrade


def register(commands: Any) -> None:
    database = commands.add_parser("db", help="database administration")
    database_commands = database.add_subparsers(dest="action", required=True, parser_class=Parser)
    database_commands.add_parser("upgrade", help="upgrade the schema to this client's version")
    database.set_defaults(handler=cmd_db)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    before, after = upgrade(settings)
    print(
        f"database schema: {before or 'empty'} -> {after}"
        if before != after
        else f"database schema already at {after}"
    )
    return 0
