"""Putting a version together in its staging folder: file names, the sources (copied or
hard-linked), the review proxy and thumbnails, and the manifest. No database here: the
service decides what to link from and owns the transaction."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

from axiom_publisher import __version__
from axiom_publisher.core.hashing import sha256_file
from axiom_publisher.core.types import (
    HashedFile,
    ProgressCallback,
    ProgressEvent,
    PublishedFile,
    PublishItem,
)
from axiom_publisher.publish.inspect import Inspection
from axiom_publisher.publish.records import PROXY_REPRESENTATION, THUMBNAIL_REPRESENTATION
from axiom_publisher.publish.sources import format_frame
from axiom_publisher.storage import PublishLayout, Stager


def file_namer(
    layout: PublishLayout, item: PublishItem, number: int
) -> Callable[[HashedFile], str]:
    """The published name of each source file; a representation whose extension an earlier
    one already uses gets `_r<index>` so that no two files collide."""
    used_extensions: dict[str, int] = {}
    suffix: dict[int, str] = {}
    for index, source in enumerate(item.sources):
        key = source.extension.lower()
        suffix[index] = "" if key not in used_extensions else f"_r{index}"
        used_extensions.setdefault(key, index)

    def name(hashed: HashedFile) -> str:
        source = item.sources[hashed.representation]
        frame = hashed.source.frame
        text = layout.file_name(
            item.context,
            number,
            source.extension,
            format_frame(frame, source.padding) if frame is not None else None,
        )
        extra = suffix[hashed.representation]
        if extra:
            stem, dot, rest = text.partition(".")
            text = f"{stem}{extra}{dot}{rest}"
        return text

    return name


def stage_sources(
    stager: Stager,
    layout: PublishLayout,
    item: PublishItem,
    number: int,
    hashed: list[HashedFile],
    published: dict[tuple[str, int], str],
    on_bytes: Callable[[int], None],
    progress: ProgressCallback,
) -> list[PublishedFile]:
    """Copy (or hard-link, where `published` knows the content) every source file in."""
    name_of = file_namer(layout, item, number)
    total = len(hashed)
    staged: list[PublishedFile] = []
    progress(ProgressEvent("stage", 0, total, "copying into the staging folder"))
    for done, entry in enumerate(hashed, start=1):
        on_bytes(0)
        name = name_of(entry)
        existing = published.get((entry.sha256, entry.size))
        if existing is not None:
            placed = stager.add_link(layout.resolve(existing), name, entry.sha256)
        else:
            placed = stager.add_copy(entry.source.path, name, entry.sha256, on_bytes)
        staged.append(
            dataclasses.replace(
                placed, frame=entry.source.frame, representation=entry.representation
            )
        )
        progress(ProgressEvent("stage", done, total, name))
    return staged


def stage_outputs(
    stager: Stager, layout: PublishLayout, item: PublishItem, inspection: Inspection, number: int
) -> dict[str, PublishedFile]:
    """Stage the primary's review proxy and thumbnails: keys `proxy`, `thumbnail.jpg`, ..."""
    outputs = inspection.primary.outputs
    wanted: list[tuple[str, Path, str, int]] = []
    if outputs.proxy is not None:
        wanted.append(("proxy", outputs.proxy, "_proxy", PROXY_REPRESENTATION))
    for thumbnail in outputs.thumbnails:
        wanted.append(
            (f"thumbnail{thumbnail.suffix}", thumbnail, "_thumb", THUMBNAIL_REPRESENTATION)
        )
    staged: dict[str, PublishedFile] = {}
    for key, path, suffix, representation in wanted:
        base = layout.file_name(item.context, number, path.suffix.lstrip("."), None)
        stem, dot, extension = base.rpartition(".")
        digest, _ = sha256_file(path)
        placed = stager.add_copy(path, f"{stem}{suffix}{dot}{extension}", digest)
        staged[key] = dataclasses.replace(placed, representation=representation)
    return staged


def manifest_bytes(
    item: PublishItem, number: int, files: list[PublishedFile], inspection: Inspection
) -> bytes:
    """The version's manifest: what was published, from what, and what QC said."""
    context = item.context
    document = {
        "axiom_version": __version__,
        "project": context.project,
        "entity": context.entity,
        "entity_kind": context.entity_kind.value,
        "task": context.task,
        "product": context.product,
        "version": number,
        "comment": item.comment,
        "source": item.workfile,
        "dependencies": sorted(set(item.depends_on)),
        "sources": [source.display for source in item.sources],
        "content_hash": inspection.primary.content_hash,
        "qc": inspection.report.to_json(),
        "qc_override_reason": item.qc_override_reason,
        "files": [
            {"path": Path(file.path).name, "size": file.size, "sha256": file.sha256,
             "frame": file.frame}
            for file in files
        ],
    }  # fmt: skip
    return json.dumps(document, indent=2, sort_keys=True).encode("utf-8")
