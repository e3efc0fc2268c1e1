"""The [editorial] settings: defaults, layering and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.config import EditorialSettings, load_settings, parse_editorial_settings
from axiom_publisher.core.errors import ConfigError


def test_defaults_are_the_pattern_and_the_projects_own_handles_and_start(
    axiom_env: dict[str, str],
) -> None:
    settings = load_settings(axiom_env)
    assert settings.editorial == EditorialSettings()
    assert settings.editorial.shot_pattern == r"(?P<shot>[a-z]{2}\d{3})"
    assert settings.editorial.handles is None
    assert settings.editorial.frame_start is None


def test_a_config_file_sets_the_section(axiom_env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "studio.toml"
    config.write_text(
        '[editorial]\nshot_pattern = "^(?P<shot>[A-Z]{3}_\\\\d{4})"\nhandles = 12\n'
        "frame_start = 1\n",
        encoding="utf-8",
    )
    settings = load_settings(axiom_env, config_file=config)
    assert settings.editorial == EditorialSettings(r"^(?P<shot>[A-Z]{3}_\d{4})", 12, 1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"shot_pattern": "[a-z]+"}, "editorial.shot_pattern: .*named group"),
        ({"shot_pattern": "(?P<shot>["}, "editorial.shot_pattern: .*not a regular expression"),
        ({"shot_pattern": 3}, "editorial.shot_pattern=3"),
        ({"handles": -2}, "editorial.handles=-2 is negative"),
        ({"handles": "8"}, "editorial.handles='8' is not a whole number"),
        ({"frame_start": 1.5}, "editorial.frame_start=1.5 is not a whole number"),
        ({"handle": 8}, "editorial.handle is not a known setting; valid keys: shot_pattern"),
    ],
)
def test_bad_values_name_the_key(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_editorial_settings(raw)
