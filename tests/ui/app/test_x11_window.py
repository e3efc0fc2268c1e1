"""`axiom gui` on a real X server (Xvfb), not Qt's offscreen platform.

Qt's xcb plugin aborts the process (exit 250 through `axiom gui`) when a system library it
links is missing; the app must name every missing library and the apt-get line instead.
A library of the system cannot be hidden from the loader, so the missing-library case runs
on a copy of the plugin whose dependency is renamed to one no system has, and Qt is pointed
at that copy the way a user's QT_PLUGIN_PATH would.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from axiom_publisher.ui.xcb_libraries import (
    debian_package,
    missing_xcb_libraries,
    qt_plugins_path,
    unresolved_libraries,
    uses_xcb,
)
from tests.ui.app.x11 import (
    axiom_command,
    broken_plugin_tree,
    grab_screen,
    need_tool,
    wait_until,
    x11_environment,
    xdotool,
    xvfb,
)

HIDDEN, STAND_IN = "libxcb-icccm.so.4", "libxcb-axiom.so.4"  # same length, a made-up name


@pytest.fixture(scope="module")
def display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with xvfb(tmp_path_factory.mktemp("xvfb") / "xvfb.log") as name:
        yield name


@pytest.fixture(scope="module")
def broken_plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return broken_plugin_tree(tmp_path_factory.mktemp("qt-copy"), HIDDEN, STAND_IN)


def test_axiom_gui_opens_the_real_window_and_quits_with_ctrl_q(
    display: str, demo_home: Path, tmp_path: Path
) -> None:
    env = x11_environment(display, demo_home, tmp_path / "config")
    app = subprocess.Popen(
        [*axiom_command(), "gui"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        found = xdotool(env, "search", "--sync", "--onlyvisible", "--name", "^AXIOM Publisher$")
        window = found.split()[0]
        shell = dict(
            line.split("=", 1)
            for line in xdotool(env, "getwindowgeometry", "--shell", window).split()
        )
        assert (shell["WIDTH"], shell["HEIGHT"]) == ("1400", "850")  # the default size
        # The window belongs to the app process `axiom gui` started (its only child).
        owner = int(xdotool(env, "getwindowpid", window))
        parent = Path(f"/proc/{owner}/stat").read_text().rsplit(")", 1)[1].split()[1]
        assert int(parent) == app.pid
        # Qt painted it on the X server: the window's area is not one flat colour.
        left, top = int(shell["X"]), int(shell["Y"])

        def painted() -> bool:
            area = grab_screen(env)[top : top + 850, left : left + 1400]
            return len(set(map(tuple, area.reshape(-1, 3)[::97]))) > 20

        wait_until(painted, 30, "the window to be painted")
        xdotool(env, "windowfocus", "--sync", window)
        xdotool(env, "key", "--clearmodifiers", "ctrl+q")
        out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err.decode()
    assert b"Traceback" not in err, err.decode()


def test_axiom_gui_names_the_missing_libraries_instead_of_aborting(
    display: str, demo_home: Path, tmp_path: Path, broken_plugins: Path
) -> None:
    env = x11_environment(display, demo_home, tmp_path / "config")
    env["QT_PLUGIN_PATH"] = str(broken_plugins)
    result = subprocess.run(
        [*axiom_command(), "gui"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 3, result.stderr  # Qt's abort made it 250
    plugin = broken_plugins / "platforms" / "libqxcb.so"
    assert result.stderr.splitlines() == [
        f"axiom-publisher: cannot open a window: Qt's X11 platform plugin {plugin} needs "
        f"{STAND_IN}, which this system lacks (Qt would abort).",
        "Install them, then run again:",
        "    sudo apt-get install -y libxcb-axiom4",
    ]


def test_the_check_follows_the_plugin_qt_would_load(broken_plugins: Path, tmp_path: Path) -> None:
    installed = qt_plugins_path()
    env = {"DISPLAY": ":1", "QT_PLUGIN_PATH": str(broken_plugins)}
    missing = missing_xcb_libraries(env, "linux", installed)
    assert missing is not None
    assert missing.sonames == (STAND_IN,)
    assert missing.packages == ("libxcb-axiom4",)
    # The app's loader search path counts: a folder on LD_LIBRARY_PATH holds the stand-in.
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / STAND_IN).symlink_to(resolved_libraries(installed_plugin())[HIDDEN])
    found = {**env, "LD_LIBRARY_PATH": str(folder)}
    assert missing_xcb_libraries(found, "linux", installed) is None
    # QT_QPA_PLATFORM_PLUGIN_PATH: Qt falls back to the installed plugin, which loads.
    fallback = {"DISPLAY": ":1", "QT_QPA_PLATFORM_PLUGIN_PATH": str(broken_plugins / "platforms")}
    assert missing_xcb_libraries(fallback, "linux", installed) is None
    # Not xcb: nothing to check, whatever the plugin lacks.
    for other in ({"QT_QPA_PLATFORM": "offscreen"}, {"QT_QPA_PLATFORM": "wayland"}):
        assert missing_xcb_libraries({**env, **other}, "linux", installed) is None
    assert missing_xcb_libraries(env, "darwin", installed) is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb:nomitshm;offscreen", "DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({}, False),
    ],
)
def test_uses_xcb(env: dict[str, str], expected: bool) -> None:
    assert uses_xcb(env) is expected


def test_package_names_are_the_packages_that_hold_the_plugins_libraries() -> None:
    """Every system library the installed plugin loads, mapped to a package name, is that
    library's package here (or a name it provides, as Ubuntu's t64 packages do)."""
    need_tool("dpkg-query")
    binding = Path(qt_plugins_path()).parent.resolve()
    system = {
        name: path
        for name, path in resolved_libraries(installed_plugin()).items()
        if binding not in path.resolve().parents
    }
    assert "libxcb-cursor.so.0" in system and "libxcb-keysyms.so.1" in system
    owners = packages_of(list(system.values()))
    for soname, path in system.items():
        names = owners[path.name]
        assert debian_package(soname) in names, (soname, names)


def installed_plugin() -> Path:
    plugin = Path(qt_plugins_path()) / "platforms" / "libqxcb.so"
    assert unresolved_libraries(plugin) == (), "tests/run installs every library it needs"
    return plugin


def resolved_libraries(binary: Path) -> dict[str, Path]:
    """Soname -> the file the loader picks for it, for every library `binary` loads (ldd)."""
    listing = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True)
    pairs = [line.split(" => ") for line in listing.stdout.splitlines() if " => /" in line]
    return {name.strip(): Path(path.split(" (")[0]) for name, path in pairs}


def packages_of(paths: Sequence[Path]) -> dict[str, set[str]]:
    """File name -> the package that installed it and the names that package provides
    (with merged /usr, dpkg knows a library under /lib or under /usr/lib)."""
    candidates = []
    for path in paths:
        text = str(path)
        candidates += [text, text[len("/usr") :] if text.startswith("/usr/") else f"/usr{text}"]
    listing = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True)
    owner = {}
    for line in listing.stdout.splitlines():
        package, _, file = line.partition(": ")
        owner[Path(file).name] = package.split(":")[0]
    query = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package}\\t${Provides}\\n", *set(owner.values())],
        capture_output=True,
        text=True,
        check=True,
    )
    provides = {}
    for line in query.stdout.splitlines():
        package, _, names = line.partition("\t")
        provides[package] = {item.split()[0] for item in names.split(",") if item.strip()}
    missing = [path for path in paths if Path(path).name not in owner]
    assert not missing, f"no package owns {missing}"
    return {name: {package, *provides.get(package, set())} for name, package in owner.items()}
