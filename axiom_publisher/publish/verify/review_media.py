"""`axiom verify`: rebuilds of review media that stopped half-way (publish.review_media).

- "rebuild_expired": a rebuild reserved but never finished (its lease ran out): its new
  files are not recorded (the folder check reports them as extra files and --repair
  quarantines them); --repair marks it failed. The old media stay recorded.
- "manifest_stale": a rebuild committed (the new media are recorded) but stopped before
  it replaced the manifest: the folder still has the manifest it started from. --repair
  writes the revised one, which is a function of the recorded rebuild and that manifest,
  so its SHA-256 is the recorded one (checked before it is written). The old proxy and
  thumbnails it left are extra files (quarantined).
A version whose rebuild is alive is left out of the folder checks (its new files are
being placed); checked before the files, so a repaired manifest then checks clean.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from datetime import datetime
from functools import partial
from pathlib import Path

from axiom_publisher.core.errors import AxiomError
from axiom_publisher.core.review_media import Rebuild
from axiom_publisher.core.types import VerifyProblem, VerifyReport
from axiom_publisher.db import Database
from axiom_publisher.db import review_media as db
from axiom_publisher.publish.records import MANIFEST_NAME
from axiom_publisher.publish.review_media.names import pair_files, revised_manifest
from axiom_publisher.storage import PublishLayout
from axiom_publisher.storage.audit import extra_entries
from axiom_publisher.storage.revise import FolderRevision

EXPIRED_REASON = "lease expired: the rebuilding process stopped; marked failed by verify --repair"


def check_rebuilds(
    database: Database,
    layout: PublishLayout,
    report: VerifyReport,
    *,
    project: str | None,
    repair: bool,
    now: datetime | None,
) -> set[int]:
    """Report (and repair) stopped rebuilds; the ids of versions with a live rebuild."""
    live, expired = database.run(lambda s: db.staging_rebuilds(s, now, project))
    for rebuild in expired:
        problem = VerifyProblem(
            kind="rebuild_expired",
            path=str(layout.resolve(rebuild.folder)),
            message=f"the review media rebuild (revision {rebuild.revision}) of version id "
            f"{rebuild.version_id} was reserved but never finished (its lease expired); "
            "`axiom verify --repair` marks it failed",
            version_id=rebuild.version_id,
        )
        if repair:
            fail = partial(
                db.fail_rebuild, rebuild_id=rebuild.id, reason=EXPIRED_REASON, if_expired=True,
                now=now,
            )  # fmt: skip
            if not database.run(fail):  # renewed or finished meanwhile
                continue
            report.repairs.append(
                f"marked the rebuild of version id {rebuild.version_id} (revision "
                f"{rebuild.revision}) failed"
            )
            problem = dataclasses.replace(problem, repaired=True)
        report.problems.append(problem)
    for rebuild in database.run(lambda s: db.last_published_rebuilds(s, project)):
        _check_manifest(layout, rebuild, report, repair=repair)
    return {rebuild.version_id for rebuild in live}


def being_rebuilt(
    database: Database,
    version_id: int,
    folder: Path,
    names: set[str],
    rebuilding: set[int],
    now: datetime | None,
) -> bool:
    """Whether the folder of `version_id` must be left alone: a rebuild of it was alive at
    the start, or its folder has unrecorded entries and a rebuild started since (asked
    again then, so a rebuild that began during a long verify keeps the files it placed)."""
    if version_id in rebuilding:
        return True
    if not extra_entries(folder, names):
        return False
    return bool(database.run(lambda s: db.live_rebuild_of(s, version_id, now)))


def _check_manifest(
    layout: PublishLayout, rebuild: Rebuild, report: VerifyReport, *, repair: bool
) -> None:
    if rebuild.new_manifest_sha256 is None or rebuild.old_manifest_sha256 is None:
        return
    path = layout.resolve(rebuild.folder) / MANIFEST_NAME
    try:
        current = path.read_bytes()
    except OSError:
        return  # missing or unreadable: the file checks report it
    if hashlib.sha256(current).hexdigest() != rebuild.old_manifest_sha256:
        return  # up to date, or changed otherwise: the file checks say which
    problem = VerifyProblem(
        kind="manifest_stale",
        path=str(path),
        message=f"{path} predates revision {rebuild.revision} of the version's review media "
        "(a rebuild stopped after recording them); `axiom verify --repair` rewrites it",
        version_id=rebuild.version_id,
    )
    if repair:
        pairs = pair_files(rebuild.old_files, rebuild.new_files)
        data = revised_manifest(current, rebuild, pairs)
        if hashlib.sha256(data).hexdigest() != rebuild.new_manifest_sha256:
            problem = dataclasses.replace(
                problem, message=problem.message + " (not repaired: the revised manifest does "
                "not have the recorded SHA-256)",
            )  # fmt: skip
        else:
            with contextlib.suppress(AxiomError), FolderRevision(layout, rebuild.folder) as folder:
                folder.replace(MANIFEST_NAME, data)
                report.repairs.append(
                    f"rewrote {path} for revision {rebuild.revision} of its review media"
                )
                problem = dataclasses.replace(problem, repaired=True)
    report.problems.append(problem)
