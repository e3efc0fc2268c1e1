"""Layered configuration: defaults < studio < user < environment < CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import ConfigError


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_no_configuration_means_the_embedded_default(
    axiom_env: dict[str, str], tmp_path: Path
) -> None:
    settings = load_settings(axiom_env)
    data = Path(axiom_env["AXIOM_DATA_DIR"])
    assert settings.db_url == f"sqlite:///{data / 'axiom.db'}"
    assert settings.publish_root == data / "publish"
    assert settings.embedded
    assert settings.layers == ("defaults",)
    assert "{version:03d}" in settings.path_template


def test_each_layer_overrides_the_one_below(axiom_env: dict[str, str], tmp_path: Path) -> None:
    studio = _write(
        tmp_path / "studio.toml",
        '[publish]\nroot = "/studio"\ndefault_task = "comp"\nlease_seconds = 100\n',
    )
    user = _write(tmp_path / "user.toml", '[publish]\nroot = "/user"\n')
    env = dict(axiom_env, AXIOM_STUDIO_CONFIG=str(studio), AXIOM_USER_CONFIG=str(user))
    settings = load_settings(env)
    assert settings.publish_root == Path("/user")  # user over studio
    assert settings.default_task == "comp"  # studio over defaults
    assert settings.lease_seconds == 100

    env["AXIOM_PUBLISH_ROOT"] = "/from-env"
    env["AXIOM_DB_URL"] = "postgresql+psycopg://axiom@db/axiom"
    settings = load_settings(env)
    assert settings.publish_root == Path("/from-env")
    assert settings.db_url == "postgresql+psycopg://axiom@db/axiom"
    assert not settings.embedded

    flags = _write(tmp_path / "flags.toml", '[publish]\ndefault_task = "light"\n')
    settings = load_settings(
        env, config_file=flags, db_url="sqlite:////tmp/x.db", publish_root=Path("/flag")
    )
    assert settings.publish_root == Path("/flag")
    assert settings.db_url == "sqlite:////tmp/x.db"
    assert settings.default_task == "light"
    assert settings.layers[-2:] == ("flag:--db", "flag:--root")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[publish\nroot=", "not valid TOML"),
        ('[publish]\nlease_seconds = "soon"\n', "not a whole number"),
        ("[publish]\nlease_seconds = 1\n", "too short"),
    ],
)
def test_bad_configuration_names_the_file_and_the_fault(
    axiom_env: dict[str, str], tmp_path: Path, text: str, message: str
) -> None:
    studio = _write(tmp_path / "studio.toml", text)
    with pytest.raises(ConfigError, match=message):
        load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(studio)))


def test_a_missing_studio_file_is_an_error(axiom_env: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist") as caught:
        load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(tmp_path / "nope.toml")))
    assert "nope.toml" in str(caught.value)


def test_boolean_from_the_environment(axiom_env: dict[str, str]) -> None:
    assert load_settings(dict(axiom_env, AXIOM_DEDUPE_HARDLINKS="false")).dedupe_hardlinks is False
    with pytest.raises(ConfigError, match="not a boolean"):
        load_settings(dict(axiom_env, AXIOM_DEDUPE_HARDLINKS="maybe"))
