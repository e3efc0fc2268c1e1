"""The state of one fake Nuke process (see fakes/nuke.py): the script's root and nodes, the
current frame, the menus and the main window, and how a script is written to disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.hosts.fakes import nuke_tcl
from tests.hosts.fakes.nuke_menu import Menu
from tests.hosts.fakes.nuke_objects import (
    Boolean_Knob,
    Double_Knob,
    Enumeration_Knob,
    File_Knob,
    Format,
    Format_Knob,
    Group,
    Int_Knob,
    Knob,
    Node,
    Root,
    String_Knob,
)

NUKE_VERSION_STRING = "15.1v3"

MAIN_WINDOW_CLASS = "Foundry::UI::DockMainWindow"
FILE_TYPES = ["exr", "dpx", "tiff", "png", "jpeg", "mov", "abc", "fbx", "obj"]
COLORSPACES = ["default (scene_linear)", "scene_linear", "ACES - ACEScg", "sRGB", "rec709"]
MENU_NAMES = ("Nuke", "Pane", "Nodes", "Properties", "Animation", "Viewer", "Node Graph", "Axis")


class Session:
    """One Nuke process: the script (root and nodes), the menus and the main window."""

    def __init__(self) -> None:
        self.root = Root(self, "Root", "", _root_knobs())
        self.context: list[Group] = []  # groups begun, innermost last (the root below them)
        self.modified = False
        self.current_frame = 1001
        self.menus = {name: Menu(name) for name in MENU_NAMES}
        self.main_window: Any = _make_main_window()
        self.saved: list[Path] = []  # every file written by scriptSave / scriptSaveAs

    def touch(self) -> None:
        self.modified = True

    @property
    def group(self) -> Group:
        """The current group: where new nodes go and names are looked up."""
        return self.context[-1] if self.context else self.root

    def find(self, name: str) -> Node | None:
        """`root`, a name in the current group, or a dotted name from the root."""
        if name == "root":
            return self.root
        if "." in name:
            node: Node | None = self.root
            for part in name.split("."):
                node = node.node(part) if isinstance(node, Group) else None
            return node
        return self.group.node(name)

    def all_nodes(self, group: Group, recurse: bool) -> list[Node]:
        found: list[Node] = []
        for child in group.children:
            found.append(child)
            if recurse and isinstance(child, Group):
                found.extend(self.all_nodes(child, recurse))
        return found

    def add(self, node: Node) -> None:
        node.parent = self.group
        self.group.children.append(node)
        self.touch()

    def remove(self, node: Node) -> None:
        assert node.parent is not None, "the root cannot be deleted"
        node.parent.children.remove(node)
        self.touch()

    def rename(self, node: Node, name: str) -> None:
        parent = node.parent or self.root
        if parent.node(name) not in (None, node):
            raise ValueError(f"a node named {name} already exists")
        node["name"].setValue(name)

    def expand(self, text: str, this: Node) -> str:
        def lookup(node_name: str | None, knob_name: str) -> str:
            node = this if node_name in (None, "this") else self.find(node_name or "")
            if node is None or node.knob(knob_name) is None:
                raise RuntimeError(f"no such knob {node_name}.{knob_name}")
            value = node[knob_name].value()
            return value.name() if isinstance(value, Format) else _tcl_text(value)

        return nuke_tcl.expand(text, lookup, self.current_frame)

    def write_script(self, path: Path) -> None:
        """Save as Nuke does: a .nk text with each node's knobs (enough to hash and publish)."""
        lines = [f"# fake Nuke {NUKE_VERSION_STRING} script"]
        for node in [self.root, *self.all_nodes(self.root, recurse=True)]:
            lines.append(f"{node.Class()} {{")
            for name, knob in node.knobs().items():
                value = knob.value()
                shown = value.name() if isinstance(value, Format) else _tcl_text(value)
                lines.append(f" {name} {{{shown}}}")
            lines.append("}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.saved.append(path)
        self.modified = False


def _tcl_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _root_knobs() -> list[Knob]:
    hd = Format(1920, 1080, "HD_1080")
    return [
        Int_Knob("first_frame", 1001),
        Int_Knob("last_frame", 1100),
        Double_Knob("fps", 24.0),
        Format_Knob("format", hd),
        String_Knob("project_directory", ""),
        Enumeration_Knob("colorManagement", ["Nuke", "OCIO"], "OCIO"),
    ]


def _make_main_window() -> Any:
    from qtpy import QtWidgets

    if QtWidgets.QApplication.instance() is None:
        return None  # nuke -t (terminal mode) has no window
    window_class = type(MAIN_WINDOW_CLASS, (QtWidgets.QMainWindow,), {})
    window = window_class()
    window.setWindowTitle("Nuke (fake)")
    return window


def class_knobs(node_class: str) -> list[Knob]:
    if node_class in ("Write", "WriteGeo"):
        return [
            File_Knob("file", ""),
            Enumeration_Knob("file_type", FILE_TYPES, "exr" if node_class == "Write" else "abc"),
            Enumeration_Knob("colorspace", COLORSPACES),
            Boolean_Knob("use_limit", False),
            Int_Knob("first", 1),
            Int_Knob("last", 100),
        ]
    if node_class == "Read":
        return [File_Knob("file", ""), Enumeration_Knob("colorspace", COLORSPACES)]
    if node_class in ("ReadGeo2", "DeepRead", "Camera3"):
        return [File_Knob("file", "")]
    return []
