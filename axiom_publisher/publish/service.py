"""The publish service: collect -> analyze -> (QC) -> reserve -> stage -> commit.

Implements the protocol of DESIGN.md section 3. The database is the commit point: the
version is reserved as `staging` with a lease, its files are staged beside the final
folder, the folder is renamed into place and made read-only, and only then is the version
marked `published`. Any failure after the reservation marks it `failed`, removes the
staging folder (or quarantines a folder already renamed) and re-raises. A crash leaves an
expiring lease and a leftover folder that `axiom verify --repair` cleans up.

No Qt here: the CLI, the UI workers, the hosts and a farm worker all call `publish()`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import secrets
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import (
    AxiomError,
    BadInputError,
    CancelledError,
    DatabaseUnavailableError,
    PublishConflictError,
)
from axiom_publisher.core.host import INPUT_DEPENDENCY, WORKFILE_DEPENDENCY
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.types import (
    EntitySpec,
    HashedFile,
    ProgressCallback,
    ProgressEvent,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
    VersionStatus,
    no_progress,
)
from axiom_publisher.core.user import current_user
from axiom_publisher.db import Database, Session, open_database, repo
from axiom_publisher.publish.assemble import manifest_bytes, stage_outputs, stage_sources
from axiom_publisher.publish.identical import check_identical
from axiom_publisher.publish.inspect import (
    Inspection,
    analysis_options,
    check_qc,
    inspect_sources,
    qc_spec,
    requalify,
    version_facts,
)
from axiom_publisher.publish.paths import area_layout
from axiom_publisher.publish.plugins import item_info, plugins_for
from axiom_publisher.publish.records import (
    MANIFEST_NAME,
    MANIFEST_REPRESENTATION,
    absolute_record,
)
from axiom_publisher.publish.root import ensure_publish_root
from axiom_publisher.publish.tracker.events import add_publish_events
from axiom_publisher.storage import Stager, quarantine

PROGRESS_BYTES = 64 << 20


@dataclass(slots=True)
class _Lease:
    """Renews the reservation's lease while the publish is alive."""

    database: Database
    version_id: int
    seconds: int
    renewed_at: float

    def touch(self) -> None:
        if time.monotonic() - self.renewed_at < self.seconds / 3:
            return
        alive = self.database.run(lambda s: repo.renew_lease(s, self.version_id, self.seconds))
        if not alive:
            raise PublishConflictError(
                f"version id {self.version_id} was marked failed while it was being published "
                "(its lease expired); publish again"
            )
        self.renewed_at = time.monotonic()


