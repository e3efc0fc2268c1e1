"""Small filesystem helpers of the storage layer: OSError translation, fsync, permissions."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from axiom_publisher.core.errors import PublishAreaUnavailableError

_NO_WRITE = "ask a pipeline TD for write access to the publish area, then publish again"
_ADVICE: dict[int, str] = {
    errno.ENOSPC: "the disk is full: free space in the publish area, then publish again",
    errno.EROFS: "the publish area is mounted read-only: have it mounted read-write",
    errno.EACCES: f"permission denied: {_NO_WRITE}",
    errno.EPERM: f"operation not permitted: {_NO_WRITE}",
    errno.ENOENT: "a folder disappeared: check that the publish area is mounted",
    errno.EIO: "an input/output error: check the file server and its disks",
    errno.EXDEV: "it lies on another filesystem than its destination: move it by hand",
    errno.ENAMETOOLONG: "the path is too long for this filesystem: use shorter names",
}
if hasattr(errno, "EDQUOT"):
    _ADVICE[errno.EDQUOT] = "your disk quota is exceeded: free space or ask for a larger quota"
if hasattr(errno, "ESTALE"):
    _ADVICE[errno.ESTALE] = "the network share went stale: remount it, then publish again"


def area_error(error: OSError, path: Path | str, doing: str) -> PublishAreaUnavailableError:
    """A PublishAreaUnavailableError for `error`, naming the path and what to do.

    `doing` completes "cannot ... <path>", e.g. "write" or "create the folder".
    """
    advice = _ADVICE.get(error.errno or 0, "check that the publish area is mounted and writable")
    reason = error.strerror or str(error)
    return PublishAreaUnavailableError(f"cannot {doing} {path}: {reason}; {advice}")


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk; a no-op where unsupported."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return  # Windows cannot open folders; some network filesystems refuse
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # EINVAL: this filesystem does not sync folders
    finally:
        os.close(descriptor)


def add_owner_write(path: Path) -> int | None:
    """Give the owner write (and search) permission on a folder; return its previous mode.

    None when the folder already had it. Symbolic links are left alone.
    """
    mode = os.lstat(path).st_mode
    if not stat.S_ISDIR(mode):
        return None
    wanted = stat.S_IMODE(mode) | stat.S_IRWXU
    if wanted == stat.S_IMODE(mode):
        return None
    os.chmod(path, wanted)
    return stat.S_IMODE(mode)


def make_folders_writable(top: Path) -> None:
    """Give the owner write permission on `top` and every folder below it (never files:
    some files may be hard links shared with published versions)."""
    add_owner_write(top)
    for current, folders, _files in os.walk(top):
        for name in folders:
            add_owner_write(Path(current, name))


def remove_quietly(path: Path) -> None:
    """Remove a file if it is there; ignore every error (used while cleaning up)."""
    with contextlib.suppress(OSError):
        os.unlink(path)
