"""Thin item models over the browser's core lists: projects, the product tree, versions."""

from __future__ import annotations

from typing import Any

from qtpy import QtCore, QtGui

from axiom_publisher.core.outbox import DeliveryState
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import EntityKind, ProjectSpec, VersionRecord
from axiom_publisher.ui.browser.loaders import EntityNode, ProductSummary
from axiom_publisher.ui.delivery import COLOURS, badge_word, delivery_text
from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.style import DIM_TEXT, STATUS_COLOURS, qc_colour
from axiom_publisher.ui.table_model import (
    VersionRecordsModel,
)
from axiom_publisher.ui.times import shown_time

__all__ = ["ProductTreeModel", "ProjectListModel", "VersionTableModel", "shown_time"]

Role = QtCore.Qt.ItemDataRole
NO_PARENT = QtCore.QModelIndex()
KEY_ROLE = Role.UserRole + 2  # a project's code, a product's (entity, task, product)
DELIVERY_ROLE = Role.UserRole + 3  # a version's tracker delivery: (word, colour) or None
AnyIndex = QtCore.QModelIndex | QtCore.QPersistentModelIndex
ALIGN_LEFT = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter


def _flags() -> QtCore.Qt.ItemFlag:
    return QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsSelectable


class ProjectListModel(QtCore.QAbstractListModel):
    """The projects of the database, for the project picker."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._projects: list[ProjectSpec] = []

    def set_projects(self, projects: list[ProjectSpec]) -> None:
        self.beginResetModel()
        self._projects = sorted(projects, key=lambda project: project.code)
        self.endResetModel()

    def project(self, row: int) -> ProjectSpec | None:
        return self._projects[row] if 0 <= row < len(self._projects) else None

    def row_of(self, code: str) -> int:
        codes = [project.code for project in self._projects]
        return codes.index(code) if code in codes else -1

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._projects)

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        project = self.project(index.row()) if index.isValid() else None
        if project is None:
            return None
        if role == Role.DisplayRole:
            return (
                project.code
                if project.name in ("", project.code)
                else (f"{project.code}  \u2014  {project.name}")
            )
        if role == Role.ToolTipRole:
            return (
                f"{project.name}: {project.width}x{project.height} @ {project.fps:g} fps, "
                f"{project.colorspace}"
            )
        if role == KEY_ROLE:
            return project.code
        return None

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        return _flags() if index.isValid() else QtCore.Qt.ItemFlag.NoItemFlags


class ProductTreeModel(QtCore.QAbstractItemModel):
    """Shots and assets at the top level, their products below (two levels).

    An index's internal id is 0 for an entity and (entity row + 1) for a product.
    """

    HEADERS = ("Name", "Task", "Versions", "Latest")

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._entities: list[EntityNode] = []

    def set_entities(self, entities: list[EntityNode]) -> None:
        self.beginResetModel()
        self._entities = list(entities)
        self.endResetModel()

    @property
    def entities(self) -> list[EntityNode]:
        return list(self._entities)

    def product_at(self, index: AnyIndex) -> ProductSummary | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._entities[index.internalId() - 1].products[index.row()]

    def index_of(self, key: tuple[str, str, str]) -> QtCore.QModelIndex:
        for entity_row, node in enumerate(self._entities):
            for row, product in enumerate(node.products):
                if product.key == key:
                    return self.createIndex(row, 0, entity_row + 1)
        return QtCore.QModelIndex()

    def index(self, row: int, column: int, parent: AnyIndex = NO_PARENT) -> QtCore.QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QtCore.QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex = NO_PARENT) -> QtCore.QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QtCore.QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt API
        if not parent.isValid():
            return len(self._entities)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._entities[parent.row()].products)
        return 0

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: QtCore.Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        if (
            orientation == QtCore.Qt.Orientation.Horizontal
            and role == Role.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        product = self.product_at(index)
        if product is None:
            return self._entity_data(self._entities[index.row()], index.column(), role)
        return self._product_data(product, index.column(), role)

    def _entity_data(self, node: EntityNode, column: int, role: int) -> Any:
        entity = node.entity
        if role == Role.DisplayRole:
            if column == 0:
                return entity.code
            if column == 2:
                return str(sum(len(product.versions) for product in node.products))
            return None
        if role == Role.DecorationRole and column == 0:
            return icon("asset" if entity.kind is EntityKind.ASSET else "shot")
        if role == Role.ToolTipRole and column == 0:
            cut = entity.cut_range
            frames = f", cut {cut.first}-{cut.last}" if cut is not None else ""
            return f"{entity.kind.value} {entity.code}{frames}"
        if role == Role.ForegroundRole and not node.products:
            return QtGui.QColor(DIM_TEXT)
        return None

    def _product_data(self, product: ProductSummary, column: int, role: int) -> Any:
        latest = product.latest
        if role == Role.DisplayRole:
            values = (
                product.product,
                product.task,
                str(len(product.versions)),
                latest.label if latest is not None else "",
            )
            return values[column]
        if role == Role.DecorationRole and column == 0:
            return icon("product")
        if role == Role.ForegroundRole and column == 3 and latest is not None and latest.qc:
            return qc_colour(latest.qc.verdict)
        if role == Role.ToolTipRole and column == 0:
            return f"{product.entity} / {product.task} / {product.product}"
        if role == KEY_ROLE:
            return "/".join(product.key)
        return None

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        return _flags() if index.isValid() else QtCore.Qt.ItemFlag.NoItemFlags


class VersionTableModel(VersionRecordsModel):
    """The versions of one product, newest first, with thumbnails by version id and their
    tracker delivery states (column TRACKER) by version id."""

    HEADERS = ("", "Version", "Status", "QC", "Tracker", "Frames", "Author", "Date", "Comment")
    THUMBNAIL, LABEL, STATUS, QC, TRACKER, FRAMES, AUTHOR, DATE, COMMENT = range(9)
    CENTRED = (LABEL, QC, TRACKER, FRAMES)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._deliveries: dict[int, DeliveryState] = {}

    def set_versions(
        self,
        records: list[VersionRecord],
        thumbnails: dict[int, QtGui.QImage] | None = None,
        deliveries: dict[int, DeliveryState] | None = None,
    ) -> None:
        self._deliveries = dict(deliveries or {})
        self.set_records(records, thumbnails)

    def set_deliveries(self, deliveries: dict[int, DeliveryState]) -> None:
        """New delivery states for the rows shown (read again in a worker)."""
        self._deliveries = dict(deliveries)
        if self.row_count():
            first = self.index(0, self.TRACKER)
            self.dataChanged.emit(first, self.index(self.row_count() - 1, self.TRACKER))

    def delivery(self, version_id: int) -> DeliveryState | None:
        return self._deliveries.get(version_id)

    @property
    def deliveries(self) -> dict[int, DeliveryState]:
        return dict(self._deliveries)

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        if role == DELIVERY_ROLE:
            record = self.record(index.row()) if index.isValid() else None
            state = self._deliveries.get(record.id) if record is not None else None
            if state is None or index.column() != self.TRACKER:
                return None
            return badge_word(state), QtGui.QColor(COLOURS[state.status])
        return super().data(index, role)

    def _foreground(self, record: VersionRecord, column: int) -> QtGui.QColor | None:
        if column == self.STATUS:
            return QtGui.QColor(STATUS_COLOURS.get(record.status.value, DIM_TEXT))
        if column == self.TRACKER:
            state = self._deliveries.get(record.id)
            return QtGui.QColor(COLOURS[state.status] if state is not None else DIM_TEXT)
        return None

    def _text(self, record: VersionRecord, column: int, verdict: QCStatus | None) -> str | None:
        if column == self.THUMBNAIL:
            return None
        if column == self.LABEL:
            return record.label
        if column == self.STATUS:
            return record.status.value
        if column == self.QC:
            return verdict.value if verdict is not None else "\u2014"
        if column == self.TRACKER:
            state = self._deliveries.get(record.id)
            return state.status.value if state is not None else "\u2014"
        if column == self.FRAMES:
            frames = record.frame_range
            return f"{frames.first}-{frames.last}" if frames is not None else "\u2014"
        if column == self.AUTHOR:
            return record.author
        if column == self.DATE:
            return shown_time(record.published_at or record.created_at)
        return record.comment.splitlines()[0] if record.comment else ""

    def _tooltip(self, record: VersionRecord, column: int) -> str | None:
        if column == self.QC and record.qc is not None:
            lines = [
                f"{check.status.value}: {check.message}"
                for check in record.qc.checks
                if check.status is not QCStatus.PASS
            ]
            if record.qc_override_reason:
                lines.append(f"override: {record.qc_override_reason}")
            return "\n".join(lines) or "every check passed"
        if column == self.COMMENT and record.comment:
            return record.comment
        if column == self.STATUS and record.failed_reason:
            return record.failed_reason
        if column == self.TRACKER:
            return delivery_text(self._deliveries.get(record.id))
        return str(record.path)
