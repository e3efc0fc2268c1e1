"""The publish dialog inside each host (fake Nuke, Maya, Houdini, and the standalone app):
the outputs collected on the main thread, analysed in the pool, the scene saved after
asking, the work file and the renders made from it published with the dependency, on
SQLite and PostgreSQL. Cancel at the save question publishes nothing; an untitled scene
is asked to be saved first."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import WORKFILE_PRODUCT, CollectedOutput, Host
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec, VersionStatus
from axiom_publisher.hosts.base import sequence_pattern
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.ui import launch
from axiom_publisher.ui.publish.dialog import SAVE_AND_PUBLISH, PublishDialog
from axiom_publisher.ui.publish.rows import RowState
from tests.hosts.conftest import HOSTS
from tests.hosts.fakes import FakeHostScene
from tests.roots import publish_root

FRAMES = FrameRange(1001, 1003)
TIMEOUT = 60_000
SHOTS = os.environ.get("AXIOM_UI_SHOTS")  # read at import: axiom_env clears AXIOM_*

# The offscreen platform says so whenever a window is shown or raised; not our warnings.
pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")

# The hosts with a scene file to save (the standalone app has none).
DCCS = pytest.mark.parametrize("scene", [h for h in HOSTS if h != "standalone"], indirect=True)


def make_settings(url: str, tmp_path: Path, env: dict[str, str]) -> Settings:
    """proj (64x36, like the generated media) with the shot sh010."""
    env = dict(env, AXIOM_LEASE_SECONDS="30")
    result = load_settings(env, db_url=url, publish_root=publish_root(tmp_path / "publish"))
    with open_catalog_database(result) as database:
        catalog.create_project(database, ProjectSpec("proj", "Project", width=64, height=36))
        catalog.create_entity(database, EntitySpec("proj", "sh010", EntityKind.SHOT))
    return result


@pytest.fixture
def settings(db_url: str, tmp_path: Path, axiom_env: dict[str, str]) -> Settings:
    """On SQLite and on PostgreSQL."""
    return make_settings(db_url, tmp_path, axiom_env)


@pytest.fixture
def local_settings(sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str]) -> Settings:
    """On SQLite only: for what does not depend on the database."""
    return make_settings(sqlite_url, tmp_path, axiom_env)


@pytest.fixture
def state(tmp_path: Path) -> QtCore.QSettings:
    return QtCore.QSettings(str(tmp_path / "ui-state.ini"), QtCore.QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def fresh_launch(monkeypatch: pytest.MonkeyPatch, scene: FakeHostScene) -> Iterator[None]:
    """No window or adapter of another test; whatever a failed test left open closed."""
    monkeypatch.setattr(launch, "_hosts", {})
    monkeypatch.setattr(launch, "_dialogs", {})
    monkeypatch.setattr(launch, "_reviews", {})
    yield
    launch.close_all()


def settle(qtbot: QtBot) -> None:
    """At the end of a test: let the windows' jobs finish (a result may start the next
    query: projects, then shots, then products), then close and delete the windows, all
    before pytest-qt closes the fake host's main window, their parent."""
    windows = [*launch._dialogs.values(), *launch._reviews.values()]
    pools = [window.widget.pool for window in launch._dialogs.values()]
    pools += [window.pool for window in launch._reviews.values()]
    qtbot.waitUntil(lambda: not any(pool.running for pool in pools), timeout=TIMEOUT)
    deleted: list[bool] = []
    for window in windows:
        window.destroyed.connect(lambda *_: deleted.append(True))
    launch.close_all()
    qtbot.waitUntil(lambda: len(deleted) == len(windows), timeout=TIMEOUT)


