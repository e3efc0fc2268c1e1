"""Delivering one outbox event: to the tracker (comments, status, preview) or a webhook.

Idempotent on the tracker: every comment carries its event marker (core.outbox
.event_marker); before sending, the task's comments are searched for it, so an event
retried after a lost reply or a killed drain finds its comment and never makes a second
one. The preview is attached to that comment: a comment that has one is not given another
(an upload that did not finish is uploaded again into the same preview).
A webhook carries the event's key in X-Axiom-Delivery for the receiver to drop a repeat.
A comment names the AXIOM user; one whose login [tracker.people] maps is attributed to that
tracker person where the tracker lets the API user (Kitsu: a manager) do so.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.config.notify import NotifyTarget, fill_template
from axiom_publisher.core.annotation import Stroke
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.outbox import EventKind, OutboxEvent, event_marker
from axiom_publisher.media.burn import write_annotated_stills
from axiom_publisher.tracker import Tracker
from axiom_publisher.tracker.webhook import post_event

DECISION_STATUS = {"approved": "approve", "needs_changes": "changes", "rejected": "reject"}
DONE_PREVIEW = ("ready", "processing")


class NoTrackerTaskError(BadInputError):
    """The version has no synced tracker task (a shot or task the tracker lacks)."""


def _task(event: OutboxEvent) -> str:
    task = event.payload.get("tracker_task_id")
    if not task:
        payload = event.payload
        raise NoTrackerTaskError(
            f"{payload.get('name')} has no tracker task: the tracker had no "
            f"{payload.get('task')!r} task on {payload.get('entity')} when it was published "
            "(sync the project with `axiom tracker sync`; later publishes link it)"
        )
    return str(task)


def _frames(frames: list[int]) -> str:
    return ", ".join(str(frame) for frame in frames[:20]) + (" ..." if len(frames) > 20 else "")


def publish_text(payload: Mapping[str, Any], root: Path) -> str:
    lines = [f"AXIOM published {payload['name']} (by {payload['author']})"]
    if payload.get("comment"):
        lines.append(str(payload["comment"]))
    lines.append(f"Path: {root / str(payload['path'])}")
    verdict = str(payload.get("qc_verdict"))
    reason = payload.get("qc_override_reason")
    lines.append(f"QC: {verdict}" + (f" (overridden: {reason})" if reason else ""))
    failing = payload.get("qc_failing") or []
    if failing:
        lines.append("Failing checks:")
        for check in failing:
            frames = check.get("frames") or []
            where = f" (frames {_frames(frames)})" if frames else ""
            lines.append(f"- {check['id']}: {check['message']}{where}")
    return "\n".join(lines)


def _note_line(note: Mapping[str, Any]) -> str:
    where = ""
    if note.get("frame") is not None:
        where = f" at frame {note['frame']} ({note['timecode']})"
    return f"{note['author']}{where}: {note['text']}"


def person(settings: Settings, payload: Mapping[str, Any], user: Any) -> str | None:
    """The tracker person AXIOM user `user` is mapped to ([tracker.people], per project)."""
    if not user:
        return None
    return settings.tracker.names_for(str(payload.get("project") or "")).person(str(user))


def oversized_preview(settings: Settings, movie: Path) -> str:
    """Why the proxy `movie` is not uploaded as the preview ("" when it is not too big)."""
    limit = settings.tracker.preview_max_mb
    size = movie.stat().st_size
    if size <= limit * 1024 * 1024:
        return ""
    return f"the proxy is {size / (1024 * 1024):.1f} MB, over [tracker] preview_max_mb={limit}"


def _deliver_publish(tracker: Tracker, settings: Settings, event: OutboxEvent, task: str) -> str:
    payload = event.payload
    proxy = payload.get("proxy")
    movie = settings.publish_root / str(proxy) if proxy else None
    skipped = oversized_preview(settings, movie) if movie is not None else ""
    markers = tracker.comment_markers(task)
    comment = markers.get(event.key)
    if comment is None:
        text = publish_text(payload, settings.publish_root)
        if skipped:  # the comment says why it has no preview
            text += f"\nNo preview: {skipped} (the proxy is published with the version)"
        text = f"{text}\n\n{event_marker(event.key)}"
        status = settings.tracker.statuses["publish"]
        author = person(settings, payload, payload.get("author"))
        comment = tracker.add_comment(task, status, text, author=author)
    if movie is None:
        return f"comment {comment}"
    if skipped:
        return f"comment {comment}; preview not uploaded: {skipped}"
    previews = tracker.comment_previews(task, comment)
    unfinished = None
    if previews:
        if tracker.preview_status(previews[0]) in DONE_PREVIEW:
            return f"comment {comment}; preview {previews[0]}"
        unfinished = previews[0]
    preview = tracker.add_preview(task, comment, movie, int(payload["number"]), unfinished)
    return f"comment {comment}; preview {preview}"


def still_names(payload: Mapping[str, Any]) -> dict[int, str]:
    """The attachment file name of each annotated shot frame of a decision's version (the
    same on every retry: an attachment the comment has is found by its name)."""
    parts = (payload.get("entity"), payload.get("product"), payload.get("version"))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", "_".join(str(p) for p in parts))
    items = payload.get("annotated") or []
    return {int(item["frame"]): f"{stem}_f{item['frame']}.png" for item in items}


def _write_stills(
    settings: Settings, payload: Mapping[str, Any], names: Mapping[int, str], folder: Path
) -> list[Path]:
    """The annotated frames `names` as PNG stills of the proxy with their strokes burnt in
    (frames before the range or past the proxy's end are left out)."""
    annotated = {int(item["frame"]): item for item in payload.get("annotated") or []}
    first = payload.get("first_frame")
    first = min(annotated) if first is None else int(first)
    wanted = {
        frame - first: (folder / name, [Stroke.from_json(s) for s in annotated[frame]["strokes"]])
        for frame, name in names.items()
        if frame >= first
    }
    written = write_annotated_stills(settings.publish_root / str(payload["proxy"]), wanted)
    return [still.path for _, still in sorted(written.items())]


def _annotated_line(payload: Mapping[str, Any]) -> str:
    items = payload.get("annotated") or []
    frames = ", ".join(f"{item['frame']} ({item['timecode']})" for item in items)
    return f"\nAnnotated frames (attached): {frames}" if items else ""


def _decision_comment(
    tracker: Tracker, settings: Settings, payload: Mapping[str, Any], task: str, found: str | None,
    status: str, text: str,
) -> tuple[str, int]:  # fmt: skip
    """The decision's comment with its annotated stills attached: made with them, or (on a
    retry) given the ones it lacks; its id and how many stills it holds."""
    names = still_names(payload)
    proxy = payload.get("proxy")
    if not names or not proxy or not (settings.publish_root / str(proxy)).is_file():
        names = {}
    if found is not None and names:
        have = set(tracker.comment_attachments(task, found))
        missing = {frame: name for frame, name in names.items() if name not in have}
    else:
        missing = names
    if found is not None and not missing:
        return found, len(names)
    with tempfile.TemporaryDirectory(prefix="axiom-stills-") as folder:
        stills = _write_stills(settings, payload, missing, Path(folder)) if missing else []
        if found is None:
            author = person(settings, payload, payload.get("reviewer"))
            return tracker.add_comment(task, status, text, stills, author), len(stills)
        if stills:
            tracker.add_attachments(task, found, stills)
    return found, len(names) - len(missing) + len(stills)


def _deliver_review(tracker: Tracker, settings: Settings, event: OutboxEvent, task: str) -> str:
    payload = event.payload
    status = settings.tracker.statuses[DECISION_STATUS[str(payload["decision"])]]
    markers = tracker.comment_markers(task)
    note = payload["note"]
    head = f"AXIOM review of {payload['name']}: {status} ({str(payload['decision'])})"
    texts = [f"{head}\n{_note_line(note)}{_annotated_line(payload)}"]
    texts += [f"Note on {payload['name']} by {_note_line(n)}" for n in payload["notes"]]
    authors = [person(settings, payload, n.get("author")) for n in payload["notes"]]
    made = []
    stills = 0
    for number, text in enumerate(texts):
        key = f"{event.key}#{number}"
        comment = markers.get(key)
        marked = f"{text}\n\n{event_marker(key)}"
        if number == 0:
            comment, stills = _decision_comment(
                tracker, settings, payload, task, comment, status, marked
            )
        elif comment is None:
            comment = tracker.add_comment(task, status, marked, author=authors[number - 1])
        made.append(comment)
    attached = f"; {stills} annotated frames attached" if stills else ""
    return "comments " + ", ".join(made) + attached


def deliver_to_tracker(tracker: Tracker, settings: Settings, event: OutboxEvent) -> str:
    """Deliver a publish or review event; what the tracker holds now (its ids)."""
    task = _task(event)
    if event.kind is EventKind.PUBLISH:
        return _deliver_publish(tracker, settings, event, task)
    if event.kind is EventKind.REVIEW:
        return _deliver_review(tracker, settings, event, task)
    raise BadInputError(f"the tracker takes no {event.kind.value} events")


def webhook_body(target: NotifyTarget, event: OutboxEvent) -> bytes:
    """The JSON body: AXIOM's event, or the entry's template filled from the payload."""
    if target.template:
        values = {"kind": event.kind.value, "key": event.key, **event.payload}
        return fill_template(target.template, values).encode()
    document = {"kind": event.kind.value, "key": event.key, "payload": event.payload}
    return json.dumps(document, sort_keys=True).encode()


def deliver_to_webhook(target: NotifyTarget, event: OutboxEvent, env: Mapping[str, str]) -> str:
    status = post_event(
        target.url,
        webhook_body(target, event),
        kind=event.kind.value,
        key=event.key,
        secret=target.signing_secret(env),
        timeout=target.timeout,
    )
    return f"HTTP {status}"
