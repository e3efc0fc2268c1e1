"""What verify checks beyond a file's bytes: the group and mode of files and folders, and
entries that no version recorded (extra files in a published version folder).

Problems are VerifyProblems with a stable kind: "writable_folder" (a version folder that
can be written again), "mode" (other mode bits than the area's), "group" (another group
than [publish] group), "extra_file" (an entry of a version folder that is not one of its
recorded files).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from axiom_publisher.core.permissions import WRITE_BITS, AreaPermissions
from axiom_publisher.core.types import VerifyProblem
from axiom_publisher.storage.fs import area_error
from axiom_publisher.storage.modes import group_id, group_name


def check_attributes(
    path: Path,
    mode: int | None,
    permissions: AreaPermissions,
    *,
    version_id: int | None = None,
    folder: bool = False,
) -> list[VerifyProblem]:
    """Problems of the group and `mode` (None: not checked) of one file or folder. A
    read-only `mode` with write bits found is "writable_folder" for a folder (a file's
    write bits are check_file's "writable"); other differences are "mode"."""
    try:
        info = os.lstat(path)
    except OSError:
        return []  # a missing file or folder is reported by the checks of its content
    shown = str(path)
    found = stat.S_IMODE(info.st_mode)
    problems: list[VerifyProblem] = []
    read_only = mode is not None and not mode & WRITE_BITS
    if read_only and folder and found & WRITE_BITS:
        problems.append(
            VerifyProblem(
                "writable_folder",
                shown,
                f"the version folder {shown} is writable (mode {found:o}): files could be added "
                "to or removed from a published version; `axiom verify --repair` makes it "
                "read-only again",
                version_id,
            )
        )
    compared = found & ~WRITE_BITS if read_only else found
    if mode is not None and compared != (mode & ~WRITE_BITS if read_only else mode):
        problems.append(
            VerifyProblem(
                "mode",
                shown,
                f"{shown} has the mode {found:04o}, the publish area's is {mode:04o} "
                "([publish] folder_mode / file_mode); `axiom verify --repair` sets it",
                version_id,
            )
        )
    gid = group_id(permissions)
    if gid is not None and info.st_gid != gid:
        problems.append(
            VerifyProblem(
                "group",
                shown,
                f"{shown} belongs to the group {group_name(info.st_gid)}, not to "
                f"{group_name(gid)} ([publish] group): other artists may not be able to "
                "publish beside it; `axiom verify --repair` sets it",
                version_id,
            )
        )
    return problems


def extra_entries(folder: Path, recorded: set[str]) -> list[str]:
    """Names in a version folder that are none of its recorded files (sorted)."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []  # its files are reported missing
    except OSError as error:
        raise area_error(error, folder, "list the folder") from error
    return sorted(name for name in names if name not in recorded)


def extra_problem(path: Path, version_id: int | None) -> VerifyProblem:
    shown = str(path)
    return VerifyProblem(
        "extra_file",
        shown,
        f"{shown} is not a file of the published version it lies in (added after it was "
        "published); `axiom verify --repair` moves it to the quarantine",
        version_id,
    )
