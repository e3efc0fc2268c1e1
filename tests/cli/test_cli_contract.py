"""The `axiom` CLI contract: commands, JSON shapes and exit codes, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from tests.cli.conftest import Axiom

pytestmark = pytest.mark.usefixtures("project")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_a_sequence_then_a_second_version(axiom: Axiom, media: Path) -> None:
    first = axiom.ok(
        "publish",
        media / "seq" / "plate.####.png",
        "--project",
        "proj",
        "--shot",
        "sh010",
        "--product",
        "plate",
        "--task",
        "plate",
        "--comment",
        "from the lab",
        "--json",
    ).json()
    assert first["version"] == 1 and first["label"] == "v001"
    assert first["status"] == "published"
    assert (first["project"], first["entity"], first["product"]) == ("proj", "sh010", "plate")
    assert first["frame_range"] == [1001, 1010]
    assert first["missing_frames"] == []
    assert len(first["files"]) == 10
    folder = Path(first["path"])
    assert folder == axiom.root / "proj" / "sh010" / "plate" / "plate" / "v001"
    for entry, frame in zip(first["files"], range(1001, 1011), strict=True):
        path = Path(entry["path"])
        assert path.name == f"plate_v001.{frame}.png"
        assert path.parent == folder
        assert entry["sha256"] == _sha(media / "seq" / f"plate.{frame}.png") == _sha(path)
        assert entry["size"] == path.stat().st_size
        assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0, "published files are read-only"
    assert not [p for p in folder.parent.iterdir() if "staging" in p.name]

    second = axiom.ok(
        "publish",
        media / "seq" / "plate.1005.png",
        "--project",
        "proj",
        "--shot",
        "sh010",
        "--product",
        "plate",
        "--task",
        "plate",
        "--json",
    ).json()
    assert second["label"] == "v002"
    # identical content is hard-linked from the published copy, not copied again
    one, two = Path(first["files"][0]["path"]), Path(second["files"][0]["path"])
    assert one.stat().st_ino == two.stat().st_ino


def test_extra_paths_are_representations_of_one_version(axiom: Axiom, media: Path) -> None:
    record = axiom.ok(
        "publish",
        media / "gap" / "plate.%04d.png",
        media / "clip.mov",
        media / "clip.mp4",
        "--project",
        "proj",
        "--shot",
        "sh010",
        "--product",
        "comp",
        "--allow-qc-fail",
        "frame 1003 is being re-rendered",
        "--json",
    ).json()
    assert record["qc"]["verdict"] == "fail"  # the gap, and the short range
    assert record["qc_override_reason"] == "frame 1003 is being re-rendered"
    assert record["task"] == "main"  # the configured default task
    assert record["frame_range"] == [1001, 1006]
    assert record["missing_frames"] == [1003]
    names = sorted(Path(entry["path"]).name for entry in record["files"])
    assert "comp_v001.mov" in names and "comp_v001.mp4" in names
    assert {entry["representation"] for entry in record["files"]} == {0, 1, 2}
    assert len(record["files"]) == 5 + 2


def test_versions_lists_published_versions(axiom: Axiom, media: Path) -> None:
    for product in ("plate", "plate", "ref"):
        axiom.ok(
            "publish",
            media / "clip.mov",
            "--project",
            "proj",
            "--shot",
            "sh010",
            "--product",
            product,
        )
    axiom.ok(
        "publish",
        media / "clip.mp4",
        "--project",
        "proj",
        "--asset",
        "hero",
        "--product",
        "turntable",
    )
    everything = axiom.ok("versions", "--json").json()
    assert [(v["entity"], v["product"], v["version"]) for v in everything] == [
        ("hero", "turntable", 1),
        ("sh010", "plate", 1),
        ("sh010", "plate", 2),
        ("sh010", "ref", 1),
    ]
    assert [v["label"] for v in axiom.ok("versions", "--product", "plate", "--json").json()] == [
        "v001",
        "v002",
    ]
    assert axiom.ok("versions", "--asset", "hero", "--json").json()[0]["entity_kind"] == "asset"
    table = axiom.ok("versions", "--shot", "sh010").out
    assert "proj/sh010/main/plate" in table and "v002" in table


def test_projects_and_shots(axiom: Axiom) -> None:
    projects = axiom.ok("project", "list", "--json").json()
    assert projects == [
        {
            "code": "proj",
            "name": "proj",
            "fps": 24.0,
            "resolution": [64, 36],
            "colorspace": "ACEScg",
            "frame_start": 1001,
            "handles": 8,
        }
    ]
    again = axiom("project", "create", "proj")
    assert again.code == 2 and "proj" in again.err
    shot = axiom.ok("shot", "create", "proj", "sh020", "--frames", "1001-1050", "--json").json()
    assert shot["frames"] == [1001, 1050]
    assert axiom("shot", "create", "nope", "sh030").code == 2


@pytest.mark.parametrize(
    ("context", "needle"),
    [
        (["--project", "proj", "--shot", "sh999"], "sh999"),
        (["--project", "nope", "--shot", "sh010"], "nope"),
        (["--project", "proj", "--asset", "sh010"], "sh010"),
    ],
)
def test_unknown_context_is_bad_input(
    axiom: Axiom, media: Path, context: list[str], needle: str
) -> None:
    result = axiom("publish", media / "clip.mov", *context, "--product", "plate", "--json")
    assert result.code == 2
    assert needle in result.error()["message"]
    assert result.out == ""
    assert axiom.ok("versions", "--json").json() == []


@pytest.mark.parametrize("kind", ["missing file", "empty folder", "pattern matching nothing"])
def test_publishing_nothing_is_refused_naming_the_path(
    axiom: Axiom, tmp_path: Path, kind: str
) -> None:
    target = {
        "missing file": tmp_path / "no" / "such.mov",
        "empty folder": tmp_path / "empty",
        "pattern matching nothing": tmp_path / "empty" / "plate.####.exr",
    }[kind]
    (tmp_path / "empty").mkdir(exist_ok=True)
    plain = axiom("publish", target, "--project", "proj", "--shot", "sh010", "--product", "plate")
    assert plain.code == 2
    assert str(target) in plain.err and plain.err.count("\n") == 1
    as_json = axiom.publish(target)
    assert as_json.code == 2 and str(target) in as_json.error()["message"]
    assert as_json.error()["type"] == "SourceNotFoundError"
    assert axiom.ok("versions", "--json").json() == []
    assert not any(axiom.root.rglob("v0*")) if axiom.root.exists() else True


def test_usage_errors_exit_2(axiom: Axiom, media: Path) -> None:
    both = axiom(
        "publish",
        media / "clip.mov",
        "--project",
        "proj",
        "--shot",
        "a",
        "--asset",
        "b",
        "--product",
        "x",
    )
    assert both.code == 2 and "not allowed with" in both.err
    assert axiom("publish", "--project", "proj").code == 2
    assert axiom("frobnicate").code == 2
    assert axiom("shot", "create", "proj", "sh030", "--frames", "20-10").code == 2


def test_unreachable_database_exits_3(
    tmp_path: Path, media: Path, capsys: pytest.CaptureFixture[str], axiom_env: dict[str, str]
) -> None:
    from axiom_publisher.cli import main

    code = main(
        [
            "--db",
            "postgresql+psycopg://axiom:secret@127.0.0.1:1/axiom",
            "--root",
            str(tmp_path),
            "publish",
            str(media / "clip.mov"),
            "--project",
            "p",
            "--shot",
            "s",
            "--product",
            "x",
            "--json",
        ]
    )
    err = capsys.readouterr().err
    assert code == 3
    assert "secret" not in err and "127.0.0.1:1" in err


def test_unwritable_publish_root_exits_3(axiom: Axiom, media: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = Axiom(axiom.db_url, blocker / "publish", axiom._capsys).publish(media / "clip.mov")
    assert result.code == 3
    assert str(blocker) in result.error()["message"]
    assert axiom.ok("versions", "--json").json() == [], "nothing reserved when the area is unusable"


def test_json_goes_to_stdout_only(axiom: Axiom, media: Path) -> None:
    result = axiom.publish(media / "clip.mov")
    assert result.code == 0, result.err
    assert result.json()["label"] == "v001"
    assert result.err == ""
    assert os.path.isdir(result.json()["path"])
