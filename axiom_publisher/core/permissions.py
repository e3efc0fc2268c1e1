"""Who may write where in the publish area: its group and the modes of what AXIOM creates.

A studio where several artists publish into one area sets `[publish] group` (a group all
of them belong to) and `folder_mode = "2775"`: every folder AXIOM creates is then owned by
that group, group-writable and setgid (new folders and files inherit the group), so a
second artist can create `v002` beside the first artist's `v001`, whatever their umask.
Published files get `file_mode` (read-only); a committed version folder gets `folder_mode`
without its write bits.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass

WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
READ_ONLY_FOLDER = 0o555
DEFAULT_FILE_MODE = 0o444


@dataclass(frozen=True, slots=True)
class AreaPermissions:
    """The group (a name or a gid; None: the creating user's) and the modes (None: as the
    user's umask makes them) of the folders and files AXIOM creates in the publish area."""

    group: str | int | None = None
    folder_mode: int | None = None
    file_mode: int = DEFAULT_FILE_MODE

    @property
    def version_folder_mode(self) -> int:
        """The mode of a committed (read-only) version folder."""
        if self.folder_mode is None:
            return READ_ONLY_FOLDER
        return self.folder_mode & ~WRITE_BITS

    @property
    def configured(self) -> bool:
        """True when a studio set the group or the folder mode (a shared area)."""
        return self.group is not None or self.folder_mode is not None
