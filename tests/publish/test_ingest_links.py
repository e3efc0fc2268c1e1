"""Ingest stays inside the delivery: links out of it and names with control characters are
refused items, listed with the reason and never read (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from axiom_publisher.config import Settings, parse_ingest_settings
from axiom_publisher.core.errors import BadInputError, ConfigError
from axiom_publisher.core.ingest import Outcome, assign
from axiom_publisher.core.types import EntityKind, EntitySpec, PublishContext
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.ingest import get_run, list_runs, run_ingest, scan_delivery
from axiom_publisher.publish.ingest.watch import WatchStatus, watch_once

W, H = 64, 36
SECRET = b"-----BEGIN OPENSSH PRIVATE KEY-----\nnot for the publish area\n"


def _shots(settings: Settings, *codes: str) -> None:
    with open_catalog_database(settings) as database:
        for code in codes:
            catalog.create_entity(database, EntitySpec("proj", code, EntityKind.SHOT))


def _published_bytes(settings: Settings) -> list[bytes]:
    with open_catalog_database(settings) as database:
        records = catalog.list_versions(database, settings, project="proj")
    return [Path(file.path).read_bytes() for record in records for file in record.files]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A delivery whose links lead out of it in every way, beside honest items."""
    outside = tmp_path / "wrangler"
    (outside / ".ssh").mkdir(parents=True)
    (outside / ".ssh" / "id_ed25519").write_bytes(SECRET)
    write_clip(outside / "elsewhere.mov", frames=3, width=W, height=H)
    write_sequence(outside / "plates", "ab005_plate", 1001, 1002, W, H, "png")
    root = tmp_path / "delivery"
    write_clip(root / "ab001_plate.mov", frames=2, width=W, height=H)
    write_clip(root / "real" / "ab006_source.mov", frames=4, width=W, height=H)
    os.symlink("/etc/passwd", root / "ab002_ref.txt")  # an absolute link out
    os.symlink("../wrangler/.ssh/id_ed25519", root / "ab003_ref.key")  # `..` out
    os.symlink(outside / "elsewhere.mov", root / ".hop")  # a chain: hidden hop, then out
    os.symlink(".hop", root / "ab004_plate.mov")
    os.symlink(outside / "plates", root / "linked")  # a folder link out
    os.symlink("real/../real/ab006_source.mov", root / "ab006_plate.mov")  # stays inside
    os.symlink(root / "real", root / "again")  # a folder link inside: not entered twice
    os.symlink(root / "missing.mov", root / "ab010_plate.mov")  # broken
    write_clip(root / "bad\nname_ab011_plate.mov", frames=2, width=W, height=H)
    write_clip(root / "tab\tdir" / "ab012_plate.mov", frames=2, width=W, height=H)
    return root


REFUSED = {
    "ab002_ref.txt": "outside the delivery",
    "ab003_ref.key": "outside the delivery",
    "ab004_plate.mov": "outside the delivery",
    "linked": "symbolic link to the folder",
    "ab010_plate.mov": "does not exist",
    "bad\\nname_ab011_plate.mov": "control character (\\n)",
    "tab\\tdir": "folder name holds a control character (\\t)",
}


