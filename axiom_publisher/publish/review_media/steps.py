"""The steps of a review media rebuild that touch files: the published files as the source
to decode, the check that they are unchanged, placing the new files, the revised manifest."""

from __future__ import annotations

import hashlib
from pathlib import Path

from axiom_publisher.core.errors import BadInputError, PublishConflictError, SourceChangedError
from axiom_publisher.core.review_media import MANIFEST, PROXY, THUMBNAIL, MediaFile, Rebuild
from axiom_publisher.core.types import Source, SourceFile, VersionRecord
from axiom_publisher.media.analyze import SourceAnalysis
from axiom_publisher.publish.records import MANIFEST_NAME
from axiom_publisher.publish.review_media.names import pair_files, revised_manifest, revised_name
from axiom_publisher.storage.revise import FolderRevision


def published_source(record: VersionRecord, root: Path) -> Source:
    """The version's primary representation as a Source of its published files."""
    files = sorted(
        (file for file in record.files if file.representation == 0),
        key=lambda file: (file.frame is None, file.frame or 0, str(file.path)),
    )
    if not files:
        raise BadInputError(f"version id {record.id} has no published files to decode")
    paths = tuple(SourceFile(root / file.path, file.frame) for file in files)
    extension = Path(str(files[0].path)).suffix.lstrip(".")
    sequence = record.frame_range if files[0].frame is not None else None
    return Source(paths, str(paths[0].path), extension, sequence, record.missing_frames)


def check_unchanged(record: VersionRecord, analysis: SourceAnalysis) -> None:
    """The published files still have their recorded SHA-256 (and pixels their hash)."""
    recorded = {str(file.path).rsplit("/", 1)[-1]: file.sha256 for file in record.files}
    for hashed in analysis.files:
        if recorded.get(hashed.source.path.name) != hashed.sha256:
            raise SourceChangedError(
                f"the published file {hashed.source.path} no longer has its recorded SHA-256: "
                "run `axiom verify`; review media are never made from a changed version"
            )
    if record.content_hash and analysis.content_hash not in (None, record.content_hash):
        raise SourceChangedError(
            f"the pictures of version id {record.id} no longer hash as published; run "
            "`axiom verify`"
        )


def place_outputs(
    folder: FolderRevision, rebuild: Rebuild, analysis: SourceAnalysis, placed: list[str]
) -> list[MediaFile]:
    """Copy the new proxy and thumbnails in under new names; their records."""
    outputs = analysis.outputs
    if outputs.proxy is None:
        raise BadInputError(f"version id {rebuild.version_id} gave no review proxy to rebuild")
    wanted = [(PROXY, outputs.proxy), *((THUMBNAIL, path) for path in outputs.thumbnails)]
    new: list[MediaFile] = []
    for representation, path in wanted:
        extension = path.suffix.lstrip(".").lower()
        old = next(
            (file for file in rebuild.old(representation)
             if file.name.rpartition(".")[2].lower() == extension), None,
        )  # fmt: skip
        if old is None:
            continue  # the version never had this kind of file: not added afterwards
        name = revised_name(old.name, rebuild.revision, extension)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        placed.append(name)
        size = folder.place(path, name, digest)
        new.append(MediaFile(folder.relative(name), size, digest, representation))
    return new


def revise_manifest(
    folder: FolderRevision, rebuild: Rebuild, new: list[MediaFile]
) -> tuple[list[tuple[MediaFile, MediaFile]], bytes]:
    old_manifest = rebuild.old(MANIFEST)
    pairs = pair_files(rebuild.old_files, new)
    if not old_manifest:
        return pairs, b""
    current = folder.read(MANIFEST_NAME)
    if hashlib.sha256(current).hexdigest() != rebuild.old_manifest_sha256:
        raise PublishConflictError(
            f"the manifest of {folder.path} is not the one recorded; run `axiom verify`"
        )
    data = revised_manifest(current, rebuild, pairs)
    manifest = MediaFile(
        old_manifest[0].path, len(data), hashlib.sha256(data).hexdigest(), MANIFEST
    )
    return [*pairs, (old_manifest[0], manifest)], data
