"""What the DCC bootstraps share: find AXIOM, pick the Qt binding, install the menu, never break.

Every per-host file under plugins/ (Nuke init.py / menu.py, Maya userSetup.py, Houdini
pythonrc.py and the shelf) is a few lines that import this module and call one function here.
Standard library only, and nothing here imports a Qt binding: the binding is chosen with
`importlib.util.find_spec` and handed to qtpy through `QT_API` before anything imports qtpy.

Any failure (no vendor folder for this Python, a missing dependency, a bug in AXIOM) prints ONE
warning to the host's console or script editor and returns: a host must always start.
Set AXIOM_BOOTSTRAP_DEBUG=1 to print the full traceback as well.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import platform
import re
import sys
import traceback
from collections.abc import Callable

HOST_NAMES = {"nuke": "Nuke", "maya": "Maya", "houdini": "Houdini"}
MIN_PYTHON = (3, 10)
_MANYLINUX = re.compile(r"^manylinux_(\d+)_(\d+)_(\w+)$")
_LEGACY_MANYLINUX = {"manylinux2014": (2, 17), "manylinux2010": (2, 12), "manylinux1": (2, 5)}


def axiom_root() -> str:
    """The AXIOM folder (holding plugins/ and vendor/): AXIOM_ROOT, else two levels above us."""
    root = os.environ.get("AXIOM_ROOT")
    if root:
        return os.path.normpath(root)
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def _platform_rank(tag: str) -> tuple[int, int] | None:
    """How well a vendor folder's platform tag fits the running OS (None: it does not)."""
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if sys.platform.startswith("linux"):
        legacy = tag.split("_", 1)
        if legacy[0] in _LEGACY_MANYLINUX and len(legacy) == 2:
            glibc, arch = _LEGACY_MANYLINUX[legacy[0]], legacy[1]
        else:
            match = _MANYLINUX.match(tag)
            if not match:
                return None
            glibc, arch = (int(match.group(1)), int(match.group(2))), match.group(3)
        running = platform.libc_ver()[1].split(".")
        if arch != machine or (len(running) == 2 and glibc > (int(running[0]), int(running[1]))):
            return None
        return glibc
    if sys.platform == "win32":
        return (0, 0) if tag == "win_amd64" and machine == "x86_64" else None
    if sys.platform == "darwin" and tag.startswith("macosx_"):
        arch = platform.machine().lower()
        return (0, 0) if tag.endswith((f"_{arch}", "_universal2")) else None
    return None


def vendor_dir(root: str | None = None) -> str | None:
    """The vendor folder built for the running Python and platform (py311-manylinux_2_28_x86_64)."""
    base = os.environ.get("AXIOM_VENDOR_DIR") or os.path.join(root or axiom_root(), "vendor")
    prefix = "py{}{}-".format(*sys.version_info[:2])
    try:
        names = sorted(os.listdir(base))
    except OSError:
        return None
    ranked = []
    for name in names:
        if name.startswith(prefix):
            rank = _platform_rank(name[len(prefix) :])
            if rank is not None:
                ranked.append((rank, name))
    return os.path.join(base, max(ranked)[1]) if ranked else None


def add_paths(root: str | None = None) -> list[str]:
    """Append the vendor folder (or a source checkout) to sys.path; the host's own packages
    stay first, so AXIOM never changes what the host's tools import. Returns what was added."""
    root = root or axiom_root()
    if sys.version_info[:2] < MIN_PYTHON:
        raise RuntimeError("AXIOM needs Python {}.{} or newer in the host".format(*MIN_PYTHON))
    wanted = []
    vendor = vendor_dir(root)
    if vendor:
        wanted.append(vendor)
    vendored = bool(vendor) and os.path.isdir(os.path.join(str(vendor), "axiom_publisher"))
    if not vendored and os.path.isdir(os.path.join(root, "axiom_publisher")):
        wanted.append(root)  # a source checkout without a vendored copy of the package
    if not wanted:
        python = "{}.{}".format(*sys.version_info[:2])
        raise RuntimeError(
            f"no vendor folder for Python {python} under {os.path.join(root, 'vendor')} "
            "(build it with `axiom-install vendor`)"
        )
    added = [path for path in wanted if path not in sys.path]
    sys.path.extend(added)
    return added


