"""The node side of the fake `hou` (see tests/hosts/fakes/hou.py): nodes, parameters,
parameter tuples, node types and categories, and HOM's exceptions, as HOM documents them.

A node reaches its scene (`node.scene`, a FakeHoudiniScene) for the current frame, the
variable expansion and the unsaved-changes flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.hosts.fakes.hou_types import NODE_TYPES, ParmSpec

if TYPE_CHECKING:
    from tests.hosts.fakes.hou import FakeHoudiniScene


class Error(Exception):
    """hou.Error: the base of HOM's exceptions."""


class OperationFailed(Error):
    pass


class NotAvailable(Error):
    pass


class ObjectWasDeleted(Error):
    pass


class Vector2(tuple[float, float]):
    """hou.Vector2 (indexable; x() and y())."""

    def x(self) -> float:
        return self[0]

    def y(self) -> float:
        return self[1]


class NodeTypeCategory:
    def __init__(self, name: str) -> None:
        self._name = name

    def name(self) -> str:
        return self._name

    def __repr__(self) -> str:
        return f"<hou.NodeTypeCategory {self._name}>"


class NodeType:
    def __init__(self, name: str, category: NodeTypeCategory) -> None:
        self._name, self._category = name, category

    def name(self) -> str:
        return self._name

    def nameComponents(self) -> tuple[str, str, str, str]:
        core, _, version = self._name.partition("::")
        return ("", "", core, version)

    def category(self) -> NodeTypeCategory:
        return self._category


@dataclass(frozen=True)
class Message:
    """One hou.ui.displayMessage call."""

    text: str
    buttons: tuple[str, ...]
    title: str | None
    answer: int


class Parm:
    def __init__(self, node: Node, spec: ParmSpec) -> None:
        self._node, self._spec = node, spec
        self._value: object = spec.default
        self._expression: tuple[str, str] | None = None  # (text, "Hscript" | "Python")

    def name(self) -> str:
        return self._spec.name

    def node(self) -> Node:
        return self._node

    def path(self) -> str:
        return f"{self._node.path()}/{self._spec.name}"

    def tuple(self) -> ParmTuple:
        parm_tuple = self._node.parmTuple(self._spec.tuple_name or self._spec.name)
        assert parm_tuple is not None
        return parm_tuple

    def menuItems(self) -> tuple[str, ...]:
        return self._spec.menu

    def set(self, value: object) -> None:
        """Set the value (an expression on the parm is removed, as deleteAllKeyframes would)."""
        spec = self._spec
        if spec.kind == "menu" and isinstance(value, str):
            if value not in spec.menu:
                raise OperationFailed(f"{value!r} is not a menu item of {self.path()}")
            value = spec.menu.index(value)
        elif spec.kind == "string" and not isinstance(value, str):
            raise TypeError(f"{self.path()} is a string parameter")
        elif spec.kind != "string" and not isinstance(value, int | float):
            raise TypeError(f"{self.path()} is a numeric parameter")
        self._value, self._expression = value, None
        self._node.scene.mark_changed()

    def setExpression(self, expression: str, language: str | None = None) -> None:
        self._expression = (expression, language or exprLanguage.Hscript)
        self._node.scene.mark_changed()

    def expression(self) -> str:
        if self._expression is None:
            raise OperationFailed(f"{self.path()} has no expression")
        return self._expression[0]

    def unexpandedString(self) -> str:
        if self._spec.kind != "string":
            raise OperationFailed(f"{self.path()} is not a string parameter")
        if self._expression is not None:
            raise OperationFailed(f"{self.path()} has an expression; use expression()")
        return str(self._value)

    def eval(self) -> Any:
        return self.evalAtFrame(self._node.scene.frame)

    def evalAtFrame(self, frame: float) -> Any:
        scene, spec = self._node.scene, self._spec
        scene.note_thread(f"{self.path()}.evalAtFrame")
        if self._expression is not None:
            text, language = self._expression
            if language == exprLanguage.Python:
                result = scene.evaluate_python(text, self._node, frame)
                return str(result) if spec.kind == "string" else result
            raw: object = text
        else:
            raw = self._value
        if spec.kind == "string":
            return scene.expand(str(raw), frame, self._node)
        if isinstance(raw, str):  # an HScript expression such as `$FSTART`
            raw = scene.expand(raw, frame, self._node)
        number = float(str(raw))
        return number if spec.kind == "float" else int(number)

    def evalAsString(self) -> str:
        return self.evalAsStringAtFrame(self._node.scene.frame)

    def evalAsStringAtFrame(self, frame: float) -> str:
        value = self.evalAtFrame(frame)
        return self._spec.menu[value] if self._spec.kind == "menu" else str(value)

    def evalAsInt(self) -> int:
        return int(self.eval())

    def evalAsFloat(self) -> float:
        return float(self.eval())


