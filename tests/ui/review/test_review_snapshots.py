"""The Review tab's screenshots, on a main window built as ui/snapshot.py builds one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui

from axiom_publisher.config import load_settings
from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.publish.demo import run_demo
from axiom_publisher.ui.main_window import MainWindow
from axiom_publisher.ui.review.snapshots import SHOT_SIZE, render_review_snapshots
from tests.ui.review.player_fixtures import OFFSCREEN, image_array

pytestmark = OFFSCREEN


def test_review_snapshots_are_written(qtbot: QtBot, tmp_path: Path) -> None:
    env = {"AXIOM_DATA_DIR": str(tmp_path / "data"), "AXIOM_USER_CONFIG": str(tmp_path / "no")}
    settings = load_settings(env=env)
    for run in range(2):
        run_demo(settings, log=lambda line: None, again=run > 0)
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, state=state)
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    qtbot.waitUntil(lambda: window.browser.products.rowCount() > 0, timeout=20_000)

    lines: list[str] = []
    paths = render_review_snapshots(window, tmp_path / "shots", lines.append)
    names = [
        "review_queue.png",
        "review_wipe.png",
        "review_difference.png",
        "review_notes.png",
        "review_qc.png",
        "review_info.png",
        "review_drawing.png",
        "review_playlist.png",
    ]
    assert [path.name for path in paths] == names
    assert lines == [str(path) for path in paths]
    images = {path.name: QtGui.QImage(str(path)) for path in paths}
    for name in names[:3]:
        assert images[name].size() == QtCore.QSize(*SHOT_SIZE)
    for name in names[3:-1]:  # the player and the side pages: Notes, QC, Info
        side = images[name]
        assert 600 < side.width() < SHOT_SIZE[0] and side.height() > 600
    assert not np.array_equal(
        image_array(images["review_qc.png"]), image_array(images["review_info.png"])
    )
    assert window.review.player.settled and window.review.player.canvas.picture() is not None
    for image in images.values():
        pixels = image_array(image)[::7, ::7].reshape(-1, 3)
        assert len(np.unique(pixels, axis=0)) > 50  # a real UI, not a blank grab
    assert not np.array_equal(
        image_array(images["review_wipe.png"]), image_array(images["review_difference.png"])
    )
    playing = images["review_playlist.png"]  # the whole tab: the Playlists panel in it
    assert playing.width() > 1400 and playing.height() > 600
    assert window.size() == QtCore.QSize(1400, 850)  # given back as it was
    drawn = window.review.player.annotations
    assert [stroke.tool.value for stroke in drawn.others[1016]] == ["ellipse", "arrow", "text"]
    assert not np.array_equal(
        image_array(images["review_drawing.png"]), image_array(images["review_info.png"])
    )

    # The notes and the decision behind the pictures are in the database.
    record = window.review.selection.record if window.review.selection else None
    assert record is not None and record.label == "v003" and record.author == "lena"
    notes_in_db = review.product_notes(settings, record.id)
    mine = [note for note in notes_in_db if note.version_id == record.id]
    assert sorted(note.frame or 0 for note in mine) == [1013, 1016]
    decided = [note for note in notes_in_db if note.decision is Decision.NEEDS_CHANGES]
    assert len(decided) == 1 and decided[0].version_number == 2
    window.close()
    assert window.pool.wait(20_000)
