"""The Qt side of the fake: Maya's main window (a real QMainWindow named "MayaWindow") and the
idle pump that runs the idle queue from the Qt event loop, as Maya's idle events do.

Qt and shiboken are reached through qtpy here, as in the adapter: shiboken6 under PySide6,
shiboken2 under PySide2 (Maya 2024 and earlier, tests/run-compat).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qtpy import QtCore, QtWidgets

if TYPE_CHECKING:
    from tests.hosts.fakes.maya.scene import FakeMayaScene

_IDLE_EVENT = QtCore.QEvent.Type(QtCore.QEvent.registerEventType())


class _IdlePump(QtCore.QObject):
    """Lives on the main thread; each posted idle event runs the scene's idle queue."""

    def __init__(self, scene: FakeMayaScene) -> None:
        super().__init__()
        self._scene = scene

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() == _IDLE_EVENT:
            self._scene.process_idle()
            return True
        return bool(super().event(event))


def make_idle_pump(scene: FakeMayaScene) -> _IdlePump | None:
    """A pump on the application's thread, or None without a QApplication (then idle events
    run only when a test calls `scene.process_idle()` / `maya.utils.processIdleEvents()`)."""
    app = QtCore.QCoreApplication.instance()
    if app is None:
        return None
    pump = _IdlePump(scene)
    if QtCore.QThread.currentThread() != app.thread():
        pump.moveToThread(app.thread())
    return pump


def wake(pump: Any) -> None:
    QtCore.QCoreApplication.postEvent(pump, QtCore.QEvent(_IDLE_EVENT))


def make_main_window(scene: FakeMayaScene) -> QtWidgets.QMainWindow:
    if not isinstance(QtWidgets.QApplication.instance(), QtWidgets.QApplication):
        raise RuntimeError("the fake Maya main window needs a QApplication (use qtbot or qapp)")
    scene.check_main_thread("MQtUtil.mainWindow")
    window = QtWidgets.QMainWindow()
    window.setObjectName("MayaWindow")
    title = scene.scene_name or "untitled*"
    window.setWindowTitle(f"Autodesk Maya 2025: {title}")
    return window


def pointer(widget: QtWidgets.QWidget) -> int:
    """The C++ address of `widget`, as MQtUtil hands it out (an int under PySide6 Maya)."""
    from qtpy import shiboken

    return int(shiboken.getCppPointer(widget)[0])


def dispose(obj: QtCore.QObject) -> None:
    from qtpy import shiboken

    if shiboken.isValid(obj):
        shiboken.delete(obj)
