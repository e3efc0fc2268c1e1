"""The outbox: events for the tracker and webhooks, written in the same transaction as their cause.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Placeholder: filled in by the change that needs this table."""


def downgrade() -> None:
    """Placeholder: filled in by the change that needs this table."""
