"""Review media rebuilds: a published version's proxy and thumbnails may be made again.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

The published content of a version never changes; its review proxy and thumbnails are
derived media that `axiom versions rebuild-proxy` may make again (DESIGN section 3). Each
rebuild is a `review_media` row: reserved as staging with a lease (one staging rebuild a
version: a partial unique index), then published in the one transaction that repoints the
version's proxy, thumbnail and manifest file rows, or failed. Revision 1 is the publish
itself, so a rebuild's revision is 2 or more (UNIQUE(version_id, revision)). The row keeps
who asked, why, the login that did it, the server's times, and the file rows before and
after, so verify can finish a rebuild that stopped after its commit.

PostgreSQL (for every login that is neither superuser nor admin):
- review_media: the author is the session's login; a staging row is changed only by its
  author, or failed by a wrangler once its lease has expired; an ended row never changes;
- version: 0009's guard, plus one door: a published version's proxy_path and
  thumbnail_path (every other column unchanged) by the author of a staging rebuild of it;
- file: UPDATE only of path, size and sha256 (a column grant) of the manifest, proxy and
  thumbnail rows (representation < 0) of a version with a staging rebuild by the session's
  login; DELETE stays admin-only.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from axiom_publisher.db.roles import ARTIST, apply_table_grants, missing_roles

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = "USING ERRCODE = 'insufficient_privilege'"
_GUARD = "axiom_version_guard() RETURNS trigger"
_BEFORE = "  IF OLD.status <> 'staging' THEN"
_REBUILD = """  IF TG_OP = 'UPDATE' AND OLD.status = 'published'
      AND (to_jsonb(NEW) - 'proxy_path' - 'thumbnail_path')
          = (to_jsonb(OLD) - 'proxy_path' - 'thumbnail_path')
      AND EXISTS (SELECT 1 FROM @schema@.review_media WHERE version_id = OLD.id
                  AND status = 'staging' AND author = session_user) THEN
    RETURN NEW;  -- a rebuild of its review media (migration 0010)
  END IF;
"""
_FUNCTIONS = {
    "axiom_file_revise_guard() RETURNS trigger": f"""
BEGIN
  IF axiom_has_role('axiom_admin') THEN RETURN NEW; END IF;
  IF OLD.representation < 0
      AND (NEW.id, NEW.version_id, NEW.frame, NEW.representation)
          IS NOT DISTINCT FROM (OLD.id, OLD.version_id, OLD.frame, OLD.representation)
      AND EXISTS (SELECT 1 FROM @schema@.review_media WHERE version_id = OLD.version_id
                  AND status = 'staging' AND author = session_user) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'file rows are append-only: UPDATE of file id % is refused to % (only the '
    'manifest, proxy and thumbnail rows of a rebuild they reserved change)', OLD.id,
    session_user {_REFUSE};
END""",
    "axiom_review_media_guard() RETURNS trigger": f"""
BEGIN
  IF axiom_has_role('axiom_admin') THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'staging' THEN
      RAISE EXCEPTION 'a rebuild is reserved as staging, not %', NEW.status {_REFUSE};
    END IF;
    NEW.author := session_user;
    RETURN NEW;
  END IF;
  IF OLD.status <> 'staging' THEN
    RAISE EXCEPTION 'rebuild % is %: it never changes', OLD.id, OLD.status {_REFUSE};
  END IF;
  IF OLD.author <> session_user AND NOT (axiom_has_role('axiom_wrangler')
      AND NEW.status = 'failed' AND OLD.lease_expires_at < now()) THEN
    RAISE EXCEPTION 'rebuild % was reserved by %, not by %', OLD.id, OLD.author, session_user
      {_REFUSE};
  END IF;
  IF (NEW.id, NEW.version_id, NEW.revision, NEW.author, NEW.created_at)
      IS DISTINCT FROM (OLD.id, OLD.version_id, OLD.revision, OLD.author, OLD.created_at) THEN
    RAISE EXCEPTION 'the identity of rebuild % never changes', OLD.id {_REFUSE};
  END IF;
  RETURN NEW;
