"""`axiom verify`: the database and the publish area agree, and nothing published changed.

Checks every file of every published version (present, same size and SHA-256, read-only),
reservations whose lease expired (a publisher that crashed or was killed), and folders the
database does not know: staging leftovers and `vNNN` folders of versions that never became
`published`. `repair=True` makes writable published files read-only again when their
content still matches (SHA-256 checked first), marks expired reservations failed and moves
unknown folders to the quarantine folder; it never deletes, and a second repair finds
nothing to do.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.types import VerifyProblem, VerifyReport, VersionStatus
from axiom_publisher.db import Database, repo
from axiom_publisher.publish.root import ensure_publish_root
from axiom_publisher.storage import (
    PublishLayout,
    check_file,
    make_read_only,
    quarantine,
    scan_area,
)

EXPIRED_REASON = (
    "lease expired: the publishing process stopped; marked failed by axiom verify --repair"
)


def verify(
    database: Database,
    settings: Settings,
    *,
    project: str | None = None,
    repair: bool = False,
    now: datetime | None = None,
) -> VerifyReport:
    now = now or datetime.now(timezone.utc)
    # A root that is not set up is an unmounted share, not thousands of missing files.
    ensure_publish_root(settings, write=repair)
    layout = PublishLayout(settings.publish_root, settings.path_template)
    report = VerifyReport()

    if project is not None:  # a typo is an error, not a clean report
        database.run(lambda s: repo.check_scope(s, project))
    published = database.run(
        lambda s: repo.list_versions(s, project=project, status=VersionStatus.PUBLISHED)
    )
    for record in published:
        report.versions_checked += 1
        for file in record.files:
            report.files_checked += 1
            path = layout.resolve(str(file.path))
            problems = [
                dataclasses.replace(problem, version_id=record.id)
                for problem in check_file(path, file.size, file.sha256)
            ]
            if repair:
                problems = _repair_writable(path, problems, report)
            report.problems.extend(problems)

    for record in database.run(lambda s: repo.expired_staging(s, now, project)):
        problem = VerifyProblem(
            kind="expired_lease",
            path=str(layout.resolve(str(record.path))),
            message=f"{record.project}/{record.entity}/{record.task}/{record.product} "
            f"{record.label} was reserved but never finished (its lease expired)",
            version_id=record.id,
        )
        if repair:
            database.run(partial(repo.fail_version, version_id=record.id, reason=EXPIRED_REASON))
            report.repairs.append(f"marked {record.label} (version id {record.id}) failed")
            problem = dataclasses.replace(problem, repaired=True)
        report.problems.append(problem)

    # Scan first, then read the database: a publish reserves its version before it creates
    # any folder, so every folder the scan sees is already known to this read.
    scan = scan_area(layout, project)
    known = database.run(lambda s: repo.version_folders(s, project))

    def in_progress(version_id: int | None, folder: str | None) -> bool:
        for key, (known_id, status, lease) in known.items():
            if (version_id is not None and known_id == version_id) or key == folder:
                return status is VersionStatus.STAGING and lease is not None and lease >= now
        return False

    leftovers: list[tuple[str, str, str]] = []
    for staging in scan.staging:
        if not in_progress(staging.version_id, None):
            leftovers.append(
                (staging.path, "staging_leftover", "a staging folder no running publish owns")
            )
    for folder in scan.versions:
        entry = known.get(folder)
        if entry is not None and entry[1] is VersionStatus.PUBLISHED:
            continue
        if in_progress(None, folder):
            continue
        leftovers.append(
            (folder, "unknown_folder", "a version folder the database does not list as published")
        )
    for relative, kind, message in leftovers:
        problem = VerifyProblem(kind=kind, path=str(layout.resolve(relative)), message=message)
        if repair:
            moved = quarantine(layout, relative)
            report.repairs.append(f"moved {relative} to {moved}")
            problem = dataclasses.replace(problem, repaired=True)
        report.problems.append(problem)
    return report


def _repair_writable(
    path: Path, problems: list[VerifyProblem], report: VerifyReport
) -> list[VerifyProblem]:
    """Take the write bits off a published file whose content still matches (that loses
    nothing); one whose content changed keeps them, and its problem says why."""
    writable = [problem for problem in problems if problem.kind == "writable"]
    if not writable:
        return problems
    if len(problems) > len(writable):
        kept = (
            " (not made read-only: its content no longer matches what was published; restore "
            "the file from a backup, or publish again)"
        )
        return [
            dataclasses.replace(problem, message=problem.message + kept)
            if problem.kind == "writable"
            else problem
            for problem in problems
        ]
    make_read_only(path)
    report.repairs.append(f"made {path} read-only again (its SHA-256 still matches)")
    return [dataclasses.replace(problem, repaired=True) for problem in problems]
