"""PostgreSQL group roles and their grants: the database, not the client, enforces the rules.

Four NOLOGIN group roles, granted to a studio's logins (`GRANT axiom_artist TO alice`):

- axiom_artist: reads everything; reserves, renews, records, commits and fails ITS OWN
  staging versions; writes notes (not decisions) and dependencies of its own versions.
- axiom_lead: an artist who may also record review decisions.
- axiom_wrangler: an artist who also creates projects and shots, edits cuts, records ingest
  runs, and fails OTHER logins' staging versions whose lease has expired (verify --repair).
- axiom_admin: everything (superusers count as admins).

The grants only open doors; triggers installed by migration 0002 keep the rules inside them
(a published version and its files never change, decisions only by leads, authors are the
session's login). Migration 0002 applies these statements; a later change to them must come
with a new migration that applies the new ones. SQLite has no logins: nothing is enforced.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from axiom_publisher.core.errors import PermissionDeniedError

ARTIST, LEAD, WRANGLER, ADMIN = "axiom_artist", "axiom_lead", "axiom_wrangler", "axiom_admin"
ROLES = (ARTIST, LEAD, WRANGLER, ADMIN)
TABLES = (
    "project",
    "entity",
    "product",
    "version",
    "file",
    "review_note",
    "dependency",
    "ingest_run",
    "alembic_version",
)
INSUFFICIENT_PRIVILEGE = "42501"
_LOG = logging.getLogger(__name__)


def _seqs(*tables: str) -> str:
    return ", ".join(f"{table}_id_seq" for table in tables)


def create_role_statements() -> list[str]:
    """Create each group role when missing; a login without CREATEROLE gets a warning."""
    return [
        f"""DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
    CREATE ROLE {role} NOLOGIN;
  END IF;
EXCEPTION WHEN insufficient_privilege OR duplicate_object OR unique_violation THEN
  RAISE WARNING 'AXIOM could not create the role {role}: %', SQLERRM;
