"""The names of a rebuild's new files, their pairing with the files they replace, and the
version's manifest as a rebuild revises it.

Everything here is a pure function of the recorded rebuild (the review_media row) and the
manifest bytes it started from, so `axiom verify --repair` writes exactly the manifest a
rebuild that stopped after its commit would have written (same bytes, same SHA-256).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from axiom_publisher.core.review_media import MANIFEST, MediaFile, Rebuild

_REVISION = re.compile(r"_r\d+$")


def revised_name(old: str, revision: int, extension: str | None = None) -> str:
    """`sh010_comp_main_v003_proxy.mp4` -> `sh010_comp_main_v003_proxy_r2.mp4` (an earlier
    revision's `_rN` is replaced)."""
    stem, dot, suffix = old.rpartition(".")
    if not dot:
        stem, suffix = old, ""
    stem = _REVISION.sub("", stem)
    suffix = extension if extension is not None else suffix
    return f"{stem}_r{revision}.{suffix}" if suffix else f"{stem}_r{revision}"


def extension_of(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def pair_files(
    old: Sequence[MediaFile], new: Sequence[MediaFile]
) -> list[tuple[MediaFile, MediaFile]]:
    """(old, new) for each new file: the old one of the same representation and extension."""
    pairs: list[tuple[MediaFile, MediaFile]] = []
    for file in new:
        match = next(
            (
                candidate
                for candidate in old
                if candidate.representation == file.representation
                and (file.representation == MANIFEST
                     or extension_of(candidate.name) == extension_of(file.name))
            ),
            None,
        )  # fmt: skip
        if match is not None:
            pairs.append((match, file))
    return pairs


def revised_manifest(
    old: bytes, rebuild: Rebuild, pairs: Sequence[tuple[MediaFile, MediaFile]]
) -> bytes:
    """The manifest `old` with the replaced files' entries pointing to the new ones and the
    revision (who asked, why, what it replaced) added to its `review_media` list."""
    document: dict[str, Any] = json.loads(old.decode("utf-8"))
    replaced = [(a, b) for a, b in pairs if a.representation != MANIFEST]
    by_name = {a.name: b for a, b in replaced}
    files = []
    for entry in document.get("files", []):
        new = by_name.get(str(entry.get("path")))
        if new is not None:
            entry = dict(entry, path=new.name, size=new.size, sha256=new.sha256)
        files.append(entry)
    document["files"] = files
    revisions = list(document.get("review_media", []))
    revisions.append(
        {
            "revision": rebuild.revision,
            "author": rebuild.author,
            "requested_by": rebuild.requested_by,
            "reason": rebuild.reason,
            "thumbnail_frame": rebuild.thumbnail_frame,
            "replaced": [{"old": a.name, "new": b.name, "sha256": b.sha256} for a, b in replaced],
        }
    )
    document["review_media"] = revisions
    return json.dumps(document, indent=2, sort_keys=True).encode("utf-8")
