"""The publish root's marker: how AXIOM tells a set-up publish area from an unmounted share.

A root is set up once (`axiom root init DIR`, or automatically for the embedded default
root in the user's data folder): the folder is created and `.axiom-root`, a small JSON
file (who set it up, when, on which machine, a random root id), is written into it,
atomically and read-only. Every command that writes into the publish area first checks
that the marker is there. A missing root, or a folder without the marker (the empty mount
point of a share that is not mounted, a mistyped path), is "the publish area is not
mounted" (PublishAreaUnavailableError, exit 3) and nothing is written: no folder is
created, nothing is reserved in the database.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import socket
import stat
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from axiom_publisher.core.errors import PublishAreaUnavailableError
from axiom_publisher.core.permissions import AreaPermissions
from axiom_publisher.storage.fs import area_error, fsync_dir
from axiom_publisher.storage.modes import apply_file, apply_folder

ROOT_MARKER = ".axiom-root"
MARKER_FORMAT = 1


@dataclass(frozen=True, slots=True)
class RootMarker:
    """What `.axiom-root` says about the root it is in."""

    root: Path
    root_id: str
    created_by: str
    created_at: str
    host: str
    created: bool = False  # written just now (init), not found

    def to_json(self) -> dict[str, Any]:
        return {
            "root": str(self.root),
            "root_id": self.root_id,
            "created_by": self.created_by,
            "created_at": self.created_at,
            "host": self.host,
            "created": self.created,
            "marker": str(self.root / ROOT_MARKER),
        }


def marker_path(root: Path) -> Path:
    return Path(root) / ROOT_MARKER


def read_marker(root: Path) -> RootMarker | None:
    """The marker of `root`, or None when the folder or its marker is not there.

    A marker that is there but not AXIOM's JSON still marks the root (it was set up; a
    damaged marker must not make a mounted area look unmounted): its fields are empty."""
    path = marker_path(root)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise area_error(error, path, "read the publish root's marker") from error
    try:
        document = json.loads(text)
    except ValueError:
        document = {}
    if not isinstance(document, dict):
        document = {}
    return RootMarker(
        root=Path(root),
        root_id=str(document.get("root_id", "")),
        created_by=str(document.get("created_by", "")),
        created_at=str(document.get("created_at", "")),
        host=str(document.get("host", "")),
    )


def init_root(root: Path, user: str, permissions: AreaPermissions | None = None) -> RootMarker:
    """Set up `root` as a publish root: create the folder (and its parents) and write the
    marker. A root that already has one is left as it is (its marker is returned). With
    `permissions`, a root created here and the marker get the area's group and modes."""
    root = Path(os.path.abspath(os.fspath(root)))
    permissions = permissions or AreaPermissions()
    found = read_marker(root)
    if found is not None:
        return found
    created = not os.path.lexists(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise area_error(error, root, "create the publish root") from error
    if created:
        apply_folder(root, permissions)
    marker = RootMarker(
        root=root,
        root_id=uuid.uuid4().hex,
        created_by=user,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        host=socket.gethostname(),
        created=True,
    )
    document = {
        "axiom_root": MARKER_FORMAT,
        "root_id": marker.root_id,
        "created_by": marker.created_by,
        "created_at": marker.created_at,
        "host": marker.host,
    }
    data = (json.dumps(document, indent=2) + "\n").encode("utf-8")
    path = marker_path(root)
    temporary = root / f"{ROOT_MARKER}.{marker.root_id}.tmp"
    try:
        with open(temporary, "xb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise area_error(error, path, "write the publish root's marker") from error
    apply_file(path, permissions)  # read-only, the area's group
    fsync_dir(root)
    return marker


def not_mounted(root: Path) -> PublishAreaUnavailableError:
    """The error of a root that is missing or carries no marker, saying what to do."""
    path = marker_path(root)
    if not os.path.lexists(root):
        found = f"the publish root {root} does not exist"
    elif not os.path.isdir(root):
        found = f"the publish root {root} is not a folder"
    else:
        found = f"the publish root {root} has no {ROOT_MARKER} marker ({path})"
    return PublishAreaUnavailableError(
        f"the publish area is not mounted: {found}. Check that the share is mounted and that "
        f"AXIOM_PUBLISH_ROOT / --root / [publish] root names it; if {root} is meant to be a "
        f"new publish root (or one set up before AXIOM wrote markers), run "
        f"`axiom root init {shlex.quote(str(root))}` once. Nothing was written"
    )


def require_root(
    root: Path, *, create_as: str | None = None, permissions: AreaPermissions | None = None
) -> RootMarker:
    """The marker of `root`; PublishAreaUnavailableError (exit 3) when it is missing.

    `create_as` (a user name): set the root up instead when it has no marker; only for the
    embedded default root in the user's data folder, never for a configured one."""
    found = read_marker(root)
    if found is not None:
        return found
    if create_as is not None:
        return init_root(root, create_as, permissions)
    raise not_mounted(root)