def test_links_out_of_the_delivery_and_control_characters_are_refused(
    settings: Settings, hostile: Path
) -> None:
    _shots(settings, "ab001", "ab002", "ab003", "ab004", "ab005", "ab006", "ab010", "ab011")
    plan = scan_delivery(settings, hostile, "proj")
    by_name = {item.name: item for item in plan.items}
    refused = {item.name: item.reason for item in plan.refused}
    assert set(refused) == set(REFUSED)
    for name, words in REFUSED.items():
        assert words in refused[name], (name, refused[name])
        assert by_name[name].context is None
    assert f"/etc/passwd, outside the delivery {hostile}" in refused["ab002_ref.txt"]
    assert "wrangler/.ssh/id_ed25519" in refused["ab003_ref.key"]
    assert "elsewhere.mov" in refused["ab004_plate.mov"], "the chain is followed to its end"
    assert [item.name for item in plan.unmatched] == ["real/ab006_source.mov"]
    assert by_name["ab006_plate.mov"].context == PublishContext("proj", "ab006", "plate", "plate")
    assert not any(name.startswith(("again/", "linked/")) for name in by_name)
    with pytest.raises(BadInputError, match="refused"):
        assign(plan, by_name["ab002_ref.txt"].index, PublishContext("proj", "ab002", "p", "p"))

    run = run_ingest(settings, plan, workers=2)
    outcomes = {result.display: result.outcome for result in run.results}
    assert {name for name, o in outcomes.items() if o is Outcome.REFUSED} == set(REFUSED)
    assert {name for name, o in outcomes.items() if o is Outcome.PUBLISHED} == {
        "ab001_plate.mov",
        "ab006_plate.mov",
    }
    assert run.refused == len(REFUSED) and run.failed == 0
    published = _published_bytes(settings)
    assert published and not any(SECRET in data or b"root:" in data for data in published)

    assert run.summary_path is not None
    summary = json.loads(run.summary_path.read_text(encoding="utf-8"))
    assert summary["counts"]["refused"] == len(REFUSED)
    in_file = {r["display"]: r for r in summary["results"] if r["outcome"] == "refused"}
    assert set(in_file) == set(REFUSED)
    assert "outside the delivery" in in_file["ab003_ref.key"]["reason"]
    recorded = get_run(settings, run.id or 0)
    assert {r.display for r in recorded.results if r.outcome is Outcome.REFUSED} == set(REFUSED)
    assert [r.refused for r in list_runs(settings, "proj")] == [len(REFUSED)]


def test_links_into_an_allowed_tree_are_ingested(settings: Settings, tmp_path: Path) -> None:
    library = tmp_path / "library"
    write_clip(library / "ab007.mov", frames=3, width=W, height=H)
    write_sequence(library / "plates", "ab008_plate", 1001, 1002, W, H, "png")
    (tmp_path / "private.txt").write_bytes(SECRET)
    os.symlink(tmp_path / "private.txt", library / "plates" / "ab009_ref.txt")  # out again
    root = tmp_path / "delivery"
    root.mkdir()
    os.symlink(library / "ab007.mov", root / "ab007_plate.mov")
    os.symlink(library / "plates", root / "lib")
    _shots(settings, "ab007", "ab008", "ab009")

    plan = scan_delivery(settings, root, "proj")
    assert {item.name for item in plan.refused} == {"ab007_plate.mov", "lib"}

    ingest = dataclasses.replace(settings.ingest, allow_links_into=(library,))
    allowed = dataclasses.replace(settings, ingest=ingest)
    plan = scan_delivery(allowed, root, "proj")
    assert {item.name: item.reason for item in plan.refused}.keys() == {"lib/ab009_ref.txt"}
    assert {item.name for item in plan.matched} == {"ab007_plate.mov", "lib/ab008_plate.####.png"}
    run = run_ingest(allowed, plan, workers=1)
    assert (run.published, run.refused) == (2, 1)
    assert not any(SECRET in data for data in _published_bytes(settings))


def test_a_watched_delivery_that_links_out_of_the_drop_folder_is_refused(
    settings: Settings, tmp_path: Path
) -> None:
    drop, elsewhere = tmp_path / "drop", tmp_path / "home" / "wrangler"
    write_clip(elsewhere / "ab001_plate.mov", frames=2, width=W, height=H)
    drop.mkdir()
    os.symlink(elsewhere, drop / "vendor_0412")
    _shots(settings, "ab001")
    events = watch_once(settings, drop, "proj", settle=0, state_file=tmp_path / "state.json")
    assert [event.status for event in events] == [WatchStatus.REFUSED]
    assert f"{elsewhere}, outside the drop folder" in events[0].message
    assert list_runs(settings, "proj") == []
    assert _published_bytes(settings) == []


def test_allow_links_into_takes_absolute_paths_only() -> None:
    parsed = parse_ingest_settings({"allow_links_into": ["/mnt/library", "/srv/lib"]})
    assert parsed.allow_links_into == (Path("/mnt/library"), Path("/srv/lib"))
    assert parse_ingest_settings({}).allow_links_into == ()
    for bad, words in (
        ("/mnt/library", "must be a list"),
        (["library"], "not an absolute path"),
        (["/"], "anywhere"),
        ([5], "not a path"),
    ):
        with pytest.raises(ConfigError, match=words):
            parse_ingest_settings({"allow_links_into": bad})
