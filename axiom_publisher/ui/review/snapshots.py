"""Screenshots of the Review tab for the README (called by ui/snapshot.py).

On a main window over the demo database (v001..v003 of every product), this publishes one
more comp of sh010 whose second half is another scene (so that wipe and difference show
something), writes frame notes and a decision through publish.review as a lead and an
artist would, then grabs: review_queue.png (the queue and the player), review_wipe.png,
review_difference.png, review_notes.png (the player and the notes, one clicked),
review_qc.png (the QC page, a flagged check clicked), review_info.png (the Info page) and
review_drawing.png (strokes on a frame, a tool in hand), review_playlist.png (a playlist
playing through).
Every grab waits until the player shows its frame (never "Loading…").
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.annotation import Stroke, Tool
from axiom_publisher.core.review import Decision
from axiom_publisher.core.types import PublishContext, PublishItem, VersionRecord
from axiom_publisher.media.synth import write_clip
from axiom_publisher.publish import review
from axiom_publisher.publish.review.annotation import save_frame
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.ui.review.compare import CompareMode
from axiom_publisher.ui.review.playlist_snapshot import grab_playlist
from axiom_publisher.ui.review.side import INFO_PAGE, NOTES_PAGE, QC_PAGE
from axiom_publisher.ui.review.sources import QUEUE

if TYPE_CHECKING:
    from axiom_publisher.ui.main_window import MainWindow
    from axiom_publisher.ui.review.tab import ReviewTab

SHOT_SIZE = (1600, 900)  # the player's transport wants ~760 px between queue and notes
CONTEXT = PublishContext("demo", "sh010", "comp", "comp")
NEW_SCENE_AT = 14  # 0-based index of the clip's hard cut (shot frame 1011)
COMPARE_FRAME = 1016  # after the cut: A shows the new scene, B the old one
NOTE_FRAME = 1013


def _wait(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the Review tab did not settle within {timeout:g} s")
        loop = QtCore.QEventLoop()
        QtCore.QTimer.singleShot(20, loop.quit)
        loop.exec_()


def _pass_events(milliseconds: int = 50) -> None:
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(milliseconds, loop.quit)
    loop.exec_()


def _grab(
    widget: QtWidgets.QWidget,
    path: Path,
    log: Callable[[str], None],
    area: QtCore.QRect | None = None,
) -> Path:
    _pass_events()  # the layouts and their zero-timers (rows fitted to their text) settle
    picture = widget.grab(area) if area is not None else widget.grab()
    if not picture.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    log(str(path))
    return path


def publish_new_comp(window: MainWindow) -> VersionRecord:
    """A new comp of sh010 by an artist: the background changes from frame 1011 on."""
    with tempfile.TemporaryDirectory(prefix="axiom-review-shots-") as scratch:
        clip = write_clip(Path(scratch) / "sh010_comp.mp4", frames=32, cut_at=NEW_SCENE_AT)
        item = PublishItem(
            context=CONTEXT,
            sources=(resolve_source(clip),),
            comment="new background plate from 1011, grain matched",
            author="lena",
            host="nuke",
        )
        with PublishService.open(window.settings) as service:
            return service.publish(item)


def write_notes(window: MainWindow, new: VersionRecord) -> None:
    """Notes and a decision on the previous comp, and two notes on the new one."""
    settings = window.settings
    previous = review.compare_target(settings, new.id)
    if previous is not None:
        review.add_note(settings, previous.id, "grain too strong in the sky", 1003, "kim")
        review.decide(
            settings,
            previous.id,
            Decision.NEEDS_CHANGES,
            "match the grain to the plate, then swap the background",
            1008,
        )
    review.add_note(settings, new.id, "the cut lands one frame late", NOTE_FRAME, "kim")
    review.add_note(settings, new.id, "edges of the roto chatter here", COMPARE_FRAME, "lena")
    strokes = [
        Stroke(Tool.ELLIPSE, ((0.52, 0.28), (0.8, 0.72)), "#ffd020", 0.006),
        Stroke(Tool.ARROW, ((0.25, 0.85), (0.5, 0.62)), "#ffd020", 0.006),
        Stroke(Tool.TEXT, ((0.08, 0.93),), "#ffd020", 0.01, "roto edge chatters"),
    ]
    save_frame(settings, new.id, COMPARE_FRAME, strokes, author="lena")


def render_review_snapshots(
    window: MainWindow, outdir: Path, log: Callable[[str], None] = print
) -> list[Path]:
    """Write review_queue.png, review_wipe.png, review_difference.png, review_notes.png,
    review_qc.png and review_info.png."""
    tab = window.review
    new = publish_new_comp(window)
    write_notes(window, new)
    size = window.size()
    window.resize(*SHOT_SIZE)
    window.tabs.setCurrentWidget(tab)
    tab.set_mode(QUEUE)
    tab.refresh()
    _wait(lambda: tab.queue.model.row_of(new.id) >= 0 and not window.pool.running)
    tab.queue.select(new.id)
    _wait(lambda: tab.selection is not None and tab.selection.record.id == new.id)
    player = tab.player
    _wait(lambda: player.settled)
    player.set_mode(CompareMode.A)
    player.seek_frame(NOTE_FRAME)
    _wait(lambda: player.current_frame() == NOTE_FRAME and not window.pool.running)
    outdir.mkdir(parents=True, exist_ok=True)
    written = [_grab(window, outdir / "review_queue.png", log)]

    player.seek_frame(COMPARE_FRAME)
    _wait(lambda: player.current_frame() == COMPARE_FRAME)
    for mode, name in ((CompareMode.WIPE, "review_wipe.png"),
                       (CompareMode.DIFFERENCE, "review_difference.png")):  # fmt: skip
        player.set_mode(mode)
        player.canvas.set_wipe(0.5)
        written.append(_grab(window, outdir / name, log))

    player.set_mode(CompareMode.A)
    notes = tab.notes
    row = next(
        (row for row, note in enumerate(notes.model.rows) if note.note.frame == NOTE_FRAME), 0
    )
    notes.view.setCurrentIndex(notes.index_of_row(row))
    notes.frame_requested.emit(NOTE_FRAME)  # what a click on the note does
    _wait(lambda: player.current_frame() == NOTE_FRAME)
    tab.decision.text.setPlainText("Cut timing fixed? Then this is good to go.")
    # The player and the notes beside it (the queue left out).
    left = tab.player.mapTo(tab, QtCore.QPoint(0, 0)).x() - 4
    area = QtCore.QRect(left, 0, tab.width() - left, tab.height())
    written.append(_grab(tab, outdir / "review_notes.png", log, area))
    tab.decision.clear_text()
    written += _grab_pages(tab, outdir, log, area)
    player.seek_frame(COMPARE_FRAME)
    _wait(lambda: player.current_frame() == COMPARE_FRAME and not window.pool.running)
    player.annotations.set_tool(Tool.PEN)
    written.append(_grab(tab, outdir / "review_drawing.png", log, area))
    player.annotations.set_tool(None)
    written.append(grab_playlist(tab, outdir, _wait, lambda w, path: _grab(w, path, log)))
    window.resize(size)
    return written


def _grab_pages(
    tab: ReviewTab, outdir: Path, log: Callable[[str], None], area: QtCore.QRect
) -> list[Path]:
    """The QC page (its first check with frames clicked: the player goes there) and the
    Info page, each beside the player; the Notes page is shown again after."""
    side, player = tab.side, tab.player
    side.pages.setCurrentIndex(QC_PAGE)
    row = next((row for row, check in enumerate(side.qc.model.checks) if check.frames), None)
    if row is not None:
        side.qc.table.selectRow(row)
        frame = min(side.qc.model.checks[row].frames)
        side.qc.frame_requested.emit(frame)  # what a click on the check does
        _wait(lambda: player.current_frame() == frame and player.settled)
    written = [_grab(tab, outdir / "review_qc.png", log, area)]
    side.pages.setCurrentIndex(INFO_PAGE)
    written.append(_grab(tab, outdir / "review_info.png", log, area))
    side.pages.setCurrentIndex(NOTES_PAGE)
    return written
