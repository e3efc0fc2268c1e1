"""The outbox events a publish and a review decision write, in THEIR transaction.

`add_publish_events(session, settings, version_id)` is called by the publish service in the
transaction that commits the version to published; `add_review_events` by the review
service in the one that records the decision. Each writes one event for the tracker (when
[tracker] names one) and one per [[notify]] entry that wants the kind (a publish whose QC
failed and was overridden also makes `qc_fail` events). Nothing is sent here: the drain
delivers after commit, so a tracker that is down never fails or slows the artist.

Payloads are plain JSON: names, numbers, paths RELATIVE to the publish root (the drain
resolves them with its own root), the QC verdict and failing checks, notes with their shot
frames and timecodes. No credential is ever part of a payload.
"""

from __future__ import annotations

from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.annotation import Annotation
from axiom_publisher.core.ingest import IngestRun
from axiom_publisher.core.outbox import TRACKER_TARGET, EventKind, NewEvent
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.review import ReviewNote
from axiom_publisher.core.timecode import shot_frame_timecode
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.db import Session, repo
from axiom_publisher.db.annotations import version_annotations
from axiom_publisher.db.outbox import add_events


def wanted(settings: Settings) -> bool:
    """Whether anything listens: a tracker or a [[notify]] entry."""
    return settings.tracker.kind is not None or bool(settings.notify)


def _relative(path: Any) -> str | None:
    """A path of a record read in the transaction: relative to the publish root."""
    return None if path is None else str(path).replace("\\", "/")


def version_name(record: VersionRecord) -> str:
    return f"{record.project}/{record.entity}/{record.task}/{record.product}/{record.label}"


def note_timecode(record: VersionRecord, frame: int, project_fps: float) -> str:
    """The SMPTE timecode of a shot frame (as publish.review.export computes it)."""
    media = record.media
    fps = media.fps if media is not None and media.fps else project_fps
    start = media.timecode if media is not None else None
    first = record.frame_range.first if record.frame_range is not None else frame
    return shot_frame_timecode(frame, fps, first_frame=first, start_timecode=start)


def _version_payload(record: VersionRecord) -> dict[str, Any]:
    task = record.tracker_task
    return {
        "version_id": record.id,
        "name": version_name(record),
        "project": record.project,
        "entity": record.entity,
        "entity_kind": record.entity_kind.value,
        "task": record.task,
        "product": record.product,
        "number": record.number,
        "version": record.label,
        "author": record.author,
        "tracker_task_id": task.tracker_id if task is not None else None,
        "tracker_task_type": task.task_type if task is not None else None,
    }


def publish_payload(record: VersionRecord) -> dict[str, Any]:
    """What a publish tells: the version, its comment, path, proxy and QC."""
    qc = record.qc
    failing = [check.to_json() for check in qc.failed()] if qc is not None else []
    verdict = qc.verdict.value if qc is not None else "none"
    payload = _version_payload(record)
    payload.update(
        comment=record.comment,
        path=_relative(record.path),
        proxy=_relative(record.proxy),
        thumbnail=_relative(record.thumbnail),
        frames=[record.frame_range.first, record.frame_range.last]
        if record.frame_range is not None
        else None,
        qc_verdict=verdict,
        qc_failing=failing,
        qc_override_reason=record.qc_override_reason,
        summary=f"{payload['name']} published by {record.author} (QC {verdict})",
    )
    return payload


def _note_json(record: VersionRecord, note: ReviewNote, fps: float) -> dict[str, Any]:
    return {
        "id": note.id,
        "author": note.author,
        "text": note.text,
        "frame": note.frame,
        "timecode": None if note.frame is None else note_timecode(record, note.frame, fps),
        "decision": note.decision.value if note.decision is not None else None,
    }


def _annotated_json(
    record: VersionRecord, strokes: list[Annotation], fps: float
) -> list[dict[str, Any]]:
    """The version's annotated frames as they are at the decision: each frame's strokes in
    drawing order (the tracker gets them burnt into stills of the proxy)."""
    frames: dict[int, list[dict[str, Any]]] = {}
    for annotation in strokes:
        frames.setdefault(annotation.frame, []).append(annotation.stroke.to_json())
    return [
        {"frame": frame, "timecode": note_timecode(record, frame, fps), "strokes": items}
        for frame, items in sorted(frames.items())
    ]


