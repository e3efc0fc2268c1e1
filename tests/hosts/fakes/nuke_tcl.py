"""The TCL subset the fake `nuke` expands in string knobs (file paths, as studios write them).

Supported: `[value node.knob]` / `[value knob]` (this node), `[file dirname|rootname|tail|
extension|join ...]`, `[frame]`, `[getenv NAME]`, `$env(NAME)`, nested brackets and `{...}`
words. Anything else (`[python ...]`, unknown commands) raises RuntimeError as Nuke reports
a TCL error.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable

# (node name or None for "this node", knob name) -> the knob's value as TCL sees it
ValueLookup = Callable[[str | None, str], str]

_ENV = re.compile(r"\$env\((\w+)\)")


def expand(text: str, lookup: ValueLookup, frame: int) -> str:
    """`text` with every `[command ...]` and `$env(NAME)` replaced by its result."""
    text = _ENV.sub(lambda m: os.environ.get(m.group(1), ""), text)
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            index += 2
        elif char == "[":
            end = _matching(text, index, "[", "]")
            out.append(_command(text[index + 1 : end], lookup, frame))
            index = end + 1
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _matching(text: str, start: int, opening: str, closing: str) -> int:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == opening:
            depth += 1
        elif text[index] == closing:
            depth -= 1
            if depth == 0:
                return index
    raise RuntimeError(f"missing close-bracket in {text!r}")


def _words(body: str, lookup: ValueLookup, frame: int) -> list[str]:
    words: list[str] = []
    index = 0
    while index < len(body):
        if body[index].isspace():
            index += 1
            continue
        if body[index] == "{":
            end = _matching(body, index, "{", "}")
            words.append(body[index + 1 : end])
            index = end + 1
            continue
        start = index
        while index < len(body) and not body[index].isspace():
            index = _matching(body, index, "[", "]") + 1 if body[index] == "[" else index + 1
        words.append(expand(body[start:index], lookup, frame))
    return words


def _command(body: str, lookup: ValueLookup, frame: int) -> str:
    words = _words(body, lookup, frame)
    if not words:
        return ""
    name, args = words[0], words[1:]
    if name == "value" and len(args) == 1:
        node, _, knob = args[0].rpartition(".")
        return lookup(node or None, knob)
    if name == "frame" and not args:
        return str(frame)
    if name == "getenv" and len(args) == 1:
        return os.environ.get(args[0], "")
    if name == "file" and args:
        return _file(args[0], args[1:])
    raise RuntimeError(f"invalid command name or arguments in the fake's TCL: [{body}]")


def _file(verb: str, args: list[str]) -> str:
    if verb == "join":
        return posixpath.join(*args)
    if len(args) != 1:
        raise RuntimeError(f'wrong # args: should be "file {verb} name"')
    path = args[0]
    if verb == "dirname":
        return posixpath.dirname(path) or "."
    if verb == "tail":
        return posixpath.basename(path)
    if verb == "rootname":
        return posixpath.splitext(path)[0]
    if verb == "extension":
        return posixpath.splitext(path)[1]
    raise RuntimeError(f'bad option "{verb}": the fake\'s TCL knows dirname, rootname, tail, ...')
