"""Batch ingest on a real database (SQLite and PostgreSQL) with generated media."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

import pytest

from axiom_publisher.config import Settings
from axiom_publisher.config.ingest import IngestSettings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import BadInputError, CancelledError, SourceNotFoundError
from axiom_publisher.core.ingest import IngestRule, Outcome
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProgressEvent,
    PublishContext,
    VersionStatus,
)
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.ingest import (
    assign,
    get_run,
    list_runs,
    run_ingest,
    scan_delivery,
)
from tests.publish.ingest_delivery import SHOTS, Delivery, write_delivery


def _add_shots(settings: Settings, codes: list[str]) -> None:
    with open_catalog_database(settings) as database:
        for code in codes:
            catalog.create_entity(database, EntitySpec("proj", code, EntityKind.SHOT))


def _versions(settings: Settings) -> list[tuple[str, str, str, VersionStatus]]:
    with open_catalog_database(settings) as database:
        records = catalog.list_versions(database, settings, project="proj")
    return sorted((r.entity, r.product, r.label, r.status) for r in records)


@pytest.fixture
def delivery(settings: Settings, tmp_path: Path) -> Delivery:
    _add_shots(settings, SHOTS)
    return write_delivery(tmp_path / "delivery")


@pytest.mark.slow
def test_a_delivery_of_43_items_ingests_once_and_the_second_time_publishes_nothing(
    settings: Settings, delivery: Delivery
) -> None:
    plan = scan_delivery(settings, delivery.root, "proj")
    assert len(plan.items) == delivery.size >= 40
    names = {item.display: item for item in plan.items}
    assert sorted(item.display for item in plan.unmatched) == sorted(delivery.unmatched)
    reason = names["ab999_plate.mov"].reason
    assert reason.startswith("shot ab999 is not in project proj: create it")
    typed = r"rule '(?P<shot>[a-z]{2}\d{3})_(?P<product>plate|ref)' matched"  # the default
    assert typed in reason, "the pattern as typed in the config, not its repr"
    assert names["seq/ab150_plate.####.png"].source.missing_frames == (1002,)
    for name, shot in delivery.published.items():
        context = names[name].context
        assert context == PublishContext("proj", shot, "plate", "plate"), name
    assert names["zz_dupes/ab001_ref.mov"].context == PublishContext(
        "proj", "ab001", "plate", "ref"
    )

    events: list[ProgressEvent] = []
    run = run_ingest(settings, plan, workers=2, progress=events.append)
    outcome = {result.display: result for result in run.results}
    assert [r.index for r in run.results] == list(range(len(plan.items)))
    assert {n for n, r in outcome.items() if r.outcome is Outcome.PUBLISHED} == set(
        delivery.published
    )
    for name, original in delivery.duplicates.items():
        assert outcome[name].outcome is Outcome.DUPLICATE
        assert outcome[name].duplicate_of == outcome[original].version_id is not None
    for name, word in delivery.failed.items():
        assert outcome[name].outcome is Outcome.FAILED
        assert word in outcome[name].reason
    assert str(delivery.root / "ab099_plate.mov") in outcome["ab099_plate.mov"].reason
    for name in delivery.unmatched:
        assert outcome[name].outcome is Outcome.SKIPPED and outcome[name].reason
    assert (run.published, run.failed, run.skipped, run.duplicate) == (35, 2, 4, 2)
    assert ("ab001", "plate", "v001", VersionStatus.PUBLISHED) in _versions(settings)
    assert len(_versions(settings)) == 35
    assert {e.phase for e in events} == {"qc", "ingest"}
    assert events[-1] == ProgressEvent("ingest", 39, 39, "zz_dupes/ab101_ref.####.png")

    # recorded: in the database and beside the delivery
    assert run.id is not None and run.summary_path is not None
    summary = json.loads(run.summary_path.read_text(encoding="utf-8"))
    assert run.summary_path.parent == delivery.root
    assert run.summary_path.name.startswith(f"axiom-ingest-{run.id}-")
    assert summary["counts"] == {
        "published": 35, "failed": 2, "skipped": 4, "duplicate": 2, "planned": 0,
        "refused": 0,
    }  # fmt: skip
    stored = get_run(settings, run.id)
    assert stored.results == run.results
    assert (stored.published, stored.failed, stored.skipped, stored.duplicate) == (35, 2, 4, 2)
    assert stored.summary_path == run.summary_path and stored.ended_at is not None

    again = run_ingest(settings, scan_delivery(settings, delivery.root, "proj"))
    assert (again.published, again.failed, again.skipped, again.duplicate) == (0, 2, 4, 37)
    assert len(_versions(settings)) == 35
    assert [r.id for r in list_runs(settings, "proj")] == [again.id, run.id]
    assert list_runs(settings, "proj")[0].results == ()


def test_a_dry_run_writes_nothing(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_shots(settings, ["ab010", "ab020"])
    root = tmp_path / "delivery"
    write_clip(root / "ab010_plate.mov", frames=3, width=64, height=36)
    write_sequence(root, "ab020_plate", 1001, 1004, 64, 36, "png", skip=frozenset({1003}))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    before = sorted(root.rglob("*"))

    run = run_ingest(settings, scan_delivery(settings, root, "proj"), dry_run=True)
    assert [(r.display, r.outcome) for r in run.results] == [
        ("ab010_plate.mov", Outcome.PLANNED),
        ("ab020_plate.####.png", Outcome.FAILED),
    ]
    assert "missing_frames" in run.results[1].reason
    assert run.id is None and run.summary_path is None and run.dry_run
    assert _versions(settings) == [] and list_runs(settings) == []
    assert sorted(root.rglob("*")) == before
    assert list(scratch.iterdir()) == []
    assert not settings.publish_root.exists() or not any(settings.publish_root.rglob("*.mov"))


def test_manual_assignment_then_a_run_of_the_selected_item(
    settings: Settings, tmp_path: Path
) -> None:
    root = tmp_path / "delivery"
    write_clip(root / "vendor_take3.mov", frames=3, width=64, height=36)
    write_clip(root / "vendor_take4.mov", frames=4, width=64, height=36)
    plan = scan_delivery(settings, root, "proj")
    assert [item.context for item in plan.items] == [None, None]

    target = PublishContext("proj", "sh010", "plate", "main")
    assigned = assign(plan, 0, target)
    assert assigned.items[0].context == target and assigned.items[0].rule == "manual"
    assert plan.items[0].context is None  # assign is pure
    with pytest.raises(BadInputError):
        assign(plan, 5, target)
    with pytest.raises(BadInputError):
        assign(plan, 0, dataclasses.replace(target, project="other"))

    run = run_ingest(settings, assigned, selected=[0])
    first, second = run.results
    assert (first.outcome, first.version_label, first.context) == (
        Outcome.PUBLISHED,
        "v001",
        target,
    )
    assert (second.outcome, second.reason) == (Outcome.SKIPPED, "no naming rule matches (tried 1)")
    assert _versions(settings) == [("sh010", "main", "v001", VersionStatus.PUBLISHED)]
    with pytest.raises(BadInputError):
        run_ingest(settings, assigned, selected=[7])

    unselected = run_ingest(settings, assign(assigned, 1, target), selected=[0])
    assert unselected.results[1].reason == "not selected"


def test_rules_given_and_the_qc_policy_that_publishes_failures(
    settings: Settings, tmp_path: Path
) -> None:
    root = tmp_path / "delivery"
    write_sequence(root / "SH010" / "bg", "plate", 1, 4, 64, 36, "png", skip=frozenset({2}))
    rules = [IngestRule(r"^(?P<shot>SH\d{3})/(?P<product>\w+)/", task="comp")]
    plan = scan_delivery(settings, root, "proj", rules)
    assert plan.items[0].context == PublishContext("proj", "sh010", "comp", "bg")
    assert run_ingest(settings, plan).results[0].outcome is Outcome.FAILED

    lenient = dataclasses.replace(settings, ingest=IngestSettings(on_qc_fail="publish"))
    run = run_ingest(lenient, plan)
    assert run.results[0].outcome is Outcome.PUBLISHED
    with open_catalog_database(settings) as database:
        (record,) = catalog.list_versions(database, settings, project="proj")
    assert record.qc_override_reason == f"[ingest] on_qc_fail = publish (ingest run {run.id})"

    with pytest.raises(BadInputError, match="no named group"):
        scan_delivery(settings, root, "proj", [IngestRule(r"SH\d+")])
    with pytest.raises(SourceNotFoundError):
        scan_delivery(settings, root / "nope", "proj")


def test_a_cancel_stops_the_run_records_it_and_leaves_nothing_half_published(
    settings: Settings, tmp_path: Path
) -> None:
    _add_shots(settings, [f"ab{n:03d}" for n in range(1, 7)])
    root = tmp_path / "delivery"
    for number in range(1, 7):
        write_clip(root / f"ab{number:03d}_plate.mov", frames=2 + number, width=64, height=36)
    cancel = CancelToken()

    def progress(event: ProgressEvent) -> None:
        if event.phase == "ingest" and event.done == 2:
            cancel.cancel()

    plan = scan_delivery(settings, root, "proj")
    with pytest.raises(CancelledError, match="2 item\\(s\\) published before the cancel"):
        run_ingest(settings, plan, workers=1, progress=progress, cancel=cancel)
    assert [v[3] for v in _versions(settings)] == [VersionStatus.PUBLISHED] * 2
    (recorded,) = list_runs(settings)
    assert recorded.id is not None
    stored = get_run(settings, recorded.id)
    assert [r.outcome for r in stored.results] == [Outcome.PUBLISHED] * 2 + [Outcome.SKIPPED] * 4
    assert stored.results[-1].reason == "cancelled before it was published"
