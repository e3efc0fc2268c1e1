"""Generated test media: small movies and image sequences written with PyAV.

Used by `axiom demo`, the test fixtures and the benchmarks, so that nothing depends on
media files checked into the repository.

Every writer draws the same test pattern (synth_pictures.py: a gradient with a bar that
moves frame by frame) and can put chosen events into it, by frame index for movies (0-based)
and by frame number for sequences:

- `black`: frames that are all black;
- `frozen`: frames that repeat the picture before them (a frozen run);
- `cut_at`: from this frame on the picture is another scene (a hard cut);
- `nan` / `inf` (float formats only): frame -> how many pixels get a NaN / +Inf value.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Collection, Mapping
from fractions import Fraction
from pathlib import Path

import av
from av.video.codeccontext import VideoCodecContext

from axiom_publisher.media.colour_names import CHROMATICITIES
from axiom_publisher.media.colour_tags import add_exr_attributes, exr_attribute
from axiom_publisher.media.synth_pictures import (
    Events,
    event_picture,
    float_frame,
    integer_frame,
    stereo_tone,
)

# The encoder and its default pixel format for each image-sequence extension.
SEQUENCE_CODECS: dict[str, tuple[str, str]] = {
    "png": ("png", "rgb24"),
    "jpg": ("mjpeg", "yuvj444p"),
    "jpeg": ("mjpeg", "yuvj444p"),
    "tif": ("tiff", "rgb24"),
    "tiff": ("tiff", "rgb24"),
    "exr": ("exr", "gbrpf32le"),  # written as half unless exr_format="float"
    "dpx": ("dpx", "gbrp10le"),  # gbrp12le for 12-bit, rgb48le for 16-bit
}

# Default pixel format of each movie encoder.
MOVIE_PIX_FMTS: dict[str, str] = {
    "libx264": "yuv420p",
    "prores_ks": "yuv422p10le",
    "mpeg2video": "yuv420p",
    "ffv1": "yuv444p",
    "mjpeg": "yuvj420p",
    "dnxhd": "yuv422p",
}


# Colour tags the writers can put on what they write, as the tools making such files do
# (`colour=`): H.273 primaries, transfer and matrix on movies (H.264 VUI, QuickTime `colr`)
# and PNG/JPEG/TIFF frames (PNG gets an sRGB chunk); an EXR `chromaticities` attribute
# (FFmpeg's EXR encoder writes none, so it is added to the header as OpenEXR would write
# it); a DPX header's transfer and colorimetric codes (FFmpeg writes 4, unspecified video).
MOVIE_COLOURS = {"bt709": (1, 1, 1)}
IMAGE_COLOURS = {"srgb": (1, 13), "bt709": (1, 1)}
DPX_COLOURS = {"bt709": (6, 6), "lin_rec709": (2, 6)}


def write_clip(
    path: Path,
    frames: int = 24,
    width: int = 320,
    height: int = 180,
    fps: int | Fraction = 24,
    *,
    codec: str = "libx264",
    pix_fmt: str | None = None,
    options: Mapping[str, str] | None = None,
    audio: bool = False,
    timecode: str | None = None,
    sample_aspect: Fraction | None = None,
    black: Collection[int] = (),
    frozen: Collection[int] = (),
    cut_at: int | None = None,
    colour: str | None = None,
) -> Path:
    """A movie of the test pattern; the container follows the extension (mov, mp4, mkv, mxf).

    H.264 yuv420p by default; `codec="prores_ks"` gives ProRes 422 HQ-style 10-bit.
    `audio` adds an AAC stereo sine; `timecode` ("01:00:00:00") is the start timecode;
    frame indices of `black` / `frozen` / `cut_at` are 0-based. `colour="bt709"` tags the
    stream BT.709 (primaries, transfer, matrix) and converts to YUV with that matrix;
    untagged by default, as FFmpeg writes.
    """
    tags = MOVIE_COLOURS[colour] if colour is not None else None
    path.parent.mkdir(parents=True, exist_ok=True)
    events = Events(black=black, frozen=frozen, cut_at=cut_at)
    rate = Fraction(fps)
    with av.open(str(path), mode="w") as container:
        if timecode is not None:
            container.metadata["timecode"] = timecode
        stream = container.add_stream(codec, rate=rate)
        stream.width, stream.height = width, height
        stream.pix_fmt = pix_fmt or MOVIE_PIX_FMTS.get(codec, "yuv420p")
        if tags is not None:
            context = stream.codec_context
            context.color_primaries, context.color_trc, context.colorspace = tags
        if sample_aspect is not None:
            stream.codec_context.sample_aspect_ratio = sample_aspect
            stream.sample_aspect_ratio = sample_aspect
        if timecode is not None:
            stream.metadata["timecode"] = timecode
        default_options = {"preset": "ultrafast", "crf": "23"} if codec == "libx264" else {}
        stream.options = dict(options if options is not None else default_options)
        audio_frames: list[av.AudioFrame] = []
        audio_stream = None
        if audio:
            audio_stream = container.add_stream("aac", rate=48000, layout="stereo")
            audio_frames = stereo_tone(48000, float(frames / rate))
        per_video_frame = len(audio_frames) / max(frames, 1)
        sent_audio = 0
        for index in range(frames):
            picture = event_picture(width, height, index, frames, events)
            frame = integer_frame(picture, stream.pix_fmt, bt709=tags is not None)
            frame.pts = index
            frame.time_base = 1 / rate
            container.mux(stream.encode(frame))
            if audio_stream is not None:
                due = round((index + 1) * per_video_frame)
                for audio_frame in audio_frames[sent_audio:due]:
                    container.mux(audio_stream.encode(audio_frame))
                sent_audio = due
        container.mux(stream.encode(None))
        if audio_stream is not None:
            for audio_frame in audio_frames[sent_audio:]:
                container.mux(audio_stream.encode(audio_frame))
            container.mux(audio_stream.encode(None))
    return path


def write_sequence(
    folder: Path,
    name: str,
    first: int,
    last: int,
    width: int = 320,
    height: int = 180,
    codec: str = "png",
    skip: frozenset[int] = frozenset(),
    *,
    pix_fmt: str | None = None,
    exr_format: str = "half",
    black: Collection[int] = (),
    frozen: Collection[int] = (),
    cut_at: int | None = None,
    nan: Mapping[int, int] | None = None,
    inf: Mapping[int, int] | None = None,
    colour: str | None = None,
) -> list[Path]:
    """An image sequence `name.####.<codec>` of the test pattern, without the frames in `skip`.

    `codec` is the file extension: png, jpg, tif, exr (half, or `exr_format="float"`) or dpx
    (`pix_fmt` gbrp10le by default, gbrp12le, or rgb48le for 16-bit). Events are keyed by
    frame number. `colour` tags the files (untagged by default): an EXR's chromaticities
    ("acescg", "aces", "lin_rec709", ...), a DPX's transfer / colorimetric ("bt709",
    "lin_rec709"), other images' primaries / transfer ("srgb", "bt709").
    """
    header = _header_colour(codec, colour)
    folder.mkdir(parents=True, exist_ok=True)
    encoder, default_pix_fmt = SEQUENCE_CODECS[codec]
    target_pix_fmt = pix_fmt or default_pix_fmt
    codec_context = av.CodecContext.create(encoder, "w")
    assert isinstance(codec_context, VideoCodecContext)
    codec_context.width, codec_context.height = width, height
    codec_context.pix_fmt = target_pix_fmt
    codec_context.time_base = Fraction(1, 24)
    if encoder == "exr":
        codec_context.options = {"format": exr_format}
    events = Events(
        black=[n - first for n in black],
        frozen=[n - first for n in frozen],
        cut_at=None if cut_at is None else cut_at - first,
    )
    written: list[Path] = []
    count = last - first + 1
    for frame_number in range(first, last + 1):
        if frame_number in skip:
            continue
        picture = event_picture(width, height, frame_number - first, count, events)
        if encoder == "exr":
            frame = float_frame(
                picture,
                (nan or {}).get(frame_number, 0),
                (inf or {}).get(frame_number, 0),
                target_pix_fmt,
            )
        else:
            frame = integer_frame(picture, target_pix_fmt)
        if colour is not None and encoder not in ("exr", "dpx"):
            _tag_image(frame, colour)
        packets = codec_context.encode(frame)
        target = folder / f"{name}.{frame_number:04d}.{codec}"
        target.write_bytes(header(b"".join(bytes(packet) for packet in packets)))
        written.append(target)
    return written


def _header_colour(codec: str, colour: str | None) -> Callable[[bytes], bytes]:
    """What writes `colour` into an encoded EXR or DPX file (unchanged for other codecs)."""
    if colour is None:
        return lambda data: data
    if codec == "exr":
        chromaticities = struct.pack("<8f", *CHROMATICITIES[colour])
        attribute = exr_attribute("chromaticities", "chromaticities", chromaticities)
        return lambda data: add_exr_attributes(data, attribute)
    if codec == "dpx":
        codes = bytes(DPX_COLOURS[colour])
        return lambda data: data[:801] + codes + data[803:]
    if colour not in IMAGE_COLOURS:
        raise ValueError(f"unknown colour {colour!r} for {codec} (known: {list(IMAGE_COLOURS)})")
    return lambda data: data


def _tag_image(frame: av.VideoFrame, colour: str) -> None:
    """Primaries and transfer on an image frame, for its encoder to write. PyAV before 18
    has no such frame properties: the image is then written untagged (and its tags could
    not be read back there either)."""
    primaries, transfer = IMAGE_COLOURS[colour]
    if hasattr(frame, "color_trc"):
        frame.color_primaries, frame.color_trc = primaries, transfer
