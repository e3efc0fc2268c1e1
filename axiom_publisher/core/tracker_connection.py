"""Whether the production tracker answers: what the app's status bar shows.

Plain values: the tracker layer probes the server (no login, no credentials), the publish
layer adds "not configured". `url` is already masked (no password in it).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class TrackerState(enum.Enum):
    NOT_CONFIGURED = "not configured"
    REACHABLE = "reachable"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True, slots=True)
class TrackerConnection:
    state: TrackerState
    kind: str = ""  # "kitsu"
    url: str = ""  # masked
    detail: str = ""  # the server's version, or why it does not answer

    @property
    def text(self) -> str:
        """One short line for people: `Tracker: https://k.example/api reachable`, with the
        reason when unreachable."""
        if self.state is TrackerState.NOT_CONFIGURED:
            return "Tracker: not configured"
        why = (
            f" ({self.detail})" if self.detail and self.state is not TrackerState.REACHABLE else ""
        )
        return f"Tracker: {self.url} {self.state.value}{why}"

    @property
    def description(self) -> str:
        """Everything known, for a tooltip: kind, address, state and the server's answer."""
        if self.state is TrackerState.NOT_CONFIGURED:
            return "No production tracker is configured ([tracker] kind and url)."
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.kind} at {self.url}, {self.state.value}{detail}"
