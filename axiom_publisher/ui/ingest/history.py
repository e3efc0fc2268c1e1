"""The Ingest tab's history: the project's runs, and a run opened read-only in the table."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from qtpy import QtCore

from axiom_publisher.core.ingest import IngestRun
from axiom_publisher.ui.browser.models import shown_time
from axiom_publisher.ui.ingest import jobs
from axiom_publisher.ui.ingest.runs_model import counts_text
from axiom_publisher.ui.publish.context_picker import describe_error

if TYPE_CHECKING:
    from axiom_publisher.ui.ingest.tab import IngestTab


class HistoryController(QtCore.QObject):
    """Loads the runs of the tab's project (in workers) and opens one on double-click."""

    def __init__(self, tab: IngestTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self._serial = 0
        self._select: int | None = None
        panel = tab.history_panel
        panel.view.doubleClicked.connect(lambda index: self._open_row(index.row()))
        panel.open_button.clicked.connect(self._open_current)
        panel.refresh_button.clicked.connect(lambda: self.refresh())
        panel.view.selectionModel().selectionChanged.connect(self._update)
        tab.items.back_button.clicked.connect(tab.show_plan)
        tab.items.summary_link.linkActivated.connect(lambda link: tab.open_url(QtCore.QUrl(link)))

    def refresh(self, select: int | None = None) -> None:
        """Reload the project's runs; then select run `select` if given."""
        project = self.tab.project()
        if not project:
            return
        self._serial += 1
        serial, self._select = self._serial, select

        def loaded(result: object) -> None:
            if serial == self._serial and project == self.tab.project():
                self._show(result)

        self.tab.submit(jobs.runs_job(self.tab.settings, project), "ingest runs",
            finished=loaded, failed=self.tab._on_failure(f"load the runs of {project}"),
        )  # fmt: skip

    def open_run(self, run_id: int) -> None:
        def failed(error: object) -> None:
            self.tab.log(f"Could not open run {run_id}: {describe_error(error)}")

        self.tab.submit(jobs.run_job(self.tab.settings, run_id), "ingest run",
                             finished=self._opened, failed=failed)  # fmt: skip

    def _show(self, result: object) -> None:
        runs = [run for run in result if isinstance(run, IngestRun)] if isinstance(
            result, list) else []  # fmt: skip
        model = self.tab.runs_model
        model.set_runs(runs)
        if self._select is not None and model.row_of(self._select) >= 0:
            self.tab.history_panel.view.selectRow(model.row_of(self._select))
        self._update()
        self.tab.runs_loaded.emit(runs)

    def _open_row(self, row: int) -> None:
        run = self.tab.runs_model.run(row)
        if run is not None and run.id is not None:
            self.open_run(run.id)

    def _open_current(self) -> None:
        rows = self.tab.history_panel.view.selectionModel().selectedRows()
        if rows:
            self._open_row(rows[0].row())

    def _opened(self, result: object) -> None:
        if not isinstance(result, IngestRun):
            return
        tab = self.tab
        tab.showing_run = result
        tab.model.set_run(result)
        kind = "Dry run" if result.dry_run else "Run"
        tab.items.title.setText(
            f"<b>{kind} {result.id}</b> \u2014 {shown_time(result.started_at)} by "
            f"{html.escape(result.user)} from {html.escape(str(result.source_dir))} "
            f"\u2014 {counts_text(result)} (read-only)"
        )
        link = tab.items.summary_link
        if result.summary_path is not None:
            url = QtCore.QUrl.fromLocalFile(str(result.summary_path)).toString()
            link.setText(f'<a href="{html.escape(url)}">JSON summary</a>')
            link.setToolTip(str(result.summary_path))
        link.setVisible(result.summary_path is not None)
        tab.items.back_button.setVisible(tab.plan is not None)
        tab.log(f"opened {kind.lower()} {result.id} of {shown_time(result.started_at)}")
        tab._update()
        tab.run_opened.emit(result)

    def _update(self, *_: object) -> None:
        panel = self.tab.history_panel
        panel.open_button.setEnabled(bool(panel.view.selectionModel().selectedRows()))
