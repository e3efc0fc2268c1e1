"""Every option of every `axiom` subcommand says what it does and, when it has one, its
default; `axiom ingest runs|show --help` describe those commands, not the whole group."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from axiom_publisher.cli import main
from axiom_publisher.cli.entry import build_parser


def _parsers(
    parser: argparse.ArgumentParser, name: str = "axiom"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for word, child in action.choices.items():
                yield from _parsers(child, f"{name} {word}")


def _options(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    for action in parser._actions:
        if action.option_strings and not isinstance(
            action, (argparse._HelpAction, argparse._VersionAction)
        ):
            yield action


def test_the_walk_reaches_every_command() -> None:
    names = {name for name, _ in _parsers(build_parser())}
    assert {"axiom project create", "axiom shot list", "axiom ingest", "axiom review queue",
            "axiom version show", "axiom product list"} <= names  # fmt: skip


def test_every_option_has_a_help_text_with_its_default() -> None:
    missing: list[str] = []
    no_default: list[str] = []
    for name, parser in _parsers(build_parser()):
        formatter = parser._get_formatter()
        for action in _options(parser):
            option = f"{name} {'/'.join(action.option_strings)}"
            if not action.help:
                missing.append(option)
                continue
            if action.nargs == 0 or action.default is None:
                continue  # a flag, or an option that is unset unless given
            shown = formatter._expand_help(action)
            default = action.default
            if isinstance(default, tuple):  # a resolution: WxH
                default = "x".join(map(str, default))
            if "default" not in shown or (
                str(default) not in shown and "default: the" not in shown
            ):
                no_default.append(f"{option}: {shown!r}")
    assert not missing, "options without a help text:\n" + "\n".join(missing)
    assert not no_default, "options whose help does not give the default:\n" + "\n".join(no_default)


def test_project_create_help_names_the_colorspace_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["project", "create", "--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(default: ACEScg)" in text
    assert "(default: 1920x1080)" in text


@pytest.mark.parametrize(
    ("command", "own", "foreign"),
    [
        (["ingest", "runs", "--help"], "--limit", "--dry-run"),
        (["ingest", "show", "--help"], "RUN_ID", "--dry-run"),
    ],
)
def test_ingest_runs_and_show_have_their_own_help(
    capsys: pytest.CaptureFixture[str], command: list[str], own: str, foreign: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(command)
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: axiom {command[0]} {command[1]}")
    assert own in out and foreign not in out


def test_ingest_help_still_describes_the_delivery_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    out = capsys.readouterr().out
    assert "--dry-run" in out and "runs" in out
