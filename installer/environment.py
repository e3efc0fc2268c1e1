"""`axiom-install env`: what a studio sets (in its launcher or wrapper scripts) instead of
installing per user. POSIX shell syntax; Windows studios set the same names and values."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import locations
from .locations import Context


def variables(
    context: Context, hosts: Sequence[str], scope: str, prefix: Path | None
) -> list[tuple[str, str, bool]]:
    """(name, value, prepend) for each variable: prepend means "in front of the current list".

    Without --prefix the hosts read the checked-in registrations of plugins/ (plugins/maya's
    relative axiom.mod, plugins/houdini/axiom.json); with a studio --prefix, the folders that
    `install --scope studio --prefix` writes."""
    plugins = context.plugins.as_posix()
    result = [("AXIOM_ROOT", context.root.as_posix(), False)]
    folders = locations.studio_dirs(prefix) if scope == "studio" and prefix else None
    if "maya" in hosts:
        maya = folders["maya"].as_posix() if folders else f"{plugins}/maya"
        result.append(("MAYA_MODULE_PATH", maya, True))
    if "houdini" in hosts:
        houdini = folders["houdini"].as_posix() if folders else f"{plugins}/houdini"
        result.append(("HOUDINI_PACKAGE_DIR", houdini, False))
    if "nuke" in hosts:
        result.append(("NUKE_PATH", f"{plugins}/nuke", True))
    return result


def render(context: Context, hosts: Sequence[str], scope: str, prefix: Path | None) -> str:
    lines = ["# AXIOM Publisher: the environment a studio sets instead of per-user installs"]
    for name, value, prepend in variables(context, hosts, scope, prefix):
        if prepend:
            lines.append(f'export {name}="{value}${{{name}:+:${name}}}"')
        else:
            lines.append(f'export {name}="{value}"')
    return "\n".join(lines) + "\n"
