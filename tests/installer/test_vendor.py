"""`axiom-install vendor` for this machine's Python: a fresh interpreter with only that folder
on its path imports AXIOM and its media and database dependencies; no Qt binding gets in."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from installer import vendor
from installer.cli import main
from installer.errors import InstallError
from tests.installer.conftest import PLATFORM, PYTHON
from tests.installer.helpers import ROOT


@pytest.mark.slow
def test_a_fresh_interpreter_imports_everything_from_the_vendor_folder(vendor_folder: Path) -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import av, numpy, sqlalchemy, psycopg, pymediainfo, axiom_publisher\n"
        "from axiom_publisher.media import probe\n"
        "print(av.__file__); print(numpy.__file__); print(sqlalchemy.__file__)\n"
        "print(psycopg.__file__); print(pymediainfo.__file__); print(axiom_publisher.__file__)\n"
        "print(psycopg.pq.__impl__, pymediainfo.MediaInfo.can_parse())\n"
        "print(sorted(name for name in sys.modules if name.lower().startswith(('pyside', 'shib'))))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, str(vendor_folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    *files, facts, qt = result.stdout.strip().splitlines()
    assert len(files) == 6
    for file in files:  # each one from the vendor folder, none from the machine's Python
        assert Path(file).is_relative_to(vendor_folder), file
    assert facts == "binary True"  # psycopg's C implementation, libmediainfo bundled
    assert qt == "[]"


@pytest.mark.slow
def test_the_vendor_folder_holds_no_qt_binding_and_no_scripts(vendor_folder: Path) -> None:
    names = sorted(child.name.lower() for child in vendor_folder.iterdir())
    assert not [name for name in names if name.startswith(("pyside", "shiboken", "pyqt"))]
    assert "qtpy" in names and "axiom_publisher" in names
    assert "bin" not in names and not list(vendor_folder.parent.glob(".*building"))
    marker = (vendor_folder / "AXIOM_VENDOR.txt").read_text(encoding="utf-8")
    assert marker == f"python={PYTHON}\nplatform={PLATFORM}\n"


def test_check_refuses_a_folder_a_qt_binding_got_into(tmp_path: Path) -> None:
    (tmp_path / "axiom_publisher").mkdir()
    vendor.check(tmp_path)
    (tmp_path / "shiboken6").mkdir()
    with pytest.raises(InstallError, match="shiboken6"):
        vendor.check(tmp_path)


def test_requirements_are_evaluated_for_the_target_python() -> None:
    for_310 = vendor.requirements(ROOT, "3.10")
    for_311 = vendor.requirements(ROOT, "3.11")
    assert any(r.startswith("tomli") for r in for_310)
    assert not any(r.startswith("tomli") for r in for_311)
    for wanted in ("av", "numpy", "sqlalchemy", "psycopg[binary]", "pymediainfo", "qtpy"):
        assert any(r.lower().startswith(wanted) for r in for_311), wanted
    assert not any(r.lower().startswith(("pyside", "shiboken")) for r in for_311 + for_310)


def test_a_manylinux_platform_also_accepts_older_glibc_tags() -> None:
    tags = vendor.pip_platforms("manylinux_2_28_x86_64")
    assert tags[0] == "manylinux_2_28_x86_64"
    assert "manylinux_2_17_x86_64" in tags and "manylinux2014_x86_64" in tags
    assert "manylinux_2_29_x86_64" not in tags
    assert vendor.pip_platforms("win_amd64") == ["win_amd64"]


def test_an_unknown_platform_is_refused_before_pip_runs(tmp_path: Path) -> None:
    args = ["vendor", "--python", PYTHON, "--platform", "linux_x86_64"]
    assert main([*args, "--dest", str(tmp_path / "v"), "--root", str(ROOT)], environ={}) == 2
    assert not (tmp_path / "v").exists()


@pytest.mark.slow
def test_doctor_imports_the_vendor_folder_of_this_python(
    vendor_folder: Path, tmp_path: Path
) -> None:
    environ = {"HOME": str(tmp_path), "AXIOM_VENDOR_DIR": str(vendor_folder.parent)}
    out = io.StringIO()
    args = ["doctor", "--host", "houdini", "--home", str(tmp_path), "--root", str(ROOT)]
    main([*args, "--houdini-version", "20.5"], environ=environ, out=out)
    assert (
        f"ok   [vendor {PYTHON}] {vendor_folder} has AXIOM and its dependencies" in out.getvalue()
    )


def test_doctor_names_what_a_vendor_folder_lacks(tmp_path: Path) -> None:
    folder = tmp_path / "vendor" / vendor.folder_name(PYTHON, PLATFORM)
    (folder / "axiom_publisher").mkdir(parents=True)
    (folder / "axiom_publisher" / "__init__.py").write_text("", encoding="utf-8")
    environ = {"HOME": str(tmp_path), "AXIOM_VENDOR_DIR": str(folder.parent)}
    out = io.StringIO()
    args = ["doctor", "--host", "houdini", "--home", str(tmp_path), "--root", str(ROOT)]
    assert main(args, environ=environ, out=out) == 1
    expected = (
        f"FIX  [vendor {PYTHON}] {folder} cannot import av, numpy, sqlalchemy, psycopg, "
        "pymediainfo, OpenEXR, qtpy\n"
    )
    assert expected in out.getvalue()
    assert f"-> axiom-install vendor --python {PYTHON} --platform {PLATFORM}" in out.getvalue()
