"""The publish root as the commands see it: set up, and mounted, before anything is written.

`ensure_publish_root` is called by every command that writes into the publish area
(publish, ingest, demo, verify) before it writes anything, in the database or on disk. The
embedded default root (no root configured: the user's data folder) is set up on first use,
so a fresh user runs nothing first; a configured root (a studio share) never is: a missing
one, or one without the marker, is the share not being mounted (exit 3), and `axiom root
init DIR` sets up a new one.
"""

from __future__ import annotations

import os
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import PublishAreaUnavailableError
from axiom_publisher.core.user import current_user
from axiom_publisher.storage.root import RootMarker, init_root, require_root


def ensure_publish_root(settings: Settings, *, write: bool = True) -> RootMarker:
    """The marker of the settings' publish root; PublishAreaUnavailableError when the root
    is not set up (the default root is set up here), or (`write`) cannot be written."""
    root = settings.publish_root
    marker = require_root(
        root,
        create_as=current_user() if settings.default_root else None,
        permissions=settings.permissions,
    )
    if write and not os.access(root, os.W_OK | os.X_OK):
        raise PublishAreaUnavailableError(
            f"the publish root {root} is not writable: ask a pipeline TD for write access, "
            "or set AXIOM_PUBLISH_ROOT / --root to the right folder"
        )
    return marker


def init_publish_root(settings: Settings, folder: Path | None = None) -> RootMarker:
    """Set up `folder` (default: the settings' publish root) as a publish root."""
    folder = folder if folder is not None else settings.publish_root
    return init_root(folder, current_user(), settings.permissions)
