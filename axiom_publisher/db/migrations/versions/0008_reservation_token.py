"""A client token on each reservation, so a retried reserve finds its own version.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

version.reservation_token: a random token the publishing client makes for each publish
attempt and stores with the staging version it reserves (DESIGN section 3, step 4). When
the reply to the reservation's COMMIT is lost, the retried reservation finds the version
carrying its token and reuses it instead of taking the next number (which would leave the
first one staging until its lease ran out). Nullable (older rows and direct callers have
none) and unique (two reservations never share one; NULLs do not collide).

Added by ALTER TABLE and a unique index on both dialects: on SQLite a batch copy of
`version` would cascade-delete its files (see 0009). PostgreSQL needs no new grant (artists
insert and update `version` already) and no trigger change: 0002's version guard keeps
everything but a staging version's own fields frozen.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "uq_version_reservation_token"


def upgrade() -> None:
    op.add_column("version", sa.Column("reservation_token", sa.String(64), nullable=True))
    op.create_index(_INDEX, "version", ["reservation_token"], unique=True)


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="version")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE version DROP COLUMN reservation_token")
    else:
        op.drop_column("version", "reservation_token")
