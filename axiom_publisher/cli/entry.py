"""The `axiom` command: the contract scripts and wranglers' automation rely on.

Exit codes: 0 success; 1 publish refused by QC or verify found problems; 2 bad input
(unreadable file, bad name, unknown project/shot, usage); 3 database or publish area
unavailable; 130 cancelled. With --json, stdout carries only the result and errors go to
stderr as {"error": {"type": ..., "message": ...}}.

Each command group lives in its own module with a `register(commands)` that adds its
parsers and sets their `handler`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from axiom_publisher import __version__
from axiom_publisher.cli import (
    app,
    db,
    deps,
    editorial,
    farm,
    ingest,
    path,
    playlist,
    plugins,
    project,
    publish,
    review,
    root,
    tracker,
    versions,
)
from axiom_publisher.cli.common import Parser, UsageError
from axiom_publisher.cli.interrupt import Interrupts
from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import AxiomError, CancelledError
from axiom_publisher.core.secrets import mask_secrets

GROUPS = (
    project,
    publish,
    versions,
    deps,
    db,
    app,
    review,
    playlist,
    editorial,
    ingest,
    root,
    tracker,
    farm,
    plugins,
    path,
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="axiom", description="AXIOM Publisher: versioned, verified publishing.")
    parser.add_argument("--version", action="version", version=f"axiom {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides AXIOM_DB_URL)")
    parser.add_argument(
        "--root", metavar="DIR", type=Path, help="publish root (overrides AXIOM_PUBLISH_ROOT)"
    )
    parser.add_argument(
        "--config", metavar="FILE", type=Path, help="a TOML file over every other layer"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for group in GROUPS:
        group.register(commands)
    return parser


def _report_error(error: AxiomError, as_json: bool) -> int:
    message = mask_secrets(str(error))  # the last line of defence: no password is printed
    if as_json:
        json.dump({"error": {"type": error.kind, "message": message}}, sys.stderr)
        sys.stderr.write("\n")
    else:
        sys.stderr.write(f"axiom: error: {message}\n")
    return error.exit_code


def _parse(argv: list[str]) -> argparse.Namespace:
    """The parsed command line; a usage error names a file that was read as an option."""
    try:
        return build_parser().parse_args(argv)
    except UsageError as error:
        dashed = [arg for arg in argv if arg[:1] == "-" and len(arg) > 1 and os.path.lexists(arg)]
        if not dashed:
            raise
        raise UsageError(
            f"{error}; {dashed[0]!r} is a file, read as an option: write `-- {dashed[0]}` "
            f"(after the options) or `./{dashed[0]}`"
        ) from error


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    with Interrupts(as_json) as interrupts:
        try:
            return _run(argv, interrupts)
        except AxiomError as error:
            return _report_error(error, as_json)
        except KeyboardInterrupt:
            return _report_error(CancelledError("cancelled; nothing was published"), as_json)
        except BrokenPipeError:
            return 0
        except Exception:
            if not interrupts.received:
                raise
            # The signal interrupted a library call, which then failed: still a cancel.
            return _report_error(CancelledError("cancelled; nothing was published"), as_json)


def _run(argv: list[str], interrupts: Interrupts) -> int:
    """Parse and run one command. Commands that set `cancellable` get the signals as
    `args.cancel` (a CancelToken they check at safe points); the others are interrupted."""
    args = _parse(argv)
    args.cancel = interrupts.cancel
    interrupts.cooperative = bool(getattr(args, "cancellable", False))
    interrupts.cancel.raise_if_cancelled()  # a signal while the command line was read
    settings = load_settings(config_file=args.config, db_url=args.db, publish_root=args.root)
    return int(args.handler(args, settings))
