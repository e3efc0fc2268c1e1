"""The transport bar at the widths the Review tab gives it: nothing is cut or overlaps; a narrow
bar gives up the measured rate, the frame range and the zoom read-out (in that order) and
shortens the compare-mode names (a very narrow one also leaves out buttons whose keys remain),
but the timecode and the frame box always show whole."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtWidgets

from axiom_publisher.ui.review.compare import MODE_LABELS, CompareMode
from axiom_publisher.ui.review.transport import TransportBar
from axiom_publisher.ui.review.transport_parts import LEVELS, SHORT_MODE_LABELS
from axiom_publisher.ui.style import apply_dark_style
from tests.ui.review.player_fixtures import OFFSCREEN

pytestmark = OFFSCREEN
WIDTHS = (560, 700, 900, 1200)
TIMECODE = "23:59:59:23"


@pytest.fixture
def bar(qtbot: QtBot) -> Iterator[TransportBar]:
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication)
    style_sheet = app.styleSheet()
    apply_dark_style(app)  # the widths under test are those of the real look
    transport = TransportBar()
    qtbot.addWidget(transport)
    transport.set_controls_enabled(True)
    transport.set_range(993, 10032)  # five-digit frames: the widest frame box
    transport.set_frame(10031, TIMECODE)
    transport.set_stats(23.976, 1234)
    transport.set_zoom(12.5)
    transport.set_mode(CompareMode.SIDE_BY_SIDE)  # the longest mode name
    transport.show()
    yield transport
    app.setStyleSheet(style_sheet)


def settle(qtbot: QtBot, bar: TransportBar, width: int) -> None:
    bar.resize(width, bar.sizeHint().height())
    qtbot.waitUntil(lambda: bar.width() == width and not bar.layout().geometry().isEmpty())
    QtWidgets.QApplication.processEvents()  # the layout after the read-outs it hid or showed


def cut_parts(bar: TransportBar) -> list[str]:
    """The visible parts whose text does not fit them, or that overlap another or the edge."""
    problems = []
    parts = [child for child in bar.findChildren(QtWidgets.QWidget) if child.isVisible()]
    parts = [part for part in parts if part.parentWidget() is bar]
    for part in parts:
        name = part.objectName() or part.accessibleName()
        if isinstance(part, QtWidgets.QLabel):
            needed = part.fontMetrics().horizontalAdvance(part.text())
            if needed > part.contentsRect().width():
                problems.append(f"{name} cut: {part.text()!r}")
        elif isinstance(part, QtWidgets.QAbstractSpinBox):
            editor = part.findChild(QtWidgets.QLineEdit)
            assert editor is not None
            if part.fontMetrics().horizontalAdvance(part.text()) > editor.width():
                problems.append(f"{name} cut: {part.text()!r}")
        elif part.width() < part.sizeHint().width():  # the mode box, the buttons
            problems.append(f"{name} squeezed to {part.width()} < {part.sizeHint().width()}")
        if not bar.rect().contains(part.geometry()):
            problems.append(f"{name} leaves the bar")
    for index, part in enumerate(parts):
        for other in parts[index + 1 :]:
            if part.geometry().intersects(other.geometry()):
                problems.append(f"{part.objectName()} overlaps {other.objectName()}")
    return problems


def test_nothing_is_cut_or_overlaps_at_any_width(qtbot: QtBot, bar: TransportBar) -> None:
    levels = []
    for width in WIDTHS:
        settle(qtbot, bar, width)
        assert cut_parts(bar) == [], f"at {width} px, min {bar.minimumSizeHint().width()}"
        assert bar.timecode_label.isVisible() and bar.timecode_label.text() == TIMECODE
        assert bar.frame_box.isVisible() and bar.frame_box.text() == "10031"
        levels.append(bar.level)
    # Wider never shows less; the widest shows everything, the narrowest gives up the most.
    assert levels == sorted(levels, reverse=True)
    assert levels[-1] == 0 and levels[0] > levels[-1]
    assert bar.stats_label.text() == "24.0 fps  ·  1234 dropped"
    assert bar.range_label.text() == "993–10032" and bar.zoom_label.text() == "1250%"
    assert bar.mode_box.currentText() == MODE_LABELS[CompareMode.SIDE_BY_SIDE]


def test_read_outs_go_in_order_and_mode_names_shorten(qtbot: QtBot, bar: TransportBar) -> None:
    seen = set()
    for width in range(bar.minimumSizeHint().width(), 1201, 10):
        settle(qtbot, bar, width)
        level = bar.level
        seen.add(level)
        assert bar.stats_label.isVisible() == (level < 2)
        if level < 2:
            short = bar.stats_label.text() == "24.0 fps"
            assert short == (level == 1)
        assert bar.range_label.isVisible() == (level < 3)
        assert bar.zoom_label.isVisible() == (level < 4)
        names = SHORT_MODE_LABELS if level >= 5 else MODE_LABELS
        assert bar.mode_box.currentText() == names[CompareMode.SIDE_BY_SIDE]
        assert bar.first_button.isVisible() == bar.last_button.isVisible() == (level < 6)
        assert bar.fit_button.isVisible() == bar.actual_button.isVisible() == (level < 7)
        assert bar.mode_box.isVisible() == (level < 8)
        for always in (bar.back_button, bar.play_button, bar.forward_button):
            assert always.isVisible()
        assert bar.fullscreen_button.isVisible() and bar.timecode_label.isVisible()
        assert cut_parts(bar) == [], f"at {width} px (level {level})"
    assert seen == set(range(len(LEVELS) + 1))  # every level is reached on the way


def test_the_bar_is_never_narrower_than_its_compact_form(qtbot: QtBot, bar: TransportBar) -> None:
    box = QtWidgets.QWidget()
    qtbot.addWidget(box)
    layout = QtWidgets.QVBoxLayout(box)
    inner = TransportBar()
    inner.set_range(993, 10032)
    inner.set_frame(10031, TIMECODE)
    layout.addWidget(inner)
    box.show()
    box.resize(200, 100)  # the layout keeps the bar at its minimum
    qtbot.waitUntil(lambda: inner.width() >= inner.minimumSizeHint().width())
    QtWidgets.QApplication.processEvents()
    assert inner.level == len(LEVELS)
    assert cut_parts(inner) == []
    # A longer frame range (more digits) makes the compact form wider.
    compact = inner.minimumSizeHint().width()
    inner.set_range(1, 1_000_000)
    assert inner.minimumSizeHint().width() > compact


@pytest.mark.qt_log_ignore(  # an open list on the offscreen platform (and OFFSCREEN's)
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)
def test_rate_updates_leave_an_open_mode_list_alone(qtbot: QtBot, bar: TransportBar) -> None:
    settle(qtbot, bar, 900)
    bar.mode_box.setFocus()
    bar.mode_box.showPopup()
    popup = bar.mode_box.view()
    qtbot.waitUntil(popup.isVisible)
    for fps in (23.5, 24.0, 23.9):  # what playback sends while the list is open
        bar.set_stats(fps, 0)
        bar.set_zoom(None)
    assert popup.isVisible() and bar.mode_box.isVisible()
    bar.mode_box.hidePopup()
