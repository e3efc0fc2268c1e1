"""Flag handling shared by the fake commands: long and short names, Maya's errors."""

from __future__ import annotations

from typing import Any


def flags(command: str, given: dict[str, Any], names: str) -> dict[str, Any]:
    """`given` keyword flags by long name. `names` lists "long/short" pairs separated by
    spaces ("query/q sceneName/sn"); any other flag is a TypeError, as Maya raises
    ("Invalid flag 'x'"), so a misspelt flag in the adapter fails its tests."""
    aliases: dict[str, str] = {}
    for pair in names.split():
        long, _, short = pair.partition("/")
        aliases[long] = long
        if short:
            aliases[short] = long
    result: dict[str, Any] = {}
    for key, value in given.items():
        if key not in aliases:
            raise TypeError(f"{command}: Invalid flag '{key}'")
        result[aliases[key]] = value
    return result


def no_object(name: str) -> ValueError:
    """What Maya raises for a name that matches nothing."""
    return ValueError(f"No object matches name: {name}")
