"""`verify` sees everything in the area and `--repair` restores what it can (issue 12, item 6):
entries added to a published version folder, a version folder made writable, a file
hard-linked into several versions (one problem, one repair, the link kept), and a staging
leftover that vanishes between the scan and its repair."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.types import PublishContext, PublishItem, VersionRecord
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.publish.verify import verify
from axiom_publisher.storage import QUARANTINE_NAME


def _publish(settings: Settings, source: Path, product: str = "plate") -> VersionRecord:
    with PublishService.open(settings) as service:
        return service.publish(
            PublishItem(PublishContext("proj", "sh010", "main", product), (resolve_source(source),))
        )


def _kinds(settings: Settings, *, repair: bool = False) -> list[tuple[str, str, bool]]:
    with open_catalog_database(settings) as database:
        report = verify(database, settings, repair=repair)
    return sorted((p.kind, p.path, p.repaired) for p in report.problems)


def test_extra_files_and_a_writable_version_folder_are_reported_and_repaired(
    settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes(os.urandom(2048))
    folder = _publish(settings, source).files[0].path.parent
    assert _kinds(settings) == []

    folder.chmod(0o755)
    added = folder / "hack.txt"
    added.write_text("not published")
    link = folder / "passwd"
    link.symlink_to("/etc/passwd")
    (folder / "more").mkdir()
    (folder / "more" / "inside.bin").write_bytes(b"x")

    found = _kinds(settings)
    assert found == sorted(
        [
            ("extra_file", str(added), False),
            ("extra_file", str(folder / "more"), False),
            ("extra_file", str(link), False),
            ("writable_folder", str(folder), False),
        ]
    )

    repaired = _kinds(settings, repair=True)
    assert all(was_repaired for _kind, _path, was_repaired in repaired), repaired
    assert {kind for kind, _path, _ in repaired} == {"extra_file", "writable_folder"}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o555
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in _publish_names(settings)
    )
    # Quarantined (never deleted), keeping the path relative to the root.
    relative = folder.relative_to(settings.publish_root)
    quarantine = settings.publish_root / QUARANTINE_NAME
    moved = {path.name: path for path in quarantine.glob(f"*/{relative}/*")}
    assert sorted(moved) == ["hack.txt", "more", "passwd"]
    assert moved["hack.txt"].read_text() == "not published"
    assert os.readlink(moved["passwd"]) == "/etc/passwd"  # the link itself, not its target
    assert (moved["more"] / "inside.bin").read_bytes() == b"x"
    assert Path("/etc/passwd").is_file()
    assert _kinds(settings) == []


def _publish_names(settings: Settings) -> list[Path]:
    with PublishService.open(settings) as service:
        return [file.path for file in service.version(1).files]


def test_a_file_hard_linked_into_two_versions_is_one_problem_and_one_repair(
    settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "plate.bin"
    source.write_bytes(os.urandom(4096))
    first = _publish(settings, source)
    second = _publish(settings, source)  # the same content: v002 links v001's file
    one, two = (next(f.path for f in r.files if f.path.suffix == ".bin") for r in (first, second))
    assert one.parent.name == "v001" and two.parent.name == "v002"
    assert os.stat(one).st_ino == os.stat(two).st_ino

    one.chmod(0o664)  # one file, two versions
    found = [(kind, path) for kind, path, _ in _kinds(settings)]
    assert found == [("writable", str(one))]

    repaired = _kinds(settings, repair=True)
    assert repaired == [("writable", str(one), True)]
    for path in (one, two):
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert os.stat(one).st_ino == os.stat(two).st_ino and os.stat(one).st_nlink == 2
    assert _kinds(settings) == [] and _kinds(settings, repair=True) == []

    # Changed content through one path is one problem too, and no repair touches it.
    one.chmod(0o644)
    with open(one, "r+b") as stream:
        stream.write(b"\0")
    found = [(kind, path) for kind, path, _ in _kinds(settings)]
    assert found == [("sha256", str(one)), ("writable", str(one))]
    assert [done for _k, _p, done in _kinds(settings, repair=True)] == [False, False]
    assert stat.S_IMODE(two.stat().st_mode) == 0o644  # kept, to restore the content
    one.write_bytes(source.read_bytes())
    one.chmod(0o444)
    assert _kinds(settings) == []

    # A link of v002's file added to v001 is an extra entry of v001 only: moving it to the
    # quarantine leaves v002's file (the same inode) where it is, read-only.
    os.chmod(one.parent, 0o755)
    os.link(two, one.parent / "copy.bin")
    os.chmod(one.parent, 0o555)
    assert [(k, p) for k, p, _ in _kinds(settings)] == [
        ("extra_file", str(one.parent / "copy.bin"))
    ]
    assert all(done for _k, _p, done in _kinds(settings, repair=True))
    assert two.is_file() and stat.S_IMODE(two.stat().st_mode) == 0o444
    assert _kinds(settings) == []


def test_a_staging_leftover_that_vanishes_before_its_repair_is_no_error(
    settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "plate.bin"
    source.write_bytes(os.urandom(1024))
    folder = _publish(settings, source).files[0].path.parent
    leftover = folder.parent / ".v002.axiom-staging-4242"
    leftover.mkdir()
    (leftover / "half.bin").write_bytes(b"half")
    assert [kind for kind, _p, _r in _kinds(settings)] == ["staging_leftover"]

    # Another process (the publish that owned it) removes it right after verify scanned
    # the area: a profile hook removes it when scan_area returns.
    def remove_after_scan(frame: FrameType, event: str, _arg: Any) -> None:
        if event == "return" and frame.f_code.co_name == "scan_area":
            shutil.rmtree(leftover, ignore_errors=True)

    sys.setprofile(remove_after_scan)
    try:
        with open_catalog_database(settings) as database:
            report = verify(database, settings, repair=True)
    finally:
        sys.setprofile(None)
    assert not leftover.exists()
    assert report.clean
    assert [(p.kind, p.repaired) for p in report.problems] == [("staging_leftover", True)]
    assert any("gone before the repair" in line for line in report.repairs), report.repairs
    assert _kinds(settings) == []
