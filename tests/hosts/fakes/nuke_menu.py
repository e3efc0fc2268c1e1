"""Menus of the fake `nuke` module: `nuke.menu("Nuke")` and its submenus and commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.hosts.fakes.nuke_objects import check_main_thread


class MenuItem:
    def __init__(self, name: str, command: Callable[[], Any] | str | None, shortcut: str):
        self._name, self._command, self._shortcut = name, command, shortcut

    def name(self) -> str:
        return self._name

    def script(self) -> str:
        return self._command if isinstance(self._command, str) else ""

    def shortcut(self) -> str:
        return self._shortcut

    def invoke(self) -> None:
        check_main_thread()
        if callable(self._command):
            self._command()


class Menu(MenuItem):
    """A menu: `addMenu` (returns the existing submenu of that name), `addCommand` (replaces
    a command of the same name; `a/b` makes submenus), `findItem`, `removeItem`, `items`."""

    def __init__(self, name: str) -> None:
        super().__init__(name, None, "")
        self._items: list[MenuItem] = []

    def items(self) -> list[MenuItem]:
        return list(self._items)

    def addMenu(self, name: str, icon: str = "", tooltip: str = "", index: int = -1) -> Menu:  # noqa: N802
        check_main_thread()
        head, _, rest = name.partition("/")
        found = self._find(head)
        if not isinstance(found, Menu):
            found = Menu(head)
            self._insert(found, index)
        return found.addMenu(rest) if rest else found

    def addCommand(  # noqa: N802
        self,
        name: str,
        command: Callable[[], Any] | str | None = None,
        shortcut: str = "",
        icon: str = "",
        tooltip: str = "",
        index: int = -1,
    ) -> MenuItem:
        check_main_thread()
        path, _, leaf = name.rpartition("/")
        menu = self.addMenu(path) if path else self
        item = MenuItem(leaf, command, shortcut)
        existing = menu._find(leaf)
        if existing is not None:
            menu._items[menu._items.index(existing)] = item
        else:
            menu._insert(item, index)
        return item

    def addSeparator(self, index: int = -1) -> MenuItem:  # noqa: N802
        item = MenuItem("", None, "")
        self._insert(item, index)
        return item

    def findItem(self, name: str) -> MenuItem | None:  # noqa: N802
        check_main_thread()
        head, _, rest = name.partition("/")
        found = self._find(head)
        if rest:
            return found.findItem(rest) if isinstance(found, Menu) else None
        return found

    def menu(self, name: str) -> MenuItem | None:
        return self.findItem(name)

    def removeItem(self, name: str) -> None:  # noqa: N802
        check_main_thread()
        found = self.findItem(name)
        path = name.rpartition("/")[0]
        parent = self.findItem(path) if path else self
        if found is not None and isinstance(parent, Menu):
            parent._items.remove(found)

    def clearMenu(self) -> bool:  # noqa: N802
        check_main_thread()
        self._items.clear()
        return True

    def _find(self, name: str) -> MenuItem | None:
        return next((item for item in self._items if item.name() == name and name), None)

    def _insert(self, item: MenuItem, index: int) -> None:
        if index < 0:
            self._items.append(item)
        else:
            self._items.insert(index, item)
