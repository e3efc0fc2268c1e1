"""A publish area several artists share (issue 12, item 7): with `[publish] group`,
`folder_mode = "2775"` and `file_mode`, every folder and file AXIOM creates gets the group
and its mode whatever the artist's umask, so a second artist publishes beside the first;
`verify` reports a wrong group or mode and `--repair` sets them back."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.permissions import AreaPermissions
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
)
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.publish.verify import verify
from axiom_publisher.storage import QUARANTINE_NAME
from axiom_publisher.storage.root import ROOT_MARKER, init_root
from tests.publish.shared_users import Studio, artist_code, artist_python, as_user, studio

__all__ = ["studio"]  # the fixture
REPO = Path(__file__).resolve().parents[2]
SHARED = AreaPermissions(group=None, folder_mode=0o2775, file_mode=0o440)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _publish(settings: Settings, source: Path, product: str = "plate") -> VersionRecord:
    with PublishService.open(settings) as service:
        return service.publish(
            PublishItem(PublishContext("proj", "sh010", "main", product), (resolve_source(source),))
        )


def _verify(settings: Settings, *, repair: bool = False) -> list[tuple[str, str, bool]]:
    with open_catalog_database(settings) as database:
        report = verify(database, settings, repair=repair)
    return sorted((p.kind, p.path, p.repaired) for p in report.problems)


def test_every_folder_and_file_axiom_creates_gets_the_group_and_modes(
    studio: Studio, settings: Settings, tmp_path: Path, umask_022: None
) -> None:
    permissions = dataclasses.replace(SHARED, group=studio.group)
    shared = dataclasses.replace(settings, permissions=permissions)
    staging_seen: list[tuple[int, int]] = []

    def watch_commit(frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call" and frame.f_code.co_name == "commit" and "self" in frame.f_locals:
            staging = getattr(frame.f_locals["self"], "staging_path", None)
            if isinstance(staging, Path) and staging.is_dir():
                info = os.lstat(staging)
                staging_seen.append((stat.S_IMODE(info.st_mode), info.st_gid))

    source = tmp_path / "plate.bin"
    source.write_bytes(os.urandom(2048))
    sys.setprofile(watch_commit)
    try:
        record = _publish(shared, source)
    finally:
        sys.setprofile(None)
    assert staging_seen == [(0o2775, studio.gid)]
    root = shared.publish_root
    version = record.files[0].path.parent
    for folder in (root / "proj", root / "proj/sh010", root / "proj/sh010/main", version.parent):
        assert (_mode(folder), folder.stat().st_gid) == (0o2775, studio.gid), folder
    assert (_mode(version), version.stat().st_gid) == (0o2555, studio.gid)
    for file in record.files:
        assert (_mode(file.path), file.path.stat().st_gid) == (0o440, studio.gid), file.path

    # The root was set up without the setting: verify names its mode and group, the
    # repair sets them; an extra file goes to a quarantine made with the area's modes.
    (version.parent / "v001").chmod(0o2775)
    (version / "extra.txt").write_text("x")
    found = _verify(shared)
    assert ("mode", str(root), False) in found and ("group", str(root), False) in found
    assert ("extra_file", str(version / "extra.txt"), False) in found
    assert ("writable_folder", str(version), False) in found
    repaired = _verify(shared, repair=True)
    assert all(done for _kind, _path, done in repaired), repaired
    quarantine = root / QUARANTINE_NAME
    moved = next(quarantine.glob("*/proj/sh010/main/plate/v001/extra.txt"))
    folder = moved.parent
    while folder != root:
        assert (_mode(folder), folder.stat().st_gid) == (0o2775, studio.gid), folder
        folder = folder.parent
    assert (_mode(root), root.stat().st_gid) == (0o2775, studio.gid)
    assert (_mode(version), version.stat().st_gid) == (0o2555, studio.gid)
    assert _verify(shared) == []

    # Tampered modes and groups are problems; the repair restores them.
    shot = root / "proj/sh010"
    shot.chmod(0o755)
    file = record.files[0].path
    os.chown(file, -1, 0)
    assert [(kind, path) for kind, path, _ in _verify(shared)] == [
        ("group", str(file)),
        ("mode", str(shot)),
    ]
    assert all(done for _kind, _path, done in _verify(shared, repair=True))
    assert (_mode(shot), file.stat().st_gid, _mode(file)) == (0o2775, studio.gid, 0o440)
    assert _verify(shared) == []


def _studio_setup(
    studio: Studio, permissions: bool, group: str | None = None
) -> tuple[dict[str, str], str, Path]:
    """The studio config, a SQLite database in a group-writable folder with proj/sh010,
    and a publish root set up by an administrator; returns (env, db url, root)."""
    base = studio.folder
    config = base / "studio.toml"
    config.write_text(
        f'[publish]\ngroup = "{group or studio.group}"\nfolder_mode = "2775"\nfile_mode = "0444"\n'
        if permissions
        else "[publish]\n",
        encoding="utf-8",
    )
    database = base / "db"
    database.mkdir()
    os.chown(database, -1, studio.gid)
    database.chmod(0o2775)
    url = f"sqlite:///{database / 'axiom.db'}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("AXIOM_")}
    env.update(
        AXIOM_STUDIO_CONFIG=str(config),
        AXIOM_USER_CONFIG=str(base / "no-user-config.toml"),
        AXIOM_DATA_DIR=str(base / "data"),
        HOME=str(base / "home"),
        PYTHONPATH=str(REPO),
        PYTHONDONTWRITEBYTECODE="1",
    )
    root = base / "publish"
    settings = load_settings(env, db_url=url, publish_root=root)
    init_root(root, "admin", settings.permissions)
    with open_catalog_database(settings) as opened:
        catalog.create_project(opened, ProjectSpec(code="proj", name="P", width=64, height=36))
        catalog.create_entity(opened, EntitySpec("proj", "sh010", EntityKind.SHOT))
    for path in database.iterdir():
        os.chown(path, -1, studio.gid)
        path.chmod(0o660)
    if not permissions:  # the root as an administrator would make it by hand
        os.chown(root, -1, studio.gid)
        root.chmod(0o2775)
    return env, url, root


def _axiom(studio: Studio, user: str, env: dict[str, str], url: str, root: Path, *args: str) -> Any:
    result = as_user(
        user, [*artist_python(), "--db", url, "--root", str(root), *args],
        env, REPO,
    )  # fmt: skip
    return result


def _source(studio: Studio, name: str, data: bytes) -> Path:
    media = studio.folder / "media"
    media.mkdir(exist_ok=True)
    path = media / name
    path.write_bytes(data)
    return path


def test_two_artists_publish_into_one_area_with_umask_022(studio: Studio) -> None:
    env, url, root = _studio_setup(studio, permissions=True)
    ana, bo = studio.artists
    plate = _source(studio, "plate.bin", os.urandom(4096))
    comp = _source(studio, "comp.bin", os.urandom(4096))

    def publish(user: str, source: Path, product: str) -> dict[str, Any]:
        result = _axiom(studio, user, env, url, root, "publish", str(source), "--project",
                        "proj", "--shot", "sh010", "--product", product, "--json")  # fmt: skip
        assert result.returncode == 0, (user, result.stderr)
        return dict(json.loads(result.stdout))

    first = publish(ana, plate, "plate")
    second = publish(bo, plate, "plate")  # the same content: a link or a copy of ana's file
    other = publish(bo, comp, "comp")  # a new product in ana's shot folder
    assert (first["label"], second["label"], other["label"]) == ("v001", "v002", "v001")
    assert (first["author"], second["author"]) == (ana, bo)

    product = root / "proj/sh010/main/plate"
    for folder in (root, root / "proj", root / "proj/sh010", root / "proj/sh010/main", product):
        assert (_mode(folder), folder.stat().st_gid) == (0o2775, studio.gid), folder
    assert product.stat().st_uid == studio.uid(ana)
    for label, user in (("v001", ana), ("v002", bo)):
        folder = product / label
        assert (_mode(folder), folder.stat().st_gid, folder.stat().st_uid) == (
            0o2555, studio.gid, studio.uid(user),
        )  # fmt: skip
        for file in folder.iterdir():
            assert (_mode(file), file.stat().st_gid) == (0o444, studio.gid), file
    assert (_mode(root / ROOT_MARKER), (root / ROOT_MARKER).stat().st_gid) == (0o444, studio.gid)

    # A staging folder bo's crashed publish left: ana's repair quarantines it (a quarantine
    # both can write into), then bo's repair quarantines one of ana's.
    for user, leftover in ((bo, ".v003.axiom-staging-901"), (ana, ".v003.axiom-staging-902")):
        made = as_user(user, ["mkdir", "-m", "2775", str(product / leftover)], env, REPO)
        assert made.returncode == 0, made.stderr
    for user in (ana, bo):
        check = _axiom(studio, user, env, url, root, "verify", "--repair", "--json")
        assert check.returncode == 0, (user, check.stdout, check.stderr)
    quarantine = root / QUARANTINE_NAME
    assert (_mode(quarantine), quarantine.stat().st_gid) == (0o2775, studio.gid)
    moved = sorted(path.name for path in quarantine.glob("*/proj/sh010/main/plate/.v003*"))
    assert moved == [".v003.axiom-staging-901", ".v003.axiom-staging-902"]
    for user in (ana, bo):
        clean = _axiom(studio, user, env, url, root, "verify", "--json")
        assert clean.returncode == 0 and json.loads(clean.stdout)["clean"], clean.stdout

    # bo's v002 made writable again: ana may not repair it (not hers) and is told why; bo may.
    (product / "v002").chmod(0o2775)
    denied = _axiom(studio, ana, env, url, root, "verify", "--repair", "--json")
    assert denied.returncode == 1, denied.stderr
    (problem,) = json.loads(denied.stdout)["problems"]
    assert (problem["kind"], problem["path"], problem["repaired"]) == (
        "writable_folder", str(product / "v002"), False,
    )  # fmt: skip
    assert "not repaired" in problem["message"]
    fixed = _axiom(studio, bo, env, url, root, "verify", "--repair", "--json")
    assert fixed.returncode == 0, fixed.stdout
    assert _mode(product / "v002") == 0o2555


def test_without_the_setting_the_second_artist_cannot_publish(studio: Studio) -> None:
    """What the setting is for: with each artist's umask 022 the first one's folders are
    theirs alone, and the second artist's publish fails (exit 3, nothing published)."""
    env, url, root = _studio_setup(studio, permissions=False)
    ana, bo = studio.artists
    plate = _source(studio, "plate.bin", os.urandom(4096))
    base = ["--project", "proj", "--shot", "sh010", "--product", "plate", "--json"]
    assert _axiom(studio, ana, env, url, root, "publish", str(plate), *base).returncode == 0
    refused = _axiom(studio, bo, env, url, root, "publish", str(plate), *base)
    assert refused.returncode == 3, refused.stderr
    assert "permission denied" in refused.stderr.lower()
    assert _mode(root / "proj/sh010/main/plate") & 0o777 == 0o755  # not group-writable


