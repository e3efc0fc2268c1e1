"""HoudiniHost over the fake `hou`: what it collects from ROPs of each type, frame ranges and
frame tokens, the hip file, fps and resolution, the main window, the main-thread runner
and menus; and the fake itself where the adapter relies on it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtWidgets

from axiom_publisher.core.errors import HostError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import WORKFILE_PRODUCT, CollectedOutput, MenuCommand, OutputKind
from axiom_publisher.publish.sources import resolve_source
from tests.hosts.fakes import hou as fake_hou
from tests.hosts.fakes.hou import FakeHoudiniScene

if TYPE_CHECKING:
    from axiom_publisher.hosts.houdini import HoudiniHost


def HoudiniHost() -> HoudiniHost:  # noqa: N802 - reads as the class it makes
    """A new adapter; imported here because `import hou` needs the fake installed first."""
    from axiom_publisher.hosts.houdini import HoudiniHost as Adapter

    return Adapter()


@pytest.fixture
def houdini(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHoudiniScene]:
    scene = fake_hou.install(monkeypatch)
    yield scene
    scene.close()


@pytest.fixture
def hip(houdini: FakeHoudiniScene, tmp_path: Path) -> Path:
    """The scene saved as sh010_lgt_v004.hip in tmp_path/work."""
    path = tmp_path / "work" / "sh010_lgt_v004.hip"
    path.parent.mkdir()
    houdini.module.hipFile.save(str(path))
    return path


def _by_node(outputs: list[CollectedOutput]) -> dict[str, CollectedOutput]:
    return {item.node: item for item in outputs}


# --- the fake --------------------------------------------------------------------------


def test_the_fake_expands_variables_at_the_current_or_a_given_frame(
    houdini: FakeHoudiniScene, hip: Path
) -> None:
    hou = houdini.module
    rop = houdini.create("/out", "ifd", "beauty")
    picture = rop.parm("vm_picture")
    hou.setFrame(12)
    assert picture.unexpandedString() == "$HIP/render/$HIPNAME.$OS.$F4.exr"  # Mantra's default
    assert picture.evalAsString() == f"{hip.parent}/render/sh010_lgt_v004.beauty.0012.exr"
    assert picture.evalAsStringAtFrame(1001).endswith("beauty.1001.exr")
    picture.set("$JOB/r/${OS}_$F.$F3.exr")
    hou.putenv("JOB", "/jobs/sh010")
    assert picture.eval() == "/jobs/sh010/r/beauty_12.012.exr"
    assert hou.expandString("$HIPNAME $F4 $NOT_A_VARIABLE") == "sh010_lgt_v004 0012 $NOT_A_VARIABLE"
    assert rop.parmTuple("f").eval() == (1.0, 240.0, 1.0)  # $FSTART, $FEND, 1
    assert rop.parm("trange").evalAsString() == "off" and rop.evalParm("trange") == 0
    with pytest.raises(fake_hou.OperationFailed):
        rop.evalParm("no_such_parm")


def test_the_fake_hip_file_is_untitled_until_saved(
    houdini: FakeHoudiniScene, tmp_path: Path
) -> None:
    hip_file = houdini.module.hipFile
    assert hip_file.isNewFile() and hip_file.basename() == "untitled.hip"
    assert Path(hip_file.path()) == Path.cwd() / "untitled.hip"
    houdini.create("/obj", "geo")
    assert hip_file.hasUnsavedChanges()
    with pytest.raises(fake_hou.OperationFailed):
        hip_file.save(str(tmp_path / "no_folder" / "a.hip"))
    hip_file.save(str(tmp_path / "a.hip"))
    assert not hip_file.isNewFile() and not hip_file.hasUnsavedChanges()
    assert "node /obj/geo1 geo" in (tmp_path / "a.hip").read_text()


def test_the_fake_ui_messages_event_loop_and_hython(
    houdini: FakeHoudiniScene, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    hou = houdini.module
    houdini.message_answers.append(1)
    assert hou.ui.displayMessage("Save first?", buttons=("Save", "Cancel"), title="AXIOM") == 1
    assert hou.ui.displayMessage("Saved.") == 0  # no answer queued: the default choice
    assert [(m.text, m.answer) for m in houdini.messages] == [("Save first?", 1), ("Saved.", 0)]
    ticks: list[int] = []
    hou.ui.addEventLoopCallback(lambda: ticks.append(1))
    houdini.process_events()
    houdini.process_events()
    assert ticks == [1, 1]
    with pytest.raises(RuntimeError, match="would hang"):
        houdini.hdefereval.executeInMainThreadWithResult(lambda: None)

    hython = fake_hou.install(monkeypatch, ui=False)
    assert hython.module is hou and not hou.isUIAvailable() and hou.qt.mainWindow() is None
    with pytest.raises(fake_hou.NotAvailable):
        hou.ui.displayMessage("no UI")
    with pytest.raises(fake_hou.NotAvailable):
        hython.hdefereval.executeDeferred(lambda: None)


# --- collect ---------------------------------------------------------------------------

RENDERS = {  # type, parm, where: every render ROP type AXIOM reads
    "ifd": ("vm_picture", "/out"),
    "karma": ("picture", "/out"),
    "arnold": ("ar_picture", "/out"),
    "opengl": ("picture", "/out"),
    "Redshift_ROP": ("RS_outputFileNamePrefix", "/out"),
    "usdrender": ("outputimage", "/out"),
    "comp": ("copoutput", "/out"),
}


def test_collect_reads_the_output_parm_of_each_rop_type(
    houdini: FakeHoudiniScene, hip: Path
) -> None:
    for type_name, (parm, parent) in RENDERS.items():
        houdini.create(parent, type_name, f"r_{type_name}", **{parm: f"/r/{type_name}.$F4.exr"})
    ropnet = houdini.create("/obj", "ropnet", "rops")
    houdini.create(ropnet.path(), "karma", "in_ropnet", picture="/r/in_ropnet.$F4.exr")
    houdini.create("/out", "geometry", "sim", sopoutput="$HIP/geo/sim.$F4.bgeo.sc")
    houdini.create("/out", "alembic", "anim", filename="$HIP/geo/anim.abc")
    houdini.create("/obj", "geo", "fx")
    houdini.create("/obj/fx", "rop_geometry", "vdb", sopoutput="/c/smoke.$F.vdb")
    houdini.create("/obj/fx", "box")  # not a ROP
    houdini.create("/stage", "usdrender_rop", "husk", outputimage="/r/husk.$F4.exr")
    houdini.create("/stage", "usd_rop", "layout", lopoutput="$HIP/usd/layout.usd")
    houdini.create("/out", "merge", "all")  # a ROP that writes nothing itself

    outputs = HoudiniHost().collect()
    found = _by_node(outputs)

    for type_name in RENDERS:
        item = found[f"/out/r_{type_name}"]
        assert (item.kind, item.path, item.enabled) == (
            OutputKind.RENDER,
            f"/r/{type_name}.%04d.exr",
            True,
        )
        assert item.product == f"r_{type_name}"
    assert found["/obj/rops/in_ropnet"].path == "/r/in_ropnet.%04d.exr"
    assert found["/stage/husk"].kind is OutputKind.RENDER
    caches = {
        "/out/sim": f"{hip.parent}/geo/sim.%04d.bgeo.sc",
        "/out/anim": f"{hip.parent}/geo/anim.abc",
        "/obj/fx/vdb": "/c/smoke.%d.vdb",
        "/stage/layout": f"{hip.parent}/usd/layout.usd",
    }
    for node, path in caches.items():
        assert (found[node].kind, found[node].path) == (OutputKind.CACHE, path)
    assert len(outputs) == len(RENDERS) + 1 + 1 + len(caches) + 1  # + ropnet, husk, hip
    assert outputs[-1].kind is OutputKind.WORKFILE
    assert all(item.enabled for item in outputs)


def test_bypassed_empty_and_unreadable_rops_are_listed_switched_off(
    houdini: FakeHoudiniScene, hip: Path
) -> None:
    houdini.create("/out", "ifd", "good", vm_picture="/r/good.$F4.exr")
    houdini.create("/out", "ifd", "off", vm_picture="/r/off.$F4.exr", bypassed=True)
    houdini.create("/out", "usdrender", "from_usd")  # outputimage empty: USD names the file
    odd = houdini.create("/out", "arnold", "odd")
    odd.parm("ar_picture").setExpression("'/r/odd.%d.exr' % (hou.frame() * 2)", "Python")

    outputs = HoudiniHost().collect()
    found = _by_node(outputs)

    assert [item.node for item in outputs] == [
        "/out/good",
        "/out/off",
        "/out/from_usd",
        "/out/odd",
        hip.name,
    ]
    assert found["/out/good"].enabled and not found["/out/good"].note
    assert not found["/out/off"].enabled and "bypassed" in found["/out/off"].note
    assert found["/out/off"].path == "/r/off.%04d.exr"  # still shown to the artist
    assert not found["/out/from_usd"].enabled and "outputimage" in found["/out/from_usd"].note
    assert not found["/out/odd"].enabled and "cannot follow" in found["/out/odd"].note


def test_rops_inside_locked_assets_are_named_after_the_asset(
    houdini: FakeHoudiniScene, hip: Path
) -> None:
    houdini.create("/obj", "geo", "fx")
    houdini.create("/obj/fx", "filecache::2.0", "smoke", trange=1, f1=1001, f2=1100)
    houdini.create("/obj/fx", "filecache::2.0", "old", bypassed=True)
    houdini.create("/stage", "karma", "lgt", picture="/r/lgt.$F4.exr")
    assert houdini.module.node("/obj/fx/smoke/render").isInsideLockedHDA()

    found = _by_node(HoudiniHost().collect())

    smoke = found["/obj/fx/smoke"]  # not /obj/fx/smoke/render, the asset's own ROP
    assert (smoke.product, smoke.kind, smoke.enabled) == ("smoke", OutputKind.CACHE, True)
    assert smoke.path == f"{hip.parent}/geo/sh010_lgt_v004.smoke.%04d.bgeo.sc"
    assert smoke.frame_range == FrameRange(1001, 1100)
    assert not found["/obj/fx/old"].enabled and "bypassed" in found["/obj/fx/old"].note
    lgt = found["/stage/lgt"]
    assert (lgt.product, lgt.kind, lgt.path) == ("lgt", OutputKind.RENDER, "/r/lgt.%04d.exr")
    assert list(found) == ["/obj/fx/smoke", "/stage/lgt", "/obj/fx/old", hip.name]


@pytest.mark.parametrize(
    ("expression", "language", "expected"),
    [
        ("/r/a.$F4.exr", "Hscript", "/r/a.%04d.exr"),
        ("/r/a.${F4}.exr", "Hscript", "/r/a.%04d.exr"),
        ("/r/a.$F.exr", "Hscript", "/r/a.%d.exr"),
        ("/r/a.$F6.exr", "Hscript", "/r/a.%06d.exr"),
        ("/r/a.exr", "Hscript", "/r/a.exr"),
        ("'/r/a.%04d.exr' % hou.frame()", "Python", "/r/a.%04d.exr"),
        ("'/r/still.exr'", "Python", "/r/still.exr"),
    ],
)
def test_frame_tokens_however_written_become_a_printf_pattern(
    houdini: FakeHoudiniScene, hip: Path, expression: str, language: str, expected: str
) -> None:
    rop = houdini.create("/out", "ifd", "beauty")
    if language == "Python":
        rop.parm("vm_picture").setExpression(expression, language)
    else:
        rop.parm("vm_picture").set(expression)
    assert HoudiniHost().collect()[0].path == expected


@pytest.mark.parametrize(
    ("picture", "path", "note"),
    [
        ("ip", "ip", "renders to MPlay"),
        ("$SHOTS/sh010/beauty.$F4.exr", "$SHOTS/sh010/beauty.%04d.exr", "holds $SHOTS"),
        ("/r/$F4/beauty.exr", "/r/$F4/beauty.exr", "frame number is in a folder name"),
        ("render/beauty.$F4.exr", "{cwd}/render/beauty.%04d.exr", ""),  # Houdini's cwd
    ],
)
def test_paths_houdini_cannot_write_as_files_are_switched_off(
    houdini: FakeHoudiniScene, hip: Path, picture: str, path: str, note: str
) -> None:
    houdini.create("/out", "ifd", "beauty", vm_picture=picture)
    render = HoudiniHost().collect()[0]
    assert render.path == path.format(cwd=Path.cwd().as_posix())
    assert render.enabled is not bool(note) and note in render.note


@pytest.mark.parametrize(
    ("trange", "f", "expected", "note"),
    [
        (0, (1001, 1010, 1), FrameRange(1042, 1042), ""),  # Render Current Frame
        (1, (1001, 1010, 1), FrameRange(1001, 1010), ""),
        ("on", (1001.0, 1100.0, 1), FrameRange(1001, 1100), ""),  # strict
        (1, (1001, 1010, 2), FrameRange(1001, 1010), "every 2 frames"),
    ],
)
def test_frame_range_from_trange_and_f1_f2_f3(
    houdini: FakeHoudiniScene,
    hip: Path,
    trange: object,
    f: tuple[float, float, float],
    expected: FrameRange,
    note: str,
) -> None:
    houdini.module.setFrame(1042)
    houdini.create("/out", "ifd", "beauty", trange=trange, f1=f[0], f2=f[1], f3=f[2])
    render = HoudiniHost().collect()[0]
    assert render.frame_range == expected
    assert render.enabled and note in render.note and bool(render.note) == bool(note)


def test_default_range_is_the_global_range_and_a_reversed_one_is_switched_off(
    houdini: FakeHoudiniScene, hip: Path
) -> None:
    houdini.module.playbar.setFrameRange(1001, 1048)
    houdini.create("/out", "geometry", "sim", trange=1)  # f1/f2 are $FSTART/$FEND
    houdini.create("/out", "geometry", "reversed", trange=1, f1=20, f2=10)
    outputs = _by_node(HoudiniHost().collect())
    assert outputs["/out/sim"].frame_range == FrameRange(1001, 1048)
    assert outputs[hip.name].frame_range == FrameRange(1001, 1048)
    assert outputs["/out/reversed"].frame_range is None
    assert not outputs["/out/reversed"].enabled and "ends before" in outputs["/out/reversed"].note


def test_a_collected_sequence_resolves_to_the_files_on_disk(
    houdini: FakeHoudiniScene, hip: Path
) -> None:
    houdini.create("/out", "karma", "beauty", trange=1, f1=1001, f2=1003)
    rendered = hip.parent / "render"
    rendered.mkdir()
    for frame in (1001, 1002, 1003):
        (rendered / f"sh010_lgt_v004.beauty.{frame}.exr").write_bytes(b"exr")

    render = HoudiniHost().collect()[0]
    source = resolve_source(render.path)

    assert render.path == f"{rendered}/sh010_lgt_v004.beauty.%04d.exr"
    assert source.frame_range == render.frame_range == FrameRange(1001, 1003)


def test_duplicate_rop_names_get_distinct_products(houdini: FakeHoudiniScene, hip: Path) -> None:
    houdini.create("/out", "ifd", "beauty", vm_picture="/r/a.$F4.exr")
    houdini.create("/obj", "ropnet", "shots")
    houdini.create("/obj/shots", "ifd", "beauty", vm_picture="/r/b.$F4.exr")
    products = [item.product for item in HoudiniHost().collect()]
    assert products == ["beauty", "beauty_2", WORKFILE_PRODUCT]


# --- the hip file, fps, resolution ------------------------------------------------------


def test_an_untitled_hip_has_no_path_and_cannot_be_saved(houdini: FakeHoudiniScene) -> None:
    host = HoudiniHost()
    assert host.scene_path() is None
    with pytest.raises(HostError, match="never been saved"):
        host.save_scene()
    workfile = host.collect()[-1]
    assert workfile.kind is OutputKind.WORKFILE and workfile.product == WORKFILE_PRODUCT
    assert not workfile.enabled and "Save As" in workfile.note and workfile.path == ""
    assert not (Path.cwd() / "untitled.hip").exists()


def test_saving_the_hip_file(houdini: FakeHoudiniScene, hip: Path) -> None:
    host = HoudiniHost()
    assert host.scene_path() == hip and not host.scene_modified()
    houdini.create("/out", "ifd", "beauty")
    assert host.scene_modified()
    before = hip.read_text()
    assert host.save_scene() == hip
    assert not host.scene_modified() and "/out/beauty" in hip.read_text() != before
    workfile = host.collect()[-1]
    assert (workfile.path, workfile.enabled, workfile.node) == (str(hip), True, hip.name)


def test_fps_and_the_render_cameras_resolution(houdini: FakeHoudiniScene, hip: Path) -> None:
    hou, host = houdini.module, HoudiniHost()
    assert host.scene_fps() == 24.0 and host.scene_resolution() is None  # no camera yet
    hou.setFps(25)
    assert host.scene_fps() == 25.0
    houdini.create("/obj", "cam", "cam1", resx=1920, resy=1080)
    assert host.scene_resolution() == (1920, 1080)  # no render ROP: the first camera
    houdini.create("/obj", "cam", "hero", resx=2048, resy=858)
    houdini.create("/out", "geometry", "sim")  # a cache: no camera
    houdini.create("/out", "ifd", "off", camera="/obj/cam1", bypassed=True)
    houdini.create("/out", "Redshift_ROP", "beauty", RS_renderCamera="/obj/hero")
    assert host.scene_resolution() == (2048, 858)


# --- UI, threads, menus ------------------------------------------------------------------


def test_main_window_is_houdinis(houdini: FakeHoudiniScene) -> None:
    window = HoudiniHost().main_window()
    assert isinstance(window, QtWidgets.QMainWindow)
    assert window is houdini.module.qt.mainWindow()


def test_hython_has_no_main_window_and_runs_calls_directly(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = fake_hou.install(monkeypatch, ui=False)
    host = HoudiniHost()
    assert host.main_window() is None
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(host.run_in_main_thread(_thread)))
    worker.start()
    worker.join(10)
    assert results == [False]  # no event loop to post to: it ran on the worker
    assert scene.main_thread_calls == 0


def _thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_run_in_main_thread_posts_through_hdefereval_from_a_worker(
    houdini: FakeHoudiniScene, hip: Path, qtbot: QtBot
) -> None:
    houdini.create("/out", "ifd", "beauty", vm_picture="/r/beauty.$F4.exr")
    host = HoudiniHost()
    results: list[Any] = []

    def job() -> None:
        results.append(host.run_in_main_thread(host.collect))
        try:
            host.run_in_main_thread(_fail)
        except KeyError as error:
            results.append(error)

    worker = threading.Thread(target=job)
    worker.start()
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10_000)
    worker.join()

    assert [item.node for item in results[0]] == ["/out/beauty", hip.name]
    assert isinstance(results[1], KeyError)
    assert houdini.main_thread_calls == 2  # both went through hdefereval
    assert houdini.off_main_thread == []  # every HOM call ran on the main thread
    assert host.run_in_main_thread(_thread) is True  # on the main thread: called directly
    assert houdini.main_thread_calls == 2


def _fail() -> None:
    raise KeyError("gone")


def test_the_fake_finds_hom_calls_off_the_main_thread(houdini: FakeHoudiniScene) -> None:
    worker = threading.Thread(target=lambda: houdini.module.node("/out").children())
    worker.start()
    worker.join(10)
    assert houdini.off_main_thread == ["hou.node", "/out.children"]


def test_menu_commands_are_registered_for_the_menu_xml(houdini: FakeHoudiniScene) -> None:
    from axiom_publisher.hosts import houdini as adapter

    calls: list[str] = []
    host = HoudiniHost()
    publish = MenuCommand("Publish...", lambda: calls.append("publish"))
    review = MenuCommand("Review", lambda: calls.append("review"))
    host.add_menu("AXIOM", [publish, review])
    host.add_menu("AXIOM", [publish, review])
    assert adapter.commands() == (publish, review)
    adapter.run_command("Review")
    assert calls == ["review"]
    host.add_menu("AXIOM", [publish])
    with pytest.raises(HostError, match="Review"):
        adapter.run_command("Review")
    assert adapter.commands("Other") == ()


def test_the_registry_makes_a_houdini_host(houdini: FakeHoudiniScene) -> None:
    from axiom_publisher.hosts import get_host

    host = get_host("houdini")
    assert (host.identifier, host.display_name) == ("com.sidefx.houdini", "Houdini")
    assert type(host).__name__ == "HoudiniHost"
