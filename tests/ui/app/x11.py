"""A real X server for tests: Xvfb on a free display number, and the tools that drive it.

Xvfb picks the display number itself (`-displayfd`), so parallel runs and a desktop's own
display never collide. Without Xvfb the tests skip locally and fail on CI (tests/run
installs Debian's xvfb and xdotool).
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from axiom_publisher.ui.xcb_libraries import qt_plugins_path

SCREEN = (1920, 1080)


def need_tool(name: str) -> str:
    """The path of the program `name`; skips the test without it (fails on CI)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (tests/run installs it from Debian's packages)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextmanager
def xvfb(log: Path) -> Iterator[str]:
    """Start Xvfb on the first free display; yield its DISPLAY (":N"); stop it."""
    read_end, write_end = os.pipe()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [need_tool("Xvfb"), "-displayfd", str(write_end), "-nolisten", "tcp"]
            + ["-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24"],
            pass_fds=(write_end,),
            stdout=output,
            stderr=output,
        )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 30)
        number = os.read(read_end, 32).decode().strip() if ready else ""
        assert number.isdigit(), f"Xvfb did not report its display: {log.read_text()}"
        yield f":{number}"
    finally:
        os.close(read_end)
        server.terminate()
        server.wait(timeout=30)


def x11_environment(display: str, home: Path, config: Path) -> dict[str, str]:
    """This process's environment for an app on `display` with the xcb platform: no Qt
    platform or plugin overrides, no Wayland, AXIOM's data in `home`, user state in `config`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not (name.startswith(("QT_", "AXIOM_")) and name != "QT_API")
    }
    env.pop("WAYLAND_DISPLAY", None)
    env.update(
        DISPLAY=display,
        AXIOM_DATA_DIR=str(home / "data"),
        AXIOM_USER_CONFIG=str(home / "none.toml"),
        XDG_CONFIG_HOME=str(config),
    )
    return env


def axiom_command() -> list[str]:
    """The installed `axiom` console script beside this Python (what the README runs)."""
    script = Path(sys.executable).parent / "axiom"
    assert script.is_file(), f"{script} is missing: install the project (pip install -e .)"
    return [str(script)]


def xdotool(env: dict[str, str], *args: str, timeout: float = 30) -> str:
    result = subprocess.run(
        [need_tool("xdotool"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return result.stdout


def grab_screen(env: dict[str, str]) -> np.ndarray:
    """The X screen as an RGB array (FFmpeg's x11grab)."""
    width, height = SCREEN
    result = subprocess.run(
        [need_tool("ffmpeg"), "-v", "error", "-f", "x11grab", "-video_size", f"{width}x{height}"]
        + ["-i", env["DISPLAY"], "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        env=env,
        capture_output=True,
        timeout=30,
        check=True,
    )
    return np.frombuffer(result.stdout, np.uint8).reshape(height, width, 3)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def broken_plugin_tree(folder: Path, hidden: str, stand_in: str) -> Path:
    """A copy of the binding's plugins/platforms/libqxcb.so under `folder`/plugins whose
    dependency `hidden` is renamed `stand_in` (same length, a library no system has), with
    `folder`/lib pointing at the binding's own Qt libraries (the plugin's RUNPATH). Qt loads
    it first when QT_PLUGIN_PATH names `folder`/plugins. Returns that plugins folder."""
    assert len(hidden) == len(stand_in)
    plugins = Path(qt_plugins_path())
    original = (plugins / "platforms" / "libqxcb.so").read_bytes()
    name, replacement = f"\0{hidden}\0".encode(), f"\0{stand_in}\0".encode()
    assert original.count(name) == 1, f"libqxcb.so does not name {hidden} once"
    platforms = folder / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (platforms / "libqxcb.so").write_bytes(original.replace(name, replacement))
    (folder / "lib").symlink_to(plugins.parent / "lib")
    return folder / "plugins"
