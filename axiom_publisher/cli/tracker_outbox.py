"""`axiom tracker push`, `axiom tracker status` and `axiom tracker retry`: the outbox.

push delivers the due events now (failed ones too, without waiting for their retry time);
status lists the newest events with their state and reason; retry makes a failed or dead
event due again. Reasons never hold a credential (the drain masks them when written).
"""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import add_json, print_json
from axiom_publisher.config import Settings
from axiom_publisher.core.outbox import EventStatus, OutboxEvent
from axiom_publisher.core.secrets import mask_secrets


def register_outbox(actions: Any) -> None:
    push = actions.add_parser(
        "push",
        help="deliver the outbox now (tracker comments, previews, statuses, webhooks)",
        description="Deliver every due event of the outbox, and failed ones without waiting "
        "for their retry time. Each event is tried once; what fails stays for the next push "
        "or the app's drain, dead after [tracker] max_attempts.",
    )
    push.add_argument("--event", type=int, action="append", default=[], help="only this event")
    push.add_argument("--limit", type=int, default=1000, help="at most this many events")
    add_json(push)
    status = actions.add_parser(
        "status",
        help="list the outbox: pending, sent, failed and dead events",
        description="The newest events of the outbox with their state, attempts and reason.",
    )
    status.add_argument(
        "--status",
        choices=[s.value for s in EventStatus],
        action="append",
        default=[],
        help="only events in this state (repeatable)",
    )
    status.add_argument("--limit", type=int, default=50, help="how many events (newest first)")
    add_json(status)
    retry = actions.add_parser("retry", help="make a failed or dead event due again")
    retry.add_argument("event", type=int, help="the event's id (`axiom tracker status`)")
    add_json(retry)


def _time(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def event_json(event: OutboxEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "kind": event.kind.value,
        "target": event.target,
        "status": event.status.value,
        "version_id": event.version_id,
        "name": event.payload.get("name"),
        "attempts": event.attempts,
        "key": event.key,
        "created_at": _time(event.created_at),
        "next_attempt_at": _time(event.next_attempt_at),
        "sent_at": _time(event.sent_at),
        "last_error": mask_secrets(event.last_error) if event.last_error else None,
        "remote": event.remote_id,
    }


def _line(event: OutboxEvent) -> str:
    what = event.payload.get("name") or event.key
    line = f"{event.id:6} {event.status.value:8} {event.kind.value:10} {event.target:12} {what}"
    if event.status in (EventStatus.FAILED, EventStatus.DEAD) and event.last_error:
        line += f"\n{'':16}attempt {event.attempts}: {mask_secrets(event.last_error)}"
    return line


def cmd_outbox(args: argparse.Namespace, settings: Settings) -> int:
    from axiom_publisher.publish.tracker import outbox

    if args.action == "push":
        from axiom_publisher.publish.tracker.drain import drain

        report = drain(settings, limit=args.limit, ids=args.event, failed_now=True)
        counts = {status.value: report.count(status) for status in EventStatus}
        if args.json:
            print_json(
                {
                    "counts": counts,
                    "deliveries": [
                        {
                            "id": d.event_id,
                            "kind": d.kind,
                            "target": d.target,
                            "status": d.status.value,
                            "detail": mask_secrets(d.detail),
                        }
                        for d in report.deliveries
                    ],
                }
            )
        else:
            for d in report.deliveries:
                print(f"{d.event_id:6} {d.status.value:8} {d.kind:10} {d.target:12} {d.detail}")
            print(
                f"{len(report.deliveries)} events: {counts['sent']} sent, {counts['failed']} "
                f"failed (retried later), {counts['dead']} dead"
            )
        failed = report.count(EventStatus.FAILED) + report.count(EventStatus.DEAD)
        return 1 if failed else 0
    if args.action == "retry":
        done = outbox.retry_event(settings, args.event)
        if args.json:
            print_json({"id": args.event, "retried": done})
        else:
            print(
                f"event {args.event} is due again" if done else
                f"event {args.event} is not failed or dead: nothing to retry"
            )  # fmt: skip
        return 0
    statuses = [EventStatus(s) for s in args.status]
    events = outbox.list_events(settings, args.limit, statuses)
    totals = outbox.status_counts(settings)
    if args.json:
        print_json(
            {
                "counts": {status.value: count for status, count in totals.items()},
                "events": [event_json(event) for event in events],
            }
        )
        return 0
    for event in events:
        print(_line(event))
    print(", ".join(f"{count} {status.value}" for status, count in totals.items()))
    return 0
