"""What the OpenEXR Python binding prints while it reads, kept for the reader's error message.

`OpenEXR.File` does not raise when it cannot decode a part's pixels: it prints
"Warning: Exception raised reading pixel data for part N - <reason>" to `sys.stdout`
(pybind11's print, which looks `sys.stdout` up at each call) and leaves the part out. That
would corrupt `axiom qc --json` on stdout, and fail outright where `sys.stdout` is None
(pythonw, some DCCs). While at least one thread reads, `sys.stdout` is a router: what a
reading thread writes is kept for that thread, everything else goes through untouched.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

_local = threading.local()
_lock = threading.Lock()
_readers = 0


class _Router:
    """Stands in for sys.stdout: a reading thread's writes are kept, others pass through."""

    def __init__(self, target: TextIO | None) -> None:
        self.target = target

    def write(self, text: str) -> int:
        kept: list[str] | None = getattr(_local, "kept", None)
        if kept is not None:
            kept.append(text)
            return len(text)
        return self.target.write(text) if self.target is not None else len(text)

    def flush(self) -> None:
        if self.target is not None:
            self.target.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)


_router: _Router | None = None


@contextmanager
def kept_output() -> Iterator[list[str]]:
    """While inside, what this thread prints to sys.stdout is collected in the list given."""
    global _readers, _router
    kept: list[str] = []
    with _lock:
        if _readers == 0:
            _router = _Router(sys.stdout)
            sys.stdout = _router
        _readers += 1
    _local.kept = kept
    try:
        yield kept
    finally:
        _local.kept = None
        with _lock:
            _readers -= 1
            if _readers == 0 and _router is not None:
                if sys.stdout is _router:  # unless someone replaced it meanwhile
                    sys.stdout = _router.target
                _router = None
