"""Shared checks for configuration values: each error names the key and what it accepts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from axiom_publisher.core.errors import ConfigError

# The TOML types a key accepts, as Python types (bool is accepted only where it is listed:
# it is an int to Python). Theme modules declare `*_TYPES = {key: kind}` with these.
Kind = tuple[type, ...]
TEXT: Kind = (str,)
WHOLE: Kind = (int,)
NUMBER: Kind = (int, float)
FLAG: Kind = (bool,)
LIST: Kind = (list,)
TABLE: Kind = (dict,)
_NAMES = {
    str: "a string",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


def describe(kind: Kind) -> str:
    """ "a string", "a whole number or a number"... for an error message."""
    if kind == NUMBER:
        return "a number"
    return " or ".join(_NAMES.get(each, each.__name__) for each in kind)


def merge(base: dict[str, Any], layer: Mapping[str, Any]) -> None:
    """Merge `layer` into `base`, table by table (a later layer wins key by key)."""
    for key, value in layer.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value


def number(raw: Mapping[str, Any], key: str, where: str, default: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}.{key}={value!r} is not a number")
    if value < 0:
        raise ConfigError(f"{where}.{key}={value!r} is negative; use 0 or more")
    return float(value)


def optional_number(raw: Mapping[str, Any], key: str, where: str) -> float | None:
    """A non-negative number where 0 (or leaving it out) means "not set"."""
    value = number(raw, key, where, 0.0)
    return value or None


def table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table ([{where}]), not {value!r}")
    return value


def reject_unknown(raw: Mapping[str, Any], known: tuple[str, ...], where: str, what: str) -> None:
    """Refuse keys that are not settings (typos), naming the valid ones."""
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(
            f"{where}.{unknown[0]} is not a {what} setting; valid keys: {', '.join(known)}"
        )
