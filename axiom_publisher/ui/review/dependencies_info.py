"""The Dependencies box of the Info page: what the open version uses (its work file, the
plates and caches its scene loaded), marking inputs that have a newer version (the version is
out of date), and what uses it (the versions to redo when it is delivered again). Read in a
worker (publish.dependencies) when a version opens."""

from __future__ import annotations

import html

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.dependency import Dependencies, DependencyLink
from axiom_publisher.core.types import ProgressCallback, VersionRecord
from axiom_publisher.publish.dependencies import dependencies
from axiom_publisher.ui.style import DIM_TEXT
from axiom_publisher.ui.workers import Job, WorkerPool

STALE_COLOUR = "#f0ad4e"
NONE = "nothing published"


def _job(settings: Settings, version_id: int) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> Dependencies:
        return dependencies(settings, version_id)

    return job


def _breakable(name: str) -> str:
    """`name` escaped, with a line-break chance after each `/` (a path has no spaces)."""
    return html.escape(name).replace("/", "/\u200b")


def link_html(link: DependencyLink) -> str:
    """One link as rich text: its name and kind, and in orange the newer version if any."""
    via = "" if link.depth == 1 else f", through {link.depth - 1} work file(s)"
    text = f"{_breakable(link.name)} <span style='color:{DIM_TEXT}'>({link.kind}{via})</span>"
    if link.newer is not None:
        newer = html.escape(link.newer.rsplit("/", 1)[-1])
        text += f"<br><span style='color:{STALE_COLOUR}'>&nbsp;&nbsp;{newer} is published</span>"
    return text


class DependenciesInfo(QtWidgets.QGroupBox):
    """`loaded(object)` (Dependencies) after each read; `message(str)` when one fails."""

    loaded = QtCore.Signal(object)
    message = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Dependencies", parent)
        self.setObjectName("dependenciesInfo")
        self.status = QtWidgets.QLabel()
        self.uses = QtWidgets.QLabel()
        self.used_by = QtWidgets.QLabel()
        for label in (self.status, self.uses, self.used_by):
            label.setWordWrap(True)
            label.setTextFormat(QtCore.Qt.TextFormat.RichText)
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QtWidgets.QFormLayout(self)
        form.setLabelAlignment(
            QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignTop
        )
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.status)  # a row of its own: hidden, it leaves no empty line
        for caption, value in (("Uses", self.uses), ("Used by", self.used_by)):
            label = QtWidgets.QLabel(caption)
            label.setStyleSheet(f"color: {DIM_TEXT};")
            label.setAlignment(
                QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignTop
            )
            form.addRow(label, value)
        self.found: Dependencies | None = None
        self.record: VersionRecord | None = None
        self.settings: Settings | None = None
        self.pool: WorkerPool | None = None
        self._serial = 0
        self._alive = alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())

    def bind(self, settings: Settings, pool: WorkerPool) -> None:
        self.settings, self.pool = settings, pool

    def show_version(self, record: VersionRecord | None) -> None:
        self.record, self.found = record, None
        self.status.setText("reading…" if record is not None else "")
        self.status.setVisible(record is not None)
        self.uses.clear()
        self.used_by.clear()
        if record is None or self.pool is None or self.settings is None:
            return
        self._serial += 1
        serial, alive, version_id = self._serial, self._alive, record.id

        def current() -> bool:
            return bool(alive) and serial == self._serial and self.record is not None

        def finished(result: object) -> None:
            if current() and isinstance(result, Dependencies):
                assert self.record is not None and self.record.id == version_id
                self._show(result)

        def failed(error: object) -> None:
            if current():
                self.status.setText(f"could not read the dependencies: {html.escape(str(error))}")
                self.message.emit(f"Dependencies: {error}")

        self.pool.submit(_job(self.settings, version_id), "dependencies",
                         finished=finished, failed=failed)  # fmt: skip

    def _show(self, found: Dependencies) -> None:
        self.found = found
        stale, users = found.stale_inputs, found.stale_users
        lines = []
        if stale:
            lines.append(f"<b>Out of date:</b> {len(stale)} of its inputs have a newer version")
        if users and found.newer is not None:
            newer = html.escape(found.newer.rsplit("/", 1)[-1])
            lines.append(
                f"<b>{newer} is published:</b> the {len(users)} version(s) made from this one "
                "are out of date"
            )
        self.status.setText(f"<span style='color:{STALE_COLOUR}'>{'<br>'.join(lines)}</span>")
        self.status.setVisible(bool(lines))
        self.uses.setText("<br>".join(map(link_html, found.uses)) or NONE)
        self.used_by.setText("<br>".join(map(link_html, found.used_by)) or NONE)
        self.loaded.emit(found)
