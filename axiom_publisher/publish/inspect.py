"""Analyze and QC an item before anything is reserved: shared by `publish` and `axiom qc`.

The project spec (resolution, fps, colourspace) and the shot's cut range plus handles come
from the database; thresholds and severities from the configuration's [qc] section.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axiom_publisher.config import Settings, build_spec, qc_settings_for
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import QCFailedError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import MediaKind
from axiom_publisher.core.qc import QCCheck, QCReport, QCSpec, QCStatus
from axiom_publisher.core.types import (
    EntitySpec,
    ProgressCallback,
    ProjectSpec,
    PublishedFile,
    PublishItem,
    Source,
    no_progress,
)
from axiom_publisher.media.analyze import AnalysisOptions, SourceAnalysis, analyze_source
from axiom_publisher.media.colour_names import (
    canonical_name,
    colourspace_names,
    validate_colourspace,
)
from axiom_publisher.media.proxy import ProxySettings
from axiom_publisher.publish.plugins import ItemValidation, PluginChecks
from axiom_publisher.qc import evaluate
from axiom_publisher.qc.advice import without_publish_again


@dataclass(frozen=True, slots=True)
class Inspection:
    """The analyses of an item's representations (primary first) and their QC report."""

    analyses: tuple[SourceAnalysis, ...]
    report: QCReport
    plugin_checks: PluginChecks = PluginChecks()  # the studio plugins' findings

    @property
    def primary(self) -> SourceAnalysis:
        return self.analyses[0]


def shot_range(project: ProjectSpec, entity: EntitySpec | None) -> FrameRange | None:
    """The frames a shot must deliver: its cut range plus handles, if it has one."""
    if entity is None or entity.cut_range is None:
        return None
    handles = entity.handles if entity.handles is not None else project.handles
    return FrameRange(entity.cut_range.first - handles, entity.cut_range.last + handles)


def qc_spec(settings: Settings, project: ProjectSpec | None, entity: EntitySpec | None) -> QCSpec:
    """What QC checks against: the project's targets, the shot's range, the [qc] config."""
    if project is None:
        return build_spec(qc_settings_for(settings, None), width=None, height=None, fps=None,
                          colorspace=None, frame_range=None)  # fmt: skip
    return build_spec(
        qc_settings_for(settings, project.code),
        width=project.width,
        height=project.height,
        fps=project.fps,
        colorspace=canonical_name(settings.media.ocio_config, project.colorspace),
        frame_range=shot_range(project, entity),
    )


def colourspace_choices(settings: Settings) -> list[str]:
    """The colour spaces a user may give: those of the configured OCIO config."""
    return colourspace_names(settings.media.ocio_config)


def given_colourspace(settings: Settings, name: str | None) -> str | None:
    """A colour space a user gave (`--colorspace`, the Publish tab) as the OCIO config names
    it; BadInputError listing the config's colour spaces when it has no such space."""
    if name is None:
        return None
    return validate_colourspace(settings.media.ocio_config, name)


def analysis_options(
    settings: Settings,
    project: ProjectSpec | None,
    entity: EntitySpec | None,
    *,
    proxy: bool = True,
) -> AnalysisOptions:
    media = settings.media
    frames = shot_range(project, entity) if project else None
    qc = qc_settings_for(settings, project.code if project else None)
    return AnalysisOptions(
        proxy=ProxySettings(
            height=media.proxy_height,
            crf=media.proxy_crf,
            preset=media.proxy_preset,
            keyframe_seconds=media.keyframe_seconds,
        )
        if proxy
        else None,
        thumbnails=proxy,
        thumbnail_frame=media.thumbnail_frame,
        first_frame=frames.first if frames else (project.frame_start if project else 1001),
        fps=project.fps if project else 24.0,
        black_level=qc.black_level,
        frozen_threshold=qc.frozen_threshold,
        timeout=media.decode_timeout,
        ocio_config=media.ocio_config,
        ocio_display=media.ocio_display,
        ocio_view=media.ocio_view,
        display_quality=media.display_quality,
    )


