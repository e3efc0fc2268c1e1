"""The outbox: events for the tracker and webhooks, written in the same transaction as their cause.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Each row is one delivery to one target ("tracker" or a [[notify]] name). Times are the
database server's (server_now()); `idempotency_key` is unique and goes with the delivery (a
marker in the Kitsu comment, a header of the webhook), so that a retried event is never
delivered twice. On PostgreSQL, when AXIOM's group roles exist (migration 0002), artists
write events (a publish, a decision) and the drain (any artist's login) updates them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from axiom_publisher.db.roles import apply_table_grants

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = "kind IN ('publish', 'review', 'ingest_run', 'qc_fail')"
_STATUSES = "status IN ('pending', 'sent', 'failed', 'dead')"


def upgrade() -> None:
    op.create_table(
        "outbox_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("remote_id", sa.Text(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_KINDS, name="ck_outbox_event_kind"),
        sa.CheckConstraint(_STATUSES, name="ck_outbox_event_status"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_event"),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_event_idempotency_key"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
            name="fk_outbox_event_version_id_version",
            ondelete="SET NULL",
        ),
    )
    op.create_index(
        "ix_outbox_event_status_next_attempt_at", "outbox_event", ["status", "next_attempt_at"]
    )
    op.create_index("ix_outbox_event_version_id", "outbox_event", ["version_id"])
    apply_table_grants(op.get_bind(), "outbox_event")


def downgrade() -> None:
    op.drop_table("outbox_event")
