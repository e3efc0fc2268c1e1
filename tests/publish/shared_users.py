"""Two real non-root users in one shared group, for the tests of a publish area several
artists share. Made with groupadd/useradd (unique names) and removed afterwards; they need
root: the tests skip elsewhere, except on CI (CI=true), where they must run."""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Studio:
    """A shared group, two artists in it, and a folder both can reach."""

    group: str
    gid: int
    artists: tuple[str, str]
    folder: Path

    def uid(self, user: str) -> int:
        return pwd.getpwnam(user).pw_uid


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)


@pytest.fixture
def studio() -> Iterator[Studio]:
    if os.geteuid() != 0:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("the two-user tests must run on CI, which runs them as root")
        pytest.skip("needs root to create two users and a group (useradd/groupadd); CI runs it")
    for tool in ("groupadd", "useradd", "userdel", "groupdel", "runuser"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing (Debian's passwd and util-linux packages)")
    tag = secrets.token_hex(3)
    group, artists = f"axg{tag}", (f"axa{tag}", f"axb{tag}")
    folder = Path(tempfile.mkdtemp(prefix="axiom-studio-", dir="/tmp"))
    folder.chmod(0o755)  # traversable by both artists (pytest's tmp_path is private to root)
    made: list[str] = []
    try:
        _run("groupadd", group)
        for artist in artists:
            _run("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin",
                 "--groups", group, artist)  # fmt: skip
            made.append(artist)
        yield Studio(group, grp.getgrnam(group).gr_gid, artists, folder)
    finally:
        for artist in made:
            subprocess.run(["userdel", artist], capture_output=True, timeout=60)
        subprocess.run(["groupdel", group], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def _reachable_by_all(path: Path) -> bool:
    """Every folder above `path` can be entered, and the file run, by any user."""
    real = Path(os.path.realpath(path))
    folders_ok = all(os.stat(folder).st_mode & 0o001 for folder in real.parents)
    return folders_ok and bool(os.stat(real).st_mode & 0o001)


def artist_code(code: str) -> list[str]:
    """`python -c CODE` for another user, with this venv's packages importable."""
    command = artist_python()
    if command[0] == sys.executable:
        return [sys.executable, "-c", code]
    packages = sysconfig.get_paths()["purelib"]
    return [command[0], "-c", f"import site; site.addsitedir({packages!r})\n{code}"]


def artist_python() -> list[str]:
    """How another user runs this venv's Python: its interpreter when every user can reach
    it (a venv of the system Python, as tests/run makes on CI); else (an interpreter under
    /root, e.g. pyenv) the system Python of the same version with the venv's packages."""
    if _reachable_by_all(Path(sys.executable)):
        return [sys.executable]
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if not system.is_file() or not _reachable_by_all(system):
        pytest.skip(
            f"{sys.executable} lies where other users cannot run it, and there is no {system}"
        )
    packages = sysconfig.get_paths()["purelib"]
    bootstrap = (
        f"import runpy, site, sys; site.addsitedir({packages!r}); sys.argv[0] = 'axiom'; "
        "runpy.run_module('axiom_publisher', run_name='__main__', alter_sys=True)"
    )
    return [str(system), "-c", bootstrap]


def as_user(
    user: str, command: list[str], env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Run `command` as `user` (its groups initialised, umask 022), like a login would."""
    return subprocess.run(
        ["runuser", "-u", user, "--", "sh", "-c", 'umask 022 && exec "$@"', "sh", *command],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
