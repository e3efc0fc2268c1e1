"""Where each host looks for registrations, per scope, following each DCC's conventions.

User scope: Maya's modules folder (MAYA_APP_DIR or the platform default), each Houdini
preferences folder (HOUDINI_USER_PREF_DIR, or houdiniX.Y beside the home), ~/.nuke/init.py.
Studio scope: folders under --prefix that the studio puts on MAYA_MODULE_PATH and
HOUDINI_PACKAGE_DIR (Nuke: NUKE_PATH points at plugins/nuke itself, nothing is written).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import InstallError

MIN_HOUDINI = (20, 0)  # the first Houdini on Python 3.10 (AXIOM's minimum)
_HOUDINI_DIR = re.compile(r"^houdini(\d+)\.(\d+)$")
_VERSION_DIR = re.compile(r"^(\d+)\.(\d+)$")


@dataclass(frozen=True, slots=True)
class Context:
    """Everything the installer reads from the machine, fixed once (tests pass their own)."""

    root: Path  # the AXIOM folder: plugins/, vendor/ (and axiom_publisher/ in a checkout)
    home: Path
    environ: Mapping[str, str]
    platform: str = sys.platform  # "linux", "darwin", "win32"

    @property
    def plugins(self) -> Path:
        return self.root / "plugins"


def find_root(explicit: str | None, environ: Mapping[str, str]) -> Path:
    """--root, else AXIOM_ROOT, else the checkout this installer lives in."""
    candidates = [explicit, environ.get("AXIOM_ROOT"), str(Path(__file__).resolve().parents[1])]
    for candidate in candidates:
        if candidate and (Path(candidate) / "plugins" / "common" / "axiom_bootstrap.py").is_file():
            return Path(candidate).resolve()
        if candidate and candidate is explicit:
            raise InstallError(f"--root {explicit}: no plugins/common/axiom_bootstrap.py there")
    raise InstallError("cannot find the AXIOM folder (with plugins/): pass --root DIR")


def maya_modules_dir(context: Context) -> Path:
    app_dir = context.environ.get("MAYA_APP_DIR")
    if app_dir:
        return Path(app_dir) / "modules"
    if context.platform == "darwin":
        return context.home / "Library" / "Preferences" / "Autodesk" / "maya" / "modules"
    if context.platform == "win32":
        return context.home / "Documents" / "maya" / "modules"
    return context.home / "maya" / "modules"


def houdini_pref_dirs(context: Context, extra_versions: tuple[str, ...] = ()) -> list[Path]:
    """Every Houdini preferences folder found (one per version), plus those of --houdini-version."""
    found: dict[tuple[int, int], Path] = {}
    template = context.environ.get("HOUDINI_USER_PREF_DIR")
    if template and "__HVER__" not in template:
        return [Path(template)]
    for version in extra_versions:
        match = _VERSION_DIR.match(version)
        if not match:
            raise InstallError(f"--houdini-version {version}: expected MAJOR.MINOR such as 20.5")
        key = (int(match.group(1)), int(match.group(2)))
        found[key] = _houdini_dir(context, template, version)
    for key, path in _existing_houdini_dirs(context, template):
        found.setdefault(key, path)
    return [found[key] for key in sorted(found)]


def supported_houdini(path: Path) -> bool:
    match = re.search(r"(\d+)\.(\d+)$", path.name)
    return match is not None and (int(match.group(1)), int(match.group(2))) >= MIN_HOUDINI


def _houdini_dir(context: Context, template: str | None, version: str) -> Path:
    if template:
        return Path(template.replace("__HVER__", version))
    if context.platform == "darwin":
        return context.home / "Library" / "Preferences" / "houdini" / version
    if context.platform == "win32":
        return context.home / "Documents" / f"houdini{version}"
    return context.home / f"houdini{version}"


def _existing_houdini_dirs(
    context: Context, template: str | None
) -> list[tuple[tuple[int, int], Path]]:
    if template:  # HOUDINI_USER_PREF_DIR=/prefs/houdini__HVER__
        name = re.escape(Path(template).name).replace("__HVER__", r"(\d+)\.(\d+)")
        folder, pattern = Path(template).parent, re.compile(f"^{name}$")
    elif context.platform == "darwin":
        folder, pattern = context.home / "Library" / "Preferences" / "houdini", _VERSION_DIR
    elif context.platform == "win32":
        folder, pattern = context.home / "Documents", _HOUDINI_DIR
    else:
        folder, pattern = context.home, _HOUDINI_DIR
    if not folder.is_dir():
        return []
    found = []
    for child in sorted(folder.iterdir()):
        match = pattern.match(child.name)
        if match and child.is_dir():
            found.append(((int(match.group(1)), int(match.group(2))), child))
    return found


def nuke_user_init(context: Context) -> Path:
    return context.home / ".nuke" / "init.py"


def studio_dirs(prefix: Path) -> dict[str, Path]:
    """The folders a studio scope writes under --prefix (and puts on the hosts' paths)."""
    return {"maya": prefix / "maya" / "modules", "houdini": prefix / "houdini" / "packages"}
