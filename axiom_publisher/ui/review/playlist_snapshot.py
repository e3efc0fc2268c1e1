"""The README's screenshot of a playlist session (called by review/snapshots.py).

A playlist of the five newest demo versions waiting for review is made through publish.review as the
lead would, chosen in the Playlists panel and played through; review_playlist.png is
grabbed while the second version plays (the strip over the timeline lit on it, the decision
bar on it), then playback stops, the session ends and the version open before comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from axiom_publisher.publish.review import playlists
from axiom_publisher.ui.review.playlists_panel import ID_ROLE, NAME

if TYPE_CHECKING:
    from axiom_publisher.ui.review.tab import ReviewTab

Wait = Callable[[Callable[[], bool]], None]
Grab = Callable[..., Path]


def grab_playlist(tab: ReviewTab, outdir: Path, wait: Wait, grab: Grab) -> Path:
    before, frame = tab.selection, tab.player.current_frame()
    ids = playlists.waiting_versions(tab.settings, "demo")[-5:]  # the five newest
    made = playlists.create(tab.settings, "Dailies: newest waiting", ids)
    panel, session = tab.playlists, tab.playlist_session
    panel.refresh()
    wait(lambda: panel.lists.topLevelItemCount() > 0 and not tab.pool.running)
    rows = [panel.lists.topLevelItem(row) for row in range(panel.lists.topLevelItemCount())]
    item = next(i for i in rows if i is not None and int(i.data(NAME, ID_ROLE)) == made.id)
    panel.lists.setCurrentItem(item)
    wait(lambda: panel.current is not None and panel.current.playlist.id == made.id)
    panel.play_button.click()
    first = session.records[1].frame_range.first if session.records[1].frame_range else 1
    wait(
        lambda: (
            session.position == 1
            and tab.player.current_frame() >= first + 8
            and tab.selection is not None
            and tab.selection.record.id == session.records[1].id
        )
    )
    path = grab(tab, outdir / "review_playlist.png")
    tab.player.controller.pause()
    session.stop()
    if before is not None:  # the version (and frame) open before, as it was
        tab.open_version(before.record)
        wait(lambda: tab.selection is not None and tab.selection.record == before.record)
        wait(lambda: tab.player.settled and not tab.pool.running)
        tab.player.seek_frame(frame)
        wait(lambda: tab.player.current_frame() == frame and not tab.pool.running)
    return path
