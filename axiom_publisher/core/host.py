"""The Host protocol: what AXIOM needs from a DCC (Nuke, Maya, Houdini) or the standalone app.

An adapter in `axiom_publisher.hosts` implements it; only adapters import `nuke`, `maya` or
`hou`. Every method that touches the host's API must be called on the host's main thread
(the UI calls them there, or through `run_in_main_thread` from a worker); the heavy work
(analysis, publishing) runs in the pool with the frozen values these methods return.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

from axiom_publisher.core.frames import FrameRange

T = TypeVar("T")

WORKFILE_PRODUCT = "workfile"  # the product a scene itself is published as
WORKFILE_DEPENDENCY = "workfile"  # dependency kind: a render came from this work-file version
INPUT_DEPENDENCY = "input"  # dependency kind: a scene loads this published version


class OutputKind(str, enum.Enum):
    RENDER = "render"  # images or movies: analysed, QC'd, proxied
    CACHE = "cache"  # geometry / volume caches: hashed only
    WORKFILE = "workfile"  # the scene itself


@dataclass(frozen=True, slots=True)
class CollectedOutput:
    """One thing a scene produces, as the host evaluates it on the main thread.

    `path` is the evaluated output path with the frame written as the host writes it
    (`/renders/sh010_comp.####.exr`, `%04d`, `$F4`) or a single file; `node` names where
    it came from (a Write node, a render layer and camera, a ROP) so a person recognises it.
    """

    node: str
    kind: OutputKind
    path: str
    product: str  # the suggested product name (a valid AXIOM name)
    frame_range: FrameRange | None = None
    colorspace: str | None = None
    enabled: bool = True
    note: str = ""  # why it is disabled, or anything the artist should know
    # The work file's: the files the scene reads (Read nodes, references, file textures,
    # file SOPs), as the host has them; those in the publish root become its inputs.
    loads: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MenuCommand:
    """A menu entry a host adds to its AXIOM menu."""

    label: str
    action: Callable[[], None]
    shortcut: str = ""


@runtime_checkable
class Host(Protocol):
    """A DCC (or the standalone app) as AXIOM sees it."""

    identifier: str  # "com.foundry.nuke", "com.autodesk.maya", "com.sidefx.houdini", ...
    display_name: str  # "Nuke"

    def main_window(self) -> object | None:
        """The host's main window as a QWidget of its own Qt binding (dialogs parent to
        it), or None when there is none (batch mode, the standalone app)."""
        ...

    def scene_path(self) -> Path | None:
        """The current work file, or None while it was never saved."""
        ...

    def scene_modified(self) -> bool:
        """True when the scene has unsaved changes."""
        ...

    def save_scene(self) -> Path:
        """Save the scene where it is and return its path (HostError when it has none)."""
        ...

    def scene_fps(self) -> float | None: ...

    def scene_resolution(self) -> tuple[int, int] | None: ...

    def collect(self) -> list[CollectedOutput]:
        """The scene's publishable outputs: renders and caches, then the work file."""
        ...

    def run_in_main_thread(self, function: Callable[[], T]) -> T:
        """Run `function` on the host's main thread and return its result (from any thread)."""
        ...

    def add_menu(self, title: str, commands: Sequence[MenuCommand]) -> None:
        """Add (or rebuild, idempotently) the AXIOM menu in the host's UI."""
        ...
