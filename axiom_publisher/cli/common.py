"""What every `axiom` command group shares: the parser class, argument types, output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.frames import FrameRange, compact_frames
from axiom_publisher.core.roots import RootSet
from axiom_publisher.core.types import ProgressEvent, VersionRecord


class UsageError(BadInputError):
    """The command line is malformed."""


class HelpFormatter(argparse.HelpFormatter):
    """Help that ends each option's text with its default, when it has one worth showing
    (not a flag's False, not None, and not when the text already names its default)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if (
            not action.option_strings
            or action.nargs == 0
            or action.default is None
            or action.default is argparse.SUPPRESS
            or "default" in text
        ):
            return text
        return f"{text} (default: %(default)s)"


class Parser(argparse.ArgumentParser):
    """Usage errors become UsageError (exit 2, one line, --json aware); help texts show
    the defaults of options."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")


JSON_HELP = "print the result as JSON on stdout (errors as JSON on stderr)"


def add_json(parser: argparse.ArgumentParser) -> None:
    """The `--json` flag every command that prints a result has."""
    parser.add_argument("--json", action="store_true", help=JSON_HELP)


def resolution(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a resolution like 1920x1080") from None
    return width, height


def frames(text: str) -> FrameRange:
    try:
        return FrameRange.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def emit(args: argparse.Namespace, payload: Any, text: str) -> None:
    """The payload as JSON with --json, else the text."""
    if getattr(args, "json", False):
        print_json(payload)
    else:
        print(text)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Left-aligned columns, two spaces apart, the header first."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    return "\n".join(
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    )


def versions_table(records: Sequence[VersionRecord]) -> str:
    if not records:
        return "no versions"
    rows = [
        [
            f"{r.project}/{r.entity}/{r.task}/{r.product}",
            r.label,
            r.status.value,
            r.qc.verdict.value if r.qc else "-",
            str(r.frame_range) if r.frame_range else "-",
            compact_frames(r.missing_frames) or "-",
            str(len([f for f in r.files if f.representation >= 0])),
            r.author,
            r.comment[:40],
        ]
        for r in records
    ]
    return table(
        rows,
        ["product", "version", "status", "qc", "frames", "missing", "files", "author", "comment"],
    )


def shown_json(roots: RootSet, payload: dict[str, Any]) -> dict[str, Any]:
    """A version's JSON with its paths as this machine's users see them."""
    out = dict(payload)
    for key in ("path", "manifest", "proxy", "thumbnail", "source"):
        if isinstance(out.get(key), str):
            out[key] = roots.shown(out[key])
    if isinstance(out.get("files"), list):
        out["files"] = [
            {**file, "path": roots.shown(file["path"])} if isinstance(file, dict) else file
            for file in out["files"]
        ]
    return out


class TerminalProgress:
    """A one-line progress display on a terminal's stderr; silent elsewhere."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, event: ProgressEvent) -> None:
        if not self.enabled:
            return
        share = f"{event.done}/{event.total}" if event.total else ""
        sys.stderr.write(f"\r\033[K{event.phase:8} {share:>11}  {event.message[:60]}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def local_path(settings: Settings, path: Path) -> Path:
    """A path typed on the command line in any platform's form ([roots]), as this machine
    opens it (`W:\\edit\\reel1.edl` on a Linux farm node -> /mnt/work/edit/reel1.edl)."""
    return Path(settings.roots.local(str(path)))
