"""Helpers of the Review tab tests: a database with real publishes of small clips.

`proj` (160x90 at 24 fps) has shots sh010 and sh020 (cut 1001-1024, no handles). Two comps
of sh010 by `lena` (v002 cuts to another scene at shot frame 1009, so A and B differ) and
one of sh020 by `kim` are published through the real service, oldest first.
"""

from __future__ import annotations

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
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source

WIDTH, HEIGHT, FRAMES = 160, 90, 24
FIRST = 1001
CUT_AT = 8  # 0-based: v002 of sh010 shows another scene from shot frame 1009 on
LEAD, ARTIST = "ana", "bo"


@dataclass(frozen=True)
class Published:
    settings: Settings
    sh010_v1: VersionRecord
    sh010_v2: VersionRecord
    sh020_v1: VersionRecord


def review_settings(url: str, root: Path, env: dict[str, str]) -> Settings:
    """Settings on `url` with AXIOM_REVIEW_LEADS=ana (set AXIOM_USER to choose who runs)."""
    return load_settings(dict(env, AXIOM_REVIEW_LEADS=LEAD), db_url=url, publish_root=root)


def publish_all(settings: Settings, media: Path) -> Published:
    with PublishService.open(settings) as service:
        spec = ProjectSpec("proj", "Proj", 24.0, WIDTH, HEIGHT, colorspace="sRGB", handles=0)
        catalog.create_project(service.database, spec)
        for shot in ("sh010", "sh020"):
            entity = EntitySpec("proj", shot, EntityKind.SHOT, cut_in=FIRST, cut_out=1024)
            catalog.create_entity(service.database, entity)

        def publish(shot: str, author: str, cut_at: int | None, comment: str) -> VersionRecord:
            clip = write_clip(
                media / f"{shot}_{author}_{cut_at}.mov",
                frames=FRAMES,
                width=WIDTH,
                height=HEIGHT,
                cut_at=cut_at,
            )
            item = PublishItem(
                context=PublishContext("proj", shot, "comp", "comp"),
                sources=(resolve_source(clip),),
                comment=comment,
                author=author,
            )
            return service.publish(item)

        first = publish("sh010", "lena", None, "first comp")
        second = publish("sh010", "lena", CUT_AT, "new background")
        other = publish("sh020", "kim", None, "sh020 comp")
    return Published(settings, first, second, other)
