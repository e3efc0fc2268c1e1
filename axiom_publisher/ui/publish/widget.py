"""PublishWidget: pick a context, add items, watch their analysis and QC, publish.

Each row publishes as its own version of the chosen product, in list order (one
PublishItem a row: a movie or a sequence). Every query, analysis and publish runs in a
WorkerPool job; the main thread only updates widgets from their queued signals.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.types import (
    ProgressEvent,
    PublishContext,
    PublishItem,
    Source,
    VersionRecord,
)
from axiom_publisher.ui.publish.checks_panel import ChecksPanel
from axiom_publisher.ui.publish.context_picker import ContextPicker, describe_error
from axiom_publisher.ui.publish.items_model import (
    ITEM_COLUMN,
    STATUS_COLUMN,
    THUMB_COLUMN,
    THUMB_SIZE,
    ItemsModel,
    StatusDelegate,
)
from axiom_publisher.ui.publish.jobs import (
    UNITS,
    Inspected,
    PublishRun,
    ScratchFolders,
    inspect_job,
    publish_job,
    resolve_job,
    start,
)
from axiom_publisher.ui.publish.report import ReportPanel
from axiom_publisher.ui.publish.rows import ItemRow, RowState
from axiom_publisher.ui.workers import Worker, WorkerPool

BANNER_STYLE = (
    "QFrame#publishBanner { background: #f8d7da; border: 1px solid #c8372d; border-radius: 3px; }"
    " QFrame#publishBanner QLabel { color: #58151c; }"
)


class PublishWidget(QtWidgets.QWidget):
    """The publish dialog's contents, for the app's Publish tab, a DCC panel or alone."""

    published = QtCore.Signal(object)  # list[VersionRecord]
    busy_changed = QtCore.Signal(bool)

    def __init__(
        self,
        settings: Settings,
        pool: WorkerPool | None = None,
        parent: QtWidgets.QWidget | None = None,
        *,
        host: str = "standalone",
        workfile: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool if pool is not None else WorkerPool(self)
        self.host = host
        self.workfile = workfile
        self.scratches = ScratchFolders()
        self._analyses: dict[int, Worker] = {}  # id(row) -> its running analysis
        self._resolving = 0
        self._publish_worker: Worker | None = None
        self._publishing: list[ItemRow] = []
        self._busy = False
        self._last_phase = ""
        self.setAcceptDrops(True)
        self._build()
        self.picker.refresh()

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QtWidgets.QFrame()
        self.banner.setObjectName("publishBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner_label = QtWidgets.QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        dismiss = QtWidgets.QToolButton()
        dismiss.setText("✕")
        dismiss.setAutoRaise(True)
        dismiss.setToolTip("Dismiss")
        dismiss.clicked.connect(self.clear_error)
        banner_layout = QtWidgets.QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 4, 4)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(dismiss, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.banner.hide()

        self.picker = ContextPicker(self.settings, self.pool)
        self.picker.changed.connect(self._update)
        self.picker.target_changed.connect(self._target_changed)
        self.picker.error.connect(self.show_error)
        context_box = QtWidgets.QGroupBox("Publish to")
        QtWidgets.QVBoxLayout(context_box).addWidget(self.picker)

        self.model = ItemsModel(self)
        self.view = QtWidgets.QTableView()
        self.view.setObjectName("publishItems")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(STATUS_COLUMN, StatusDelegate(self.view))
        self.view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setIconSize(THUMB_SIZE)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(QtCore.Qt.TextElideMode.ElideMiddle)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(THUMB_SIZE.height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(THUMB_COLUMN, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(THUMB_COLUMN, THUMB_SIZE.width() + 12)
        header.setSectionResizeMode(ITEM_COLUMN, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS_COLUMN, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(STATUS_COLUMN, 170)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.view.setToolTip("Drop files, folders or sequences here")

        self.add_files_button = QtWidgets.QPushButton("Add files…")
        self.add_files_button.clicked.connect(self.browse_files)
        self.add_folder_button = QtWidgets.QPushButton("Add folder…")
        self.add_folder_button.clicked.connect(self.browse_folder)
        self.remove_button = QtWidgets.QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.retry_button = QtWidgets.QPushButton("Analyse again")
        self.retry_button.clicked.connect(self.analyse_again)
        item_buttons = QtWidgets.QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button):
            item_buttons.addWidget(button)
        item_buttons.addStretch(1)
        item_buttons.addWidget(self.retry_button)
        item_buttons.addWidget(self.remove_button)
        items_box = QtWidgets.QGroupBox("Items (drop files, folders or sequences)")
        items_layout = QtWidgets.QVBoxLayout(items_box)
        items_layout.addWidget(self.view, 1)
        items_layout.addLayout(item_buttons)

        self.checks = ChecksPanel()
        self.checks.override_requested.connect(self.ask_override)
        checks_box = QtWidgets.QGroupBox("QC")
        QtWidgets.QVBoxLayout(checks_box).addWidget(self.checks)

        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(items_box)
        splitter.addWidget(checks_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 560])

        self.comment = QtWidgets.QLineEdit()
        self.comment.setPlaceholderText("What changed in this version?")
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, UNITS)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("publishStatus")
        self.status.setWordWrap(True)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.publish_button = QtWidgets.QPushButton("Publish")
        self.publish_button.setDefault(True)
        self.publish_button.clicked.connect(self.publish)
        form = QtWidgets.QFormLayout()
        form.addRow("Comment:", self.comment)
        actions = QtWidgets.QHBoxLayout()
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.publish_button)

        self.log = QtWidgets.QPlainTextEdit()
        self.log.setObjectName("publishLog")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(5000)
        self.report = ReportPanel()
        report_scroll = QtWidgets.QScrollArea()
        report_scroll.setWidgetResizable(True)
        report_scroll.setWidget(self.report)
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self.log, "Log")
        self.tabs.addTab(report_scroll, "Report")
        self.tabs.setMinimumHeight(110)

        vertical = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        vertical.setChildrenCollapsible(False)
        vertical.addWidget(splitter)
        vertical.addWidget(self.tabs)
        vertical.setStretchFactor(0, 3)
        vertical.setStretchFactor(1, 1)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(context_box)
        layout.addWidget(vertical, 1)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self._update()

    # -- public API -------------------------------------------------------------------------

    @property
    def rows(self) -> list[ItemRow]:
        return self.model.rows

    @property
    def busy(self) -> bool:
        return self._busy

    def set_context(self, *args: object, **kwargs: object) -> None:
        """Select a context as soon as it is loaded; see ContextPicker.set_context."""
        self.picker.set_context(*args, **kwargs)  # type: ignore[arg-type]

    def add_items(
        self,
        sources: Iterable[str | os.PathLike[str] | Source],
        colorspace: str | None = None,
    ) -> None:
        """Add files, folders, sequence patterns or resolved Sources (from a host adapter,
        with the colour space its render node declares). Paths are resolved in workers;
        analysis starts as soon as each is known."""
        for source in sources:
            if isinstance(source, Source):
                row = ItemRow(
                    path=source.display,
                    source=source,
                    state=RowState.WAITING,
                    colorspace=colorspace,
                )
                if self._is_duplicate(row):
                    continue
                self.model.append(row)
                self._log(f"added {row.title}")
                self._analyse(row)
                continue
            self._resolve(os.fspath(source), colorspace)
        self._update()

    def selected_row(self) -> ItemRow | None:
        return self.model.row_at(self.view.currentIndex().row())

    def select_row(self, row: ItemRow) -> None:
        position = self.model.position(row)
        if position >= 0:
            self.view.setCurrentIndex(self.model.index(position, ITEM_COLUMN))

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is not None and row not in self._publishing:
            self._discard(row)
            self._log(f"removed {row.title}")
            self._update()

    def analyse_again(self) -> None:
        """Restart the analysis of every item that failed, was cancelled or waits."""
        for row in self.rows:
            if row.state in (RowState.ERROR, RowState.CANCELLED, RowState.WAITING):
                self._analyse(row)
        self._update()

    def override_qc(self, row: ItemRow, reason: str) -> None:
        """Publish `row` despite its QC failures; `reason` is recorded on the version."""
        reason = reason.strip()
        if not reason:
            return
        row.override_reason = reason
        self._log(f"QC overridden for {row.name}: {reason}")
        self._row_changed(row)

    def ask_override(self) -> None:
        row = self.selected_row()
        if row is None or not row.blocking_fail:
            return
        reason, ok = QtWidgets.QInputDialog.getText(
            self,
            "Override QC",
            f"Why publish {row.name} although QC failed?\n(The reason is recorded.)",
        )
        if ok:
            self.override_qc(row, str(reason))

    def browse_files(self) -> None:
        paths, _ = QtWidgets.QFileDialog.getOpenFileNames(self, "Add files to publish")
        self.add_items(paths)

    def browse_folder(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Add a sequence folder")
        if folder:
            self.add_items([folder])

    def show_error(self, message: str) -> None:
        self.banner_label.setText(message)
        self.banner.show()
        self._log(f"ERROR: {message}")

    def clear_error(self) -> None:
        self.banner_label.clear()
        self.banner.hide()

    def publish_problem(self) -> str:
        """Why Publish is disabled ("" when it is enabled)."""
        if self._publish_worker is not None:
            return "publishing…"
        rows = self.rows
        if not rows:
            return "Add files to publish: drop them here or use Add files…"
        problem = self.picker.problem()
        if problem:
            return problem[0].upper() + problem[1:]
        busy = [row for row in rows if row.busy] or self._resolving
        if busy:
            return "Waiting for the analysis of every item…"
        for row in rows:
            if row.state is not RowState.READY:
                return f"{row.name}: {row.status_text}; analyse it again or remove it"
            if row.blocking_fail:
                return f"QC failed for {row.name}: fix it, remove it or override QC with a reason"
        count = len(rows)
        return "" if count else "nothing to publish"

    def publish(self) -> None:
        context = self.picker.context()
        if self.publish_problem() or context is None:
            return
        rows = self.rows
        pairs = []
        for row in rows:
            assert row.source is not None and row.inspection is not None
            item = PublishItem(
                context=context,
                sources=(row.source,),
                comment=self.comment.text().strip(),
                host=self.host,
                workfile=self.workfile,
                colorspace=row.colorspace,
                qc_override_reason=row.override_reason,
            )
            pairs.append((item, row.inspection))
        self.clear_error()
        self._publishing = rows
        self._last_phase = ""
        self.progress.setValue(0)
        self._log(f"publishing {len(rows)} item(s) to {self._where(context)}")
        self._publish_worker = start(
            self.pool,
            publish_job(self.settings, pairs),
            "publish",
            progress=self._publish_progress,
            finished=self._published,
            failed=self._publish_failed,
        )
        self._update()

    def cancel(self) -> None:
        """Stop the publish (the version being made is rolled back) or the analyses."""
        if self._publish_worker is not None:
            self._publish_worker.cancel()
            self._log("cancelling the publish…")
        else:
            for worker in self._analyses.values():
                worker.cancel()
            if self._analyses:
                self._log("cancelling the analyses…")
        self.cancel_button.setEnabled(False)

    def shutdown(self) -> None:
        """Cancel this widget's work and remove every scratch folder (on close)."""
        if self._publish_worker is not None:
            self._publish_worker.cancel()
        for worker in self._analyses.values():
            worker.cancel()
        self.scratches.remove_all()

    # -- Qt events --------------------------------------------------------------------------

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:  # noqa: N802
        if self.add_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def add_mime(self, mime: QtCore.QMimeData) -> bool:
        """Add the local files of dropped or pasted urls; False when there are none."""
        paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        if not paths:
            return False
        self.add_items(paths)
        return True

    # -- items ------------------------------------------------------------------------------

    def _is_duplicate(self, row: ItemRow) -> bool:
        display = row.source.display if row.source else row.path
        for other in self.rows:
            if other is not row and other.source is not None and other.source.display == display:
                self._log(f"{row.name} is already in the list")
                return True
        return False

    def _resolve(self, path: str, colorspace: str | None) -> None:
        """A row at once (rows keep the order items were added in), its source from a worker."""
        row = ItemRow(path=path, colorspace=colorspace)
        self.model.append(row)

        def finished(result: object) -> None:
            if self.model.position(row) < 0 or not isinstance(result, Source):
                return  # removed meanwhile
            row.source = result
            if self._is_duplicate(row):
                self._discard(row)
                return
            row.state = RowState.WAITING
            self._log(f"added {row.title}")
            if self.selected_row() is None:
                self.select_row(row)
            self._analyse(row)

        def failed(error: object) -> None:
            self._discard(row)
            self.show_error(f"Cannot add {path}: {describe_error(error)}")

        self._resolving += 1
        start(
            self.pool,
            resolve_job(path),
            "resolve",
            finished=finished,
            failed=failed,
            done=self._resolve_done,
        )

    def _resolve_done(self) -> None:
        self._resolving -= 1
        self._update()

    def _analyse(self, row: ItemRow) -> None:
        """(Re)start the analysis of `row` for the chosen project and shot or asset."""
        running = self._analyses.pop(id(row), None)
        if running is not None:
            running.cancel()
        self.scratches.remove(row.scratch)
        row.scratch, row.inspection, row.thumbnail, row.error = None, None, None, ""
        row.override_reason = None
        row.generation += 1
        target = self.picker.target()
        if target is None or row.source is None:
            row.state, row.fraction = RowState.WAITING, 0.0
            self._row_changed(row)
            return
        project, entity, kind = target
        # Only the project and the shot/asset matter to the analysis; task and product may
        # still be being typed.
        context = PublishContext(project, entity, self.settings.default_task, "review", kind)
        item = PublishItem(
            context=context, sources=(row.source,), host=self.host, colorspace=row.colorspace
        )
        row.state, row.fraction, row.phase = RowState.ANALYSING, 0.0, "analyze"
        generation = row.generation

        def current() -> bool:
            return row.generation == generation and self.model.position(row) >= 0

        def progress(event: object) -> None:
            if current() and isinstance(event, ProgressEvent) and event.total:
                row.fraction = min(1.0, event.done / event.total)
                self.model.row_changed(row)

        def finished(result: object) -> None:
            if not isinstance(result, Inspected):
                return
            if not current():
                self.scratches.remove(result.scratch)
                return
            row.inspection, row.scratch, row.thumbnail = (
                result.inspection, result.scratch, result.thumbnail,
            )  # fmt: skip
            row.state, row.fraction = RowState.READY, 1.0
            verdict = result.inspection.report.verdict.value.upper()
            self._log(f"QC {verdict}: {row.title}")
            for check in result.inspection.report.failed():
                self._log(f"  {check.id}: {check.message}")

        def failed(error: object) -> None:
            if current():
                row.state, row.error = RowState.ERROR, describe_error(error)
                self.show_error(f"{row.name} could not be analysed: {row.error}")

        def cancelled() -> None:
            if current():
                row.state = RowState.CANCELLED
                self._log(f"analysis of {row.name} cancelled")

        def done() -> None:
            if self._analyses.get(id(row)) is worker:
                del self._analyses[id(row)]
            if self.model.position(row) >= 0:
                self._row_changed(row)
            self._update()

        worker = start(
            self.pool,
            inspect_job(self.settings, item, self.scratches),
            "inspect",
            progress=progress,
            finished=finished,
            failed=failed,
            cancelled=cancelled,
            done=done,
        )
        self._analyses[id(row)] = worker
        self._row_changed(row)

    def _target_changed(self) -> None:
        for row in self.rows:
            self._analyse(row)
        self._update()

    def _discard(self, row: ItemRow) -> None:
        running = self._analyses.pop(id(row), None)
        if running is not None:
            running.cancel()
        self.scratches.remove(row.scratch)
        self.model.remove(row)
        self._show_selected()

    def _row_changed(self, row: ItemRow) -> None:
        self.model.row_changed(row)
        if row is self.selected_row():
            self._show_selected()
        self._update()

    def _show_selected(self) -> None:
        self.checks.show_row(self.selected_row())
        self._update()

    # -- publishing -------------------------------------------------------------------------

    def _publish_progress(self, event: object) -> None:
        if not isinstance(event, ProgressEvent):
            return
        self.progress.setMaximum(max(event.total, 1))
        self.progress.setValue(event.done)
        self.status.setText(f"{event.phase}: {event.message}")
        if event.phase != self._last_phase or event.phase != "stage":
            self._log(f"{event.phase}: {event.message}")
        self._last_phase = event.phase

    def _publish_failed(self, error: object) -> None:
        failure = error if isinstance(error, BaseException) else RuntimeError(str(error))
        self._published(PublishRun((), 0, error=failure))

    def _published(self, result: object) -> None:
        run = result if isinstance(result, PublishRun) else PublishRun((), 0, error=None)
        rows, self._publishing = self._publishing, []
        self._publish_worker = None
        versions = list(run.versions)
        for row, version in zip(rows, versions, strict=False):
            self._log(f"published {version.label} of {version.product}: {version.path}")
            self._discard(row)
        note = ""
        if run.cancelled:
            note = "Cancelled: nothing half-published" + (
                f" ({len(versions)} version(s) were complete before)." if versions else "."
            )
            self._log(note)
            self.progress.setValue(0)
        elif run.error is not None:
            note = f"Publish failed: {describe_error(run.error)}"
            self.show_error(note)
            self.progress.setValue(0)
        else:
            self.progress.setValue(self.progress.maximum())
            self.comment.clear()
        self.report.show_versions(versions, note)
        if versions:
            self.tabs.setCurrentIndex(1)
            self.published.emit(versions)
        self.picker.refresh_products()
        self._update()

    # -- state ------------------------------------------------------------------------------

    def _update(self) -> None:
        publishing = self._publish_worker is not None
        problem = self.publish_problem()
        self.publish_button.setEnabled(not problem)
        busy = publishing or bool(self._analyses) or self._resolving > 0
        self.cancel_button.setEnabled(
            publishing and not self._publish_worker.cancel_token.cancelled  # type: ignore[union-attr]
            if publishing
            else bool(self._analyses)
        )
        self.picker.setEnabled(not publishing)
        self.progress.setTextVisible(publishing)
        selected = self.selected_row()
        self.remove_button.setEnabled(selected is not None and not publishing)
        self.retry_button.setEnabled(
            any(row.state in (RowState.ERROR, RowState.CANCELLED) for row in self.rows)
        )
        self.checks.override_button.setEnabled(not publishing)
        if not publishing:
            self.status.setText(problem or "Ready to publish.")
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    @staticmethod
    def _where(context: PublishContext) -> str:
        return f"{context.project} / {context.entity} / {context.task} / {context.product}"

    def _log(self, message: str) -> None:
        self.log.appendPlainText(f"{time.strftime('%H:%M:%S')}  {message}")


def open_version_folder(version: VersionRecord) -> None:
    """Open a version's folder with the desktop's file manager."""
    QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(Path(version.path))))
