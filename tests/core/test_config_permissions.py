"""[publish] group, folder_mode and file_mode: parsed into AreaPermissions, and every bad
value an error naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.permissions import AreaPermissions


def _studio(axiom_env: dict[str, str], tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "studio.toml"
    path.write_text("[publish]\n" + text, encoding="utf-8")
    return dict(axiom_env, AXIOM_STUDIO_CONFIG=str(path))


def test_the_default_is_the_single_user_area(axiom_env: dict[str, str]) -> None:
    permissions = load_settings(axiom_env).permissions
    assert permissions == AreaPermissions(group=None, folder_mode=None, file_mode=0o444)
    assert permissions.version_folder_mode == 0o555 and not permissions.configured


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('group = "vfx"\nfolder_mode = "2775"\nfile_mode = "0440"\n',
         AreaPermissions("vfx", 0o2775, 0o440)),
        ("group = 1234\n", AreaPermissions(1234, None, 0o444)),
        ('group = "1234"\nfolder_mode = "770"\n', AreaPermissions(1234, 0o770, 0o444)),
    ],
)  # fmt: skip
def test_settings_are_parsed(
    axiom_env: dict[str, str], tmp_path: Path, text: str, expected: AreaPermissions
) -> None:
    permissions = load_settings(_studio(axiom_env, tmp_path, text)).permissions
    assert permissions == expected
    assert permissions.configured


@pytest.mark.parametrize(
    ("text", "key", "says"),
    [
        ('folder_mode = "rwxrwsr-x"\n', "folder_mode", "not an octal mode"),
        ("folder_mode = 2775\n", "folder_mode", "not a string"),
        ('folder_mode = "0555"\n', "folder_mode", "must let the owner"),
        ('folder_mode = "4775"\n', "folder_mode", "not be setuid"),
        ('file_mode = "0644"\n', "file_mode", "must be read-only"),
        ('file_mode = "2444"\n', "file_mode", "without special bits"),
        ('file_mode = "0044"\n', "file_mode", "readable by the owner"),
        ('group = "v fx"\n', "group", "not a group name or id"),
        ("group = -1\n", "group", "not a group id"),
        ("group = true\n", "group", "group"),
        ('grup = "vfx"\n', "grup", "did you mean 'group'"),
    ],
)
def test_bad_values_name_the_file_and_the_key(
    axiom_env: dict[str, str], tmp_path: Path, text: str, key: str, says: str
) -> None:
    with pytest.raises(ConfigError, match=says) as caught:
        load_settings(_studio(axiom_env, tmp_path, text))
    message = str(caught.value)
    assert str(tmp_path / "studio.toml") in message and key in message