class PublishService:
    """Publishes items as new versions. One instance per thread (it owns a Database)."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self.layout = area_layout(settings)  # the default template's; a publish uses its own

    @classmethod
    def open(cls, settings: Settings) -> PublishService:
        return cls(settings, open_database(settings.db_url))

    def close(self) -> None:
        self.database.dispose()

    def __enter__(self) -> PublishService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the protocol -------------------------------------------------------------------

    def inspect(
        self,
        item: PublishItem,
        scratch: Path,
        progress: ProgressCallback = no_progress,
        cancel: CancelToken | None = None,
    ) -> Inspection:
        """Analyze and QC `item` (one decode pass a source) into `scratch`, publishing
        nothing. The UI does this as soon as an item is added, then publishes with it."""
        self._check_context(item.context)
        project, entity = self._project_and_entity(item.context)
        return self._inspect(item, project, entity, scratch, progress, cancel)

    def _inspect(
        self,
        item: PublishItem,
        project: ProjectSpec,
        entity: EntitySpec,
        scratch: Path,
        progress: ProgressCallback,
        cancel: CancelToken | None,
    ) -> Inspection:
        info = item_info(item.context, item.primary, item)
        return inspect_sources(
            item.sources,
            scratch,
            spec=qc_spec(self.settings, project, entity),
            options=analysis_options(self.settings, project, entity),
            colorspace=item.colorspace,
            progress=progress,
            cancel=cancel,
            validation=plugins_for(self.settings).validation(info, project.code),
        )

    def publish(
        self,
        item: PublishItem,
        progress: ProgressCallback = no_progress,
        cancel: CancelToken | None = None,
        inspection: Inspection | None = None,
    ) -> VersionRecord:
        """Publish `item` as the next version of its product and return the version.

        With `inspection` (from `inspect()` of the same item) nothing is decoded again; QC is
        re-evaluated against the item's current context. Raises QCFailedError (nothing
        reserved) when a check fails and the item carries no override reason. Content
        already published in the project follows `[publish] identical` (publish.identical):
        the returned record names it in `identical_to` ("warn"), or IdenticalContentError
        is raised with nothing reserved ("refuse").
        """
        cancel = cancel or CancelToken()
        cancel.raise_if_cancelled()
        self._check_context(item.context)
        for source in item.sources:  # a published file is named by its extension
            if not source.extension:
                raise BadInputError(
                    f"{source.display} has no extension and its content is not an image or "
                    "movie AXIOM reads; rename it with the extension of its format (e.g. "
                    "notes.txt) and publish again"
                )
        project, entity = self._project_and_entity(item.context)  # unknown names fail first
        if item.depends_on or item.inputs:  # unknown or unpublished ones fail before any work
            used = (*item.depends_on, *item.inputs)
            self.database.run(lambda s: repo.check_dependencies(s, used))
        self._ensure_root()
        if inspection is not None:  # analysed before the context was final: names again
            info = item_info(item.context, item.primary, item)
            again = plugins_for(self.settings).context_checks(info, project.code)
            inspection = requalify(inspection, qc_spec(self.settings, project, entity), again)
            return self._checked_commit(item, inspection, progress, cancel)
        with tempfile.TemporaryDirectory(prefix="axiom-analysis-") as scratch:
            inspection = self._inspect(item, project, entity, Path(scratch), progress, cancel)
            return self._checked_commit(item, inspection, progress, cancel)

    def _project_and_entity(self, context: PublishContext) -> tuple[ProjectSpec, EntitySpec]:
        return self.database.run(
            lambda s: (
                repo.get_project(s, context.project),
                repo.get_entity(s, context.project, context.entity, context.entity_kind),
            )
        )

    def _checked_commit(
        self,
        item: PublishItem,
        inspection: Inspection,
        progress: ProgressCallback,
        cancel: CancelToken,
    ) -> VersionRecord:
        check_qc(inspection.report, item.qc_override_reason, item.sources[0].display)
        identical = check_identical(self.database, self.settings, item, inspection)
        plugins = plugins_for(self.settings)
        plugins.pre_commit(item_info(item.context, item.primary, item), inspection.report)
        cancel.raise_if_cancelled()
        record = self._reserve_stage_commit(item, inspection, progress, cancel)
        warnings = plugins.post_publish(record)
        return dataclasses.replace(record, identical_to=identical, plugin_warnings=warnings)

    def _reserve_stage_commit(
        self,
        item: PublishItem,
        inspection: Inspection,
        progress: ProgressCallback,
        cancel: CancelToken,
    ) -> VersionRecord:
        context = item.context
        layout = area_layout(self.settings, context)  # the template this context chooses
        progress(ProgressEvent("reserve", 0, 1, "reserving the next version number"))
        primary = item.primary
        # A sequence's range is its files'; a movie's is its decoded frames, numbered from
        # the shot's first frame, as analysis and QC counted them.
        frame_range = primary.frame_range or inspection.primary.facts.frame_range
        # One token per attempt: a retry after a lost COMMIT reply finds this reservation.
        token = secrets.token_hex(16)
        version_id, number = self.database.run(
            lambda s: repo.reserve_version(
                s,
                context,
                author=item.author or current_user(),
                host=item.host,
                comment=item.comment,
                source=item.workfile,
                lease_seconds=self.settings.lease_seconds,
                frame_range=frame_range,
                missing_frames=primary.missing_frames,
                folder_for=lambda n: layout.version_folder(context, n),
                token=token,
                names=self.settings.tracker.names_for(context.project),
            )
        )
        progress(ProgressEvent("reserve", 1, 1, f"reserved v{number:03d}", version_id))
        lease = _Lease(self.database, version_id, self.settings.lease_seconds, time.monotonic())
        folder = layout.version_folder(context, number)
        stager = Stager(layout, folder, version_id)
        final: Path | None = None
        try:
            stager.open()
            hashed = [file for analysis in inspection.analyses for file in analysis.files]

            def on_bytes(_: int) -> None:
                cancel.raise_if_cancelled()
                lease.touch()

            files = stage_sources(
                stager, layout, item, number, hashed, self._published(hashed), on_bytes,
                progress,
            )  # fmt: skip
            extras = stage_outputs(stager, layout, item, inspection, number)
            files.extend(extras.values())
            cancel.raise_if_cancelled()
            manifest = stager.add_bytes(
                manifest_bytes(item, number, files, inspection), MANIFEST_NAME
            )
            files.append(dataclasses.replace(manifest, representation=MANIFEST_REPRESENTATION))
            progress(ProgressEvent("commit", 0, 1, f"committing v{number:03d}"))
            cancel.raise_if_cancelled()  # the last chance: the rename is the point of no return
            lease.touch()
            final = stager.commit()
            cancel.raise_if_cancelled()  # the database commit is the point of no return
            facts = version_facts(item, inspection, extras)

            def record(session: Session) -> None:
                repo.set_version_facts(session, version_id, **facts)
                repo.commit_version(session, version_id, files)
                repo.add_dependencies(session, version_id, item.depends_on, WORKFILE_DEPENDENCY)
                repo.add_dependencies(session, version_id, item.inputs, INPUT_DEPENDENCY)
                # the tracker's and webhooks' events, sent after commit (the outbox)
                add_publish_events(session, self.settings, version_id)

            self.database.run(record)
        except BaseException as error:
            if self._roll_back(version_id, stager, final, error):
                # The database says published: the commit went through and only its reply
                # was lost (a dropped connection, then a retry that found it done).
                progress(ProgressEvent("commit", 1, 1, f"published v{number:03d}"))
                return self.version(version_id)
            raise
        progress(ProgressEvent("commit", 1, 1, f"published v{number:03d}"))
        return self.version(version_id)

    def version(self, version_id: int) -> VersionRecord:
        records = self.database.run(lambda s: repo.list_versions(s, version_id=version_id))
        return absolute_record(records[0], self.settings.publish_root)

    # -- steps ----------------------------------------------------------------------------

    @staticmethod
    def _check_context(context: PublishContext) -> None:
        validate_name(context.project, "project")
        validate_name(context.entity, context.entity_kind.value)
        validate_name(context.task, "task")
        validate_name(context.product, "product")

    def _ensure_root(self) -> None:
        """The root is set up and mounted (publish.root), before anything is reserved."""
        ensure_publish_root(self.settings)

    def _published(self, hashed: list[HashedFile]) -> dict[tuple[str, int], str]:
        """Where each (sha256, size) is already published, for dedupe by hard link."""
        if not self.settings.dedupe_hardlinks:
            return {}
        contents = [(entry.sha256, entry.size) for entry in hashed]
        return self.database.run(partial(repo.find_published_files, contents=contents))

    def _roll_back(
        self, version_id: int, stager: Stager, final: Path | None, error: BaseException
    ) -> bool:
        """Undo a publish that failed after its reservation, by the database's word.

        Before the rename nothing can be committed: staging is removed and the version
        marked failed. After it the outcome may be ambiguous (a connection lost while or
        after COMMIT was sent): the version is failed if still staging, then its status is
        read back on a fresh connection, and its folder is quarantined only when the
        database says failed. True when the database says published (the folder is kept and
        the publish succeeded). When the database cannot be read, nothing is moved and
        DatabaseUnavailableError (exit 3) says so; otherwise `error` is never masked.
        """
        reason = (
            "cancelled by the user"
            if isinstance(error, (CancelledError, KeyboardInterrupt))
            else f"{type(error).__name__}: {error}"
        )
        if final is None:
            stager.abort()
            self._mark_failed(version_id, reason)
            return False
        status = self._settle(version_id, reason)
        if status is VersionStatus.PUBLISHED:
            return True
        if status is None:
            raise DatabaseUnavailableError(
                f"the publish of {final} was interrupted ({type(error).__name__}: {error}) "
                "and the database could not be read back to learn whether the version was "
                "published; the folder is left as it is: run `axiom verify --repair` when the "
                "database answers (it keeps the folder if the version is published, else "
                "marks it failed and quarantines it)"
            ) from error
        with contextlib.suppress(AxiomError, OSError):  # else verify --repair will
            quarantine(self.layout, self.layout.relative(final))
        return False

    def _settle(self, version_id: int, reason: str) -> VersionStatus | None:
        """Fail the version if it is still staging, and return its status as the database
        has it (None: unreachable). Tried twice, the second time on a new connection."""

        def fail_and_read(session: Session) -> VersionStatus:
            repo.fail_version(session, version_id, reason)
            return repo.version_status(session, version_id)

        for attempt in range(2):
            try:
                return self.database.run(fail_and_read)
            except Exception:  # noqa: BLE001 - unreachable or refused: the caller decides
                self.database.dispose()
                if attempt:
                    return None
        return None  # pragma: no cover

    def _mark_failed(self, version_id: int, reason: str) -> None:
        """Mark the version failed; never raises. The error that stopped the publish may
        have left a pooled connection mid-call (an interrupt inside the driver): on any
        error the pool is dropped and the update tried once more on a new connection. If
        the database is gone, the lease expires; verify reports it, --repair fails it."""
        for attempt in range(2):
            try:
                self.database.run(lambda s: repo.fail_version(s, version_id, reason))
                return
            except Exception:  # noqa: BLE001 - the rollback must not mask the publish's error
                self.database.dispose()
                if attempt:
                    return
