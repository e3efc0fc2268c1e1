"""The Qt binding the app runs on: Signal.emit must not eat references (PySide6 6.12.0 did)."""

from __future__ import annotations

import sys

from qtpy import QtCore


class _Emitter(QtCore.QObject):
    ping = QtCore.Signal(object)


def test_emit_keeps_the_reference_counts_of_what_it_returns() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.ping.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for number in range(200):
        emitter.ping.emit(number)
    # PySide6 6.12.0 dropped a reference to True per emit (Python aborts after ~1000).
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
    assert received == list(range(200))
