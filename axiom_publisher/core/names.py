"""The allowlist for names that become folders and files in the publish area.

Project, entity (shot / asset), task and product names end up as path components on
Linux, macOS and Windows file servers alike, so only a portable, unambiguous subset is
accepted: ASCII letters, digits, `_` and `-`, with single inner dots. This refuses path
separators, `..`, NUL and control characters, Windows reserved device names, trailing
dots and spaces, and unicode look-alikes (which would make two different names look the
same to a person).
"""

from __future__ import annotations

import re

from axiom_publisher.core.errors import InvalidNameError

MAX_NAME_LENGTH = 64

# The regular expression of an allowed name (before the length, trailing-dot and reserved
# name checks); storage builds its folder-scan patterns from it.
NAME_PATTERN = r"[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*"
_ALLOWED = re.compile(NAME_PATTERN)
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{n}" for n in "123456789¹²³"]
    + [f"LPT{n}" for n in "123456789¹²³"]
)


def validate_name(value: str, what: str = "name") -> str:
    """Return `value` if it is a safe name, else raise InvalidNameError saying why.

    `what` names the field in the message ("project", "shot", "product", ...).
    """
    shown = repr(value) if len(value) <= 80 else repr(value[:77] + "...")
    rule = (
        f"use 1-{MAX_NAME_LENGTH} ASCII letters, digits, '_', '-' or single inner dots, "
        "starting with a letter or digit"
    )
    if not value:
        raise InvalidNameError(f"the {what} name is empty: {rule}")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidNameError(
            f"the {what} name {shown} is {len(value)} characters long; the limit is "
            f"{MAX_NAME_LENGTH}"
        )
    if _ALLOWED.fullmatch(value) is None or value.endswith("."):
        raise InvalidNameError(f"the {what} name {shown} is not allowed: {rule}")
    stem = value.split(".", 1)[0].upper()
    if stem in _WINDOWS_RESERVED:
        raise InvalidNameError(
            f"the {what} name {shown} is a reserved device name on Windows; choose another"
        )
    return value
