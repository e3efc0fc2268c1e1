"""The checks of `axiom verify` beyond file contents, and their repairs.

A published file: its mode and group (a hard link shared by several versions is one file:
its problems are reported, and repaired, once). A published version folder: entries that
are none of its recorded files ("extra_file", quarantined by --repair, keeping their
relative path), and its mode ("writable_folder", "mode") and group. With a shared area
([publish] group or folder_mode), the root, the folders above the version folders and the
quarantine: their mode and group. A repair the running user may not make (not the owner,
not in the group) leaves the problem with the reason.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from axiom_publisher.core.errors import AxiomError
from axiom_publisher.core.permissions import AreaPermissions
from axiom_publisher.core.types import VerifyProblem, VerifyReport
from axiom_publisher.storage import PublishLayout
from axiom_publisher.storage.audit import check_attributes, extra_entries, extra_problem
from axiom_publisher.storage.modes import apply_attributes
from axiom_publisher.storage.verify import quarantine_entry

# Problems of the file itself (its inode), not of one of its paths.
INODE_KINDS = frozenset({"writable", "mode", "group"})


class FileChecks:
    """Per-file attribute checks over one verify run, each hard-linked file once."""

    def __init__(self, permissions: AreaPermissions) -> None:
        self.permissions = permissions
        self._seen: dict[tuple[int, int], tuple[Path, str]] = {}
        self.digests: dict[tuple[int, int, int, int], str] = {}  # check_file's, by inode

    def check(
        self, path: Path, sha256: str, problems: list[VerifyProblem], version_id: int
    ) -> list[VerifyProblem]:
        """`problems` (check_file's) with the mode and group problems of `path` added; when
        another path of the same file (a hard link) was checked, its problems were that
        one's: left out (its content problems too, if both were published as one SHA-256)."""
        problems = problems + check_attributes(
            path, self.permissions.file_mode, self.permissions, version_id=version_id
        )
        try:
            info = os.lstat(path)
        except OSError:
            return problems
        inode = (info.st_dev, info.st_ino)
        first, first_sha256 = self._seen.setdefault(inode, (path, sha256))
        if first == path:
            return problems
        if first_sha256 == sha256:
            return []
        return [problem for problem in problems if problem.kind not in INODE_KINDS]

    def repair(
        self, path: Path, problems: list[VerifyProblem], report: VerifyReport
    ) -> list[VerifyProblem]:
        """Give a published file whose content still matches its mode and group back
        (that loses nothing); one whose content changed keeps them, and says why."""
        fixable = [problem for problem in problems if problem.kind in INODE_KINDS]
        if not fixable:
            return problems
        if len(problems) > len(fixable):
            kept = (
                " (not made read-only: its content no longer matches what was published; "
                "restore the file from a backup, or publish again)"
            )
            return [
                _amended(problem, kept) if problem in fixable else problem for problem in problems
            ]
        try:
            apply_attributes(path, self.permissions.file_mode, self.permissions)
        except AxiomError as error:
            return [_amended(problem, f" (not repaired: {error})") for problem in problems]
        report.repairs.append(
            f"made {path} read-only again (mode {self.permissions.file_mode:04o}; its SHA-256 "
            "still matches)"
        )
        return [dataclasses.replace(problem, repaired=True) for problem in problems]


def check_version_folder(
    layout: PublishLayout,
    folder: Path,
    names: set[str],
    version_id: int,
    report: VerifyReport,
    *,
    repair: bool,
) -> None:
    """Extra entries and the mode and group of one published version folder."""
    for name in extra_entries(folder, names):
        problem = extra_problem(folder / name, version_id)
        if repair:
            try:
                moved = quarantine_entry(layout, layout.relative(folder), name)
            except AxiomError as error:
                problem = _amended(problem, f" (not moved: {error})")
            else:
                report.repairs.append(f"moved {folder / name} to {moved}")
                problem = dataclasses.replace(problem, repaired=True)
        report.problems.append(problem)
    permissions = layout.permissions
    mode = permissions.version_folder_mode
    check_folder(folder, mode, permissions, version_id, report, repair=repair)


def check_folder(
    folder: Path,
    mode: int | None,
    permissions: AreaPermissions,
    version_id: int | None,
    report: VerifyReport,
    *,
    repair: bool,
) -> None:
    """The mode and group of one folder; --repair sets them where the user may."""
    problems = check_attributes(folder, mode, permissions, version_id=version_id, folder=True)
    if problems and repair:
        try:
            apply_attributes(folder, mode, permissions)
        except AxiomError as error:
            problems = [_amended(problem, f" (not repaired: {error})") for problem in problems]
        else:
            shown = "its group" if mode is None else f"the mode {mode:04o}"
            report.repairs.append(f"gave {folder} {shown} again")
            problems = [dataclasses.replace(problem, repaired=True) for problem in problems]
    report.problems.extend(problems)


def check_shared_folders(
    layout: PublishLayout, folders: tuple[str, ...], report: VerifyReport, *, repair: bool
) -> None:
    """With a shared area: the root, the quarantine and the folders above the version
    folders carry the area's group and folder mode (else other artists cannot publish)."""
    permissions = layout.permissions
    if not permissions.configured:
        return
    paths = [layout.root, layout.quarantine_root, *(layout.resolve(each) for each in folders)]
    for path in paths:
        if os.path.isdir(path):
            check_folder(path, permissions.folder_mode, permissions, None, report, repair=repair)


def _amended(problem: VerifyProblem, text: str) -> VerifyProblem:
    return dataclasses.replace(problem, message=problem.message + text)
