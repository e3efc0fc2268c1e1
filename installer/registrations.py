"""What registers AXIOM with each host: the files and blocks the installer writes.

Every file the installer writes whole carries `axiom-install: created=N` (N: how many path
levels, the file included, the install created, so uninstall removes exactly those); a block
appended to a file the user owns (~/.nuke/init.py) sits between `# >>> axiom-install` and
`# <<< axiom-install <<<` lines. Paths are written with forward slashes (all hosts accept them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import locations
from .errors import InstallError
from .locations import Context

MAYA_MOD = "axiom.mod"
HOUDINI_JSON = "axiom.json"


@dataclass(frozen=True, slots=True)
class OwnedFile:
    """A file AXIOM writes whole; `render(created)` is its content."""

    host: str
    path: Path
    render: Callable[[int], str]


@dataclass(frozen=True, slots=True)
class Block:
    """Lines AXIOM adds to a file that is not its own (between marker lines)."""

    host: str
    path: Path
    body: str


@dataclass(frozen=True, slots=True)
class Notice:
    """Nothing to write: what the studio sets instead (printed)."""

    host: str
    text: str


Registration = OwnedFile | Block | Notice


def maya_mod(root: Path) -> Callable[[int], str]:
    def render(created: int) -> str:
        posix = root.as_posix()
        return (
            "# AXIOM Publisher for Maya 2024+ (Python 3.10+), written by axiom-install;\n"
            "# `axiom-install uninstall --host maya` removes it.\n"
            f"# axiom-install: created={created}\n"
            f"+ AXIOM 1.0 {posix}/plugins/maya\n"
            f"AXIOM_ROOT={posix}\n"
            f"PYTHONPATH+={posix}/plugins/common\n"
        )

    return render


def houdini_package(root: Path) -> Callable[[int], str]:
    def render(created: int) -> str:
        env = [
            {"AXIOM_INSTALLED_BY": f"axiom-install: created={created}"},
            {"AXIOM_ROOT": root.as_posix()},
            {"PYTHONPATH": {"value": "$AXIOM_ROOT/plugins/common", "method": "append"}},
        ]
        entries = ",\n".join(f"        {json.dumps(entry)}" for entry in env)
        return (
            "{\n"
            '    "enable": "houdini_version >= \'20.0\'",\n'
            '    "load_package_once": true,\n'
            f'    "env": [\n{entries}\n    ],\n'
            '    "path": "$AXIOM_ROOT/plugins/houdini"\n'
            "}\n"
        )

    return render


def nuke_block(root: Path) -> str:
    posix = json.dumps(root.as_posix())
    plugins = json.dumps((root / "plugins" / "nuke").as_posix())
    return (
        "# AXIOM Publisher, added by axiom-install (`axiom-install uninstall --host nuke`).\n"
        "import os as _axiom_os\n"
        "import nuke as _axiom_nuke\n"
        "\n"
        f'_axiom_os.environ["AXIOM_ROOT"] = {posix}\n'
        f"_axiom_nuke.pluginAddPath({plugins})\n"
        "del _axiom_os, _axiom_nuke\n"
    )


def nuke_path_notice(root: Path) -> str:
    return (
        f"nothing written; set NUKE_PATH to include {(root / 'plugins' / 'nuke').as_posix()} "
        f"and AXIOM_ROOT={root.as_posix()} (see `axiom-install env --host nuke`)"
    )


def registrations(
    host: str,
    scope: str,
    context: Context,
    prefix: Path | None = None,
    houdini_versions: tuple[str, ...] = (),
    for_uninstall: bool = False,
) -> list[Registration]:
    """What installing `host` in `scope` writes (for uninstall: every place it may have)."""
    root = context.root
    if scope == "studio":
        if prefix is None:
            raise InstallError("the studio scope needs --prefix DIR (the studio's shared folder)")
        studio = locations.studio_dirs(prefix)
        if host == "maya":
            return [OwnedFile(host, studio["maya"] / MAYA_MOD, maya_mod(root))]
        if host == "houdini":
            return [OwnedFile(host, studio["houdini"] / HOUDINI_JSON, houdini_package(root))]
        return [Notice(host, nuke_path_notice(root))]
    if host == "maya":
        return [OwnedFile(host, locations.maya_modules_dir(context) / MAYA_MOD, maya_mod(root))]
    if host == "houdini":
        folders = locations.houdini_pref_dirs(context, houdini_versions)
        if not for_uninstall:
            folders = [folder for folder in folders if locations.supported_houdini(folder)]
        if not folders:
            return [
                Notice(
                    host,
                    "no preferences folder of Houdini 20.0 or newer found (start "
                    "Houdini once, or pass --houdini-version 20.5)",
                )
            ]
        render = houdini_package(root)
        return [OwnedFile(host, folder / "packages" / HOUDINI_JSON, render) for folder in folders]
    return [Block(host, locations.nuke_user_init(context), nuke_block(root))]
