"""The Review tab's exports: ask where (a Save dialog), then write in a worker.

The notes CSV is written by publish.review (frames and timecodes); the annotated frame is
the picture shown with its caption strip (export.annotated_frame), saved as PNG.
"""

from __future__ import annotations

from pathlib import Path

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.review import loaders
from axiom_publisher.ui.review.export import (
    CSV_FILTER,
    PNG_FILTER,
    PathChooser,
    ask_save_path,
    export_name,
)
from axiom_publisher.ui.workers import Job, WorkerPool


class Exports(QtCore.QObject):
    """`exported(Path)` once a file is written, `failed(str)` with the reason otherwise.

    `choose_path` asks where to write (the platform's Save dialog; tests answer it).
    """

    exported = QtCore.Signal(object)  # the Path written
    failed = QtCore.Signal(str)

    def __init__(self, settings: Settings, pool: WorkerPool, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool
        self.widget = parent
        self.choose_path: PathChooser = ask_save_path

    def notes_csv(self, record: VersionRecord) -> None:
        suggested = Path.home() / export_name(record, "_notes.csv")
        path = self.choose_path(self.widget, "Export notes", suggested, CSV_FILTER)
        if path is not None:
            self._run(loaders.export_csv_job(self.settings, record.id, path), "export notes")

    def frame_png(self, record: VersionRecord, frame: int, image: QtGui.QImage | None) -> None:
        """Save `image` (the annotated frame; None when no frame is shown yet)."""
        if image is None or image.isNull():
            self.failed.emit("no frame is shown yet")
            return
        suggested = Path.home() / export_name(record, f"_{frame}.png")
        path = self.choose_path(self.widget, "Save annotated frame", suggested, PNG_FILTER)
        if path is None:
            return
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        self._run(loaders.save_image_job(image, path), "save frame")

    def _run(self, job: Job, name: str) -> None:
        self.pool.submit(job, name, finished=self._on_written, failed=self._on_failed)

    def _on_written(self, path: Path) -> None:
        self.exported.emit(path)

    def _on_failed(self, error: object) -> None:
        self.failed.emit(" ".join(str(error).split()) or type(error).__name__)
