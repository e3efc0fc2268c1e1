"""The Publish tab on a (simulated) Windows workstation: a path typed, dropped or handed
over by a host in Windows form is opened through this machine's [roots]."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from axiom_publisher.config import load_settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.types import EntityKind, no_progress
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.scene_context import GuessedContext
from axiom_publisher.ui.publish.jobs import guess_job
from axiom_publisher.ui.publish.rows import RowState
from tests.ui.publish.conftest import WidgetFactory, make_settings, wait_analysed


def test_a_windows_path_becomes_a_row_of_the_linux_files(
    qtbot: QtBot, make_widget: WidgetFactory, sqlite_url: str, tmp_path: Path,
    axiom_env: dict[str, str],
) -> None:  # fmt: skip
    base = make_settings(sqlite_url, tmp_path / "publish", axiom_env)
    work = tmp_path / "work"
    write_sequence(work / "sh010", "plate", 1001, 1004, width=64, height=36)
    config = tmp_path / "studio.toml"
    config.write_text(
        f"[roots.work]\nlinux = '{work}'\nwindows = 'W:\\projects'\n", encoding="utf-8"
    )
    settings = load_settings(
        dict(axiom_env, AXIOM_PLATFORM="windows"), config_file=config, db_url=base.db_url,
        publish_root=base.publish_root,
    )  # fmt: skip
    widget = make_widget(settings)
    widget.analyser.add_path(r"w:\Projects\sh010\plate.####.png")
    [row] = wait_analysed(qtbot, widget)
    assert row.state is RowState.READY, row.error
    assert row.source is not None
    assert [f.path for f in row.source.files] == [
        work / "sh010" / f"plate.{frame}.png" for frame in range(1001, 1005)
    ]


def test_the_context_of_a_scene_saved_in_windows_form_is_guessed(
    sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    base = make_settings(sqlite_url, tmp_path / "publish", axiom_env)
    config = tmp_path / "studio.toml"
    config.write_text("[roots.work]\nlinux = '/mnt/work'\nwindows = 'W:\\projects'\n", "utf-8")
    settings = load_settings(
        dict(axiom_env, AXIOM_PLATFORM="windows"), config_file=config, db_url=base.db_url,
        publish_root=base.publish_root,
    )  # fmt: skip
    scene = Path(r"W:\projects\proj\sh010\comp\proj_sh010_comp_v003.nk")
    guessed = guess_job(settings, scene)(no_progress, CancelToken())
    assert guessed == GuessedContext("proj", "sh010", EntityKind.SHOT, "comp")
