"""Roots per platform: Windows-style paths on this (Linux) machine, through PureWindowsPath."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.roots import Root, RootSet

ROOTS = (
    Root("publish", {"linux": "/mnt/publish", "windows": "P:/publish", "darwin": "/Volumes/pub"}),
    Root("work", {"linux": "/mnt/work", "windows": "\\\\fs\\work", "darwin": "/Volumes/work"}),
    Root("work_fx", {"linux": "/mnt/work/fx", "windows": "X:\\"}),
)


def test_a_windows_path_in_any_case_and_slash_is_opened_as_linux_has_it() -> None:
    linux = RootSet(ROOTS, platform="linux", running="linux")
    assert linux.local(r"p:\PUBLISH\proj\sh010\v001\a.exr") == "/mnt/publish/proj/sh010/v001/a.exr"
    assert linux.local("P:/publish/proj/x.exr") == "/mnt/publish/proj/x.exr"
    assert linux.local(r"\\FS\work\sh010\comp.nk") == "/mnt/work/sh010/comp.nk"
    assert linux.local("/Volumes/pub/proj") == "/mnt/publish/proj"
    assert linux.local("/elsewhere/file.exr") == "/elsewhere/file.exr"  # under no root
    # the longest root wins: /mnt/work/fx is its own root
    assert linux.split("/mnt/work/fx/a.exr") == (ROOTS[2], "a.exr")
    assert linux.local("/mnt/publishing/x") == "/mnt/publishing/x"  # a prefix, not a folder


def test_a_simulated_windows_machine_shows_windows_paths_and_opens_linux_ones() -> None:
    windows = RootSet(ROOTS, platform="windows", running="linux")
    assert windows.simulated
    assert windows.shown("/mnt/publish/proj/sh010/v001") == r"P:\publish\proj\sh010\v001"
    assert windows.shown("/mnt/work/sh010/comp.nk") == r"\\fs\work\sh010\comp.nk"
    assert windows.shown("/mnt/work/fx/a.exr") == r"X:\a.exr"
    assert windows.local(r"P:\publish\proj") == "/mnt/publish/proj"
    assert windows.path_of("publish", "proj/sh010") == r"P:\publish\proj\sh010"
    with pytest.raises(ConfigError, match="no darwin path"):
        windows.path_of("work_fx", "a", "darwin")


def test_roots_and_the_platform_come_from_the_config(
    tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    config = tmp_path / "studio.toml"
    config.write_text(
        f"[roots.publish]\nlinux = '{tmp_path / 'pub'}'\nwindows = 'P:\\publish'\n", "utf-8"
    )
    settings = load_settings(dict(axiom_env, AXIOM_PLATFORM="windows"), config_file=config)
    assert settings.publish_root == tmp_path / "pub"
    assert settings.roots.platform == "windows" and settings.roots.running == "linux"
    assert settings.roots.shown(str(tmp_path / "pub" / "a")) == r"P:\publish\a"
    # --root still wins (tests and one-off runs)
    other = load_settings(axiom_env, config_file=config, publish_root=tmp_path / "other")
    assert other.publish_root == tmp_path / "other"
    with pytest.raises(ConfigError, match="AXIOM_PLATFORM='amiga' is not a platform"):
        load_settings(dict(axiom_env, AXIOM_PLATFORM="amiga"), config_file=config)
    config.write_text(config.read_text("utf-8") + "[publish]\nroot = '/r'\n", "utf-8")
    with pytest.raises(ConfigError, match=r"both name the publish root"):
        load_settings(axiom_env, config_file=config)
    config.write_text("[roots.publish]\nwindows = 'P:\\publish'\n", "utf-8")
    with pytest.raises(ConfigError, match=r"\[roots.publish\] has no linux path"):
        load_settings(axiom_env, config_file=config)
