"""The right column of the Review tab: pages Notes | QC | Info over the decision bar.

The QC page's title carries the verdict in its colour, so a lead sees a warning or a
failure without opening the page; the Notes page's title counts the notes.
"""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.review.decision import DecisionBar
from axiom_publisher.ui.review.info_page import InfoPage
from axiom_publisher.ui.review.notes_view import NotesPanel
from axiom_publisher.ui.review.qc_page import QCPage
from axiom_publisher.ui.style import QC_COLOURS

NOTES_PAGE, QC_PAGE, INFO_PAGE = range(3)
DOT = 10  # the verdict's dot on the QC page's tab, in pixels


def dot(colour: str) -> QtGui.QIcon:
    """A filled circle in `colour` (the style sheet sets the tabs' text colour: not that)."""
    icon = QtGui.QIcon()
    for scale in (1, 2):
        pixmap = QtGui.QPixmap(DOT * scale, DOT * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(pixmap)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(QtGui.QColor(colour))
        painter.drawEllipse(QtCore.QRectF(1, 1, DOT - 2, DOT - 2))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class ReviewSide(QtWidgets.QWidget):
    """Notes, QC checks and media facts of the open version, and the decision bar."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.notes = NotesPanel()
        self.notes.title.hide()  # the page's tab names it
        self.qc = QCPage()
        self.info = InfoPage()
        self.decision = DecisionBar()
        self.pages = QtWidgets.QTabWidget()
        self.pages.setObjectName("reviewPages")
        self.pages.setDocumentMode(True)
        self.pages.tabBar().setExpanding(True)
        self.pages.setUsesScrollButtons(False)  # a narrow column squeezes the titles instead
        self.pages.addTab(self.notes, "Notes")
        self.pages.addTab(self.qc, "QC")
        self.pages.addTab(self.info, "Info")
        self.pages.setTabToolTip(NOTES_PAGE, "Notes on every version of this product")
        self.pages.setTabToolTip(QC_PAGE, "The version's QC checks: why QC warned or failed")
        self.pages.setTabToolTip(INFO_PAGE, "Media facts, content hash and folder")

        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.decision)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 8)
        layout.addWidget(self.splitter)
        self.show_version(None)

    def show_version(self, record: VersionRecord | None) -> None:
        """The QC and Info pages, and the page titles, for `record` (None: nothing open)."""
        self.qc.show_version(record)
        self.info.show_version(record)
        report = record.qc if record is not None else None
        if report is None:
            self.pages.setTabText(QC_PAGE, "QC")
            self.pages.setTabIcon(QC_PAGE, QtGui.QIcon())
        else:
            verdict = report.verdict
            self.pages.setTabText(QC_PAGE, f"QC {verdict.value.upper()}")
            self.pages.setTabIcon(QC_PAGE, dot(QC_COLOURS[verdict]))
        self.show_note_count()

    def show_note_count(self) -> None:
        count = self.notes.model.rowCount()
        self.pages.setTabText(NOTES_PAGE, f"Notes ({count})" if count else "Notes")
