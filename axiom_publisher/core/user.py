"""Who is working: the name recorded as a version's author and a note's reviewer."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    """AXIOM_USER when set (a shared render account, a test), else the login name."""
    named = os.environ.get("AXIOM_USER", "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"
