"""The production tracker's tasks of shots and assets (`axiom tracker sync`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

On PostgreSQL, when AXIOM's group roles exist (migration 0002), artists read the tasks and
wranglers (who sync) write them; admins may do anything.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from axiom_publisher.db.roles import apply_table_grants

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tracker_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("tracker_id", sa.String(64), nullable=False),
        sa.Column("task_type", sa.String(255), nullable=False),
        sa.Column("status", sa.String(255), nullable=False),
        sa.Column("assignees", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tracker_task"),
        sa.UniqueConstraint("entity_id", "tracker_id", name="uq_tracker_task_entity_id_tracker_id"),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name="fk_tracker_task_entity_id_entity",
            ondelete="CASCADE",
        ),
    )
    apply_table_grants(op.get_bind(), "tracker_task")


def downgrade() -> None:
    op.drop_table("tracker_task")
