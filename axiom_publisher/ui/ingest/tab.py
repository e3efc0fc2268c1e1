"""The standalone app's Ingest tab: scan a delivery, assign what did not match, ingest.

Every query, scan and run happens in a WorkerPool job (jobs.py); the only thing done here
is `assign`, which is pure. Answers for a project that is no longer the chosen one are
dropped. Errors become log lines and status messages naming the file, never tracebacks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import AxiomError
from axiom_publisher.core.ingest import IngestPlan, IngestRule, IngestRun, Outcome, assign
from axiom_publisher.core.types import ProgressEvent
from axiom_publisher.ui.ingest import jobs
from axiom_publisher.ui.ingest.history import HistoryController
from axiom_publisher.ui.ingest.layout import IngestLayout, dropped_folder, submit_guarded
from axiom_publisher.ui.ingest.projects import ProjectController
from axiom_publisher.ui.ingest.runs_model import counts_text
from axiom_publisher.ui.publish.context_picker import describe_error
from axiom_publisher.ui.publish.farm_choice import NOT_CONFIGURED
from axiom_publisher.ui.workers import Worker, WorkerPool

ITEM_STATES = {"qc": "QC'd\u2026", "ingest": "done"}  # progress phase -> row state


class IngestTab(IngestLayout):
    """Delivery and rules on top, the items (or a past run) with the assignment bar, the log
    beside the history, and the run bar at the bottom."""

    message = QtCore.Signal(str)  # for the status bar
    projects_loaded = QtCore.Signal(object)  # list[str]
    rules_loaded = QtCore.Signal(object)  # list[IngestRule]
    plan_ready = QtCore.Signal(object)  # IngestPlan
    run_finished = QtCore.Signal(object)  # IngestRun of this tab's run
    stopped = QtCore.Signal(str)  # a scan or run ended without a result: why
    runs_loaded = QtCore.Signal(object)  # list[IngestRun]
    run_opened = QtCore.Signal(object)  # IngestRun from the history
    farm_submitted = QtCore.Signal(object)  # list[FarmJobRecord] queued on the farm

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
        self.plan: IngestPlan | None = None
        self.rules: list[IngestRule] | None = None
        self.last_run: IngestRun | None = None
        self._busy: Worker | None = None
        # False once Qt deleted the tab (with its window): a job's answer arriving later is
        # dropped, never handled by widgets that are gone.
        self._alive = alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())
        self._build(settings, pool)
        if not settings.farm.configured:  # nothing to queue on: as the Publish tab's box
            self.run_bar.on_farm.setEnabled(False)
            self.run_bar.on_farm.setToolTip(NOT_CONFIGURED)
        self.history = HistoryController(self)
        self.projects = ProjectController(self, project or "")
        self.setAcceptDrops(True)
        self._connect()
        self._update()

    def _connect(self) -> None:
        self.delivery.folder.textChanged.connect(self._update)
        self.delivery.scan_button.clicked.connect(self.scan)
        self.items.all_button.clicked.connect(lambda: self._check_all(True))
        self.items.none_button.clicked.connect(lambda: self._check_all(False))
        self.items.view.selectionModel().selectionChanged.connect(self._update)
        self.model.selection_changed.connect(self._update)
        self.assign_bar.assign_button.clicked.connect(self.assign_selected)
        self.picker.changed.connect(self._update)
        self.picker.error.connect(self.log)
        self.run_bar.cancel_button.clicked.connect(self.cancel)
        self.run_bar.dry_run_button.clicked.connect(lambda: self.start_ingest(dry_run=True))
        self.run_bar.ingest_button.clicked.connect(lambda: self.start_ingest())

    # ---- public API ---------------------------------------------------------------------------

    def project(self) -> str:
        return self.delivery.project.currentText()

    def folder(self) -> Path | None:
        text = self.delivery.folder.text().strip()
        return Path(text).expanduser() if text else None

    @property
    def busy(self) -> bool:
        return self._busy is not None

    def refresh(self) -> None:
        """Load the projects (then the chosen project's rules and runs) in workers."""
        self.projects.refresh()
        self.picker.refresh()

    def set_folder(self, folder: Path | str) -> None:
        self.delivery.folder.setText(str(folder))

    def set_project(self, code: str) -> None:
        """Choose `code` now, or as soon as the projects are loaded."""
        self.projects.choose(code)

    def scan(self) -> None:
        """Scan the delivery folder with the project's rules (in a worker)."""
        folder, project = self.folder(), self.project()
        if folder is None or not project or self.busy:
            return
        self.log(f"scanning {folder} for {project}\u2026")
        self._start(
            jobs.scan_job(self.settings, folder, project, self.rules), "ingest scan",
            self._on_plan, f"scan {folder}",
        )  # fmt: skip

    def selected_indices(self) -> list[int]:
        """The item indices of the rows selected in the table."""
        return self.items.selected_indices()

    def select_rows(self, indices: list[int]) -> None:
        """Select the rows of these item indices in the table (as a click would)."""
        self.items.select_indices(indices)

    def assign_selected(self) -> None:
        """Give the selected items the picker's context (pure: no database here)."""
        context, plan = self.picker.context(), self.plan
        if context is None or plan is None or self.showing_run:
            return
        for index in self.selected_indices():
            try:
                plan = assign(plan, index, context)
            except AxiomError as error:  # a name the picker let through, another project
                self.log(f"Could not assign item {index}: {error}")
                break
            item = next(item for item in plan.items if item.index == index)
            self.model.update_item(item, plan.root)
            self.log(f"assigned {item.display} to "
                     f"{context.entity} / {context.task} / {context.product}")  # fmt: skip
        self.plan = plan
        self.items.show_plan(self.plan, self.last_run)
        self._update()

    def start_ingest(self, *, dry_run: bool = False) -> None:
        """QC and publish the checked items (dry: only say what would happen)."""
        plan, selected = self.plan, self.model.checked()
        if plan is None or not selected or self.busy or self.showing_run:
            return
        request = jobs.IngestRequest(
            plan, selected, dry_run, self.run_bar.allow_duplicates.isChecked()
        )
        what = "dry run" if dry_run else "ingest"
        on_farm = not dry_run and self.run_bar.on_farm.isChecked()
        where = " on the farm" if on_farm else ""
        self.log(f"{what} of {len(selected)} item(s) from {plan.root}{where}\u2026")
        self.items.hide_run_links()
        self.model.clear_results()
        self.model.set_progress(selected, "queued")
        if on_farm:
            self._start(jobs.farm_ingest_job(self.settings, request), "ingest on the farm",
                        self._on_farm_run, f"queue {plan.root} on the farm")  # fmt: skip
            return
        self._start(jobs.ingest_job(self.settings, request), f"ingest {what}",
                    self._on_run, f"{what} {plan.root}")  # fmt: skip

    def cancel(self) -> None:
        if self._busy is not None:
            self.log("cancelling\u2026")
            self._busy.cancel()
            self.run_bar.cancel_button.setEnabled(False)

    def open_run(self, run_id: int) -> None:
        """Show a past run's results in the table, read-only."""
        self.history.open_run(run_id)

    def show_plan(self) -> None:
        """Back from a past run to the current plan."""
        self.showing_run = None
        self.items.hide_run_links()
        self.model.set_plan(self.plan)
        if self.last_run is not None and self.plan is not None:
            self._show_results(self.last_run)
        self.items.show_plan(self.plan, self.last_run)
        self._update()

    def shutdown(self) -> None:
        if self._busy is not None:
            self._busy.cancel()

    def log(self, text: str) -> None:
        self.log_view.appendPlainText(f"{datetime.now():%H:%M:%S}  {text}")

    # ---- workers ------------------------------------------------------------------------------

    def submit(self, job: jobs.Job, name: str, **handlers: Callable[..., None]) -> Worker:
        """`pool.submit` with handlers that do nothing once the tab is deleted."""
        return submit_guarded(self.pool, self._alive, job, name, handlers)

    def _start(self, job: jobs.Job, name: str, done: Callable[[Any], None], what: str) -> None:
        self.run_bar.reset()
        self._busy = self.submit(job, name,
            progress=self._on_progress, finished=done, failed=self._on_failure(what),
            cancelled=self._on_cancelled, done=self._on_done,
        )  # fmt: skip
        self._update()

    def _on_done(self) -> None:
        self._busy = None
        self.run_bar.step.setText("")
        self._update()

    def _on_progress(self, event: object) -> None:
        """The bars, and each item's state in its row (`qc`: analysed, `ingest`: settled)."""
        self.run_bar.show_progress(event)
        if isinstance(event, ProgressEvent) and event.phase in ITEM_STATES and event.message:
            self.model.set_progress_of(event.message, ITEM_STATES[event.phase])

    def _on_failure(self, what: str) -> Callable[[object], None]:
        def failed(error: object) -> None:
            text = f"Could not {what}: {describe_error(error)}"
            self.model.clear_results()
            self.log(text)
            self.message.emit(text)
            self.stopped.emit(text)

        return failed

    def _on_cancelled(self) -> None:
        text = "Cancelled: nothing more was published."
        self.model.clear_results()
        self.log(text)
        self.message.emit(text)
        self.stopped.emit(text)
        self.history.refresh()

    def put_plan_away(self, project: str) -> None:
        """The plan was scanned for another project: its rules and shots no longer hold."""
        if self.plan is not None and self.plan.project != project:
            self.log(f"the plan of {self.plan.root} for {self.plan.project} was put away: "
                     f"scan again for {project or 'another project'}")  # fmt: skip
            self.plan, self.last_run = None, None
            self.show_plan()

    def _on_plan(self, result: object) -> None:
        if not isinstance(result, IngestPlan):
            return
        self.plan, self.last_run = result, None
        self.showing_run = None
        self.items.hide_run_links()
        self.model.set_plan(result)
        matched = len(result.items) - len(result.unmatched) - len(result.refused)
        self.log(f"found {len(result.items)} item(s): {matched} matched, "
                 f"{len(result.unmatched)} unmatched")  # fmt: skip
        for item in result.unmatched:
            self.log(f"  unmatched {item.display}: {item.reason}")
        for item in result.refused:
            self.log(f"  refused {item.display}: {item.reason}")
        self.items.show_plan(self.plan, self.last_run)
        self.plan_ready.emit(result)

    def _on_run(self, result: object) -> None:
        if not isinstance(result, IngestRun):
            return
        self.last_run = result
        if not self.showing_run:  # else show_plan() shows the results
            self._show_results(result)
        for item in result.results:
            if item.outcome is not Outcome.PUBLISHED:
                self.log(f"  {item.outcome.value} {item.display}: {item.reason}")
        took = (result.ended_at or datetime.now(result.started_at.tzinfo)) - result.started_at
        summary = (f"{'dry run' if result.dry_run else 'ingest'} done in "
                   f"{took.total_seconds():.1f} s: {counts_text(result)}")  # fmt: skip
        self.log(summary)
        self.message.emit(summary)
        self.history.refresh(select=result.id)
        self.run_finished.emit(result)

    def _on_farm_run(self, result: object) -> None:
        if not isinstance(result, jobs.FarmIngest):
            return
        ids = ", ".join(str(job.id) for job in result.jobs) or "none"
        text = (f"ingest run {result.run_id}: {len(result.jobs)} item(s) queued on the farm "
                f"as job(s) {ids}; follow them in the Farm tab")  # fmt: skip
        queued = [int(job.payload["index"]) for job in result.jobs]
        self.model.set_progress(queued, "on the farm")
        self.model.set_checked(queued, False)  # never queued twice by mistake
        self.log(text)
        self.message.emit(text)
        self.history.refresh(select=result.run_id)
        self.farm_submitted.emit(list(result.jobs))

    # ---- helpers ------------------------------------------------------------------------------

    def _show_results(self, run: IngestRun) -> None:
        self.model.apply_results(run.results)
        if not run.dry_run:  # published items are done: not ingested again by mistake
            done = [item.index for item in run.results if item.outcome is Outcome.PUBLISHED]
            self.model.set_checked(done, False)
        self.items.show_plan(self.plan, self.last_run)

    def _check_all(self, checked: bool) -> None:
        self.model.set_checked([line.index for line in self.model.rows], checked)

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if dropped_folder(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:  # noqa: N802 - Qt API
        folder = dropped_folder(event.mimeData())
        if folder is not None:
            event.acceptProposedAction()
            self.set_folder(folder)
            self.scan()

    def _update(self, *_: object) -> None:
        busy, plan_shown = self.busy, self.plan is not None and not self.showing_run
        ready = bool(self.folder()) and bool(self.project())
        self.delivery.scan_button.setEnabled(not busy and ready)
        self.delivery.project.setEnabled(not busy)
        checked = len(self.model.checked()) if plan_shown else 0
        for button in (self.run_bar.dry_run_button, self.run_bar.ingest_button):
            button.setEnabled(not busy and checked > 0)
        self.run_bar.ingest_button.setText(f"Ingest selected ({checked})")
        self.run_bar.cancel_button.setEnabled(busy and not self._busy_cancelled())
        rows = len(self.items.view.selectionModel().selectedRows()) if plan_shown else 0
        self.assign_bar.show_state(rows, busy)
        for button in (self.items.all_button, self.items.none_button):
            button.setEnabled(plan_shown and not busy)

    def _busy_cancelled(self) -> bool:
        return self._busy is not None and self._busy.cancel_token.cancelled
