"""Stager: staging, verification against the analysis hash, atomic commit, abort, dedupe."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from axiom_publisher.core.errors import (
    AlreadyExistsError,
    BadInputError,
    CancelledError,
    InvalidNameError,
    PathOutsideRootError,
    PublishAreaUnavailableError,
    PublishConflictError,
    SourceChangedError,
    SourceNotFoundError,
)
from axiom_publisher.core.types import PublishContext
from axiom_publisher.storage import (
    READ_ONLY_FILE,
    READ_ONLY_FOLDER,
    PublishLayout,
    Stager,
    area_error,
    quarantine,
)
from tests.storage.helpers import HOSTILE_NAMES, sha256


def make_source(work: Path, name: str, data: bytes) -> tuple[Path, str]:
    path = work / name
    path.write_bytes(data)
    return path, sha256(data)


def publish(
    layout: PublishLayout, context: PublishContext, work: Path, number: int, version_id: int
) -> Path:
    """Publish one two-frame version and return its final folder."""
    folder = layout.version_folder(context, number)
    with Stager(layout, folder, version_id) as stager:
        for frame in (1001, 1002):
            data = f"frame {frame} of v{number}".encode()
            source, digest = make_source(work, f"src.{frame}.exr", data)
            name = layout.file_name(context, number, "exr", str(frame))
            stager.add_copy(source, name, digest, frame=frame)
        return stager.commit()


def leftovers(root: Path) -> list[str]:
    return [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if ".axiom-staging-" in path.name or path.name.endswith(".part")
    ]


def test_copy_and_commit_make_a_read_only_version_folder(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    big = os.urandom(3 * (1 << 20) + 17)  # several copy chunks
    source, digest = make_source(work, "plate.1001.exr", big)
    folder = layout.version_folder(context, 1)
    seen: list[int] = []
    stager = Stager(layout, folder, 11)
    staging = stager.open()
    assert staging.name == ".v001.axiom-staging-11" and staging.is_dir()
    placed = stager.add_copy(source, "plate_v001.1001.exr", digest, seen.append, frame=1001)
    manifest = stager.add_bytes(b'{"version": 1}', "axiom-manifest.json", representation=9)
    final = stager.commit()

    assert final == layout.root / folder
    assert sum(seen) == len(big) and max(seen) <= 1 << 20
    assert placed.path == Path(folder, "plate_v001.1001.exr")
    assert (placed.size, placed.sha256, placed.frame) == (len(big), digest, 1001)
    assert manifest.sha256 == sha256(b'{"version": 1}') and manifest.representation == 9
    assert (final / "plate_v001.1001.exr").read_bytes() == big
    assert sorted(p.name for p in final.iterdir()) == ["axiom-manifest.json", "plate_v001.1001.exr"]
    for path in final.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == READ_ONLY_FILE
    assert stat.S_IMODE(final.stat().st_mode) == READ_ONLY_FOLDER
    assert not staging.exists()
    assert leftovers(layout.root) == []
    assert source.read_bytes() == big  # the source is untouched


def test_a_source_changed_after_analysis_is_refused_and_abort_leaves_nothing(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    source, digest = make_source(work, "plate.exr", b"analysed content")
    source.write_bytes(b"analysed c0ntent")  # changed in place, same size
    stager = Stager(layout, layout.version_folder(context, 1), 5)
    staging = stager.open()
    with pytest.raises(SourceChangedError, match="changed while it was being published"):
        stager.add_copy(source, "plate_v001.exr", digest)
    assert list(staging.iterdir()) == []  # the bad copy is gone already
    assert stager.abort() is True
    assert not staging.exists()
    assert not (layout.root / layout.version_folder(context, 1)).exists()
    assert leftovers(layout.root) == []


def test_source_changed_error_names_the_source(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    source, _digest = make_source(work, "plate.exr", b"content")
    stager = Stager(layout, layout.version_folder(context, 1), 5)
    with stager, pytest.raises(SourceChangedError) as caught:
        stager.add_copy(source, "plate_v001.exr", sha256(b"other content"))
    assert str(source) in str(caught.value)
    assert "publish again" in str(caught.value)
    assert leftovers(layout.root) == []


def test_context_manager_aborts_on_an_exception(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    source, digest = make_source(work, "plate.exr", b"content")
    folder = layout.version_folder(context, 1)
    with pytest.raises(RuntimeError, match="boom"), Stager(layout, folder, 3) as stager:
        stager.add_copy(source, "plate_v001.exr", digest)
        raise RuntimeError("boom")
    assert not stager.staging_path.exists()
    assert not (layout.root / folder).exists()
    assert leftovers(layout.root) == []


def test_a_cancel_raised_from_on_bytes_leaves_it_abortable(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    source, digest = make_source(work, "plate.mov", os.urandom(3 << 20))
    calls: list[int] = []

    def cancel_on_second_chunk(count: int) -> None:
        calls.append(count)
        if len(calls) == 2:
            raise CancelledError("cancelled by the user; nothing was published")

    stager = Stager(layout, layout.version_folder(context, 1), 8)
    staging = stager.open()
    with pytest.raises(CancelledError):
        stager.add_copy(source, "plate_v001.mov", digest, cancel_on_second_chunk)
    assert list(staging.iterdir()) == []  # the .part file was removed
    assert "plate_v001.mov" not in stager.names
    assert stager.abort()
    assert leftovers(layout.root) == [] and not staging.exists()


def test_commit_refuses_an_existing_final_folder(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    folder = layout.version_folder(context, 1)
    source, digest = make_source(work, "plate.exr", b"content")
    stager = Stager(layout, folder, 21)
    stager.open()
    stager.add_copy(source, "plate_v001.exr", digest)
    intruder = layout.root / folder
    intruder.mkdir()  # empty: a plain rename would silently replace it
    with pytest.raises(PublishConflictError, match="already exists"):
        stager.commit()
    assert list(intruder.iterdir()) == []
    assert stager.abort()
    assert intruder.is_dir() and leftovers(layout.root) == []


def test_open_refuses_an_existing_final_folder_or_staging_folder(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    first = publish(layout, context, work, 1, 1)
    with pytest.raises(PublishConflictError):
        Stager(layout, layout.version_folder(context, 1), 2).open()
    folder = layout.version_folder(context, 2)
    other = Stager(layout, folder, 7)
    other.open()
    twin = Stager(layout, folder, 7)
    with pytest.raises(PublishConflictError, match="staging folder"):
        twin.open()
    assert twin.abort()  # must not remove the staging folder it did not create
    assert other.staging_path.is_dir()
    assert other.abort() and first.is_dir()


def test_hard_link_dedupe_shares_the_inode(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    first = publish(layout, context, work, 1, 1)
    published = first / "plate_v001.1001.exr"
    digest = sha256(published.read_bytes())
    with Stager(layout, layout.version_folder(context, 2), 2) as stager:
        placed = stager.add_link(published, "plate_v002.1001.exr", digest, frame=1001)
        final = stager.commit()
    linked = final / "plate_v002.1001.exr"
    assert linked.stat().st_ino == published.stat().st_ino
    assert published.stat().st_nlink == 2
    assert placed.sha256 == digest and placed.frame == 1001
    assert stat.S_IMODE(published.stat().st_mode) == READ_ONLY_FILE


def test_hard_link_failure_falls_back_to_a_copy(
    layout: PublishLayout, context: PublishContext, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = publish(layout, context, work, 1, 1) / "plate_v001.1002.exr"
    digest = sha256(published.read_bytes())

    def no_link(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    with Stager(layout, layout.version_folder(context, 2), 2) as stager:
        placed = stager.add_link(published, "plate_v002.1002.exr", digest)
        final = stager.commit()
    copy = final / "plate_v002.1002.exr"
    assert copy.read_bytes() == published.read_bytes()
    assert copy.stat().st_ino != published.stat().st_ino
    assert placed.size == published.stat().st_size


def test_dedupe_refuses_files_that_are_not_published(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    published = publish(layout, context, work, 1, 1) / "plate_v001.1001.exr"
    digest = sha256(published.read_bytes())
    work_file, work_digest = make_source(work, "work.exr", b"a work file")
    with Stager(layout, layout.version_folder(context, 2), 2) as stager:
        with pytest.raises(PathOutsideRootError):
            stager.add_link(work_file, "a.exr", work_digest)  # a work file, outside the root
        stray = layout.root / "proj" / "stray.exr"
        stray.write_bytes(b"not in a version folder")
        with pytest.raises(PathOutsideRootError):
            stager.add_link(stray, "b.exr", sha256(stray.read_bytes()))
        moved = quarantine(layout, layout.version_folder(context, 1))
        with pytest.raises(PathOutsideRootError, match="quarantine"):
            stager.add_link(moved / published.name, "c.exr", digest)
        assert stager.names == frozenset()
    assert leftovers(layout.root) == []


def test_a_corrupt_published_file_is_not_linked_in(
    layout: PublishLayout, context: PublishContext, work: Path
) -> None:
    published = publish(layout, context, work, 1, 1) / "plate_v001.1001.exr"
    digest = sha256(published.read_bytes())
    published.chmod(0o644)
    published.write_bytes(b"X" + published.read_bytes()[1:])
    with Stager(layout, layout.version_folder(context, 2), 2) as stager:
        with pytest.raises(SourceChangedError, match="recorded"):
            stager.add_link(published, "plate_v002.1001.exr", digest)
        assert list(stager.staging_path.iterdir()) == []
    assert published.stat().st_nlink == 1


@pytest.mark.parametrize(
    "name",
    [n for n in HOSTILE_NAMES if "/" in n or "\\" in n or n.startswith(".") or "\x00" in n]
    + ["", "x.part", "a:b", "name.", "name ", "x" * 256],
)
def test_file_names_must_be_plain(
    layout: PublishLayout, context: PublishContext, name: str
) -> None:
    with Stager(layout, layout.version_folder(context, 1), 1) as stager:
        with pytest.raises(InvalidNameError):
            stager.add_bytes(b"data", name)
        assert list(stager.staging_path.iterdir()) == []


def test_a_name_cannot_be_staged_twice(layout: PublishLayout, context: PublishContext) -> None:
    with Stager(layout, layout.version_folder(context, 1), 1) as stager:
        stager.add_bytes(b"one", "manifest.json")
        with pytest.raises(AlreadyExistsError):
            stager.add_bytes(b"two", "manifest.json")
        assert (stager.staging_path / "manifest.json").read_bytes() == b"one"


def test_misuse_is_refused(layout: PublishLayout, context: PublishContext, work: Path) -> None:
    stager = Stager(layout, layout.version_folder(context, 1), 1)
    with pytest.raises(PublishConflictError):
        stager.add_bytes(b"x", "x.json")  # not open
    stager.open()
    with pytest.raises(BadInputError, match="nothing was staged"):
        stager.commit()
    with pytest.raises(SourceNotFoundError):
        stager.add_copy(work / "missing.exr", "m.exr", sha256(b""))
    stager.add_bytes(b"x", "x.json")
    stager.commit()
    with pytest.raises(PublishConflictError):
        stager.add_bytes(b"y", "y.json")  # already committed
    assert stager.abort()  # a no-op after commit
    assert (stager.final_path / "x.json").exists()


def test_a_missing_publish_root_is_reported(tmp_path: Path, context: PublishContext) -> None:
    layout = PublishLayout(
        tmp_path / "not-mounted", "{project}/{entity}/{task}/{product}/v{version:03d}/f.{ext}"
    )
    with pytest.raises(PublishAreaUnavailableError, match="not mounted"):
        Stager(layout, layout.version_folder(context, 1), 1).open()
    assert not (tmp_path / "not-mounted").exists()


def test_os_errors_become_publish_area_errors_naming_path_and_remedy(tmp_path: Path) -> None:
    full = area_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path, "write")
    assert isinstance(full, PublishAreaUnavailableError) and full.exit_code == 3
    assert str(tmp_path) in str(full) and "disk is full" in str(full)
    assert "read-only" in str(area_error(OSError(errno.EROFS, "Read-only"), tmp_path, "write"))
    assert "write access" in str(area_error(OSError(errno.EACCES, "Denied"), tmp_path, "write"))


def test_a_write_error_during_copy_is_a_publish_area_error(
    layout: PublishLayout, context: PublishContext, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, digest = make_source(work, "plate.exr", b"content")

    def disk_full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with Stager(layout, layout.version_folder(context, 1), 1) as stager:
        monkeypatch.setattr(os, "write", disk_full)
        with pytest.raises(PublishAreaUnavailableError, match="disk is full") as caught:
            stager.add_copy(source, "plate_v001.exr", digest)
        monkeypatch.undo()
        assert "plate_v001.exr.part" in str(caught.value)
        assert list(stager.staging_path.iterdir()) == []
    assert leftovers(layout.root) == []


def test_abort_removes_a_staging_folder_made_read_only(
    layout: PublishLayout, context: PublishContext
) -> None:
    stager = Stager(layout, layout.version_folder(context, 1), 1)
    staging = stager.open()
    stager.add_bytes(b"x", "x.json")
    (staging / "sub").mkdir()
    (staging / "sub").chmod(0o555)
    staging.chmod(0o555)
    assert stager.abort()
    assert not staging.exists()
    assert stager.abort()  # again: nothing to do, no error
