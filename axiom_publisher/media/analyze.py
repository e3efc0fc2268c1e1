"""The single pass: decode each frame of a source once and fan it out.

Every decoded frame goes, in the source's own pixel format, to the frame hasher (framemd5),
the QC statistics, the review proxy encoder and the thumbnail picker, while a thread beside
the decode SHA-256-hashes the files' bytes. Metadata comes from pymediainfo, completed by
the decoder. Outputs (proxy, thumbnails) go to a scratch folder, never the publish area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import (
    AnalysisOutputs,
    FrameHash,
    MediaFacts,
    MediaInfo,
    MediaKind,
    MediaProblem,
)
from axiom_publisher.core.types import (
    HashedFile,
    ProgressCallback,
    ProgressEvent,
    Source,
    no_progress,
)
from axiom_publisher.media.analysis_workers import FileHasher, Measurer
from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.colour_names import declared_colour
from axiom_publisher.media.colour_tags import StreamTags, frame_tags, info_tags
from axiom_publisher.media.decode import DecodedFrame, FrameSource, open_source
from axiom_publisher.media.frame_view import FrameObserver
from axiom_publisher.media.framehash import content_hash
from axiom_publisher.media.holds import DEFAULT_THRESHOLD, is_lossy
from axiom_publisher.media.probe import complete, probe
from axiom_publisher.media.proxy import ProxyEncoder, ProxySettings
from axiom_publisher.media.sniff import check_extension, media_kind
from axiom_publisher.media.stats import FrameStatistics
from axiom_publisher.media.thumbnail import ThumbnailPicker, middle_frame


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """How to analyse: what to write and how to number and colour-manage frames."""

    proxy: ProxySettings | None = field(default_factory=ProxySettings)  # None: no proxy
    thumbnails: bool = True
    thumbnail_frame: int | None = None  # None: the middle frame
    first_frame: int = 1001  # the number of a movie's first frame
    fps: float = 24.0  # the rate of image sequences, which carry none
    black_level: float = 0.02
    frozen_threshold: float = DEFAULT_THRESHOLD  # near-identical frames of lossy media (holds)
    timeout: float = 30.0  # seconds without decoder progress before giving up
    ocio_config: str | None = None  # None: OCIO's built-in ACES config
    ocio_display: str | None = None
    ocio_view: str | None = None
    display_quality: str = "baked"  # baked (3D LUT of the transform) | exact


@dataclass(frozen=True, slots=True)
class SourceAnalysis:
    """What the single pass measured for one source (one representation)."""

    facts: MediaFacts
    files: tuple[HashedFile, ...]
    frame_hashes: tuple[FrameHash, ...] = ()
    content_hash: str | None = None
    outputs: AnalysisOutputs = AnalysisOutputs()


def analyze_source(
    source: Source,
    scratch: Path,
    *,
    representation: int = 0,
    options: AnalysisOptions = AnalysisOptions(),
    colorspace: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_frame: FrameObserver | None = None,
) -> SourceAnalysis:
    """Hash, measure and (for media) decode `source` once; write proxy and thumbnails to
    `scratch`. Bad media never raises: it comes back as problems in the facts.
    `on_frame` sees every decoded frame of the pass (studio plugins' pixel checks)."""
    cancel = cancel or CancelToken()
    hasher = FileHasher(source, representation, cancel)
    try:
        analysis = _decode_pass(
            source, scratch, representation, options, colorspace, progress, cancel, on_frame
        )
    except BaseException:
        hasher.stop()
        raise
    files = hasher.result()
    return SourceAnalysis(
        facts=analysis.facts,
        files=files,
        frame_hashes=analysis.frame_hashes,
        content_hash=analysis.content_hash,
        outputs=analysis.outputs,
    )


def _decode_pass(
    source: Source,
    scratch: Path,
    representation: int,
    options: AnalysisOptions,
    colorspace: str | None,
    progress: ProgressCallback,
    cancel: CancelToken,
    on_frame: FrameObserver | None,
) -> SourceAnalysis:
    first = source.files[0].path
    name = Path(source.display.split(" (missing", 1)[0]).name
    problems: list[MediaProblem] = []
    for file in source.files[:1] if source.is_sequence else source.files:
        mismatch = check_extension(file.path)
        if mismatch is not None:
            problems.append(mismatch)
    kind = media_kind(first)
    if kind is MediaKind.STILL and source.is_sequence:
        kind = MediaKind.SEQUENCE
    base = MediaFacts(
        name=name,
        kind=kind,
        extension=source.extension.lower(),
        frame_range=source.frame_range,
        missing_frames=source.missing_frames,
        colorspace=colorspace,
        problems=tuple(problems),
    )
    if kind is MediaKind.OTHER or any(
        p.path == str(first) for p in problems if "empty" in p.message
    ):
        return SourceAnalysis(facts=base, files=())

    info = probe(first)
    with open_source(source, first_frame=options.first_frame, timeout=options.timeout) as frames:
        return _fan_out(
            source, frames, info, base, scratch, representation, options, progress, cancel,
            on_frame,
        )  # fmt: skip


def _fan_out(
    source: Source,
    frames: FrameSource,
    info: MediaInfo,
    base: MediaFacts,
    scratch: Path,
    representation: int,
    options: AnalysisOptions,
    progress: ProgressCallback,
    cancel: CancelToken,
    on_frame: FrameObserver | None,
) -> SourceAnalysis:
    fps = frames.fps or Fraction(options.fps).limit_denominator(1001)
    display = None
    if frames.is_float:
        display = DisplayTransform(
            options.ocio_config,
            source=base.colorspace if base.colorspace and options.ocio_config else None,
            display=options.ocio_display,
            view=options.ocio_view,
            quality=options.display_quality,
        )
    stem = f"r{representation}"
    proxy: ProxyEncoder | None = None
    if options.proxy is not None and frames.pix_fmt:  # an unopenable movie has no format
        proxy = ProxyEncoder(
            scratch / f"{stem}_proxy.mp4",
            width=frames.width,
            height=frames.height,
            fps=fps,
            sample_aspect=frames.sample_aspect,
            settings=options.proxy,
            audio_rate=48000 if frames.audio else None,
            audio_layout="stereo" if frames.audio else None,
            timecode=frames.timecode or info.timecode,
            display=display,
        )
    expected = len(source.files) if source.is_sequence else (info.frame_count or 0)
    target = options.thumbnail_frame
    if target is None:
        if source.frame_range is not None:
            target = middle_frame(source.frame_range.first, source.frame_range.last)
        else:
            target = middle_frame(options.first_frame, options.first_frame + max(expected - 1, 0))
    thumbnails = (
        ThumbnailPicker(target, display=display, sample_aspect=frames.sample_aspect)
        if options.thumbnails
        else None
    )
    statistics = FrameStatistics(
        black_level=options.black_level,
        lossy=is_lossy(base.kind, base.extension, info),
        frozen_threshold=options.frozen_threshold,
    )
    measure = Measurer(statistics)
    progress(ProgressEvent("analyze", 0, expected, base.name))
    try:
        decoded: DecodedFrame
        on_audio = proxy.add_audio if proxy is not None and frames.audio else None
        previous: int | None = None
        sequence = len(source.files) > 1
        tags: StreamTags | None = None
        for decoded in frames.frames(cancel, on_audio=on_audio):
            if tags is None:
                tags = frame_tags(decoded.frame)
            measure.submit(decoded)
            if proxy is not None:
                if sequence and previous is not None and decoded.number > previous + 1:
                    proxy.add_missing(decoded.number - previous - 1)  # a gap: frame-accurate
                proxy.add(decoded.frame)
            previous = decoded.number
            if thumbnails is not None:
                thumbnails.offer(decoded.number, decoded.frame)
            if on_frame is not None:
                on_frame(decoded.number, decoded.frame)
            progress(ProgressEvent("analyze", measure.submitted, max(expected, measure.submitted),
                                   base.name))  # fmt: skip
        hashes, measured = measure.finish()
        stats = statistics.settle(measured)
        proxy_path = proxy.close() if proxy is not None and hashes else None
    except BaseException:
        measure.abandon()
        if proxy is not None:
            proxy.abort()
        raise
    if proxy is not None and not hashes:
        proxy.abort()
    thumbnail_paths: tuple[Path, ...] = ()
    if thumbnails is not None and thumbnails.picked is not None:
        thumbnail_paths = thumbnails.write(scratch, f"{stem}_thumb")
    if tags is None or not tags.tagged:  # nothing decoded, or PyAV < 18: mediainfo's tags
        tags = info_tags(info.color_primaries, info.transfer, info.matrix)
    colour = declared_colour(
        source.files[0].path, given=base.colorspace, tags=tags, config_path=options.ocio_config
    )

    facts = MediaFacts(
        name=base.name,
        kind=base.kind,
        extension=base.extension,
        info=complete(info, frames, len(hashes)),
        frame_range=base.frame_range
        or (FrameRange(hashes[0].frame, hashes[-1].frame) if hashes else None),
        missing_frames=base.missing_frames,
        decoded_frames=len(hashes),
        is_float=frames.is_float,
        colorspace=colour.name,
        colour=colour,
        stats=tuple(stats),
        problems=base.problems + tuple(frames.problems),
    )
    return SourceAnalysis(
        facts=facts,
        files=(),
        frame_hashes=tuple(hashes),
        content_hash=(
            content_hash(hashes, width=frames.width, height=frames.height, pix_fmt=frames.pix_fmt)
            if hashes
            else None
        ),
        outputs=AnalysisOutputs(
            proxy=proxy_path,
            thumbnails=thumbnail_paths,
            thumbnail_frame=thumbnails.picked if thumbnails is not None else None,
        ),
    )
