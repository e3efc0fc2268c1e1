"""The Review tab's annotations and the database: load on open, save as drawn, tie to notes.

Every change of the reviewer's strokes on a frame is saved at once in a worker (one save at a
time, the newest state of each frame wins), so nothing drawn is lost when another version is
opened. A note written at a frame takes the reviewer's untied strokes there. The timeline
marks the annotated frames beside the noted ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qtpy import QtCore

from axiom_publisher.core.annotation import Annotation, Stroke
from axiom_publisher.core.review import ReviewNote
from axiom_publisher.publish.review import annotation as service
from axiom_publisher.publish.review import current_user
from axiom_publisher.ui.review.loaders import Selection

if TYPE_CHECKING:
    from axiom_publisher.ui.review.tab import ReviewTab


class AnnotationLink(QtCore.QObject):
    """Keeps the player's AnnotationEditor and the database in step for `tab`."""

    saved = QtCore.Signal(int, int)  # version id, frame
    loaded = QtCore.Signal(int)  # version id
    tied = QtCore.Signal(int)  # how many strokes went with a note just written

    def __init__(self, tab: ReviewTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.editor = tab.player.annotations
        self.user = current_user(tab.settings)
        self._version: int | None = None
        self._pending: dict[tuple[int, int], list[Stroke]] = {}
        self._saving = False
        self._saving_key = (0, 0)
        tab.version_opened.connect(self._opened)
        tab.note_added.connect(self._note_added)
        self.editor.frame_edited.connect(self._edited)
        self.editor.changed.connect(self.mark_timeline)

    @property
    def idle(self) -> bool:
        """No save waiting or running."""
        return not self._saving and not self._pending

    def mark_timeline(self) -> None:
        selection = self.tab.selection
        notes = selection.note_frames() if selection is not None else []
        self.tab.player.set_note_frames(sorted(set(notes) | set(self.editor.frames())))

    def _opened(self, selection: Selection) -> None:
        version = selection.record.id
        self._version = version
        self.editor.load({}, {})
        settings, user = self.tab.settings, current_user(self.tab.settings)

        def job(*_args: Any) -> tuple[int, list[Annotation], str]:
            found = service.version_annotations(settings, version)
            return version, found, service.recorded_author(settings, user)

        # bound methods (not lambdas): Qt drops them when the tab is gone before a job ends
        self._run(job, "load annotations", self._loaded)

    def _loaded(self, result: tuple[int, list[Annotation], str]) -> None:
        version, found, recorded = result
        if version != self._version:
            return  # another version is open by now
        self.user = recorded  # whose strokes are the reviewer's (their login under roles)
        own: dict[int, list[Stroke]] = defaultdict(list)
        others: dict[int, list[Stroke]] = defaultdict(list)
        for annotation in found:
            mine = annotation.author == self.user
            (own if mine else others)[annotation.frame].append(annotation.stroke)
        self.editor.load(dict(own), dict(others))
        self.loaded.emit(version)

    def _edited(self, frame: int, strokes: list[Stroke]) -> None:
        if self._version is None:
            return
        self._pending[(self._version, frame)] = list(strokes)
        self._save_next()

    def _save_next(self) -> None:
        if self._saving or not self._pending:
            return
        key = next(iter(self._pending))
        strokes = self._pending.pop(key)
        version, frame = key
        settings, user = self.tab.settings, self.user
        self._saving = True

        def job(*_args: Any) -> tuple[int, int]:
            service.save_frame(settings, version, frame, strokes, author=user)
            return key

        self._saving_key = key
        self._run(job, "save annotations", self._saved, self._save_failed)

    def _saved(self, key: tuple[int, int]) -> None:
        self._saving = False
        self.saved.emit(*key)
        self._save_next()

    def _save_failed(self, error: object) -> None:
        self._saving = False
        frame = self._saving_key[1]
        self.tab.message.emit(f"Annotations on frame {frame} were not saved: {error}")
        self._save_next()

    def _note_added(self, note: ReviewNote) -> None:
        self.mark_timeline()
        if note.frame is None or not self.editor.own.get(note.frame):
            return
        settings, user, frame = self.tab.settings, self.user, note.frame

        def job(*_args: Any) -> int:
            return service.attach_to_note(settings, note.version_id, frame, note.id, author=user)

        self._run(job, "tie annotations to the note", self._tied)

    def _tied(self, count: int) -> None:
        self.tied.emit(count)

    def _run(
        self,
        job: Callable[..., object],
        name: str,
        finished: Callable[[Any], None],
        failed: Callable[[object], None] | None = None,
    ) -> None:
        self.tab.pool.submit(job, name, finished=finished, failed=failed or self.tab._on_failed)
