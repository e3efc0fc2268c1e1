"""Walking a delivery without leaving it: what the ingest scan may read, and what it refuses.

A delivery comes from outside the studio, and nobody looks at each of its files before an
ingest publishes them (world-readable, into the publish area). So a symbolic link in it may
only lead to a file or folder inside the delivery itself, or into a tree the studio names
in `[ingest] allow_links_into`. Where a link leads is judged by its real path
(`os.path.realpath`: every link of a chain and every `..` resolved) against the real path of
the delivery, by whole path components (`/mnt/in/a` is not inside `/mnt/in/ab`). A link
that leads elsewhere, or nowhere (broken, a loop), is refused and listed with the reason;
so is a file or folder whose name holds a control character (a newline, a tab, an escape),
which no table, log or shell line can show faithfully.

Folders are entered only when they are real folders of the delivery, or links into an
allowed tree (a link to a folder inside the delivery is not entered: its files are items
under their own path already, and loops cannot start). Hidden files and folders and
AXIOM's own summary files are left out, as before.

Not covered: a link changed between this scan and the copy of its file (the scan and the
publish are not atomic against a hostile writer of the delivery; the copy follows the link
as it is then), and hard links, which are the file itself and cannot point out of a
filesystem.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.core.errors import BadInputError


def control_characters(name: str) -> list[str]:
    """The control characters of `name`, as they are written in Python (`\\n`, `\\x1b`)."""
    found: list[str] = []
    for char in name:
        if unicodedata.category(char) == "Cc":
            shown = repr(char)[1:-1]
            if shown not in found:
                found.append(shown)
    return found


def shown_name(text: str) -> str:
    """`text` with each control character written as an escape (`bad\\nname.exr`)."""
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) == "Cc" else char for char in text
    )


def inside(path: str, tree: str) -> bool:
    """True when the real path `path` is `tree` or lies below it (whole components)."""
    try:
        return os.path.commonpath([path, tree]) == tree
    except ValueError:  # different drives (Windows)
        return False


@dataclass(frozen=True, slots=True)
class Refusal:
    """A file or folder of the delivery that the scan refused: never read, never published."""

    path: Path  # as found in the delivery (not followed)
    name: str  # relative to the delivery, control characters escaped
    reason: str


@dataclass(frozen=True, slots=True)
class _Target:
    real: str
    is_dir: bool
    is_file: bool


class DeliveryWalk:
    """The folders of a delivery with the files the scan may read, and what it refused."""

    def __init__(
        self,
        root: Path,
        allowed: Sequence[Path] = (),
        skip: Callable[[str], bool] = lambda name: False,
    ) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.allowed = tuple(os.path.realpath(tree) for tree in allowed)
        self.skip = skip
        self.folders: list[tuple[Path, list[str]]] = []
        self.refused: list[Refusal] = []
        self._entered: set[str] = set()

    def run(self) -> DeliveryWalk:
        self._enter(self.root)
        return self

    def _relative(self, path: Path) -> str:
        return shown_name(path.relative_to(self.root).as_posix())

    def _refuse(self, path: Path, reason: str) -> None:
        self.refused.append(Refusal(path, self._relative(path), reason))

    def _allowed(self, real: str) -> bool:
        return inside(real, self.real_root) or any(inside(real, tree) for tree in self.allowed)

    def _enter(self, folder: Path) -> None:
        real = os.path.realpath(folder)
        if real in self._entered:  # two links into the same allowed folder
            return
        self._entered.add(real)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            raise BadInputError(f"{folder} cannot be read: {error.strerror}") from None
        names: list[str] = []
        below: list[Path] = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or self.skip(name):
                continue
            path = folder / name
            codes = control_characters(name)
            if codes:
                what = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                self._refuse(
                    path,
                    f"the {what} name holds a control character ({', '.join(codes)}); "
                    "rename it in the delivery and ingest again",
                )
            elif entry.is_symlink():
                self._link(path, names, below)
            elif entry.is_dir(follow_symlinks=False):
                below.append(path)
            elif entry.is_file(follow_symlinks=False):
                names.append(name)
        self.folders.append((folder, names))
        for path in below:
            self._enter(path)

    def _link(self, path: Path, names: list[str], below: list[Path]) -> None:
        target = _target(path)
        if target is None:
            shown = shown_name(os.readlink(path)) if os.path.islink(path) else "?"
            self._refuse(
                path,
                f"a symbolic link to {shown}, which does not exist (a broken link or a loop); "
                "have the vendor deliver the file itself",
            )
            return
        if not self._allowed(target.real):
            what = "folder" if target.is_dir else "file"
            self._refuse(
                path,
                f"a symbolic link to the {what} {shown_name(target.real)}, outside the "
                f"delivery {self.real_root}: links may only lead inside the delivery or into "
                "the trees of [ingest] allow_links_into",
            )
            return
        if target.is_dir:
            if not inside(target.real, self.real_root):
                below.append(path)  # into an allowed tree: its files are part of the delivery
        elif target.is_file:
            names.append(path.name)


def _target(path: Path) -> _Target | None:
    """Where the link `path` leads (its real path), or None when nowhere."""
    real = os.path.realpath(path)
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return None
    return _Target(real, stat.S_ISDIR(mode), stat.S_ISREG(mode))
