"""The watched drop folder with a fake clock (`now`): settle, restart, late files, crashes."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from axiom_publisher.config import Settings
from axiom_publisher.core.ingest import Outcome
from axiom_publisher.core.types import EntityKind, EntitySpec
from axiom_publisher.db.ingest import start_ingest_run
from axiom_publisher.media.synth import write_clip
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.ingest import WatchStatus, list_runs, watch_once
from axiom_publisher.publish.ingest.watch import deliveries, fingerprint


@pytest.fixture
def drop(settings: Settings, tmp_path: Path) -> Path:
    with open_catalog_database(settings) as database:
        for code in ("ab010", "ab020", "ab030"):
            catalog.create_entity(database, EntitySpec("proj", code, EntityKind.SHOT))
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


def _clip(path: Path, frames: int) -> None:
    write_clip(path, frames=frames, width=64, height=36)


def test_a_delivery_is_ingested_once_settled_and_never_twice(
    settings: Settings, drop: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state" / "ingest-watch.json"
    delivery = drop / "vendor_0412"
    _clip(delivery / "ab010_plate.mov", 3)

    def look(now: float) -> tuple[WatchStatus, float]:
        (event,) = watch_once(settings, drop, "proj", settle=60, now=now, state_file=state)
        assert event.delivery == delivery
        return event.status, event.wait

    assert look(1000) == (WatchStatus.WAITING, 60)
    assert look(1030) == (WatchStatus.WAITING, 30)
    _clip(delivery / "ab020_plate.mov", 4)  # still being written: the clock starts again
    assert look(1050) == (WatchStatus.WAITING, 60)
    assert look(1109) == (WatchStatus.WAITING, 1)
    assert list_runs(settings) == []

    (event,) = watch_once(settings, drop, "proj", settle=60, now=1110, state_file=state)
    assert event.status is WatchStatus.INGESTED and event.run is not None
    assert (event.run.published, event.run.fingerprint) == (2, event.fingerprint)
    assert event.run.summary_path is not None and event.run.summary_path.parent == delivery
    assert fingerprint(delivery)[0] == event.fingerprint  # its own summary is not a change

    assert look(1111) == (WatchStatus.DONE, 0)
    state.unlink()  # a restart that lost the data folder still knows from the database
    assert look(5000) == (WatchStatus.DONE, 0)
    assert len(list_runs(settings)) == 1

    _clip(delivery / "late" / "ab030_plate.mov", 5)  # a late file: only it is published
    assert look(6000) == (WatchStatus.WAITING, 60)
    (late,) = watch_once(settings, drop, "proj", settle=60, now=6060, state_file=state)
    assert late.run is not None
    assert [r.outcome for r in late.run.results] == [
        Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.PUBLISHED,
    ]  # fmt: skip


def test_a_crashed_run_does_not_count_and_settle_zero_ingests_at_once(
    settings: Settings, drop: Path, tmp_path: Path
) -> None:
    _clip(drop / "ab010_plate.mov", 3)
    assert deliveries(drop) == [drop]  # no sub-folders: the drop folder is the delivery
    print_, files = fingerprint(drop)
    assert files == 1
    with open_catalog_database(settings) as database:
        database.run(
            lambda s: start_ingest_run(
                s, "proj", str(drop), "crashed", datetime.now(timezone.utc),
                {"fingerprint": print_, "results": []},
            )
        )  # fmt: skip
    (event,) = watch_once(settings, drop, "proj", settle=0, state_file=tmp_path / "s.json")
    assert event.status is WatchStatus.INGESTED and event.run is not None
    assert event.run.published == 1
    (event,) = watch_once(settings, drop, "proj", settle=0, state_file=tmp_path / "s.json")
    assert event.status is WatchStatus.DONE

    empty = drop / "incoming"
    empty.mkdir()
    events = watch_once(settings, drop, "proj", settle=0, state_file=tmp_path / "s.json")
    assert [(e.delivery, e.status) for e in events] == [(empty, WatchStatus.EMPTY)]
