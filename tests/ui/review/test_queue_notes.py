"""The queue and notes models (model tester, empty and filled from a real database), the
queue's filters, the notes panel (order, labels, a click jumps the player) and the
decision bar on its own."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.review import Decision, QueueFilter, ReviewNote
from axiom_publisher.publish import review
from axiom_publisher.ui.review.decision import DecisionBar
from axiom_publisher.ui.review.loaders import load_notes
from axiom_publisher.ui.review.notes import CURRENT_ROLE, DECISION_ROLE, NoteRow, NotesModel
from axiom_publisher.ui.review.queue import QueueModel
from axiom_publisher.ui.table_model import QC_ROLE
from tests.ui.review import tab_fixtures
from tests.ui.review.player_fixtures import OFFSCREEN
from tests.ui.review.tab_fixtures import TIMEOUT, MakeTab, Published, goto, open_row

pytestmark = OFFSCREEN
published, make_tab = tab_fixtures.published, tab_fixtures.make_tab  # fixtures
Role = QtCore.Qt.ItemDataRole


def write_notes(published: Published) -> None:
    settings = published.settings
    review.add_note(settings, published.sh010_v1.id, "grain too strong", 1004, "kim")
    review.decide(settings, published.sh010_v1.id, Decision.NEEDS_CHANGES, "fix grain", 1006)
    review.add_note(settings, published.sh010_v2.id, "roto edge", 1012, "kim")
    review.add_note(settings, published.sh010_v2.id, "overall ok", None, "lena")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_models_pass_the_model_tester_empty_and_filled(
    qtmodeltester: ModelTester, published: Published
) -> None:
    for empty in (QueueModel(), NotesModel()):
        qtmodeltester.check(empty)
    settings = published.settings
    queue = QueueModel()
    queue.set_records(review.review_queue(settings))
    assert queue.rowCount() == 3
    qtmodeltester.check(queue, force_py=True)
    write_notes(published)
    notes = NotesModel()
    notes.set_notes(load_notes(settings, published.sh010_v2, 24.0), published.sh010_v2.id)
    assert notes.rowCount() == 4
    qtmodeltester.check(notes, force_py=True)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_queue_rows_say_what_waits(published: Published) -> None:
    records = review.review_queue(published.settings)
    model = QueueModel()
    model.set_records(records)
    newest = records[0]
    assert newest.id == published.sh020_v1.id
    text = model.index(0, QueueModel.VERSION).data()
    assert text.splitlines()[:2] == ["sh020  v001", "comp / comp"]
    assert text.splitlines()[2].startswith("kim")
    assert newest.qc is not None
    assert model.index(0, QueueModel.QC).data(QC_ROLE) == newest.qc.verdict.value
    assert "proj / sh020 / comp / comp v001" in model.index(0, QueueModel.VERSION).data(
        Role.ToolTipRole
    )


def test_the_queue_filters_reload_from_the_database(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    bar = tab.queue.filter_bar
    entities = [bar.entity_box.itemText(row) for row in range(bar.entity_box.count())]
    authors = [bar.author_box.itemText(row) for row in range(bar.author_box.count())]
    assert entities == ["Any", "sh010", "sh020"] and authors == ["Any", "kim", "lena"]

    def rows() -> list[int]:
        return [record.id for record in tab.queue.model.records]

    with qtbot.waitSignal(tab.queue_loaded, timeout=TIMEOUT):
        bar.entity_box.setCurrentIndex(bar.entity_box.findData("sh010"))
    assert rows() == [published.sh010_v2.id, published.sh010_v1.id]
    assert tab.queue_filter() == QueueFilter(entity="sh010")
    with qtbot.waitSignal(tab.queue_loaded, timeout=TIMEOUT):
        bar.set_filter(QueueFilter(author="kim"))
    assert rows() == [published.sh020_v1.id]
    verdict = published.sh020_v1.qc.verdict if published.sh020_v1.qc else QCStatus.PASS
    other = QCStatus.FAIL if verdict is not QCStatus.FAIL else QCStatus.PASS
    with qtbot.waitSignal(tab.queue_loaded, timeout=TIMEOUT):
        bar.set_filter(QueueFilter(author="kim", qc=other))
    assert rows() == [] and tab.queue.count.text() == "Nothing waits for review"
    with qtbot.waitSignal(tab.queue_loaded, timeout=TIMEOUT):
        bar.set_filter(QueueFilter())
    assert len(rows()) == 3


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_notes_of_the_product_and_a_click_jumps_to_the_frame(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    write_notes(published)
    tab = make_tab(published)
    selection = open_row(qtbot, tab, published.sh010_v2)
    model = tab.notes.model
    labels = [(row.note.version_label, row.note.frame) for row in model.rows]
    # Newest version first; in a version the whole-version notes first, then by frame.
    assert labels == [("v002", None), ("v002", 1012), ("v001", 1004), ("v001", 1006)]
    assert [model.index(row, 0).data(CURRENT_ROLE) for row in range(4)] == [
        True,
        True,
        False,
        False,
    ]
    assert model.index(3, NotesModel.DECISION).data() == "Needs changes"
    assert model.index(3, 0).data(DECISION_ROLE) == "needs_changes"
    assert model.index(1, NotesModel.TIMECODE).data() == selection.timecode(1012)
    assert tab.notes.counts.text() == "2 here \u00b7 4 in all"
    assert tab.player.timeline.note_frames == (1012,)  # this version's frames on the timeline
    assert "Waiting for a decision" in tab.decision.state_label.text()

    view = tab.notes.view
    for row, frame in ((1, 1012), (2, 1004)):
        rect = view.visualRect(tab.notes.index_of_row(row))
        assert rect.height() > 30  # a card, not a one-line row
        goto(
            qtbot,
            tab,
            frame,
            lambda rect=rect: qtbot.mouseClick(
                view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center()
            ),
        )
        assert tab.player.current_frame() == frame
        assert f"At frame {frame}" in tab.decision.frame_check.text()


def test_the_decision_bar_on_its_own(qtbot: QtBot) -> None:
    bar = DecisionBar()
    qtbot.addWidget(bar)
    assert not any(button.isEnabled() for button in bar.buttons.values())
    bar.set_version(True)
    bar.set_permission(False, "Only review leads may decide (bo is not one)")
    assert not any(button.isEnabled() for button in bar.buttons.values())
    assert bar.buttons[Decision.APPROVED].toolTip().startswith("Only review leads")
    bar.set_permission(True)
    assert all(button.isEnabled() for button in bar.buttons.values())
    assert not bar.note_button.isEnabled()  # no text yet
    bar.set_frame(1010, "01:00:00:09")
    assert bar.frame_check.text() == "At frame 1010  \u00b7  01:00:00:09" and bar.frame() == 1010
    bar.frame_check.setChecked(False)
    assert bar.frame() is None  # a note on the whole version
    bar.frame_check.setChecked(True)
    bar.text.setPlainText("  wider please ")
    requested: list[tuple[object, ...]] = []
    bar.decision_requested.connect(lambda *args: requested.append(args))
    bar.note_requested.connect(lambda *args: requested.append(args))
    qtbot.mouseClick(bar.note_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.buttons[Decision.REJECTED], QtCore.Qt.MouseButton.LeftButton)
    assert requested == [("wider please", 1010), (Decision.REJECTED, "wider please", 1010)]
    bar.set_busy(True)
    assert not bar.note_button.isEnabled() and not bar.buttons[Decision.APPROVED].isEnabled()
    note = ReviewNote(
        1, 2, 3, "ana", "ok", datetime(2026, 1, 2, tzinfo=timezone.utc), Decision.APPROVED, 1005
    )
    bar.show_decision(note)
    assert "Approved" in bar.state_label.text() and "ana" in bar.state_label.text()
    assert "frame 1005" in bar.state_label.text()
    rows = [NoteRow(note, "01:00:00:04")]
    model = NotesModel()
    model.set_notes(rows, current_version=2)
    assert model.index(0, NotesModel.AUTHOR).data() == "ana"
