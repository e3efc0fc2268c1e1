"""Rebuild a published version's review proxy and thumbnails (DESIGN section 3, review media).

1. Reserve (one short transaction): the version row locked, the next revision recorded as
   a staging `review_media` row with a lease (one live rebuild a version), with the file
   rows it will replace (manifest, proxy, thumbnails) as they are now.
2. Decode the published files again in one pass (media.analyze: the same proxy encoder and
   thumbnail picker as a publish), into a scratch folder; their SHA-256s and pixel hash are
   compared with the records, so media are never derived from a changed publish. Progress
   per frame, cancel between frames, the lease renewed.
3. Place the new proxy and thumbnails in the version folder under NEW names (`_r<N>`),
   never over a file a viewer may be reading (the folder writable for the time of it).
4. Commit (one transaction): the file rows and the version's proxy_path / thumbnail_path
   repointed (conditional on the rows being as reserved), the manifest row's new size and
   SHA-256, the rebuild marked published. The point of no return.
5. Replace the manifest atomically (temporary name, fsync, rename), then remove the old
   proxy and thumbnails, and make the folder read-only again.

A crash before 4 leaves the old media recorded, an expiring staging row and unrecorded new
files; after 4, the new media recorded, a manifest that verify rewrites (it is a function of
the recorded rebuild) and old files: `axiom verify --repair` settles every case.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import (
    CancelledError,
    PublishConflictError,
)
from axiom_publisher.core.review_media import MANIFEST, PROXY, THUMBNAIL, MediaFile, Rebuild
from axiom_publisher.core.types import (
    ProgressCallback,
    ProgressEvent,
    VersionRecord,
    no_progress,
)
from axiom_publisher.core.user import current_user
from axiom_publisher.db import Database, Session, repo
from axiom_publisher.db import review_media as db
from axiom_publisher.media.analyze import SourceAnalysis, analyze_source
from axiom_publisher.publish.inspect import analysis_options
from axiom_publisher.publish.paths import area_layout
from axiom_publisher.publish.records import MANIFEST_NAME
from axiom_publisher.publish.review_media.steps import (
    check_unchanged,
    place_outputs,
    published_source,
    revise_manifest,
)
from axiom_publisher.publish.root import ensure_publish_root
from axiom_publisher.storage.revise import FolderRevision

# Tests: "<phase>:<seconds>" pauses there (placed, committed, manifest, renamed), after
# creating the file named by AXIOM_REBUILD_TEST_MARK, so that a test can kill the process.
PAUSE = "AXIOM_REBUILD_TEST_PAUSE"
MARK = "AXIOM_REBUILD_TEST_MARK"


@dataclass(frozen=True, slots=True)
class RebuildOutcome:
    """A finished rebuild: the version and its review media as recorded now."""

    rebuild: Rebuild
    version: VersionRecord


def pause_at(phase: str) -> None:
    wanted, _, seconds = os.environ.get(PAUSE, "").partition(":")
    if wanted != phase:
        return
    mark = os.environ.get(MARK)
    if mark:
        Path(mark).write_text(phase)
    time.sleep(float(seconds or 60))


class _Lease:
    def __init__(self, database: Database, rebuild_id: int, seconds: int) -> None:
        self.database, self.rebuild_id, self.seconds = database, rebuild_id, seconds
        self.renewed_at = time.monotonic()

    def touch(self) -> None:
        if time.monotonic() - self.renewed_at < self.seconds / 3:
            return
        if not self.database.run(lambda s: db.renew_rebuild(s, self.rebuild_id, self.seconds)):
            raise PublishConflictError(
                f"rebuild {self.rebuild_id} was marked failed while it ran (its lease "
                "expired); rebuild again"
            )
        self.renewed_at = time.monotonic()


def rebuild_review_media(
    settings: Settings,
    database: Database,
    version_id: int,
    *,
    reason: str = "",
    requested_by: str | None = None,
    thumbnail_frame: int | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_reserved: Callable[[Rebuild], None] | None = None,
) -> RebuildOutcome:
    """Rebuild the review proxy and thumbnails of published version `version_id`."""
    cancel = cancel or CancelToken()
    ensure_publish_root(settings, write=True)
    record = database.run(lambda s: repo.list_versions(s, version_id=version_id))[0]
    project = database.run(lambda s: repo.get_project(s, record.project))
    entity = database.run(
        lambda s: repo.get_entity(s, record.project, record.entity, record.entity_kind)
    )
    colorspace = database.run(lambda s: db.version_colorspace(s, version_id))
    options = analysis_options(settings, project, entity)
    if thumbnail_frame is not None:
        options = dataclasses.replace(options, thumbnail_frame=thumbnail_frame)
    progress(ProgressEvent("rebuild", 0, 1, f"reserving a rebuild of {record.label}"))
    rebuild = database.run(
        lambda s: db.reserve_rebuild(
            s, version_id, author=current_user(), requested_by=requested_by or current_user(),
            reason=reason, thumbnail_frame=thumbnail_frame, lease_seconds=settings.lease_seconds,
        )
    )  # fmt: skip
    if on_reserved is not None:
        on_reserved(rebuild)
    lease = _Lease(database, rebuild.id, settings.lease_seconds)
    layout = area_layout(settings)

    def step(event: ProgressEvent) -> None:
        lease.touch()
        progress(event)
        cancel.raise_if_cancelled()

    with tempfile.TemporaryDirectory(prefix="axiom-rebuild-") as scratch:
        try:
            analysis = analyze_source(
                published_source(record, settings.publish_root), Path(scratch),
                options=options, colorspace=colorspace, progress=step, cancel=cancel,
            )  # fmt: skip
            check_unchanged(record, analysis)
        except BaseException as error:
            _settle(database, rebuild.id, error)
            raise
        # The published folder is writable from here to the end only (not while decoding).
        with FolderRevision(layout, rebuild.folder) as folder:
            _install(database, folder, rebuild, analysis, lease, cancel, progress)
    done = database.run(lambda s: db.get_rebuild(s, rebuild.id))
    version = database.run(lambda s: repo.list_versions(s, version_id=version_id))[0]
    return RebuildOutcome(done, version)


def _install(
    database: Database,
    folder: FolderRevision,
    rebuild: Rebuild,
    analysis: SourceAnalysis,
    lease: _Lease,
    cancel: CancelToken,
    progress: ProgressCallback,
) -> None:
    """Steps 3 to 5: place the new files, commit, replace the manifest, remove the old."""
    placed: list[str] = []
    pairs: list[tuple[MediaFile, MediaFile]] = []
    manifest = b""
    committed = False
    try:
        new = place_outputs(folder, rebuild, analysis, placed)
        pause_at("placed")
        pairs, manifest = revise_manifest(folder, rebuild, new)
        cancel.raise_if_cancelled()
        lease.touch()
        progress(ProgressEvent("commit", 0, 1, f"recording revision {rebuild.revision}"))
        proxy = next(b.path for a, b in pairs if b.representation == PROXY)
        thumbnail = next(
            (b.path for a, b in pairs if b.representation == THUMBNAIL
             and b.path.endswith(".jpg")), None,
        )  # fmt: skip
        committed = _commit(database, rebuild, pairs, proxy, thumbnail)
    except BaseException as error:
        if committed:
            raise
        settled = _settle(database, rebuild.id, error)
        if settled is None:  # unknown: leave every file; verify --repair settles it
            raise
        if not settled or not pairs:
            with contextlib.suppress(Exception):  # else verify quarantines them
                for name in placed:
                    folder.remove(name)
            raise
    pause_at("committed")
    progress(ProgressEvent("commit", 1, 1, f"recorded revision {rebuild.revision}"))
    if manifest:
        folder.replace(MANIFEST_NAME, manifest, before_rename=lambda: pause_at("manifest"))
    pause_at("renamed")
    for old, new_file in pairs:
        if old.representation != MANIFEST and old.name != new_file.name:
            folder.remove(old.name)


def _commit(
    database: Database,
    rebuild: Rebuild,
    pairs: list[tuple[MediaFile, MediaFile]],
    proxy: str,
    thumbnail: str | None,
) -> bool:
    def record(session: Session) -> None:
        db.commit_rebuild(session, rebuild.id, pairs, proxy_path=proxy, thumbnail_path=thumbnail)

    database.run(record)
    return True


def _settle(database: Database, rebuild_id: int, error: BaseException) -> bool | None:
    """After a failure: the rebuild failed if still staging; True when the database says
    it was published (its commit went through and only the reply was lost), None when the
    database cannot be read."""
    reason = (
        "cancelled by the user"
        if isinstance(error, (CancelledError, KeyboardInterrupt))
        else f"{type(error).__name__}: {error}"
    )
    for attempt in range(2):
        try:
            return bool(
                database.run(
                    lambda s: (
                        (db.fail_rebuild(s, rebuild_id, reason) and False)
                        or db.get_rebuild(s, rebuild_id).status == "published"
                    )
                )
            )
        except Exception:  # noqa: BLE001 - the rebuild's own error is the one to raise
            database.dispose()
            if attempt:
                return None
    return None
