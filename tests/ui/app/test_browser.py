"""The versions browser loads the demo database in workers and shows what it holds."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.publish import catalog
from axiom_publisher.publish import database as catalog_database
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.ui.browser.models import (
    ProductTreeModel,
    ProjectListModel,
    VersionTableModel,
)
from axiom_publisher.ui.main_window import MainWindow
from axiom_publisher.ui.table_model import QC_ROLE
from tests.ui.spies import thread_spy

from .conftest import OFFSCREEN, MakeWindow

pytestmark = OFFSCREEN
Role = QtCore.Qt.ItemDataRole


def truth(settings: Settings, entity: str, product: str) -> list[VersionRecord]:
    """What the database holds, newest first (read here, in the test, not by the UI)."""
    with open_catalog_database(settings) as database:
        records = catalog.list_versions(
            database, settings, project="demo", entity=entity, product=product
        )
    return sorted(records, key=lambda record: record.number, reverse=True)


def tree_rows(model: ProductTreeModel) -> dict[str, list[tuple[str, str, str, str]]]:
    rows: dict[str, list[tuple[str, str, str, str]]] = {}
    for entity_row in range(model.rowCount()):
        parent = model.index(entity_row, 0)
        rows[str(parent.data())] = [
            tuple(str(model.index(row, column, parent).data()) for column in range(4))  # type: ignore[misc]
            for row in range(model.rowCount(parent))
        ]
    return rows


def test_the_tree_lists_shots_assets_and_products(window: MainWindow) -> None:
    browser = window.browser
    assert browser.current_project() == "demo"
    assert browser.project_box.currentText().startswith("demo")
    assert tree_rows(browser.products) == {
        "sh010": [("comp", "comp", "2", "v002"), ("plate", "plate", "2", "v002")],
        "sh020": [("plate", "plate", "2", "v002")],
        "hero": [("turntable", "lookdev", "2", "v002")],
    }


@pytest.mark.parametrize(
    ("entity", "task", "product"),
    [("sh010", "plate", "plate"), ("sh020", "plate", "plate"), ("hero", "lookdev", "turntable")],
)
def test_a_product_lists_its_versions_newest_first_with_qc(
    qtbot: QtBot, window: MainWindow, demo_settings: Settings, entity: str, task: str, product: str
) -> None:
    browser = window.browser
    with qtbot.waitSignal(browser.versions_loaded, timeout=10_000):
        assert browser.select_product((entity, task, product))
    model = browser.versions
    expected = truth(demo_settings, entity, product)
    assert (
        [model.index(row, model.LABEL).data() for row in range(model.rowCount())]
        == [record.label for record in expected]
        == ["v002", "v001"]
    )
    for row, record in enumerate(expected):
        assert record.qc is not None
        assert model.index(row, model.QC).data() == record.qc.verdict.value
        assert model.index(row, model.QC).data(QC_ROLE) == record.qc.verdict.value
        assert model.index(row, model.STATUS).data() == "published"
        assert model.index(row, model.COMMENT).data() == record.comment.splitlines()[0]
        thumbnail = model.index(row, model.THUMBNAIL).data(Role.DecorationRole)
        assert isinstance(thumbnail, QtGui.QImage) and not thumbnail.isNull()
    # The newest version is selected and described in the details panel.
    assert browser.selected_version() == expected[0]
    assert window.open_action.isEnabled() and browser.open_button.isEnabled()
    window.tab_actions[0].trigger()  # Ctrl+1: Publish; the action is about Review's selection
    assert not window.open_action.isEnabled()
    assert expected[0].label in browser.details.facts.text()
    assert browser.subtitle.text().startswith("2 versions")


def test_the_demo_verdicts_are_shown(qtbot: QtBot, window: MainWindow) -> None:
    browser = window.browser
    with qtbot.waitSignal(browser.versions_loaded, timeout=10_000):
        browser.select_product(("sh020", "plate", "plate"))
    # sh020 misses frame 1010: QC fails (published with a recorded override).
    assert browser.versions.index(0, VersionTableModel.QC).data() == "fail"
    assert "FAIL" in browser.details.checks.text()
    assert "missing frame 1010" in browser.details.checks.text()
    assert "QC override" in browser.details.facts.text()
    assert "re-scanned" in browser.details.facts.text()


def test_double_click_opens_the_version_folder(qtbot: QtBot, window: MainWindow) -> None:
    browser = window.browser
    opened: list[QtCore.QUrl] = []
    browser.open_url = lambda url: opened.append(url) or True
    with qtbot.waitSignal(browser.versions_loaded, timeout=10_000):
        browser.select_product(("hero", "lookdev", "turntable"))
    index = browser.versions.index(1, VersionTableModel.LABEL)
    rect = browser.table.visualRect(index)
    # Qt 6 item views need the first click of a double-click to arrive as a click.
    qtbot.mouseClick(browser.table.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(browser.table.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    record = browser.versions.record(1)
    assert record is not None and record.label == "v001"
    assert [url.toLocalFile() for url in opened] == [str(record.path)]


def test_models_pass_the_model_tester_empty_and_filled(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow
) -> None:
    for empty in (ProjectListModel(), ProductTreeModel(), VersionTableModel()):
        qtmodeltester.check(empty)
    browser = window.browser
    with qtbot.waitSignal(browser.versions_loaded, timeout=10_000):
        browser.select_product(("sh010", "plate", "plate"))
    assert browser.projects.rowCount() == 1
    assert browser.products.rowCount() == 3
    assert browser.versions.rowCount() == 2
    for filled in (browser.projects, browser.products, browser.versions):
        qtmodeltester.check(filled, force_py=True)


def test_refresh_keeps_the_selected_product(qtbot: QtBot, window: MainWindow) -> None:
    browser = window.browser
    with qtbot.waitSignal(browser.versions_loaded, timeout=10_000):
        browser.select_product(("sh020", "plate", "plate"))
    assert window.refresh_action.shortcut() == QtGui.QKeySequence(
        QtGui.QKeySequence.StandardKey.Refresh
    )
    with qtbot.waitSignal(browser.versions_loaded, timeout=10_000):
        window.refresh_action.trigger()
    assert browser.current_product() == ("sh020", "plate", "plate")
    assert browser.versions.rowCount() == 2


def test_no_database_query_runs_on_the_main_thread(
    qtbot: QtBot, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, threading.Thread]] = []
    for module, name in (
        (catalog, "list_projects"),
        (catalog, "list_versions"),
        (catalog, "list_entities"),
        (catalog_database, "open_catalog_database"),
    ):
        monkeypatch.setattr(module, name, thread_spy(calls, name, getattr(module, name)))
    window = make_window()
    window.show()
    qtbot.waitUntil(lambda: window.browser.products.rowCount() > 0, timeout=10_000)
    with qtbot.waitSignal(window.browser.versions_loaded, timeout=10_000):
        window.browser.select_product(("sh010", "comp", "comp"))
    with qtbot.waitSignal(window.browser.versions_loaded, timeout=10_000):
        window.refresh_action.trigger()
    names = {name for name, _ in calls}
    assert names == {"list_projects", "list_versions", "list_entities", "open_catalog_database"}
    main = threading.main_thread()
    assert [name for name, thread in calls if thread is main] == []


def test_an_unreachable_database_is_a_message_not_a_traceback(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    env = {"AXIOM_DATA_DIR": str(tmp_path), "AXIOM_USER_CONFIG": str(tmp_path / "none.toml")}
    settings = load_settings(env=env, db_url="postgresql+psycopg://nobody@127.0.0.1:9/axiom")
    window = make_window(settings=settings)
    window.show()
    browser = window.browser
    qtbot.waitUntil(lambda: browser.subtitle.text().startswith("Could not load"), timeout=20_000)
    assert "127.0.0.1" in browser.subtitle.text()
    assert browser.products.rowCount() == 0
    assert not window.open_action.isEnabled()
    assert window.statusBar().currentMessage().startswith("Could not load")