def test_an_artist_outside_the_configured_group_gets_a_clear_error(studio: Studio) -> None:
    """[publish] group names a group the artist is not in, and the root does not hand it
    down (not setgid): chgrp is refused, and the error names the folder and the group."""
    env, url, root = _studio_setup(studio, permissions=True, group="root")
    os.chown(root, 0, 0)
    root.chmod(0o777)  # anyone may create folders, which get their creator's group
    plate = _source(studio, "plate.bin", os.urandom(1024))
    target = ["--project", "proj", "--shot", "sh010", "--product", "plate", "--json"]
    refused = _axiom(studio, studio.artists[0], env, url, root, "publish", str(plate), *target)
    assert refused.returncode == 2, refused.stderr
    error = json.loads(refused.stderr)["error"]
    assert error["type"] == "PermissionDeniedError"
    assert str(root / "proj") in error["message"] and "'root' (gid 0)" in error["message"]
    assert "not a member" in error["message"]
    assert not list(root.glob("proj/**/v001"))


def test_another_users_file_is_linked_only_when_it_needs_no_change(studio: Studio) -> None:
    """Dedupe hard-links a published file, and commit gives it the area's group and mode:
    another user's file that lacks them (the settings changed since it was published)
    cannot be changed, so it is copied instead (may_settle is False)."""
    ana, bo = studio.artists
    theirs = studio.folder / "theirs.bin"
    theirs.write_bytes(b"published by bo")
    os.chown(theirs, studio.uid(bo), studio.gid)
    code = (
        "import sys; from pathlib import Path\n"
        "from axiom_publisher.core.permissions import AreaPermissions\n"
        "from axiom_publisher.storage.modes import may_settle\n"
        f"area = AreaPermissions(group={studio.group!r}, folder_mode=0o2775, file_mode=0o440)\n"
        f"print(may_settle(Path({str(theirs)!r}), area))"
    )
    answers = []
    for mode in (0o444, 0o440):
        theirs.chmod(mode)
        result = as_user(ana, artist_code(code), dict(os.environ), REPO)
        assert result.returncode == 0, result.stderr
        answers.append(result.stdout.strip())
    mine = as_user(bo, artist_code(code), dict(os.environ), REPO)  # the owner may change it
    assert answers + [mine.stdout.strip()] == ["False", "True", "True"]
