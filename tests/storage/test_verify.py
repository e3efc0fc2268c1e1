"""check_file, scan_area and quarantine on a real publish area."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from axiom_publisher.core.errors import PathOutsideRootError, SourceNotFoundError
from axiom_publisher.core.types import PublishContext
from axiom_publisher.storage import (
    QUARANTINE_NAME,
    AreaScan,
    PublishLayout,
    Stager,
    StagingFolder,
    check_file,
    make_read_only,
    quarantine,
    scan_area,
)
from tests.storage.helpers import sha256


def published_file(layout: PublishLayout, context: PublishContext, data: bytes) -> Path:
    folder = layout.version_folder(context, 1)
    with Stager(layout, folder, 1) as stager:
        stager.add_bytes(data, "plate_v001.exr")
        return stager.commit() / "plate_v001.exr"


def writable(path: Path) -> None:
    path.chmod(0o644)


def test_a_good_file_has_no_problem(layout: PublishLayout, context: PublishContext) -> None:
    path = published_file(layout, context, b"pixels" * 100)
    assert check_file(path, 600, sha256(b"pixels" * 100)) == []


def test_a_one_byte_change_with_the_same_size_is_found(
    layout: PublishLayout, context: PublishContext
) -> None:
    data = b"pixels" * 100
    path = published_file(layout, context, data)
    writable(path)
    path.write_bytes(data[:300] + b"X" + data[301:])
    make_read_only(path)
    problems = check_file(path, len(data), sha256(data), version_id=4)
    assert [p.kind for p in problems] == ["sha256"]
    assert problems[0].path == str(path) and problems[0].version_id == 4
    assert "changed since it was published" in problems[0].message


def test_a_truncation_is_found_by_size_without_hashing(
    layout: PublishLayout, context: PublishContext
) -> None:
    data = b"pixels" * 100
    path = published_file(layout, context, data)
    writable(path)
    with open(path, "r+b") as stream:
        stream.truncate(10)
    make_read_only(path)
    hashed: list[int] = []
    problems = check_file(path, len(data), sha256(data), on_bytes=hashed.append)
    assert [p.kind for p in problems] == ["size"]
    assert "10 bytes, 600" in problems[0].message
    assert hashed == []  # the cheap size check stopped it before any read


def test_a_deleted_file_is_missing(layout: PublishLayout, context: PublishContext) -> None:
    path = published_file(layout, context, b"data")
    path.unlink()
    problems = check_file(path, 4, sha256(b"data"))
    assert [(p.kind, p.path) for p in problems] == [("missing", str(path))]


def test_a_file_made_writable_again_is_found_and_repaired(
    layout: PublishLayout, context: PublishContext
) -> None:
    path = published_file(layout, context, b"data")
    for mode in (0o644, 0o464, 0o446, 0o600):
        path.chmod(mode)
        problems = check_file(path, 4, sha256(b"data"))
        assert [p.kind for p in problems] == ["writable"], oct(mode)
    make_read_only(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    assert check_file(path, 4, sha256(b"data")) == []


def test_a_file_replaced_by_a_folder_or_link_is_reported(
    layout: PublishLayout, context: PublishContext, tmp_path: Path
) -> None:
    path = published_file(layout, context, b"data")
    path.parent.chmod(0o755)
    path.unlink()
    other = tmp_path / "other"
    other.write_bytes(b"data")
    os.symlink(other, path)
    assert [p.kind for p in check_file(path, 4, sha256(b"data"))] == ["missing"]


def crash_leftovers(layout: PublishLayout, context: PublishContext) -> tuple[str, str, str]:
    """A published v001, a staging folder of v002 left by a crash, and an unknown v003."""
    published = layout.version_folder(context, 1)
    with Stager(layout, published, 1) as stager:
        stager.add_bytes(b"v1", "a.json")
        stager.commit()
    crashed = Stager(layout, layout.version_folder(context, 2), 2)
    crashed.open()
    crashed.add_bytes(b"half", "b.json")  # the process dies here: no abort
    unknown = layout.version_folder(context, 3)
    with Stager(layout, unknown, 3) as stager:
        stager.add_bytes(b"v3", "c.json")
        stager.commit()  # ...and dies before the database marks it published
    return published, crashed.staging_folder, unknown


def test_scan_finds_staging_leftovers_and_version_folders(
    layout: PublishLayout, context: PublishContext
) -> None:
    published, staging, unknown = crash_leftovers(layout, context)
    other = PublishContext("other", "sh020", "comp", "plate")
    crash_leftovers(layout, other)
    # Things that must be ignored: wrong depth, not version-like, files, hidden, symlinks.
    (layout.root / "proj" / "v001").mkdir()
    (layout.root / "proj/sh010/comp/plate/notaversion").mkdir()
    (layout.root / "proj/sh010/comp/plate/v9.txt").write_text("a file")
    (layout.root / "proj/sh010/comp/.hidden/x/v001").mkdir(parents=True)
    os.symlink(layout.root / "proj/sh010/comp/plate", layout.root / "proj/sh010/comp/alias")

    scan = scan_area(layout, "proj")
    assert isinstance(scan, AreaScan)
    assert scan.staging == (StagingFolder(staging, 2, layout.version_folder(context, 2)),)
    assert scan.versions == (published, unknown)

    everything = scan_area(layout)
    assert len(everything.staging) == 2
    assert set(everything.versions) == {
        published,
        unknown,
        layout.version_folder(other, 1),
        layout.version_folder(other, 3),
    }


def test_scan_of_an_empty_or_unknown_project_finds_nothing(layout: PublishLayout) -> None:
    assert scan_area(layout) == AreaScan()
    assert scan_area(layout, "nothing") == AreaScan()


def test_quarantine_moves_and_never_deletes_and_a_second_scan_is_clean(
    layout: PublishLayout, context: PublishContext
) -> None:
    published, staging, unknown = crash_leftovers(layout, context)
    before = {
        path.relative_to(layout.root).as_posix(): path.read_bytes()
        for path in layout.root.rglob("*.json")
    }
    scan = scan_area(layout, "proj")
    moved = [quarantine(layout, leftover.path) for leftover in scan.staging]
    moved.append(quarantine(layout, unknown))

    for path in moved:
        assert path.is_dir()
        stamp = path.relative_to(layout.quarantine_root).parts[0]
        assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{8}", stamp)
    assert moved[-1].as_posix().endswith(unknown)
    assert stat.S_IMODE(moved[-1].stat().st_mode) == 0o555  # kept as it was found
    assert (moved[-1] / "c.json").read_bytes() == b"v3"
    assert (moved[0] / "b.json").read_bytes() == b"half"

    after = scan_area(layout, "proj")
    assert after.staging == () and after.versions == (published,)
    kept = {path.name: path.read_bytes() for path in layout.root.rglob("*.json")}
    assert sorted(kept.values()) == sorted(before.values())  # nothing deleted
    assert not (layout.root / staging).exists() and not (layout.root / unknown).exists()


def test_quarantine_refuses_the_root_the_quarantine_and_missing_folders(
    layout: PublishLayout, context: PublishContext
) -> None:
    _, _, unknown = crash_leftovers(layout, context)
    moved = quarantine(layout, unknown)
    with pytest.raises(PathOutsideRootError):
        quarantine(layout, ".")
    with pytest.raises(PathOutsideRootError):
        quarantine(layout, moved.relative_to(layout.root).as_posix())
    with pytest.raises(PathOutsideRootError):
        quarantine(layout, "../outside")
    with pytest.raises(SourceNotFoundError):
        quarantine(layout, unknown)
    assert moved.is_dir() and (layout.root / QUARANTINE_NAME).is_dir()
