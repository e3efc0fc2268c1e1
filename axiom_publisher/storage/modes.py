"""The publish area's group and modes, applied to every folder and file AXIOM creates.

The group is set first (`chown`, only when it differs: a setgid parent usually gave it
already), then the mode (`chmod`, set explicitly so the creator's umask does not matter;
setting the setgid bit needs the group first). A user who is not a member of the configured
group cannot give it a folder: that is a clear error naming the folder and the group.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from axiom_publisher.core.errors import ConfigError, PermissionDeniedError
from axiom_publisher.core.permissions import AreaPermissions
from axiom_publisher.storage.fs import area_error

try:
    import grp
except ImportError:  # pragma: no cover - Windows: no groups
    grp = None  # type: ignore[assignment]


def group_id(permissions: AreaPermissions) -> int | None:
    """The gid of the configured group; None when no group is configured."""
    group = permissions.group
    if group is None:
        return None
    if isinstance(group, int):
        return group
    if grp is None:  # pragma: no cover - Windows
        raise ConfigError(f"[publish] group = {group!r}: this system has no POSIX groups")
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise ConfigError(
            f"[publish] group = {group!r}: there is no such group on this machine; create it "
            "(groupadd), or set the group the publish area's users share"
        ) from None


def group_name(gid: int) -> str:
    if grp is not None:
        try:
            return f"{grp.getgrgid(gid).gr_name!r} (gid {gid})"
        except KeyError:
            pass
    return f"gid {gid}"


def apply_folder(path: Path, permissions: AreaPermissions, mode: int | None = None) -> None:
    """Give a folder AXIOM created the area's group and `mode` (default: folder_mode)."""
    apply_attributes(path, permissions.folder_mode if mode is None else mode, permissions)


def apply_file(path: Path, permissions: AreaPermissions) -> None:
    """Give a published file the area's group and file_mode (nothing when it has them:
    a hard link shared with another user's version is left alone)."""
    apply_attributes(path, permissions.file_mode, permissions)


def may_settle(path: Path, permissions: AreaPermissions) -> bool:
    """True when `path` has the area's group and file mode already, or this user may give
    them to it (its owner, or root)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    euid = os.geteuid() if hasattr(os, "geteuid") else 0
    if euid in (0, info.st_uid):
        return True
    gid = group_id(permissions)
    right_group = gid is None or info.st_gid == gid
    return right_group and stat.S_IMODE(info.st_mode) == permissions.file_mode


def apply_attributes(path: Path, mode: int | None, permissions: AreaPermissions) -> None:
    """Give `path` the area's group and `mode` (None: leave the mode); an error says why the
    user may not. Used when AXIOM creates a file or folder and by verify --repair."""
    gid = group_id(permissions)
    try:
        info = os.lstat(path)
    except OSError as error:
        raise area_error(error, path, "examine") from error
    if gid is not None and info.st_gid != gid:
        set_group(path, gid)
        info = os.lstat(path)
    if mode is not None and stat.S_IMODE(info.st_mode) != mode:
        try:
            os.chmod(path, mode)
        except OSError as error:
            raise area_error(error, path, f"set the mode {mode:04o} of") from error


def set_group(path: Path, gid: int) -> None:
    """chgrp; a user outside the group gets an error naming the folder and the group."""
    try:
        os.chown(path, -1, gid, follow_symlinks=False)
    except OSError as error:
        if error.errno in (errno.EPERM, errno.EACCES):
            raise PermissionDeniedError(
                f"cannot give {path} to the group {group_name(gid)} of [publish] group: "
                "you are not a member of that group (or do not own the file); ask an "
                "administrator to add you to it (then log in again), or correct [publish] group"
            ) from error
        raise area_error(error, path, f"give the group {group_name(gid)} to") from error


def make_folders(root: Path, path: Path, permissions: AreaPermissions) -> None:
    """Create `path` and its missing parents below `root` (which must exist), each with
    the area's group and folder mode. Folders that exist are left as they are."""
    relative = Path(os.path.relpath(path, root))
    current = Path(root)
    for part in relative.parts:
        current = current / part
        try:
            os.mkdir(current)
        except FileExistsError:
            continue
        except OSError as error:
            raise area_error(error, current, "create the folder") from error
        apply_folder(current, permissions)
