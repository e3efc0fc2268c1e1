"""Domain values passed between the layers: frozen dataclasses, no dict bags."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import MediaInfo
from axiom_publisher.core.qc import QCReport
from axiom_publisher.core.task_link import TaskLink

if TYPE_CHECKING:  # core.catalog imports this module
    from axiom_publisher.core.catalog import IdenticalVersion


class EntityKind(str, enum.Enum):
    SEQUENCE = "sequence"
    SHOT = "shot"
    ASSET = "asset"


class VersionStatus(str, enum.Enum):
    STAGING = "staging"
    PUBLISHED = "published"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ProjectSpec:
    """A project and the technical targets its media is checked against."""

    code: str
    name: str
    fps: float = 24.0
    width: int = 1920
    height: int = 1080
    colorspace: str = "ACEScg"
    frame_start: int = 1001
    handles: int = 8


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """A shot, sequence or asset of a project; shots may carry a cut range and handles."""

    project: str
    code: str
    kind: EntityKind
    cut_in: int | None = None
    cut_out: int | None = None
    handles: int | None = None

    @property
    def cut_range(self) -> FrameRange | None:
        if self.cut_in is None or self.cut_out is None:
            return None
        return FrameRange(self.cut_in, self.cut_out)


@dataclass(frozen=True, slots=True)
class PublishContext:
    """Where a publish goes: project / entity / task / product."""

    project: str
    entity: str
    task: str
    product: str
    entity_kind: EntityKind = EntityKind.SHOT


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file on disk to publish; `frame` is its frame number in a sequence."""

    path: Path
    frame: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One representation to publish: a single file or an image sequence."""

    files: tuple[SourceFile, ...]
    display: str
    extension: str
    frame_range: FrameRange | None = None
    missing_frames: tuple[int, ...] = ()
    padding: int = 0

    @property
    def is_sequence(self) -> bool:
        return self.frame_range is not None


@dataclass(frozen=True, slots=True)
class PublishItem:
    """Everything a publish needs, collected (on a host's main thread) before any work."""

    context: PublishContext
    sources: tuple[Source, ...]
    comment: str = ""
    author: str = ""
    host: str = "standalone"
    workfile: str | None = None
    colorspace: str | None = None  # as the host declares it (a Write node's colorspace knob)
    qc_override_reason: str | None = None  # publish despite QC failures, and why (recorded)
    depends_on: tuple[int, ...] = ()  # published version ids this was made from (a work file)
    inputs: tuple[int, ...] = ()  # published versions it uses (plates a comp reads, --depends-on)

    @property
    def primary(self) -> Source:
        return self.sources[0]


@dataclass(frozen=True, slots=True)
class HashedFile:
    """A source file with the SHA-256 and size measured during analysis."""

    source: SourceFile
    representation: int
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class PublishedFile:
    """A file of a version: path, size, SHA-256, frame and representation index.

    The path is relative to the publish root inside storage and db, and absolute once the
    publish layer hands a VersionRecord out (publish.records.absolute_record).
    """

    path: Path
    size: int
    sha256: str
    frame: int | None = None
    representation: int = 0


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """A version as the database knows it, with absolute paths under the publish root."""

    id: int
    project: str
    entity: str
    entity_kind: EntityKind
    task: str
    product: str
    number: int
    status: VersionStatus
    path: Path
    files: tuple[PublishedFile, ...] = ()
    frame_range: FrameRange | None = None
    missing_frames: tuple[int, ...] = ()
    comment: str = ""
    author: str = ""
    host: str = ""
    source: str | None = None
    created_at: datetime | None = None
    published_at: datetime | None = None
    failed_reason: str | None = None
    qc: QCReport | None = None
    qc_override_reason: str | None = None
    content_hash: str | None = None
    proxy: Path | None = None
    thumbnail: Path | None = None
    media: MediaInfo | None = None
    dependencies: tuple[int, ...] = ()  # ids of the versions this one was made from
    tracker_task: TaskLink | None = None  # the synced tracker task it was published for
    # Set by a publish whose content was already published ([publish] identical = "warn"):
    # the version it repeats. Records read back from the database leave it None.
    identical_to: IdenticalVersion | None = None
    # Set by a publish whose studio post-publish plugins failed (the version is published).
    plugin_warnings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"v{self.number:03d}"


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """A step of long work: `phase` names it, `done` of `total` units are finished."""

    phase: str
    done: int = 0
    total: int = 0
    message: str = ""
    # The version the step is about, once it has an id (the "reserve" step's end carries
    # the version it reserved: a farm job records it so that a retry publishes once).
    version_id: int | None = None


ProgressCallback = Callable[[ProgressEvent], None]


def no_progress(event: ProgressEvent) -> None:
    """The progress callback that ignores every event."""


@dataclass(slots=True)
class VerifyReport:
    """What `verify` found, one line a problem, and what `--repair` did."""

    problems: list[VerifyProblem] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    versions_checked: int = 0
    files_checked: int = 0

    @property
    def clean(self) -> bool:
        """Nothing is wrong, or everything found was repaired."""
        return all(problem.repaired for problem in self.problems)


@dataclass(frozen=True, slots=True)
class VerifyProblem:
    """One problem: a stable `kind`, the path concerned and a sentence for people."""

    kind: str
    path: str
    message: str
    version_id: int | None = None
    repaired: bool = False
