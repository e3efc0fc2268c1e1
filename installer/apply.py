"""Carry out (or, with dry_run, only describe) what registrations say: idempotently.

Installing twice leaves the same bytes as installing once; uninstall removes exactly what the
install wrote (the files and the folders it created, the block and the newlines it joined it
with) and never touches a file without the installer's marker.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import InstallError
from .guard import refuse_install_folder
from .registrations import Block, Notice, OwnedFile, Registration

_CREATED = re.compile(r"axiom-install: created=(\d+)")
_BLOCK = re.compile(
    r"# >>> axiom-install: created=(\d+) joined=(\d+) >>>\n(.*?)# <<< axiom-install <<<\n",
    re.DOTALL,
)


_PLANNED = {"wrote": "write", "appended": "append", "updated": "update", "removed": "remove"}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One line of the report: what was (or would be) done to which path."""

    verb: str  # wrote, unchanged, appended, updated, removed, kept, note
    host: str
    path: Path | None
    detail: str = ""

    def line(self, dry_run: bool) -> str:
        planned = _PLANNED.get(self.verb) if dry_run else None
        verb = f"would {planned}" if planned else self.verb
        if self.path is None:
            return f"[{self.host}] {verb}: {self.detail}"
        detail = f" ({self.detail})" if self.detail else ""
        return f"[{self.host}] {verb} {self.path}{detail}"


def missing_levels(path: Path) -> int:
    """How many levels of `path`, itself included, do not exist yet."""
    count, current = 0, path
    while not current.exists() and current != current.parent:
        count, current = count + 1, current.parent
    return count


def install(item: Registration, environ: Mapping[str, str], dry_run: bool) -> Outcome:
    if isinstance(item, Notice):
        return Outcome("note", item.host, None, item.text)
    refuse_install_folder(item.path, environ)
    if isinstance(item, OwnedFile):
        return _install_file(item, dry_run)
    return _install_block(item, dry_run)


def uninstall(item: Registration, dry_run: bool) -> Outcome | None:
    if isinstance(item, Notice):
        return None
    if not item.path.is_file():
        return None
    if isinstance(item, OwnedFile):
        return _uninstall_file(item, dry_run)
    return _uninstall_block(item, dry_run)


def _install_file(item: OwnedFile, dry_run: bool) -> Outcome:
    if item.path.exists():
        existing = item.path.read_text(encoding="utf-8")
        marker = _CREATED.search(existing)
        if marker is None:
            raise InstallError(
                f"{item.path} exists and was not written by axiom-install: move it away first"
            )
        content = item.render(int(marker.group(1)))
        if content == existing:
            return Outcome("unchanged", item.host, item.path)
        verb = "updated"
    else:
        content, verb = item.render(missing_levels(item.path)), "wrote"
    if not dry_run:
        _write(item.path, content)
    return Outcome(verb, item.host, item.path)


def _install_block(item: Block, dry_run: bool) -> Outcome:
    existing = item.path.read_text(encoding="utf-8") if item.path.exists() else None
    found = _BLOCK.search(existing) if existing is not None else None
    if existing is not None and found:
        if found.group(3) == item.body:
            return Outcome("unchanged", item.host, item.path)
        begin = existing[: found.start()]
        block = _block(int(found.group(1)), int(found.group(2)), item.body)
        content, verb = begin + block + existing[found.end() :], "updated"
    elif existing is not None:
        joiner = "" if not existing else ("\n" if existing.endswith("\n") else "\n\n")
        content = existing + joiner + _block(0, len(joiner), item.body)
        verb = "appended"
    else:
        content, verb = _block(missing_levels(item.path), 0, item.body), "wrote"
    if not dry_run:
        _write(item.path, content)
    return Outcome(verb, item.host, item.path, "AXIOM block")


def _uninstall_file(item: OwnedFile, dry_run: bool) -> Outcome:
    marker = _CREATED.search(item.path.read_text(encoding="utf-8"))
    if marker is None:
        return Outcome("kept", item.host, item.path, "not written by axiom-install")
    if not dry_run:
        item.path.unlink()
        _remove_created_folders(item.path, int(marker.group(1)) - 1)
    return Outcome("removed", item.host, item.path)


def _uninstall_block(item: Block, dry_run: bool) -> Outcome | None:
    existing = item.path.read_text(encoding="utf-8")
    found = _BLOCK.search(existing)
    if found is None:
        return None
    created, joined = int(found.group(1)), int(found.group(2))
    content = existing[: found.start() - joined] + existing[found.end() :]
    if not dry_run:
        if created and not content:
            item.path.unlink()
            _remove_created_folders(item.path, created - 1)
        else:
            _write(item.path, content)
    return Outcome("removed", item.host, item.path, "AXIOM block")


def _block(created: int, joined: int, body: str) -> str:
    return (
        f"# >>> axiom-install: created={created} joined={joined} >>>\n"
        f"{body}# <<< axiom-install <<<\n"
    )


def _remove_created_folders(path: Path, count: int) -> None:
    folder = path.parent
    for _ in range(count):
        try:
            folder.rmdir()  # only when empty: anything else put there since stays
        except OSError:
            return
        folder = folder.parent


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.axiom-install.tmp")
    temporary.write_bytes(content.encode("utf-8"))
    temporary.replace(path)
