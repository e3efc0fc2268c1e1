"""`axiom-install vendor`: vendor/py<XY>-<platform>/ holds AXIOM's runtime dependencies and
AXIOM itself for one host Python ABI, installed by pip from binary wheels only.

The dependencies are pyproject's [project] dependencies (their markers evaluated for the target
Python, not the one running pip) plus qtpy (pure Python: the host brings the binding). Never a Qt
binding: PySide/shiboken in the result fail the build. The folder is built beside its final
place and renamed over it, so a host never sees half a folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import InstallError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PYTHONS = ("3.10", "3.11", "3.12", "3.13")
# Linux hosts of VFX Reference Platform CY2023+ (RHEL/Rocky 8+, glibc 2.28): manylinux_2_28.
PLATFORMS = ("manylinux_2_28_x86_64", "manylinux2014_x86_64", "win_amd64", "macosx_11_0_arm64")
FORBIDDEN = ("pyside", "shiboken", "pyqt")  # the host's own Qt binding is the only one
_PLATFORM = re.compile(r"^(manylinux_2_\d+_\w+|manylinux2014_\w+|win_amd64|macosx_\d+_\d+_\w+)$")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def folder_name(python: str, platform: str) -> str:
    return "py" + python.replace(".", "") + "-" + platform


def pip_platforms(platform: str) -> list[str]:
    """pip takes one exact tag per --platform: a manylinux_2_N tag also accepts every older one."""
    match = re.match(r"^manylinux_2_(\d+)_(\w+)$", platform)
    if not match:
        return [platform]
    newest, arch = int(match.group(1)), match.group(2)
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(newest, 4, -1)]
    tags += [f"manylinux2014_{arch}"] if newest >= 17 else []
    return tags


def requirements(root: Path, python: str) -> list[str]:
    """The runtime requirements for a target Python X.Y (markers evaluated for it), plus qtpy."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    chosen = []
    for requirement in project["dependencies"]:
        spec, _, marker = requirement.partition(";")
        if not marker.strip() or _marker_holds(marker, python):
            chosen.append(spec.strip())
    for requirement in project.get("optional-dependencies", {}).get("app", []):
        if _name(requirement) == "qtpy":
            chosen.append(requirement.partition(";")[0].strip())
    for requirement in chosen:
        if any(_name(requirement).startswith(word) for word in FORBIDDEN):
            raise InstallError(f"{requirement}: a Qt binding never goes into a vendor folder")
    return chosen


def build(
    root: Path, python: str, platform: str, dest: Path | None, pip_python: str = sys.executable
) -> Path:
    if python not in PYTHONS:
        raise InstallError(f"--python {python}: one of {', '.join(PYTHONS)}")
    if not _PLATFORM.match(platform):
        raise InstallError(f"--platform {platform}: a wheel platform tag such as {PLATFORMS[0]}")
    dest = (dest or root / "vendor" / folder_name(python, platform)).resolve()
    staging = dest.with_name(f".{dest.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    pip = [pip_python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    pip += ["--no-compile", "--target", str(staging)]
    binary = ["--only-binary=:all:", "--implementation", "cp", "--python-version", python]
    for tag in pip_platforms(platform):
        binary += ["--platform", tag]
    try:
        _run([*pip, *binary, *requirements(root, python)], "the dependencies")
        _run([*pip, "--no-deps", str(root)], "axiom_publisher")  # pure Python: any ABI
        for scripts in ("bin", "Scripts"):  # console scripts for pip's Python, not the host's
            shutil.rmtree(staging / scripts, ignore_errors=True)
        check(staging)
        (staging / "AXIOM_VENDOR.txt").write_text(
            f"python={python}\nplatform={platform}\n", encoding="utf-8"
        )
        old = dest.with_name(f".{dest.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if dest.exists():
            dest.rename(old)
        staging.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest


def check(folder: Path) -> None:
    """InstallError when a Qt binding got in, or AXIOM or a dependency is missing."""
    names = [child.name.lower() for child in folder.iterdir()]
    bad = sorted(name for name in names if name.startswith(FORBIDDEN))
    if bad:
        raise InstallError(f"{folder}: a Qt binding got into the vendor folder: {', '.join(bad)}")
    if "axiom_publisher" not in names:
        raise InstallError(f"{folder}: axiom_publisher is missing")


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-8:])
        raise InstallError(f"pip could not install {what}:\n{tail}")


def _name(requirement: str) -> str:
    match = _NAME.match(requirement)
    return match.group(1).lower().replace("_", "-") if match else ""


def _marker_holds(marker: str, python: str) -> bool:
    """Evaluate python_version markers for the target; other markers need `packaging`."""
    try:
        from packaging.markers import Marker
    except ImportError:  # pragma: no cover - packaging comes with pip's usual companions
        raise InstallError(f"cannot evaluate the marker {marker!r} without `packaging`") from None
    environment = {"python_version": python, "python_full_version": f"{python}.0"}
    return Marker(marker.strip()).evaluate(environment)