def render_frames(output: CollectedOutput, frames: FrameRange) -> list[Path]:
    """Real EXR frames (64x36) where the host's evaluated output path says they go."""
    pattern = sequence_pattern(output.path)
    scratch = Path(pattern).parent / ".generated"
    written = write_sequence(scratch, "f", frames.first, frames.last, 64, 36, codec="exr")
    targets = []
    for frame, path in zip(range(frames.first, frames.last + 1), written, strict=True):
        target = Path(pattern % frame)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
        targets.append(target)
    scratch.rmdir()
    return targets


def scene_with_renders(scene: FakeHostScene, tmp_path: Path, save: bool = True) -> CollectedOutput:
    """A beauty render limited to FRAMES (on disk, with an older frame after them), a
    disabled matte, the scene saved (at proj/sh010/comp/work/...) then changed."""
    work = tmp_path / "proj" / "sh010" / "comp" / "work" / f"sh010_comp_v001{scene.workfile_suffix}"
    scene.add_render("beauty", tmp_path / "renders", FRAMES)
    scene.add_render("matte", tmp_path / "renders", None, enabled=False)
    if save:
        work.parent.mkdir(parents=True)
        scene.save_as(work)
    (beauty,) = [o for o in scene.host.collect() if "beauty" in o.node]
    render_frames(beauty, FrameRange(FRAMES.first, FRAMES.last + 1))
    scene.modify()
    return beauty


