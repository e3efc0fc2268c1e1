"""The vendor folder for this machine's Python, built once per test session."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from installer import vendor
from installer.cli import main
from tests.installer.helpers import ROOT

PYTHON = "{}.{}".format(*sys.version_info[:2])
PLATFORM = "manylinux_2_28_x86_64"  # the Linux hosts of VFX Reference Platform CY2023+


@pytest.fixture(scope="session")
def vendor_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Built once per session through the command line (pip from the machine's index)."""
    if not sys.platform.startswith("linux"):
        pytest.fail("the vendor test builds a manylinux folder: run it on Linux x86_64")
    dest = tmp_path_factory.mktemp("vendor") / vendor.folder_name(PYTHON, PLATFORM)
    args = ["vendor", "--python", PYTHON, "--platform", PLATFORM, "--dest", str(dest)]
    assert main([*args, "--root", str(ROOT)], environ={}) == 0
    yield dest
    shutil.rmtree(dest)  # ~250 MB: not kept among pytest's last temporary folders
