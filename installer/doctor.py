"""`axiom-install doctor`: is AXIOM registered with each host, do the registrations point at
folders that exist, and is there a vendor folder (with AXIOM and its dependencies) for each
Python the hosts run? Every problem comes with what to do about it."""

from __future__ import annotations

import importlib.machinery
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import locations, vendor
from .locations import Context

# The Pythons of the host versions AXIOM supports (3.10+), by host version.
HOST_PYTHONS = {
    "maya": {"2024": "3.10", "2025": "3.11", "2026": "3.11"},
    "houdini": {"20.0": "3.10", "20.5": "3.11", "21.0": "3.11"},
    "nuke": {"15": "3.10", "16": "3.11"},
}
MODULES = (
    "axiom_publisher",
    "av",
    "numpy",
    "sqlalchemy",
    "psycopg",
    "pymediainfo",
    "OpenEXR",
    "qtpy",
)
_NUKE = re.compile(r"^Nuke(\d+)\.\d+v\d+$")
_PLUGIN_ADD = re.compile(r"pluginAddPath\((\"[^\"]*\")\)")


class Report:
    def __init__(self, out: TextIO) -> None:
        self.out, self.problems = out, 0

    def ok(self, host: str, text: str) -> None:
        print(f"ok   [{host}] {text}", file=self.out)

    def fix(self, host: str, text: str, how: str) -> None:
        self.problems += 1
        print(f"FIX  [{host}] {text}\n       -> {how}", file=self.out)


def run(
    context: Context, hosts: Sequence[str], scope: str, prefix: Path | None, out: TextIO
) -> int:
    report = Report(out)
    install = f"axiom-install install --host {{}} --scope {scope}" + (
        f" --prefix {prefix}" if prefix else ""
    )
    pythons: dict[str, list[str]] = {}
    for host in hosts:
        root = _registered_root(context, host, scope, prefix, report, install.format(host))
        if root is not None:
            _check_root(host, root, report)
        for version in _host_versions(context, host):
            python = HOST_PYTHONS[host][version]
            pythons.setdefault(python, []).append(f"{host} {version}")
    for python, users in sorted(pythons.items()):
        _check_vendor(context, python, users, report)
    print(f"{report.problems} problem(s) found" if report.problems else "all good", file=out)
    return 1 if report.problems else 0


def _registered_root(
    context: Context, host: str, scope: str, prefix: Path | None, report: Report, install: str
) -> Path | None:
    """Read the AXIOM folder a host's registration points at (None: not registered)."""
    if host == "nuke":
        nuke_path = context.environ.get("NUKE_PATH", "")
        for entry in filter(None, nuke_path.split(":" if context.platform != "win32" else ";")):
            if (Path(entry) / "init.py").is_file() and Path(entry).name == "nuke":
                report.ok(host, f"NUKE_PATH has {entry}")
                return Path(entry).parents[1]
        init = locations.nuke_user_init(context)
        text = init.read_text(encoding="utf-8") if init.is_file() else ""
        found = _PLUGIN_ADD.search(text) if "axiom-install" in text else None
        if found is None:
            report.fix(host, f"not registered: no AXIOM block in {init}, not on NUKE_PATH", install)
            return None
        plugins = Path(json.loads(found.group(1)))
        report.ok(host, f"{init} adds {plugins}")
        return plugins.parents[1]
    if scope == "studio" and prefix:
        files = [locations.studio_dirs(prefix)[host]]
    elif host == "maya":
        files = [locations.maya_modules_dir(context)]
    else:
        files = [d / "packages" for d in locations.houdini_pref_dirs(context)]
        files = [f for f in files if locations.supported_houdini(f.parent)]
    name = "axiom.mod" if host == "maya" else "axiom.json"
    root = None
    for folder in files or [Path("(no Houdini 20+ preferences folder)")]:
        path = folder / name
        if not path.is_file():
            report.fix(host, f"not registered: {path} is missing", install)
            continue
        root = _root_in(path)
        if root is None:
            report.fix(host, f"{path} names no AXIOM_ROOT", f"rewrite it: {install}")
        else:
            report.ok(host, f"{path} points at {root}")
    return root


