"""Named roots with one path per platform, and translation of paths between platforms.

A studio names its shares once (`[roots.publish]`, `[roots.work]`...), each with its
`linux`, `windows` and `darwin` path. The database stores paths relative to the publish
root; everything a user types, drops or finds inside a host scene, and everything AXIOM
prints, is an absolute path in the form of the machine it runs on. `RootSet.split` finds
which root (in any platform's form) a path lies under; `local` turns such a path into the
path this machine opens; `shown` turns a path this machine opens into the form its users
read and type.

`shown_platform` is the platform whose paths users see; it equals the running one except
when simulated (`AXIOM_PLATFORM`, read by the configuration only): then files are still
opened through the running platform's column, and only what users type and read changes.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from axiom_publisher.core.errors import ConfigError

PLATFORMS = ("linux", "windows", "darwin")
PUBLISH_ROOT = "publish"


def running_platform() -> str:
    """linux, windows or darwin: the operating system this process runs on."""
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "darwin"
    return "linux"


def pure_path(text: str, platform: str) -> PurePath:
    """`text` as a path of `platform` (Windows paths accept either slash)."""
    return PureWindowsPath(text) if platform == "windows" else PurePosixPath(text)


def is_absolute_on(text: str, platform: str) -> bool:
    path = pure_path(text, platform)
    if platform == "windows":  # a drive and a root ("P:/x"), or a UNC share ("//fs/share")
        return bool(path.drive) and bool(path.root)
    return path.is_absolute()


def check_root_path(name: str, platform: str, text: str, where: str) -> None:
    """An absolute path of `platform`; ConfigError naming `where` and the key."""
    if platform not in PLATFORMS:
        raise ConfigError(
            f"{where}: roots.{name}.{platform} is not a platform; use {', '.join(PLATFORMS)}"
        )
    if not text or "\x00" in text or not is_absolute_on(text, platform):
        example = "P:/publish or //server/share" if platform == "windows" else "/mnt/publish"
        raise ConfigError(
            f"{where}: roots.{name}.{platform} = {text!r} is not an absolute {platform} path "
            f"(e.g. {example})"
        )


@dataclass(frozen=True, slots=True)
class Root:
    """One named root: its path on each platform that has one."""

    name: str
    paths: Mapping[str, str]

    def on(self, platform: str) -> PurePath | None:
        text = self.paths.get(platform)
        return None if text is None else pure_path(text, platform)


def _parts(path: PurePath) -> list[str]:
    parts = list(path.parts)
    if isinstance(path, PureWindowsPath):  # drives and folders ignore case on Windows
        parts = [part.replace("\\", "/").lower() for part in parts]
    return parts


@dataclass(frozen=True, slots=True)
class RootSet:
    """The studio's roots, the platform files are opened on and the platform users see."""

    roots: tuple[Root, ...] = ()
    platform: str = field(default_factory=running_platform)  # what users type and read
    running: str = field(default_factory=running_platform)  # what the filesystem takes

    def get(self, name: str) -> Root | None:
        return next((root for root in self.roots if root.name == name), None)

    @property
    def simulated(self) -> bool:
        return self.platform != self.running

    def split(self, text: str) -> tuple[Root, str] | None:
        """(root, root-relative POSIX path) of an absolute path in any platform's form of
        any root; the longest matching root wins. None when it lies under none."""
        best: tuple[Root, str, int] | None = None
        for root in self.roots:
            for platform, base_text in root.paths.items():
                if not is_absolute_on(text, platform):
                    continue
                base, path = pure_path(base_text, platform), pure_path(text, platform)
                head, whole = _parts(base), _parts(path)
                if whole[: len(head)] != head or (best is not None and best[2] >= len(head)):
                    continue
                relative = "/".join(path.parts[len(head) :])
                best = (root, relative, len(head))
        return None if best is None else (best[0], best[1])

    def local(self, text: str) -> str:
        """The path this machine opens for a path typed, dropped or read from a scene in
        any platform's form; a path under no root is returned as it is."""
        found = self.split(text)
        if found is None:
            return text
        return self._join(found[0], found[1], self.running) or text

    def shown(self, text: str) -> str:
        """The form users of this machine read and type for a path it opens."""
        if not self.simulated:  # a path this machine opens is already in its users' form
            return text
        found = self.split(text)
        if found is None:
            return text
        return self._join(found[0], found[1], self.platform) or text

    def path_of(self, name: str, relative: str, platform: str | None = None) -> str:
        """`relative` under root `name` in `platform`'s form (default: the shown one)."""
        root = self.get(name)
        joined = None if root is None else self._join(root, relative, platform or self.platform)
        if joined is None:
            raise ConfigError(
                f"the root {name!r} has no {platform or self.platform} path; add "
                f"[roots.{name}] {platform or self.platform} = ... to the studio config"
            )
        return joined

    @staticmethod
    def _join(root: Root, relative: str, platform: str) -> str | None:
        base = root.on(platform)
        if base is None:
            return None
        parts = [part for part in relative.split("/") if part]
        return str(base.joinpath(*parts))
