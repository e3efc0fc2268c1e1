"""Ingest tab fixtures: a real database with a project, a generated delivery, and the tab.

Project `proj` (64x36 at 24 fps, sRGB, no handles) has shots ab010, ab020 and ab030 (cut
1001-1012). The naming rule is `(?P<shot>[a-z]{2}\\d{3})_(?P<product>plate|ref)`. The
delivery holds six items:

- `ab010/ab010_plate.####.png` 1001-1012: matches ab010 / plate / plate
- `ab020_plate.mov`: matches ab020 / plate / plate
- `ab030_plate.####.png` 1001-1012 without 1005: matches, fails QC (a missing frame)
- `refs/ab010_ref.mov`: matches ab010 / plate / ref, already published (a duplicate)
- `misc/mystery.mov`: no rule matches (assigned by hand in the tests)
- `zz999_plate.mov`: matches a shot the project does not have
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.config.ingest import IngestSettings
from axiom_publisher.core.ingest import IngestRule
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
)
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.ui.ingest.tab import IngestTab
from axiom_publisher.ui.workers import WorkerPool
from tests.roots import publish_root

W, H, FRAMES, FIRST, LAST = 64, 36, 12, 1001, 1012
RULE = IngestRule(r"(?P<shot>[a-z]{2}\d{3})_(?P<product>plate|ref)", task="plate")
SHOTS = ("ab010", "ab020", "ab030")
TIMEOUT = 30_000
SEQ_010 = "ab010/ab010_plate.####.png"
MOV_020 = "ab020_plate.mov"
SEQ_030 = "ab030_plate.####.png"
DUPLICATE = "refs/ab010_ref.mov"
MYSTERY = "misc/mystery.mov"
UNKNOWN_SHOT = "zz999_plate.mov"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform says so whenever a top-level widget is shown; not our warning.
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))


@dataclass(frozen=True)
class Delivery:
    settings: Settings
    root: Path
    published_ref: VersionRecord  # refs/ab010_ref.mov, published before the delivery came


def write_delivery(root: Path) -> None:
    """The six items above (clips differ by their cut, so none is another's copy)."""
    write_sequence(root / "ab010", "ab010_plate", FIRST, LAST, W, H)
    write_clip(root / MOV_020, frames=FRAMES, width=W, height=H, cut_at=3)
    write_sequence(root, "ab030_plate", FIRST, LAST, W, H, skip=frozenset({1005}))
    write_clip(root / DUPLICATE, frames=FRAMES, width=W, height=H, cut_at=5)
    write_clip(root / MYSTERY, frames=FRAMES, width=W, height=H, cut_at=7)
    write_clip(root / UNKNOWN_SHOT, frames=FRAMES, width=W, height=H, cut_at=9)


def make_delivery(url: str, tmp_path: Path, env: dict[str, str]) -> Delivery:
    settings = load_settings(env, db_url=url, publish_root=publish_root(tmp_path / "publish"))
    settings = dataclasses.replace(settings, ingest=IngestSettings(rules=(RULE,)))
    root = tmp_path / "delivery"
    write_delivery(root)
    with PublishService.open(settings) as service:
        spec = ProjectSpec("proj", "Proj", 24.0, W, H, colorspace="sRGB", handles=0)
        catalog.create_project(service.database, spec)
        for shot in SHOTS:
            entity = EntitySpec("proj", shot, EntityKind.SHOT, cut_in=FIRST, cut_out=LAST)
            catalog.create_entity(service.database, entity)
        item = PublishItem(
            PublishContext("proj", "ab010", "plate", "ref"),
            (resolve_source(root / DUPLICATE),),
            comment="sent last week",
            author="kim",
        )
        published = service.publish(item)
    return Delivery(settings, root, published)


@pytest.fixture
def delivery(db_url: str, tmp_path: Path, axiom_env: dict[str, str]) -> Delivery:
    return make_delivery(db_url, tmp_path, axiom_env)


MakeTab = Callable[[Delivery], IngestTab]


def settle(qtbot: QtBot, tab: IngestTab) -> None:
    """Until no job of the tab's pool runs and the context picker's chain of queries is over:
    a handler must never reach a widget deleted after the test."""
    qtbot.waitUntil(
        lambda: not tab.pool.running and not tab.picker.loading and not tab.busy,
        timeout=TIMEOUT,
    )


@pytest.fixture
def make_tab(qtbot: QtBot) -> Iterator[MakeTab]:
    made: list[tuple[IngestTab, WorkerPool]] = []

    def make(delivery: Delivery) -> IngestTab:
        pool = WorkerPool()
        tab = IngestTab(delivery.settings, pool)  # closed below once settled, not by qtbot
        tab.resize(1500, 850)
        tab.show()
        made.append((tab, pool))
        with qtbot.waitSignal(tab.rules_loaded, timeout=TIMEOUT):
            tab.refresh()
        qtbot.waitUntil(lambda: not pool.running, timeout=TIMEOUT)
        return tab

    yield make
    for tab, pool in made:
        settle(qtbot, tab)
        tab.shutdown()
        assert pool.wait(TIMEOUT)
        tab.close()
        tab.deleteLater()
