"""The left of the Review tab: a Queue / Browse switch over the queue and the versions browser.

`picked(VersionRecord)` says which version to open: a row picked in the queue while the
queue shows, a version selected in the browser while the browser shows, and the current
one of the side switched to.
"""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.browser import VersionsBrowser
from axiom_publisher.ui.browser.models import VersionTableModel
from axiom_publisher.ui.review.queue_panel import QueuePanel
from axiom_publisher.ui.style import ACCENT
from axiom_publisher.ui.workers import WorkerPool

QUEUE, BROWSE = 0, 1
SWITCH_STYLE = f"""
QPushButton {{ border-radius: 0; padding: 5px 10px; background: #262626; color: #9a9a9a; }}
QPushButton:checked {{ background: #3a3a3a; color: #f0f0f0; border-color: {ACCENT}; }}
"""


class SourceSwitch(QtWidgets.QWidget):
    """Two segmented buttons, Queue and Browse; `changed(index)` when the user picks one."""

    changed = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QtWidgets.QButtonGroup(self)
        self.group.setExclusive(True)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(0)
        tips = (
            "Versions waiting for a decision, newest first (Page Down / Up: next / previous)",
            "Every version: project \u203a shot or asset \u203a product"
            " (Page Down / Up: older / newer version)",
        )
        for index, (text, tip) in enumerate(zip(("&Queue", "&Browse"), tips, strict=True)):
            button = QtWidgets.QPushButton(text)
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setStyleSheet(SWITCH_STYLE)
            self.group.addButton(button, index)
            layout.addWidget(button, 1)
        self.set_current(0)
        self.group.idClicked.connect(self.changed)

    def current(self) -> int:
        return self.group.checkedId()

    def set_current(self, index: int) -> None:
        button = self.group.button(index)
        if button is not None:
            button.setChecked(True)

    def button(self, index: int) -> QtWidgets.QAbstractButton:
        return self.group.button(index)


class SourcePanel(QtWidgets.QWidget):
    """The switch, then the queue (QUEUE) or the versions browser (BROWSE)."""

    picked = QtCore.Signal(object)  # VersionRecord
    mode_changed = QtCore.Signal(int)

    def __init__(
        self,
        settings: Settings,
        pool: WorkerPool,
        parent: QtWidgets.QWidget | None = None,
        *,
        project: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.switch = SourceSwitch()
        self.queue = QueuePanel()
        self.browser = VersionsBrowser(settings, pool, project=project)
        # The browser as a column: tree above versions; the player shows what details showed.
        self.browser.splitter.setOrientation(QtCore.Qt.Orientation.Vertical)
        self.browser.splitter.setSizes([260, 500])
        self.browser.details.hide()
        self.browser.title.hide()  # the header over the player names the version
        # The Info page beside the player (and the toolbar) open the folder: the summary
        # line gets the column's width.
        self.browser.open_button.hide()
        # The column is narrow: the header and the Info page say the status, the frames and
        # the tracker delivery, so the QC verdict and the author show without scrolling.
        hidden = (VersionTableModel.STATUS, VersionTableModel.TRACKER, VersionTableModel.FRAMES)
        for column in hidden:
            self.browser.table.setColumnHidden(column, True)
        self.browser.subtitle.setWordWrap(True)  # a long message wraps, it is never cut
        self.browser.subtitle.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.queue)
        self.stack.addWidget(self.browser)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.switch)
        layout.addWidget(self.stack, 1)
        self.switch.changed.connect(self.set_mode)
        self.queue.picked.connect(lambda record: self._picked(QUEUE, record))
        self.browser.version_selected.connect(lambda record: self._picked(BROWSE, record))

    def mode(self) -> int:
        return self.stack.currentIndex()

    def set_mode(self, mode: int, *, open_current: bool = True) -> None:
        """Show QUEUE or BROWSE; its current version is picked unless `open_current` is off."""
        changed = mode != self.mode()
        self.stack.setCurrentIndex(mode)
        self.switch.set_current(mode)
        if open_current:
            self._picked(mode, self.current_record())
        if changed:
            self.mode_changed.emit(mode)

    def current_record(self) -> VersionRecord | None:
        """The version selected on the side shown."""
        if self.mode() == BROWSE:
            return self.browser.selected_version()
        return self.queue.current_record()

    def _picked(self, side: int, record: VersionRecord | None) -> None:
        if record is not None and side == self.mode():
            self.picked.emit(record)
