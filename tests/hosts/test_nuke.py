"""NukeHost over the fake `nuke`: what it collects from Write nodes, saving, menus, threads;
and the fake itself where the adapter relies on it (TCL, frame tokens, untitled scripts)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from axiom_publisher.core.errors import HostError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import WORKFILE_PRODUCT, MenuCommand, OutputKind
from axiom_publisher.hosts import HOST_NAMES, get_host
from axiom_publisher.hosts.base import sequence_pattern
from axiom_publisher.publish.sources import resolve_source

if TYPE_CHECKING:
    from axiom_publisher.hosts.nuke import NukeHost

SHOT_SCRIPT = "sh010_comp_v003.nk"
TCL_PATH = (
    "[file dirname [value root.name]]/renders/"
    "[file rootname [file tail [value root.name]]]/[value name].####.exr"
)


def NukeHost() -> NukeHost:  # noqa: N802 - reads as the class it makes
    """A new adapter; imported here because `import nuke` needs the fake installed first."""
    from axiom_publisher.hosts.nuke import NukeHost as Adapter

    return Adapter()


@pytest.fixture
def script(fake_nuke: ModuleType, tmp_path: Path) -> Path:
    path = tmp_path / "comp" / SHOT_SCRIPT
    fake_nuke.scriptSaveAs(str(path))
    return path


def test_the_fake_expands_tcl_and_puts_the_frame_in_evaluate(
    fake_nuke: ModuleType, script: Path
) -> None:
    write = fake_nuke.nodes.Write(name="comp_main", file=TCL_PATH)
    expected = f"{script.parent}/renders/sh010_comp_v003/comp_main"
    assert fake_nuke.filename(write) == f"{expected}.####.exr"  # Nuke keeps the token here
    assert write["file"].evaluate() == f"{expected}.1001.exr"  # and evaluate() does not
    assert write["file"].evaluate(1042) == f"{expected}.1042.exr"
    assert fake_nuke.filename(write, fake_nuke.REPLACE) == f"{expected}.1001.exr"
    assert write["file"].value() == TCL_PATH


def test_the_fake_is_untitled_until_saved_as(fake_nuke: ModuleType) -> None:
    with pytest.raises(RuntimeError):
        fake_nuke.scriptName()
    assert fake_nuke.scriptSave() is False  # the file chooser's "user" cancels
    assert fake_nuke.toNode("root") is fake_nuke.root()
    assert fake_nuke.toNode("Write1") is None


def test_the_fake_refuses_calls_off_the_main_thread(fake_nuke: ModuleType) -> None:
    errors: list[BaseException] = []

    def call() -> None:
        try:
            fake_nuke.allNodes()
        except RuntimeError as error:
            errors.append(error)

    thread = threading.Thread(target=call)
    thread.start()
    thread.join()
    assert len(errors) == 1 and "main thread" in str(errors[0])


def test_collect_write_nodes(fake_nuke: ModuleType, script: Path) -> None:
    root = fake_nuke.root()
    root["first_frame"].setValue(1001)
    root["last_frame"].setValue(1050)
    fake_nuke.nodes.Write(name="comp_main", file=TCL_PATH, colorspace="ACES - ACEScg")
    limited = fake_nuke.nodes.Write(name="precomp", file="/renders/pre.%04d.dpx")
    limited["use_limit"].setValue(True)
    limited["first"].setValue(1010)
    limited["last"].setValue(1020)
    movie = fake_nuke.nodes.Write(name="review_mov", file="/renders/review.mov")
    movie["file_type"].setValue("mov")
    geo = fake_nuke.nodes.WriteGeo(name="cam_export", file="/caches/camera.abc")

    outputs = {item.node: item for item in NukeHost().collect()}

    first = outputs["comp_main"]
    assert first.kind is OutputKind.RENDER and first.enabled
    assert first.path == f"{script.parent}/renders/sh010_comp_v003/comp_main.####.exr"
    assert first.frame_range == FrameRange(1001, 1050)  # the root's range
    assert first.colorspace == "ACES - ACEScg" and first.product == "comp_main"
    assert outputs["precomp"].path == "/renders/pre.%04d.dpx"
    assert outputs["precomp"].frame_range == FrameRange(1010, 1020)  # use_limit
    assert outputs["precomp"].colorspace == "scene_linear"  # "default (scene_linear)"
    assert outputs["review_mov"].kind is OutputKind.RENDER
    assert outputs["review_mov"].path == "/renders/review.mov"
    assert outputs["cam_export"].kind is OutputKind.CACHE
    assert geo.Class() == "WriteGeo"
    workfile = list(outputs.values())[-1]
    assert workfile.kind is OutputKind.WORKFILE and workfile.product == WORKFILE_PRODUCT
    assert workfile.path == str(script) and workfile.frame_range == FrameRange(1001, 1050)


def test_collected_sequence_resolves_to_the_rendered_files(
    fake_nuke: ModuleType, script: Path
) -> None:
    fake_nuke.nodes.Write(name="comp_main", file=TCL_PATH)
    rendered = script.parent / "renders" / "sh010_comp_v003"
    rendered.mkdir(parents=True)
    for frame in (1001, 1002, 1003):
        (rendered / f"comp_main.{frame}.exr").write_bytes(b"exr")

    render = NukeHost().collect()[0]
    source = resolve_source(sequence_pattern(render.path))

    assert source.frame_range == FrameRange(1001, 1003)
    assert [file.path.name for file in source.files][0] == "comp_main.1001.exr"


def test_disabled_broken_and_empty_writes_are_listed_switched_off(
    fake_nuke: ModuleType, script: Path
) -> None:
    fake_nuke.nodes.Write(name="good", file="/r/good.####.exr")
    fake_nuke.nodes.Write(name="off", file="/r/off.####.exr", disable=True)
    fake_nuke.nodes.Write(name="broken", file="/r/[python nuke.thisNode()].####.exr")
    fake_nuke.nodes.Write(name="empty")

    outputs = NukeHost().collect()

    assert [item.node for item in outputs] == ["good", "off", "broken", "empty", SHOT_SCRIPT]
    notes = {item.node: item.note for item in outputs if not item.enabled}
    assert set(notes) == {"off", "broken", "empty"}
    assert "disabled" in notes["off"]
    assert "cannot be evaluated" in notes["broken"] and "empty" in notes["empty"]


def test_untitled_script_workfile_is_listed_but_off(fake_nuke: ModuleType) -> None:
    outputs = NukeHost().collect()
    assert len(outputs) == 1
    assert outputs[0].kind is OutputKind.WORKFILE and not outputs[0].enabled
    assert "Save Script As" in outputs[0].note
    with pytest.raises(HostError, match="Save Script As"):
        NukeHost().save_scene()


def test_save_keeps_the_name_and_writes_the_script(fake_nuke: ModuleType, script: Path) -> None:
    fake_nuke.nodes.Write(name="comp_main", file="/r/c.####.exr")
    assert NukeHost().scene_modified()
    assert NukeHost().save_scene() == script
    assert "comp_main" in script.read_text() and not NukeHost().scene_modified()


def test_menu_commands_run_their_actions(fake_nuke: ModuleType) -> None:
    calls: list[str] = []
    host = NukeHost()
    host.add_menu("AXIOM", [MenuCommand("Publish...", lambda: calls.append("p"), "Ctrl+Shift+P")])
    item = fake_nuke.menu("Nuke").findItem("AXIOM/Publish...")
    assert item is not None and item.shortcut() == "Ctrl+Shift+P"
    item.invoke()
    assert calls == ["p"]


def test_errors_off_the_main_thread_reach_the_caller(fake_nuke: ModuleType, qtbot: QtBot) -> None:
    host = NukeHost()
    results: list[object] = []

    def job() -> None:
        try:
            host.run_in_main_thread(lambda: fake_nuke.toNode("missing")["file"])
        except TypeError as error:  # None["file"], raised on the main thread
            results.append(error)
        results.append(host.run_in_main_thread(lambda: len(fake_nuke.allNodes())))

    thread = threading.Thread(target=job)
    thread.start()
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10_000)
    thread.join()
    assert isinstance(results[0], TypeError) and results[1] == 0


def test_main_window_none_without_nukes_window(fake_nuke: ModuleType) -> None:
    session = fake_nuke.session()
    assert NukeHost().main_window() is session.main_window
    fake_nuke.close_main_window(session)
    assert NukeHost().main_window() is None
    with pytest.raises(RuntimeError, match="GUI"):
        fake_nuke.menu("Nuke")  # as in `nuke -t`


def test_registry(fake_nuke: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    assert HOST_NAMES == ("standalone", "nuke", "maya", "houdini")
    assert type(get_host("Nuke")).__name__ == "NukeHost"
    assert get_host("standalone").identifier == "com.axiom.standalone"
    with pytest.raises(HostError, match="unknown host"):
        get_host("blender")
    monkeypatch.setitem(sys.modules, "nuke", None)  # outside Nuke: `import nuke` fails
    monkeypatch.delitem(sys.modules, "axiom_publisher.hosts.nuke")
    with pytest.raises(HostError, match="inside Nuke"):
        get_host("nuke")


def test_off_the_main_thread_goes_through_nukes_own_call(
    fake_nuke: ModuleType,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    calls: list[str] = []
    nukes_own = fake_nuke.executeInMainThreadWithResult

    def counted(call: object, args: object = (), kwargs: object = None) -> object:
        calls.append(threading.current_thread().name)
        return nukes_own(call, args, kwargs)

    monkeypatch.setattr(fake_nuke, "executeInMainThreadWithResult", counted)
    host = NukeHost()
    results: list[object] = []

    def job() -> None:
        results.append(fake_nuke.executeInMainThreadWithResult(lambda: 1 / 0))  # as Nuke: None
        results.append(host.run_in_main_thread(lambda: fake_nuke.root()["fps"].value()))

    thread = threading.Thread(target=job, name="publish-worker")
    thread.start()
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10_000)
    thread.join()
    assert results == [None, 24.0]
    assert calls == ["publish-worker", "publish-worker"]
    assert "ZeroDivisionError" in capsys.readouterr().err  # Nuke prints the traceback
    assert host.run_in_main_thread(lambda: 7) == 7 and len(calls) == 2  # direct on main


def test_writes_inside_groups_are_collected_whatever_group_is_open(
    fake_nuke: ModuleType, script: Path
) -> None:
    fake_nuke.nodes.Write(name="comp_main", file="/r/main.####.exr")
    group = fake_nuke.nodes.Group(name="Precomps")
    with group:  # the artist is inside the group when AXIOM collects
        fake_nuke.nodes.Write(name="fg", file="/r/fg.####.exr")
        assert [node.name() for node in fake_nuke.allNodes()] == ["fg"]  # the open group's
        outputs = NukeHost().collect()

    assert fake_nuke.toNode("Precomps.fg").fullName() == "Precomps.fg"
    assert [item.node for item in outputs] == ["comp_main", "Precomps.fg", SHOT_SCRIPT]
    assert [item.product for item in outputs[:2]] == ["comp_main", "fg"]
    assert fake_nuke.scriptSave() and "/r/fg.####.exr" in script.read_text()
