"""The Maya adapter against the stateful fake of maya.cmds / mel / OpenMayaUI / utils."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from axiom_publisher.core.errors import HostError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import WORKFILE_PRODUCT, Host, MenuCommand, OutputKind
from axiom_publisher.hosts import get_host
from axiom_publisher.hosts.maya import MayaHost, fps_from_time_unit, frame_pattern
from tests.hosts.fakes import maya as fake_maya


@pytest.fixture
def scene(monkeypatch: pytest.MonkeyPatch) -> Iterator[fake_maya.FakeMayaScene]:
    maya_scene = fake_maya.install(monkeypatch)
    yield maya_scene
    maya_scene.close()


@pytest.fixture
def host(scene: fake_maya.FakeMayaScene) -> MayaHost:
    return MayaHost()


def cmds() -> Any:
    import maya.cmds

    return maya.cmds


def lighting_scene(scene: fake_maya.FakeMayaScene, folder: Path) -> Path:
    """Frames 1001-1010 in EXR, layers beauty (renderable) and fx (not), cameras persp and
    shotCam renderable, top not; saved as sh010_lighting_v003.ma."""
    scene.set_render_range(1001, 1010, padding=4)
    scene.set_globals(imageFormat=40, imageFilePrefix="<Scene>/<RenderLayer>/<RenderLayer>")
    scene.add_render_layer("beauty")
    scene.add_render_layer("fx", renderable=False)
    scene.add_camera("shotCam", renderable=True)
    path = folder / "sh010_lighting_v003.ma"
    cmds().file(rename=str(path))
    cmds().file(save=True)
    return path


def test_the_registry_makes_a_maya_host_that_is_a_host(scene: fake_maya.FakeMayaScene) -> None:
    host = get_host("maya")
    assert isinstance(host, MayaHost)
    assert isinstance(host, Host)
    assert (host.identifier, host.display_name) == ("com.autodesk.maya", "Maya")


def test_a_new_untitled_scene_collects_one_frame_and_a_workfile_it_cannot_publish(
    host: MayaHost,
) -> None:
    render, workfile = host.collect()
    assert render.kind is OutputKind.RENDER and render.enabled
    assert render.node == "masterLayer (persp)"
    assert render.path == "/projects/default/images/untitled.iff"  # no frame number in it
    assert render.frame_range == FrameRange(1, 1)
    assert "single frame" in render.note
    assert render.colorspace == "ACEScg"
    assert workfile.kind is OutputKind.WORKFILE and not workfile.enabled
    assert workfile.product == WORKFILE_PRODUCT and "Save Scene As" in workfile.note
    assert host.scene_path() is None


def test_collect_gives_each_layer_and_renderable_camera_with_frame_tokens(
    scene: fake_maya.FakeMayaScene, host: MayaHost, tmp_path: Path
) -> None:
    saved = lighting_scene(scene, tmp_path)
    outputs = host.collect()
    enabled = [o for o in outputs if o.kind is OutputKind.RENDER and o.enabled]
    disabled = [o for o in outputs if o.kind is OutputKind.RENDER and not o.enabled]
    assert [o.node for o in enabled] == [
        "masterLayer (persp)",
        "masterLayer (shotCam)",
        "beauty (persp)",
        "beauty (shotCam)",
    ]
    assert [o.product for o in enabled] == [
        "masterLayer_persp",
        "masterLayer_shotCam",
        "beauty_persp",
        "beauty_shotCam",
    ]
    images = "/projects/default/images"
    assert enabled[3].path == f"{images}/shotCam/sh010_lighting_v003/beauty/beauty.####.exr"
    for output in enabled:
        assert output.frame_range == FrameRange(1001, 1010)
        assert output.colorspace == "ACEScg"
        assert output.note == ""
    # the pattern names exactly the images Maya says it renders
    for output, layer, camera in zip(
        enabled,
        ["defaultRenderLayer", "defaultRenderLayer", "rs_beauty", "rs_beauty"],
        ["persp", "shotCam", "persp", "shotCam"],
        strict=True,
    ):
        for flag, frame in (("firstImageName", 1001), ("lastImageName", 1010)):
            (name,) = cmds().renderSettings(fullPath=True, layer=layer, camera=camera, **{flag: 1})
            assert output.path.replace("####", f"{frame:04d}") == name
    assert [o.node for o in disabled] == ["fx (persp)", "fx (shotCam)"]
    assert all("not renderable" in o.note for o in disabled)
    assert outputs[-1].kind is OutputKind.WORKFILE and outputs[-1].enabled
    assert outputs[-1].path == str(saved) and outputs[-1].note == ""


def test_a_frame_number_in_the_prefix_is_not_taken_for_the_frame(
    scene: fake_maya.FakeMayaScene, host: MayaHost
) -> None:
    scene.set_render_range(1001, 1003, padding=4)
    scene.set_globals(imageFilePrefix="sh1001/<RenderLayer>_1001", imfPluginKey="exr")
    (render, _workfile) = host.collect()
    assert render.path == "/projects/default/images/sh1001/masterLayer_1001.####.exr"
    assert render.frame_range == FrameRange(1001, 1003)


def test_frame_pattern_paddings_and_a_name_without_the_frame() -> None:
    assert frame_pattern("/r/a.1.exr", "/r/a.10.exr", 1, 10, 1) == "/r/a.#.exr"
    assert frame_pattern("/r/a.-005.exr", "/r/a.0005.exr", -5, 5, 4) == "/r/a.####.exr"
    assert frame_pattern("C:\\r\\a.0101.exr", "C:/r/a.0101.exr", 101, 101, 4) == (
        "C:\\r\\a.####.exr"
    )
    with pytest.raises(HostError, match="frame 7"):
        frame_pattern("/r/a.exr", "/r/a.exr", 7, 9, 4)


def test_render_layers_of_referenced_scenes_are_not_collected(
    scene: fake_maya.FakeMayaScene, host: MayaHost
) -> None:
    scene.add_node("charA:defaultRenderLayer", "renderLayer", {"renderable": True})
    scene.add_node("charA:rs_beauty", "renderLayer", {"renderable": True})
    renders = [o for o in host.collect() if o.kind is OutputKind.RENDER]
    assert [o.node for o in renders] == ["masterLayer (persp)"]


def test_no_renderable_camera_is_a_disabled_output_saying_so(
    scene: fake_maya.FakeMayaScene, host: MayaHost
) -> None:
    cmds().setAttr("perspShape.renderable", False)
    render = host.collect()[0]
    assert render.kind is OutputKind.RENDER and not render.enabled
    assert render.path == "" and "no renderable camera" in render.note


def test_step_and_fractional_frames_are_noted(
    scene: fake_maya.FakeMayaScene, host: MayaHost
) -> None:
    scene.set_render_range(1001, 1020, padding=4)
    scene.set_globals(byFrameStep=2.0)
    assert host.collect()[0].note == "renders every 2 frames"


def test_colorspace_follows_colour_management(
    scene: fake_maya.FakeMayaScene, host: MayaHost
) -> None:
    prefs = cmds().colorManagementPrefs
    prefs(edit=True, outputTransformName="Rec.709 gamma", outputTarget="playblast")
    assert host.collect()[0].colorspace == "ACEScg"  # the playblast transform is not renders'
    prefs(edit=True, outputTransformEnabled=True, outputTarget="renderer")
    prefs(edit=True, outputTransformName="sRGB gamma", outputTarget="renderer")
    assert host.collect()[0].colorspace == "sRGB gamma"
    prefs(edit=True, cmEnabled=False)
    assert host.collect()[0].colorspace is None


@pytest.mark.parametrize(
    ("unit", "fps"),
    [
        ("game", 15.0),
        ("film", 24.0),
        ("pal", 25.0),
        ("ntsc", 30.0),
        ("show", 48.0),
        ("palf", 50.0),
        ("ntscf", 60.0),
        ("23.976fps", 24000 / 1001),
        ("29.97fps", 30000 / 1001),
        ("47.952fps", 48000 / 1001),
        ("59.94fps", 60000 / 1001),
        ("12fps", 12.0),
        ("120fps", 120.0),
        ("sec", None),
    ],
)
def test_scene_fps_from_the_time_unit(host: MayaHost, unit: str, fps: float | None) -> None:
    cmds().currentUnit(time=unit)
    assert host.scene_fps() == fps
    assert fps_from_time_unit(unit) == fps


def test_scene_resolution_from_default_resolution(host: MayaHost) -> None:
    assert host.scene_resolution() == (640, 480)
    cmds().setAttr("defaultResolution.width", 2048)
    cmds().setAttr("defaultResolution.height", 858)
    assert host.scene_resolution() == (2048, 858)


def test_saving_an_untitled_scene_says_what_to_do(
    scene: fake_maya.FakeMayaScene, host: MayaHost
) -> None:
    with pytest.raises(HostError, match="Save Scene As"):
        host.save_scene()
    assert scene.saved_paths == []


def test_save_scene_saves_where_it_is_and_clears_modified(
    scene: fake_maya.FakeMayaScene, host: MayaHost, tmp_path: Path
) -> None:
    path = lighting_scene(scene, tmp_path)
    cmds().setAttr("defaultResolution.width", 1920)
    assert host.scene_path() == path and host.scene_modified()
    assert "unsaved changes" in host.collect()[-1].note
    assert host.save_scene() == path
    assert not host.scene_modified()
    assert scene.saved_paths == [str(path), str(path)]
    assert "1920" in path.read_text(encoding="utf-8")


def test_a_save_maya_refuses_is_a_host_error(
    scene: fake_maya.FakeMayaScene, host: MayaHost, tmp_path: Path
) -> None:
    cmds().file(rename=str(tmp_path / "gone" / "shot.ma"))
    with pytest.raises(HostError, match="could not save"):
        host.save_scene()


def menu_commands(calls: list[str], *labels: str) -> list[MenuCommand]:
    return [MenuCommand(label, lambda label=label: calls.append(label)) for label in labels]


def test_add_menu_builds_the_menu_on_the_main_window_and_rebuilds_it_idempotently(
    scene: fake_maya.FakeMayaScene, host: MayaHost
) -> None:
    calls: list[str] = []
    host.add_menu("AXIOM", menu_commands(calls, "Publish...", "Browse..."))
    host.add_menu(
        "AXIOM", [*menu_commands(calls, "Publish..."), MenuCommand("Review", print, "Ctrl+Shift+R")]
    )
    assert list(scene.menus) == ["AXIOMMenu"]
    menu = scene.menu("AXIOMMenu")
    assert (menu.parent, menu.label, menu.tear_off) == ("MayaWindow", "AXIOM", True)
    assert [item.label for item in menu.items] == ["Publish...", "Review"]
    review = menu.item("Review")
    assert (review.key_equivalent, review.modifiers) == ("R", ("ctrl",))
    menu.item("Publish...").invoke()  # Maya passes the item's checked state: accepted
    assert calls == ["Publish..."]
    assert scene.pending() == []


def test_add_menu_during_start_up_is_deferred_until_the_main_window_exists(
    scene: fake_maya.FakeMayaScene, host: MayaHost
) -> None:
    calls: list[str] = []
    scene.start_up()  # as userSetup.py runs
    host.add_menu("AXIOM", menu_commands(calls, "Publish..."))
    host.add_menu("AXIOM", menu_commands(calls, "Publish...", "Browse..."))
    assert scene.menus == {}
    assert host.main_window() is None  # MQtUtil has no main window yet
    assert len(cmds().evalDeferred(list=True, lowestPriority=True)) == 2
    scene.finish_start_up()
    assert list(scene.menus) == ["AXIOMMenu"]
    assert [item.label for item in scene.menu("AXIOMMenu").items] == ["Publish...", "Browse..."]
    scene.menu("AXIOMMenu").item("Browse...").invoke()
    assert calls == ["Browse..."]


def test_batch_mode_has_no_menu_and_no_main_window(
    scene: fake_maya.FakeMayaScene, host: MayaHost
) -> None:
    scene.batch = True
    host.add_menu("AXIOM", menu_commands([], "Publish..."))
    assert scene.menus == {} and scene.pending() == []
    assert host.main_window() is None


def test_main_window_wraps_mayas_qt_main_window(
    scene: fake_maya.FakeMayaScene, host: MayaHost, qtbot: Any
) -> None:
    from qtpy import QtWidgets, shiboken

    window = host.main_window()
    assert isinstance(window, QtWidgets.QMainWindow)
    assert window.objectName() == "MayaWindow"
    widget = scene.main_window_widget()
    assert shiboken.getCppPointer(window)[0] == shiboken.getCppPointer(widget)[0]
    dialog = QtWidgets.QDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.parentWidget() is not None
    assert dialog.parentWidget().objectName() == "MayaWindow"


def test_run_in_main_thread_from_a_worker_runs_on_mayas_main_thread(
    scene: fake_maya.FakeMayaScene, host: MayaHost, qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "shot.ma"
    cmds().file(rename=str(path))
    outcome: dict[str, Any] = {}

    def worker() -> None:
        try:
            cmds().file(query=True, sceneName=True)
        except RuntimeError as error:  # Maya's commands refuse other threads
            outcome["direct"] = error
        outcome["result"] = host.run_in_main_thread(
            lambda: (threading.current_thread(), host.scene_path())
        )
        try:
            host.run_in_main_thread(lambda: cmds().getAttr("nothing.here"))
        except ValueError as error:
            outcome["error"] = error

    thread = threading.Thread(target=worker, name="publish-worker")
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10_000)
    assert "main thread" in str(outcome["direct"])
    assert outcome["result"] == (threading.current_thread(), path)
    assert "No object matches name: nothing.here" in str(outcome["error"])


def test_run_in_main_thread_on_the_main_thread_runs_at_once(host: MayaHost) -> None:
    assert host.run_in_main_thread(lambda: threading.current_thread()) is (
        threading.current_thread()
    )
