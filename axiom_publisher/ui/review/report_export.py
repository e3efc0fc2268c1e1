"""The Review tab's "Export report…": a playlist's dailies report as PDF or HTML, written in a
worker. A small hook for the playlist panel's menu, which owns the playlist shown:

    exporter = ReportExport(settings, pool, panel)
    menu.addAction(exporter.action(menu, lambda: (playlist.id, playlist.name)))

The PDF is ui.review.report_pdf's; the HTML page publish.review.report_html's (its pictures
in a `<name>_images` folder beside the page). The Save dialog's filter or the name's suffix
picks which.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.types import ProgressEvent
from axiom_publisher.publish.review.report_html import export_html
from axiom_publisher.ui.review.export import PathChooser, ask_save_path
from axiom_publisher.ui.review.report_pdf import export_report_pdf
from axiom_publisher.ui.workers import Job, WorkerPool

PDF_FILTER = "PDF report (*.pdf)"
HTML_FILTER = "HTML report (*.html)"
REPORT_FILTER = f"{PDF_FILTER};;{HTML_FILTER}"
CurrentPlaylist = Callable[[], "tuple[int, str] | None"]  # (id, name) shown, or None


def report_file_name(name: str) -> str:
    """A file name from a playlist name: `dailies_6_dec_report.pdf` for "Dailies 6 Dec"."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name.strip()).strip("._").lower() or "playlist"
    return f"{stem}_report.pdf"


def report_job(settings: Settings, playlist_id: int, path: Path) -> Job:
    """Write the report to `path`: HTML for a .html or .htm name, else PDF (.pdf added)."""

    def job(progress: Callable[[ProgressEvent], None], cancel: CancelToken) -> Path:
        if path.suffix.lower() in (".html", ".htm"):
            return export_html(
                settings, playlist_id, path.parent, page=path.name, images=f"{path.stem}_images"
            )
        target = path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
        return export_report_pdf(settings, playlist_id, target)

    return job


class ReportExport(QtCore.QObject):
    """`exported(Path)` once the report is written, `failed(str)` with the reason otherwise.
    `choose_path` asks where (the platform's Save dialog; tests answer it)."""

    exported = QtCore.Signal(object)
    failed = QtCore.Signal(str)

    def __init__(self, settings: Settings, pool: WorkerPool, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool
        self.widget = parent
        self.choose_path: PathChooser = ask_save_path

    def export(self, playlist_id: int, name: str) -> None:
        suggested = Path.home() / report_file_name(name)
        path = self.choose_path(self.widget, "Export report", suggested, REPORT_FILTER)
        if path is not None:
            self.pool.submit(
                report_job(self.settings, playlist_id, path),
                "export report",
                finished=self.exported.emit,
                failed=self._on_failed,
            )

    def action(self, parent: QtCore.QObject, current: CurrentPlaylist) -> QtWidgets.QAction:
        """ "Export report…" for a menu: exports the playlist `current()` names (disabled
        when it names none as the menu opens)."""
        action = QtWidgets.QAction("Export report…", parent)
        action.setToolTip(
            "Write the playlist's decisions, notes and annotated frames as a PDF or HTML "
            "report for the artists who were not in the room"
        )

        def run() -> None:
            shown = current()
            if shown is not None:
                self.export(*shown)

        action.triggered.connect(run)
        if isinstance(parent, QtWidgets.QMenu):
            parent.aboutToShow.connect(lambda: action.setEnabled(current() is not None))
        return action

    def _on_failed(self, error: Any) -> None:
        self.failed.emit(" ".join(str(error).split()) or type(error).__name__)
