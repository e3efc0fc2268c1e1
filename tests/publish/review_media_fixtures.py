"""Shared set-up of the review media rebuild tests: a 1280x720 project whose versions were
published with a 360p proxy (a studio config), and settings that rebuild at 720p."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
)
from axiom_publisher.media.synth import write_clip
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from tests.roots import publish_root


@dataclass(frozen=True)
class Published:
    settings: Settings  # rebuilds at 720p
    version: VersionRecord  # published with a 360p proxy (absolute paths)


def small_proxy_config(folder: Path) -> Path:
    config = folder / "studio-360.toml"
    config.write_text("[media]\nproxy_height = 360\n")
    return config


def publish_clip(db_url: str, tmp_path: Path, env: dict[str, str], frames: int = 12) -> Published:
    """proj/sh010 (1280x720, 24 fps); a 1280x720 clip published as comp/main v001 with a
    360p proxy."""
    root = publish_root(tmp_path / "publish")
    env = dict(env, AXIOM_LEASE_SECONDS="30")
    settings = load_settings(env, db_url=db_url, publish_root=root)
    small = load_settings(
        dict(env, AXIOM_STUDIO_CONFIG=str(small_proxy_config(tmp_path))),
        db_url=db_url, publish_root=root,
    )  # fmt: skip
    with open_catalog_database(settings) as database:
        catalog.create_project(
            database, ProjectSpec(code="proj", name="Project", width=1280, height=720)
        )
        catalog.create_entity(database, EntitySpec("proj", "sh010", EntityKind.SHOT))
    clip = tmp_path / "src" / "comp.mov"
    clip.parent.mkdir()
    write_clip(clip, frames=frames, width=1280, height=720, fps=24)
    item = PublishItem(
        PublishContext("proj", "sh010", "comp", "main"), (resolve_source(clip),), author="ann"
    )
    with PublishService.open(small) as service:
        version = service.publish(item)
    return Published(settings, version)


def probe(ffprobe: str, path: Path) -> dict[str, object]:
    """ffprobe's codec, size and frame count of a movie's video stream."""
    out = subprocess.run(
        [ffprobe, "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
         "stream=codec_name,width,height,pix_fmt,nb_read_frames", "-of", "json", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    stream: dict[str, object] = json.loads(out)["streams"][0]
    return stream
