"""PublishWidget: pick a context, add items, watch their analysis and QC, publish.

Each row publishes as its own version of the chosen product, in list order (one
PublishItem a row: a movie or a sequence). Every query, analysis and publish runs in a
WorkerPool job; the main thread only updates widgets from their queued signals.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterable, Sequence

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.types import (
    EntityKind,
    ProgressEvent,
    PublishContext,
    PublishItem,
    Source,
)
from axiom_publisher.publish.identical import identical_text
from axiom_publisher.publish.inspect import Inspection
from axiom_publisher.ui.publish.analysis import ItemAnalyser
from axiom_publisher.ui.publish.context_picker import ContextPicker, describe_error
from axiom_publisher.ui.publish.farm_choice import FarmChoice
from axiom_publisher.ui.publish.farm_submit import (
    FarmSubmission,
    farm_problem,
    farm_requests,
    submit_job,
)
from axiom_publisher.ui.publish.items_model import ItemsModel
from axiom_publisher.ui.publish.jobs import Job, PublishRun, ScratchFolders, publish_job
from axiom_publisher.ui.publish.layout import PublishLayout
from axiom_publisher.ui.publish.my_tasks import MyTasksBox
from axiom_publisher.ui.publish.override import OverrideDialog
from axiom_publisher.ui.publish.rows import ItemRow, RowState
from axiom_publisher.ui.workers import Worker, WorkerPool

SHUTDOWN_WAIT_MS = 10_000
RETRYABLE = (RowState.ERROR, RowState.CANCELLED, RowState.WAITING)


class PublishWidget(PublishLayout):
    """The publish dialog's contents, for the app's Publish tab, a DCC panel or alone."""

    published = QtCore.Signal(object)  # list[VersionRecord]
    busy_changed = QtCore.Signal(bool)
    farm_submitted = QtCore.Signal(object)  # list[FarmJobRecord] queued on the farm

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
        self._own_pool = pool is None
        self.pool = pool if pool is not None else WorkerPool(self)
        self.host = host
        self.workfile = workfile
        self._publish_worker: Worker | None = None
        self._publishing: list[ItemRow] = []
        self._busy = False
        self._last_phase = ""
        self.override_dialog: OverrideDialog | None = None  # the last one asked
        self.setAcceptDrops(True)
        self.model = ItemsModel(self)
        self.picker = ContextPicker(settings, self.pool)
        self.analyser = ItemAnalyser(
            settings, self.pool, self.model, self.picker.target, host, self
        )
        self.my_tasks = MyTasksBox(settings, self.pool, self.picker)
        self.farm_choice = FarmChoice(settings, self.pool, host, self)
        self._build(self.picker, self.model, self.my_tasks, self.farm_choice)
        self.colour_space.load(self.pool, settings)
        self._connect()
        application = QtCore.QCoreApplication.instance()
        if application is not None:  # a tab or a DCC panel gets no closeEvent of its own
            application.aboutToQuit.connect(self.shutdown)
        self.picker.refresh()
        self.my_tasks.refresh()

    def _connect(self) -> None:
        self.picker.changed.connect(self._update)
        self.picker.target_changed.connect(self.analyser.analyse_all)
        self.picker.error.connect(self.show_error)
        self.analyser.row_added.connect(self._row_added)
        self.analyser.row_added.connect(self.farm_choice.measure)
        self.farm_choice.changed.connect(self._update)
        self.analyser.row_changed.connect(self._row_changed)
        self.analyser.log.connect(self._log)
        self.analyser.error.connect(self.show_error)
        self.analyser.state_changed.connect(self._show_selected)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.items.add_files_button.clicked.connect(self.browse_files)
        self.items.add_folder_button.clicked.connect(self.browse_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.retry_button.clicked.connect(self.analyse_again)
        self.checks.override_requested.connect(self.ask_override)
        self.colour_space.chosen.connect(self.set_colour_space)
        self.cancel_button.clicked.connect(self.cancel)
        self.publish_button.clicked.connect(self.publish)
        self._update()

    # -- public API -------------------------------------------------------------------------

    @property
    def rows(self) -> list[ItemRow]:
        return self.model.rows

    @property
    def busy(self) -> bool:
        """Analysing or publishing (busy_changed tells when this changes)."""
        return self._busy

    @property
    def scratches(self) -> ScratchFolders:
        return self.analyser.scratches

    def set_context(
        self,
        project: str,
        entity: str | None = None,
        task: str | None = None,
        product: str | None = None,
        kind: EntityKind = EntityKind.SHOT,
    ) -> None:
        """Select this context as soon as the lists holding it are loaded (for hosts)."""
        self.picker.set_context(project, entity, task, product, kind)

    def add_items(
        self, sources: Iterable[str | os.PathLike[str] | Source], colorspace: str | None = None
    ) -> None:
        """Add files, folders, sequence patterns or resolved Sources (from a host adapter,
        with the colour space its render node declares). Paths are resolved in workers;
        the analysis of each starts as soon as it is known."""
        for source in sources:
            if isinstance(source, Source):
                self.analyser.add_source(source, colorspace)
            else:
                self.analyser.add_path(os.fspath(source), colorspace)

    def selected_row(self) -> ItemRow | None:
        return self.items.selected_row()

    def select_row(self, row: ItemRow) -> None:
        self.items.select_row(row)

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is not None and row not in self._publishing:
            self.analyser.discard(row)
            self._log(f"removed {row.title}")

    def analyse_again(self) -> None:
        """Restart the analysis of every item that failed, was cancelled or waits."""
        for row in self.rows:
            if row.state in RETRYABLE and row.source is not None:
                self.analyser.analyse(row)

    def override_qc(self, row: ItemRow, reason: str) -> None:
        """Publish `row` despite its QC failures; `reason` is recorded on the version."""
        if reason.strip():
            row.override_reason = reason.strip()
            self._log(f"QC overridden for {row.name}: {row.override_reason}")
            self._row_changed(row)

    def ask_override(self) -> None:
        row = self.selected_row()
        if row is None or not row.blocking_fail:
            return
        dialog = self.override_dialog = OverrideDialog(row.name, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reason_given.connect(lambda reason: self.override_qc(row, reason))
        dialog.open()  # window-modal, no nested event loop: OK without a reason stays open

    def set_colour_space(self, name: object) -> None:
        """Analyse the selected item again as colour space `name` (None: as its file says)."""
        row = self.selected_row()
        colorspace = name if isinstance(name, str) else None
        if row is None or row in self._publishing or row.colorspace == colorspace:
            return
        row.colorspace = colorspace
        self._log(f"colour space of {row.name}: {colorspace or 'from the file'}")
        if row.source is not None:
            self.analyser.analyse(row)

    def browse_files(self) -> None:
        paths, _ = QtWidgets.QFileDialog.getOpenFileNames(self, "Add files to publish")
        self.add_items(paths)

    def browse_folder(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Add a sequence folder")
        if folder:
            self.add_items([folder])

    def show_error(self, message: str) -> None:
        self.banner.show_message(message)
        self._log(f"ERROR: {message}")

    def clear_error(self) -> None:
        self.banner.clear()

    def publish_problem(self) -> str:
        """Why Publish is disabled ("" when it is enabled)."""
        if self._publish_worker is not None:
            return "Publishing…"
        rows = self.rows
        if not rows:
            return "Add files to publish: drop them here or use Add files…"
        problem = self.picker.problem()
        if problem:
            return problem[0].upper() + problem[1:]
        if self.farm_choice.chosen:  # the farm analyses and checks each item itself
            return farm_problem(rows)
        if any(row.busy for row in rows):
            return "Waiting for the analysis of every item…"
        for row in rows:
            if row.state is not RowState.READY:
                return f"{row.name}: {row.status_text}; analyse it again or remove it"
            if row.blocking_fail:
                return f"QC failed for {row.name}: fix it, remove it or override QC with a reason"
        return ""

    def publish(self) -> None:
        """Publish every row as the next version of the chosen product, in order."""
        context = self.picker.context()
        if self.publish_problem() or context is None:
            return
        if self.farm_choice.chosen:
            self.publish_on_farm(context)
            return
        rows = self.rows
        pairs = []
        for row in rows:
            assert row.source is not None and row.inspection is not None
            item = PublishItem(
                context=dataclasses.replace(context, product=row.product or context.product),
                sources=(row.source,),
                comment=self.comment.text().strip(),
                host=self.host,
                workfile=self.workfile,
                colorspace=row.colorspace,
                qc_override_reason=row.override_reason,
            )
            pairs.append((item, row.inspection))
        self.clear_error()
        self._publishing, self._last_phase = rows, ""
        self.progress.setValue(0)
        products = ", ".join(sorted({item.context.product for item, _ in pairs}))
        where = f"{context.project} / {context.entity} / {context.task} / {products}"
        self._log(f"publishing {len(rows)} item(s) to {where}")
        self._publish_worker = self.pool.submit(
            self.publish_job(context, pairs),
            "publish",
            progress=self._publish_progress,
            finished=self._published,
            failed=self._publish_failed,
        )
        self._update()

    def publish_job(
        self, context: PublishContext, pairs: Sequence[tuple[PublishItem, Inspection]]
    ) -> Job:
        """The worker job that publishes `pairs` (a host's dialog publishes its scene too)."""
        return publish_job(self.settings, pairs)

    def publish_on_farm(self, context: PublishContext) -> None:
        """Queue every row as a farm job (a worker publishes it); the rows leave the list
        as soon as their jobs are queued, and the session is free."""
        rows = self.rows
        scene, loads = self.farm_scene()
        requests = farm_requests(context, rows, self.comment.text().strip(), self.host,
                                 scene, loads)  # fmt: skip
        self.clear_error()
        self._publishing = rows
        self._log(f"queuing {len(rows)} item(s) on the farm ({self.settings.farm.queue})")
        if scene:
            self._log(f"the farm publishes {scene} as their work file (or its unchanged version)")
        self._publish_worker = self.pool.submit(
            submit_job(self.settings, requests, [row.source for row in rows]), "farm submit",
            finished=self._farm_queued, failed=self._farm_queued,
            cancelled=lambda: self._farm_queued(FarmSubmission(())),
        )  # fmt: skip
        self._update()

    def farm_scene(self) -> tuple[str | None, tuple[str, ...]]:
        """The saved scene farm jobs publish as their work file, and the files it loads
        (a host's widget has them; here none)."""
        return None, ()

    def _farm_queued(self, result: object) -> None:
        submission = result if isinstance(result, FarmSubmission) else None
        error = submission.error if submission else result
        rows, self._publishing, self._publish_worker = self._publishing, [], None
        jobs = list(submission.jobs) if submission else []
        for row, job in zip(rows, jobs, strict=False):
            self._log(f"queued {row.name} on the farm as job {job.id}")
            self.analyser.discard(row)  # a render node publishes it
        if jobs:
            ids = ", ".join(str(job.id) for job in jobs)
            several = len(jobs) > 1
            self.farm_choice.show_queued(
                f"Queued on the farm as job{'s' if several else ''} {ids}: "
                f"follow {'them' if several else 'it'} in the Farm tab."
            )
            self.comment.clear()
            self.farm_submitted.emit(jobs)
        if isinstance(error, BaseException):
            self.show_error(f"Could not queue on the farm: {describe_error(error)}")
        self._update()

    def cancel(self) -> None:
        """Stop the publish (the version being made is rolled back) or the analyses."""
        if self._publish_worker is not None:
            self._publish_worker.cancel()
            self._log("cancelling the publish…")
        elif self.analyser.cancel():
            self._log("cancelling the analyses…")
        self.cancel_button.setEnabled(False)

    def shutdown(self) -> None:
        """Cancel this widget's work and remove every scratch folder (on close)."""
        if self._publish_worker is not None:
            self._publish_worker.cancel()
        self.analyser.shutdown()
        if self._own_pool:  # cancelled jobs stop within moments; let them before Qt goes
            self.pool.wait(SHUTDOWN_WAIT_MS)

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
        self.add_items(paths)
        return bool(paths)

    # -- reactions --------------------------------------------------------------------------

    def _row_added(self, row: object) -> None:
        if self.selected_row() is None and isinstance(row, ItemRow):
            self.select_row(row)

    def _row_changed(self, row: object) -> None:
        if isinstance(row, ItemRow):
            self.model.row_changed(row)
            if row is self.selected_row():
                self._show_selected()
        self._update()

    def _show_selected(self) -> None:
        self.checks.show_row(self.selected_row())
        self.colour_space.show_row(self.selected_row())
        self._update()

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
        run = result if isinstance(result, PublishRun) else PublishRun((), 0)
        rows, self._publishing, self._publish_worker = self._publishing, [], None
        versions = list(run.versions)
        pictures = [row.thumbnail for row in rows[: len(versions)]]
        note = self._workfile_note(run)
        if run.workfile is not None and not run.workfile_reused:
            versions, pictures = [run.workfile, *versions], [None, *pictures]
        for row, version in zip(rows, run.versions, strict=False):
            identical = identical_text(version)
            same = f" ({identical}: the same content again)" if identical else ""
            self._log(f"published {version.label} of {version.product}{same}: {version.path}")
            for warning in version.plugin_warnings:  # post-publish plugins: the version stands
                self._log(f"warning: {warning}")
            self.analyser.discard(row)  # published: it leaves the list
        if run.cancelled:
            before = f" ({len(versions)} version(s) were complete before)" if versions else ""
            stopped = f"Cancelled: nothing half-published{before}."
            note = f"{stopped} {note}".strip()
            self._log(stopped)
            self.progress.setValue(0)
        elif run.error is not None:
            failed = f"Publish failed: {describe_error(run.error)}"
            note = f"{failed} {note}".strip()
            self.show_error(failed)
            self.progress.setValue(0)
        else:
            self.progress.setValue(self.progress.maximum())
            self.comment.clear()
        self.report.show_versions(versions, note, pictures)
        if versions:
            self.show_report()
            self.published.emit(versions)
        self.picker.refresh_products()
        self._update()

    def _workfile_note(self, run: PublishRun) -> str:
        """The work-file version a host's renders depend on, logged and for the report."""
        workfile = run.workfile
        if workfile is None:
            return ""
        if run.workfile_reused:
            note = f"The scene is unchanged since work file {workfile.label}: it was reused."
        else:
            note = f"The scene was published as work file {workfile.label}."
        self._log(f"{note} ({workfile.path})")
        return note

    def _update(self) -> None:
        publishing = self._publish_worker is not None
        self.farm_choice.update_rows(self.rows)
        self.farm_choice.setEnabled(not publishing)
        self.farm_choice.note.setVisible(self.farm_choice.noting)
        self.progress.setVisible(not self.farm_choice.noting)
        problem = self.publish_problem()
        self.publish_button.setEnabled(not problem)
        if self._publish_worker is not None:
            self.cancel_button.setEnabled(not self._publish_worker.cancel_token.cancelled)
        else:
            self.cancel_button.setEnabled(self.analyser.analysing)
        self.picker.setEnabled(not publishing)
        self.progress.setTextVisible(publishing)
        if not publishing and self.analyser.running:
            self.progress.setValue(0)  # the last publish's full bar is not this item's
        self.remove_button.setEnabled(self.selected_row() is not None and not publishing)
        self.colour_space.setEnabled(self.selected_row() is not None and not publishing)
        self.retry_button.setEnabled(
            any(row.state in (RowState.ERROR, RowState.CANCELLED) for row in self.rows)
        )
        self.checks.override_button.setEnabled(not publishing)
        if not publishing:
            self.status.setText(problem or "Ready to publish.")
        busy = publishing or self.analyser.running
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def _log(self, message: str) -> None:
        self.log.appendPlainText(f"{time.strftime('%H:%M:%S')}  {message}")
