"""What analysis learns about media: metadata, per-frame statistics, decode problems.

Standard library only: media/ fills these in, qc/ reads them, publish/ stores them.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from axiom_publisher.core.frames import FrameRange

# Movie containers: one file holds every frame, so numbered movie names (`p_18.mov`,
# `p_23.mov`) are separate takes, never the frames of a sequence.
MOVIE_EXTENSIONS = frozenset({"mov", "mp4", "m4v", "mxf", "mkv", "avi", "webm"})


class MediaKind(str, enum.Enum):
    MOVIE = "movie"  # a container with a video stream: mov, mp4, mxf, mkv, ...
    SEQUENCE = "sequence"  # numbered image files: exr, dpx, tif, png, jpg
    STILL = "still"  # one image file
    OTHER = "other"  # not media (work files, caches): SHA-256 only, media checks skip


class ProblemKind(str, enum.Enum):
    DECODE = "decode"  # unreadable, corrupt or truncated data
    FORMAT = "format"  # the content is not what the extension says
    TIMEOUT = "timeout"  # the decoder stopped making progress
    EXTENSION = "extension"  # the name has no usable extension: what the content was found to be


@dataclass(frozen=True, slots=True)
class AudioTrack:
    codec: str
    channels: int | None = None
    sample_rate: int | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """Container and stream metadata (pymediainfo, completed by the decoder)."""

    container: str | None = None  # "MPEG-4", "QuickTime", "Matroska", "OpenEXR", "DPX"
    codec: str | None = None  # "AVC", "ProRes", "EXR", ...
    width: int | None = None
    height: int | None = None
    pixel_aspect: float | None = None
    bit_depth: int | None = None
    chroma: str | None = None  # "4:2:0", "4:2:2", "4:4:4"
    pix_fmt: str | None = None  # FFmpeg's name of the decoded format: yuv420p, gbrapf16le, ...
    color_primaries: str | None = None
    transfer: str | None = None
    matrix: str | None = None
    fps: float | None = None
    variable_fps: bool = False
    duration: float | None = None  # seconds
    frame_count: int | None = None
    timecode: str | None = None  # start timecode "01:00:00:00"
    audio: tuple[AudioTrack, ...] = ()
    compression: str | None = None  # "lossy" | "lossless" where mediainfo says which

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        document["audio"] = [asdict(track) for track in self.audio]
        return document

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> MediaInfo:
        known = {key: value for key, value in document.items() if key in cls.__dataclass_fields__}
        known["audio"] = tuple(AudioTrack(**track) for track in document.get("audio") or ())
        return cls(**known)


class ColourSource(str, enum.Enum):
    """Where a source's colour space was learnt (the first that says wins, in this order)."""

    GIVEN = "given when publishing"  # --colorspace, the Publish tab, a host's render node
    HEADER = "the file's header"  # EXR colorSpace / chromaticities, DPX transfer / colorimetric
    TAGS = "the file's colour tags"  # the stream's primaries / transfer / matrix (H.273 codes)
    FILE_RULE = "the OCIO config's file rules"  # a studio config's rule for the path


@dataclass(frozen=True, slots=True)
class ColourFacts:
    """What is known about a source's colour space.

    `name` is a colour space of the OCIO config when the config knows it (else the name as
    declared); None when nothing declares one. `found` says in words what the file carries
    ("primaries bt709, transfer bt709, matrix bt709", "no colour tags"). `display_referred`:
    the space encodes pictures for a display (video, sRGB images), not scene light.
    `suggestion`: a colour space of the config to give when `name` is None.
    """

    name: str | None
    source: ColourSource | None
    found: str
    display_referred: bool = False
    suggestion: str | None = None


# A frame of lossy media whose hold score (0..1 luma) is at most this repeats the picture
# before it (measured in benchmarks/study_frozen.py; [qc] frozen_threshold sets it).
DEFAULT_FROZEN_THRESHOLD = 0.0014


@dataclass(frozen=True, slots=True)
class FrameStats:
    """numpy statistics of one decoded frame (values normalised to 0..1 for integer formats)."""

    frame: int
    minimum: float
    maximum: float
    mean: float
    black: bool
    nan_count: int = 0
    inf_count: int = 0
    frozen: bool = False  # the previous frame's picture: identical, or held in lossy media
    hold_score: float | None = None  # lossy media: difference to the held picture (media.holds)
    cut_score: float = 0.0  # 0 = same as the previous frame, 1 = completely different


@dataclass(frozen=True, slots=True)
class MediaProblem:
    """A decode or format problem, naming the file and, where known, the frames."""

    kind: ProblemKind
    path: str
    message: str
    frames: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class MediaFacts:
    """Everything QC needs to know about one source, measured in the single pass."""

    name: str  # the source's file name or sequence pattern (for the naming rule)
    kind: MediaKind
    extension: str
    info: MediaInfo = field(default_factory=MediaInfo)
    frame_range: FrameRange | None = None  # of the frames on disk / in the movie
    missing_frames: tuple[int, ...] = ()
    decoded_frames: int = 0
    is_float: bool = False  # half or float pixels (scene-linear EXR)
    colorspace: str | None = None  # as declared by the host or read from the file
    colour: ColourFacts | None = None  # where `colorspace` came from (None: not looked at)
    stats: tuple[FrameStats, ...] = ()
    problems: tuple[MediaProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class FrameHash:
    frame: int
    md5: str  # equal to FFmpeg's framemd5 of the decoded frame in its own pixel format


@dataclass(frozen=True, slots=True)
class AnalysisOutputs:
    """Files the single pass wrote into a scratch folder (outside the publish area)."""

    proxy: Path | None = None
    thumbnails: tuple[Path, ...] = ()  # JPEG and WebP of the same frame
    thumbnail_frame: int | None = None
