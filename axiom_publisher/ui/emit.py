"""Signal.emit that keeps Python's `True` alive under PySide6 6.12.

PySide6 6.12.0's SignalInstance.emit() returns `True` without taking a reference to it, so
every call from Python drops one reference of `True`: once as many signals have been emitted
as `True` had references (~7,700 after the app is imported; Python 3.11 counts them), the
interpreter aborts with "Fatal Python error: bool_dealloc: deallocating True or False".

- `emit(signal, *args)` emits and gives the reference back (used by the player, which emits
  a frame 24 times a second and a signal per decoded frame);
- `install()` patches SignalInstance.emit for the whole process, so every `.emit()` does the
  same (call it once where the application starts; `emit()` then just emits).

Whether emit() has the bug is measured once, on a probe signal, so a fixed PySide6 (or
another binding) is left alone.
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
_installed = False


def _give_back(value: object) -> None:
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(value))


class _Probe(QtCore.QObject):
    ping = QtCore.Signal()


def _emit_returns_borrowed() -> bool:
    """True when emit() returns a reference it does not own (measured on a probe signal)."""
    global _borrowed
    with _lock:
        if _borrowed is None:
            probe = _Probe()
            ping: Any = probe.ping.emit  # typed as returning None; PySide6 returns a bool
            before = sys.getrefcount(True)
            results = [ping() for _ in range(_PROBES)]
            _borrowed = sys.getrefcount(True) - before < _PROBES // 2
            if _borrowed:
                for result in results:
                    _give_back(result)
            del results  # the probe goes with this frame (Python owns it; never deleteLater)
        return _borrowed


def emit(signal: Any, *args: Any) -> None:
    """signal.emit(*args), without the reference PySide6 6.12 takes from the result."""
    borrowed = _borrowed if _borrowed is not None else _emit_returns_borrowed()
    result = signal.emit(*args)
    if borrowed and not _installed:
        _give_back(result)


def install() -> bool:
    """Make every SignalInstance.emit() of the process give the reference back, when emit()
    has the bug (idempotent). True when the patch is in place."""
    global _installed
    signal_type: Any = getattr(QtCore, "SignalInstance", None)
    if signal_type is None or not _emit_returns_borrowed():
        return False
    with _lock:
        if not _installed:
            original = signal_type.emit

            def emit_giving_back(self: Any, *args: Any) -> Any:
                result = original(self, *args)
                _give_back(result)
                return result

            signal_type.emit = emit_giving_back
            _installed = True
    return True
