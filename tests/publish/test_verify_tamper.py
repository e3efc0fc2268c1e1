"""`verify` reports every change to a published file: bytes, size, deletion, permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.types import PublishContext, PublishItem, VersionRecord
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.publish.verify import verify


def _publish(settings: Settings, source: Path, product: str) -> VersionRecord:
    with PublishService.open(settings) as service:
        return service.publish(
            PublishItem(PublishContext("proj", "sh010", "main", product), (resolve_source(source),))
        )


def _writable(path: Path) -> None:
    path.chmod(0o644)
    path.parent.chmod(0o755)


def _restore(path: Path) -> None:
    path.chmod(0o444)
    path.parent.chmod(0o555)


def test_every_kind_of_tampering_is_reported(settings: Settings, tmp_path: Path) -> None:
    sources = {}
    for name in ("flip", "truncate", "delete", "chmod", "intact"):
        sources[name] = tmp_path / f"{name}.bin"
        sources[name].write_bytes(os.urandom(4096) + name.encode())
    records = {name: _publish(settings, path, name) for name, path in sources.items()}
    files = {name: record.files[0].path for name, record in records.items()}

    with open_catalog_database(settings) as database:
        assert verify(database, settings).clean

    target = files["flip"]
    _writable(target)
    data = bytearray(target.read_bytes())
    data[100] ^= 0x01
    target.write_bytes(bytes(data))
    _restore(target)

    _writable(files["truncate"])
    with open(files["truncate"], "r+b") as stream:
        stream.truncate(1000)
    _restore(files["truncate"])

    files["delete"].parent.chmod(0o755)
    files["delete"].unlink()

    files["chmod"].chmod(0o644)

    with open_catalog_database(settings) as database:
        report = verify(database, settings)
    found = {(problem.kind, Path(problem.path).name) for problem in report.problems}
    assert found == {
        ("sha256", files["flip"].name),
        ("size", files["truncate"].name),
        ("missing", files["delete"].name),
        ("writable", files["chmod"].name),
        ("writable_folder", files["delete"].parent.name),  # opened to delete the file
    }
    assert not report.clean
    assert report.versions_checked == 5
    by_kind = {problem.kind: problem for problem in report.problems}
    assert by_kind["sha256"].version_id == records["flip"].id
    assert str(files["flip"]) == by_kind["sha256"].path

    with open_catalog_database(settings) as database:
        repaired = verify(database, settings, repair=True)
    assert not repaired.clean, "repair cannot restore published content; it only reports it"
    assert stat.S_IMODE(files["intact"].stat().st_mode) == 0o444
    assert stat.S_IMODE(files["delete"].parent.stat().st_mode) == 0o555
