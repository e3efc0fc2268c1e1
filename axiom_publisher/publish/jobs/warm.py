"""The statements of farm jobs, run once by a worker before it forks its work horses.

A work horse inherits its parent's engine (db.forked), with the statements the parent ran
already compiled in its cache. `warm_up` runs, in one transaction it rolls back, the
frame's reads and writes (jobs.runner: schema check, read, claim, progress, version, end;
an ingest run's jobs) on a job id no row has, and the reads of a publish and an ingest
item (project, entity, identical and published content, files to link, the version made,
the ingest run) with names and ids nothing has: nothing is changed, and each horse finds
those statements compiled. (The publish's own writes are not run: they compile in each
horse, a few milliseconds.)

`warm_process` does the same for what the analysis loads once per process: the studio's
plugins (entry points read, modules imported), the OCIO config, libmediainfo.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import AxiomError, UnknownEntityError
from axiom_publisher.core.types import EntityKind
from axiom_publisher.db import Database, Session, farm_jobs, repo
from axiom_publisher.db.forked import require_current_schema
from axiom_publisher.db.ingest import get_ingest_run, published_contents
from axiom_publisher.media.colour_names import load_config
from axiom_publisher.media.probe import load_library
from axiom_publisher.publish.plugins import plugins_for

NO_JOB = -1  # no farm job (version, ingest run) has this id
NO_NAME = "-warm up-"  # no entity, project or file hash is named so (not a valid name)


class _RollBack(Exception):
    """Raised at the end of the warm-up's transaction: it commits nothing."""


def _frame(database: Database, session: Session) -> None:
    require_current_schema(session, database)
    with contextlib.suppress(UnknownEntityError):
        farm_jobs.get_job(session, NO_JOB)
    farm_jobs.start_job(session, NO_JOB, "warm-up")
    farm_jobs.report_progress(session, NO_JOB, "warm-up", 0, 0)
    farm_jobs.record_version(session, NO_JOB, NO_JOB)
    farm_jobs.version_status(session, NO_JOB)
    farm_jobs.finish_job(session, NO_JOB, "done", version_id=NO_JOB)
    farm_jobs.jobs_with_key_prefix(session, "warm-up-")
    _reads(session)
    raise _RollBack


def _reads(session: Session) -> None:
    projects = repo.list_projects(session)
    project = projects[0].code if projects else NO_NAME
    reads: tuple[Callable[[], object], ...] = (
        lambda: repo.get_project(session, project),
        lambda: repo.get_entity(session, project, NO_NAME, EntityKind.SHOT),
        lambda: repo.identical_versions(session, project, NO_NAME),
        lambda: published_contents(session, project, [NO_NAME]),
        lambda: repo.find_published_files(session, [(NO_NAME, 0)]),
        lambda: repo.get_version(session, NO_JOB),
        lambda: get_ingest_run(session, NO_JOB),
        lambda: farm_jobs.ingest_run_summary(session, NO_JOB),
    )
    for read in reads:
        with contextlib.suppress(UnknownEntityError):
            read()


def warm_up(database: Database) -> None:
    """Compile the jobs' common statements on `database`'s engine (nothing is changed)."""
    with contextlib.suppress(_RollBack):
        database.run(lambda session: _frame(database, session))


def warm_process(settings: Settings) -> None:
    """Load what every job's analysis loads once per process (cached there): the plugins of
    `settings`, its OCIO config and libmediainfo. An error is left for the jobs to report."""
    with contextlib.suppress(AxiomError):
        plugins_for(settings)
    with contextlib.suppress(AxiomError):
        load_config(settings.media.ocio_config)
    load_library()
