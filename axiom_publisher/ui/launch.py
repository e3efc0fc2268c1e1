"""AXIOM inside a host: the AXIOM menu, the publish dialog and the review window.

The plugins' bootstraps call `install("nuke")` (or "maya", "houdini") once the host's UI
is up. The menu commands run on the host's main thread; `show_publisher` collects the
scene's outputs there and opens one non-modal PublishDialog per host, parented to the
host's main window (shown and raised again when it is open); `show_review` opens the
Review tab alone the same way. Analysis and publishing run in the dialog's WorkerPool.
"""

from __future__ import annotations

from collections.abc import Callable

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.errors import AxiomError
from axiom_publisher.core.host import Host, MenuCommand
from axiom_publisher.hosts import get_host
from axiom_publisher.hosts.base import on_main_thread
from axiom_publisher.ui.main_window import MainWindow
from axiom_publisher.ui.publish.dialog import PublishDialog
from axiom_publisher.ui.window_state import user_settings

MENU_TITLE = "AXIOM"

_hosts: dict[str, Host] = {}  # install()'s name -> its adapter
_dialogs: dict[str, PublishDialog] = {}  # host identifier -> its publish dialog
_reviews: dict[str, MainWindow] = {}  # host identifier -> its review window


def install(host_name: str) -> None:
    """Add the AXIOM menu (Publish…, Review…) to the host `host_name`; again is harmless."""
    host = _hosts.get(host_name) or get_host(host_name)
    _hosts[host_name] = host
    host.add_menu(
        MENU_TITLE,
        [
            MenuCommand("Publish…", lambda: _guarded(host, show_publisher)),
            MenuCommand("Review…", lambda: _guarded(host, show_review)),
        ],
    )


def host_window(host: Host) -> QtWidgets.QWidget | None:
    """The host's main window as a QWidget (AXIOM's windows parent to it), if it has one."""
    window = host.main_window()
    return window if isinstance(window, QtWidgets.QWidget) else None


def show_publisher(
    host: Host, settings: Settings | None = None, *, state: QtCore.QSettings | None = None
) -> PublishDialog:
    """Collect the host's outputs (on its main thread) into its publish dialog and show it.

    `settings` defaults to the loaded configuration, `state` (the last context used) to
    the user's AXIOM settings file.
    """
    if not on_main_thread():
        return host.run_in_main_thread(lambda: show_publisher(host, settings, state=state))
    dialog = _dialogs.get(host.identifier)
    if dialog is not None and not (_alive(dialog) and dialog.widget.scene_host is host):
        forget(dialog)
        dialog = None
    if dialog is None:
        dialog = PublishDialog(
            settings or load_settings(),
            host,
            host_window(host),
            state=state if state is not None else user_settings(),
        )
        _dialogs[host.identifier] = dialog
    dialog.collect()
    dialog.present()
    return dialog


def show_review(
    host: Host, settings: Settings | None = None, *, state: QtCore.QSettings | None = None
) -> MainWindow:
    """Raise the Review window while it is open, else open a new one (the Review tab alone,
    parented to the host's main window; closing it stops its player)."""
    if not on_main_thread():
        return host.run_in_main_thread(lambda: show_review(host, settings, state=state))
    window = _reviews.get(host.identifier)
    reusable = window is not None and _alive(window) and window.isVisible()
    if window is not None and not (reusable and window.parentWidget() is host_window(host)):
        forget(window)  # closed (its player stopped), or over another window
        window = None
    if window is None:
        window = MainWindow(
            settings or load_settings(), review_only=True, state=state, parent=host_window(host)
        )
        _reviews[host.identifier] = window
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def forget(window: QtWidgets.QWidget) -> None:
    """Close and delete one of AXIOM's windows (a new one opens next time)."""
    for registry in (_dialogs, _reviews):
        for key in [key for key, value in registry.items() if value is window]:
            del registry[key]
    if _alive(window):
        if isinstance(window, PublishDialog):
            window.widget.shutdown()  # stops its jobs before their widgets go
        window.close()
        window.deleteLater()


def close_all() -> None:
    """Close and delete every AXIOM window opened in this session (plugin reload, tests)."""
    for window in [*_dialogs.values(), *_reviews.values()]:
        forget(window)


def _alive(window: QtWidgets.QWidget) -> bool:
    """False once Qt deleted the window (with the host's main window, for instance)."""
    try:
        window.objectName()
    except RuntimeError:  # every binding: "Internal C++ object ... already deleted"
        return False
    return True


def _guarded(host: Host, show: Callable[[Host], object]) -> None:
    """Run a menu command; an AXIOM error (bad configuration...) is a message, never a
    traceback in the host's script editor."""
    try:
        show(host)
    except AxiomError as error:
        QtWidgets.QMessageBox.critical(host_window(host), "AXIOM", str(error))
