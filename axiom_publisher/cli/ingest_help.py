"""The help of `axiom ingest runs` and `axiom ingest show`.

`axiom ingest` takes free words (`DIR`, `runs`, `show RUN_ID`) so that `axiom ingest DIR`
works; argparse would print the whole group's help for `axiom ingest runs --help`. The
ingest parser's -h/--help is this action instead: after `runs` or `show` it prints that
command's own help.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from axiom_publisher.cli.common import JSON_HELP, HelpFormatter


def _runs_parser() -> argparse.ArgumentParser:
    runs = argparse.ArgumentParser(
        prog="axiom ingest runs",
        description="The recorded ingest runs, newest first, with their counts.",
        formatter_class=HelpFormatter,
    )
    runs.add_argument("--project", help="only this project's runs")
    runs.add_argument("--limit", type=int, default=100, metavar="N", help="how many runs")
    runs.add_argument("--json", action="store_true", help=JSON_HELP)
    return runs


def _show_parser() -> argparse.ArgumentParser:
    show = argparse.ArgumentParser(
        prog="axiom ingest show",
        description="One recorded ingest run: every item with its shot/task/product, outcome, "
        "version and reason. Exit 1 when an item of the run failed.",
        formatter_class=HelpFormatter,
    )
    show.add_argument("run_id", metavar="RUN_ID", type=int, help="the run's id (axiom ingest runs)")
    show.add_argument("--json", action="store_true", help=JSON_HELP)
    return show


class IngestHelp(argparse.Action):
    """-h/--help of `axiom ingest`: the help of `runs` or `show` after those words."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=kwargs.get("help")
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        words = getattr(namespace, "words", None) or []
        command = words[0] if words else None
        if command == "runs":
            _runs_parser().print_help()
        elif command == "show":
            _show_parser().print_help()
        else:
            parser.print_help()
        parser.exit()


def add_ingest_help(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-h", "--help", action=IngestHelp, help="show this help (after runs or show: theirs)"
    )
