"""Drain the outbox in the background: a farm worker's thread (and any long-running process)
delivers the events of publishes and decisions after their commit, without anyone running
`axiom tracker push`. The app does the same from its worker pool (ui.outbox_pump).

One pass at a time per process; a failing tracker or receiver only fails its events (their
retry time is the outbox's); an error of the pass itself (database gone) is logged and the
next pass tries again.
"""

from __future__ import annotations

import logging
import threading

from axiom_publisher.config import Settings
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.publish.tracker.drain import DrainReport, drain
from axiom_publisher.publish.tracker.events import wanted

PUMP_SECONDS = 15.0  # between passes: a tracker hears of a publish within about this
PASS_LIMIT = 200  # events per pass: a backlog drains over several passes, never one long one
log = logging.getLogger(__name__)


def pump_once(settings: Settings) -> DrainReport | None:
    """One drain pass when anything listens ([tracker] or [[notify]]); None when nothing
    does. Never raises: an error of the pass is logged (its events keep their state)."""
    if not wanted(settings):
        return None
    try:
        return drain(settings, limit=PASS_LIMIT)
    except Exception as error:  # noqa: BLE001 - the next pass tries again
        reason = mask_secrets(str(error))  # a database or receiver URL may hold a password
        log.warning("the outbox drain failed (the next pass tries again): %s", reason)
        return None


def pump_forever(settings: Settings, stop: threading.Event, seconds: float = PUMP_SECONDS) -> None:
    """Drain every `seconds` until `stop` is set (a worker's daemon thread)."""
    while not stop.wait(seconds):
        pump_once(settings)


def start_pump(settings: Settings, seconds: float = PUMP_SECONDS) -> threading.Event | None:
    """A daemon thread draining the outbox; the Event stops it. None when nothing listens."""
    if not wanted(settings):
        return None
    stop = threading.Event()
    thread = threading.Thread(
        target=pump_forever, args=(settings, stop, seconds), name="axiom-outbox", daemon=True
    )
    thread.start()
    return stop