def collect_spy(host: Host, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for each collect, whether it ran on the main thread."""
    threads: list[bool] = []
    collect = host.collect

    def spy() -> list[CollectedOutput]:
        threads.append(threading.current_thread() is threading.main_thread())
        return collect()

    monkeypatch.setattr(host, "collect", spy)
    return threads


def wait_ready(qtbot: QtBot, dialog: PublishDialog, count: int) -> None:
    widget = dialog.widget

    def ready() -> bool:
        rows = widget.rows
        return len(rows) == count and all(row.state is RowState.READY for row in rows)

    qtbot.waitUntil(ready, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not widget.busy and not widget.publish_problem(), timeout=TIMEOUT)


def versions(settings: Settings) -> list[catalog.VersionRecord]:
    with open_catalog_database(settings) as database:
        return catalog.list_versions(database, settings, project="proj")


def test_publish_from_the_host_records_the_workfile_dependency(
    qtbot: QtBot,
    scene: FakeHostScene,
    settings: Settings,
    state: QtCore.QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host = scene.host
    beauty = scene_with_renders(scene, tmp_path) if scene.has_scene else None
    work = host.scene_path()
    threads = collect_spy(host, monkeypatch)

    dialog = launch.show_publisher(host, settings, state=state)

    assert threads == [True]  # collected once, on the main thread
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.parentWidget() is scene.main_window()
    widget = dialog.widget
    questions: list[str] = []
    widget.ask_save = lambda title, text: questions.append(text) or True
    if work is None:  # the standalone app: nothing collected, files chosen by hand
        assert widget.rows == []
        write_sequence(tmp_path / "plates", "plate", 1001, 1003, 64, 36, codec="exr")
        widget.add_items([tmp_path / "plates" / "plate.####.exr"], colorspace="ACEScg")
        widget.set_context("proj", "sh010", "comp", "plate")
    wait_ready(qtbot, dialog, 1)
    (row,) = widget.rows
    assert row.source is not None and row.source.frame_range == FRAMES
    assert [file.frame for file in row.source.files] == [1001, 1002, 1003]  # not 1004
    if beauty is not None:
        assert row.colorspace == beauty.colorspace  # as the host declares it
    context = widget.picker.context()
    assert context is not None
    if work is not None:
        assert "not added: " in widget.log.toPlainText()  # the disabled matte, with its note
        assert "matte" in widget.log.toPlainText()
        assert row.product is not None and "beauty" in row.product
        # guessed from proj/sh010/comp/work/sh010_comp_v001.<ext>
        assert (context.project, context.entity, context.task) == ("proj", "sh010", "comp")
        assert host.scene_modified()
    widget.select_row(row)
    shot(dialog, scene, f"publish_in_{scene.name}_ready")

    with qtbot.waitSignal(widget.published, timeout=TIMEOUT) as published:
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    made = published.args[0]

    stored = {record.id: record for record in versions(settings)}
    assert all(record.status is VersionStatus.PUBLISHED for record in stored.values())
    remembered = str(state.value("publish/last_context"))  # for an untitled scene next time
    assert remembered == f"proj/shot/sh010/comp/{context.product}"
    if work is None:
        assert questions == []
        (plate,) = stored.values()
        assert plate.dependencies == () and plate.host == "standalone"
        settle(qtbot)
        return
    assert len(questions) == 1 and work.name in questions[0]
    assert not host.scene_modified()  # saved before publishing
    workfile, render = made
    assert stored[workfile.id].product == WORKFILE_PRODUCT
    assert (workfile.task, workfile.entity, workfile.label) == ("comp", "sh010", "v001")
    assert stored[render.id].dependencies == (workfile.id,)
    assert stored[render.id].source == str(work)
    assert stored[render.id].host == scene.name
    assert stored[render.id].frame_range == FRAMES
    (published_scene,) = [f.path for f in stored[workfile.id].files if f.representation == 0]
    assert published_scene.read_bytes() == work.read_bytes()  # the scene as saved
    assert "work file v001" in widget.report.text()
    qtbot.waitUntil(lambda: "v002" in widget.picker.next_version.text(), timeout=TIMEOUT)
    shot(dialog, scene, f"publish_in_{scene.name}")
    settle(qtbot)


@DCCS
def test_cancel_at_the_save_question_publishes_nothing(
    qtbot: QtBot,
    scene: FakeHostScene,
    local_settings: Settings,
    state: QtCore.QSettings,
    tmp_path: Path,
) -> None:
    scene_with_renders(scene, tmp_path)
    dialog = launch.show_publisher(scene.host, local_settings, state=state)
    wait_ready(qtbot, dialog, 1)
    answer_with(qtbot, "Cancel")  # the real message box
    qtbot.mouseClick(dialog.widget.publish_button, QtCore.Qt.MouseButton.LeftButton)

    assert versions(local_settings) == []
    assert scene.host.scene_modified()  # not saved either
    assert "publish cancelled: the scene was not saved" in dialog.widget.log.toPlainText()
    assert dialog.widget.publish_button.isEnabled() and not dialog.widget.busy
    settle(qtbot)


@DCCS
def test_an_untitled_scene_is_saved_first_and_says_how(
    qtbot: QtBot,
    scene: FakeHostScene,
    local_settings: Settings,
    state: QtCore.QSettings,
    tmp_path: Path,
) -> None:
    scene_with_renders(scene, tmp_path, save=False)
    state.setValue("publish/last_context", "proj/shot/sh010/comp/old")  # no path to guess from
    dialog = launch.show_publisher(scene.host, local_settings, state=state)
    widget = dialog.widget
    wait_ready(qtbot, dialog, 1)
    context = widget.picker.context()
    assert context is not None and (context.entity, context.task) == ("sh010", "comp")
    told = answer_with(qtbot, "OK")
    qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)

    assert told and "has never been saved" in told[0]
    assert widget.workfile_output is not None and widget.workfile_output.note
    assert widget.workfile_output.note.lower() in told[0].lower()  # the host's own words
    assert "Save" in told[0]  # how: the host's own Save As command
    assert "has never been saved" in widget.banner_label.text()
    assert versions(local_settings) == []
    settle(qtbot)


@DCCS
def test_an_unchanged_scene_reuses_its_workfile_version(
    qtbot: QtBot,
    scene: FakeHostScene,
    local_settings: Settings,
    state: QtCore.QSettings,
    tmp_path: Path,
) -> None:
    scene_with_renders(scene, tmp_path)
    dialog = launch.show_publisher(scene.host, local_settings, state=state)
    widget = dialog.widget
    asked: list[str] = []
    widget.ask_save = lambda title, text: asked.append(text) or True
    for _ in range(2):  # the second time: the scene is saved and unchanged
        launch.show_publisher(scene.host, local_settings, state=state)
        wait_ready(qtbot, dialog, 1)
        with qtbot.waitSignal(widget.published, timeout=TIMEOUT):
            qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)

    assert len(asked) == 1  # only the changed scene asked to be saved
    stored = versions(local_settings)
    (workfile,) = [record for record in stored if record.product == WORKFILE_PRODUCT]
    renders = [record for record in stored if record.product != WORKFILE_PRODUCT]
    assert [record.label for record in renders] == ["v001", "v002"]
    assert [record.dependencies for record in renders] == [(workfile.id,), (workfile.id,)]
    assert "unchanged since work file v001: it was reused" in widget.report.text()
    settle(qtbot)


def test_show_publisher_from_a_worker_collects_on_the_main_thread(
    qtbot: QtBot,
    scene: FakeHostScene,
    local_settings: Settings,
    state: QtCore.QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads = collect_spy(scene.host, monkeypatch)
    opened: list[object] = []

    def job() -> None:
        opened.append(launch.show_publisher(scene.host, local_settings, state=state))

    worker = threading.Thread(target=job)
    worker.start()
    qtbot.waitUntil(lambda: bool(opened), timeout=TIMEOUT)
    worker.join()
    (dialog,) = opened
    assert isinstance(dialog, PublishDialog) and dialog.isVisible()
    assert dialog.thread() is QtCore.QCoreApplication.instance().thread()
    assert threads == [True]
    settle(qtbot)


def test_install_adds_the_menu_once_and_the_windows_are_reused(
    qtbot: QtBot, scene: FakeHostScene, local_settings: Settings, state: QtCore.QSettings
) -> None:
    if scene.has_scene:
        launch.install(scene.name)
        launch.install(scene.name)
        assert scene.menu_entries(launch.MENU_TITLE) == [["Publish…", "Review…"]]
    dialog = launch.show_publisher(scene.host, local_settings, state=state)
    dialog.close()
    assert launch.show_publisher(scene.host, local_settings, state=state) is dialog
    assert dialog.isVisible()
    review = launch.show_review(scene.host, local_settings, state=state)
    assert review.review_only and review.isVisible()
    assert review.parentWidget() is scene.main_window()
    assert launch.show_review(scene.host, local_settings, state=state) is review
    review.close()  # stops its player: the next one is a new window
    again = launch.show_review(scene.host, local_settings, state=state)
    assert again is not review and again.isVisible()
    settle(qtbot)


def answer_with(qtbot: QtBot, button: str) -> list[str]:
    """Click `button` of the next message box (the real one, over the dialog); its text."""
    texts: list[str] = []

    def answer() -> None:
        box = QtWidgets.QApplication.activeModalWidget()
        if not isinstance(box, QtWidgets.QMessageBox):
            QtCore.QTimer.singleShot(10, answer)
            return
        texts.append(box.text())
        labels = {b.text().replace("&", ""): b for b in box.buttons()}
        assert SAVE_AND_PUBLISH in labels or "OK" in labels, labels
        labels[button].click()

    QtCore.QTimer.singleShot(0, answer)
    return texts


def shot(dialog: PublishDialog, scene: FakeHostScene, name: str) -> None:
    """The dialog over its (fake) host window, saved for review when AXIOM_UI_SHOTS is set."""
    if not SHOTS:
        return
    window = scene.main_window()
    assert isinstance(window, QtWidgets.QWidget)
    window.resize(1400, 900)
    picture = window.grab()
    painter = QtGui.QPainter(picture)
    painter.drawPixmap(150, 70, dialog.grab())
    painter.end()
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    assert picture.save(str(Path(SHOTS) / f"{name}.png"))