def review_payload(
    record: VersionRecord,
    decision: ReviewNote,
    notes: list[ReviewNote],
    fps: float,
    strokes: list[Annotation] | None = None,
) -> dict[str, Any]:
    """What a decision tells: the decision and its note, the version's notes written
    since its previous decision (each with its frame and timecode), its proxy and its
    annotated frames."""
    assert decision.decision is not None
    payload = _version_payload(record)
    payload.update(
        decision=decision.decision.value,
        reviewer=decision.author,
        note=_note_json(record, decision, fps),
        notes=[_note_json(record, note, fps) for note in notes],
        proxy=_relative(record.proxy),
        first_frame=record.frame_range.first if record.frame_range is not None else None,
        annotated=_annotated_json(record, strokes or [], fps),
        summary=f"{payload['name']}: {decision.decision.label} by {decision.author}",
    )
    return payload


def _events(
    settings: Settings, kind: EventKind, payload: dict[str, Any], key: str, version_id: int
) -> list[NewEvent]:
    events = []
    if settings.tracker.kind is not None and kind in (EventKind.PUBLISH, EventKind.REVIEW):
        events.append(NewEvent(kind, TRACKER_TARGET, payload, f"{key}:tracker", version_id))
    for target in settings.notify:
        if target.wants(kind.value):
            events.append(NewEvent(kind, target.name, payload, f"{key}:{target.name}", version_id))
    return events


def add_publish_events(session: Session, settings: Settings, version_id: int) -> None:
    """Write the events of version `version_id`'s publish (call in the commit's transaction)."""
    if not wanted(settings):
        return
    record = repo.list_versions(session, version_id=version_id)[0]
    payload = publish_payload(record)
    key = f"publish:{version_id}"
    events = _events(settings, EventKind.PUBLISH, payload, key, version_id)
    if record.qc is not None and record.qc.verdict is QCStatus.FAIL:
        events += _events(settings, EventKind.QC_FAIL, payload, f"qc_fail:{version_id}", version_id)
    add_events(session, events)


def add_review_events(session: Session, settings: Settings, decision: ReviewNote) -> None:
    """Write the events of a decision (call in the decision's transaction)."""
    if not wanted(settings) or decision.decision is None:
        return
    record = repo.list_versions(session, version_id=decision.version_id)[0]
    fps = repo.get_project(session, record.project).fps
    notes = repo.version_notes(session, decision.version_id)
    earlier = [n.id for n in notes if n.decision is not None and n.id < decision.id]
    since = max(earlier, default=0)
    pending = [n for n in notes if n.decision is None and since < n.id < decision.id]
    strokes = version_annotations(session, decision.version_id)
    payload = review_payload(record, decision, pending, fps, strokes)
    key = f"review:{decision.id}"
    add_events(session, _events(settings, EventKind.REVIEW, payload, key, decision.version_id))


def add_ingest_run_events(session: Session, settings: Settings, run: IngestRun) -> None:
    """Write the webhooks' events of a finished ingest run (call in its transaction)."""
    if not settings.notify or run.id is None:
        return
    counts = {
        "published": run.published,
        "failed": run.failed,
        "skipped": run.skipped,
        "duplicate": run.duplicate,
        "refused": run.refused,
    }
    payload: dict[str, Any] = {
        "run_id": run.id,
        "project": run.project,
        "source_dir": str(run.source_dir),
        "user": run.user,
        "counts": counts,
        "summary": f"ingest run {run.id} of {run.source_dir} into {run.project}: "
        + ", ".join(f"{value} {name}" for name, value in counts.items()),
    }
    key = f"ingest_run:{run.id}"
    events = [
        NewEvent(EventKind.INGEST_RUN, target.name, payload, f"{key}:{target.name}")
        for target in settings.notify
        if target.wants(EventKind.INGEST_RUN.value)
    ]
    add_events(session, events)
