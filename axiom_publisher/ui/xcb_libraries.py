"""Before Qt opens a window on X11: the system libraries its xcb platform plugin needs.

Qt aborts (SIGABRT: `axiom gui` exits 250) when its xcb plugin cannot be loaded, and names
only the first library it misses (libxcb-cursor0, since Qt 6.5). A fresh Debian or Ubuntu
desktop often lacks several (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1): this asks the
dynamic loader (`ldd`, which reads the plugin without running it) which libraries of the
plugin Qt would load cannot be found, and names them all with the Debian packages that hold
them, before Qt starts. Only when Qt will use xcb: Wayland and offscreen are not concerned.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.core.errors import MissingSystemLibrariesError

PLUGIN_FILE = "libqxcb.so"
# Sonames whose Debian package does not follow the policy's name rule (see debian_package).
PACKAGE_EXCEPTIONS = {
    **dict.fromkeys(
        ["libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1"], "libc6"
    ),
    **dict.fromkeys(
        ["libglib-2.0.so.0", "libgthread-2.0.so.0", "libgobject-2.0.so.0", "libgio-2.0.so.0"],
        "libglib2.0-0",
    ),
    **dict.fromkeys(
        ["libbrotlicommon.so.1", "libbrotlidec.so.1", "libbrotlienc.so.1"], "libbrotli1"
    ),
    "libz.so.1": "zlib1g",
    "libGLdispatch.so.0": "libglvnd0",
}
# Libraries of the Qt binding itself: no system package replaces them.
BINDING_LIBRARY = re.compile(r"^lib(Qt\d|pyside|shiboken)", re.IGNORECASE)
NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")
SONAME = re.compile(r"^lib(?P<name>.+)\.so\.(?P<version>[\d.]+)$")


@dataclass(frozen=True)
class MissingLibraries:
    """What the xcb plugin at `plugin` needs and the system lacks."""

    plugin: Path
    sonames: tuple[str, ...]

    @property
    def packages(self) -> tuple[str, ...]:
        """The Debian/Ubuntu packages that provide the system libraries, in order, once each."""
        names = (debian_package(s) for s in self.sonames if not BINDING_LIBRARY.match(s))
        return tuple(dict.fromkeys(name for name in names if name))

    def message(self, has_apt: bool) -> str:
        *others, last = self.sonames
        missing = f"{', '.join(others)} and {last}" if others else last
        binding = [s for s in self.sonames if BINDING_LIBRARY.match(s)]
        lines = [
            f"cannot open a window: Qt's X11 platform plugin {self.plugin} needs "
            f"{missing}, which this system lacks (Qt would abort)."
        ]
        if self.packages:
            command = "sudo apt-get install -y " + " ".join(self.packages)
            where = "" if has_apt else " (on Debian/Ubuntu; elsewhere the packages providing them)"
            lines.append(f"Install them{where}, then run again:\n    {command}")
        if binding:
            lines.append(
                f"{', '.join(binding)} belong to the Qt binding itself: reinstall it "
                "(pip install --force-reinstall PySide6)."
            )
        return "\n".join(lines) + "\n"


def debian_package(soname: str) -> str:
    """The Debian package holding `soname`, by the policy's rule (libfoo.so.1 -> libfoo1,
    libfoo-2.so.0 -> libfoo-2-0, lower case, "_" as "-"); "" when the name has no such shape."""
    if soname in PACKAGE_EXCEPTIONS:
        return PACKAGE_EXCEPTIONS[soname]
    match = SONAME.match(soname)
    if match is None:
        return ""
    name, version = match["name"].lower().replace("_", "-"), match["version"]
    separator = "-" if name[-1].isdigit() else ""
    return f"lib{name}{separator}{version}"


def uses_xcb(env: Mapping[str, str]) -> bool:
    """True when Qt will pick its xcb platform: QT_QPA_PLATFORM names xcb first, or it is
    unset with an X11 DISPLAY outside a Wayland session."""
    platform = env.get("QT_QPA_PLATFORM", "").strip()
    if platform:
        return platform.split(";")[0].split(":")[0].strip() == "xcb"
    if not env.get("DISPLAY"):
        return False
    wayland = env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland"
    return not wayland


def plugin_candidates(env: Mapping[str, str], plugins_path: str) -> list[Path]:
    """The xcb plugins Qt tries, in its order: the one in QT_QPA_PLATFORM_PLUGIN_PATH, then
    (when that one is absent or fails to load) the first found in each QT_PLUGIN_PATH entry's
    platforms/ folder and in the binding's own plugins folder's."""
    candidates = []
    explicit = env.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if explicit and (Path(explicit) / PLUGIN_FILE).is_file():
        candidates.append(Path(explicit) / PLUGIN_FILE)
    entries = [entry for entry in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if entry]
    folders = [Path(entry) / "platforms" for entry in [*entries, plugins_path] if entry]
    found = next((f / PLUGIN_FILE for f in folders if (f / PLUGIN_FILE).is_file()), None)
    return [*candidates, found] if found is not None else candidates


def unresolved_libraries(binary: Path, env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The sonames `binary` needs (directly or through its libraries) that the dynamic
    loader cannot find, each once; () when ldd is missing or cannot read the file."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return ()
    environment = {**os.environ, "LC_ALL": "C"}
    environment.pop("LD_LIBRARY_PATH", None)
    search = (os.environ if env is None else env).get("LD_LIBRARY_PATH")
    if search:  # the loader's search path of the process that will load Qt
        environment["LD_LIBRARY_PATH"] = search
    try:
        result = subprocess.run(
            [ldd, str(binary)],
            capture_output=True,
            text=True,
            timeout=15,
            env=environment,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    found = (NOT_FOUND.match(line) for line in result.stdout.splitlines())
    return tuple(dict.fromkeys(match[1] for match in found if match))


def qt_plugins_path() -> str:
    """The binding's own plugins folder: Qt's QLibraryInfo (loads QtCore, not QtGui), or,
    when QtCore itself cannot load (it links GLib, missing on a bare system), the plugins
    folder of the installed PySide6 (or PySide2) wheel, found without importing it."""
    try:
        from qtpy import QtCore
    except ImportError:
        for binding in ("PySide6", "PySide2"):
            spec = importlib.util.find_spec(binding)
            if spec is not None and spec.origin is not None:
                return str(Path(spec.origin).parent / "Qt" / "plugins")
        return ""
    return str(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath))


def missing_xcb_libraries(
    env: Mapping[str, str], platform: str, plugins_path: str | None = None
) -> MissingLibraries | None:
    """What keeps Qt's xcb plugin from loading on this machine, or None when nothing does
    (or Qt will not use xcb, or there is no plugin to ask about)."""
    if not platform.startswith("linux") or not uses_xcb(env):
        return None
    candidates = plugin_candidates(env, qt_plugins_path() if plugins_path is None else plugins_path)
    missing = None
    for plugin in candidates:  # Qt falls back to the next one when a plugin fails to load
        sonames = unresolved_libraries(plugin, env)
        if not sonames:
            return None
        missing = MissingLibraries(plugin, sonames)
    return missing


def check_xcb_libraries(env: Mapping[str, str], platform: str) -> None:
    """Raise MissingSystemLibrariesError (its message says what to install) when Qt's xcb
    plugin would fail to load."""
    missing = missing_xcb_libraries(env, platform)
    if missing is not None:
        raise MissingSystemLibrariesError(
            missing.message(has_apt=shutil.which("apt-get") is not None)
        )
