"""[roots]: named roots with one path per platform, and the platform this machine shows.

    [roots.publish]              # the publish root: the database stores paths under it
    linux = "/mnt/publish"
    windows = "P:/publish"       # or "//fileserver/publish"
    darwin = "/Volumes/publish"
    [roots.work]                 # other shares: paths typed, dropped or in scenes translate
    linux = "/mnt/work"
    windows = "W:/"

`AXIOM_PLATFORM` (linux | windows | darwin) is read here and only here: it makes this
machine show and accept another platform's paths (to test a Windows studio on Linux);
files are still opened through the running platform's column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from axiom_publisher.config.values import TEXT, Kind
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.names import NAME_PATTERN
from axiom_publisher.core.roots import PLATFORMS, Root, RootSet, check_root_path, running_platform

ROOT_KEYS = PLATFORMS
ROOT_TYPES: Mapping[str, Kind] = dict.fromkeys(PLATFORMS, TEXT)
PLATFORM_VARIABLE = "AXIOM_PLATFORM"


def _check_name(name: str, where: str) -> None:
    if re.fullmatch(NAME_PATTERN, name) is None:
        raise ConfigError(f"{where}: [roots.{name}] is not a root name (letters, digits, _ -)")


def check_roots_layer(layer: Mapping[str, Any], where: str) -> None:
    """Check one file's [roots] as it is read: each path absolute for its platform."""
    roots = layer.get("roots")
    if not isinstance(roots, Mapping):
        return
    for name, paths in roots.items():
        _check_name(str(name), where)
        if not isinstance(paths, Mapping) or not paths:
            raise ConfigError(
                f"{where}: [roots.{name}] needs a path per platform ({', '.join(PLATFORMS)})"
            )
        for platform, text in paths.items():
            check_root_path(str(name), str(platform), text, where)


def shown_platform(env: Mapping[str, str]) -> str:
    """The platform whose paths this machine shows and accepts (AXIOM_PLATFORM)."""
    value = env.get(PLATFORM_VARIABLE, "").strip().lower()
    if not value:
        return running_platform()
    if value not in PLATFORMS:
        raise ConfigError(
            f"{PLATFORM_VARIABLE}={value!r} is not a platform; use {', '.join(PLATFORMS)}"
        )
    return value


def parse_roots(raw: Any, env: Mapping[str, str]) -> RootSet:
    """The merged [roots] table as a RootSet for this machine."""
    values: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    check_roots_layer({"roots": values}, "the configuration")
    roots = tuple(Root(str(name), dict(paths)) for name, paths in values.items())
    return RootSet(roots, platform=shown_platform(env), running=running_platform())
