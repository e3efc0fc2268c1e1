"""The command line: install | uninstall | env | doctor | vendor."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from . import HOSTS, apply, doctor, environment, vendor
from .errors import InstallError
from .guard import refuse_install_folder
from .locations import Context, find_root
from .registrations import Notice, registrations


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="axiom-install",
        description="Register AXIOM Publisher with Nuke, Maya and Houdini; build vendor folders.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("install", "register AXIOM with the hosts (idempotent)"),
        ("uninstall", "remove exactly what install wrote"),
        ("env", "print the environment variables a studio sets instead of installing"),
        ("doctor", "check registrations and vendor folders, and say what to fix"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--host", choices=(*HOSTS, "all"), default="all")
        command.add_argument("--scope", choices=("user", "studio"), default="user")
        command.add_argument("--prefix", type=Path, help="the studio folder (studio scope)")
        command.add_argument("--home", type=Path, help="the home folder (default: $HOME)")
        command.add_argument("--root", help="the AXIOM folder (default: $AXIOM_ROOT or here)")
        command.add_argument(
            "--houdini-version",
            action="append",
            default=[],
            metavar="X.Y",
            help="also register with this Houdini version's preferences (repeatable)",
        )
        if name in ("install", "uninstall"):
            command.add_argument(
                "--dry-run", action="store_true", help="print what would change, change nothing"
            )
    build = commands.add_parser(
        "vendor", help="build vendor/py<XY>-<platform>/ with the runtime dependencies"
    )
    build.add_argument("--python", required=True, choices=vendor.PYTHONS)
    build.add_argument("--platform", required=True, help=f"one of {', '.join(vendor.PLATFORMS)}")
    build.add_argument("--dest", type=Path, help="the folder to build (default: ROOT/vendor/...)")
    build.add_argument("--root", help="the AXIOM folder (default: $AXIOM_ROOT or here)")
    build.add_argument("--pip-python", default=sys.executable, help="the Python that runs pip")
    return parser


def main(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
) -> int:
    """Run one command; 0 when done, 1 when doctor found problems, 2 on a refusal or error."""
    environ = dict(os.environ) if environ is None else environ
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        root = find_root(args.root, environ)
        if args.command == "vendor":
            dest = vendor.build(root, args.python, args.platform, args.dest, args.pip_python)
            print(f"built {dest}", file=out)
            return 0
        home = args.home or Path(environ.get("HOME") or Path.home())
        context = Context(root=root, home=home.resolve(), environ=environ)
        hosts = HOSTS if args.host == "all" else (args.host,)
        prefix = args.prefix.resolve() if args.prefix else None
        versions = tuple(args.houdini_version)
        if args.command == "env":
            out.write(environment.render(context, hosts, args.scope, prefix))
            return 0
        if args.command == "doctor":
            return doctor.run(context, hosts, args.scope, prefix, out)
        dry_run = bool(args.dry_run)
        return _change(args.command, context, hosts, args.scope, prefix, versions, dry_run, out)
    except InstallError as error:
        print(f"axiom-install: {error}", file=sys.stderr)
        return 2


def _change(
    command: str,
    context: Context,
    hosts: Sequence[str],
    scope: str,
    prefix: Path | None,
    versions: tuple[str, ...],
    dry_run: bool,
    out: TextIO,
) -> int:
    items = [
        item
        for host in hosts
        for item in registrations(host, scope, context, prefix, versions, command == "uninstall")
    ]
    if command == "install":
        for item in items:  # refuse before writing anything
            if not isinstance(item, Notice):
                refuse_install_folder(item.path, context.environ)
    done = 0
    for item in items:
        if command == "install":
            outcome: apply.Outcome | None = apply.install(item, context.environ, dry_run)
        else:
            outcome = apply.uninstall(item, dry_run)
        if outcome:
            print(outcome.line(dry_run), file=out)
            done += 1
    if not done:
        print("nothing to do", file=out)
    return 0
