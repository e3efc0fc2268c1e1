"""A version's tracker delivery state as the app shows it: the versions browser's Tracker
column (a coloured pill, the reason as its tooltip) and the Info page's Tracker box.

The state is the outbox's (core.outbox.DeliveryState, read in a worker by
publish.tracker.outbox.version_states); None: the version has no tracker event.
"""

from __future__ import annotations

from axiom_publisher.core.outbox import DeliveryState, EventStatus
from axiom_publisher.ui.times import shown_time

NOTHING_SENT = "nothing to send (no tracker event for this version)"
COLOURS = {
    EventStatus.SENT: "#5cb85c",
    EventStatus.PENDING: "#f0ad4e",
    EventStatus.FAILED: "#d9534f",
    EventStatus.DEAD: "#d9534f",
}


def delivery_text(state: DeliveryState | None) -> str:
    """`sent 2026-12-06 15:31`, `pending`, `sending (attempt 2)` (a drain holds it),
    `failed, retried <when>: <reason>`, `failed, given up after N attempt(s): <reason>`
    (dead: only a Retry sends it again)."""
    if state is None:
        return NOTHING_SENT
    if state.status is EventStatus.SENT:
        return "sent" + (f" {shown_time(state.sent_at)}" if state.sent_at else "")
    if state.status is EventStatus.PENDING and state.attempts:
        return f"sending (attempt {state.attempts})"
    reason = f": {state.reason}" if state.reason else ""
    if state.status is EventStatus.FAILED:
        event = next((e for e in state.events if e.id == state.event_id), None)
        when = event.next_attempt_at if event is not None else None
        return f"failed, retried {shown_time(when) if when else 'later'}{reason}"
    if state.status is EventStatus.DEAD:
        return f"failed, given up after {state.attempts} attempt(s){reason}"
    return state.text


def badge_word(state: DeliveryState) -> str:
    """The pill's word: SENT, PENDING, SENDING (a drain holds it), FAILED (retried later)
    or GAVE UP (dead: only a Retry sends it again)."""
    if state.status is EventStatus.PENDING and state.attempts:
        return "SENDING"
    if state.status is EventStatus.DEAD:
        return "GAVE UP"
    return str(state.status.value).upper()