END""",
}
_TRIGGERS_UP = (
    "DROP TRIGGER IF EXISTS axiom_file_frozen ON file",
    "CREATE TRIGGER axiom_file_frozen BEFORE DELETE ON file "
    "FOR EACH ROW EXECUTE FUNCTION axiom_admin_only()",
    "CREATE TRIGGER axiom_file_revise BEFORE UPDATE ON file "
    "FOR EACH ROW EXECUTE FUNCTION axiom_file_revise_guard()",
    "CREATE TRIGGER axiom_review_media_guard BEFORE INSERT OR UPDATE ON review_media "
    "FOR EACH ROW EXECUTE FUNCTION axiom_review_media_guard()",
)
_TRIGGERS_DOWN = (
    "DROP TRIGGER IF EXISTS axiom_file_revise ON file",
    "DROP TRIGGER IF EXISTS axiom_file_frozen ON file",
    "CREATE TRIGGER axiom_file_frozen BEFORE UPDATE OR DELETE ON file "
    "FOR EACH ROW EXECUTE FUNCTION axiom_admin_only()",
)
_STATUSES = "status IN ('staging', 'published', 'failed')"


def _guard_0009() -> str:
    """0009's version guard (0002's with the tracker-task door)."""
    later = importlib.import_module(
        "axiom_publisher.db.migrations.versions.0009_version_tracker_task"
    )
    body: str = later._guard_0002()
    return body.replace(later._BEFORE, later._UNLINK + later._BEFORE, 1)


def _schema() -> str:
    connection = op.get_bind()
    return str(
        connection.dialect.identifier_preparer.quote(
            connection.execute(sa.text("SELECT current_schema()")).scalar_one()
        )
    )


def _function(signature: str, body: str) -> None:
    schema = _schema()
    op.get_bind().execute(
        sa.text(
            f"CREATE OR REPLACE FUNCTION {signature} LANGUAGE plpgsql "
            f"SET search_path = {schema}, pg_temp "
            f"AS $body${body.replace('@schema@', schema)}\n$body$"
        )
    )


def upgrade() -> None:
    op.create_table(
        "review_media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("thumbnail_frame", sa.Integer(), nullable=True),
        sa.Column("old_files", sa.JSON(), nullable=False),
        sa.Column("new_files", sa.JSON(), nullable=True),
        sa.Column("old_manifest_sha256", sa.CHAR(length=64), nullable=True),
        sa.Column("new_manifest_sha256", sa.CHAR(length=64), nullable=True),
        sa.Column("failed_reason", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_STATUSES, name="ck_review_media_status"),
        sa.PrimaryKeyConstraint("id", name="pk_review_media"),
        sa.UniqueConstraint("version_id", "revision", name="uq_review_media_version_id_revision"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
            name="fk_review_media_version_id_version",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "uq_review_media_staging",
        "review_media",
        ["version_id"],
        unique=True,
        sqlite_where=sa.text("status = 'staging'"),
        postgresql_where=sa.text("status = 'staging'"),
    )
    op.create_index("ix_review_media_status", "review_media", ["status"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for signature, body in _FUNCTIONS.items():
        _function(signature, body)
    _function(_GUARD, _guard_0009().replace(_BEFORE, _REBUILD + _BEFORE, 1))
    for statement in _TRIGGERS_UP:
        op.execute(statement)
    apply_table_grants(op.get_bind(), "review_media")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _TRIGGERS_DOWN:
            op.execute(statement)
        op.execute("DROP TRIGGER IF EXISTS axiom_review_media_guard ON review_media")
        _function(_GUARD, _guard_0009())
        for signature in _FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {signature.split(' RETURNS')[0]}")
        if not missing_roles(op.get_bind()):
            op.execute(f"REVOKE UPDATE (path, size, sha256) ON file FROM {ARTIST}")
    op.drop_index("ix_review_media_status", table_name="review_media")
    op.drop_index("uq_review_media_staging", table_name="review_media")
    op.drop_table("review_media")