def inspect_sources(
    sources: tuple[Source, ...],
    scratch: Path,
    *,
    spec: QCSpec,
    options: AnalysisOptions,
    colorspace: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    validation: ItemValidation | None = None,
) -> Inspection:
    """One decode pass per source (proxy and thumbnail for the primary only), then QC.
    `validation`: the studio plugins' checks, fed the primary's frames in the same pass."""
    analyses = []
    for index, source in enumerate(sources):
        source_options = (
            options if index == 0 else dataclasses.replace(options, proxy=None, thumbnails=False)
        )
        analyses.append(
            analyze_source(
                source,
                scratch,
                representation=index,
                options=source_options,
                colorspace=colorspace,
                progress=progress,
                cancel=cancel,
                on_frame=validation.on_frame if index == 0 and validation else None,
            )
        )
    plugin_checks = validation.finish() if validation is not None else PluginChecks()
    report = evaluate([analysis.facts for analysis in analyses], spec)
    return Inspection(tuple(analyses), with_checks(report, plugin_checks), plugin_checks)


def with_checks(report: QCReport, plugin_checks: PluginChecks) -> QCReport:
    """`report` with the studio plugins' checks after AXIOM's own."""
    return QCReport(report.checks + plugin_checks.all) if plugin_checks.all else report


def requalify(
    inspection: Inspection, spec: QCSpec, context_checks: tuple[QCCheck, ...] | None = None
) -> Inspection:
    """The same analyses, QC'd again against `spec` (the context may have changed), with
    the plugins' `context_checks` for the new context when given (their pixel findings
    of the analysis pass stand)."""
    report = evaluate([analysis.facts for analysis in inspection.analyses], spec)
    plugin_checks = inspection.plugin_checks
    if context_checks is not None:
        plugin_checks = dataclasses.replace(plugin_checks, context=context_checks)
    return dataclasses.replace(
        inspection, report=with_checks(report, plugin_checks), plugin_checks=plugin_checks
    )


def check_qc(report: QCReport, override_reason: str | None, what: str) -> None:
    """Refuse a failing item unless an override reason is given (it is recorded)."""
    if report.verdict is not QCStatus.FAIL:
        return
    if override_reason is not None and override_reason.strip():
        return
    raise QCFailedError(
        f"QC failed for {what}: {failed_checks(report)}. Fix that, then publish again; or "
        'publish it as it is with --allow-qc-fail "reason" (recorded on the version)'
    )


def failed_checks(report: QCReport) -> str:
    """The failing checks of `report` as one text, `id: message; id: message`, each message
    without its closing "publish again" (the caller says it once)."""
    return "; ".join(
        f"{check.id}: {without_publish_again(check.message).rstrip('. ')}"
        for check in report.failed()
    )


def item_content_hash(analysis: SourceAnalysis) -> str | None:
    """The pixel content hash of media; for other files, a hash over their SHA-256s."""
    if analysis.content_hash is not None:
        return analysis.content_hash
    if not analysis.files:
        return None
    if len(analysis.files) == 1:
        return analysis.files[0].sha256
    joined = "\n".join(file.sha256 for file in analysis.files)
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def version_facts(
    item: PublishItem, inspection: Inspection, extras: Mapping[str, PublishedFile]
) -> dict[str, Any]:
    """The analysis and QC columns of the version (keyword arguments of set_version_facts)."""
    primary = inspection.primary
    info = primary.facts.info
    proxy = extras.get("proxy")
    thumbnail = extras.get("thumbnail.jpg")
    return {
        "width": info.width,
        "height": info.height,
        "fps": info.fps,
        "colorspace": item.colorspace or primary.facts.colorspace,
        "qc_verdict": inspection.report.verdict.value,
        "qc_report": inspection.report.to_json(),
        "qc_override_reason": item.qc_override_reason
        if inspection.report.verdict is QCStatus.FAIL
        else None,
        "content_hash": item_content_hash(primary),
        "proxy_path": str(proxy.path) if proxy else None,
        "thumbnail_path": str(thumbnail.path) if thumbnail else None,
        "media": info.to_json() if primary.facts.kind is not MediaKind.OTHER else None,
    }
