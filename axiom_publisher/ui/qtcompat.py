"""What differs between the Qt bindings the UI runs on, in one place: PySide6 (the app) and
PySide2 5.15 (Python 3.10 DCCs: Maya 2024/2025, Houdini 20/20.5, Nuke 15). qtpy covers most
(Qt 5 names, `exec_`, `QMouseEvent.position()`); what it does not is here.

- PySide6's enums are Python enums (`Qt.CheckState.Checked.value`); PySide2's are int-like
  objects without `.value`.
"""

from __future__ import annotations

from typing import Any


def enum_value(member: Any) -> int:
    """The integer of a Qt enum or flag member, on either binding."""
    return int(getattr(member, "value", member))
