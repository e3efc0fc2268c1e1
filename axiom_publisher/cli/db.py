"""`axiom db`: database administration.

    axiom db upgrade
    axiom db roles [--apply] [--json]

`db roles` prints the statements that create AXIOM's PostgreSQL group roles and grant their
privileges (migration 0002 runs them when its login may), and how a studio maps its logins
onto them; with --apply it runs them on the configured database.
"""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import Parser, add_json, emit
from axiom_publisher.config import Settings
from axiom_publisher.db.failures import shown_url
from axiom_publisher.db.roles import ADMIN, ARTIST, LEAD, ROLES, WRANGLER, role_statements
from axiom_publisher.publish.database import apply_database_roles, upgrade

MAPPING = (
    (ARTIST, "alice", "publishes; writes notes; changes only its own staging versions"),
    (LEAD, "bob", "an artist who also records review decisions"),
    (WRANGLER, "carol", "an artist who also manages projects, shots, cuts, ingest, repair"),
    (ADMIN, "dana", "everything, including the grants (run migrations as an admin)"),
)


def register(commands: Any) -> None:
    database = commands.add_parser("db", help="database administration")
    database_commands = database.add_subparsers(dest="action", required=True, parser_class=Parser)
    database_commands.add_parser("upgrade", help="upgrade the schema to this client's version")
    roles = database_commands.add_parser(
        "roles",
        help="print (or --apply) the PostgreSQL roles and grants that enforce AXIOM's rules",
        description="Print the SQL that creates AXIOM's group roles (NOLOGIN) and grants their "
        "least privileges, then how to map the studio's logins onto them. The database "
        "upgrade runs it when its login may create roles; otherwise a superuser runs it, "
        "by hand or with --apply. SQLite has no logins and enforces none of this.",
    )
    roles.add_argument(
        "--apply",
        action="store_true",
        help="run the statements on the configured PostgreSQL database (as its owner, "
        "with CREATEROLE or as a superuser)",
    )
    add_json(roles)
    database.set_defaults(handler=cmd_db)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "roles":
        return cmd_roles(args, settings)
    before, after = upgrade(settings)
    print(
        f"database schema: {before or 'empty'} -> {after}"
        if before != after
        else f"database schema already at {after}"
    )
    return 0


def cmd_roles(args: argparse.Namespace, settings: Settings) -> int:
    statements = role_statements()
    missing = apply_database_roles(settings) if args.apply else []
    grants = [f"GRANT {role} TO {login};" for role, login, _ in MAPPING]
    lines = ["-- AXIOM's PostgreSQL roles (run by the tables' owner, with CREATEROLE)"]
    lines += [f"{statement};" for statement in statements]
    lines += ["", "-- then map each studio login onto one role, e.g.:"]
    lines += [f"{grant:<34} -- {what}" for grant, (_, _, what) in zip(grants, MAPPING, strict=True)]
    if args.apply:
        lines.append(
            f"-- applied to {shown_url(settings.db_url)}"
            if not missing
            else f"-- NOT applied: this login may not create {', '.join(missing)}; "
            "ask a superuser to run these statements"
        )
    payload = {
        "roles": list(ROLES),
        "statements": statements,
        "map_logins": grants,
        "applied": bool(args.apply) and not missing,
        "missing_roles": missing,
    }
    emit(args, payload, "\n".join(lines))
    return 0 if not missing else 1
