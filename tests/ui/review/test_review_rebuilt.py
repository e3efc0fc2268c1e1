"""The Review tab plays a version whose review media were rebuilt (the player reads the
proxy's path from the database): a version open during the rebuild keeps playing, and
opened again it plays the new proxy, frame for frame. Real publishes, SQLite and
PostgreSQL, offscreen Qt."""

from __future__ import annotations

import numpy as np
from pytestqt.qtbot import QtBot

from axiom_publisher.db import open_database
from axiom_publisher.publish.review_media import rebuild_review_media
from tests.ui.review import tab_fixtures
from tests.ui.review.player_fixtures import OFFSCREEN, decode_rgb, image_array
from tests.ui.review.tab_fixtures import FIRST, TIMEOUT, MakeTab, Published, goto, open_row

pytestmark = OFFSCREEN
published, make_tab = tab_fixtures.published, tab_fixtures.make_tab  # fixtures


def test_the_review_tab_plays_a_version_after_its_proxy_was_rebuilt(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    version = published.sh010_v2
    before = open_row(qtbot, tab, version)
    assert before.record.proxy == version.proxy
    goto(qtbot, tab, 1003)

    with open_database(published.settings.db_url) as database:
        outcome = rebuild_review_media(
            published.settings, database, version.id, reason="review test"
        )
    new_proxy = published.settings.publish_root / str(outcome.version.proxy)
    assert version.proxy is not None and not version.proxy.exists()

    goto(qtbot, tab, 1012)  # the open version keeps playing (its reader has the old file)
    frames = decode_rgb(new_proxy)  # the same pictures: the same published frames
    shown = image_array(tab.player.canvas.render_image(overlay=False))
    assert np.array_equal(shown, frames[1012 - FIRST])

    with qtbot.waitSignal(tab.queue_loaded, timeout=TIMEOUT):
        tab.refresh()
    open_row(qtbot, tab, published.sh020_v1)  # away, then back: the version opened again
    after = open_row(qtbot, tab, version)
    assert after.record.proxy == new_proxy and new_proxy.name.endswith("_proxy_r2.mp4")
    goto(qtbot, tab, 1020)
    shown = image_array(tab.player.canvas.render_image(overlay=False))
    assert np.array_equal(shown, frames[1020 - FIRST])
    assert "could not" not in tab.banner.text().lower()
