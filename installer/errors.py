"""The installer's one error: a message for the person at the terminal (exit code 2)."""

from __future__ import annotations


class InstallError(RuntimeError):
    """Something the installer will not or cannot do; the message says what to do instead."""
