"""The initial AXIOM schema.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written by hand, constraint names spelled out (they follow the naming convention of
axiom_publisher.db.models); tests/db compares it with the models on both dialects.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _timestamp(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _counter(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), server_default=sa.text("0"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "project",
        _id(),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("fps", sa.Float(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("colorspace", sa.String(255), nullable=False),
        sa.Column("frame_start", sa.Integer(), nullable=False),
        sa.Column("handles", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_project"),
        sa.UniqueConstraint("code", name="uq_project_code"),
    )
    op.create_table(
        "entity",
        _id(),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("cut_in", sa.Integer(), nullable=True),
        sa.Column("cut_out", sa.Integer(), nullable=True),
        sa.Column("handles", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_entity"),
        sa.UniqueConstraint("project_id", "code", name="uq_entity_project_id_code"),
        sa.CheckConstraint("kind IN ('sequence', 'shot', 'asset')", name="ck_entity_kind"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name="fk_entity_project_id_project",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["entity.id"],
            name="fk_entity_parent_id_entity",
            ondelete="SET NULL",
        ),
    )
    op.create_table(
        "product",
        _id(),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(64), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        _counter("last_version"),
        sa.PrimaryKeyConstraint("id", name="pk_product"),
        sa.UniqueConstraint("entity_id", "task", "name", name="uq_product_entity_id_task_name"),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name="fk_product_entity_id_entity",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "version",
        _id(),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _timestamp("lease_expires_at", nullable=True),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("host", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("frame_first", sa.Integer(), nullable=True),
        sa.Column("frame_last", sa.Integer(), nullable=True),
        sa.Column("missing_frames", sa.JSON(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("fps", sa.Float(), nullable=True),
        sa.Column("colorspace", sa.String(255), nullable=True),
        sa.Column("qc_verdict", sa.String(16), nullable=True),
        sa.Column("qc_report", sa.JSON(), nullable=True),
        sa.Column("qc_override_reason", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("proxy_path", sa.Text(), nullable=True),
        sa.Column("thumbnail_path", sa.Text(), nullable=True),
        sa.Column("media", sa.JSON(), nullable=True),
        sa.Column("failed_reason", sa.Text(), nullable=True),
        _timestamp("created_at"),
        _timestamp("published_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_version"),
        sa.UniqueConstraint("product_id", "number", name="uq_version_product_id_number"),
        sa.CheckConstraint(
            "status IN ('staging', 'published', 'failed')", name="ck_version_status"
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name="fk_version_product_id_product",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_version_status_lease", "version", ["status", "lease_expires_at"])
    op.create_table(
        "file",
        _id(),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.CHAR(64), nullable=False),
        sa.Column("frame", sa.Integer(), nullable=True),
        _counter("representation"),
        sa.PrimaryKeyConstraint("id", name="pk_file"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
            name="fk_file_version_id_version",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_file_version_id", "file", ["version_id"])
    op.create_index("ix_file_sha256", "file", ["sha256"])
    op.create_table(
        "review_note",
        _id(),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("frame", sa.Integer(), nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_review_note"),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('approved', 'needs_changes', 'rejected')",
            name="ck_review_note_decision",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
            name="fk_review_note_version_id_version",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_review_note_version_id", "review_note", ["version_id"])
    op.create_table(
        "dependency",
        _id(),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("depends_on_version_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dependency"),
        sa.UniqueConstraint(
            "version_id",
            "depends_on_version_id",
            "kind",
            name="uq_dependency_version_id_depends_on_version_id_kind",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
            name="fk_dependency_version_id_version",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["depends_on_version_id"],
            ["version.id"],
            name="fk_dependency_depends_on_version_id_version",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_dependency_depends_on_version_id", "dependency", ["depends_on_version_id"])
    op.create_table(
        "ingest_run",
        _id(),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("source_dir", sa.Text(), nullable=False),
        sa.Column("user", sa.Text(), nullable=False),
        _timestamp("started_at"),
        _timestamp("ended_at", nullable=True),
        _counter("published"),
        _counter("failed"),
        _counter("skipped"),
        _counter("duplicate"),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_run"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name="fk_ingest_run_project_id_project",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_ingest_run_project_id", "ingest_run", ["project_id"])


def downgrade() -> None:
    for table in (
        "ingest_run",
        "dependency",
        "review_note",
        "file",
        "version",
        "product",
        "entity",
        "project",
    ):
        op.drop_table(table)
