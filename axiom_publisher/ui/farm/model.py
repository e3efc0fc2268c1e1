"""The Farm panel's table: one row per farm_job record, newest first."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from qtpy import QtCore, QtGui

from axiom_publisher.core.farm import FINISHED, FarmJobRecord
from axiom_publisher.ui.style import DIM_TEXT
from axiom_publisher.ui.table_model import AnyIndex, HeaderedTableModel

Role = QtCore.Qt.ItemDataRole
STATUS_ROLE = Role.UserRole + 1  # the job's status ("running"...), for the badge delegate
FRACTION_ROLE = Role.UserRole + 2  # 0..1 while a job runs, else None
STATUS_COLOURS = {
    "queued": "#4fa3e0",
    "running": "#f0a030",
    "done": "#3fae5a",
    "failed": "#d9443c",
    "cancelled": "#8a8a8a",
}
KIND_NAMES = {
    "publish_item": "Publish",
    "ingest_item": "Ingest",
    "proxy_rebuild": "Proxy",
    "verify": "Verify",
}
CANCELLABLE = ("queued", "running", "failed")
RETRYABLE = ("failed", "cancelled")


def job_what(job: FarmJobRecord) -> str:
    """What the job works on: `proj / sh010 / comp / plate ← clip.mov`."""
    payload = job.payload
    paths = [str(path) for path in payload.get("paths") or ()]
    names = ", ".join(Path(path).name or path for path in paths)
    if job.kind == "publish_item" and "entity" in payload:
        where = " / ".join(
            str(payload.get(key, "")) for key in ("project", "entity", "task", "product")
        )
        return f"{where} \u2190 {names}" if names else where
    if job.kind == "proxy_rebuild" and payload.get("version"):
        return f"{payload['version']}: review media"
    if job.kind == "ingest_item":
        shown = str(payload.get("display") or payload.get("name") or "")
        run = payload.get("run_id")
        item = f"{payload.get('project', '')}: {Path(shown).name or shown}"
        return f"{item} (ingest run {run})" if run is not None else item
    project = payload.get("project")
    return " ".join(str(part) for part in (project, names) if part) or job.kind


# A folder path in a message (POSIX or Windows): the cell shows its last part only.
FOLDERS = re.compile(r"(?:(?<=\s)|^)(?:[A-Za-z]:)?[\\/](?:[^\s\\/;,'\"]+[\\/])+(?=[^\s\\/])")


def error_line(job: FarmJobRecord) -> str:
    """The error's first line without its `farm job N: ` prefix (the row says which job),
    its paths cut to their file names (`…/late.mov`) so that the reason fits the cell; the
    details below the table show it whole."""
    if not job.error:
        return ""
    line = job.error.splitlines()[0]
    prefix = f"farm job {job.id}: "
    line = line[len(prefix) :] if line.startswith(prefix) else line
    return FOLDERS.sub("\u2026/", line)


def shown_moment(moment: datetime | None, today: datetime | None = None) -> str:
    """A database time (UTC) in local time: `14:03:27` today, `2026-12-05 14:03` before."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone()
    now = today or datetime.now().astimezone()
    if local.date() == now.date():
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")


def progress_text(job: FarmJobRecord) -> str:
    """`stage 4/10`, or what the job ended as."""
    if job.status == "queued":
        return "waiting for a worker"
    if job.status in FINISHED:
        if job.progress_phase and job.status != "done":
            return f"{job.status} at {job.progress_phase}"
        return job.status
    phase = job.progress_phase or "starting"
    if job.progress_total:
        return f"{phase} {job.progress_done}/{job.progress_total}"
    return phase


def fraction(job: FarmJobRecord) -> float | None:
    """How far a job is (0..1) for the bar: full when done, None when it has no bar."""
    if job.status == "done":
        return 1.0
    if job.status == "queued":
        return 0.0
    if job.progress_total:
        return max(0.0, min(1.0, job.progress_done / job.progress_total))
    return 0.0


class FarmJobsModel(HeaderedTableModel):
    """The recorded farm jobs; rows updated in place while the same jobs are listed."""

    HEADERS = ("ID", "Kind", "What", "Status", "Worker", "Progress", "Version", "Error",
               "Submitted", "Started", "Ended")  # fmt: skip
    ID, KIND, WHAT, STATUS, WORKER, PROGRESS, VERSION, ERROR = range(8)
    SUBMITTED, STARTED, ENDED = range(8, 11)
    CENTRED = (0, 3)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[FarmJobRecord] = []
        self._labels: dict[int, str] = {}

    @property
    def jobs(self) -> list[FarmJobRecord]:
        return list(self._jobs)

    @property
    def labels(self) -> dict[int, str]:
        """The names of the versions made, by version id (kept across refreshes)."""
        return dict(self._labels)

    def set_jobs(self, jobs: Sequence[FarmJobRecord], labels: Mapping[int, str]) -> None:
        """Show `jobs`: the same jobs in the same order update in place (the selection
        and the scroll position stay); any other list resets the table."""
        self._labels.update(labels)
        same = [job.id for job in jobs] == [job.id for job in self._jobs]
        if same and jobs:
            self._jobs = list(jobs)
            last = self.index(len(jobs) - 1, len(self.HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._jobs = list(jobs)
        self.endResetModel()

    def job(self, row: int) -> FarmJobRecord | None:
        return self._jobs[row] if 0 <= row < len(self._jobs) else None

    def row_of(self, job_id: int) -> int:
        for row, job in enumerate(self._jobs):
            if job.id == job_id:
                return row
        return -1

    def row_count(self) -> int:
        return len(self._jobs)

    def version_text(self, job: FarmJobRecord) -> str:
        if job.version_id is None:
            return ""
        return self._labels.get(job.version_id, f"version {job.version_id}")

    def text(self, job: FarmJobRecord, column: int) -> str:
        values = {
            self.ID: str(job.id),
            self.KIND: KIND_NAMES.get(job.kind, job.kind),
            self.WHAT: job_what(job),
            self.STATUS: job.status,
            self.WORKER: job.worker_host or "",
            self.PROGRESS: progress_text(job),
            self.VERSION: self.version_text(job),
            self.ERROR: error_line(job),
            self.SUBMITTED: shown_moment(job.created_at),
            self.STARTED: shown_moment(job.started_at),
            self.ENDED: shown_moment(job.ended_at),
        }
        return values.get(column, "")

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        job = self.job(index.row()) if index.isValid() else None
        if job is None:
            return None
        column = index.column()
        if role == Role.DisplayRole:
            return self.text(job, column)
        if role == STATUS_ROLE:
            return job.status
        if role == FRACTION_ROLE:
            return fraction(job)
        if role == Role.ToolTipRole:
            return self._tooltip(job, column)
        if role == Role.TextAlignmentRole and column in self.CENTRED:
            return int(QtCore.Qt.AlignmentFlag.AlignCenter)
        if role == Role.ForegroundRole:
            if column == self.ERROR:
                return QtGui.QColor(STATUS_COLOURS["failed"])
            if column in (self.SUBMITTED, self.STARTED, self.ENDED, self.ID):
                return QtGui.QColor(DIM_TEXT)
        return None

    def _tooltip(self, job: FarmJobRecord, column: int) -> str | None:
        if column == self.ERROR and job.error:
            return job.error
        if column == self.WHAT:
            paths = "\n".join(str(path) for path in job.payload.get("paths") or ())
            return f"{job_what(job)}\n{paths}".strip()
        if column == self.ID:
            return f"submitted by {job.submitted_by}; RQ job {job.rq_job_id or '-'}"
        return None
