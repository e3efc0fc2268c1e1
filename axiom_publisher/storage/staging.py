"""Staging and atomic placement of one version's files.

Files are written into a hidden staging folder beside the final version folder (same
filesystem): each goes to `name.part`, is fsynced, renamed to `name`, then hashed again and
compared with the SHA-256 measured at analysis. `commit` makes the files read-only and
renames the staging folder to the final `vNNN` folder in one step, so a version folder is
never partial. `abort` removes the staging folder.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from axiom_publisher.core.errors import (
    AlreadyExistsError,
    BadInputError,
    PathOutsideRootError,
    PublishConflictError,
    SourceChangedError,
    SourceNotFoundError,
    UnreadableSourceError,
)
from axiom_publisher.core.hashing import sha256_file
from axiom_publisher.core.permissions import DEFAULT_FILE_MODE
from axiom_publisher.core.types import PublishedFile
from axiom_publisher.storage.files import (
    PART_SUFFIX,
    check_file_name,
    copy_file,
    create_exclusive,
    fsync_file,
    rename_into_place,
    write_all,
)
from axiom_publisher.storage.fs import (
    area_error,
    fsync_dir,
    make_folders_writable,
    remove_quietly,
)
from axiom_publisher.storage.layout import QUARANTINE_NAME, PublishLayout
from axiom_publisher.storage.modes import apply_file, apply_folder, make_folders, may_settle
from axiom_publisher.storage.root import not_mounted, read_marker

ByteCallback = Callable[[int], None]
READ_ONLY_FILE = DEFAULT_FILE_MODE


class Stager:
    """Stages the files of one reserved version, then commits or aborts.

    Use as a context manager (`with Stager(...) as stager:`): it opens on entry and aborts
    on exit unless `commit()` succeeded. `on_bytes` callbacks get each copied chunk's size
    (and 0 while a staged file is hashed again); they may raise to cancel.
    """

    def __init__(self, layout: PublishLayout, version_folder: str, version_id: int) -> None:
        self.layout = layout
        self.version_folder = version_folder
        self.version_id = version_id
        self.staging_folder = layout.staging_folder(version_folder, version_id)
        self.staging_path = layout.resolve(self.staging_folder)
        self.final_path = layout.resolve(version_folder)
        self._names: set[str] = set()
        self._state = "new"  # new -> open -> committed | aborted
        self._created = False

    def __enter__(self) -> Stager:
        if self._state == "new":
            self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._state != "committed":
            self.abort()

    @property
    def names(self) -> frozenset[str]:
        """The file names staged so far."""
        return frozenset(self._names)

    # -- open -----------------------------------------------------------------------------

    def open(self) -> Path:
        """Create the (empty) staging folder and return its absolute path."""
        if self._state != "new":
            raise PublishConflictError(f"the stager of {self.version_folder} was already opened")
        root = self.layout.root
        if read_marker(root) is None:  # unmounted since the publish began: create nothing
            raise not_mounted(root)
        self.final_path = self.layout.resolve(self.version_folder)
        if os.path.lexists(self.final_path):
            raise PublishConflictError(self._exists_message())
        parent = self.layout.resolve(self.staging_folder).parent
        make_folders(root, parent, self.layout.permissions)  # the area's group and mode
        self.staging_path = self.layout.resolve(self.staging_folder)  # links made meanwhile
        try:
            self.staging_path.mkdir()
        except FileExistsError as error:
            raise PublishConflictError(
                f"the staging folder {self.staging_path} already exists: another publish of "
                f"version id {self.version_id} is running, or one crashed (run "
                "`axiom verify --repair`)"
            ) from error
        except OSError as error:
            raise area_error(error, self.staging_path, "create the staging folder") from error
        self._created = True
        apply_folder(self.staging_path, self.layout.permissions)
        self._state = "open"
        return self.staging_path

    # -- adding files ---------------------------------------------------------------------

    def add_copy(
        self,
        source: Path,
        name: str,
        expected_sha256: str,
        on_bytes: ByteCallback | None = None,
        *,
        frame: int | None = None,
        representation: int = 0,
    ) -> PublishedFile:
        """Copy `source` in as `name`; its staged bytes must have `expected_sha256`."""
        self._claim(name)
        target = self.staging_path / name
        part = self.staging_path / (name + PART_SUFFIX)
        try:
            copy_file(Path(source), part, on_bytes)
            rename_into_place(part, target)
        except BaseException:
            remove_quietly(part)
            self._names.discard(name)
            raise
        return self._verified(
            target,
            expected_sha256,
            on_bytes,
            frame,
            representation,
            f"{source} changed while it was being published; publish again",
        )

    def add_link(
        self,
        published: Path,
        name: str,
        expected_sha256: str,
        on_bytes: ByteCallback | None = None,
        *,
        frame: int | None = None,
        representation: int = 0,
    ) -> PublishedFile:
        """Hard-link an already published file in as `name` (copy it where links fail)."""
        self._claim(name)
        self._names.discard(name)
        published = Path(published)
        self._check_published(published)
        target = self.staging_path / name
        try:
            # Commit gives the file the area's group and mode: another user's file that
            # lacks them (the settings changed since) cannot be changed by us: copy it.
            if not may_settle(published, self.layout.permissions):
                raise PermissionError(errno.EPERM, "another user's file", str(published))
            os.link(published, target)
        except OSError:  # EXDEV, EPERM, EMLINK, a filesystem without hard links...
            return self.add_copy(
                published,
                name,
                expected_sha256,
                on_bytes,
                frame=frame,
                representation=representation,
            )
        self._names.add(name)
        return self._verified(
            target,
            expected_sha256,
            on_bytes,
            frame,
            representation,
            f"the published file {published} no longer has its recorded "
            "SHA-256; run `axiom verify`, then publish again",
        )

    def add_bytes(self, data: bytes, name: str, *, representation: int = 0) -> PublishedFile:
        """Write a small generated file (a manifest) atomically as `name`."""
        self._claim(name)
        target = self.staging_path / name
        part = self.staging_path / (name + PART_SUFFIX)
        try:
            descriptor = create_exclusive(part)
            try:
                write_all(descriptor, memoryview(data), part)
                fsync_file(descriptor, part)
            finally:
                os.close(descriptor)
            rename_into_place(part, target)
        except BaseException:
            remove_quietly(part)
            self._names.discard(name)
            raise
        return self._verified(
            target,
            hashlib.sha256(data).hexdigest(),
            None,
            None,
            representation,
            f"{target} was changed while it was written",
        )

    # -- commit / abort -------------------------------------------------------------------

    def commit(self) -> Path:
        """Make the files read-only and rename the staging folder to the final folder."""
        self._require_open()
        if not self._names:
            raise BadInputError(f"nothing was staged for {self.version_folder}")
        staging, final = self.staging_path, self.layout.resolve(self.version_folder)
        for name in self._names:  # the area's group and (read-only) file mode
            apply_file(staging / name, self.layout.permissions)
        fsync_dir(staging)
        # A rename onto an existing empty folder would succeed: look first. (The database
        # reservation already makes two publishers of one version number impossible.)
        if os.path.lexists(final):
            raise PublishConflictError(self._exists_message())
        try:
            os.rename(staging, final)
        except OSError as error:
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise PublishConflictError(self._exists_message()) from error
            raise area_error(error, final, "rename the staging folder to") from error
        self._state = "committed"
        fsync_dir(final.parent)
        apply_folder(final, self.layout.permissions, self.layout.permissions.version_folder_mode)
        self.final_path = final
        return final

    def abort(self) -> bool:
        """Remove the staging folder this stager created. Never raises; False when the
        folder could not be removed (`axiom verify --repair` will quarantine it)."""
        if self._state == "committed":
            return True
        self._state = "aborted"
        if not self._created:
            return True
        path = self.staging_path
        try:
            make_folders_writable(path)
            shutil.rmtree(path)
        except FileNotFoundError:
            pass
        except OSError:
            return not os.path.lexists(path)
        self._created = False
        return True

    # -- internals ------------------------------------------------------------------------

    def _exists_message(self) -> str:
        return (
            f"{self.final_path} already exists: nothing was overwritten; another publish "
            "made this version, or a crash left it (run `axiom verify --repair`)"
        )

    def _require_open(self) -> None:
        if self._state != "open":
            raise PublishConflictError(
                f"the stager of {self.version_folder} is {self._state}, not open"
            )

    def _claim(self, name: str) -> None:
        self._require_open()
        check_file_name(name)
        if name in self._names:
            raise AlreadyExistsError(f"{name} is already staged in {self.version_folder}")
        self._names.add(name)

    def _check_published(self, published: Path) -> None:
        relative = self.layout.relative(published)
        parts = relative.split("/")
        if parts[0] == QUARANTINE_NAME or any(part.startswith(".") for part in parts):
            raise PathOutsideRootError(
                f"{published} is in the quarantine or a staging folder, not a published version"
            )
        if not self.layout.is_version_file(parts):
            raise PathOutsideRootError(f"{published} is not a file of a published version")
        try:
            mode = os.lstat(published).st_mode
        except FileNotFoundError as error:
            raise SourceNotFoundError(f"the published file {published} is missing") from error
        except OSError as error:
            raise UnreadableSourceError(f"cannot read {published}: {error.strerror}") from error
        if not stat.S_ISREG(mode):
            raise PathOutsideRootError(f"{published} is not a regular file")

    def _verified(
        self,
        target: Path,
        expected_sha256: str,
        on_bytes: ByteCallback | None,
        frame: int | None,
        representation: int,
        changed: str,
    ) -> PublishedFile:
        """Hash the staged file again; compare with the SHA-256 measured at analysis."""
        on_chunk = None if on_bytes is None else (lambda _count: on_bytes(0))
        try:
            digest, size = sha256_file(target, on_chunk)
        except OSError as error:
            raise area_error(error, target, "read back the staged file") from error
        if digest != expected_sha256.strip().lower():
            remove_quietly(target)
            self._names.discard(target.name)
            raise SourceChangedError(
                f"{changed} (expected SHA-256 {expected_sha256[:16]}..., staged {digest[:16]}...)"
            )
        relative = Path(self.version_folder, target.name)
        return PublishedFile(relative, size, digest, frame, representation)
