"""Nodes, knobs and formats of the fake `nuke` module (see fakes/nuke.py).

Faithful to the documented API where the adapters touch it: `node.name()`, `node.Class()`,
`node.knob(name)` (None when absent), `node[name]` (NameError when absent), `node.knobs()`;
knobs' `value()` / `getValue()` / `setValue()`; `File_Knob.evaluate()` expands TCL and puts
the current frame in `####` / `%04d` (as Nuke does), `Enumeration_Knob.value()` is the item
and `getValue()` its index; `Format_Knob.value()` is a Format with `width()` / `height()`.
Every call checks that it runs on the main thread, as Nuke requires. Menus: nuke_menu.py.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

_FRAME_TOKEN = re.compile(r"#+|%0?(\d*)d")


def check_main_thread() -> None:
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError(
            "fake nuke: the Nuke API was called off the main thread "
            "(use nuke.executeInMainThreadWithResult)"
        )


def put_frame(path: str, frame: int) -> str:
    """`####` / `%04d` / `%d` replaced by `frame`, padded as written."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        width = len(token) if token.startswith("#") else int(match.group(1) or 1)
        return f"{frame:0{width}d}"

    return _FRAME_TOKEN.sub(replace, path)


class Format:
    def __init__(self, width: int, height: int, name: str = "", pixel_aspect: float = 1.0):
        self._width, self._height, self._name, self._aspect = width, height, name, pixel_aspect

    def width(self) -> int:
        return self._width

    def height(self) -> int:
        return self._height

    def name(self) -> str:
        return self._name

    def pixelAspect(self) -> float:  # noqa: N802 - Nuke's name
        return self._aspect


class Knob:
    _class = "Knob"

    def __init__(self, name: str, value: Any = None) -> None:
        self._name = name
        self._value = value
        self._node: Node | None = None

    def Class(self) -> str:  # noqa: N802
        return self._class

    def name(self) -> str:
        return self._name

    def node(self) -> Node | None:
        return self._node

    def value(self) -> Any:
        check_main_thread()
        return self._value

    def getValue(self) -> Any:  # noqa: N802
        return self.value()

    def setValue(self, value: Any) -> bool:  # noqa: N802
        check_main_thread()
        self._value = self._coerce(value)
        if self._node is not None:
            self._node.session.touch()
        return True

    def _coerce(self, value: Any) -> Any:
        return value


class String_Knob(Knob):  # noqa: N801
    _class = "String_Knob"

    def _coerce(self, value: Any) -> Any:
        return str(value)


class EvalString_Knob(String_Knob):  # noqa: N801
    _class = "EvalString_Knob"

    def evaluate(self, frame: float | None = None) -> str:
        """TCL expanded, frame tokens replaced by `frame` (default: the current frame)."""
        check_main_thread()
        assert self._node is not None, "a knob on no node cannot be evaluated"
        session = self._node.session
        shown = int(frame) if frame is not None else session.current_frame
        return put_frame(self.expand_tcl(), shown)

    def expand_tcl(self) -> str:
        assert self._node is not None
        return self._node.session.expand(str(self._value), self._node)


class File_Knob(EvalString_Knob):  # noqa: N801
    _class = "File_Knob"


class Int_Knob(Knob):  # noqa: N801
    _class = "Int_Knob"

    def _coerce(self, value: Any) -> Any:
        return int(value)


class Double_Knob(Knob):  # noqa: N801
    _class = "Double_Knob"

    def _coerce(self, value: Any) -> Any:
        return float(value)


class Boolean_Knob(Knob):  # noqa: N801
    _class = "Boolean_Knob"

    def _coerce(self, value: Any) -> Any:
        return bool(value)


class Disable_Knob(Boolean_Knob):  # noqa: N801
    _class = "Disable_Knob"


class Enumeration_Knob(Knob):  # noqa: N801
    _class = "Enumeration_Knob"

    def __init__(self, name: str, values: Sequence[str], value: str = "") -> None:
        super().__init__(name, value or values[0])
        self._values = list(values)

    def values(self) -> list[str]:
        return list(self._values)

    def getValue(self) -> float:  # noqa: N802 - Nuke: the index, as a float
        return float(self._values.index(self.value()))

    def _coerce(self, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._values[int(value)]
        if value not in self._values:
            self._values.append(str(value))  # Nuke accepts an OCIO name it did not list
        return str(value)


class Format_Knob(Knob):  # noqa: N801
    _class = "Format_Knob"

    def _coerce(self, value: Any) -> Any:
        if not isinstance(value, Format):
            raise TypeError(f"fake nuke: set a Format, not {value!r}")
        return value


class Node:
    """A node: its class, its knobs by name, and the session (script) it belongs to."""

    def __init__(self, session: Any, node_class: str, name: str, knobs: Sequence[Knob]) -> None:
        self.session = session
        self.parent: Group | None = None  # the group it is in (the root at the top)
        self._class = node_class
        self._knobs: dict[str, Knob] = {}
        for knob in [String_Knob("name", name), Disable_Knob("disable", False), *knobs]:
            knob._node = self
            self._knobs[knob.name()] = knob

    def Class(self) -> str:  # noqa: N802
        return self._class

    def name(self) -> str:
        check_main_thread()
        return str(self._knobs["name"].value())

    def fullName(self) -> str:  # noqa: N802
        """`Group1.Write1` inside a group, `Write1` at the top."""
        inside = self.parent is not None and not isinstance(self.parent, Root)
        return f"{self.parent.fullName()}.{self.name()}" if inside else self.name()

    def setName(self, name: str) -> None:  # noqa: N802
        self.session.rename(self, name)

    def knob(self, name: str) -> Knob | None:
        check_main_thread()
        return self._knobs.get(name)

    def knobs(self) -> dict[str, Knob]:
        check_main_thread()
        return dict(self._knobs)

    def __getitem__(self, name: str) -> Knob:
        knob = self.knob(name)
        if knob is None:
            raise NameError(f"knob {name} does not exist")
        return knob

    def __repr__(self) -> str:
        return f"<{self._class} node {self._knobs['name']._value}>"


class Group(Node):
    """A group of nodes; `begin()` / `end()` (or `with group:`) make it the current group."""

    def __init__(self, session: Any, node_class: str, name: str, knobs: Sequence[Knob]) -> None:
        super().__init__(session, node_class, name, knobs)
        self.children: list[Node] = []

    def nodes(self) -> list[Node]:
        check_main_thread()
        return list(self.children)

    def node(self, name: str) -> Node | None:
        check_main_thread()
        return next((child for child in self.children if child.name() == name), None)

    def begin(self) -> None:
        check_main_thread()
        self.session.context.append(self)

    def end(self) -> None:
        check_main_thread()
        if self.session.context and self.session.context[-1] is self:
            self.session.context.pop()

    def __enter__(self) -> Group:
        self.begin()
        return self

    def __exit__(self, *exc: object) -> None:
        self.end()


class Root(Group):
    """The script's root node (`nuke.root()`): settings knobs and the modified flag."""

    def modified(self) -> bool:
        check_main_thread()
        return bool(self.session.modified)

    def setModified(self, state: bool) -> None:  # noqa: N802
        check_main_thread()
        self.session.modified = bool(state)

    def firstFrame(self) -> int:  # noqa: N802
        return int(self["first_frame"].value())

    def lastFrame(self) -> int:  # noqa: N802
        return int(self["last_frame"].value())

    def fps(self) -> float:
        return float(self["fps"].value())
