"""A small, stateful fake of Nuke's Python API, installed as `sys.modules["nuke"]` in tests.

Follows the documented API (learn.foundry.com, Nuke 13-16): `root()`, `createNode`,
`nodes.Write(...)`, `allNodes(filter=None)`, `toNode(name)`, `delete`, `filename(node, i)`
(TCL expanded, `%04d` kept unless `REPLACE`), `scriptName()` (RuntimeError while untitled),
`scriptSave(filename=None)`, `scriptSaveAs(filename)`, `modified()`, `menu(name)`,
`executeInMainThreadWithResult(call, args=(), kwargs={})` (from another thread; a failing
call prints its traceback and returns None, as Nuke's does), `env`, `NUKE_VERSION_*`, `GUI`.
The main window is a real top-level `Foundry::UI::DockMainWindow` QMainWindow.

`reset()` starts a fresh untitled script (the fixtures call it); the API must be called on
the main thread, as in Nuke.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.hosts.fakes.nuke_menu import Menu
from tests.hosts.fakes.nuke_objects import (
    File_Knob,
    Group,
    Node,
    Root,
    check_main_thread,
    put_frame,
)
from tests.hosts.fakes.nuke_session import MAIN_WINDOW_CLASS as MAIN_WINDOW_CLASS
from tests.hosts.fakes.nuke_session import NUKE_VERSION_STRING as NUKE_VERSION_STRING
from tests.hosts.fakes.nuke_session import Session, class_knobs

NUKE_VERSION_MAJOR = 15
NUKE_VERSION_MINOR = 1
NUKE_VERSION_RELEASE = 3
GUI = True
REPLACE = 1
env: dict[str, Any] = {"gui": True, "NukeVersionString": NUKE_VERSION_STRING, "nukex": False}

_session: Session | None = None


def reset() -> Session:
    """A fresh untitled script with no nodes (closes the previous main window)."""
    global _session
    if _session is not None:
        close_main_window(_session)
    _session = Session()
    return _session


def close_main_window(state: Session) -> None:
    """Nuke quits: its main window is deleted now (no longer a top-level widget)."""
    from qtpy import QtCore

    window, state.main_window = state.main_window, None
    if window is not None:
        window.close()
        window.deleteLater()
        QtCore.QCoreApplication.sendPostedEvents(window, QtCore.QEvent.Type.DeferredDelete)


def session() -> Session:
    check_main_thread()
    if _session is None:
        return reset()
    return _session


# --- the script -----------------------------------------------------------------------------


def root() -> Root:
    return session().root


def scriptName() -> str:  # noqa: N802
    name = str(session().root["name"].value())
    if not name:
        raise RuntimeError("no script name")  # Nuke raises while the script is untitled
    return name


def scriptSaveAs(filename: str | None = None, overwrite: int = -1) -> None:  # noqa: N802
    if filename is None:
        raise RuntimeError("fake nuke: the file chooser is not simulated; give a filename")
    path = Path(filename)
    if path.exists() and overwrite == 0:
        raise RuntimeError(f"{filename} already exists")
    state = session()
    state.root["name"].setValue(str(path))
    state.write_script(path)


def scriptSave(filename: str | None = None) -> bool:  # noqa: N802
    state = session()
    if filename is not None:
        modified = state.modified
        state.write_script(Path(filename))  # does not change the script's name
        state.modified = modified
        return True
    name = str(state.root["name"].value())
    if not name:
        # Nuke asks for a name in a file chooser; the fake's "user" cancels it.
        return False
    state.write_script(Path(name))
    return True


def modified() -> bool:
    return session().modified


def frame(number: int | None = None) -> int:
    state = session()
    if number is not None:
        state.current_frame = int(number)
    return state.current_frame


# --- nodes ----------------------------------------------------------------------------------


def createNode(node: str, args: str = "", inpanel: bool = True) -> Node:  # noqa: N802
    """A new node of class `node`, named `<Class><n>`; `args` is TCL `knob value` pairs."""
    state = session()
    number = 1
    while state.group.node(f"{node}{number}") is not None:
        number += 1
    kind = Group if node == "Group" else Node
    created = kind(state, node, f"{node}{number}", class_knobs(node))
    state.add(created)
    words = args.split()
    for name, value in zip(words[::2], words[1::2], strict=True):
        created[name].setValue(value)
    return created


class _NodeConstructors:
    """`nuke.nodes.Write(file=..., name=...)`: knobs given by keyword."""

    def __getattr__(self, node_class: str) -> Callable[..., Node]:
        def construct(**knobs: Any) -> Node:
            created = createNode(node_class, inpanel=False)
            for name, value in knobs.items():
                if name == "name":
                    created.setName(str(value))
                else:
                    created[name].setValue(value)
            return created

        return construct


nodes = _NodeConstructors()


def allNodes(  # noqa: N802
    filter: str | None = None,  # noqa: A002 - Nuke's name
    group: Group | None = None,
    recurseGroups: bool = False,  # noqa: N803
) -> list[Node]:
    """The nodes of `group` (default: the current group), with theirs when `recurseGroups`."""
    state = session()
    found = state.all_nodes(group if isinstance(group, Group) else state.group, recurseGroups)
    return [node for node in found if filter is None or node.Class() == filter]


def toNode(name: str) -> Node | None:  # noqa: N802
    return session().find(name)


def delete(node: Node) -> None:
    session().remove(node)


def filename(node: Node, i: int | None = None) -> str | None:
    """The node's file, TCL expanded; `%04d` / `####` kept unless `i` is REPLACE."""
    knob = node.knob("file")
    if not isinstance(knob, File_Knob) or not knob.value():
        return None
    expanded = knob.expand_tcl()
    return put_frame(expanded, session().current_frame) if i == REPLACE else expanded


# --- UI and threads -------------------------------------------------------------------------


def menu(name: str) -> Menu:
    state = session()
    if not GUI or state.main_window is None:
        raise RuntimeError("menu: Nuke is not in GUI mode")
    return state.menus[name]


def executeInMainThreadWithResult(  # noqa: N802
    call: Callable[..., Any], args: Any = (), kwargs: dict[str, Any] | None = None
) -> Any:
    if threading.current_thread() is threading.main_thread():
        raise RuntimeError("fake nuke: executeInMainThreadWithResult on the main thread hangs Nuke")
    if not isinstance(args, tuple):
        args = (args,)
    holder: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            holder["result"] = call(*args, **(kwargs or {}))
        except Exception:
            traceback.print_exc()  # Nuke prints the error and hands back None
        finally:
            done.set()

    _main_thread_post(run)
    done.wait()
    return holder.get("result")


def executeInMainThread(  # noqa: N802
    call: Callable[..., Any], args: Any = (), kwargs: dict[str, Any] | None = None
) -> None:
    if not isinstance(args, tuple):
        args = (args,)
    _main_thread_post(lambda: call(*args, **(kwargs or {})))


def _main_thread_post(function: Callable[[], None]) -> None:
    from tests.hosts.fakes.main_thread import post

    post(function)