def choose_qt_api(prefer_qt6: bool | None = None) -> str | None:
    """Set QT_API to the host's binding (before qtpy is imported) and return it.

    `prefer_qt6` comes from the host's version (Nuke 16, Maya 2025, Houdini 21 ship PySide6);
    None means "whatever is importable, PySide6 first". A binding that is not importable is
    never chosen; a QT_API the studio set is kept when that binding exists; once qtpy is
    imported nothing changes (it has chosen already)."""
    if "qtpy" in sys.modules:
        return os.environ.get("QT_API")
    available = {
        name: importlib.util.find_spec(module) is not None
        for name, module in (("pyside6", "PySide6"), ("pyside2", "PySide2"))
    }
    current = os.environ.get("QT_API", "").lower()
    if available.get(current):
        return current
    order = ["pyside6", "pyside2"] if prefer_qt6 in (True, None) else ["pyside2", "pyside6"]
    for name in order:
        if available[name]:
            os.environ["QT_API"] = name
            return name
    return None


def warn(host: str, error: BaseException) -> None:
    """One clear warning in the host's console / script editor (+ traceback when debugging)."""
    name = HOST_NAMES.get(host, host)
    message = (
        f"AXIOM WARNING: AXIOM Publisher is not available in {name}: "
        f"{type(error).__name__}: {error}\n"
        f"  ({name} starts normally; run `axiom-install doctor --host {host}` to see what to fix)\n"
    )
    if os.environ.get("AXIOM_BOOTSTRAP_DEBUG"):
        message += "".join(traceback.format_exception(type(error), error, error.__traceback__))
    with contextlib.suppress(Exception):  # a console that cannot be written to: nothing to do
        sys.stderr.write(message)


def prepare(host: str, prefer_qt6: bool | None = None) -> bool:
    """Paths and QT_API only (Nuke's init.py, Houdini's pythonrc.py: also in batch sessions)."""
    try:
        add_paths()
        choose_qt_api(prefer_qt6)
        return True
    except Exception as error:
        warn(host, error)
        return False


def install(host: str, prefer_qt6: bool | None = None) -> bool:
    """Paths, QT_API, then `axiom_publisher.ui.launch.install(host)` (the AXIOM menu)."""
    try:
        add_paths()
        choose_qt_api(prefer_qt6)
        launch = importlib.import_module("axiom_publisher.ui.launch")
        launch.install(host)
        return True
    except Exception as error:
        warn(host, error)
        return False


def run_menu_command(host: str, label: str) -> bool:
    """A Houdini menu item or shelf tool: run the AXIOM menu command `label` ("Publish…",
    "Review…") that `install` registered with the host adapter (its `run_command`)."""
    try:
        add_paths()
        choose_qt_api(None)
        adapter = importlib.import_module(f"axiom_publisher.hosts.{host}")
        adapter.run_command(label)
        return True
    except Exception as error:
        warn(host, error)
        return False


# The per-host entry points: each reads the host's version to pick the binding.


def _safely(host: str, read: Callable[[], bool]) -> bool | None:
    try:
        return read()
    except Exception:
        return None  # unknown: whichever binding is importable


def nuke_init() -> bool:
    import nuke

    return prepare("nuke", _safely("nuke", lambda: int(nuke.NUKE_VERSION_MAJOR) >= 16))


def nuke_menu() -> bool:
    import nuke

    if not nuke.GUI:
        return False
    return install("nuke", _safely("nuke", lambda: int(nuke.NUKE_VERSION_MAJOR) >= 16))


def maya_user_setup() -> bool:
    """Skips batch sessions (mayapy, Render); defers the menu until Maya's UI is up."""
    import maya.cmds as cmds
    import maya.utils

    if cmds.about(batch=True):
        return False
    prefer = _safely("maya", lambda: int(cmds.about(apiVersion=True)) >= 20250000)
    maya.utils.executeDeferred(lambda: install("maya", prefer))
    return True


def houdini_pythonrc() -> bool:
    """Paths in every session (hython too); the menu is deferred until the UI is ready."""
    import hou

    prefer = _safely("houdini", lambda: int(hou.applicationVersion()[0]) >= 21)
    if not prepare("houdini", prefer):
        return False
    if not hou.isUIAvailable():
        return False
    import hdefereval  # type: ignore[import-not-found]  # graphical Houdini only

    hdefereval.executeDeferred(lambda: install("houdini", prefer))
    return True
