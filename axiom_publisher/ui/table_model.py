"""The shared part of AXIOM's flat table models: headers, counts and flags."""

from __future__ import annotations

from typing import Any

from qtpy import QtCore

AnyIndex = QtCore.QModelIndex | QtCore.QPersistentModelIndex
NO_PARENT = QtCore.QModelIndex()


class HeaderedTableModel(QtCore.QAbstractTableModel):
    """A flat, read-only table whose columns are `HEADERS`.

    Subclasses hold their rows (core dataclasses), answer `row_count()` and `data()`, and
    may extend `headerData` for other roles.
    """

    HEADERS: tuple[str, ...] = ()

    def row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self,
        section: int,
        orientation: QtCore.Qt.Orientation,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == QtCore.Qt.Orientation.Horizontal
            and role == QtCore.Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        if not index.isValid():
            return QtCore.Qt.ItemFlag.NoItemFlags
        return QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsSelectable
