"""Helpers shared by the storage tests."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

DEFAULT_TEMPLATE = (
    "{project}/{entity}/{task}/{product}/v{version:03d}/{product}_v{version:03d}[.{frame}].{ext}"
)

# Names that must never become folders or files of the publish area.
HOSTILE_NAMES = [
    "..",
    ".",
    "../../etc",
    "../../../../etc/passwd",
    "a/../../b",
    "/etc/passwd",
    "/",
    "//server/share",
    "C:\\Windows",
    "C:",
    "a/b",
    "a\\b",
    "..\\..\\windows",
    "a\x00b",
    "\x00",
    "tab\there",
    "new\nline",
    "bell\x07",
    "esc\x1b[31m",
    "del\x7f",
    "CON",
    "con",
    "nul",
    "NUL.txt",
    "COM1",
    "com9",
    "LPT9",
    "lpt1.log",
    "con.txt",
    "AUX",
    "PRN",
    "trailingdot.",
    "trailingspace ",
    " leadingspace",
    ".hidden",
    ".axiom-quarantine",
    ".v001.axiom-staging-1",
    "x" * 300,
    "y" * 65,
    "",
    "x'; DROP TABLE version;--",
    "Robert'); DROP TABLE students;--",
    "1 OR 1=1",
    "pl\u0430te",  # Cyrillic a
    "\u0440late",  # Cyrillic er looks like p
    "a\uff0fb",  # fullwidth solidus
    "a\u2215b",  # division slash
    "evil\u202egpj.exe",  # RTL override
    "zero\u200bwidth",
    "caf\u00e9",
    "$(rm -rf ~)",
    "`id`",
    "a;b",
    "a|b",
    "a*b",
    "a?b",
    "a:b",
    "a<b>",
    '"quoted"',
    "~user",
    "%2e%2e",
    "${HOME}",
    "a..b",
    "-rf",
    "sh\u0000010",
    "\u00a0nbsp",
    "emoji\U0001f600",
]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_under(path: Path, root: Path) -> bool:
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([real, real_root]) == real_root
