"""The publish service: progress, and cancel or failure after the reservation leave nothing
half done."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import CancelledError, SourceChangedError
from axiom_publisher.core.types import (
    ProgressEvent,
    PublishContext,
    PublishItem,
    VersionStatus,
)
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source


def _item(source: Path | str, product: str = "plate") -> PublishItem:
    return PublishItem(PublishContext("proj", "sh010", "main", product), (resolve_source(source),))


def _versions(settings: Settings) -> list[tuple[int, VersionStatus, str | None]]:
    with open_catalog_database(settings) as database:
        return [
            (v.number, v.status, v.failed_reason) for v in catalog.list_versions(database, settings)
        ]


def _leftovers(settings: Settings) -> list[str]:
    return sorted(
        str(p.relative_to(settings.publish_root))
        for p in settings.publish_root.rglob("*")
        if p.is_dir()
    )


@pytest.fixture
def sequence(tmp_path: Path) -> Path:
    write_sequence(tmp_path / "src", "plate", 1001, 1008, width=64, height=36)
    return tmp_path / "src" / "plate.####.png"


def test_progress_goes_through_every_phase_in_order(settings: Settings, sequence: Path) -> None:
    events: list[ProgressEvent] = []
    with PublishService.open(settings) as service:
        record = service.publish(_item(sequence), events.append)
    phases = [event.phase for event in events]
    assert phases == sorted(phases, key=["analyze", "reserve", "stage", "commit"].index)
    assert [e for e in events if e.phase == "analyze"][-1] == ProgressEvent(
        "analyze", 8, 8, "plate.####.png"
    )
    assert [e.done for e in events if e.phase == "analyze"] == list(range(9)), "one a frame"
    assert [e.done for e in events if e.phase == "stage"] == list(range(9))
    assert events[-1].message == "published v001"
    assert record.status is VersionStatus.PUBLISHED


@pytest.mark.parametrize("phase", ["analyze", "stage", "commit"])
def test_cancel_leaves_nothing_published_and_no_staging(
    settings: Settings, sequence: Path, phase: str
) -> None:
    cancel = CancelToken()

    def progress(event: ProgressEvent) -> None:
        if event.phase == phase and event.done == (0 if phase == "commit" else 3):
            cancel.cancel()

    with PublishService.open(settings) as service, pytest.raises(CancelledError):
        service.publish(_item(sequence), progress, cancel)
    versions = _versions(settings)
    if phase == "analyze":
        assert versions == [], "cancelled before the reservation: no number is used"
    else:
        assert versions == [(1, VersionStatus.FAILED, "cancelled by the user")]
    assert not [d for d in _leftovers(settings) if "staging" in d or d.endswith("v001")]
    with PublishService.open(settings) as service:
        again = service.publish(_item(sequence))
    assert again.number == (1 if phase == "analyze" else 2)
    assert again.status is VersionStatus.PUBLISHED


def test_a_source_changed_after_analysis_fails_the_version(
    settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "scene.bin"
    source.write_bytes(os.urandom(10000))

    def progress(event: ProgressEvent) -> None:
        if event.phase == "reserve" and event.done == 1:
            source.write_bytes(os.urandom(10000))  # an artist saves over it mid-publish

    with PublishService.open(settings) as service, pytest.raises(SourceChangedError) as caught:
        service.publish(_item(source, "scene"), progress)
    assert str(source) in str(caught.value)
    [(number, status, reason)] = _versions(settings)
    assert (number, status) == (1, VersionStatus.FAILED)
    assert reason is not None and "SourceChangedError" in reason
    assert not [d for d in _leftovers(settings) if "staging" in d or d.endswith("v001")]


def test_a_failed_version_number_is_never_reused(settings: Settings, tmp_path: Path) -> None:
    source = tmp_path / "a.bin"
    source.write_bytes(b"a")
    cancel = CancelToken()
    with PublishService.open(settings) as service:
        with pytest.raises(CancelledError):
            service.publish(
                _item(source), lambda e: cancel.cancel() if e.phase == "stage" else None, cancel
            )
        assert service.publish(_item(source)).label == "v002"
    assert [(n, s) for n, s, _ in _versions(settings)] == [
        (1, VersionStatus.FAILED),
        (2, VersionStatus.PUBLISHED),
    ]


def test_publish_reuses_an_inspection_without_decoding_again(
    settings: Settings, sequence: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    item = _item(sequence)
    with PublishService.open(settings) as service:
        inspection = service.inspect(item, scratch)
        assert inspection.primary.outputs.proxy is not None
        assert inspection.primary.outputs.proxy.parent == scratch
        events: list[ProgressEvent] = []
        record = service.publish(item, events.append, inspection=inspection)
    assert "analyze" not in {event.phase for event in events}, "no second decode"
    assert record.status is VersionStatus.PUBLISHED
    assert record.proxy is not None and record.proxy.is_file()
    assert record.content_hash == inspection.primary.content_hash
