"""Cooperative cancellation shared by the CLI, the UI workers and the hosts."""

from __future__ import annotations

import threading

from axiom_publisher.core.errors import CancelledError


class CancelToken:
    """Set once by whoever wants the work to stop; checked by the work between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise CancelledError("cancelled by the user; nothing was published")