END $$"""
        for role in ROLES
    ]


MEMBERSHIP_STATEMENT = f"""DO $$ BEGIN
  GRANT {ARTIST} TO {LEAD}, {WRANGLER};
  GRANT {LEAD}, {WRANGLER} TO {ADMIN};
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'AXIOM could not link its roles: %', SQLERRM;
END $$"""


def grant_statements() -> list[str]:
    """The table and sequence privileges of each role (run by the tables' owner)."""
    everything = ", ".join(TABLES)
    return [
        f"GRANT SELECT ON {everything} TO {ARTIST}",
        f"GRANT INSERT, UPDATE ON product, version TO {ARTIST}",
        f"GRANT INSERT ON file, review_note, dependency TO {ARTIST}",
        f"GRANT USAGE, SELECT ON SEQUENCE "
        f"{_seqs('product', 'version', 'file', 'review_note', 'dependency')} TO {ARTIST}",
        f"GRANT INSERT, UPDATE ON project, entity, ingest_run TO {WRANGLER}",
        f"GRANT DELETE ON entity, product TO {WRANGLER}",
        f"GRANT USAGE, SELECT ON SEQUENCE {_seqs('project', 'entity', 'ingest_run')} TO {WRANGLER}",
        f"GRANT ALL ON {everything} TO {ADMIN}",
        f"GRANT ALL ON SEQUENCE {_seqs(*TABLES[:-1])} TO {ADMIN}",
    ]


# Tables added after migration 0002, with their grants: each table's own migration applies
# them (table_grant_statements) once the table exists, and `axiom db roles` prints them too.
LATER_TABLE_GRANTS: dict[str, tuple[str, ...]] = {
    "tracker_task": (  # 0003: artists read the tracker's tasks; wranglers (who sync) write
        f"GRANT SELECT ON tracker_task TO {ARTIST}",
        f"GRANT INSERT, UPDATE, DELETE ON tracker_task TO {WRANGLER}",
        f"GRANT USAGE, SELECT ON SEQUENCE tracker_task_id_seq TO {WRANGLER}",
        f"GRANT ALL ON tracker_task TO {ADMIN}",
        f"GRANT ALL ON SEQUENCE tracker_task_id_seq TO {ADMIN}",
    ),
    "annotation": (  # 0004: artists (and so leads) draw; a trigger keeps strokes their author's
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON annotation TO {ARTIST}",
        f"GRANT USAGE, SELECT ON SEQUENCE annotation_id_seq TO {ARTIST}",
        f"GRANT ALL ON annotation TO {ADMIN}",
        f"GRANT ALL ON SEQUENCE annotation_id_seq TO {ADMIN}",
    ),
    "farm_job": (  # 0006: artists submit farm jobs; the workers (artists' logins) report
        f"GRANT SELECT, INSERT, UPDATE ON farm_job TO {ARTIST}",
        f"GRANT USAGE, SELECT ON SEQUENCE farm_job_id_seq TO {ARTIST}",
        f"GRANT ALL ON farm_job TO {ADMIN}",
        f"GRANT ALL ON SEQUENCE farm_job_id_seq TO {ADMIN}",
    ),
    "outbox_event": (  # 0007: a publish or a decision writes events; the drain (any
        # artist's login: the app, `axiom tracker push`, a farm worker) updates them
        f"GRANT SELECT, INSERT, UPDATE ON outbox_event TO {ARTIST}",
        f"GRANT USAGE, SELECT ON SEQUENCE outbox_event_id_seq TO {ARTIST}",
        f"GRANT ALL ON outbox_event TO {ADMIN}",
        f"GRANT ALL ON SEQUENCE outbox_event_id_seq TO {ADMIN}",
    ),
    "review_media": (  # 0010: artists (farm workers' logins too) rebuild review media; the
        # column grant lets them repoint the manifest, proxy and thumbnail rows, which a
        # trigger allows only inside a rebuild they reserved
        f"GRANT SELECT, INSERT, UPDATE ON review_media TO {ARTIST}",
        f"GRANT USAGE, SELECT ON SEQUENCE review_media_id_seq TO {ARTIST}",
        f"GRANT UPDATE (path, size, sha256) ON file TO {ARTIST}",
        f"GRANT ALL ON review_media TO {ADMIN}",
        f"GRANT ALL ON SEQUENCE review_media_id_seq TO {ADMIN}",
    ),
    "playlist": (  # 0005: artists make playlists; a trigger lets only the owner or a lead edit
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON playlist TO {ARTIST}",
        f"GRANT USAGE, SELECT ON SEQUENCE playlist_id_seq TO {ARTIST}",
        f"GRANT ALL ON playlist TO {ADMIN}",
        f"GRANT ALL ON SEQUENCE playlist_id_seq TO {ADMIN}",
    ),
    "playlist_item": (  # 0005: the same trigger rule through the item's playlist
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON playlist_item TO {ARTIST}",
        f"GRANT USAGE, SELECT ON SEQUENCE playlist_item_id_seq TO {ARTIST}",
        f"GRANT ALL ON playlist_item TO {ADMIN}",
        f"GRANT ALL ON SEQUENCE playlist_item_id_seq TO {ADMIN}",
    ),
}


def table_grant_statements(table: str) -> list[str]:
    """The grants of a table added after migration 0002 (see LATER_TABLE_GRANTS)."""
    return list(LATER_TABLE_GRANTS[table])


def role_statements() -> list[str]:
    """Everything `axiom db roles` prints and --apply runs, in order (for a database at the
    current schema: every table's grants)."""
    later = [statement for table in LATER_TABLE_GRANTS for statement in LATER_TABLE_GRANTS[table]]
    return [*create_role_statements(), MEMBERSHIP_STATEMENT, *grant_statements(), *later]


def apply_table_grants(connection: Connection, table: str) -> None:
    """Grant a table added after 0002 to AXIOM's roles, when they exist (PostgreSQL)."""
    if connection.dialect.name != "postgresql" or missing_roles(connection):
        return
    for statement in table_grant_statements(table):
        connection.execute(text(statement))


def missing_roles(connection: Connection) -> list[str]:
    present = set(
        connection.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:roles)"),
            {"roles": list(ROLES)},
        ).scalars()
    )
    return [role for role in ROLES if role not in present]


def apply_roles(connection: Connection) -> list[str]:
    """Create the roles and grant their privileges (PostgreSQL); returns the roles that
    are still missing (the login may not create roles: then no grant is made)."""
    for statement in [*create_role_statements(), MEMBERSHIP_STATEMENT]:
        connection.execute(text(statement))
    missing = missing_roles(connection)
    if missing:
        _LOG.warning(
            "the PostgreSQL roles %s are missing and this login may not create them: ask a "
            "superuser to run `axiom db roles --apply` (or its statements)",
            ", ".join(missing),
        )
        return missing
    for statement in grant_statements():
        connection.execute(text(statement))
    return []


def is_refused(error: DBAPIError) -> bool:
    """Whether PostgreSQL refused the statement for lack of privilege (a grant or an AXIOM
    trigger: SQLSTATE 42501)."""
    return getattr(error.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE


def refusal(error: DBAPIError, shown_url: str) -> PermissionDeniedError:
    """The AXIOM error for a refused statement: the database's reason and what to do."""
    diag = getattr(error.orig, "diag", None)
    reason = str(getattr(diag, "message_primary", None) or "")
    reason = reason or (str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0]
    return PermissionDeniedError(
        f"the database {shown_url} refused: {reason} (ask a pipeline admin for the AXIOM role "
        f"you need: GRANT {ARTIST} | {LEAD} | {WRANGLER} | {ADMIN} TO <login>; see "
        "`axiom db roles`)"
    )
