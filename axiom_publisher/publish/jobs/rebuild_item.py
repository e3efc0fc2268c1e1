"""The review media rebuild farm job: `axiom versions rebuild-proxy VERSION --farm`.

`record_rebuild_job` writes the farm_job row (kind proxy_rebuild; the submitter queues it);
`run_rebuild_job` is what a worker (or `axiom job run ID`) runs in the frame of jobs.runner:
progress per decoded frame on the row, a cancel honoured between frames. The rebuild it
reserves is recorded in the job's payload (`rebuild_id`) before anything is placed, so a
retry of a job whose rebuild committed finishes its tail (manifest, old files) instead of
rebuilding twice, and a retry
of one whose run died first fails that dead run's reservation (its lease need not expire:
the job is the only one that runs it) and removes the files it had placed.
"""

from __future__ import annotations

import uuid

from axiom_publisher.config import Settings
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.review_media import MANIFEST, Rebuild
from axiom_publisher.core.user import current_user
from axiom_publisher.db import Database, farm_jobs, repo
from axiom_publisher.db import review_media as db
from axiom_publisher.publish.jobs.runner import JobRun, run_recorded
from axiom_publisher.publish.paths import area_layout
from axiom_publisher.publish.review_media import rebuild_review_media
from axiom_publisher.publish.review_media.finish import finish_committed
from axiom_publisher.publish.review_media.names import revised_name
from axiom_publisher.storage.revise import FolderRevision

REBUILD_KIND = "proxy_rebuild"
RETRIED_REASON = "its farm job's run stopped; failed by the job's retry"


def record_rebuild_job(
    database: Database,
    version_id: int,
    *,
    reason: str = "",
    thumbnail_frame: int | None = None,
) -> FarmJobRecord:
    """Record a queued rebuild of version `version_id`'s review media."""
    user = current_user()
    label = database.run(lambda s: repo.describe_version(s, version_id))  # it exists
    payload = {
        "version_id": version_id, "project": label.split("/", 1)[0], "version": label,
        "reason": reason, "thumbnail_frame": thumbnail_frame, "author": user,
    }  # fmt: skip
    key = uuid.uuid4().hex
    return database.run(lambda s: farm_jobs.create_job(s, REBUILD_KIND, payload, key, user))


def run_rebuild_job(
    settings: Settings, job_id: int, *, take_over: bool = False, database: Database | None = None
) -> FarmJobRecord:
    """Run recorded rebuild job `job_id` here; the job's row as it ends (jobs.runner)."""
    return run_recorded(
        settings, job_id, REBUILD_KIND, _rebuild, take_over=take_over, database=database
    )


def _rebuild(run: JobRun) -> int:
    payload, job_id, database = run.job.payload, run.job.id, run.database
    version_id = int(payload["version_id"])
    earlier = payload.get("rebuild_id")
    if earlier is not None:
        rebuild = database.run(lambda s: db.get_rebuild(s, int(earlier)))
        if rebuild.status == "published":  # an earlier run committed it: exactly once
            finish_committed(run.settings, database, rebuild)  # the tail it did not reach
            return version_id
        if rebuild.status == "staging":
            abandon(run.settings, database, rebuild)

    def reserved(rebuild: Rebuild) -> None:
        values = {"rebuild_id": rebuild.id, "revision": rebuild.revision}
        database.run(lambda s: farm_jobs.merge_payload(s, job_id, values))

    frame = payload.get("thumbnail_frame")
    outcome = rebuild_review_media(
        run.settings, database, version_id, reason=str(payload.get("reason") or ""),
        requested_by=str(payload.get("author") or run.job.submitted_by),
        thumbnail_frame=int(frame) if frame is not None else None,
        progress=run.reporter, cancel=run.reporter.cancel, on_reserved=reserved,
    )  # fmt: skip
    result = {"revision": outcome.rebuild.revision, "proxy": str(outcome.version.proxy)}
    database.run(lambda s: farm_jobs.merge_payload(s, job_id, {"result": result}))
    return version_id


def abandon(settings: Settings, database: Database, rebuild: Rebuild) -> None:
    """Fail the staging rebuild of a run that died and remove the new files it placed
    (their names follow from its revision; a file the database records is never removed)."""
    if not database.run(lambda s: db.fail_rebuild(s, rebuild.id, RETRIED_REASON)):
        return
    version = database.run(lambda s: repo.list_versions(s, version_id=rebuild.version_id))[0]
    recorded = {str(file.path).rsplit("/", 1)[-1] for file in version.files}
    names = {
        revised_name(file.name, rebuild.revision)
        for file in rebuild.old_files
        if file.representation != MANIFEST
    }
    with FolderRevision(area_layout(settings), rebuild.folder) as folder:
        for name in sorted(names - recorded):
            folder.remove(name)
