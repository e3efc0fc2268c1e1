"""A client token on each reservation, so a retried reserve finds its own version.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Placeholder: filled in by the change that needs this table."""


def downgrade() -> None:
    """Placeholder: filled in by the change that needs this table."""
