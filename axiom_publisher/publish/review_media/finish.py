"""The tail of a committed rebuild whose run stopped before it ended (a farm job's retry).

The database records the new media; the folder may still have the manifest the rebuild
started from and the files it replaced. Finishing writes the revised manifest (a function
of the recorded rebuild; written only when its SHA-256 is the recorded one) and removes the
replaced files that no row records, as the rebuild itself would have: the same result as
`axiom verify --repair`, without the quarantine.
"""

from __future__ import annotations

import hashlib

from axiom_publisher.config import Settings
from axiom_publisher.core.review_media import MANIFEST, Rebuild
from axiom_publisher.db import Database, repo
from axiom_publisher.publish.paths import area_layout
from axiom_publisher.publish.records import MANIFEST_NAME
from axiom_publisher.publish.review_media.names import pair_files, revised_manifest
from axiom_publisher.storage.revise import FolderRevision


def finish_committed(settings: Settings, database: Database, rebuild: Rebuild) -> list[str]:
    """Finish published rebuild `rebuild` in its folder; what it did, one line a change."""
    version = database.run(lambda s: repo.list_versions(s, version_id=rebuild.version_id))[0]
    recorded = {str(file.path).rsplit("/", 1)[-1] for file in version.files}
    pairs = pair_files(rebuild.old_files, rebuild.new_files)
    done: list[str] = []
    with FolderRevision(area_layout(settings), rebuild.folder) as folder:
        path = folder.path / MANIFEST_NAME
        current = path.read_bytes() if path.is_file() else b""
        if current and hashlib.sha256(current).hexdigest() == rebuild.old_manifest_sha256:
            data = revised_manifest(current, rebuild, pairs)
            if hashlib.sha256(data).hexdigest() == rebuild.new_manifest_sha256:
                folder.replace(MANIFEST_NAME, data)
                done.append(f"rewrote {path}")
        for old, _new in pairs:
            replaced = old.representation != MANIFEST and old.name not in recorded
            if replaced and folder.remove(old.name):
                done.append(f"removed {folder.path / old.name}")
    return done
