"""Times as the app shows them."""

from __future__ import annotations

from datetime import datetime, timezone


def shown_time(moment: datetime | None) -> str:
    """A database time (UTC) in local time, to the minute."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
