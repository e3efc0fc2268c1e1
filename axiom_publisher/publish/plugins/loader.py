"""Find the studio's plugins: the `axiom_publisher.plugins` entry points and the `*.py` files
of the `[plugins] folders`, each checked against the API it declares.

A plugin that cannot be imported or declares another API version is kept as a LoadedPlugin
with its error (listed by `axiom plugins`, warned about in every QC report), never raised:
one broken plugin must not stop a studio from publishing.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any

from axiom_publisher.core.plugin import API_VERSION, HOOKS
from axiom_publisher.publish.plugins.guard import describe

GROUP = "axiom_publisher.plugins"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True, slots=True)
class LoadedPlugin:
    """One plugin as found: `origin` says from where (an entry point or a file)."""

    name: str
    origin: str
    api: int | None = None
    hooks: tuple[str, ...] = ()
    checks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    error: str | None = None  # why it is not run
    disabled: bool = False
    target: Any = field(default=None, repr=False, compare=False)  # the module or object

    @property
    def active(self) -> bool:
        return self.error is None and not self.disabled

    def hook(self, name: str) -> Any:
        return getattr(self.target, name) if name in self.hooks else None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "origin": self.origin,
            "api": self.api,
            "hooks": list(self.hooks),
            "checks": dict(self.checks),
            "status": "error" if self.error else "disabled" if self.disabled else "loaded",
            "error": self.error,
        }


def _declared(target: Any, fallback: str, origin: str) -> LoadedPlugin:
    name = getattr(target, "NAME", fallback)
    api = getattr(target, "API", None)
    if not isinstance(name, str) or not _NAME.match(name):
        return LoadedPlugin(fallback, origin, error=f"NAME {name!r} is not a plugin name")
    if api != API_VERSION:
        return LoadedPlugin(
            name, origin, api if isinstance(api, int) else None,
            error=f"written for plugin API {api!r}; this AXIOM runs API {API_VERSION} "
            "(set API = 1 and check the hooks against docs/plugins/README.md)",
        )  # fmt: skip
    checks = getattr(target, "CHECKS", {})
    if not isinstance(checks, Mapping) or not all(
        isinstance(key, str) and _NAME.match(key) for key in checks
    ):
        return LoadedPlugin(name, origin, api, error=f"CHECKS {checks!r} is not a table of ids")
    hooks = tuple(hook for hook in HOOKS if callable(getattr(target, hook, None)))
    if not hooks:
        return LoadedPlugin(name, origin, api, error=f"has none of the hooks {', '.join(HOOKS)}")
    if "validate" not in hooks and checks:
        return LoadedPlugin(name, origin, api, error="declares CHECKS but has no validate hook")
    described = MappingProxyType({str(k): str(v) for k, v in checks.items()})
    return LoadedPlugin(name, origin, api, hooks, described, target=target)


def _from_entry_points() -> list[LoadedPlugin]:
    found = []
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        dist = point.dist
        origin = f"entry point {point.name} = {point.value}"
        if dist is not None:
            origin += f" ({dist.metadata['Name']} {dist.version})"
        try:
            target = point.load()
        except Exception as error:  # noqa: BLE001 - reported with the plugin
            found.append(LoadedPlugin(point.name, origin, error=f"cannot load: {describe(error)}"))
            continue
        found.append(_declared(target, point.name, origin))
    return found


def _from_file(path: Path) -> LoadedPlugin:
    module_name = "axiom_studio_plugin_" + re.sub(r"\W", "_", path.stem)
    try:
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"{path} is not a Python module")
        module: ModuleType = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    except Exception as error:  # noqa: BLE001 - reported with the plugin
        sys.modules.pop(module_name, None)
        return LoadedPlugin(path.stem, str(path), error=f"cannot load: {describe(error)}")
    return _declared(module, path.stem, str(path))


def _from_folders(folders: tuple[Path, ...]) -> list[LoadedPlugin]:
    found = []
    for folder in folders:
        if not folder.is_dir():
            found.append(
                LoadedPlugin(
                    folder.name or str(folder),
                    str(folder),
                    error=f"the plugin folder {folder} does not exist (fix [plugins] folders)",
                )  # fmt: skip
            )
            continue
        found.extend(
            _from_file(path)
            for path in sorted(folder.glob("*.py"))
            if not path.name.startswith(("_", "."))
        )
    return found


def discover(folders: tuple[Path, ...], disabled: frozenset[str]) -> list[LoadedPlugin]:
    """Every plugin, entry points first; a second plugin with a name already taken is an
    error (a plugin is configured and reported by its name)."""
    plugins: list[LoadedPlugin] = []
    seen: dict[str, str] = {}
    for plugin in [*_from_entry_points(), *_from_folders(folders)]:
        if plugin.error is None and plugin.name in seen:
            plugin = LoadedPlugin(
                plugin.name, plugin.origin, plugin.api,
                error=f"the name {plugin.name!r} is taken by {seen[plugin.name]}",
            )  # fmt: skip
        seen.setdefault(plugin.name, plugin.origin)
        if plugin.name in disabled:
            plugin = LoadedPlugin(
                plugin.name, plugin.origin, plugin.api, plugin.hooks, plugin.checks,
                plugin.error, disabled=True, target=plugin.target,
            )  # fmt: skip
        plugins.append(plugin)
    return plugins
