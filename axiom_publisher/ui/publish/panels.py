"""Small building blocks of the publish widget: the error banner and the items panel."""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.ui.publish.items_model import (
    ITEM_COLUMN,
    STATUS_COLUMN,
    THUMB_COLUMN,
    THUMB_SIZE,
    ItemsModel,
    StatusDelegate,
)
from axiom_publisher.ui.publish.rows import ItemRow

BANNER_STYLE = (
    "QFrame#publishBanner { background: #f8d7da; border: 1px solid #c8372d; border-radius: 3px; }"
    " QFrame#publishBanner QLabel { color: #58151c; }"
)


class Banner(QtWidgets.QFrame):
    """An inline error message with a dismiss button (instead of a modal message box)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.label = QtWidgets.QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        dismiss = QtWidgets.QToolButton()
        dismiss.setText("✕")
        dismiss.setAutoRaise(True)
        dismiss.setToolTip("Dismiss")
        dismiss.clicked.connect(self.clear)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(dismiss, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, message: str) -> None:
        self.label.setText(message)
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()


class ItemsPanel(QtWidgets.QGroupBox):
    """The items table (thumbnail, name and frames, QC badge) and its buttons."""

    def __init__(self, model: ItemsModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Items (drop files, folders or sequences)", parent)
        self.model = model
        view = self.view = QtWidgets.QTableView()
        view.setObjectName("publishItems")
        view.setModel(model)
        view.setItemDelegateForColumn(STATUS_COLUMN, StatusDelegate(view))
        view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setIconSize(THUMB_SIZE)
        view.setWordWrap(False)
        view.setTextElideMode(QtCore.Qt.TextElideMode.ElideMiddle)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(THUMB_SIZE.height() + 8)
        view.setToolTip("Drop files, folders or sequences here")
        header = view.horizontalHeader()
        header.setSectionResizeMode(THUMB_COLUMN, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(THUMB_COLUMN, THUMB_SIZE.width() + 12)
        header.setSectionResizeMode(ITEM_COLUMN, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS_COLUMN, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(STATUS_COLUMN, 130)  # "FAIL (overridden)"; names get the rest

        self.add_files_button = QtWidgets.QPushButton("Add files…")
        self.add_folder_button = QtWidgets.QPushButton("Add folder…")
        self.retry_button = QtWidgets.QPushButton("Analyse again")
        self.retry_button.setToolTip("Restart the analyses that failed or were cancelled")
        self.remove_button = QtWidgets.QPushButton("Remove")
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.add_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.remove_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addLayout(buttons)

    def selected_row(self) -> ItemRow | None:
        return self.model.row_at(self.view.currentIndex().row())

    def select_row(self, row: ItemRow) -> None:
        position = self.model.position(row)
        if position >= 0:
            self.view.setCurrentIndex(self.model.index(position, ITEM_COLUMN))
