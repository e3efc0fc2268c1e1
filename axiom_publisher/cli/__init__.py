"""The `axiom` command: one module per command group, `entry` parses and dispatches."""

from __future__ import annotations

from axiom_publisher.cli.entry import main

__all__ = ["main"]
