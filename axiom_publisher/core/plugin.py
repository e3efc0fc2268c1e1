"""The studio plugin API, version 1: what a plugin is given and what it gives back.

A plugin is a module (or any object) found through the `axiom_publisher.plugins` entry-point
group or in a `[plugins] folders` folder. It declares

    API = 1                      # the version of this API it was written for
    NAME = "studio_naming"       # how AXIOM names it in reports and `axiom plugins`
    CHECKS = {"studio.naming": "what the check means"}   # the QC checks validate() gives

and any of the four hooks (each optional):

    validate(item: ItemInfo) -> Iterable[Finding | FrameCheck] | FrameCheck | None
        Extra QC checks. Findings returned at once are about the item and its context
        (names): when the context changes after the analysis (the Publish tab analyses as
        soon as a file is dropped), validate is called again with the final context and
        these findings are replaced. A FrameCheck's frame(view) is called with every
        decoded frame of the item's primary source, in the one analysis pass, and its
        finish() returns findings about the pixels, which stand.
    pre_commit(item: ItemInfo, qc: QCReport) -> str | None
        Called after QC, before a version number is reserved. Return a reason (or raise
        Refusal) to refuse the publish: nothing is reserved or written.
    post_publish(version: VersionRecord, options: Mapping) -> None
        A side effect after the version is committed. A failure is reported, never fails
        the publish.
    post_review(note: ReviewNote, version: VersionRecord, options: Mapping) -> None
        A side effect after a lead's review decision (the note) is recorded.

`options` (and ItemInfo.options) are the plugin's own `[plugins.options.<NAME>]` settings.

Every hook runs under the `[plugins] timeout`. A hook that raises or overruns is named in
the outcome: a validate becomes a failing QC check `plugin.<NAME>`, a pre-commit refuses
the publish, post-publish and post-review report a warning. Standard library only: a plugin
imports nothing else from AXIOM but this module and the core types it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import PublishContext

API_VERSION = 1
HOOKS = ("validate", "pre_commit", "post_publish", "post_review")


class Refusal(Exception):  # noqa: N818 - a plugin raises it to refuse; it is not a failure
    """Raised by a pre-commit hook to refuse a publish with `str(error)` as the reason."""


@dataclass(frozen=True, slots=True)
class ItemInfo:
    """What is being published (or checked): validate and pre_commit receive it.

    `context` is None for `axiom qc` without a project. `options` are the plugin's own
    `[plugins.options.<NAME>]` settings."""

    context: PublishContext | None
    source: str  # the primary source as shown to users (`plate.####.exr`)
    files: tuple[Path, ...]  # the primary source's files
    extension: str
    frame_range: FrameRange | None = None
    colorspace: str | None = None
    author: str = ""
    host: str = ""
    comment: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's result: `check` is one of the plugin's CHECKS."""

    check: str
    status: QCStatus
    message: str
    frames: tuple[int, ...] = ()


@runtime_checkable
class FrameView(Protocol):
    """One decoded frame, as a FrameCheck sees it. `rgb()` costs a conversion: call it
    only on the frames a check needs."""

    number: int
    width: int
    height: int
    pix_fmt: str

    def rgb(self) -> Any:
        """The pixels as a float32 numpy array (height, width, 3), 0-1 for video ranges
        (scene-linear sources keep their values)."""
        ...


@runtime_checkable
class FrameCheck(Protocol):
    """What validate() returns to look at pixels."""

    def frame(self, view: FrameView) -> None: ...

    def finish(self) -> Iterable[Finding]: ...
