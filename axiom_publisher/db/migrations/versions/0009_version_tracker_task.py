"""The tracker task a version was published for: version.tracker_task_id.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

A nullable foreign key to tracker_task (the synced tasks of migration 0003), set when the
version is reserved. A sync that drops a task deleted on the tracker sets it to NULL
(ON DELETE SET NULL): the product's task name stays, only the link to the gone task goes.

SQLite: a batch copy of `version` would drop the table, and with foreign keys on (they
are, and cannot be switched off inside the migration's transaction) that deletes every
version's files by cascade. So the column is added by ALTER TABLE and its named constraint
written into the table's SQL by SQLite's documented schema edit (writable_schema, then a
new schema_version), safe here because the new column holds only NULLs.

PostgreSQL: migration 0002's version guard refuses any change to a published version,
including the SET NULL that deleting a tracker task makes; the guard is replaced by one
that lets exactly that through (tracker_task_id to NULL, every other column unchanged, the
task gone), then restored on downgrade. The column needs no new grant: artists insert
versions already, and the referential action runs as the table's owner.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_GUARD = "axiom_version_guard() RETURNS trigger"
_BEFORE = "  IF OLD.status <> 'staging' THEN"
_UNLINK = """  IF TG_OP = 'UPDATE' AND OLD.tracker_task_id IS NOT NULL
      AND NEW.tracker_task_id IS NULL
      AND (to_jsonb(NEW) - 'tracker_task_id') = (to_jsonb(OLD) - 'tracker_task_id')
      AND NOT EXISTS (SELECT 1 FROM @schema@.tracker_task WHERE id = OLD.tracker_task_id) THEN
    RETURN NEW;  -- the tracker task was deleted (ON DELETE SET NULL)
  END IF;
"""


def _guard_0002() -> str:
    roles = importlib.import_module("axiom_publisher.db.migrations.versions.0002_roles")
    body: str = roles.FUNCTIONS[_GUARD]
    if _BEFORE not in body:  # pragma: no cover - 0002 is frozen
        raise RuntimeError("migration 0009 cannot find its place in 0002's version guard")
    return body


def _set_guard(body: str) -> None:
    connection = op.get_bind()
    schema = connection.dialect.identifier_preparer.quote(
        connection.execute(sa.text("SELECT current_schema()")).scalar_one()
    )
    connection.execute(
        sa.text(
            f"CREATE OR REPLACE FUNCTION {_GUARD} LANGUAGE plpgsql "
            f"SET search_path = {schema}, pg_temp "
            f"AS $body${body.replace('@schema@', schema)}\n$body$"
        )
    )


_FK = "fk_version_tracker_task_id_tracker_task"
_SQLITE_FK = (
    f", \n\tCONSTRAINT {_FK} FOREIGN KEY(tracker_task_id) REFERENCES tracker_task (id) "
    "ON DELETE SET NULL"
)


def _edit_sqlite_table(edit: Callable[[str], str]) -> None:
    """Rewrite the CREATE TABLE text of `version` (sqlite.org/lang_altertable.html, 7)."""
    connection = op.get_bind()
    where = "type = 'table' AND name = 'version'"
    sql = connection.exec_driver_sql(f"SELECT sql FROM sqlite_master WHERE {where}").scalar_one()
    number = connection.exec_driver_sql("PRAGMA schema_version").scalar_one()
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        connection.exec_driver_sql(
            f"UPDATE sqlite_master SET sql = ? WHERE {where}", (edit(str(sql)),)
        )
        connection.exec_driver_sql(f"PRAGMA schema_version = {int(number) + 1}")
    finally:
        connection.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = connection.exec_driver_sql("PRAGMA main.integrity_check").scalars().all()
    if problems != ["ok"]:  # pragma: no cover - the edit above is checked by the tests
        raise RuntimeError(f"migration 0009 left the SQLite schema damaged: {problems}")


def _add_constraint(sql: str) -> str:
    body = sql.rstrip()
    if not body.endswith(")") or _FK in body:  # pragma: no cover
        raise RuntimeError("migration 0009 does not recognise the SQL of table version")
    return body[:-1].rstrip() + _SQLITE_FK + "\n)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE version ADD COLUMN tracker_task_id INTEGER")
        _edit_sqlite_table(_add_constraint)
    else:
        op.add_column("version", sa.Column("tracker_task_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            _FK,
            "version",
            "tracker_task",
            ["tracker_task_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index("ix_version_tracker_task_id", "version", ["tracker_task_id"])
    if op.get_bind().dialect.name == "postgresql":
        body = _guard_0002()
        _set_guard(body.replace(_BEFORE, _UNLINK + _BEFORE, 1))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _set_guard(_guard_0002())
    op.drop_index("ix_version_tracker_task_id", table_name="version")
    if op.get_bind().dialect.name == "sqlite":
        _edit_sqlite_table(lambda sql: sql.replace(_SQLITE_FK, "", 1))
        op.execute("ALTER TABLE version DROP COLUMN tracker_task_id")
    else:
        op.drop_constraint(_FK, "version", type_="foreignkey")
        op.drop_column("version", "tracker_task_id")
