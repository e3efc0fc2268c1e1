"""The DCC bootstraps in (stub) hosts: QT_API is set before qtpy is imported, the binding follows
the host's version without importing it, a broken AXIOM prints one warning and never raises,
Maya defers its menu and skips batch mode, Houdini and Nuke set paths only without a UI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plugins.harness import LAUNCH_BROKEN, PLUGINS, VENDOR, make_root, run_in_host

NUKE = ["nuke/init.py", "nuke/menu.py"]
MAYA = ["maya/scripts/userSetup.py"]
HOUDINI = ["houdini/scripts/python/pythonrc.py"]


@pytest.mark.parametrize(
    ("host", "files", "spec"),
    [
        ("nuke", NUKE, {"version": 16}),
        ("maya", MAYA, {"api": 20250000}),
        ("houdini", HOUDINI, {"version": [21, 0, 440]}),
    ],
)
def test_qt_api_is_set_before_qtpy_is_imported_and_the_menu_installed(
    tmp_path: Path, host: str, files: list[str], spec: dict[str, object]
) -> None:
    make_root(tmp_path, bindings=("PySide6", "PySide2"))
    outcome = run_in_host(tmp_path, host, files, spec)
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.warnings == []
    assert outcome.result["calls"] == [["install", host, "pyside6"]]  # QT_API as qtpy saw it
    assert outcome.result["vendor_on_path"] and len(outcome.result["vendor_on_path"]) == 1
    assert outcome.bindings_imported == []  # found with find_spec, never imported


@pytest.mark.parametrize(
    ("host", "files", "spec"),
    [
        ("nuke", NUKE, {"version": 15}),
        ("maya", MAYA, {"api": 20240200}),
        ("houdini", HOUDINI, {"version": [20, 5, 410]}),
    ],
)
def test_older_hosts_get_pyside2_when_they_have_it(
    tmp_path: Path, host: str, files: list[str], spec: dict[str, object]
) -> None:
    make_root(tmp_path, bindings=("PySide6", "PySide2"))
    outcome = run_in_host(tmp_path, host, files, spec)
    assert outcome.result["calls"] == [["install", host, "pyside2"]]
    assert outcome.bindings_imported == []


def test_a_binding_the_host_lacks_is_never_chosen(tmp_path: Path) -> None:
    make_root(tmp_path, bindings=("PySide6",))
    outcome = run_in_host(tmp_path, "nuke", NUKE, {"version": 15})  # Nuke 15 asks for PySide2
    assert outcome.result["calls"] == [["install", "nuke", "pyside6"]]


def test_a_studio_qt_api_is_kept_when_that_binding_exists(tmp_path: Path) -> None:
    make_root(tmp_path, bindings=("PySide6", "PySide2"))
    outcome = run_in_host(tmp_path, "maya", MAYA, {"api": 20250000}, QT_API="pyside2")
    assert outcome.result["calls"] == [["install", "maya", "pyside2"]]


@pytest.mark.parametrize(("host", "files"), [("nuke", NUKE), ("maya", MAYA), ("houdini", HOUDINI)])
def test_a_failing_axiom_import_prints_one_warning_and_the_host_starts(
    tmp_path: Path, host: str, files: list[str]
) -> None:
    make_root(tmp_path, launch=LAUNCH_BROKEN, bindings=("PySide6",))
    outcome = run_in_host(tmp_path, host, files)
    assert outcome.returncode == 0, outcome.stderr
    assert "RESULT" not in outcome.stderr and outcome.result["calls"] is None
    assert len(outcome.warnings) == 1
    assert "ImportError: No module named 'av'" in outcome.warnings[0]
    assert f"axiom-install doctor --host {host}" in outcome.stderr
    assert "Traceback" not in outcome.stderr  # one clear warning, not a stack


def test_no_vendor_folder_for_this_python_is_one_warning(tmp_path: Path) -> None:
    make_root(tmp_path, launch=None)
    outcome = run_in_host(tmp_path, "houdini", HOUDINI)
    assert outcome.returncode == 0
    assert len(outcome.warnings) == 1
    assert "no vendor folder for Python" in outcome.warnings[0]
    assert outcome.result["deferred_before_run"] == 0  # nothing more was attempted


@pytest.mark.parametrize(("host", "files"), [("nuke", NUKE), ("maya", MAYA)])
def test_an_axiom_root_without_the_bootstrap_is_one_warning(
    tmp_path: Path, host: str, files: list[str]
) -> None:
    make_root(tmp_path)
    outcome = run_in_host(tmp_path, host, files, AXIOM_ROOT=str(tmp_path / "nowhere"))
    assert outcome.returncode == 0
    assert len(outcome.warnings) == 1
    assert "axiom_bootstrap" in outcome.warnings[0]
    assert outcome.result["calls"] is None


def test_the_debug_variable_adds_the_traceback(tmp_path: Path) -> None:
    make_root(tmp_path, launch=LAUNCH_BROKEN)
    outcome = run_in_host(tmp_path, "nuke", NUKE, AXIOM_BOOTSTRAP_DEBUG="1")
    assert len(outcome.warnings) == 1
    assert "Traceback (most recent call last)" in outcome.stderr


def test_maya_defers_the_menu_until_the_ui_is_up(tmp_path: Path) -> None:
    make_root(tmp_path, bindings=("PySide6",))
    outcome = run_in_host(tmp_path, "maya", MAYA)
    assert outcome.result["deferred_before_run"] == 1
    assert outcome.result["launch_before_deferred"] is False
    assert outcome.result["calls"] == [["install", "maya", "pyside6"]]


def test_maya_batch_mode_is_skipped(tmp_path: Path) -> None:
    make_root(tmp_path, bindings=("PySide6",))
    outcome = run_in_host(tmp_path, "maya", MAYA, {"batch": True})
    assert outcome.returncode == 0 and outcome.warnings == []
    assert outcome.result["deferred_before_run"] == 0
    assert outcome.result["calls"] is None and outcome.result["qtpy_imported"] is False


def test_houdini_without_ui_sets_paths_only(tmp_path: Path) -> None:
    make_root(tmp_path, bindings=("PySide2",))
    outcome = run_in_host(tmp_path, "houdini", HOUDINI, {"gui": False, "version": [20, 5, 410]})
    assert outcome.warnings == []
    assert outcome.result["deferred_before_run"] == 0 and outcome.result["calls"] is None
    assert outcome.result["vendor_on_path"] == [str(tmp_path / "root" / "vendor" / VENDOR)]
    assert outcome.result["qt_api"] == "pyside2"  # for whatever imports qtpy later


def test_houdini_with_ui_installs_deferred(tmp_path: Path) -> None:
    make_root(tmp_path, bindings=("PySide6",))
    outcome = run_in_host(tmp_path, "houdini", HOUDINI)
    assert outcome.result["deferred_before_run"] == 1
    assert outcome.result["launch_before_deferred"] is False
    assert outcome.result["calls"] == [["install", "houdini", "pyside6"]]


def test_nuke_terminal_mode_sets_paths_and_builds_no_menu(tmp_path: Path) -> None:
    make_root(tmp_path, bindings=("PySide2",))
    outcome = run_in_host(tmp_path, "nuke", NUKE, {"gui": False, "version": 15})
    assert outcome.warnings == []
    assert outcome.result["calls"] is None and outcome.result["qtpy_imported"] is False
    assert outcome.result["vendor_on_path"] == [str(tmp_path / "root" / "vendor" / VENDOR)]
    assert outcome.result["qt_api"] == "pyside2"


@pytest.mark.parametrize("source", ["shelf", "menu"])
def test_the_houdini_shelf_and_menu_run_the_registered_commands(
    tmp_path: Path, source: str
) -> None:
    from tests.plugins.test_registrations import menu_scripts, shelf_scripts

    make_root(tmp_path, bindings=("PySide6",))
    scripts = shelf_scripts() if source == "shelf" else menu_scripts()
    outcome = run_in_host(tmp_path, "houdini", [*HOUDINI, *scripts.values()])
    assert outcome.warnings == []
    assert outcome.result["calls"] == [
        ["run_command", "Publish…", "pyside6"],  # the labels of launch.install's commands
        ["run_command", "Review…", "pyside6"],
        ["install", "houdini", "pyside6"],  # the deferred menu runs once the UI is idle
    ]


def test_a_houdini_menu_item_without_axiom_is_one_warning(tmp_path: Path) -> None:
    from tests.plugins.test_registrations import menu_scripts

    make_root(tmp_path, launch=None)
    package_pythonpath = f"import sys; sys.path.append({str(PLUGINS / 'common')!r})"
    outcome = run_in_host(
        tmp_path, "houdini", [package_pythonpath, menu_scripts()["axiom_publish"]]
    )
    assert outcome.returncode == 0
    assert len(outcome.warnings) == 1 and "no vendor folder" in outcome.warnings[0]
