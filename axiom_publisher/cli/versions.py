"""`axiom versions` and `axiom verify`: what is published, and whether it is still intact."""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import print_json, versions_table
from axiom_publisher.config import Settings
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.records import version_json
from axiom_publisher.publish.verify import verify


def register(commands: Any) -> None:
    versions = commands.add_parser("versions", help="list versions")
    versions.add_argument("--project")
    versions_target = versions.add_mutually_exclusive_group()
    versions_target.add_argument("--shot")
    versions_target.add_argument("--asset")
    versions.add_argument("--product", metavar="NAME")
    versions.add_argument("--json", action="store_true")
    versions.set_defaults(handler=cmd_versions)

    check = commands.add_parser("verify", help="check the publish area against the database")
    check.add_argument("--project")
    check.add_argument(
        "--repair", action="store_true", help="fail expired reservations, quarantine leftovers"
    )
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=cmd_verify)


def cmd_versions(args: argparse.Namespace, settings: Settings) -> int:
    with open_catalog_database(settings) as database:
        records = catalog.list_versions(
            database,
            settings,
            project=args.project,
            entity=args.shot or args.asset,
            product=args.product,
        )
    if args.json:
        print_json([version_json(record) for record in records])
    else:
        print(versions_table(records))
    return 0


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    with open_catalog_database(settings) as database:
        report = verify(database, settings, project=args.project, repair=args.repair)
    if args.json:
        print_json(
            {
                "clean": report.clean,
                "versions_checked": report.versions_checked,
                "files_checked": report.files_checked,
                "problems": [
                    {
                        "kind": p.kind,
                        "path": p.path,
                        "message": p.message,
                        "version_id": p.version_id,
                        "repaired": p.repaired,
                    }
                    for p in report.problems
                ],
                "repairs": report.repairs,
            }
        )
    else:
        for problem in report.problems:
            mark = "repaired" if problem.repaired else "PROBLEM"
            print(f"{mark:8} {problem.kind:16} {problem.path}: {problem.message}")
        for line in report.repairs:
            print(f"repair   {line}")
        summary = (
            "clean"
            if report.clean
            else f"{sum(not p.repaired for p in report.problems)} problem(s)"
        )
        print(
            f"verified {report.versions_checked} version(s), "
            f"{report.files_checked} file(s): {summary}"
        )
    return 0 if report.clean else 1
