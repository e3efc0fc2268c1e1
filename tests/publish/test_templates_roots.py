"""Templates and roots in the publish layer: a scene's Windows-form path of a published file
is an input; content published through one template is hard-linked into another's tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.types import PublishContext, PublishItem
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.dependencies import input_versions
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source

PLATES = """
[templates.paths.plates]
path = "{project}/plates/{entity}/{product}/v{version:03d}/{product}_v{version:03d}[.{frame}].{ext}"
tasks = ["plate"]
"""


def _studio(settings: Settings, tmp_path: Path, platform: str, templates: str = "") -> Settings:
    config = tmp_path / "studio.toml"
    config.write_text(
        f"[roots.publish]\nlinux = '{settings.publish_root}'\nwindows = 'P:/publish'\n" + templates,
        encoding="utf-8",
    )
    env = dict(os.environ, AXIOM_PLATFORM=platform, AXIOM_LEASE_SECONDS="5")
    return load_settings(env, config_file=config, db_url=settings.db_url)


def _publish(settings: Settings, source: Path, task: str) -> int:
    item = PublishItem(PublishContext("proj", "sh010", task, "plate"), (resolve_source(source),))
    with PublishService.open(settings) as service:
        return service.publish(item).id


@pytest.fixture
def plate(tmp_path: Path) -> Path:
    write_sequence(tmp_path / "src", "plate", 1001, 1004, width=64, height=36)
    return tmp_path / "src" / "plate.####.png"


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_a_scene_path_in_windows_form_names_its_published_version(
    settings: Settings, tmp_path: Path, plate: Path, platform: str
) -> None:
    studio = _studio(settings, tmp_path, platform, PLATES)
    version_id = _publish(studio, plate, "plate")
    in_scene = [
        r"p:\PUBLISH\proj\plates\sh010\plate\v001\plate_v001.1001.png",  # a Windows Nuke Read
        "P:/publish/proj/plates/sh010/plate/v001/plate_v001.####.png",
        r"W:\library\texture.png",  # outside the publish root: not an input
    ]
    with open_catalog_database(studio) as database:
        assert input_versions(studio, database, in_scene) == (version_id,)


def test_content_published_through_another_template_is_hard_linked(
    settings: Settings, tmp_path: Path, plate: Path
) -> None:
    before = _studio(settings, tmp_path, "linux")  # the default template only
    _publish(before, plate, "plate")
    after = _studio(settings, tmp_path, "linux", PLATES)  # the studio adds a plates tree
    _publish(after, plate, "plate")
    root = settings.publish_root
    old = root / "proj/sh010/plate/plate/v001/plate_v001.1001.png"
    new = root / "proj/plates/sh010/plate/v002/plate_v002.1001.png"
    assert old.is_file() and new.is_file()
    assert os.stat(old).st_ino == os.stat(new).st_ino  # dedupe across templates
