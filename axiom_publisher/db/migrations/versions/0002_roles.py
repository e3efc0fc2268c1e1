"""PostgreSQL roles, grants and the triggers that enforce the publish and review rules.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

On PostgreSQL: group roles (axiom_artist, axiom_lead, axiom_wrangler, axiom_admin, see
axiom_publisher.db.roles) and triggers that hold for every login that is neither a
superuser nor a member of axiom_admin:
- a version is reserved as staging, and only its author (the session's login) changes it,
  only while it is staging; a wrangler may fail another login's version whose lease has
  expired by the server's clock; a published or failed version never changes;
- files are recorded only for the login's own staging version, and never change;
- review notes are append-only, and decisions come only from members of axiom_lead;
- the author of a version or note and the user of an ingest run is the session's login.
SQLite (a single-user file) gets nothing: it cannot tell one user from another.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from axiom_publisher.db.roles import apply_roles

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = "USING ERRCODE = 'insufficient_privilege'"

FUNCTIONS = {
    # Superusers are members of every role; a missing role has no members.
    "axiom_has_role(role_name text) RETURNS boolean": """
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = session_user AND rolsuper) THEN
    RETURN true;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
    RETURN false;
  END IF;
  RETURN pg_catalog.pg_has_role(session_user, role_name, 'MEMBER');
END""",
    "axiom_version_guard() RETURNS trigger": f"""
BEGIN
  IF axiom_has_role('axiom_admin') THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'staging' THEN
      RAISE EXCEPTION 'a new version is reserved as staging, not %', NEW.status {_REFUSE};
    END IF;
    NEW.author := session_user;
    RETURN NEW;
  END IF;
  IF OLD.status <> 'staging' THEN
    RAISE EXCEPTION 'version id % is %: only an AXIOM admin may change it', OLD.id, OLD.status
      {_REFUSE};
  END IF;
  IF OLD.author <> session_user AND NOT (axiom_has_role('axiom_wrangler')
      AND NEW.status = 'failed' AND OLD.lease_expires_at < now()) THEN
    RAISE EXCEPTION 'version id % was reserved by %, not by %: only they may change it (or a '
      'wrangler fail it once its lease has expired)', OLD.id, OLD.author, session_user {_REFUSE};
  END IF;
  IF (NEW.id, NEW.product_id, NEW.number, NEW.author, NEW.path, NEW.created_at)
      IS DISTINCT FROM (OLD.id, OLD.product_id, OLD.number, OLD.author, OLD.path, OLD.created_at)
  THEN
    RAISE EXCEPTION 'the identity of version id % (product, number, author, path, creation '
      'time) never changes', OLD.id {_REFUSE};
  END IF;
  RETURN NEW;
END""",
    "axiom_file_guard() RETURNS trigger": f"""
BEGIN
  IF axiom_has_role('axiom_admin') THEN RETURN NEW; END IF;
  IF NOT EXISTS (SELECT 1 FROM @schema@.version WHERE id = NEW.version_id AND status = 'staging'
                 AND author = session_user) THEN
    RAISE EXCEPTION 'files are recorded only for your own staging version, and version id % '
      'is not one', NEW.version_id {_REFUSE};
  END IF;
  RETURN NEW;
END""",
    "axiom_dependency_guard() RETURNS trigger": f"""
BEGIN
  IF axiom_has_role('axiom_admin') THEN RETURN NEW; END IF;
  IF NOT EXISTS (SELECT 1 FROM @schema@.version WHERE id = NEW.version_id AND author = session_user)
  THEN
    RAISE EXCEPTION 'dependencies are recorded only for your own versions, and version id % '
      'is not one', NEW.version_id {_REFUSE};
  END IF;
  RETURN NEW;
END""",
    "axiom_note_guard() RETURNS trigger": f"""
BEGIN
  IF axiom_has_role('axiom_admin') THEN RETURN NEW; END IF;
  NEW.author := session_user;
  IF NEW.decision IS NOT NULL AND NOT axiom_has_role('axiom_lead') THEN
    RAISE EXCEPTION '% is not a member of axiom_lead and may not record a decision (%)',
      session_user, NEW.decision {_REFUSE};
  END IF;
  RETURN NEW;
END""",
    "axiom_product_guard() RETURNS trigger": f"""
BEGIN
  IF axiom_has_role('axiom_admin') THEN RETURN NEW; END IF;
  IF (NEW.id, NEW.entity_id, NEW.task, NEW.name) IS DISTINCT FROM
     (OLD.id, OLD.entity_id, OLD.task, OLD.name) OR NEW.last_version < OLD.last_version THEN
    RAISE EXCEPTION 'product id % only counts its versions up', OLD.id {_REFUSE};
  END IF;
  RETURN NEW;
END""",
    "axiom_ingest_guard() RETURNS trigger": f"""
BEGIN
  IF axiom_has_role('axiom_admin') THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    NEW."user" := session_user;
  ELSIF NEW."user" IS DISTINCT FROM OLD."user" THEN
    RAISE EXCEPTION 'the user of ingest run % never changes', OLD.id {_REFUSE};
  END IF;
  RETURN NEW;
END""",
    "axiom_admin_only() RETURNS trigger": f"""
BEGIN
  IF axiom_has_role('axiom_admin') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION '% rows are append-only: % is refused to %', TG_TABLE_NAME, TG_OP,
    session_user {_REFUSE};
END""",
}

TRIGGERS = (
    ("axiom_version_guard", "version", "INSERT OR UPDATE", "axiom_version_guard"),
    ("axiom_file_guard", "file", "INSERT", "axiom_file_guard"),
    ("axiom_file_frozen", "file", "UPDATE OR DELETE", "axiom_admin_only"),
    ("axiom_dependency_guard", "dependency", "INSERT", "axiom_dependency_guard"),
    ("axiom_note_guard", "review_note", "INSERT", "axiom_note_guard"),
    ("axiom_note_frozen", "review_note", "UPDATE OR DELETE", "axiom_admin_only"),
    ("axiom_product_guard", "product", "UPDATE", "axiom_product_guard"),
    ("axiom_ingest_guard", "ingest_run", "INSERT OR UPDATE", "axiom_ingest_guard"),
)


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    # Pinned search path, tables named with their schema, pg_temp last: a login's temporary
    # table called `version` must not stand in for the real one inside a check.
    schema = connection.dialect.identifier_preparer.quote(
        connection.execute(text("SELECT current_schema()")).scalar_one()
    )
    for signature, body in FUNCTIONS.items():
        volatility = "STABLE " if "boolean" in signature else ""
        connection.execute(
            text(
                f"CREATE OR REPLACE FUNCTION {signature} LANGUAGE plpgsql {volatility}"
                f"SET search_path = {schema}, pg_temp "
                f"AS $body${body.replace('@schema@', schema)}\n$body$"
            )
        )
    for name, table, events, function in TRIGGERS:
        connection.execute(
            text(
                f"CREATE TRIGGER {name} BEFORE {events} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
        )
    apply_roles(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    for name, table, _, _ in TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
    for signature in FUNCTIONS:
        connection.execute(text(f"DROP FUNCTION IF EXISTS {signature.split(' RETURNS')[0]}"))
