"""The versions browser widget: pickers and views; every query runs in a WorkerPool job."""

from __future__ import annotations

from collections.abc import Callable

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import ProjectSpec, VersionRecord
from axiom_publisher.ui.browser import loaders
from axiom_publisher.ui.browser.delegates import QCBadgeDelegate
from axiom_publisher.ui.browser.deliveries import DeliveryColumn
from axiom_publisher.ui.browser.details import VersionDetails
from axiom_publisher.ui.browser.models import (
    ProductTreeModel,
    ProjectListModel,
    VersionTableModel,
)
from axiom_publisher.ui.desktop import open_local
from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.style import QC_COLOURS
from axiom_publisher.ui.workers import WorkerPool

Key = tuple[str, str, str]
COLUMN_WIDTHS = {
    VersionTableModel.THUMBNAIL: 108,
    VersionTableModel.LABEL: 72,
    VersionTableModel.STATUS: 92,
    VersionTableModel.QC: 76,
    VersionTableModel.TRACKER: 84,
    VersionTableModel.FRAMES: 96,
    VersionTableModel.AUTHOR: 96,
    VersionTableModel.DATE: 134,
}


class VersionsBrowser(QtWidgets.QWidget):
    """Project picker, shot/asset -> product tree, the product's versions newest first."""

    projects_loaded = QtCore.Signal(object)  # list[ProjectSpec]
    tree_loaded = QtCore.Signal(str)  # the project code
    versions_loaded = QtCore.Signal(object)  # loaders.VersionsPage
    project_changed = QtCore.Signal(str)
    version_selected = QtCore.Signal(object)  # VersionRecord or None
    message = QtCore.Signal(str)  # for the status bar

    def __init__(
        self,
        settings: Settings,
        pool: WorkerPool,
        parent: QtWidgets.QWidget | None = None,
        *,
        project: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool
        self.open_url: Callable[[QtCore.QUrl], bool] = QtGui.QDesktopServices.openUrl
        self._wanted_project = project
        self._wanted_key: Key | None = None
        self._previews: dict[int, QtGui.QImage] = {}

        self.projects = ProjectListModel(self)
        self.products = ProductTreeModel(self)
        self.versions = VersionTableModel(self)
        self._build()

    # ---- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.project_box = QtWidgets.QComboBox()
        self.project_box.setModel(self.projects)
        self.project_box.setMinimumContentsLength(14)
        project_label = QtWidgets.QLabel("&Project")
        project_label.setProperty("role", "section")
        project_label.setBuddy(self.project_box)

        self.tree = QtWidgets.QTreeView()
        self.tree.setModel(self.products)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setIconSize(QtCore.QSize(16, 16))
        self.tree.setIndentation(16)
        self.tree.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)

        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        picker = QtWidgets.QHBoxLayout()
        picker.addWidget(project_label)
        picker.addWidget(self.project_box, 1)
        left_layout.addLayout(picker)
        left_layout.addWidget(self.tree, 1)
        self.project_facts = QtWidgets.QLabel()
        self.project_facts.setToolTip("The project's targets: QC checks media against them")
        self.project_facts.setProperty("role", "hint")
        self.project_facts.setWordWrap(True)
        left_layout.addWidget(self.project_facts)

        self.title = QtWidgets.QLabel("Versions")
        self.title.setProperty("role", "title")
        self.subtitle = QtWidgets.QLabel("Select a product to see its versions")
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setWordWrap(True)
        self.open_button = QtWidgets.QPushButton(icon("folder"), "&Open folder")
        self.open_button.setToolTip("Open the selected version's folder (or double-click a row)")
        self.open_button.setEnabled(False)
        heading = QtWidgets.QGridLayout()
        heading.addWidget(self.title, 0, 0)
        heading.addWidget(self.subtitle, 1, 0)
        heading.addWidget(self.open_button, 0, 1, 2, 1, QtCore.Qt.AlignmentFlag.AlignBottom)
        heading.setColumnStretch(0, 1)

        self.table = QtWidgets.QTableView()
        self.table.setModel(self.versions)
        self.table.setItemDelegateForColumn(VersionTableModel.QC, QCBadgeDelegate(self.table))
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setIconSize(loaders.SMALL_THUMBNAIL)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(loaders.SMALL_THUMBNAIL.height() + 8)
        columns = self.table.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setStretchLastSection(True)
        columns.setDefaultAlignment(
            QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
        )
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.deliveries = DeliveryColumn(self.settings, self.pool, self.table)
        self.deliveries.message.connect(self.message)

        self.details = VersionDetails()
        right = QtWidgets.QWidget()
        right_layout = QtWidgets.QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addLayout(heading)
        self.details_splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.details_splitter.addWidget(self.table)
        self.details_splitter.addWidget(self.details)
        self.details_splitter.setStretchFactor(0, 1)
        self.details_splitter.setStretchFactor(1, 0)
        self.details_splitter.setSizes([480, 300])
        self.details_splitter.setChildrenCollapsible(False)
        right_layout.addWidget(self.details_splitter, 1)

        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 1000])
        self.splitter.setChildrenCollapsible(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.setTabOrder(self.project_box, self.tree)
        self.setTabOrder(self.tree, self.table)
        self.setTabOrder(self.table, self.open_button)

        self.project_box.currentIndexChanged.connect(self._on_project_picked)
        selection = self.tree.selectionModel()
        selection.currentChanged.connect(self._on_product_picked)
        self.table.selectionModel().currentRowChanged.connect(self._on_version_picked)
        self.table.doubleClicked.connect(self._on_double_click)
        self.open_button.clicked.connect(self.open_selected_folder)

    # ---- public API ---------------------------------------------------------------------------

    def current_project(self) -> str | None:
        project = self.projects.project(self.project_box.currentIndex())
        return project.code if project is not None else None

    def current_product(self) -> Key | None:
        product = self.products.product_at(self.tree.currentIndex())
        return product.key if product is not None else None

    def selected_version(self) -> VersionRecord | None:
        return self.versions.record(self.table.currentIndex().row())

    def refresh(self) -> None:
        """Reload projects, then the current project's tree and product (in workers)."""
        self._wanted_project = self.current_project() or self._wanted_project
        self._wanted_key = self.current_product() or self._wanted_key
        self.message.emit("Loading projects\u2026")
        self.pool.submit(
            loaders.projects_job(self.settings),
            "projects",
            finished=self._on_projects,
            failed=self._on_failed,
        )

    def select_project(self, code: str) -> bool:
        row = self.projects.row_of(code)
        if row < 0:
            self._wanted_project = code
            return False
        self.project_box.setCurrentIndex(row)
        return True

    def select_product(self, key: Key) -> bool:
        """Select a product of the loaded tree (or remember it for when the tree arrives)."""
        index = self.products.index_of(key)
        self._wanted_key = key
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def open_selected_folder(self) -> None:
        record = self.selected_version()
        if record is not None:
            open_local(self, record.path, self.open_url)

    # ---- results from the workers -------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self.subtitle.setText(text)
        self.subtitle.setStyleSheet(f"color: {QC_COLOURS[QCStatus.FAIL]};" if error else "")
        if not error:
            self.subtitle.setToolTip("")

    def _on_failed(self, error: object) -> None:
        text = "Could not load from the database: " + " ".join(str(error).split())
        self._say(text, error=True)
        self.subtitle.setToolTip(text)
        self.message.emit(text)

    def _on_projects(self, projects: list[ProjectSpec]) -> None:
        wanted = self._wanted_project
        self.project_box.blockSignals(True)
        self.projects.set_projects(projects)
        row = self.projects.row_of(wanted) if wanted else -1
        self.project_box.setCurrentIndex(row if row >= 0 else (0 if projects else -1))
        self.project_box.blockSignals(False)
        self.projects_loaded.emit(projects)
        if not projects:
            self._say("No projects yet: create one with `axiom project create` or `axiom demo`")
            self.message.emit("No projects in the database")
            return
        self._on_project_picked(self.project_box.currentIndex())

    def _on_project_picked(self, row: int) -> None:
        project = self.projects.project(row)
        if project is None:
            return
        if project.code != self._wanted_project:
            self._wanted_key = None
        self._wanted_project = project.code
        self.project_facts.setText(
            f"{project.width}x{project.height}  \u00b7  {project.fps:g} fps  \u00b7  "
            f"{project.colorspace}  \u00b7  handles {project.handles}"
        )
        self.project_changed.emit(project.code)
        self.message.emit(f"Loading {project.code}\u2026")
        self.pool.submit(
            loaders.tree_job(self.settings, project.code),
            "tree",
            finished=self._on_tree,
            failed=self._on_failed,
        )

    def _on_tree(self, result: tuple[str, list[loaders.EntityNode]]) -> None:
        project, nodes = result
        if project != self.current_project():
            return  # a stale answer for a project no longer shown
        wanted = self._wanted_key
        self.products.set_entities(nodes)
        self.tree.expandAll()
        count = sum(len(node.products) for node in nodes)
        self.message.emit(f"{project}: {len(nodes)} shots and assets, {count} products")
        self.tree_loaded.emit(project)
        if wanted is not None and self.select_product(wanted):
            return
        self._show_versions(None)

    def _on_product_picked(self, current: QtCore.QModelIndex, previous: object = None) -> None:
        product = self.products.product_at(current)
        project = self.current_project()
        if product is None or project is None:
            self._show_versions(None)
            return
        self._wanted_key = product.key
        self.title.setText(f"{product.entity} \u203a {product.task} \u203a {product.product}")
        self._say("Loading versions\u2026")
        job = loaders.versions_job(self.settings, project, product.key)
        self.pool.submit(job, "versions", finished=self._on_versions, failed=self._on_failed)

    def _on_versions(self, page: loaders.VersionsPage) -> None:
        if page.project != self.current_project() or page.key != self.current_product():
            return
        self._show_versions(page)
        self.versions_loaded.emit(page)

    def _show_versions(self, page: loaders.VersionsPage | None) -> None:
        if page is None:
            self.versions.set_versions([])
            self.deliveries.show_page(None)
            self._previews = {}
            self.title.setText("Versions")
            self._say("Select a product to see its versions")
            self._on_version_picked(QtCore.QModelIndex())
            return
        self.versions.set_versions(list(page.records), page.thumbnails, page.deliveries)
        self.deliveries.show_page(page)
        self._previews = dict(page.previews)
        latest = page.records[0] if page.records else None
        count = len(page.records)
        summary = f"{count} version{'s' if count != 1 else ''}"
        if latest is not None:
            summary += f"  \u00b7  latest {latest.label}  \u00b7  {page.project}"
        self._say(summary)
        if page.records:
            self.table.setCurrentIndex(self.versions.index(0, VersionTableModel.LABEL))
        else:
            self._on_version_picked(QtCore.QModelIndex())

    def _on_version_picked(self, current: QtCore.QModelIndex, previous: object = None) -> None:
        record = self.versions.record(current.row()) if current.isValid() else None
        self.open_button.setEnabled(record is not None)
        self.version_selected.emit(record)
        preview = self._previews.get(record.id) if record is not None else None
        self.details.show_version(record, preview)

    def _on_double_click(self, index: QtCore.QModelIndex) -> None:
        record = self.versions.record(index.row())
        if record is not None:
            open_local(self, record.path, self.open_url)
