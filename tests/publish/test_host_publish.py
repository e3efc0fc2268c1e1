"""Publishing from a host: dependencies recorded with the version, the work file first and
reused when unchanged, renders cut to the host's range, the context guessed from the path."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import BadInputError, CancelledError, UnknownEntityError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import WORKFILE_PRODUCT
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProgressEvent,
    PublishContext,
    PublishItem,
    VersionStatus,
)
from axiom_publisher.db import repo
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.host_publish import (
    made_from,
    publish_from_host,
    source_in_range,
    workfile_item,
)
from axiom_publisher.publish.records import version_json
from axiom_publisher.publish.scene_context import GuessedContext, guess_context, path_words
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source

CONTEXT = PublishContext("proj", "sh010", "comp", "main")


@pytest.fixture
def render(tmp_path: Path) -> Path:
    write_sequence(tmp_path / "renders", "comp", 1001, 1004, width=64, height=36)
    return tmp_path / "renders" / "comp.####.png"


@pytest.fixture
def scene(tmp_path: Path) -> Path:
    path = tmp_path / "work" / "sh010_comp_v001.nk"
    path.parent.mkdir()
    path.write_text("#! nuke -nx\nRoot {\n first_frame 1001\n}\n")
    return path


def _versions(settings: Settings) -> list[catalog.VersionRecord]:
    with open_catalog_database(settings) as database:
        return catalog.list_versions(database, settings, project="proj")


def test_dependencies_are_recorded_with_the_version_and_read_back(
    settings: Settings, render: Path, scene: Path
) -> None:
    with PublishService.open(settings) as service:
        workfile = service.publish(workfile_item(scene, CONTEXT, host="nuke"))
        item = PublishItem(CONTEXT, (resolve_source(render),), host="nuke")
        version = service.publish(made_from(item, workfile, scene))
    assert workfile.product == WORKFILE_PRODUCT and workfile.task == "comp"
    assert workfile.dependencies == ()
    assert version.dependencies == (workfile.id,)
    assert version.source == str(scene)
    manifest = next(file.path for file in version.files if file.path.name.endswith(".json"))
    assert json.loads(manifest.read_text())["dependencies"] == [workfile.id]
    stored = {record.id: record for record in _versions(settings)}
    assert stored[version.id].dependencies == (workfile.id,)
    assert version_json(stored[version.id])["dependencies"] == [workfile.id]
    assert version_json(stored[workfile.id])["dependencies"] == []
    with open_catalog_database(settings) as database:
        found = database.run(lambda s: repo.dependencies_of(s, [version.id, workfile.id]))
    assert found == {version.id: (workfile.id,)}


def test_an_unknown_or_unpublished_dependency_is_refused_before_reserving(
    settings: Settings, render: Path, tmp_path: Path
) -> None:
    item = PublishItem(CONTEXT, (resolve_source(render),))
    with PublishService.open(settings) as service:
        with pytest.raises(UnknownEntityError, match="version id 4242: there is no such"):
            service.publish(PublishItem(CONTEXT, item.sources, depends_on=(4242,)))
        # a version that failed (here: cancelled after its reservation) cannot be depended on
        cancel = CancelToken()

        def cancel_when_staging(event: ProgressEvent) -> None:
            if event.phase == "stage":
                cancel.cancel()

        with pytest.raises(CancelledError):
            service.publish(item, cancel_when_staging, cancel)
        (failed,) = _versions(settings)
        assert failed.status is VersionStatus.FAILED
        with pytest.raises(BadInputError, match="it is failed, and only published"):
            service.publish(PublishItem(CONTEXT, item.sources, depends_on=(failed.id,)))
    assert [record.number for record in _versions(settings)] == [1]  # nothing more reserved


def test_publish_from_host_makes_the_workfile_then_renders_and_reuses_an_unchanged_scene(
    settings: Settings, render: Path, scene: Path
) -> None:
    renders = [(PublishItem(CONTEXT, (resolve_source(render),), host="nuke"), None)]
    events: list[ProgressEvent] = []
    with PublishService.open(settings) as service:
        first = publish_from_host(
            service, workfile_item(scene, CONTEXT, host="nuke"), renders, progress=events.append
        )
        again = publish_from_host(service, workfile_item(scene, CONTEXT, host="nuke"), renders)
        scene.write_text(scene.read_text() + "Write {\n}\n")  # the artist changed the scene
        changed = publish_from_host(service, workfile_item(scene, CONTEXT, host="nuke"), renders)
    assert not first.workfile.reused and first.workfile.record.label == "v001"
    assert again.workfile.reused and again.workfile.record.id == first.workfile.record.id
    assert not changed.workfile.reused and changed.workfile.record.label == "v002"
    assert [v.label for v in (*first.versions, *again.versions, *changed.versions)] == [
        "v001", "v002", "v003",
    ]  # fmt: skip
    assert first.versions[0].dependencies == (first.workfile.record.id,)
    assert again.versions[0].dependencies == (first.workfile.record.id,)
    assert changed.versions[0].dependencies == (changed.workfile.record.id,)
    workfiles = [r for r in _versions(settings) if r.product == WORKFILE_PRODUCT]
    assert [r.number for r in workfiles] == [1, 2]  # no duplicate of the unchanged scene
    # one progress for both items: never backwards, ends complete
    done = [event.done for event in events]
    assert done == sorted(done) and events[-1].done == events[-1].total == 2000


def test_cancel_after_the_workfile_keeps_it_and_publishes_no_render(
    settings: Settings, render: Path, scene: Path
) -> None:
    cancel = CancelToken()
    seen: list[str] = []

    def on_workfile(made: object) -> None:
        seen.append("workfile")
        cancel.cancel()

    renders = [(PublishItem(CONTEXT, (resolve_source(render),)), None)]
    with PublishService.open(settings) as service, pytest.raises(CancelledError):
        publish_from_host(service, workfile_item(scene, CONTEXT), renders, cancel=cancel,
                          on_workfile=on_workfile)  # fmt: skip
    assert seen == ["workfile"]
    assert [(r.product, r.status) for r in _versions(settings)] == [
        (WORKFILE_PRODUCT, VersionStatus.PUBLISHED)
    ]


def test_a_sequence_is_cut_to_the_range_the_host_renders(render: Path) -> None:
    source = resolve_source(render)
    inside = source_in_range(source, FrameRange(1002, 1003))
    assert [file.frame for file in inside.files] == [1002, 1003]
    assert inside.frame_range == FrameRange(1002, 1003) and inside.missing_frames == ()
    longer = source_in_range(source, FrameRange(1001, 1006))
    assert longer.missing_frames == (1005, 1006)
    assert longer.display.endswith("comp.####.png (missing 1005-1006)")
    assert source_in_range(source, None) is source
    with pytest.raises(BadInputError, match="no frame in 2001-2002"):
        source_in_range(source, FrameRange(2001, 2002))


def test_the_context_is_guessed_from_the_scene_path(settings: Settings) -> None:
    with open_catalog_database(settings) as database:
        catalog.create_entity(database, EntitySpec("proj", "sq010", EntityKind.SEQUENCE))
        catalog.create_entity(database, EntitySpec("proj", "hero", EntityKind.ASSET))
        guess = [
            guess_context(database, PurePosixPath(path))
            for path in (
                "/jobs/proj/sq010/sh010/comp/work/sh010_comp_v003.nk",
                "/jobs/proj/assets/hero/scenes/hero_model_v012.ma",
                "/home/artist/proj_sh010_light_v002.hip",
                "/jobs/other/sh010/comp/sh010.nk",
                "/jobs/proj/sq010/work/v001.nk",
            )
        ]
    assert guess == [
        GuessedContext("proj", "sh010", EntityKind.SHOT, "comp"),
        GuessedContext("proj", "hero", EntityKind.ASSET, "model"),
        GuessedContext("proj", "sh010", EntityKind.SHOT, "light"),
        None,
        GuessedContext("proj", "sq010", EntityKind.SEQUENCE, None),
    ]
    assert path_words(PurePosixPath("/a/b/sh010_comp.v003.nk")) == ["a", "b", "sh010", "comp"]
