"""The Review tab: what to review (queue or browser), the player, the notes and the decision.

Every query and write runs in a WorkerPool job (loaders.py); answers for a version that is
no longer the one wanted are dropped. Errors become a banner and a status-bar message. The
writes (notes, decisions, exported files) are ReviewWrites' (writes.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.review import Decision, QueueFilter
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.desktop import open_local
from axiom_publisher.ui.review import loaders
from axiom_publisher.ui.review.annotation_link import AnnotationLink
from axiom_publisher.ui.review.exports import Exports
from axiom_publisher.ui.review.header import Banner, VersionHeader
from axiom_publisher.ui.review.player import ReviewPlayer
from axiom_publisher.ui.review.playlist_playback import PlaylistPlayback
from axiom_publisher.ui.review.playlist_session import PlaylistSession
from axiom_publisher.ui.review.playlists_panel import PlaylistsPanel
from axiom_publisher.ui.review.shortcuts import bind_shortcuts
from axiom_publisher.ui.review.side import QC_PAGE, ReviewSide
from axiom_publisher.ui.review.sources import SourcePanel
from axiom_publisher.ui.review.writes import ReviewWrites
from axiom_publisher.ui.workers import Job, WorkerPool

LEAD_HINT = "Only review leads may decide ({user} is not one): anyone can add notes"


class ReviewTab(QtWidgets.QWidget):
    """Queue / browser on the left, the player in the centre, notes and decision right."""

    message = QtCore.Signal(str)  # for the status bar
    queue_loaded = QtCore.Signal(object)  # loaders.QueuePage
    version_opened = QtCore.Signal(object)  # loaders.Selection
    note_added = QtCore.Signal(object)  # ReviewNote
    decided = QtCore.Signal(object)  # loaders.Decided
    exported = QtCore.Signal(object)  # the Path written
    selection_changed = QtCore.Signal()  # what selected_version() returns changed

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
        self.exports = Exports(settings, pool, self)
        self.open_url: Callable[[QtCore.QUrl], bool] = QtGui.QDesktopServices.openUrl
        self.selection: loaders.Selection | None = None
        self.permission: loaders.Permission | None = None
        self._wanted: tuple[int, bool] | None = None  # (version id, approved only) loading
        self.next_after_queue: VersionRecord | None = None

        self.sources = SourcePanel(settings, pool, project=project)
        self.browser = self.sources.browser
        self.queue = self.sources.queue
        # The player opens proxies on the tab's pool: one place to wait for at shutdown.
        self.player = ReviewPlayer(controller=PlaylistPlayback(pool=pool))
        self.playlists = PlaylistsPanel(settings, pool)
        self.playlists.selected_ids = self._queue_selection
        self.playlists.scope = lambda: (self.queue_filter().project, self.queue_filter().entity)
        self.header = VersionHeader()
        self.banner = Banner()
        self.side = ReviewSide()
        self.notes = self.side.notes
        self.decision = self.side.decision
        self.side_splitter = self.side.splitter  # notes pages over the decision bar
        self._build()
        self._connect()
        self.writes = ReviewWrites(self)  # notes, decisions and exports
        self.annotation_link = AnnotationLink(self)
        self.playlist_session = PlaylistSession(self)
        self.playlists.play_requested.connect(self.playlist_session.start)
        self.playlist_session.version_changed.connect(self.playlists.items.setCurrentRow)
        self.shortcuts = bind_shortcuts(self)

    # ---- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        centre = QtWidgets.QWidget()
        centre_layout = QtWidgets.QVBoxLayout(centre)
        centre_layout.setContentsMargins(4, 8, 4, 8)
        centre_layout.addWidget(self.banner)
        centre_layout.addWidget(self.header)
        centre_layout.addWidget(self.player, 1)

        right: QtWidgets.QWidget = self.side
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        # Explicit minimums: the window may be made small (a laptop, a second monitor) and
        # the side columns then squeeze instead of forcing the window wider. The centre is
        # as narrow as its parts allow: the transport bar's most compact form, whole.
        for part, minimum in ((self.sources, 200), (right, 220)):
            part.setMinimumSize(minimum, 240)
        centre.setMinimumHeight(240)
        self.left = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)  # queue over playlists
        self.left.addWidget(self.sources)
        self.left.addWidget(self.playlists)
        self.left.setSizes([520, 300])
        for part in (self.left, centre, right):
            self.splitter.addWidget(part)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([360, 900, 380])
        self.splitter.setChildrenCollapsible(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.show_selection(None)

    def _connect(self) -> None:
        self.sources.picked.connect(self.open_version)
        self.sources.mode_changed.connect(lambda _mode: self.selection_changed.emit())
        self.browser.version_selected.connect(lambda _record: self.selection_changed.emit())
        self.queue.filter_changed.connect(self.refresh_queue)
        self.browser.message.connect(self.message)
        self.header.compare_changed.connect(self._on_compare_toggle)
        self.header.qc_requested.connect(lambda: self.side.pages.setCurrentIndex(QC_PAGE))
        self.player.frame_changed.connect(self._on_frame)
        self.player.message.connect(self._on_player_problem)
        self.notes.frame_requested.connect(self.player.seek_frame)
        self.side.qc.frame_requested.connect(self.player.seek_frame)
        self.side.info.open_folder_requested.connect(self.open_selected_folder)
        self.side.info.tracker.bind(self.settings, self.pool)
        self.side.info.dependencies.bind(self.settings, self.pool)

    # ---- public API ---------------------------------------------------------------------------

    def mode(self) -> int:
        return self.sources.mode()

    def set_mode(self, mode: int) -> None:
        """QUEUE or BROWSE on the left; the version selected there opens."""
        self.sources.set_mode(mode)

    def selected_version(self) -> VersionRecord | None:
        """The version open in the player, else the browser's selected one."""
        if self.selection is not None:
            return self.selection.record
        return self.browser.selected_version()

    def queue_filter(self) -> QueueFilter:
        return self.queue.queue_filter()

    def refresh(self) -> None:
        """Reload the permission, the queue and the browser (in workers)."""
        self.run(loaders.permission_job(self.settings), "review permission", self._on_permission)
        self.refresh_queue()
        self.browser.refresh()
        self.playlists.refresh()

    def refresh_queue(self, *unused: object) -> None:
        self.queue.show_loading()
        self.run(
            loaders.queue_job(self.settings, self.queue_filter()), "review queue", self._on_queue
        )

    def open_version(self, record: VersionRecord) -> None:
        """Load `record` with its compare target, its product's notes and its decision."""
        approved_only = self.header.approved_only()
        current = self.selection
        shown = (current.record.id, current.approved_only) if current is not None else None
        if (record.id, approved_only) in (shown, self._wanted):
            return
        self._wanted = (record.id, approved_only)
        self.header.show_loading(record)
        self.run(
            loaders.open_job(self.settings, record, approved_only=approved_only),
            f"open {record.label}",
            self._on_opened,
        )

    def adopt(self, selection: loaders.Selection) -> None:
        """Show `selection` as open while the player already plays it (a playlist went on
        to it): the notes, decision bar and annotations follow; the player is not reloaded."""
        self._wanted = None
        self.banner.hide()
        self.show_selection(selection)
        self.version_opened.emit(selection)
        self.selection_changed.emit()

    def _queue_selection(self) -> list[int]:
        rows = sorted(index.row() for index in self.queue.view.selectionModel().selectedRows())
        return [r.id for r in map(self.queue.model.record, rows) if r is not None]

    def add_note(self, text: str, frame: int | None) -> None:
        self.writes.add_note(text, frame)

    def decide(self, decision: Decision, text: str, frame: int | None) -> None:
        self.writes.decide(decision, text, frame)

    def run(
        self,
        job: Job,
        name: str,
        finished: Callable[[Any], None],
        failed: Callable[[object], None] | None = None,
    ) -> None:
        """Run `job` in the pool; a failure shows as a load error unless `failed` is given."""
        self.pool.submit(job, name, finished=finished, failed=failed or self._on_failed)

    def shutdown(self) -> None:
        """Stop playback and let go of the proxies (the window is closing)."""
        self.player.clear()

    def open_selected_folder(self) -> QtWidgets.QMessageBox | None:
        """Show the version's folder; where no launcher can, a message offers its path."""
        record = self.selected_version()
        if record is None:
            return None
        return open_local(self, record.path, self.open_url)

    # ---- answers from the workers -------------------------------------------------------------

    def show_error(self, what: str, error: object) -> None:
        text = what + (" ".join(str(error).split()) or type(error).__name__)
        self.banner.show_error(text)
        self.message.emit(text)

    def _on_player_problem(self, text: str) -> None:
        self.show_error("Cannot play: ", text)

    def _on_failed(self, error: object) -> None:
        self.show_error("Could not load from the database: ", error)

    def _on_permission(self, permission: loaders.Permission) -> None:
        self.permission = permission
        self.decision.set_permission(permission.may_decide, LEAD_HINT.format(user=permission.user))

    def _on_queue(self, page: loaders.QueuePage) -> None:
        if page.queue_filter != self.queue_filter():
            return  # the filter changed meanwhile: its own answer is coming
        following, self.next_after_queue = self.next_after_queue, None
        keep = following or (self.selection.record if self.selection else None)
        self.queue.show_page(page, keep.id if keep is not None else None)
        if following is not None:
            self.open_version(following)
        elif self.selection is None and self._wanted is None and not page.records:
            self.player.clear()
        self.queue_loaded.emit(page)

    def _on_compare_toggle(self, approved_only: bool) -> None:
        if self.selection is not None:
            self.open_version(self.selection.record)

    def _on_opened(self, selection: loaders.Selection) -> None:
        if self._wanted != (selection.record.id, selection.approved_only):
            return  # another version was asked for meanwhile
        self._wanted = None
        self.banner.hide()
        self.show_selection(selection)
        self.decision.set_frame(None)  # until the player shows this version's first frame
        self.player.load(selection.record, selection.compare)
        self.version_opened.emit(selection)
        self.selection_changed.emit()

    def show_selection(self, selection: loaders.Selection | None) -> None:
        self.selection = selection
        self.header.show_selection(selection)
        self.decision.set_version(selection is not None)
        if selection is None:
            self.notes.set_notes([], None)
            self.side.show_version(None)
            self.decision.show_decision(None)
            self.decision.set_frame(None)
            return
        self.notes.set_notes(selection.notes, selection.record.id)
        self.side.show_version(selection.record)
        self.player.set_note_frames(selection.note_frames())
        self.decision.show_decision(selection.decision)

    def _on_frame(self, frame: int) -> None:
        timecode = self.selection.timecode(frame) if self.selection is not None else None
        self.decision.set_frame(frame, timecode)
