"""Parts of the Review tab over the player: the error banner and the header (which version,
what it is compared with, and the compare-target toggle)."""

from __future__ import annotations

import html

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.browser.models import shown_time
from axiom_publisher.ui.review.info_page import ElidedLabel
from axiom_publisher.ui.review.loaders import Selection
from axiom_publisher.ui.style import DIM_TEXT, QC_COLOURS


class Banner(QtWidgets.QLabel):
    """A red line for what went wrong (a message, never a traceback); hidden otherwise."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        colour = QC_COLOURS[QCStatus.FAIL]
        self.setStyleSheet(
            f"QLabel {{ background: #3a2221; border: 1px solid {colour}; border-radius: 3px;"
            f" padding: 6px 8px; color: #f0d0cc; }}"
        )
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setToolTip(text)
        self.show()


class VersionHeader(QtWidgets.QWidget):
    """The open version's name and facts, the B version, and previous / last approved."""

    compare_changed = QtCore.Signal(bool)  # True: compare with the last approved version
    qc_requested = QtCore.Signal()  # the QC verdict was clicked: show the checks

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QtWidgets.QLabel()
        self.title.setProperty("role", "title")
        self.subtitle = QtWidgets.QLabel()
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.subtitle.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.subtitle.linkActivated.connect(lambda _link: self.qc_requested.emit())
        self.compare_box = QtWidgets.QComboBox()
        self.compare_box.addItem("B: previous version", False)
        self.compare_box.addItem("B: last approved", True)
        self.compare_box.setToolTip(
            "What the version is compared with: the version before it, or the last approved one"
        )
        # A long name is cut and a long comment elided: neither widens the tab.
        self.title.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.subtitle.setMinimumWidth(1)  # the facts are cut last, and never widen the tab
        self.comment = ElidedLabel(QtCore.Qt.TextElideMode.ElideRight)
        self.comment.setProperty("role", "subtitle")
        facts = QtWidgets.QHBoxLayout()
        facts.setSpacing(0)
        facts.addWidget(self.subtitle)
        facts.addWidget(self.comment, 1)
        facts.addSpacing(12)
        self.b_label = QtWidgets.QLabel()
        self.b_label.setProperty("role", "hint")
        self.b_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        facts.addWidget(self.b_label)
        layout = QtWidgets.QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.title, 0, 0)
        layout.addLayout(facts, 1, 0, 1, 2)  # the comment may reach the B version's name
        layout.addWidget(self.compare_box, 0, 1)
        layout.setColumnStretch(0, 1)
        self.compare_box.currentIndexChanged.connect(
            lambda _row: self.compare_changed.emit(self.approved_only())
        )

    def approved_only(self) -> bool:
        return bool(self.compare_box.currentData())

    def show_loading(self, record: VersionRecord) -> None:
        self.title.setText(_name(record))
        self.subtitle.setText(f"<span style='color:{DIM_TEXT}'>Loading\u2026</span>")
        self.comment.set_full_text("")

    def show_selection(self, selection: Selection | None) -> None:
        if selection is None:
            self.title.setText("Review")
            self.subtitle.setText(
                f"<span style='color:{DIM_TEXT}'>Pick a version in the queue or the browser</span>"
            )
            self.b_label.setText("")
            self.comment.set_full_text("")
            return
        record = selection.record
        self.title.setText(_name(record))
        facts = [
            f"by {html.escape(record.author)}" if record.author else "",
            shown_time(record.published_at or record.created_at),
        ]
        if record.frame_range is not None:
            facts.append(f"{record.frame_range.first}-{record.frame_range.last}")
        if record.qc is not None:
            colour = QC_COLOURS[record.qc.verdict]
            facts.append(  # a link to the QC page beside the player
                f"<a href='qc' style='color:{colour}; text-decoration:none'>"
                f"<b>QC {record.qc.verdict.value.upper()}</b></a>"
            )
        self.subtitle.setText("  \u00b7  ".join(part for part in facts if part))
        comment = record.comment.splitlines()[0] if record.comment else ""
        self.comment.set_full_text(f"  \u00b7  \u201c{comment}\u201d" if comment else "")
        self.comment.setToolTip(record.comment)
        compare = selection.compare
        if compare is None:
            none = "no approved version before" if selection.approved_only else "no earlier one"
            self.b_label.setText(f"B: {none}")
        else:
            self.b_label.setText(f"B: {compare.label} by {compare.author or 'unknown'}")


def _name(record: VersionRecord) -> str:
    return f"{record.entity} \u203a {record.task} \u203a {record.product}  {record.label}"
