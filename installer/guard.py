"""Never write into a DCC's own install folder (Maya, Houdini, Nuke ship read-only trees that
an update replaces): a target under one is refused."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path, PurePath

from .errors import InstallError

# Path components that name a DCC's install folder on Linux, macOS or Windows.
_INSTALL_COMPONENTS = (
    re.compile(r"^hfs\d+(\.\d+)*$"),  # /opt/hfs20.5.410
    re.compile(r"^Houdini ?\d+\.\d+\.\d+$"),  # /Applications/Houdini/Houdini20.5.410
    re.compile(r"^Nuke\d+\.\d+v\d+$"),  # /usr/local/Nuke15.1v3, C:\Program Files\Nuke15.1v3
    re.compile(r"^Program Files( \(x86\))?$", re.IGNORECASE),  # anything installed on Windows
    re.compile(r"^Side Effects Software$", re.IGNORECASE),
)
_AUTODESK = re.compile(r"^autodesk$", re.IGNORECASE)
_MAYA_INSTALL = re.compile(r"^maya\d{4}", re.IGNORECASE)  # /usr/autodesk/maya2025
# Environment variables that point at a running DCC's install folder.
_INSTALL_VARIABLES = ("MAYA_LOCATION", "HFS", "HH", "NUKE_INSTALL_PATH")


def dcc_install_folder(path: PurePath, environ: Mapping[str, str]) -> str | None:
    """What makes `path` part of a DCC's install folder, or None when it is not."""
    parts = path.parts
    for index, part in enumerate(parts):
        for pattern in _INSTALL_COMPONENTS:
            if pattern.match(part):
                return str(PurePath(*parts[: index + 1]))
        if index and _AUTODESK.match(parts[index - 1]) and _MAYA_INSTALL.match(part):
            return str(PurePath(*parts[: index + 1]))
    for name in _INSTALL_VARIABLES:
        value = environ.get(name)
        if value and _is_within(path, Path(value)):
            return f"{value} (${name})"
    return None


def refuse_install_folder(path: Path, environ: Mapping[str, str]) -> None:
    """InstallError when `path` (resolved) lies in a DCC's install folder."""
    found = dcc_install_folder(path.resolve(), environ) or dcc_install_folder(path, environ)
    if found:
        raise InstallError(
            f"refusing to write {path}: it is inside the DCC install folder {found}; "
            "use the user scope or a studio --prefix outside any application folder"
        )


def _is_within(path: PurePath, folder: Path) -> bool:
    try:
        path.relative_to(folder.resolve() if folder.is_absolute() else folder)
    except ValueError:
        return False
    return True
