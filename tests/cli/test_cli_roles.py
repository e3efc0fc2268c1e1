"""`axiom db roles [--apply] [--json]`: the PostgreSQL roles and grants, and how to map logins."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.cli.conftest import Axiom
from tests.roots import publish_root


def test_db_roles_prints_the_roles_grants_and_login_mapping(axiom: Axiom) -> None:
    payload = axiom.ok("db", "roles", "--json").json()
    assert payload["roles"] == ["axiom_artist", "axiom_lead", "axiom_wrangler", "axiom_admin"]
    assert payload["applied"] is False and payload["missing_roles"] == []
    statements = "\n".join(payload["statements"])
    for role in payload["roles"]:
        assert f"CREATE ROLE {role} NOLOGIN" in statements
    assert "GRANT INSERT ON file, review_note, dependency TO axiom_artist" in statements
    # The tables of later migrations too: a studio re-applying the grants misses none.
    assert "GRANT SELECT ON tracker_task TO axiom_artist" in statements
    assert "GRANT SELECT, INSERT, UPDATE, DELETE ON annotation TO axiom_artist" in statements
    assert "GRANT axiom_lead TO bob;" in payload["map_logins"]
    text = axiom.ok("db", "roles").out
    assert "GRANT axiom_artist TO alice;" in text and "map each studio login" in text


def test_db_roles_apply_on_sqlite_is_a_usage_error(
    sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    axiom = Axiom(sqlite_url, publish_root(tmp_path / "publish"), capsys)
    result = axiom("db", "roles", "--apply", "--json")
    assert result.code == 2
    assert "no logins" in result.error()["message"]


@pytest.mark.postgres
def test_db_roles_apply_grants_least_privilege(
    pg_url: str, tmp_path: Path, axiom_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    axiom = Axiom(pg_url, publish_root(tmp_path / "publish"), capsys)
    payload = axiom.ok("db", "roles", "--apply", "--json").json()
    assert payload["applied"] is True and payload["missing_roles"] == []
    with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://", 1)) as db:

        def may(role: str, table: str, privilege: str) -> bool:
            row = db.execute(
                "SELECT has_table_privilege(%s, %s, %s)", (role, table, privilege)
            ).fetchone()
            return bool(row and row[0])

        assert may("axiom_artist", "file", "INSERT") and may("axiom_artist", "version", "SELECT")
        assert may("axiom_wrangler", "project", "INSERT") and may("axiom_admin", "file", "DELETE")
        for table, privilege in [
            ("file", "UPDATE"),
            ("review_note", "UPDATE"),
            ("review_note", "DELETE"),
            ("version", "DELETE"),
            ("project", "INSERT"),
        ]:
            assert not may("axiom_artist", table, privilege), (table, privilege)
