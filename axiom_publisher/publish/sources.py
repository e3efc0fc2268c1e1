"""Turn what a user names (a file, a sequence pattern, one frame of a sequence, a folder)
into a Source: the files to publish, with the frame range and missing frames of a sequence.

Sequences are found with fileseq, which understands `plate.####.exr`, `plate.@@@@.exr`,
`plate.%04d.exr` and Houdini's `plate.$F4.exr`. The name of a file that exists is never
parsed as a pattern (`a#b.png`, `x_2.2.0_error_1_exr` are just names): files are grouped
into sequences as fileseq groups a folder listing, and a sequence is trusted only when its
members are exactly files that exist (fileseq reads `x.١٢.exr` as frame 12 of `x.12.exr`).

A file whose name has no usable extension (`1001`, `plate.1001`) and whose content is an
image or movie is published with the extension of its content (media.sniff).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from fileseq.exceptions import FileSeqException
from fileseq.filesequence import FileSequence

from axiom_publisher.core.errors import BadInputError, SourceNotFoundError, UnreadableSourceError
from axiom_publisher.core.frames import FrameRange, compact_frames
from axiom_publisher.core.media import MOVIE_EXTENSIONS
from axiom_publisher.core.types import Source, SourceFile
from axiom_publisher.media.sniff import content_extension, name_extension

_PATTERN = re.compile(r"#|@|%0?\d*d|\$F\d*")


def looks_like_pattern(text: str) -> bool:
    """True for `plate.####.exr`, `plate.%04d.exr`, `plate.$F4.exr`, `plate.@@@@.exr`."""
    return _PATTERN.search(os.path.basename(text)) is not None


def resolve_source(text: str | os.PathLike[str]) -> Source:
    """The Source that `text` names, or a BadInputError that names the path and the fix."""
    raw = os.fspath(text)
    path = Path(raw).expanduser()
    if looks_like_pattern(raw) and not path.exists():
        return _sequence_from_pattern(str(path))
    if path.is_dir():
        return _source_from_folder(path)
    if path.is_file():
        return _source_from_file(path)
    if path.exists():
        raise BadInputError(f"{path} is neither a file nor a folder; name a file or a sequence")
    raise SourceNotFoundError(f"{path} does not exist; check the path and try again")


def _sequence_from_pattern(pattern: str) -> Source:
    try:
        found = FileSequence.findSequenceOnDisk(pattern, allow_subframes=False)
    except FileSeqException as error:
        raise SourceNotFoundError(
            f"no files match the sequence pattern {pattern}; check the folder, name and padding"
        ) from error
    return _source_from_sequence(found)


def group_files(paths: Sequence[str]) -> tuple[list[FileSequence], list[Path]]:
    """The numbered sequences among `paths` (each member one of `paths`) and the other files.

    Never raises on a name: fileseq's folder grouping does not parse names as patterns. A
    sequence whose members are not exactly files of `paths` (fileseq turns non-ASCII digits
    into ASCII ones, and keeps one of two names for the same frame) is not trusted: its
    files stay single files under their own names."""
    given = set(paths)
    sequences: list[FileSequence] = []
    claimed: set[str] = set()
    plain = [
        path for path in paths if _ascii_digits(os.path.basename(path)) and not _is_movie(path)
    ]
    for seq in FileSequence.findSequencesInList(plain):
        members = [str(member) for member in seq]
        if seq.frameSet() is None or not given.issuperset(members) or claimed & set(members):
            continue
        sequences.append(seq)
        claimed.update(members)
    return sequences, [Path(path) for path in paths if path not in claimed]


def _is_movie(path: str) -> bool:
    """A movie file is never a frame of a sequence (`p_18.mov`, `p_23.mov` are two takes)."""
    return os.path.splitext(path)[1].lstrip(".").lower() in MOVIE_EXTENSIONS


def _ascii_digits(name: str) -> bool:
    """True when every digit of `name` is an ASCII one (fileseq reads `١٢` as 12)."""
    return all(char.isascii() for char in name if char.isdigit())


def _folder_files(folder: Path) -> list[str]:
    """The visible files of `folder` as paths (folder / name), sorted."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        raise UnreadableSourceError(
            f"the folder {folder} cannot be read: {error.strerror}"
        ) from error
    return [
        str(folder / name)
        for name in names
        if not name.startswith(".") and (folder / name).is_file()
    ]


def _source_from_folder(folder: Path) -> Source:
    sequences, singles = group_files(_folder_files(folder))
    items: list[FileSequence | Path] = [*sequences, *singles]
    if not items:
        raise SourceNotFoundError(f"the folder {folder} is empty: there is nothing to publish")
    if len(items) > 1:
        listed = ", ".join(str(item) for item in items[:5])
        raise BadInputError(
            f"the folder {folder} holds {len(items)} files or sequences ({listed}); "
            "name the one to publish"
        )
    only = items[0]
    if isinstance(only, Path):
        return _single(only)
    if len(only) > 1:
        return _source_from_sequence(only)
    return _single(Path(str(only[0])))


def _source_from_file(path: Path) -> Source:
    numbered = any(seq.frameSet() for seq in FileSequence.findSequencesInList([str(path)]))
    if not numbered or path.name.startswith("."):
        return _single(path)
    sequences, _ = group_files(_folder_files(path.parent))
    for seq in sequences:
        if len(seq) > 1 and str(path) in {str(member) for member in seq}:
            return _source_from_sequence(seq)
    return _single(path)


def published_extension(path: Path) -> str:
    """The extension a file is published with: its name's, else its content's when that is
    an image or movie (`1001` holding a PNG -> `png`), else "" (a publish refuses that)."""
    return name_extension(path) or content_extension(path) or ""


def _single(path: Path) -> Source:
    if not os.access(path, os.R_OK):
        raise UnreadableSourceError(f"{path} cannot be read: check its permissions")
    return Source(
        files=(SourceFile(path=path.absolute()),),
        display=str(path.absolute()),
        extension=published_extension(path),
    )


def _source_from_sequence(seq: FileSequence) -> Source:
    frame_set = seq.frameSet()
    if frame_set is None:
        raise SourceNotFoundError(f"{seq} has no frame numbers")
    frames = [int(frame) for frame in frame_set]  # subframes are not allowed
    first, last = min(frames), max(frames)
    present = set(frames)
    missing = tuple(frame for frame in range(first, last + 1) if frame not in present)
    files = tuple(
        SourceFile(path=Path(seq.frame(frame)).absolute(), frame=frame) for frame in sorted(frames)
    )
    width = max(len(str(abs(first))), len(str(abs(last))), seq.zfill())
    display = seq.format("{dirname}{basename}") + "#" * width + seq.extension()
    if missing:
        display += f" (missing {compact_frames(missing)})"
    return Source(
        files=files,
        display=display,
        extension=published_extension(files[0].path),
        frame_range=FrameRange(first, last),
        missing_frames=missing,
        padding=seq.zfill(),
    )


def format_frame(frame: int, padding: int) -> str:
    """A frame number as it appears in published file names (`1001`, `0042`, `-001`)."""
    return (
        f"{frame:0{max(padding, 1)}d}" if frame >= 0 else f"-{abs(frame):0{max(padding - 1, 1)}d}"
    )


def file_source(path: Path) -> Source:
    """The Source of one file (a movie, a still, a work file), as found by a folder scan."""
    return _single(path)


def sequence_source(seq: FileSequence) -> Source:
    """The Source of a sequence fileseq found on disk (gaps become missing frames)."""
    return _source_from_sequence(seq)
