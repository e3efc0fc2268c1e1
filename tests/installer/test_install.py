"""What `axiom-install install` writes for each host and scope (golden files), idempotence,
clean uninstall, dry runs, and refusals (DCC install folders, files it did not write)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.installer.helpers import GOLDEN, ROOT, normalise, render_tree, run, snapshot

CASES = [(host, scope) for host in ("nuke", "maya", "houdini") for scope in ("user", "studio")]


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    """A home with Houdini 19.5 (too old for AXIOM), 20.5 and 21.0 preferences folders."""
    for version in ("19.5", "20.5", "21.0"):
        (tmp_path / "home" / f"houdini{version}").mkdir(parents=True)
    (tmp_path / "home" / ".bashrc").write_text("# the user's own\n", encoding="utf-8")
    return tmp_path


def scope_args(scope: str, tmp: Path) -> list[str]:
    return ["--scope", "studio", "--prefix", str(tmp / "studio")] if scope == "studio" else []


@pytest.mark.parametrize(("host", "scope"), CASES)
def test_install_writes_the_golden_files(tmp: Path, host: str, scope: str) -> None:
    code, out = run(tmp, "install", "--host", host, *scope_args(scope, tmp))
    assert code == 0, out
    actual = f"$ axiom-install install --host {host} --scope {scope}\n{normalise(out, tmp)}"
    actual += render_tree(tmp, tmp).replace("--- {TMP}/home/.bashrc\n# the user's own\n", "")
    golden = GOLDEN / f"{host}-{scope}.txt"
    if os.environ.get("AXIOM_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(("host", "scope"), CASES)
def test_install_twice_equals_once_and_uninstall_restores_the_tree(
    tmp: Path, host: str, scope: str
) -> None:
    before = snapshot(tmp)
    assert run(tmp, "install", "--host", host, *scope_args(scope, tmp))[0] == 0
    once = snapshot(tmp)
    code, out = run(tmp, "install", "--host", host, *scope_args(scope, tmp))
    assert code == 0
    assert snapshot(tmp) == once
    assert "wrote" not in out and "appended" not in out
    code, out = run(tmp, "uninstall", "--host", host, *scope_args(scope, tmp))
    assert code == 0
    assert snapshot(tmp) == before
    assert run(tmp, "uninstall", "--host", host, *scope_args(scope, tmp)) == (0, "nothing to do\n")


def test_all_hosts_user_scope_round_trip(tmp: Path) -> None:
    before = snapshot(tmp)
    code, out = run(tmp, "install")
    assert code == 0
    hosts = [line.split("]")[0].lstrip("[") for line in out.splitlines()]
    assert hosts == ["nuke", "maya", "houdini", "houdini"]
    assert "houdini19.5" not in out  # Python 3.9: AXIOM does not run there
    assert run(tmp, "uninstall")[0] == 0
    assert snapshot(tmp) == before


@pytest.mark.parametrize("command", ["install", "uninstall"])
def test_dry_run_writes_nothing(tmp: Path, command: str) -> None:
    if command == "uninstall":
        assert run(tmp, "install")[0] == 0
    before = snapshot(tmp)
    code, out = run(tmp, command, "--dry-run")
    assert code == 0
    assert snapshot(tmp) == before
    verb = "write" if command == "install" else "remove"
    assert f"[maya] would {verb} {tmp / 'home' / 'maya' / 'modules' / 'axiom.mod'}" in out
    assert out.count("would") == 4  # nuke, maya, two Houdini versions


def test_nuke_block_joins_an_existing_init_and_leaves_it_byte_identical(tmp: Path) -> None:
    init = tmp / "home" / ".nuke" / "init.py"
    init.parent.mkdir()
    original = b"import nuke\nnuke.knobDefault('Blur.size', '3')"  # no final newline
    init.write_bytes(original)
    assert run(tmp, "install", "--host", "nuke")[0] == 0
    text = init.read_text(encoding="utf-8")
    assert text.startswith(original.decode() + "\n\n# >>> axiom-install: created=0 joined=2 >>>")
    assert f'pluginAddPath("{(ROOT / "plugins" / "nuke").as_posix()}")' in text
    compile(text, str(init), "exec")  # still a valid Python file
    init.write_text(text + "# the user adds a line after ours\n", encoding="utf-8")
    assert run(tmp, "uninstall", "--host", "nuke")[0] == 0
    assert init.read_bytes() == original + b"# the user adds a line after ours\n"


def test_a_file_it_did_not_write_is_neither_overwritten_nor_removed(tmp: Path) -> None:
    mod = tmp / "home" / "maya" / "modules" / "axiom.mod"
    mod.parent.mkdir(parents=True)
    mod.write_text("+ AXIOM 0.9 /somewhere/else\n", encoding="utf-8")
    before = snapshot(tmp)
    code, _ = run(tmp, "install", "--host", "maya")
    assert code == 2
    assert snapshot(tmp) == before
    code, out = run(tmp, "uninstall", "--host", "maya")
    assert code == 0
    assert "kept" in out and "not written by axiom-install" in out
    assert snapshot(tmp) == before


def test_a_folder_the_user_filled_since_install_stays(tmp: Path) -> None:
    assert run(tmp, "install", "--host", "maya")[0] == 0
    other = tmp / "home" / "maya" / "modules" / "other.mod"
    other.write_text("+ OTHER 1.0 /other\n", encoding="utf-8")
    assert run(tmp, "uninstall", "--host", "maya")[0] == 0
    assert other.read_text(encoding="utf-8") == "+ OTHER 1.0 /other\n"
    assert not (tmp / "home" / "maya" / "modules" / "axiom.mod").exists()


@pytest.mark.parametrize(
    "inside",
    [
        "opt/hfs20.5.410/packages",
        "usr/autodesk/maya2025/modules",
        "usr/local/Nuke15.1v3/plugins",
        "Program Files/Side Effects Software/packages",
        "Applications/Houdini/Houdini20.5.410/packages",
    ],
)
def test_a_studio_prefix_inside_a_dcc_install_is_refused(tmp: Path, inside: str) -> None:
    before = snapshot(tmp)
    code, out = run(tmp, "install", "--scope", "studio", "--prefix", str(tmp / inside))
    assert code == 2
    assert out == ""  # refused before anything was written, for every host
    assert snapshot(tmp) == before


def test_user_scope_pointed_into_a_dcc_install_is_refused(tmp: Path) -> None:
    maya_install = tmp / "maya2025"
    environ = {"HOME": str(tmp / "home"), "MAYA_LOCATION": str(maya_install)}
    environ["MAYA_APP_DIR"] = str(maya_install / "prefs")
    before = snapshot(tmp)
    code, _ = run(tmp, "install", "--host", "maya", environ=environ)
    assert code == 2
    assert snapshot(tmp) == before


def test_user_scope_honours_maya_app_dir_and_houdini_user_pref_dir(tmp: Path) -> None:
    (tmp / "prefs" / "houdini20.5").mkdir(parents=True)
    env = environ = {
        "HOME": str(tmp / "home"),
        "MAYA_APP_DIR": str(tmp / "mayaprefs"),
        "HOUDINI_USER_PREF_DIR": str(tmp / "prefs" / "houdini__HVER__"),
    }
    code, out = run(tmp, "install", "--host", "maya", environ=environ)
    assert code == 0
    assert (tmp / "mayaprefs" / "modules" / "axiom.mod").is_file()
    code, out = run(tmp, "install", "--host", "houdini", "--houdini-version", "21.0", environ=env)
    assert code == 0
    assert (tmp / "prefs" / "houdini20.5" / "packages" / "axiom.json").is_file()
    assert (tmp / "prefs" / "houdini21.0" / "packages" / "axiom.json").is_file()
    assert not (tmp / "home" / "houdini20.5" / "packages").exists()


def test_env_prints_what_a_studio_sets(tmp: Path) -> None:
    before = snapshot(tmp)
    code, out = run(tmp, "env")
    assert code == 0
    plugins = (ROOT / "plugins").as_posix()
    assert f'export AXIOM_ROOT="{ROOT.as_posix()}"' in out
    assert f'export NUKE_PATH="{plugins}/nuke${{NUKE_PATH:+:$NUKE_PATH}}"' in out
    maya_path = "${MAYA_MODULE_PATH:+:$MAYA_MODULE_PATH}"
    assert f'export MAYA_MODULE_PATH="{plugins}/maya{maya_path}"' in out
    assert f'export HOUDINI_PACKAGE_DIR="{plugins}/houdini"' in out
    assert snapshot(tmp) == before  # and writes nothing


def test_doctor_says_what_to_fix_then_reports_the_registrations(tmp: Path) -> None:
    code, out = run(tmp, "doctor", "--host", "maya")
    assert code == 1
    assert "FIX  [maya] not registered" in out
    assert "-> axiom-install install --host maya --scope user" in out
    assert run(tmp, "install", "--host", "maya")[0] == 0
    code, out = run(tmp, "doctor", "--host", "maya")
    mod = tmp / "home" / "maya" / "modules" / "axiom.mod"
    assert f"ok   [maya] {mod} points at {ROOT}" in out
    assert "not registered" not in out


def test_doctor_finds_a_registration_whose_axiom_folder_moved(tmp: Path) -> None:
    mod = tmp / "home" / "maya" / "modules" / "axiom.mod"
    mod.parent.mkdir(parents=True)
    moved = tmp / "old-axiom"
    text = f"# axiom-install: created=1\n+ AXIOM 1.0 {moved}/plugins/maya\nAXIOM_ROOT={moved}\n"
    mod.write_text(text, encoding="utf-8")
    code, out = run(tmp, "doctor", "--host", "maya")
    assert code == 1
    assert f"FIX  [maya] {moved / 'plugins' / 'maya'} does not exist (moved?)" in out
