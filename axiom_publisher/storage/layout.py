"""Where things go in the publish area: the path template, and safe path resolution.

A template such as
`{project}/{entity}/{task}/{product}/v{version:03d}/{product}_v{version:03d}[.{frame}].{ext}`
puts every file of one version in one version folder (`v003`), whose last component holds
the version number. Relative paths (POSIX strings) are what the database stores; `resolve`
turns them into absolute paths and refuses anything that would land outside the root,
including through a symbolic link.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from axiom_publisher.core.errors import (
    BadInputError,
    InvalidNameError,
    PathOutsideRootError,
)
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.permissions import AreaPermissions
from axiom_publisher.core.template_rules import check_template, component_regex
from axiom_publisher.core.templates import render_template
from axiom_publisher.core.types import PublishContext

QUARANTINE_NAME = ".axiom-quarantine"
STAGING_MARK = ".axiom-staging-"
_EXT = re.compile(r"[A-Za-z0-9]{1,16}")
_FRAME = re.compile(r"-?[0-9]{1,12}")
_STAGING = re.compile(r"\.(?P<folder>[^/\\]+)" + re.escape(STAGING_MARK) + r"(?P<id>[0-9]{1,18})")


class PublishLayout:
    """The publish root and the path template, and every path derived from them."""

    def __init__(
        self,
        root: Path,
        template: str,
        permissions: AreaPermissions | None = None,
        others: tuple[PublishLayout, ...] = (),
        fixed: frozenset[str] = frozenset(),
    ) -> None:
        self.root = Path(os.path.abspath(os.fspath(root)))
        self.template = template
        self.permissions = permissions or AreaPermissions()  # for what AXIOM creates here
        self.quarantine_root = self.root / QUARANTINE_NAME
        self._folder_template = check_template(template, fixed)
        self._folder_components = self._folder_template.split("/")
        self.version_folder_depth = len(self._folder_components)
        self.version_folder_regex = re.compile(component_regex(self._folder_components[-1], {}))
        # The studio's other named templates: versions published through them are part of
        # the area too (verify walks them, dedupe links from them).
        self.others = tuple(other for other in others if other.template != template)

    def all_layouts(self) -> tuple[PublishLayout, ...]:
        """This template's layout and those of the other templates of the area."""
        return (self, *self.others)

    def is_version_file(self, parts: list[str]) -> bool:
        """True when root-relative `parts` name a file directly in a version folder of any
        template of the area."""
        return any(
            len(parts) == layout.version_folder_depth + 1
            and layout.parse_version_folder(parts[-2]) is not None
            for layout in self.all_layouts()
        )

    def __repr__(self) -> str:
        return f"PublishLayout({str(self.root)!r}, {self.template!r})"

    # -- rendering ------------------------------------------------------------------------

    def version_folder(self, context: PublishContext, number: int) -> str:
        """The folder of version `number` of a product, relative to the root (POSIX)."""
        return render_template(self._folder_template, self._values(context, number))

    def file_name(
        self,
        context: PublishContext,
        number: int,
        ext: str,
        frame: str | None = None,
        representation: str | None = None,
    ) -> str:
        """The name of one file of a version; `frame` is pre-padded ("1001") or None."""
        if _EXT.fullmatch(ext) is None:
            raise InvalidNameError(
                f"the file extension {ext[:40]!r} is not allowed: use 1-16 ASCII letters or digits"
            )
        if frame is not None and _FRAME.fullmatch(frame) is None:
            raise InvalidNameError(f"the frame {frame[:40]!r} is not a (padded) frame number")
        values = self._values(context, number)
        values["ext"] = ext
        values["frame"] = frame
        if representation is not None:
            values["representation"] = validate_name(representation, "representation")
        return render_template(self.template, values).rsplit("/", 1)[1]

    def file_path(
        self,
        context: PublishContext,
        number: int,
        ext: str,
        frame: str | None = None,
        representation: str | None = None,
    ) -> str:
        """The path of one file of a version, relative to the root (POSIX)."""
        name = self.file_name(context, number, ext, frame, representation)
        return f"{self.version_folder(context, number)}/{name}"

    def staging_folder(self, version_folder: str, version_id: int) -> str:
        """The hidden staging folder beside a version folder: `.v003.axiom-staging-42`."""
        parts = _relative_parts(version_folder)
        if not parts or self.version_folder_regex.fullmatch(parts[-1]) is None:
            raise BadInputError(f"{version_folder!r} is not a version folder of {self.template!r}")
        if isinstance(version_id, bool) or not isinstance(version_id, int) or version_id < 0:
            raise BadInputError(f"the version id {version_id!r} is not a non-negative integer")
        return "/".join([*parts[:-1], f".{parts[-1]}{STAGING_MARK}{version_id}"])

    def parse_staging_name(self, name: str) -> tuple[str, int] | None:
        """(version folder name, version id) of a staging folder name, else None."""
        match = _STAGING.fullmatch(name)
        if match is None or self.version_folder_regex.fullmatch(match["folder"]) is None:
            return None
        return match["folder"], int(match["id"])

    def parse_version_folder(self, name: str) -> int | None:
        """The version number of a version folder name (`v003` -> 3), else None."""
        match = self.version_folder_regex.fullmatch(name)
        return None if match is None else int(match["version"])

    def folder_patterns(self, project: str | None = None) -> list[re.Pattern[str]]:
        """One pattern per component of a version folder (the last one has a `version`
        group); with `project`, the components holding the project only match it."""
        pinned = {} if project is None else {"project": validate_name(project, "project")}
        return [re.compile(component_regex(part, pinned)) for part in self._folder_components]

    # -- paths ----------------------------------------------------------------------------

    def resolve(self, relative: str) -> Path:
        """The absolute path of a root-relative POSIX path; refuses ways out of the root."""
        path = self.root.joinpath(*_relative_parts(relative))
        real_root = os.path.realpath(self.root)
        real = os.path.realpath(path)
        if not _within(real, real_root):
            raise PathOutsideRootError(
                f"{relative!r} leads to {real} through a symbolic link, outside the publish "
                f"root {real_root}; remove the link or publish elsewhere"
            )
        return path

    def relative(self, path: Path) -> str:
        """The root-relative POSIX path of an absolute path under the root ("." for it)."""
        absolute = os.path.abspath(os.fspath(path))
        if _within(absolute, str(self.root)):
            text = PurePosixPath(*Path(os.path.relpath(absolute, self.root)).parts).as_posix()
        else:
            real, real_root = os.path.realpath(absolute), os.path.realpath(self.root)
            if not _within(real, real_root):
                raise PathOutsideRootError(f"{path} lies outside the publish root {self.root}")
            text = PurePosixPath(*Path(os.path.relpath(real, real_root)).parts).as_posix()
        self.resolve(text)
        return text

    # -- internals ------------------------------------------------------------------------

    def _values(self, context: PublishContext, number: int) -> dict[str, object]:
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise BadInputError(f"the version number {number!r} is not a positive integer")
        return {
            "project": validate_name(context.project, "project"),
            "entity": validate_name(context.entity, context.entity_kind.value),
            "entity_kind": context.entity_kind.value,
            "task": validate_name(context.task, "task"),
            "product": validate_name(context.product, "product"),
            "version": number,
        }


def _relative_parts(relative: str) -> list[str]:
    """The components of a root-relative POSIX path; refuses absolute paths and `..`."""
    if not isinstance(relative, str) or not relative:
        raise PathOutsideRootError(f"{relative!r} is not a relative path in the publish area")
    shown = repr(relative if len(relative) <= 120 else relative[:117] + "...")
    if "\x00" in relative or "\\" in relative:
        raise PathOutsideRootError(f"{shown} contains a NUL or a backslash; use '/' only")
    if relative.startswith("/") or PureWindowsPath(relative).drive:
        raise PathOutsideRootError(f"{shown} is absolute; give a path inside the publish root")
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise PathOutsideRootError(f"{shown} uses '..' and could leave the publish root")
    return parts


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives on Windows
        return False
