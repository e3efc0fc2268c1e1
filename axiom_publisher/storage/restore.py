"""Bringing a published version's folder back from the quarantine.

A folder the database calls published may have been moved to `.axiom-quarantine/` by an
older AXIOM (a publish whose commit reply was lost) or by hand. `find_quarantined` looks
for the newest quarantined copy of the folder in which every recorded file is present with
its size and SHA-256; `restore_folder` moves it back to its place.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

from axiom_publisher.core.errors import AlreadyExistsError
from axiom_publisher.core.hashing import sha256_file
from axiom_publisher.storage.fs import add_owner_write, area_error, fsync_dir
from axiom_publisher.storage.layout import PublishLayout
from axiom_publisher.storage.modes import make_folders


def find_quarantined(
    layout: PublishLayout, folder: str, files: Sequence[tuple[str, int, str]]
) -> Path | None:
    """The newest quarantined copy of the root-relative `folder` holding every file of
    `files` ((path relative to the root, size, sha256)) unchanged; None when there is none."""
    quarantine = layout.quarantine_root
    try:
        batches = sorted((entry.name for entry in os.scandir(quarantine)), reverse=True)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise area_error(error, quarantine, "list the folder") from error
    prefix = folder.rstrip("/") + "/"
    for batch in batches:
        candidate = quarantine / batch / folder
        if not candidate.is_dir() or candidate.is_symlink():
            continue
        if all(_matches(candidate, path, size, sha, prefix) for path, size, sha in files):
            return candidate
    return None


def _matches(candidate: Path, path: str, size: int, sha256: str, prefix: str) -> bool:
    if not path.startswith(prefix):
        return False  # a file outside the version folder (e.g. a hard-link source)
    copy = candidate / path[len(prefix) :]
    try:
        if copy.is_symlink() or not copy.is_file() or copy.stat().st_size != size:
            return False
        return sha256_file(copy)[0] == sha256.lower()
    except OSError:
        return False


def restore_folder(layout: PublishLayout, copy: Path, folder: str) -> Path:
    """Move the quarantined `copy` back to the root-relative `folder` (refused when
    something is there already); its modes are kept as they were quarantined."""
    target = layout.resolve(folder)
    if os.path.lexists(target):
        raise AlreadyExistsError(f"{target} exists: {copy} was left in the quarantine")
    make_folders(layout.root, target.parent, layout.permissions)
    previous = add_owner_write(copy)  # a folder's `..` changes when it moves
    moved = copy
    try:
        os.rename(copy, target)
        moved = target
    except OSError as error:
        raise area_error(error, copy, "move back from the quarantine") from error
    finally:
        with contextlib.suppress(OSError):
            if previous is not None:
                os.chmod(moved, previous)
    fsync_dir(copy.parent)
    fsync_dir(target.parent)
    return target
