"""Helpers of the Review tab tests: a database with real publishes of small clips.

`proj` (160x90 at 24 fps) has shots sh010 and sh020 (cut 1001-1024, no handles). Two comps
of sh010 by `lena` (v002 cuts to another scene at shot frame 1009, so A and B differ) and
one of sh020 by `kim` are published through the real service, oldest first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
)
from axiom_publisher.media.synth import write_clip
from axiom_publisher.publish import catalog
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.ui.review.loaders import Selection
from axiom_publisher.ui.review.tab import ReviewTab
from axiom_publisher.ui.workers import WorkerPool
from tests.roots import publish_root

WIDTH, HEIGHT, FRAMES = 160, 90, 24
FIRST = 1001
CUT_AT = 8  # 0-based: v002 of sh010 shows another scene from shot frame 1009 on
LEAD, ARTIST = "ana", "bo"


TIMEOUT = 15_000


@dataclass(frozen=True)
class Published:
    settings: Settings
    sh010_v1: VersionRecord
    sh010_v2: VersionRecord
    sh020_v1: VersionRecord


def review_settings(url: str, root: Path, env: dict[str, str]) -> Settings:
    """Settings on `url` with AXIOM_REVIEW_LEADS=ana (set AXIOM_USER to choose who runs)."""
    return load_settings(
        dict(env, AXIOM_REVIEW_LEADS=LEAD), db_url=url, publish_root=publish_root(root)
    )


def publish_all(settings: Settings, media: Path) -> Published:
    with PublishService.open(settings) as service:
        spec = ProjectSpec("proj", "Proj", 24.0, WIDTH, HEIGHT, colorspace="sRGB", handles=0)
        catalog.create_project(service.database, spec)
        for shot in ("sh010", "sh020"):
            entity = EntitySpec("proj", shot, EntityKind.SHOT, cut_in=FIRST, cut_out=1024)
            catalog.create_entity(service.database, entity)

        def publish(shot: str, author: str, cut_at: int | None, comment: str) -> VersionRecord:
            clip = write_clip(
                media / f"{shot}_{author}_{cut_at}.mov",
                frames=FRAMES,
                width=WIDTH,
                height=HEIGHT,
                cut_at=cut_at,
            )
            item = PublishItem(
                context=PublishContext("proj", shot, "comp", "comp"),
                sources=(resolve_source(clip),),
                comment=comment,
                author=author,
            )
            return service.publish(item)

        first = publish("sh010", "lena", None, "first comp")
        second = publish("sh010", "lena", CUT_AT, "new background")
        other = publish("sh020", "kim", None, "sh020 comp")
    return Published(settings, first, second, other)


MakeTab = Callable[[Published], ReviewTab]


@pytest.fixture
def published(
    db_url: str, tmp_path: Path, axiom_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Published:
    monkeypatch.setenv("AXIOM_USER", LEAD)
    settings = review_settings(db_url, tmp_path / "publish", axiom_env)
    return publish_all(settings, tmp_path / "media")


@pytest.fixture
def make_tab(qtbot: QtBot) -> Iterator[MakeTab]:
    made: list[tuple[ReviewTab, WorkerPool]] = []

    def make(published: Published) -> ReviewTab:
        pool = WorkerPool()
        tab = ReviewTab(published.settings, pool)
        qtbot.addWidget(tab)
        tab.resize(1500, 800)
        tab.show()
        made.append((tab, pool))
        with qtbot.waitSignal(tab.queue_loaded, timeout=TIMEOUT):
            tab.refresh()
        qtbot.waitUntil(lambda: tab.permission is not None, timeout=TIMEOUT)
        return tab

    yield make
    for tab, pool in made:
        tab.shutdown()
        assert pool.wait(TIMEOUT)


def open_row(qtbot: QtBot, tab: ReviewTab, record: VersionRecord) -> Selection:
    """Click the version's row in the queue; wait until it is open and its first frame shown."""
    row = tab.queue.model.row_of(record.id)
    assert row >= 0
    view = tab.queue.view
    rect = view.visualRect(tab.queue.model.index(row, 1))
    with (
        qtbot.waitSignal(tab.player.frame_changed, timeout=TIMEOUT),
        qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT) as opened,
    ):
        qtbot.mouseClick(view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    selection = opened.args[0]
    assert isinstance(selection, Selection) and selection.record.id == record.id
    return selection


def goto(qtbot: QtBot, tab: ReviewTab, frame: int, action: object = None) -> None:
    with qtbot.waitSignal(
        tab.player.frame_changed, timeout=TIMEOUT, check_params_cb=lambda shown: shown == frame
    ):
        if action is None:
            tab.player.seek_frame(frame)
        else:
            assert callable(action)
            action()
