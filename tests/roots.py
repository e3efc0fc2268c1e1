"""Publish roots for tests, set up as `axiom root init DIR` sets them up (the marker written).

A configured root without the marker is an unmounted share (exit 3): every test that
publishes into a temporary root sets it up with `publish_root` first.
"""

from __future__ import annotations

from pathlib import Path

from axiom_publisher.storage.root import init_root


def publish_root(folder: Path) -> Path:
    """`folder`, created if needed, with its `.axiom-root` marker; returns it."""
    init_root(folder, "tests")
    return folder