def _root_in(path: Path) -> Path | None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        try:
            for entry in json.loads(text).get("env", []):
                if isinstance(entry, dict) and isinstance(entry.get("AXIOM_ROOT"), str):
                    value = entry["AXIOM_ROOT"].replace("$HOUDINI_PACKAGE_PATH", str(path.parent))
                    return Path(value)
        except (ValueError, AttributeError):
            return None
        return None
    match = re.search(r"^AXIOM_ROOT(:?)=(.*)$", text, re.MULTILINE)
    if not match:
        return None
    value = Path(match.group(2).strip())
    return (path.parent / value) if match.group(1) else value


def _check_root(host: str, root: Path, report: Report) -> None:
    plugin = root / "plugins" / host
    if (root / "plugins" / "common" / "axiom_bootstrap.py").is_file() and plugin.is_dir():
        report.ok(host, f"{plugin} exists")
    else:
        report.fix(host, f"{plugin} does not exist (moved?)", "install again from the new place")


def _host_versions(context: Context, host: str) -> list[str]:
    """The supported versions of `host` found on this machine (all of them when none is)."""
    known = HOST_PYTHONS[host]
    found: set[str] = set()
    if host == "maya":
        folders = [locations.maya_modules_dir(context).parent, Path("/usr/autodesk")]
        for folder in folders:
            if folder.is_dir():
                found |= {child.name.lower().removeprefix("maya") for child in folder.iterdir()}
    elif host == "houdini":
        found = {d.name.removeprefix("houdini") for d in locations.houdini_pref_dirs(context)}
    else:
        installs = Path("/usr/local")
        if installs.is_dir():
            found = {m.group(1) for c in installs.iterdir() if (m := _NUKE.match(c.name))}
    return sorted(found & set(known)) or sorted(known)


def _check_vendor(context: Context, python: str, users: list[str], report: Report) -> None:
    base = Path(context.environ.get("AXIOM_VENDOR_DIR") or context.root / "vendor")
    folders = sorted(base.glob("py3*-*")) if base.is_dir() else []
    prefix = "py" + python.replace(".", "") + "-"
    mine = [f for f in folders if f.name.startswith(prefix) and _this_os(f.name)]
    build = f"axiom-install vendor --python {python} --platform {_default_platform()}"
    label = f"vendor {python}"
    if not mine:
        report.fix(label, f"no vendor folder for Python {python} ({', '.join(users)})", build)
    for folder in mine:
        missing = _missing_modules(folder, python)
        if missing:
            report.fix(label, f"{folder} cannot import {', '.join(missing)}", build)
        else:
            report.ok(label, f"{folder} has AXIOM and its dependencies ({', '.join(users)})")


def _missing_modules(folder: Path, python: str) -> list[str]:
    if python == "{}.{}".format(*sys.version_info[:2]):  # this ABI: really import them
        script = (
            "import importlib, sys; sys.path.insert(0, sys.argv[1]); missing = []\n"
            f"for name in {list(MODULES[:-1])!r}:\n"
            "    try: importlib.import_module(name)\n"
            "    except Exception: missing.append(name)\n"
            "print(','.join(missing))"
        )
        result = subprocess.run(
            [sys.executable, "-I", "-S", "-c", script, str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        missing = [name for name in result.stdout.strip().split(",") if name]
        if result.returncode:
            missing = missing or ["(the interpreter failed)"]
    else:
        missing = []
    finder = importlib.machinery.PathFinder
    missing += [n for n in MODULES if n not in missing and not finder.find_spec(n, [str(folder)])]
    return missing


def _this_os(name: str) -> bool:
    platform = name.split("-", 1)[1]
    if sys.platform.startswith("linux"):
        return platform.startswith("manylinux")
    if sys.platform == "win32":
        return platform.startswith("win")
    return platform.startswith("macosx")


def _default_platform() -> str:
    if sys.platform == "win32":
        return "win_amd64"
    if sys.platform == "darwin":
        return "macosx_11_0_arm64"
    return vendor.PLATFORMS[0]
