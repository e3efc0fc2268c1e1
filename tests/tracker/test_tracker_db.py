"""The tracker's tasks table on PostgreSQL: AXIOM's roles get their grants (migration 0003)."""

from __future__ import annotations

import psycopg
import pytest

from axiom_publisher.db import open_database


@pytest.mark.postgres
def test_artists_read_tracker_tasks_and_wranglers_write_them(pg_url: str) -> None:
    database = open_database(pg_url)
    database.dispose()
    with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://", 1)) as conn:
        granted = conn.execute(
            "SELECT has_table_privilege('axiom_artist', 'tracker_task', 'SELECT'),"
            " has_table_privilege('axiom_artist', 'tracker_task', 'INSERT'),"
            " has_table_privilege('axiom_wrangler', 'tracker_task', 'INSERT'),"
            " has_table_privilege('axiom_wrangler', 'tracker_task', 'DELETE'),"
            " has_sequence_privilege('axiom_wrangler', 'tracker_task_id_seq', 'USAGE')"
        ).fetchone()
    assert granted == (True, False, True, True, True)
