"""The example studio plugins in the Publish tab: the naming check's findings on decoded
pixels show in the checks panel and block the publish; the log plugin hears the publish;
a failing post-publish plugin is a warning in the log and the report, never a failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.ui.publish.rows import RowState
from tests.cli.test_cli_studio_plugins import EXAMPLES, _magenta_png

from .conftest import WidgetFactory, choose, drop, make_settings, wait_analysed

FAILING_NOTIFIER = """API = 1
NAME = "notifier"

def post_publish(version, options):
    raise ConnectionRefusedError("the chat server is down")
"""


def _studio_config(tmp_path: Path, log: Path) -> Path:
    folder = tmp_path / "studio-plugins"
    folder.mkdir()
    for example in ("studio_naming.py", "publish_log.py"):
        shutil.copy(EXAMPLES / example, folder / example)
    (folder / "notifier.py").write_text(FAILING_NOTIFIER, encoding="utf-8")
    config = tmp_path / "studio.toml"
    config.write_text(
        f"[plugins]\nfolders = [{json.dumps(str(folder))}]\n"
        f"[plugins.options.publish_log]\npath = {json.dumps(str(log))}\n",
        encoding="utf-8",
    )
    return config


def test_the_example_plugins_in_the_publish_tab(
    qtbot: QtBot,
    make_widget: WidgetFactory,
    sqlite_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
) -> None:
    log = tmp_path / "publishes.jsonl"
    env = dict(axiom_env, AXIOM_STUDIO_CONFIG=str(_studio_config(tmp_path, log)))
    settings = make_settings(sqlite_url, tmp_path / "publish", env)
    assert settings.plugins.folders, "the studio config is read"
    widget = make_widget(settings)
    choose(qtbot, widget, product="bg_plate")

    render = tmp_path / "render"
    write_sequence(render, "plate", 1001, 1008, width=64, height=36)
    _magenta_png(render / "plate.1004.png")
    drop(widget, render / "plate.1001.png")
    (row,) = wait_analysed(qtbot, widget)
    assert row.verdict is QCStatus.FAIL
    assert not widget.publish_button.isEnabled()
    assert "QC failed for plate.####.png" in widget.status.text()
    widget.select_row(row)
    shown = {check.id: check for check in widget.checks.model.checks}
    assert shown["studio.magenta"].status is QCStatus.FAIL
    assert shown["studio.magenta"].frames == (1004,)
    assert shown["studio.naming"].status is QCStatus.PASS  # of the analysis placeholder
    widget.analyser.discard(row)

    clean = tmp_path / "clean"
    write_sequence(clean, "plate", 1001, 1008, width=64, height=36)
    drop(widget, clean / "plate.1001.png")
    (row,) = [r for r in wait_analysed(qtbot, widget) if r.state is RowState.READY]
    assert row.inspection is not None
    statuses = {check.id: check.status for check in row.inspection.report.checks}
    assert statuses["studio.magenta"] is statuses["studio.naming"] is QCStatus.PASS
    assert row.verdict is not QCStatus.FAIL  # a PNG declares no colour space: a warning
    with qtbot.waitSignal(widget.published, timeout=60_000) as signal:
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    (version,) = signal.args[0]
    assert version.label == "v001"
    (warning,) = version.plugin_warnings
    assert "plugin 'notifier' failed in post_publish" in warning
    assert "the chat server is down" in widget.log.toPlainText()
    assert "the chat server is down" in widget.report.text()
    (line,) = log.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["version_id"] == version.id
    qc = version.qc.to_json() if version.qc else {}
    naming = next(check for check in qc["checks"] if check["id"] == "studio.naming")
    assert naming["message"] == "product 'bg_plate' is well named", "the final context's"


def test_a_name_chosen_after_the_analysis_is_checked_at_publish(
    qtbot: QtBot,
    make_widget: WidgetFactory,
    sqlite_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
) -> None:
    env = dict(axiom_env, AXIOM_STUDIO_CONFIG=str(_studio_config(tmp_path, tmp_path / "l.jsonl")))
    settings = make_settings(sqlite_url, tmp_path / "publish", env)
    widget = make_widget(settings)
    choose(qtbot, widget, product="bg_plate")
    clean = tmp_path / "clean"
    write_sequence(clean, "plate", 1001, 1004, width=64, height=36)
    drop(widget, clean / "plate.1001.png")
    (row,) = wait_analysed(qtbot, widget)
    assert row.state is RowState.READY
    choose(qtbot, widget, product="BG-Plate")  # named after the frames were analysed
    wait_analysed(qtbot, widget)
    qtbot.waitUntil(widget.publish_button.isEnabled, timeout=10_000)
    qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Publish failed" in widget.log.toPlainText(), timeout=60_000)
    assert "product 'BG-Plate' does not follow the studio naming" in widget.log.toPlainText()
    assert "does not follow the studio naming" in widget.report.text()
    assert not (settings.publish_root / "proj/sh010/comp/BG-Plate").exists(), "nothing reserved"
