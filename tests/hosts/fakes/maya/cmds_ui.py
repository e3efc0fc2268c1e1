"""maya.cmds, the UI half: window, menu, menuItem, deleteUI and evalDeferred.

Menus live in the scene's `menus` (short name -> Menu); a menu needs its parent window to
exist, so a menu made from userSetup.py before the main window is built fails as in Maya,
and a second menu with a name already taken under the same parent is refused.
"""

from __future__ import annotations

from typing import Any

from tests.hosts.fakes.maya.flags import flags
from tests.hosts.fakes.maya.scene import LOW, LOWEST, NEXT, NORMAL, FakeMayaScene, Menu, MenuItem


class UICommands:
    def __init__(self, scene: FakeMayaScene) -> None:
        self._scene = scene
        self._current_menu: str | None = None

    def window(self, name: str, **kwargs: Any) -> Any:
        self._scene.check_main_thread("window")
        f = flags("window", kwargs, "exists/ex")
        if not f.get("exists"):
            raise TypeError("window: the fake only answers `exists`")
        return bool(name) and name == self._scene.main_window_name

    def menu(self, *args: Any, **kwargs: Any) -> Any:
        scene = self._scene
        scene.check_main_thread("menu")
        f = flags(
            "menu",
            kwargs,
            "parent/p label/l tearOff/to exists/ex query/q edit/e deleteAllItems/dai itemArray/ia",
        )
        name = str(args[0]) if args else ""
        if f.get("exists"):
            return self._find_menu(name) is not None
        if f.get("query") or f.get("edit"):
            menu = self._find_menu(name)
            if menu is None:
                raise RuntimeError(f"menu: Object '{name}' not found.")
            if f.get("edit") and f.get("deleteAllItems"):
                menu.items.clear()
                return None
            if f.get("itemArray"):
                return [item.name.rsplit("|", 1)[-1] for item in menu.items] or None
            if f.get("label"):
                return menu.label
            return menu.tear_off
        parent = str(f.get("parent") or scene.main_window_name)
        if not parent or parent != scene.main_window_name:
            raise RuntimeError(f"menu: Object '{parent}' not found (no such window).")
        name = name or f"menu{len(scene.menus) + 1}"
        if name in scene.menus:
            raise RuntimeError(f"menu: Object's name '{name}' is not unique.")
        menu = Menu(name, parent, str(f.get("label", name)), bool(f.get("tearOff", False)))
        scene.menus[name] = menu
        self._current_menu = name
        return menu.path

    def _find_menu(self, name: str) -> Menu | None:
        parent, _, short = name.rpartition("|")
        menu = self._scene.menus.get(short)
        if menu is None or (parent and parent != menu.parent):
            return None
        return menu

    def menuItem(self, *args: Any, **kwargs: Any) -> str:  # noqa: N802 - Maya's name
        scene = self._scene
        scene.check_main_thread("menuItem")
        f = flags(
            "menuItem",
            kwargs,
            "label/l command/c parent/p divider/d keyEquivalent/ke ctrlModifier/ctl "
            "altModifier/alt commandModifier/cmd optionModifier/opt annotation/ann "
            "sourceType/stp",
        )
        parent = f.get("parent") or self._current_menu
        menu = self._find_menu(str(parent)) if parent else None
        if menu is None:
            raise RuntimeError(f"menuItem: no menu to add to (parent {parent!r} not found).")
        scene.menu_item_count += 1
        short = str(args[0]) if args else f"menuItem{scene.menu_item_count}"
        modifiers = tuple(m for m in ("ctrl", "alt", "command", "option") if f.get(f"{m}Modifier"))
        item = MenuItem(
            name=f"{menu.path}|{short}",
            label=str(f.get("label", "")),
            command=f.get("command"),
            divider=bool(f.get("divider", False)),
            key_equivalent=str(f.get("keyEquivalent", "")),
            modifiers=modifiers,
        )
        menu.items.append(item)
        return item.name

    def deleteUI(self, *names: str, **kwargs: Any) -> None:  # noqa: N802
        scene = self._scene
        scene.check_main_thread("deleteUI")
        flags("deleteUI", kwargs, "menu/m menuItem/mi window/wnd control/ctl")
        for name in names:
            menu = self._find_menu(name)
            if menu is not None:
                del scene.menus[menu.name]
                if self._current_menu == menu.name:
                    self._current_menu = None
                continue
            for menu in scene.menus.values():
                hits = [i for i in menu.items if name in (i.name, i.name.rsplit("|", 1)[-1])]
                if hits:
                    menu.items.remove(hits[0])
                    break
            else:
                raise RuntimeError(f"deleteUI: Object '{name}' not found.")

    def evalDeferred(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802
        scene = self._scene
        scene.check_main_thread("evalDeferred")
        f = flags(
            "evalDeferred", kwargs, "list/ls lowPriority/low lowestPriority/lp evaluateNext/en"
        )
        priority = NORMAL
        if f.get("evaluateNext"):
            priority = NEXT
        elif f.get("lowPriority"):
            priority = LOW
        elif f.get("lowestPriority"):
            priority = LOWEST
        if f.get("list"):
            return scene.pending(None if priority == NORMAL else priority)
        (script,) = args
        if callable(script):
            scene.defer(script, priority)
        else:
            code = str(script)
            scene.defer(lambda: exec(code, {"__name__": "__main__"}), priority, code)
        return None
