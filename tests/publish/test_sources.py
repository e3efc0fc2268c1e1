"""Sources: single files, sequences by pattern or by one frame, folders, and bad paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.core.errors import BadInputError, SourceNotFoundError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.sources import format_frame, looks_like_pattern, resolve_source


def _sequence(folder: Path, frames: list[int], name: str = "plate", ext: str = "exr") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for frame in frames:
        (folder / f"{name}.{frame:04d}.{ext}").write_bytes(f"frame {frame}".encode())


@pytest.mark.parametrize(
    "pattern",
    ["plate.####.exr", "plate.%04d.exr", "plate.$F4.exr", "plate.@@@@.exr", "plate.1003.exr"],
)
def test_every_way_of_naming_a_sequence_finds_the_same_frames(tmp_path: Path, pattern: str) -> None:
    _sequence(tmp_path, [1001, 1002, 1003, 1005, 1006])
    source = resolve_source(tmp_path / pattern)
    assert source.frame_range == FrameRange(1001, 1006)
    assert source.missing_frames == (1004,)
    assert [file.frame for file in source.files] == [1001, 1002, 1003, 1005, 1006]
    assert all(file.path.is_absolute() and file.path.exists() for file in source.files)
    assert source.extension == "exr"
    assert source.padding == 4
    assert "missing 1004" in source.display


def test_missing_frames_at_both_ends_are_not_invented(tmp_path: Path) -> None:
    # A sequence's range is what is on disk; gaps inside it are missing frames.
    _sequence(tmp_path, [1001, 1003, 1004, 1007])
    source = resolve_source(tmp_path / "plate.####.exr")
    assert source.frame_range == FrameRange(1001, 1007)
    assert source.missing_frames == (1002, 1005, 1006)


def test_a_movie_is_a_single_file(tmp_path: Path) -> None:
    movie = tmp_path / "clip.mov"
    movie.write_bytes(b"not really a movie")
    source = resolve_source(movie)
    assert not source.is_sequence
    assert [file.path for file in source.files] == [movie]
    assert source.files[0].frame is None


def test_numbered_movies_are_separate_takes_not_a_sequence(tmp_path: Path) -> None:
    for take in (18, 23):
        (tmp_path / f"p_{take}.mov").write_bytes(b"a take")
    source = resolve_source(tmp_path / "p_18.mov")
    assert not source.is_sequence
    assert [file.path for file in source.files] == [tmp_path / "p_18.mov"]
    assert source.missing_frames == ()
    with pytest.raises(BadInputError, match="holds 2 files"):
        resolve_source(tmp_path)  # a folder of two takes: name the one to publish


def test_a_lone_numbered_file_is_a_single_file(tmp_path: Path) -> None:
    _sequence(tmp_path, [1001])
    source = resolve_source(tmp_path / "plate.1001.exr")
    assert not source.is_sequence
    assert len(source.files) == 1


def test_a_folder_with_one_sequence_publishes_it(tmp_path: Path) -> None:
    _sequence(tmp_path / "delivery", [1, 2, 3])
    source = resolve_source(tmp_path / "delivery")
    assert source.frame_range == FrameRange(1, 3)


def test_a_folder_with_several_items_asks_which(tmp_path: Path) -> None:
    _sequence(tmp_path, [1, 2], name="a")
    _sequence(tmp_path, [1, 2], name="b")
    with pytest.raises(BadInputError, match="holds 2 files or sequences"):
        resolve_source(tmp_path)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.mov", "does not exist"),
        ("nothing.####.exr", "no files match"),
        ("nothing.%04d.exr", "no files match"),
    ],
)
def test_bad_paths_name_the_path(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(SourceNotFoundError, match=message) as caught:
        resolve_source(tmp_path / name)
    assert str(tmp_path / name) in str(caught.value)
    assert caught.value.exit_code == 2


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceNotFoundError, match="is empty") as caught:
        resolve_source(tmp_path / "empty")
    assert str(tmp_path / "empty") in str(caught.value)


def test_pattern_detection() -> None:
    assert looks_like_pattern("/a/b/plate.####.exr")
    assert looks_like_pattern("plate.%04d.exr")
    assert looks_like_pattern("plate.$F4.exr")
    assert not looks_like_pattern("/shows/x#1/plate.1001.exr")
    assert not looks_like_pattern("clip.mov")


def test_format_frame_pads_like_the_source() -> None:
    assert format_frame(1001, 4) == "1001"
    assert format_frame(7, 4) == "0007"
    assert format_frame(12345, 4) == "12345"
    assert format_frame(-3, 4) == "-003"


@pytest.mark.parametrize(
    "name", ["x_2.2.0_error_1_exr", "a#b.1001.exr", "x.1-5#.exr", "x$F4.exr", "lit%04d.exr"]
)
def test_a_name_fileseq_cannot_parse_is_a_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"payload")
    source = resolve_source(tmp_path / name)
    assert [file.path for file in source.files] == [tmp_path / name]
    assert resolve_source(tmp_path).files == source.files  # the folder holds just that file


def test_a_frame_named_relative_to_the_current_folder_finds_its_sequence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sequence(tmp_path, [1001, 1002, 1003])
    monkeypatch.chdir(tmp_path)
    source = resolve_source("plate.1002.exr")
    assert source.frame_range == FrameRange(1001, 1003)
    assert all(file.path.exists() for file in source.files)


def test_non_ascii_digits_never_name_a_file_that_does_not_exist(tmp_path: Path) -> None:
    _sequence(tmp_path, [1001, 1002])
    odd = tmp_path / "plate.١٢.exr"  # fileseq reads it as frame 12 of plate.12.exr
    odd.write_bytes(b"odd")
    assert resolve_source(odd).files[0].path == odd
    sequence = resolve_source(tmp_path / "plate.1001.exr")
    assert [file.path.name for file in sequence.files] == ["plate.1001.exr", "plate.1002.exr"]
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "x.١٢.exr").write_bytes(b"odd")
    assert resolve_source(alone).files[0].path == alone / "x.١٢.exr"


def test_a_file_without_extension_is_published_with_its_contents_extension(
    tmp_path: Path,
) -> None:
    (frame,) = write_sequence(tmp_path / "png", "f", 1, 1, 16, 16)
    image = tmp_path / "1001"
    image.write_bytes(frame.read_bytes())
    text = tmp_path / "notes"
    text.write_text("hello\n", encoding="utf-8")
    assert resolve_source(image).extension == "png"
    assert resolve_source(text).extension == ""  # a publish refuses it, naming the file
    named = tmp_path / "named.1001"  # a frame number is not an extension
    named.write_bytes(frame.read_bytes())
    assert resolve_source(named).extension == "png"
