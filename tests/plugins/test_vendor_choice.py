"""Which vendor folder the bootstrap puts on sys.path: the running Python's, for this OS and
machine, the newest manylinux this glibc can load."""

from __future__ import annotations

import importlib.util
import platform
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.plugins.harness import PLUGINS

PY = "py{}{}".format(*sys.version_info[:2])


def bootstrap() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "axiom_bootstrap_under_test", PLUGINS / "common" / "axiom_bootstrap.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.machine() != "x86_64",
    reason="the folder names below are Linux x86_64 ones",
)
def test_the_newest_loadable_manylinux_folder_of_this_python_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    glibc = tuple(int(part) for part in platform.libc_ver()[1].split("."))
    names = [
        f"{PY}-manylinux2014_x86_64",
        f"{PY}-manylinux_2_28_x86_64",
        f"{PY}-manylinux_2_{glibc[1] + 1}_x86_64",  # newer than this glibc: cannot load
        f"{PY}-manylinux_2_28_aarch64",  # another machine
        f"{PY}-win_amd64",
        "py39-manylinux_2_28_x86_64",  # another Python
    ]
    for name in names:
        (tmp_path / name).mkdir()
    monkeypatch.setenv("AXIOM_VENDOR_DIR", str(tmp_path))
    module = bootstrap()
    assert module.vendor_dir() == str(tmp_path / f"{PY}-manylinux_2_28_x86_64")
    (tmp_path / f"{PY}-manylinux_2_28_x86_64").rmdir()
    assert module.vendor_dir() == str(tmp_path / f"{PY}-manylinux2014_x86_64")
    (tmp_path / f"{PY}-manylinux2014_x86_64").rmdir()
    assert module.vendor_dir() is None
