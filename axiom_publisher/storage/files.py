"""Writing one file safely: plain-name checks, exclusive create, full writes, fsync."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from axiom_publisher.core.errors import (
    InvalidNameError,
    SourceNotFoundError,
    UnreadableSourceError,
)
from axiom_publisher.core.hashing import CHUNK_SIZE
from axiom_publisher.storage.fs import area_error

PART_SUFFIX = ".part"
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def check_file_name(name: str) -> str:
    """Return `name` if it is a plain file name for a version folder, else raise."""
    bad = (
        not isinstance(name, str)
        or name in ("", ".", "..")
        or name.startswith(".")
        or name.endswith((PART_SUFFIX, ".", " "))
        or any(char in name for char in "/\\:")
        or any(ord(char) < 32 or ord(char) == 127 for char in name)
        or len(name.encode("utf-8", "surrogatepass")) > 255
    )
    if bad:
        shown = repr(name)[:80]
        raise InvalidNameError(
            f"the file name {shown} is not allowed: give a plain name without folders, "
            "control characters or a leading dot"
        )
    return name


def copy_file(source: Path, part: Path, on_bytes: Callable[[int], None] | None) -> None:
    try:
        reader = open(source, "rb", buffering=0)  # noqa: SIM115 - closed below
    except FileNotFoundError as error:
        raise SourceNotFoundError(f"{source} disappeared before it could be published") from error
    except OSError as error:
        raise UnreadableSourceError(f"cannot read {source}: {error.strerror}") from error
    with reader:
        descriptor = create_exclusive(part)
        try:
            buffer = bytearray(CHUNK_SIZE)
            view = memoryview(buffer)
            while True:
                try:
                    count = reader.readinto(buffer)
                except OSError as error:
                    raise UnreadableSourceError(
                        f"cannot read {source}: {error.strerror}"
                    ) from error
                if not count:
                    break
                write_all(descriptor, view[:count], part)
                if on_bytes is not None:
                    on_bytes(count)
            fsync_file(descriptor, part)
        finally:
            os.close(descriptor)


def create_exclusive(part: Path) -> int:
    try:
        return os.open(part, _WRITE_FLAGS, 0o644)
    except OSError as error:
        raise area_error(error, part, "create") from error


def write_all(descriptor: int, data: memoryview, path: Path) -> None:
    while data:
        try:
            written = os.write(descriptor, data)
        except OSError as error:
            raise area_error(error, path, "write") from error
        data = data[written:]


def fsync_file(descriptor: int, path: Path) -> None:
    try:
        os.fsync(descriptor)
    except OSError as error:
        raise area_error(error, path, "flush to disk") from error


def rename_into_place(part: Path, target: Path) -> None:
    try:
        os.rename(part, target)
    except OSError as error:
        raise area_error(error, target, "rename into place") from error
