"""A missing root is an unmounted share: publish, ingest, demo and verify refuse it (exit 3)
and write nothing, on disk or in the database (SQLite and PostgreSQL). The embedded default
root is set up by itself."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.errors import PublishAreaUnavailableError
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
)
from axiom_publisher.media.synth import write_clip
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.demo import run_demo
from axiom_publisher.publish.ingest import list_runs, run_ingest, scan_delivery
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.publish.verify import verify
from axiom_publisher.storage.root import ROOT_MARKER


def _item(path: Path) -> PublishItem:
    context = PublishContext("proj", "sh010", "plate", "plate")
    return PublishItem(context=context, sources=(resolve_source(path),), host="test")


def _versions(settings: Settings) -> list[object]:
    with open_catalog_database(settings) as database:
        return list(catalog.list_versions(database, settings, project="proj"))


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "media" / "sh010_plate.mov"
    write_clip(path, frames=3, width=64, height=36)
    return path


@pytest.mark.parametrize("state", ["missing", "unmounted"])
def test_publish_into_a_root_that_is_not_set_up_writes_nothing(
    settings: Settings, clip: Path, tmp_path: Path, state: str
) -> None:
    share = tmp_path / "mnt" / "publish"
    if state == "unmounted":
        share.mkdir(parents=True)  # the empty mount point
    unmounted = dataclasses.replace(settings, publish_root=share)
    with (
        PublishService.open(unmounted) as service,
        pytest.raises(
            PublishAreaUnavailableError, match="the publish area is not mounted"
        ) as raised,
    ):
        service.publish(_item(clip))
    assert raised.value.exit_code == 3
    assert f"axiom root init {share}" in str(raised.value)
    assert share.exists() is (state == "unmounted"), "no mkdir -p of the root"
    assert not share.exists() or list(share.iterdir()) == []
    assert _versions(settings) == [], "nothing reserved in the database"

    with PublishService.open(settings) as service:  # the same item, on the set-up root
        assert service.publish(_item(clip)).label == "v001"


def test_ingest_into_an_unmounted_root_records_no_run(
    settings: Settings, clip: Path, tmp_path: Path
) -> None:
    with open_catalog_database(settings) as database:
        catalog.create_entity(database, EntitySpec("proj", "ab010", EntityKind.SHOT))
    delivery = tmp_path / "delivery"
    write_clip(delivery / "ab010_plate.mov", frames=2, width=64, height=36)
    share = tmp_path / "mnt" / "publish"
    share.mkdir(parents=True)
    unmounted = dataclasses.replace(settings, publish_root=share)
    plan = scan_delivery(unmounted, delivery, "proj")
    with pytest.raises(PublishAreaUnavailableError, match="not mounted"):
        run_ingest(unmounted, plan, workers=1)
    assert list_runs(settings, "proj") == []
    assert sorted(p.name for p in delivery.iterdir()) == ["ab010_plate.mov"], "no summary"
    assert list(share.iterdir()) == [] and _versions(settings) == []
    dry = run_ingest(unmounted, plan, dry_run=True, workers=1)  # a dry run writes nothing
    assert dry.planned == 1


def test_verify_reports_an_unmounted_root_instead_of_missing_files(
    settings: Settings, clip: Path, tmp_path: Path
) -> None:
    with PublishService.open(settings) as service:
        service.publish(_item(clip))
    (settings.publish_root / ROOT_MARKER).unlink()  # as if the share were not mounted
    with open_catalog_database(settings) as database:
        for repair in (False, True):
            with pytest.raises(PublishAreaUnavailableError, match="not mounted"):
                verify(database, settings, repair=repair)
    assert not (settings.publish_root / ".axiom-quarantine").exists()


def test_the_demo_refuses_an_unmounted_studio_root_before_creating_anything(
    db_url: str, axiom_env: dict[str, str], tmp_path: Path
) -> None:
    share = tmp_path / "mnt" / "publish"
    settings = load_settings(axiom_env, db_url=db_url, publish_root=share)
    assert not settings.default_root
    lines: list[str] = []
    with pytest.raises(PublishAreaUnavailableError, match="not mounted"):
        run_demo(settings, log=lines.append)
    assert lines == [] and not share.exists()
    with open_catalog_database(settings) as database:
        assert catalog.list_projects(database) == []


def test_the_embedded_default_root_is_set_up_on_first_use(
    db_url: str, axiom_env: dict[str, str], clip: Path
) -> None:
    settings = load_settings(axiom_env, db_url=db_url)  # no root configured
    assert settings.default_root
    assert settings.publish_root == Path(axiom_env["AXIOM_DATA_DIR"]) / "publish"
    assert not settings.publish_root.exists()
    with open_catalog_database(settings) as database:
        catalog.create_project(
            database, ProjectSpec(code="proj", name="Project", width=64, height=36)
        )
        catalog.create_entity(database, EntitySpec("proj", "sh010", EntityKind.SHOT))
    with PublishService.open(settings) as service:
        record = service.publish(_item(clip))
    assert record.status.value == "published"
    assert (settings.publish_root / ROOT_MARKER).is_file()
