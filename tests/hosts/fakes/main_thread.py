"""How the fakes run a host's "execute in main thread" calls: a queued Qt signal to an object
on the main thread (the DCCs post to their own event loop the same way). Independent of the
code under test (axiom_publisher.hosts.base), so the fakes do not share its bugs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from qtpy import QtCore


class _Poster(QtCore.QObject):
    posted = QtCore.Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._run, QtCore.Qt.ConnectionType.QueuedConnection)

    @QtCore.Slot(object)
    def _run(self, function: Any) -> None:
        function()


@functools.cache
def _poster() -> _Poster:
    app = QtCore.QCoreApplication.instance()
    assert app is not None, "the fakes' main-thread calls need a QApplication (use qtbot)"
    poster = _Poster()
    if QtCore.QThread.currentThread() != app.thread():
        poster.moveToThread(app.thread())
    return poster


def post(function: Callable[[], None]) -> None:
    """Run `function` on the main thread's event loop, soon (returns at once)."""
    _poster().posted.emit(function)
