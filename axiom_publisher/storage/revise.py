"""Changing a published version folder's derived files (review media, manifest) safely.

A published folder is read-only. `FolderRevision` gives its owner write permission for the
time of a revision and makes it read-only again on exit (a crash leaves it writable: verify
reports "writable_folder" and --repair restores it). Inside, new files are placed under NEW
names only (`.part`, fsync, rename, read-only, hashed again), never over a file a viewer may
be reading; the manifest is replaced atomically (a unique temporary name, fsync, rename over
the old one); an old file is removed by name. No database here.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from axiom_publisher.core.errors import AlreadyExistsError, SourceChangedError
from axiom_publisher.core.hashing import sha256_file
from axiom_publisher.storage.files import (
    PART_SUFFIX,
    check_file_name,
    copy_file,
    create_exclusive,
    fsync_file,
    rename_into_place,
    write_all,
)
from axiom_publisher.storage.fs import add_owner_write, area_error, fsync_dir, remove_quietly
from axiom_publisher.storage.layout import PublishLayout
from axiom_publisher.storage.modes import apply_attributes, apply_file


class FolderRevision:
    """`with FolderRevision(layout, "proj/sh010/comp/main/v003") as folder:` ..."""

    def __init__(self, layout: PublishLayout, folder: str) -> None:
        self.layout = layout
        self.path = layout.resolve(folder)
        self.folder = layout.relative(self.path)
        self._previous: int | None = None

    def __enter__(self) -> FolderRevision:
        try:
            self._previous = add_owner_write(self.path)
        except OSError as error:
            raise area_error(error, self.path, "give write permission on") from error
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        fsync_dir(self.path)
        permissions = self.layout.permissions
        with contextlib.suppress(Exception):  # else verify reports it writable; --repair
            apply_attributes(self.path, permissions.version_folder_mode, permissions)

    def relative(self, name: str) -> str:
        return f"{self.folder}/{name}"

    def place(
        self, source: Path, name: str, sha256: str, on_bytes: Callable[[int], None] | None = None
    ) -> int:
        """Copy `source` in as the new file `name` (read-only; its bytes hashed again and
        compared with `sha256`); its size. AlreadyExistsError when `name` is taken."""
        check_file_name(name)
        target = self.path / name
        part = self.path / (name + PART_SUFFIX)
        if os.path.lexists(target):
            raise AlreadyExistsError(f"{target} exists already: nothing was overwritten")
        try:
            copy_file(Path(source), part, on_bytes)
            apply_file(part, self.layout.permissions)
            if os.path.lexists(target):  # a twin placed it meanwhile: keep theirs
                raise AlreadyExistsError(f"{target} exists already: nothing was overwritten")
            rename_into_place(part, target)
        except BaseException:
            remove_quietly(part)
            raise
        digest, size = sha256_file(target)
        if digest != sha256.lower():
            self.remove(name)
            raise SourceChangedError(
                f"{target} was changed while it was written (SHA-256 {digest[:16]}..., "
                f"expected {sha256[:16]}...)"
            )
        return size

    def replace(
        self, name: str, data: bytes, before_rename: Callable[[], None] | None = None
    ) -> None:
        """Replace the file `name` by `data` atomically: a reader sees the old or the new."""
        check_file_name(name)
        temporary = self.path / f"{name}.{secrets.token_hex(4)}{PART_SUFFIX}"
        try:
            descriptor = create_exclusive(temporary)
            try:
                write_all(descriptor, memoryview(data), temporary)
                fsync_file(descriptor, temporary)
            finally:
                os.close(descriptor)
            apply_file(temporary, self.layout.permissions)
            if before_rename is not None:
                before_rename()
            rename_into_place(temporary, self.path / name)
        except BaseException:
            remove_quietly(temporary)
            raise
        fsync_dir(self.path)

    def read(self, name: str) -> bytes:
        try:
            return (self.path / name).read_bytes()
        except OSError as error:
            raise area_error(error, self.path / name, "read") from error

    def remove(self, name: str) -> bool:
        """Remove the file `name` (a plain name of this folder); False when it was not there."""
        check_file_name(name)
        try:
            os.unlink(self.path / name)
        except FileNotFoundError:
            return False
        except OSError as error:
            raise area_error(error, self.path / name, "remove") from error
        return True
