"""No credential shows in the app: the main window opened on a studio configured with secrets
everywhere (tests/tracker/secret_studio.py), once with everything reachable but the tracker
refusing its password (the app's own outbox pass fails with the 401), once with the
database unreachable at the URL holding the password. Every tab is shown and left to load;
then every visible text of every widget (text, tooltips, status tips, titles, placeholders,
every row of every item model in the display, tooltip and status-tip roles, menus and
actions, the status bar's message) is searched for each secret, and the window is grabbed
to a PNG kept in the test's folder (the texts searched are the ones it paints).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtWidgets

from axiom_publisher.config import load_settings
from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.ui.main_window import MainWindow
from tests.tracker.secret_studio import (
    WRONG_TRACKER_PASSWORD,
    WRONG_TRACKER_USER,
    Leaks,
    closed_port,
    secret_studio,
)
from tests.tracker.zou_server import ZouServer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
]
ROLES = (
    QtCore.Qt.ItemDataRole.DisplayRole,
    QtCore.Qt.ItemDataRole.ToolTipRole,
    QtCore.Qt.ItemDataRole.StatusTipRole,
)
WAIT_MS = 60_000


def _flat(model: QtCore.QAbstractItemModel) -> bool:
    """List and table models have no children (and make hasChildren private)."""
    return isinstance(model, QtCore.QAbstractListModel | QtCore.QAbstractTableModel)


def _columns(model: QtCore.QAbstractItemModel, parent: QtCore.QModelIndex) -> int:
    if isinstance(model, QtCore.QAbstractListModel):  # its columnCount is private
        return 1
    return int(model.columnCount(parent))


def _model_texts(model: QtCore.QAbstractItemModel, parent: QtCore.QModelIndex) -> Iterator[str]:
    for row in range(model.rowCount(parent)):
        for column in range(max(1, _columns(model, parent))):
            index = model.index(row, column, parent)
            for role in ROLES:
                value = model.data(index, role)
                if value is not None:
                    yield str(value)
            if column == 0 and not _flat(model) and model.rowCount(index) > 0:
                yield from _model_texts(model, index)
    orientation = QtCore.Qt.Orientation.Horizontal
    for section in range(_columns(model, parent)):
        for role in ROLES:
            value = model.headerData(section, orientation, role)
            if value is not None:
                yield str(value)


def _widget_texts(widget: QtWidgets.QWidget) -> Iterator[str]:
    yield from (widget.windowTitle(), widget.toolTip(), widget.statusTip(), widget.whatsThis())
    yield from (widget.accessibleName(), widget.accessibleDescription())
    for getter in ("text", "placeholderText", "toPlainText", "title", "currentText"):
        method = getattr(widget, getter, None)
        if callable(method):
            try:
                value = method()
            except TypeError:  # a method of that name that wants arguments
                continue
            yield str(value)
    if isinstance(widget, QtWidgets.QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QtWidgets.QTabWidget):
        for i in range(widget.count()):
            yield from (widget.tabText(i), widget.tabToolTip(i))
    if isinstance(widget, QtWidgets.QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model(), QtCore.QModelIndex())
    for action in widget.actions():
        yield from (action.text(), action.toolTip(), action.statusTip(), action.iconText())


def _collect(window: MainWindow, leaks: Leaks, where: str, png: Path) -> int:
    """Every text of the window's widgets into `leaks`; the window grabbed to `png`."""
    widgets = [window, *window.findChildren(QtWidgets.QWidget)]
    for widget in widgets:
        for text in _widget_texts(widget):
            if text:
                leaks.add(f"{where}: {type(widget).__name__} {widget.objectName()}", text)
    leaks.add(f"{where}: status bar message", window.statusBar().currentMessage())
    assert window.grab().save(str(png))
    assert png.stat().st_size > 10_000
    return len(widgets)


def _show_every_tab(qtbot: QtBot, window: MainWindow) -> None:
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(1500)  # each tab loads in workers when it shows
    window.tabs.setCurrentWidget(window.review)


def test_no_credential_in_the_app(
    qtbot: QtBot,
    zou: ZouServer,
    pg_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with secret_studio(zou, pg_url, tmp_path, axiom_env, monkeypatch, capsys) as studio:
        assert studio.publish("s1sh010")[0] == 0
        assert studio.publish("s1sh020", "--farm")[0] == 0  # queued: no worker takes it
        monkeypatch.setenv("AXIOM_TRACKER_USER", WRONG_TRACKER_USER)
        monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", WRONG_TRACKER_PASSWORD)
        assert studio.axiom("tracker", "push")[0] == 1  # the bus's 500 and the 401 recorded
        settings = load_settings()
        (version, *_) = review.review_queue(settings)
        review.decide(settings, version.id, Decision.NEEDS_CHANGES, "edges", 1003)

        state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
        window = MainWindow(settings, state=state)
        qtbot.addWidget(window)
        window.resize(1400, 850)
        window.show()
        try:
            with qtbot.waitSignal(window.outbox.drained, timeout=WAIT_MS):
                pass  # the app's own outbox pass (the review event to the chat)
            qtbot.waitUntil(lambda: window.tracker_label.connection is not None, timeout=WAIT_MS)
            _show_every_tab(qtbot, window)
            window.tabs.setCurrentWidget(window.farm_panel)  # the queued farm job is listed
            qtbot.waitUntil(lambda: window.farm_panel.model.rowCount() == 1, timeout=WAIT_MS)
            window.tabs.setCurrentWidget(window.review)
            assert "reachable" in window.tracker_label.text()
            with qtbot.waitSignal(window.review.version_opened, timeout=WAIT_MS):
                window.review.open_version(version)
            info = window.review.side.info
            window.review.side.pages.setCurrentWidget(info)
            qtbot.waitUntil(lambda: "(401)" in info.tracker.delivery.text(), timeout=WAIT_MS)
            count = _collect(window, studio.leaks, "app", tmp_path / "app.png")
            assert count > 100
        finally:
            window.close()
            assert window.pool.wait(WAIT_MS)

        dead = studio.db_url.replace(":5432/", f":{closed_port()}/")
        monkeypatch.setenv("AXIOM_DB_URL", dead)
        broken = load_settings()
        window = MainWindow(broken, state=state)
        qtbot.addWidget(window)
        window.show()
        try:
            _show_every_tab(qtbot, window)
            qtbot.waitUntil(lambda: bool(window.statusBar().currentMessage()), timeout=WAIT_MS)
            _collect(window, studio.leaks, "app, no database", tmp_path / "app-no-database.png")
        finally:
            window.close()
            assert window.pool.wait(WAIT_MS)

    for record in caplog.records:
        studio.leaks.add(f"log {record.name} {record.levelname}", record.getMessage())
    studio.leaks.add("log (formatted)", caplog.text)
    studio.leaks.check(min_texts=200)
