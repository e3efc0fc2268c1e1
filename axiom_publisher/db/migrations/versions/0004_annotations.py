"""Annotations: strokes drawn on a frame of a version during review.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

On PostgreSQL, when AXIOM's group roles exist (migration 0002), artists (and so leads) read
and draw strokes (saving a frame replaces the saver's strokes there); admins may do anything.
A trigger records the session's login as a new stroke's author and lets only that login (or
an admin) change or delete it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from axiom_publisher.db.roles import apply_table_grants

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_GUARD = """
BEGIN
  IF axiom_has_role('axiom_admin') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.author := session_user;
    RETURN NEW;
  END IF;
  IF OLD.author <> session_user OR (TG_OP = 'UPDATE' AND NEW.author <> OLD.author) THEN
    RAISE EXCEPTION 'annotation % is by %: % may not change it', OLD.id, OLD.author,
      session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END"""


def upgrade() -> None:
    op.create_table(
        "annotation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("frame", sa.Integer(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_annotation"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
            name="fk_annotation_version_id_version",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["review_note.id"],
            name="fk_annotation_note_id_review_note",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_annotation_version_id_frame", "annotation", ["version_id", "frame"])
    op.create_index("ix_annotation_note_id", "annotation", ["note_id"])
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        schema = connection.dialect.identifier_preparer.quote(
            connection.execute(sa.text("SELECT current_schema()")).scalar_one()
        )
        connection.execute(
            sa.text(
                "CREATE OR REPLACE FUNCTION axiom_annotation_guard() RETURNS trigger "
                f"LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $body${_GUARD}\n$body$"
            )
        )
        connection.execute(
            sa.text(
                "CREATE TRIGGER axiom_annotation_guard BEFORE INSERT OR UPDATE OR DELETE "
                "ON annotation FOR EACH ROW EXECUTE FUNCTION axiom_annotation_guard()"
            )
        )
    apply_table_grants(connection, "annotation")


def downgrade() -> None:
    op.drop_table("annotation")  # its trigger goes with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS axiom_annotation_guard()")
