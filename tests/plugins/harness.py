"""Run the real bootstrap files of plugins/ in a fresh interpreter (-I -S) inside a fake host.

The AXIOM folder is a temporary one: plugins/ links to the checkout's, and its vendor folder for
this Python holds a recording `qtpy` (it notes QT_API when it is imported) and a stand-in
`axiom_publisher.ui.launch` (it imports qtpy, as the real one does, and records its calls, as
does the stand-in Houdini adapter's `run_command`).
"Host site-packages" hold fake PySide2/PySide6 packages that note it if anything imports them.
Host modules (nuke, maya.cmds/maya.utils, hou/hdefereval) are tiny stubs built per run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
VENDOR = "py{}{}-manylinux_2_28_x86_64".format(*sys.version_info[:2])

QTPY = """
import os, sys
seen = os.environ.get("QT_API")
"""
LAUNCH_OK = """
import qtpy
calls = []

def install(host):
    calls.append(("install", host, qtpy.seen))

"""
HOUDINI_ADAPTER = """
import qtpy
from axiom_publisher.ui import launch

def run_command(label):
    launch.calls.append(("run_command", label, qtpy.seen))
"""
LAUNCH_BROKEN = """
raise ImportError("No module named 'av' (the vendor folder is incomplete)")
"""
BINDING = """
import os
with open(os.path.join(os.path.dirname(__file__), "..", "imported.txt"), "a") as f:
    f.write(__name__ + "\\n")
"""

HOSTS = {
    "nuke": """
        nuke = types.ModuleType("nuke")
        nuke.NUKE_VERSION_MAJOR = SPEC.get("version", 16)
        nuke.GUI = SPEC.get("gui", True)
        nuke.pluginAddPath = lambda path: None
        sys.modules["nuke"] = nuke
    """,
    "maya": """
        maya = types.ModuleType("maya")
        cmds = types.ModuleType("maya.cmds")
        utils = types.ModuleType("maya.utils")
        def about(batch=False, apiVersion=False):
            return SPEC.get("batch", False) if batch else SPEC.get("api", 20250000)
        cmds.about = about
        utils.executeDeferred = DEFERRED.append
        maya.cmds, maya.utils = cmds, utils
        sys.modules.update({"maya": maya, "maya.cmds": cmds, "maya.utils": utils})
    """,
    "houdini": """
        hou = types.ModuleType("hou")
        hou.isUIAvailable = lambda: SPEC.get("gui", True)
        hou.applicationVersion = lambda: tuple(SPEC.get("version", (21, 0, 440)))
        hdefereval = types.ModuleType("hdefereval")
        hdefereval.executeDeferred = DEFERRED.append
        sys.modules.update({"hou": hou, "hdefereval": hdefereval})
    """,
}

SCRIPT = """
import json, os, runpy, sys, types
SPEC = json.loads(sys.argv[1])
DEFERRED = []
sys.path.insert(0, SPEC["host_site"])
{host}
result = {{"returned": []}}
for code in SPEC["run"]:
    if code.endswith(".py"):
        runpy.run_path(code, run_name="__main__")
    else:
        exec(code, {{}})
result["deferred_before_run"] = len(DEFERRED)
result["launch_before_deferred"] = "axiom_publisher.ui.launch" in sys.modules
for function in DEFERRED:
    function()
launch = sys.modules.get("axiom_publisher.ui.launch")
result["calls"] = getattr(launch, "calls", None)
result["qt_api"] = os.environ.get("QT_API")
result["qtpy_imported"] = "qtpy" in sys.modules
result["vendor_on_path"] = [p for p in sys.path if p.endswith("{vendor}")]
print("RESULT " + json.dumps(result))
"""


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stderr: str
    result: dict[str, object]
    bindings_imported: list[str]

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if "AXIOM WARNING" in line]


def make_root(tmp: Path, launch: str | None = LAUNCH_OK, bindings: tuple[str, ...] = ()) -> Path:
    """A fake AXIOM folder (plugins/ from the checkout) and a host site with `bindings`."""
    root = tmp / "root"
    root.mkdir()
    (root / "plugins").symlink_to(PLUGINS, target_is_directory=True)
    if launch is not None:
        vendor = root / "vendor" / VENDOR
        _write(vendor / "qtpy" / "__init__.py", QTPY)
        _write(vendor / "axiom_publisher" / "__init__.py", "")
        _write(vendor / "axiom_publisher" / "ui" / "__init__.py", "")
        _write(vendor / "axiom_publisher" / "ui" / "launch.py", launch)
        _write(vendor / "axiom_publisher" / "hosts" / "__init__.py", "")
        _write(vendor / "axiom_publisher" / "hosts" / "houdini.py", HOUDINI_ADAPTER)
    site = tmp / "host_site"
    site.mkdir()
    for binding in bindings:
        _write(site / binding / "__init__.py", BINDING)
    return root


def run_in_host(
    tmp: Path, host: str, files: list[str], spec: dict[str, object] | None = None, **env: str
) -> Outcome:
    """Run `files` (plugin files, relative to plugins/, or Python statements) in a fake host."""
    run = [str(PLUGINS / f) if f.endswith(".py") else f for f in files]
    spec = {**(spec or {}), "host_site": str(tmp / "host_site"), "run": run}
    script = SCRIPT.format(host=textwrap.dedent(HOSTS[host]), vendor=VENDOR)
    environ = {"PATH": os.environ.get("PATH", ""), "AXIOM_ROOT": str(tmp / "root"), **env}
    completed = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, json.dumps(spec)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
        timeout=60,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("RESULT ")]
    result = json.loads(lines[-1][len("RESULT ") :]) if lines else {}
    imported = tmp / "host_site" / "imported.txt"
    seen = imported.read_text().split() if imported.exists() else []
    return Outcome(completed.returncode, completed.stderr, result, seen)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
