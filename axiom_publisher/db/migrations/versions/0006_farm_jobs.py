"""Farm jobs: the record of each job sent to the farm (RQ on Redis) and what became of it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

Times are the database server's (CURRENT_TIMESTAMP); `idempotency_key` is unique so that a
job retried by the farm finds the work its earlier run did. On PostgreSQL, when AXIOM's
group roles exist (migration 0002), artists submit and report jobs; admins may do anything.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from axiom_publisher.db.roles import apply_table_grants

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = "kind IN ('publish_item', 'ingest_item', 'proxy_rebuild', 'verify')"
_STATUSES = "status IN ('queued', 'running', 'done', 'failed', 'cancelled')"


def upgrade() -> None:
    op.create_table(
        "farm_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("submitted_by", sa.Text(), nullable=False),
        sa.Column("rq_job_id", sa.String(length=64), nullable=True),
        sa.Column("worker_host", sa.Text(), nullable=True),
        sa.Column("progress_done", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("progress_total", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("progress_phase", sa.String(length=32), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_KINDS, name="ck_farm_job_kind"),
        sa.CheckConstraint(_STATUSES, name="ck_farm_job_status"),
        sa.PrimaryKeyConstraint("id", name="pk_farm_job"),
        sa.UniqueConstraint("idempotency_key", name="uq_farm_job_idempotency_key"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
            name="fk_farm_job_version_id_version",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_farm_job_status", "farm_job", ["status"])
    op.create_index("ix_farm_job_version_id", "farm_job", ["version_id"])
    apply_table_grants(op.get_bind(), "farm_job")


def downgrade() -> None:
    op.drop_table("farm_job")
