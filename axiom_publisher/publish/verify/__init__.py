"""`axiom verify`: the database and the publish area agree, and nothing published changed.

Checks every file of every published version (present, same size and SHA-256, read-only),
reservations whose lease expired (a publisher that crashed or was killed), and folders the
database does not know: staging leftovers and `vNNN` folders of versions that never became
`published`; entries added to a published version folder, writable version folders, and
(with [publish] group / folder_mode) the group and modes of the area (area.py).
`repair=True` gives published files their read-only mode and group back when their content
still matches (SHA-256 checked first), makes version folders read-only again, marks expired
reservations failed and moves unknown folders and extra files to the quarantine folder; it
never deletes, a folder that vanished before its repair is no error, and a second repair
finds nothing to do.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from functools import partial
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import SourceNotFoundError
from axiom_publisher.core.types import VerifyProblem, VerifyReport, VersionStatus
from axiom_publisher.db import Database, repo
from axiom_publisher.publish.paths import area_layout
from axiom_publisher.publish.root import ensure_publish_root
from axiom_publisher.publish.verify.area import (
    FileChecks,
    check_shared_folders,
    check_version_folder,
)
from axiom_publisher.publish.verify.restore import check_quarantined
from axiom_publisher.publish.verify.review_media import being_rebuilt, check_rebuilds
from axiom_publisher.storage import (
    check_file,
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
    """Leases are judged by the database's clock (`now` only in tests): a workstation
    whose clock is off never fails a publish that is still alive."""
    # A root that is not set up is an unmounted share, not thousands of missing files.
    ensure_publish_root(settings, write=repair)
    layout = area_layout(settings)  # knows every template: walks each one's folders
    report = VerifyReport()
    files = FileChecks(layout.permissions)

    if project is not None:  # a typo is an error, not a clean report
        database.run(lambda s: repo.check_scope(s, project))
    # Rebuilds of review media first: a repaired manifest then checks clean, and a version
    # whose rebuild is alive keeps the new files it is placing (no folder check).
    rebuilding = check_rebuilds(database, layout, report, project=project, repair=repair, now=now)
    published = database.run(
        lambda s: repo.list_versions(s, project=project, status=VersionStatus.PUBLISHED)
    )
    for record in published:
        report.versions_checked += 1
        check_quarantined(layout, record, report, repair=repair)  # before its files
        folders: dict[Path, set[str]] = {}
        for file in record.files:
            report.files_checked += 1
            path = layout.resolve(str(file.path))
            folders.setdefault(path.parent, set()).add(path.name)
            problems = [
                dataclasses.replace(problem, version_id=record.id)
                for problem in check_file(path, file.size, file.sha256, digests=files.digests)
            ]
            problems = files.check(path, file.sha256, problems, record.id)
            if repair:
                problems = files.repair(path, problems, report)
            report.problems.extend(problems)
        for version_folder, names in folders.items():
            if being_rebuilt(database, record.id, version_folder, names, rebuilding, now):
                continue
            check_version_folder(layout, version_folder, names, record.id, report, repair=repair)

    for record in database.run(lambda s: repo.expired_staging(s, now, project)):
        problem = VerifyProblem(
            kind="expired_lease",
            path=str(layout.resolve(str(record.path))),
            message=f"{record.project}/{record.entity}/{record.task}/{record.product} "
            f"{record.label} was reserved but never finished (its lease expired)",
            version_id=record.id,
        )
        if repair:
            fail = partial(
                repo.fail_version,
                version_id=record.id,
                reason=EXPIRED_REASON,
                if_expired=True,
                now=now,
            )
            if not database.run(fail):  # renewed or finished meanwhile: alive after all
                continue
            report.repairs.append(f"marked {record.label} (version id {record.id}) failed")
            problem = dataclasses.replace(problem, repaired=True)
        report.problems.append(problem)

    # Scan first, then read the database: a publish reserves its version before it creates
    # any folder, so every folder the scan sees is already known to this read.
    scan = scan_area(layout, project)
    # Live leases before folders: a version published in between is then known published.
    live = database.run(lambda s: repo.live_staging(s, now, project))
    known = database.run(lambda s: repo.version_folders(s, project))

    def in_progress(version_id: int | None, folder: str | None) -> bool:
        for key, (known_id, _status, _lease) in known.items():
            if (version_id is not None and known_id == version_id) or key == folder:
                return known_id in live
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
            try:
                moved = quarantine(layout, relative)
            except SourceNotFoundError:  # its publish finished or cleaned it up meanwhile
                report.repairs.append(f"{relative} was gone before the repair: nothing to move")
            else:
                report.repairs.append(f"moved {relative} to {moved}")
            problem = dataclasses.replace(problem, repaired=True)
        report.problems.append(problem)
    check_shared_folders(layout, scan.folders, report, repair=repair)
    return report
