"""The Playlists panel of the Review tab: shared playlists, their versions, and Play.

Everyone sees every playlist (name, owner, date, count). A new one is made of the queue's
selected rows; versions dragged in from the queue are added where they are dropped; the
list is reordered by dragging, a version removed with Remove (or Delete), a playlist renamed
by editing its name. Only its owner or a lead edits it: the publish layer refuses the
others, and the refusal shows in red under the list while the stored order comes back.
Every read and write is a WorkerPool job (playlist_jobs), never a query here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.playlist import Playlist
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.review import playlist_jobs as jobs
from axiom_publisher.ui.review.queue import VERSION_IDS_MIME, short_time
from axiom_publisher.ui.workers import WorkerPool

ID_ROLE = QtCore.Qt.ItemDataRole.UserRole
REFUSED_STYLE = "color: #ff6b5e; font-weight: bold;"
NAME, OWNER, DATE, COUNT = range(4)


def version_text(record: VersionRecord) -> str:
    return f"{record.entity}  {record.product} {record.label}  \u00b7  {record.author}"


def dropped_ids(data: QtCore.QMimeData) -> list[int]:
    raw = bytes(data.data(VERSION_IDS_MIME).data()).decode()
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]


class VersionList(QtWidgets.QListWidget):
    """The versions of the open playlist: reorder by dragging, take version ids dropped in."""

    reordered = QtCore.Signal()
    dropped = QtCore.Signal(object, int)  # version ids, the row they were dropped at

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(QtCore.Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)

    def ids(self) -> list[int]:
        return [int(self.item(row).data(ID_ROLE)) for row in range(self.count())]

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasFormat(VERSION_IDS_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasFormat(VERSION_IDS_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QtGui.QDropEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasFormat(VERSION_IDS_MIME):
            row = self.indexAt(event.position().toPoint()).row()
            event.acceptProposedAction()
            self.dropped.emit(dropped_ids(event.mimeData()), row if row >= 0 else self.count())
            return
        before = self.ids()
        super().dropEvent(event)
        if self.ids() != before:
            self.reordered.emit()


class PlaylistsPanel(QtWidgets.QWidget):
    """Lists the playlists; edits the selected one in workers; `play_requested` to play."""

    play_requested = QtCore.Signal(object, int)  # playlist_jobs.Opened, position to start at
    changed = QtCore.Signal(object)  # playlist_jobs.Opened: stored (written or read back)
    refused = QtCore.Signal(str)  # a write refused (not the owner nor a lead) or failed
    listed = QtCore.Signal(object)  # list[Playlist]

    def __init__(
        self, settings: Settings, pool: WorkerPool, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings, self.pool = settings, pool
        self.selected_ids: Callable[[], list[int]] = list  # the tab gives the queue's
        # (project, shot) of the queue's filter, for the queries (the tab gives them)
        self.scope: Callable[[], tuple[str | None, str | None]] = lambda: (None, None)
        self.current: jobs.Opened | None = None
        self.name = QtWidgets.QLineEdit()
        self.name.setPlaceholderText("New playlist name, e.g. Dailies Tuesday")
        self.create_button = QtWidgets.QPushButton("From queue")
        self.create_button.setToolTip(
            "A new playlist of the rows selected in the queue (Ctrl-click)"
        )
        self.query_button = QtWidgets.QToolButton()
        self.query_button.setText("From query")
        self.query_button.setToolTip("A new playlist of what a query finds")
        self.query_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        queries = QtWidgets.QMenu(self.query_button)
        self.waiting_action = queries.addAction("Everything waiting for review (queue filter)")
        self.latest_action = queries.addAction("Latest version of each shot (filter's project)")
        self.query_button.setMenu(queries)
        self.lists = QtWidgets.QTreeWidget()
        self.lists.setHeaderLabels(["Playlist", "Owner", "Date", "#"])
        self.lists.setRootIsDecorated(False)
        self.lists.setEditTriggers(
            QtWidgets.QAbstractItemView.EditTrigger.DoubleClicked
            | QtWidgets.QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.items = VersionList()
        self.play_button = QtWidgets.QPushButton("\u25b6 Play")
        self.play_button.setToolTip("Play the playlist through from the selected version")
        self.remove_button = QtWidgets.QPushButton("Remove")
        self.remove_button.setToolTip("Take the selected versions out of the playlist (Delete)")
        self.delete_button = QtWidgets.QPushButton("Delete")
        self.delete_button.setToolTip("Delete the playlist (its owner or a lead)")
        self.refusal = QtWidgets.QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(REFUSED_STYLE)
        self.refusal.hide()
        self._build()
        self._connect()
        # Like the queue above it: an explicit minimum, so a small window squeezes the column
        # instead of growing wider than the screen.
        self.setMinimumSize(200, 160)

    def _build(self) -> None:
        title = QtWidgets.QLabel("<b>Playlists</b>")
        new_row = QtWidgets.QHBoxLayout()
        new_row.addWidget(self.name, 1)
        new_row.addWidget(self.create_button)
        new_row.addWidget(self.query_button)
        buttons = QtWidgets.QHBoxLayout()
        for button in (self.play_button, self.remove_button, self.delete_button):
            buttons.addWidget(button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 8)
        layout.addWidget(title)
        layout.addLayout(new_row)
        layout.addWidget(self.lists, 2)
        layout.addWidget(self.items, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.refusal)
        header = self.lists.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for column in (OWNER, DATE, COUNT):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)

    def _connect(self) -> None:
        self.create_button.clicked.connect(self.create_from_selection)
        self.waiting_action.triggered.connect(lambda: self.create_from_query("waiting"))
        self.latest_action.triggered.connect(lambda: self.create_from_query("latest"))
        self.lists.currentItemChanged.connect(self._on_current)
        self.lists.itemChanged.connect(self._on_renamed)
        self.items.reordered.connect(lambda: self._write_order(self.items.ids()))
        self.items.dropped.connect(self.add_versions)
        self.items.itemDoubleClicked.connect(lambda item: self._play(self.items.row(item)))
        self.play_button.clicked.connect(lambda: self._play(max(self.items.currentRow(), 0)))
        self.remove_button.clicked.connect(self.remove_selected)
        self.delete_button.clicked.connect(self.delete_current)
        QtWidgets.QShortcut(
            QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Delete),
            self.items,
            self.remove_selected,
            context=QtCore.Qt.ShortcutContext.WidgetShortcut,
        )

    # ---- public API ---------------------------------------------------------------------

    def refresh(self) -> None:
        self._run(jobs.list_job(self.settings), "list playlists", self._on_listed)

    def open_playlist(self, playlist_id: int) -> None:
        self._run(jobs.open_job(self.settings, playlist_id), "open playlist", self._show)

    def create_from_selection(self) -> None:
        name = self.name.text().strip() or "Dailies"
        ids = self.selected_ids()
        if not ids:
            self._refuse("Select versions in the queue first (Ctrl-click for several)")
            return
        self._write(jobs.create_job(self.settings, name, ids), "create playlist")

    def create_from_query(self, query: str) -> None:
        """`waiting` or `latest` (see playlist_jobs.query_job), in the queue filter's scope."""
        name = self.name.text().strip() or "Dailies"
        project, shot = self.scope()
        job = jobs.query_job(self.settings, name, query, project, shot)
        self._write(job, "create playlist")

    def add_versions(self, version_ids: Sequence[int], row: int) -> None:
        if self.current is None:
            self._refuse("Choose or make a playlist first, then drop versions on it")
            return
        ids = [vid for vid in self.items.ids() if vid not in version_ids]
        kept_before = sum(1 for vid in self.items.ids()[:row] if vid not in version_ids)
        ids[kept_before:kept_before] = list(dict.fromkeys(version_ids))
        self._write_order(ids)

    def remove_selected(self) -> None:
        gone = {int(item.data(ID_ROLE)) for item in self.items.selectedItems()}
        if self.current is not None and gone:
            self._write_order([vid for vid in self.items.ids() if vid not in gone])

    def delete_current(self) -> None:
        if self.current is not None:
            job = jobs.delete_job(self.settings, self.current.playlist.id)
            self._run(job, "delete playlist", self._on_deleted, self._on_refused)

    # ---- workers --------------------------------------------------------------------------

    def _run(
        self,
        job: Callable[..., object],
        name: str,
        finished: Callable[[Any], None],
        failed: Callable[[object], None] | None = None,
    ) -> None:
        self.pool.submit(job, name, finished=finished, failed=failed or self._on_refused)

    def _write(self, job: Callable[..., object], name: str) -> None:
        self._run(job, name, self._on_written, self._on_refused)

    def _write_order(self, version_ids: Sequence[int]) -> None:
        if self.current is not None:
            job = jobs.set_versions_job(self.settings, self.current.playlist.id, version_ids)
            self._write(job, "change playlist")

    def _on_written(self, opened: jobs.Opened) -> None:
        self.refusal.hide()
        self._show(opened)
        self.refresh()

    def _on_refused(self, error: object) -> None:
        self._refuse(f"Not changed: {error}")
        if self.current is not None:  # the stored order and name come back
            self.open_playlist(self.current.playlist.id)
        self.refresh()

    def _refuse(self, text: str) -> None:
        self.refusal.setText(" ".join(text.split()))
        self.refusal.show()
        self.refused.emit(text)

    def _on_deleted(self, playlist_id: int) -> None:
        self.refusal.hide()
        self.current = None
        self.items.clear()
        self.refresh()

    def _on_listed(self, found: list[Playlist]) -> None:
        keep = self.current.playlist.id if self.current is not None else None
        self.lists.blockSignals(True)
        self.lists.clear()
        for playlist in found:
            when = short_time(playlist.created_at)
            texts = [playlist.name, playlist.owner, when, str(len(playlist.version_ids))]
            item = QtWidgets.QTreeWidgetItem(texts)
            item.setData(NAME, ID_ROLE, playlist.id)
            item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(NAME, f"{playlist.name}: {playlist.owner}'s (double-click to rename)")
            self.lists.addTopLevelItem(item)
            if playlist.id == keep:
                self.lists.setCurrentItem(item)
        self.lists.blockSignals(False)
        self.listed.emit(found)

    def _on_current(self, item: QtWidgets.QTreeWidgetItem | None, *unused: object) -> None:
        if item is not None:
            self.open_playlist(int(item.data(NAME, ID_ROLE)))

    def _on_renamed(self, item: QtWidgets.QTreeWidgetItem, column: int) -> None:
        if column == NAME:
            playlist_id = int(item.data(NAME, ID_ROLE))
            self._write(jobs.rename_job(self.settings, playlist_id, item.text(NAME)), "rename")

    def _show(self, opened: jobs.Opened) -> None:
        self.current = opened
        self.items.clear()
        for record in opened.records:
            item = QtWidgets.QListWidgetItem(version_text(record))
            item.setData(ID_ROLE, record.id)
            item.setFlags(item.flags() & ~QtCore.Qt.ItemFlag.ItemIsDropEnabled)
            self.items.addItem(item)
        self.changed.emit(opened)

    def _play(self, position: int) -> None:
        if self.current is not None and self.current.records:
            self.play_requested.emit(self.current, min(position, len(self.current.records) - 1))