class ParmTuple:
    def __init__(self, name: str, parms: list[Parm]) -> None:
        self._name, self._parms = name, parms

    def name(self) -> str:
        return self._name

    def __getitem__(self, index: int) -> Parm:
        return self._parms[index]

    def __len__(self) -> int:
        return len(self._parms)

    def eval(self) -> tuple[Any, ...]:
        return tuple(parm.eval() for parm in self._parms)

    def evalAtFrame(self, frame: float) -> tuple[Any, ...]:
        return tuple(parm.evalAtFrame(frame) for parm in self._parms)

    def set(self, values: tuple[object, ...] | list[object]) -> None:
        for parm, value in zip(self._parms, values, strict=True):
            parm.set(value)


class Node:
    def __init__(
        self, scene: FakeHoudiniScene, parent: Node | None, name: str, node_type: NodeType
    ) -> None:
        self.scene, self._parent, self._name, self._type = scene, parent, name, node_type
        self._children: dict[str, Node] = {}
        self._bypassed = False
        self._deleted = False
        spec = NODE_TYPES[node_type.category().name()][node_type.name()]
        self._child_category = spec.child_category
        self._parms = {parm.name: Parm(self, parm) for parm in spec.parms}
        self._locked = bool(spec.contents)
        for content in spec.contents:
            inner = self.createNode(content.type_name, content.name)
            for parm_name, expression in content.expressions:
                inner._parms[parm_name].setExpression(expression, exprLanguage.Python)

    def _alive(self) -> None:
        if self._deleted:
            raise ObjectWasDeleted(f"the node {self._name} was deleted")

    def name(self) -> str:
        self._alive()
        return self._name

    def path(self) -> str:
        self._alive()
        if self._parent is None:
            return "/"
        return f"{self._parent.path().rstrip('/')}/{self._name}"

    def type(self) -> NodeType:
        self._alive()
        return self._type

    def parent(self) -> Node | None:
        return self._parent

    def childTypeCategory(self) -> NodeTypeCategory | None:
        return None if self._child_category is None else self.scene.categories[self._child_category]

    def children(self) -> tuple[Node, ...]:
        self._alive()
        self.scene.note_thread(f"{self.path()}.children")
        return tuple(self._children.values())

    def allSubChildren(self, top_down: bool = True) -> tuple[Node, ...]:
        found: list[Node] = []
        for child in self.children():
            below = list(child.allSubChildren(top_down))
            found.extend([child, *below] if top_down else [*below, child])
        return tuple(found)

    def node(self, path: str) -> Node | None:
        start: Node | None = self.scene.root if path.startswith("/") else self
        for part in (p for p in path.split("/") if p and p != "."):
            if start is None:
                return None
            start = start._parent if part == ".." else start._children.get(part)
        return start

    def createNode(self, node_type_name: str, node_name: str | None = None) -> Node:
        self._alive()
        category = self._child_category
        if category is None or node_type_name not in NODE_TYPES.get(category, {}):
            raise OperationFailed(f"Invalid node type name {node_type_name!r} in {self.path()}")
        name = node_name or self._free_name(f"{node_type_name.split('::')[0]}1")
        if name in self._children:
            name = self._free_name(name)
        node = Node(
            self.scene, self, name, NodeType(node_type_name, self.scene.categories[category])
        )
        self._children[name] = node
        self.scene.mark_changed()
        return node

    def _free_name(self, name: str) -> str:
        stem, number = name.rstrip("0123456789"), int(name[len(name.rstrip("0123456789")) :] or 1)
        while f"{stem}{number}" in self._children:
            number += 1
        return f"{stem}{number}"

    def destroy(self) -> None:
        if self._parent is not None:
            del self._parent._children[self._name]
        for node in (self, *self.allSubChildren()):
            node._deleted = True
        self.scene.mark_changed()

    def isLockedHDA(self) -> bool:
        return self._locked

    def isInsideLockedHDA(self) -> bool:
        parent = self._parent
        while parent is not None and not parent._locked:
            parent = parent._parent
        return parent is not None

    def isBypassed(self) -> bool:
        self._alive()
        return self._bypassed

    def bypass(self, on: bool) -> None:
        self._bypassed = bool(on)
        self.scene.mark_changed()

    def parm(self, name: str) -> Parm | None:
        self._alive()
        return self._parms.get(name)

    def parms(self) -> tuple[Parm, ...]:
        return tuple(self._parms.values())

    def parmTuple(self, name: str) -> ParmTuple | None:
        members = [p for p in self._parms.values() if (p._spec.tuple_name or p.name()) == name]
        return ParmTuple(name, members) if members else None

    def evalParm(self, name: str) -> Any:
        parm = self.parm(name)
        if parm is None:
            raise OperationFailed(f"Invalid parameter name {name!r} on {self.path()}")
        return parm.eval()

    def __repr__(self) -> str:
        return f"<hou.Node {self.path()} of type {self._type.name()}>"


class exprLanguage:
    Hscript = "Hscript"
    Python = "Python"


class severityType:
    Message, ImportantMessage, Warning, Error, Fatal = range(5)
