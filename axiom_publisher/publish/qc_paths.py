"""`axiom qc`: analyze and QC paths on their own, publishing nothing (inspect.py does the
work a publish does before it reserves anything)."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.media import MediaKind
from axiom_publisher.core.types import EntityKind, ProgressCallback, Source, no_progress
from axiom_publisher.db import Database, repo
from axiom_publisher.publish.inspect import (
    Inspection,
    analysis_options,
    given_colourspace,
    inspect_sources,
    item_content_hash,
    qc_spec,
)
from axiom_publisher.publish.plugins import item_info, plugins_for
from axiom_publisher.publish.sources import resolve_source


@dataclass(frozen=True, slots=True)
class CheckedPath:
    """One PATH of `axiom qc`: its source and what the analysis and QC found."""

    path: str
    source: Source
    inspection: Inspection


def check_paths(
    settings: Settings,
    database: Database,
    paths: Sequence[str],
    *,
    project_code: str | None = None,
    shot_code: str | None = None,
    proxy_dir: Path | None = None,
    colorspace: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> list[CheckedPath]:
    """`axiom qc`: analyze and QC each path on its own, publishing nothing.

    With a project (and shot) the checks use its targets and the shot's range. Proxies are
    only made with `proxy_dir`, named after each source. `colorspace` (validated against
    the OCIO config) overrides what the files declare.
    """
    colorspace = given_colourspace(settings, colorspace)
    project = entity = None
    if project_code is not None:
        project = database.run(lambda s: repo.get_project(s, project_code))
        if shot_code is not None:
            entity = database.run(
                lambda s: repo.get_entity(s, project_code, shot_code, EntityKind.SHOT)
            )
    spec = qc_spec(settings, project, entity)
    options = analysis_options(settings, project, entity, proxy=proxy_dir is not None)
    sources = [(path, resolve_source(path)) for path in paths]  # all readable before any work
    results = []
    for path, source in sources:
        with tempfile.TemporaryDirectory(prefix="axiom-qc-") as scratch:
            info = dataclasses.replace(item_info(None, source), colorspace=colorspace)
            inspection = inspect_sources(
                (source,),
                Path(scratch),
                spec=spec,
                options=options,
                colorspace=colorspace,
                progress=progress,
                cancel=cancel,
                validation=plugins_for(settings).validation(info, project_code),
            )
            if proxy_dir is not None and inspection.primary.outputs.proxy is not None:
                proxy_dir.mkdir(parents=True, exist_ok=True)
                stem = Path(path).name.split(".")[0] or "proxy"
                target = proxy_dir / f"{stem}_proxy.mp4"
                shutil.move(inspection.primary.outputs.proxy, target)
                outputs = dataclasses.replace(inspection.primary.outputs, proxy=target)
                primary = dataclasses.replace(inspection.primary, outputs=outputs)
                inspection = dataclasses.replace(inspection, analyses=(primary,))
        results.append(CheckedPath(path, source, inspection))
    return results


def checked_json(checked: CheckedPath) -> dict[str, Any]:
    """One element of `axiom qc --json`."""
    primary = checked.inspection.primary
    facts = primary.facts
    frame_range = facts.frame_range
    return {
        "path": checked.path,
        "qc": checked.inspection.report.to_json(),
        "content_hash": item_content_hash(primary),
        "frame_range": [frame_range.first, frame_range.last] if frame_range else None,
        "missing_frames": list(facts.missing_frames),
        "media": facts.info.to_json() if facts.kind is not MediaKind.OTHER else None,
        "kind": facts.kind.value,
        "proxy": str(primary.outputs.proxy) if primary.outputs.proxy else None,
    }
