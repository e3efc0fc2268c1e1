"""Feed a plugin's FrameCheck the frames of the analysis pass, in a thread of its own.

The pass hands each frame over and goes on; a queue of two frames makes a slow check slow
the pass down (never pile up pictures in memory), and a check that keeps one frame longer
than the plugin time limit is given up: it becomes its plugin's failure and sees no more.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable
from typing import Any

from axiom_publisher.core.errors import PluginFailure
from axiom_publisher.core.plugin import Finding, FrameCheck
from axiom_publisher.media.frame_view import DecodedView
from axiom_publisher.publish.plugins.guard import describe, guarded

_END = None


class FrameFeed:
    """One plugin's FrameCheck for one item."""

    def __init__(self, plugin: str, check: FrameCheck, timeout: float) -> None:
        self.plugin = plugin
        self.check = check
        self.timeout = timeout
        self.failure: PluginFailure | None = None
        self._frames: queue.Queue[tuple[int, Any] | None] = queue.Queue(maxsize=2)
        self._thread = threading.Thread(
            target=self._run, name=f"axiom-plugin-{plugin}-frames", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        while (entry := self._frames.get()) is not _END:
            if self.failure is not None:
                continue  # keep draining: the pass never waits on a failed check
            number, frame = entry
            try:
                self.check.frame(DecodedView(number, frame))
            except Exception as error:  # noqa: BLE001 - the plugin's failure, reported
                self.failure = PluginFailure(self.plugin, "validate", describe(error))

    def offer(self, number: int, frame: Any) -> None:
        """Hand frame `number` (a decoded PyAV frame, media.frame_view) to the check."""
        if self.failure is not None:
            return
        try:
            self._frames.put((number, frame), timeout=self.timeout)
        except queue.Full:
            self.failure = PluginFailure(
                self.plugin, "validate", f"a frame check did not return within {self.timeout:g} s"
            )

    def close(self) -> list[Finding]:
        """The check's findings; PluginFailure when it failed or overran."""
        try:
            self._frames.put(_END, timeout=self.timeout if self.failure is None else 0.001)
        except queue.Full:
            self.failure = self.failure or PluginFailure(
                self.plugin, "validate", f"a frame check did not return within {self.timeout:g} s"
            )
        else:
            self._thread.join(self.timeout)
            if self._thread.is_alive() and self.failure is None:
                self.failure = PluginFailure(
                    self.plugin, "validate",
                    f"a frame check did not return within {self.timeout:g} s",
                )  # fmt: skip
        if self.failure is not None:
            raise self.failure
        found: Iterable[Finding] = guarded(
            self.plugin, "validate", lambda: list(self.check.finish()), self.timeout
        )
        return list(found)
