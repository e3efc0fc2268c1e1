"""`axiom db upgrade`, and a client meeting a schema newer than it knows."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy

from tests.cli.conftest import Axiom


def test_db_upgrade_on_a_current_database_changes_nothing(axiom: Axiom) -> None:
    axiom.ok("project", "list")  # creates the schema at head
    result = axiom.ok("db", "upgrade")
    assert "already at" in result.out


def test_a_newer_schema_is_refused_with_exit_3_and_left_alone(axiom: Axiom) -> None:
    axiom.ok("project", "create", "proj")
    engine = sqlalchemy.create_engine(axiom.db_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                sqlalchemy.text("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
            )
        result = axiom("project", "list", "--json")
        assert result.code == 3
        error = result.error()
        assert error["type"] == "SchemaMismatchError"
        assert "f00dfeed9999" in error["message"] and "newer" in error["message"]
        assert axiom("db", "upgrade").code == 3
        with engine.connect() as connection:
            assert (
                connection.execute(
                    sqlalchemy.text("SELECT version_num FROM alembic_version")
                ).scalar_one()
                == "f00dfeed9999"
            )
            assert (
                connection.execute(sqlalchemy.text("SELECT code FROM project")).scalar_one()
                == "proj"
            )
    finally:
        engine.dispose()


def test_verify_text_output_names_problems(axiom: Axiom, media: Path) -> None:
    axiom.ok("project", "create", "proj", "--resolution", "64x36")
    axiom.ok("shot", "create", "proj", "sh010")
    (axiom.root / ".axiom-root").unlink()
    axiom.root.rmdir()  # the share is not mounted
    unmounted = axiom("verify")
    assert unmounted.code == 3 and "the publish area is not mounted" in unmounted.err
    assert f"the publish root {axiom.root} does not exist" in unmounted.err
    assert not axiom.root.exists()
    axiom.ok("root", "init", axiom.root)
    axiom.ok(
        "publish", media / "clip.mov", "--project", "proj", "--shot", "sh010", "--product", "plate"
    )
    clean = axiom.ok("verify")
    # the movie, its proxy, two thumbnails (JPEG, WebP) and the manifest
    assert "verified 1 version(s), 5 file(s): clean" in clean.out
    stray = axiom.root / "proj" / "sh010" / "main" / "plate" / "v007"
    stray.mkdir(parents=True)
    found = axiom("verify")
    assert found.code == 1
    assert "unknown_folder" in found.out and str(stray) in found.out
    repaired = axiom.ok("verify", "--repair")
    assert "repaired" in repaired.out and not stray.exists()
    assert axiom.ok("verify").code == 0
