"""[publish] group, folder_mode and file_mode: the publish area shared by several users.

Checked where they are written: an error names the file (or "the configuration") and the key.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping
from typing import Any

from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.permissions import DEFAULT_FILE_MODE, WRITE_BITS, AreaPermissions

_OCTAL = re.compile(r"0?[0-7]{3,4}")
_GROUP = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}\$?")
_SPECIAL = stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX


def parse_permissions(publish: Mapping[str, Any], where: str) -> AreaPermissions:
    """The AreaPermissions of a [publish] table; ConfigError naming `where` and the key."""
    folder = _mode(publish.get("folder_mode", ""), "folder_mode", where)
    if folder is not None and (folder & stat.S_IRWXU != stat.S_IRWXU or folder & stat.S_ISUID):
        raise ConfigError(
            f"{where}: [publish] folder_mode = {publish['folder_mode']!r} must let the owner "
            'read, write and enter the folders (7 as the owner digit, e.g. "2775") and not '
            "be setuid"
        )
    file = _mode(publish.get("file_mode", ""), "file_mode", where)
    if file is not None and (file & (WRITE_BITS | _SPECIAL) or not file & stat.S_IRUSR):
        raise ConfigError(
            f"{where}: [publish] file_mode = {publish['file_mode']!r} must be read-only and "
            'readable by the owner, without special bits (e.g. "0444" or "0440"): published '
            "files never change"
        )
    return AreaPermissions(
        group=_group(publish.get("group", ""), where),
        folder_mode=folder,
        file_mode=DEFAULT_FILE_MODE if file is None else file,
    )


def _mode(value: Any, key: str, where: str) -> int | None:
    if value == "":
        return None
    if not isinstance(value, str) or _OCTAL.fullmatch(value.strip()) is None:
        raise ConfigError(
            f"{where}: [publish] {key} = {value!r} is not an octal mode: write it as a string "
            'of 3 or 4 octal digits, e.g. "2775" (or "" for the default)'
        )
    return int(value.strip(), 8)


def _group(value: Any, where: str) -> str | int | None:
    if isinstance(value, bool):
        value = repr(value)  # refused below
    if isinstance(value, int):
        if value < 0:
            raise ConfigError(f"{where}: [publish] group = {value} is not a group id (0 or more)")
        return value
    text = value.strip() if isinstance(value, str) else None
    if text == "":
        return None
    if text is not None and text.isdigit():
        return int(text)
    if text is None or _GROUP.fullmatch(text) is None:
        raise ConfigError(
            f"{where}: [publish] group = {value!r} is not a group name or id: give the name "
            'of the group the publish area\'s users share (e.g. "vfx"), its gid, or "" for none'
        )
    return text
