"""A small, stateful fake of Maya's Python modules, faithful to the documented API, for the
Maya adapter's tests and the host contract suite.

Use it from a fixture:

    from tests.hosts.fakes import maya as fake_maya

    @pytest.fixture
    def maya_scene(monkeypatch):
        scene = fake_maya.install(monkeypatch)  # a fresh, untitled interactive session
        yield scene
        scene.close()  # deletes the fake main window (made only if something asked for it)

`install(monkeypatch) -> FakeMayaScene` puts `maya`, `maya.cmds`, `maya.mel`,
`maya.OpenMayaUI` and `maya.utils` into sys.modules (undone with the monkeypatch). The thread
that calls it is Maya's main thread: maya.cmds called from any other thread raises, as in
Maya. What exists:

- maya.cmds: file (q sceneName / modified, save, rename), getAttr / setAttr, ls (type=),
  listRelatives (parent / children: None when empty), renderSettings (firstImageName,
  lastImageName, genericFrameImageName, fullPath, layer, camera: imageFilePrefix tokens
  <Scene> <RenderLayer> <Layer> <Camera>), workspace (q rootDirectory, fileRuleEntry),
  currentUnit (time), currentTime, editRenderLayerGlobals (currentRenderLayer),
  colorManagementPrefs (cmEnabled, renderingSpaceName, outputTransformEnabled / Name with
  outputTarget), about (batch, version), window (exists), menu, menuItem, deleteUI,
  evalDeferred (priorities, list);
- maya.mel.eval("$gMainWindow") (and `$x = $gMainWindow`), maya.mel.MelError;
- maya.OpenMayaUI.MQtUtil.mainWindow(): the address (int) of a real QMainWindow whose
  objectName is "MayaWindow" (needs a QApplication; None in batch or during start-up);
- maya.utils: executeInMainThreadWithResult, executeDeferred, processIdleEvents.

Deferred calls wait in the scene's idle queue; they run when the main thread spins a Qt
event loop (qtbot.waitUntil, waitSignal), or at `scene.process_idle()` /
`maya.utils.processIdleEvents()`. Arrange scenes with the FakeMayaScene helpers
(`add_render_layer`, `add_camera`, `set_render_range`, `set_globals`, `set_scene_name`,
`start_up` / `finish_start_up`, `batch`, `time_unit`, `color_management`) and inspect what
the code did through `menus` / `menu(name)`, `saved_paths`, `modified`, `pending()`.
"""

from __future__ import annotations

import sys

import pytest

from tests.hosts.fakes.maya.modules import MelError, build_modules
from tests.hosts.fakes.maya.scene import FakeMayaScene, Menu, MenuItem

__all__ = ["FakeMayaScene", "MelError", "Menu", "MenuItem", "install"]


def install(monkeypatch: pytest.MonkeyPatch, workspace: str = "/projects/default") -> FakeMayaScene:
    """Put a fresh fake Maya (one untitled scene) into sys.modules and return its scene."""
    scene = FakeMayaScene(workspace)
    for name, module in build_modules(scene).items():
        monkeypatch.setitem(sys.modules, name, module)
    return scene
