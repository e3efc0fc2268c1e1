"""What uses what, from inside each host (fake Nuke, Maya, Houdini): a scene that reads two
published plates is published twice; the plates become inputs of both work-file versions and
of the renders made from them; `axiom deps --reverse` on the older plate lists those four
versions; once a newer plate is published the app's Info page marks the comp out of date.
SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.cli import main
from axiom_publisher.config import Settings
from axiom_publisher.core.host import INPUT_DEPENDENCY, WORKFILE_PRODUCT
from axiom_publisher.core.types import PublishContext, PublishItem, VersionRecord
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.dependencies import dependencies, full_name
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.ui import launch
from axiom_publisher.ui.review.info_page import InfoPage
from axiom_publisher.ui.workers import WorkerPool
from tests.hosts.fakes import FakeHostScene
from tests.hosts.test_publish_in_host import (  # the fixtures too: same database and launch
    DCCS,
    TIMEOUT,
    fresh_launch,
    scene_with_renders,
    settings,
    settle,
    state,
    wait_ready,
)

__all__ = ["fresh_launch", "settings", "state"]  # fixtures used by name

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")


def _plate(settings: Settings, tmp_path: Path, product: str, take: int) -> VersionRecord:
    """A published plate sequence (PNG, 64x36) of proj/sh010/plate/<product>."""
    folder = tmp_path / "delivery" / f"{product}{take}"
    write_sequence(folder, product, 1001, 1003, 64, 36)
    item = PublishItem(
        PublishContext("proj", "sh010", "plate", product),
        (resolve_source(folder / f"{product}.####.png"),),
        comment=f"take {take}",
        qc_override_reason="test plate",
    )
    with PublishService.open(settings) as service:
        return service.publish(item)


def _publish_from_host(
    qtbot: QtBot, scene: FakeHostScene, settings: Settings, state: QtCore.QSettings
) -> list[VersionRecord]:
    dialog = launch.show_publisher(scene.host, settings, state=state)
    widget = dialog.widget
    widget.ask_save = lambda title, text: True
    wait_ready(qtbot, dialog, 1)
    with qtbot.waitSignal(widget.published, timeout=TIMEOUT) as published:
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    versions: list[VersionRecord] = list(published.args[0])
    return versions


def _deps(capsys: pytest.CaptureFixture[str], settings: Settings, *args: str) -> dict[str, object]:
    capsys.readouterr()
    code = main(["--db", settings.db_url, "--root", str(settings.publish_root), "deps", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    result: dict[str, object] = json.loads(out)
    return result


@DCCS
def test_a_scene_reading_published_plates_makes_them_inputs(
    qtbot: QtBot,
    scene: FakeHostScene,
    settings: Settings,
    state: QtCore.QSettings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bg = _plate(settings, tmp_path, "bg", 1)
    fg = _plate(settings, tmp_path, "fg", 1)
    scene_with_renders(scene, tmp_path)
    for plate in (bg, fg):  # as the artist reads them: the published sequence's pattern
        scene.load(str(plate.path / f"{plate.product}.####.png"))
    scene.load(str(tmp_path / "library" / "grain.####.exr"))  # not published: not an input

    first = _publish_from_host(qtbot, scene, settings, state)
    scene.load(str(tmp_path / "library" / "dust.####.exr"))  # the artist changes the scene
    second = _publish_from_host(qtbot, scene, settings, state)
    settle(qtbot)
    made = [*first, *second]
    assert [v.product == WORKFILE_PRODUCT for v in made] == [True, False, True, False]
    assert [v.number for v in made] == [1, 1, 2, 2]  # the scene changed: a new work file

    for version in made:  # the work file and the render made from it both use the plates
        uses = dependencies(settings, version.id).uses
        inputs = {link.version_id for link in uses if link.kind == INPUT_DEPENDENCY}
        assert inputs == {bg.id, fg.id}, (version.product, uses)

    reverse = _deps(capsys, settings, full_name(bg), "--reverse", "--json")
    users = reverse["links"]
    assert isinstance(users, list)
    assert sorted(link["version_id"] for link in users) == sorted(v.id for v in made)

    comp = second[-1]
    assert dependencies(settings, comp.id).stale_inputs == ()
    newer = _plate(settings, tmp_path, "bg", 2)
    stale = _deps(capsys, settings, str(comp.id), "--json")["out_of_date"]
    assert isinstance(stale, list)
    assert [(link["version_id"], link["newer"]) for link in stale] == [(bg.id, full_name(newer))]

    # The app: the comp's Info page says it is out of date and names the newer plate.
    pool = WorkerPool()
    page = InfoPage()
    qtbot.addWidget(page)
    page.dependencies.bind(settings, pool)
    with qtbot.waitSignal(page.dependencies.loaded, timeout=TIMEOUT):
        page.show_version(comp)
    assert "Out of date" in page.dependencies.status.text()
    uses = page.dependencies.uses.text().replace("\u200b", "")
    assert f"{full_name(bg)}" in uses and f"{newer.label} is published" in uses
    assert full_name(fg) in uses
    with qtbot.waitSignal(page.dependencies.loaded, timeout=TIMEOUT):
        page.show_version(bg)
    said = page.dependencies.status.text()
    assert "Out of date" not in said, "the plate's own inputs are fine"
    assert f"{newer.label} is published:</b> the 4 version(s) made from this one" in said
    assert full_name(comp) in page.dependencies.used_by.text().replace("\u200b", "")
    qtbot.waitUntil(lambda: not pool.running, timeout=TIMEOUT)
