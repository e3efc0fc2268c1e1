"""`axiom demo`: a demo project with generated media, published through the real service."""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.catalog import IdenticalPolicy
from axiom_publisher.core.errors import AlreadyExistsError
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
)
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.identical import identical_version
from axiom_publisher.publish.inspect import item_content_hash
from axiom_publisher.publish.root import ensure_publish_root
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source

# The demo's media is tagged as the tools that make such files tag it: sRGB scans (PNG
# sRGB chunk) and BT.709 review movies (H.264 VUI and QuickTime colr). The project works
# in the scans' colour space; the movies are display-referred review media.
DEMO_PROJECT = ProjectSpec(
    code="demo",
    name="AXIOM demo",
    fps=24.0,
    width=320,
    height=180,
    colorspace="sRGB Encoded Rec.709 (sRGB)",
)
DEMO_ENTITIES = (
    EntitySpec("demo", "sh010", EntityKind.SHOT, cut_in=1001, cut_out=1024, handles=4),
    EntitySpec("demo", "sh020", EntityKind.SHOT, cut_in=1001, cut_out=1016, handles=4),
    EntitySpec("demo", "hero", EntityKind.ASSET),
)


def run_demo(
    settings: Settings, log: Callable[[str], None] = print, *, again: bool = False
) -> list[VersionRecord]:
    """Create the demo project (once) and publish its versions: the demo's versions, made
    now or by an earlier run. Idempotent: a product whose published version already holds
    the same content is left as it is, so running it again publishes nothing new; with
    `again`, every product gets a new version all the same (the screenshots and the UI
    tests build a history of versions so, whatever [publish] identical says). The
    publish root must be set up (the embedded default root is set up here on first use);
    nothing is created in the database before that is known."""
    ensure_publish_root(settings)
    if again:
        settings = dataclasses.replace(settings, identical=IdenticalPolicy.ALLOW)
    with PublishService.open(settings) as service:
        try:
            catalog.create_project(service.database, DEMO_PROJECT)
            log(f"created project {DEMO_PROJECT.code}")
        except AlreadyExistsError:
            log(f"project {DEMO_PROJECT.code} exists; publishing only what it lacks")
        for entity in DEMO_ENTITIES:
            with contextlib.suppress(AlreadyExistsError):
                catalog.create_entity(service.database, entity)
        records: list[VersionRecord] = []
        made = 0
        with tempfile.TemporaryDirectory(prefix="axiom-demo-") as scratch:
            media = Path(scratch) / "media"
            write_sequence(media / "sh010", "plate", 993, 1032, colour="srgb")
            write_sequence(
                media / "sh020", "plate", 997, 1020, skip=frozenset({1010}), colour="srgb"
            )
            write_clip(media / "sh010_comp.mp4", frames=32, colour="bt709")
            write_clip(media / "hero_turntable.mov", frames=48, colour="bt709")
            sh010, sh020, hero = (
                PublishContext("demo", "sh010", "plate", "plate"),
                PublishContext("demo", "sh020", "plate", "plate"),
                PublishContext("demo", "hero", "lookdev", "turntable", EntityKind.ASSET),
            )
            jobs: list[tuple[PublishContext, Path, str, str | None]] = [
                (sh010, media / "sh010" / "plate.####.png", "scan from the lab", None),
                (sh020, media / "sh020" / "plate.1001.png", "scan, frame 1010 missing",
                 "frame 1010 is being re-scanned by the lab"),
                (PublishContext("demo", "sh010", "comp", "comp"), media / "sh010_comp.mp4",
                 "first comp pass", None),
                (hero, media / "hero_turntable.mov", "turntable", None),
            ]  # fmt: skip
            for context, path, comment, override in jobs:
                item = PublishItem(
                    context=context,
                    sources=(resolve_source(path),),
                    comment=comment,
                    host="demo",
                    qc_override_reason=override,
                )
                where = f"{context.project}/{context.entity}/{context.task}/{context.product}"
                analysis = Path(scratch) / f"analysis{len(records)}"
                analysis.mkdir()
                inspection = service.inspect(item, analysis)
                content = item_content_hash(inspection.primary)
                existing = identical_version(service.database, context, content)
                if existing is not None and existing.in_product(context) and not again:
                    log(f"{where} {existing.label} is already published with this content")
                    records.append(service.version(existing.id))
                    continue
                record = service.publish(item, inspection=inspection)
                log(f"published {where} {record.label}")
                records.append(record)
                made += 1
        if not made:
            log("nothing new to publish: the demo is already complete")
        return records
