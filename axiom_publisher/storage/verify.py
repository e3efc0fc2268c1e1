"""Integrity checks of the publish area: one file against its record, a scan for folders
that may be crash leftovers, and the quarantine that moves them aside (never deletes)."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from axiom_publisher.core.errors import (
    PathOutsideRootError,
    PublishAreaUnavailableError,
    SourceNotFoundError,
)
from axiom_publisher.core.hashing import sha256_file
from axiom_publisher.core.types import VerifyProblem
from axiom_publisher.storage.fs import add_owner_write, area_error, fsync_dir
from axiom_publisher.storage.layout import QUARANTINE_NAME, PublishLayout
from axiom_publisher.storage.modes import make_folders

_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


@dataclass(frozen=True, slots=True)
class StagingFolder:
    """A staging folder found on disk: its root-relative path, the version id in its name
    and the version folder it would have become."""

    path: str
    version_id: int
    version_folder: str


@dataclass(frozen=True, slots=True)
class AreaScan:
    """Root-relative paths of the staging folders and version folders of the area."""

    staging: tuple[StagingFolder, ...] = ()
    versions: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()  # the folders above the version folders (project, shot...)


def check_file(
    path: Path,
    size: int,
    sha256: str,
    *,
    version_id: int | None = None,
    on_bytes: Callable[[int], None] | None = None,
    digests: dict[tuple[int, int, int, int], str] | None = None,
) -> list[VerifyProblem]:
    """Problems of one published file: "missing", "size", "sha256", "writable" (and
    "unreadable"). The size is compared first; the content is hashed only if it matches.
    `digests` (shared over a run) remembers each file's SHA-256 by device, inode, size and
    modification time: a file hard-linked into several versions is read once."""
    shown = str(path)

    def problem(kind: str, message: str) -> VerifyProblem:
        return VerifyProblem(kind, shown, message, version_id)

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return [problem("missing", f"{shown} is missing")]
    except OSError as error:
        return [problem("unreadable", f"{shown} cannot be examined: {error.strerror}")]
    if not stat.S_ISREG(info.st_mode):
        return [problem("missing", f"{shown} is no longer a regular file")]
    problems: list[VerifyProblem] = []
    if info.st_size != size:
        problems.append(
            problem(
                "size",
                f"{shown} is {info.st_size} bytes, {size} were published: "
                "it was truncated or changed",
            )
        )
    else:
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        try:
            digest = digests.get(key) if digests is not None else None
            if digest is None:
                digest, _ = sha256_file(path, on_bytes)
                if digests is not None:
                    digests[key] = digest
        except OSError as error:
            problems.append(problem("unreadable", f"{shown} cannot be read: {error.strerror}"))
        else:
            if digest != sha256.strip().lower():
                problems.append(
                    problem(
                        "sha256",
                        f"{shown} changed since it was published "
                        f"(SHA-256 {digest[:16]}..., published {sha256[:16]}...)",
                    )
                )
    mode = stat.S_IMODE(info.st_mode)
    if mode & _WRITE_BITS:
        problems.append(
            problem(
                "writable",
                f"{shown} is writable (mode {mode:o}); published files must be read-only: "
                "`axiom verify --repair` takes the write bits off while its content matches",
            )
        )
    return problems


def make_read_only(path: Path) -> None:
    """Take every write bit off a published file (the repair of a "writable" problem)."""
    try:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        os.chmod(path, mode & ~_WRITE_BITS)
    except OSError as error:
        raise area_error(error, path, "make read-only") from error


def scan_area(layout: PublishLayout, project: str | None = None) -> AreaScan:
    """Every staging folder and every version folder at the depth each template of the
    area puts them (of one project, when given). Hidden folders and the quarantine are not
    entered."""
    root = layout.root
    if not root.is_dir():
        raise PublishAreaUnavailableError(
            f"the publish root {root} does not exist or is not mounted; mount it or fix "
            "AXIOM_PUBLISH_ROOT / --root"
        )
    scans = [_scan_template(each, project) for each in layout.all_layouts()]
    staging = {folder.path: folder for scan in scans for folder in scan.staging}
    return AreaScan(
        tuple(staging.values()),
        tuple(dict.fromkeys(folder for scan in scans for folder in scan.versions)),
        tuple(dict.fromkeys(parent for scan in scans for parent in scan.folders)),
    )


def _scan_template(layout: PublishLayout, project: str | None) -> AreaScan:
    root = layout.root
    patterns = layout.folder_patterns(project)
    level: list[tuple[str, Path]] = [("", root)]
    parents: list[str] = []
    for pattern in patterns[:-1]:
        level = [
            (f"{relative}{name}/", path / name)
            for relative, path in level
            for name in _folders(path)
            if not name.startswith(".") and pattern.fullmatch(name)
        ]
        parents.extend(relative.rstrip("/") for relative, _path in level)
    staging: list[StagingFolder] = []
    versions: list[str] = []
    for relative, path in level:
        for name in _folders(path):
            parsed = layout.parse_staging_name(name)
            if parsed is not None:
                folder, version_id = parsed
                staging.append(
                    StagingFolder(f"{relative}{name}", version_id, f"{relative}{folder}")
                )
            elif patterns[-1].fullmatch(name):
                versions.append(f"{relative}{name}")
    return AreaScan(tuple(staging), tuple(versions), tuple(parents))


def quarantine(layout: PublishLayout, relative: str) -> Path:
    """Move a folder (or file) of the area to `<root>/.axiom-quarantine/<UTC time>-<random>/
    <relative>` and return its new absolute path. Never deletes anything."""
    source = layout.resolve(relative)
    relative = layout.relative(source)
    if relative == "." or relative.split("/")[0] == QUARANTINE_NAME:
        raise PathOutsideRootError(f"{source} cannot be quarantined (the root or the quarantine)")
    return _move_to_quarantine(layout, source, relative)


def quarantine_entry(layout: PublishLayout, folder: str, name: str) -> Path:
    """Quarantine the entry `name` of the root-relative `folder` itself (a symbolic link
    is moved, never followed), keeping its relative path; returns its new path."""
    if name in ("", ".", "..") or "/" in name or "\\" in name:
        raise PathOutsideRootError(f"{name!r} is not an entry of {folder}")
    relative = layout.relative(layout.resolve(folder))
    if relative == "." or relative.split("/")[0] == QUARANTINE_NAME:
        raise PathOutsideRootError(f"{folder} is the root or the quarantine")
    return _move_to_quarantine(layout, layout.resolve(relative) / name, f"{relative}/{name}")


def _move_to_quarantine(layout: PublishLayout, source: Path, relative: str) -> Path:
    if not os.path.lexists(source):
        raise SourceNotFoundError(f"{source} is not there (anymore); nothing to quarantine")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = layout.quarantine_root / f"{stamp}-{secrets.token_hex(4)}" / relative
    make_folders(layout.root, target.parent, layout.permissions)
    gone = SourceNotFoundError(f"{source} is not there anymore; nothing to quarantine")
    try:
        # Moving a folder to another parent rewrites its `..`: it needs write permission,
        # and so does the folder it leaves (a read-only version folder, for an extra file).
        previous = add_owner_write(source)
        parent_previous = add_owner_write(source.parent)
    except FileNotFoundError:
        raise gone from None
    except OSError as error:
        raise area_error(error, source, "give write permission on") from error
    try:
        os.rename(source, target)
        moved = target
    except OSError as error:
        moved = source
        if not os.path.lexists(source):  # removed meanwhile (its publish cleaned it up)
            raise gone from None
        raise area_error(error, source, "move into the quarantine") from error
    finally:
        with contextlib.suppress(OSError):  # keep them as they were found
            if previous is not None:
                os.chmod(moved, previous)
            if parent_previous is not None:
                os.chmod(source.parent, parent_previous)
    fsync_dir(source.parent)
    fsync_dir(target.parent)
    return target


def _folders(path: Path) -> list[str]:
    """Names of the real (not symbolic link) folders in `path`, sorted."""
    try:
        with os.scandir(path) as entries:
            return sorted(entry.name for entry in entries if entry.is_dir(follow_symlinks=False))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        raise area_error(error, path, "list the folder") from error
