"""Playlists: named, ordered lists of versions to review, shared by everyone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

On PostgreSQL a trigger records the session's login as a new playlist's owner and lets only
that login, a lead or an admin change or delete the playlist or its items.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from axiom_publisher.db.roles import apply_table_grants

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EDITOR = "axiom_has_role('axiom_lead') OR axiom_has_role('axiom_admin')"

_PLAYLIST_GUARD = f"""
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT axiom_has_role('axiom_admin') THEN
      NEW.owner := session_user;
    END IF;
    RETURN NEW;
  END IF;
  IF NOT ({_EDITOR}) AND (OLD.owner <> session_user
      OR (TG_OP = 'UPDATE' AND NEW.owner <> OLD.owner)) THEN
    RAISE EXCEPTION 'playlist % is %''s: % may not change it (only its owner or a lead)',
      OLD.id, OLD.owner, session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END"""

_ITEM_GUARD = f"""
DECLARE
  list_id integer := CASE WHEN TG_OP = 'INSERT' THEN NEW.playlist_id ELSE OLD.playlist_id END;
  list_owner text;
BEGIN
  SELECT owner INTO list_owner FROM playlist WHERE id = list_id;
  IF list_owner IS NOT NULL AND list_owner <> session_user AND NOT ({_EDITOR}) THEN
    RAISE EXCEPTION 'playlist % is %''s: % may not change its versions (only its owner or a lead)',
      list_id, list_owner, session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END"""


def _install(connection: sa.Connection, name: str, table: str, body: str) -> None:
    schema = connection.dialect.identifier_preparer.quote(
        connection.execute(sa.text("SELECT current_schema()")).scalar_one()
    )
    connection.execute(
        sa.text(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
            f"SET search_path = {schema}, pg_temp AS $body${body}\n$body$"
        )
    )
    connection.execute(
        sa.text(
            f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    )


def upgrade() -> None:
    op.create_table(
        "playlist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_playlist"),
    )
    op.create_table(
        "playlist_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("playlist_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_playlist_item"),
        sa.ForeignKeyConstraint(
            ["playlist_id"],
            ["playlist.id"],
            name="fk_playlist_item_playlist_id_playlist",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
            name="fk_playlist_item_version_id_version",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_playlist_item_playlist_id_position", "playlist_item", ["playlist_id", "position"]
    )
    op.create_index("ix_playlist_item_version_id", "playlist_item", ["version_id"])
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        _install(connection, "axiom_playlist_guard", "playlist", _PLAYLIST_GUARD)
        _install(connection, "axiom_playlist_item_guard", "playlist_item", _ITEM_GUARD)
    apply_table_grants(connection, "playlist")
    apply_table_grants(connection, "playlist_item")


def downgrade() -> None:
    op.drop_table("playlist_item")  # their triggers go with them
    op.drop_table("playlist")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS axiom_playlist_item_guard()")
        op.execute("DROP FUNCTION IF EXISTS axiom_playlist_guard()")
