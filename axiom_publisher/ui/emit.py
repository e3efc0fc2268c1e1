"""`emit(signal, *args)`: Signal.emit that keeps Python's `True` alive under PySide6 6.12.

PySide6 6.12.0's SignalInstance.emit() returns `True` without taking a reference to it, so
every call from Python drops one reference of `True`: after a few thousand emits (Python 3.11
counts references of `True`) the interpreter aborts with "Fatal Python error: bool_dealloc:
deallocating True or False". Code that emits often (the player: a frame 24 times a second,
a signal per decoded frame) emits through this function, which gives the reference back.
Whether emit() has the bug is measured once, at the first call, so a fixed PySide6 (or
another binding) gets a plain emit.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from typing import Any

from qtpy import QtCore

_PROBES = 64
_lock = threading.Lock()
_borrowed: bool | None = None  # None: not measured yet


def _give_back(value: object) -> None:
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(value))


class _Probe(QtCore.QObject):
    ping = QtCore.Signal()


def _emit_returns_borrowed() -> bool:
    """True when emit() returns a reference it does not own (measured on a probe signal)."""
    probe = _Probe()
    ping: Any = probe.ping.emit  # typed as returning None; PySide6 returns a bool
    before = sys.getrefcount(True)
    results = [ping() for _ in range(_PROBES)]
    borrowed = sys.getrefcount(True) - before < _PROBES // 2
    if borrowed:
        for result in results:
            _give_back(result)
    del results  # the probe goes with this frame (Python owns it; never deleteLater)
    return borrowed


def emit(signal: Any, *args: Any) -> None:
    """signal.emit(*args), without the reference PySide6 6.12 takes from the result."""
    global _borrowed
    if _borrowed is None:
        with _lock:
            if _borrowed is None:
                _borrowed = _emit_returns_borrowed()
    result = signal.emit(*args)
    if _borrowed:
        _give_back(result)
