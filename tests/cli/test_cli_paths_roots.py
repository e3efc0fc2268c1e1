# ruff: noqa: E501 - template lines and expected paths read best whole
"""Issue 16 items 1 and 2: a studio config with four named templates and three roots per OS.

The same publish from a Linux and a (simulated, AXIOM_PLATFORM=windows) Windows machine
lands in the same folder and each lists it with its own paths; `axiom path` round-trips
every template; broken templates and disallowed values are refused naming the key.
"""

from __future__ import annotations

import json
from pathlib import Path, PureWindowsPath
from typing import Any

import pytest

from axiom_publisher.cli import main
from axiom_publisher.media.synth import write_sequence
from tests.roots import publish_root

TEMPLATES = """
[templates.keys.version]
padding = 3
[templates.keys.task]
values = ["plate", "comp", "fx", "anim", "main", "model"]
[templates.paths.plates]
path = "{project}/plates/{entity}/{product}/v{version}/{product}_v{version}[.{frame}].{ext}"
kinds = ["shot"]
tasks = ["plate"]
[templates.paths.renders]
path = "{project}/renders/{entity}/{task}/{product}/v{version}/{product}_v{version}[.{frame}].{ext}"
tasks = ["comp", "fx"]
[templates.paths.caches]
path = "{project}/caches/{entity_kind}/{entity}/{task}/{product}/v{version}/{product}_v{version}[.{frame}].{ext}"
products = ["cache*"]
[templates.paths.work]
path = "{project}/work/{entity}/{task}/{product}/v{version}/{entity}_{task}_v{version}.{ext}"
products = ["workfile"]
"""


class Studio:
    def __init__(self, tmp: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.publish = publish_root(tmp / "mnt" / "publish")
        self.work = tmp / "mnt" / "work"
        self.cache = tmp / "mnt" / "cache"
        self.config = tmp / "studio.toml"
        self.db_url = db_url
        self.capsys = capsys
        self.write(TEMPLATES)

    def write(self, templates: str) -> None:
        self.config.write_text(
            f"[roots.publish]\nlinux = '{self.publish}'\nwindows = 'P:\\publish'\n"
            "darwin = '/Volumes/publish'\n"
            f"[roots.work]\nlinux = '{self.work}'\nwindows = 'W:\\'\ndarwin = '/Volumes/work'\n"
            f"[roots.cache]\nlinux = '{self.cache}'\nwindows = '//fileserver/cache'\n"
            "darwin = '/Volumes/cache'\n" + templates,
            encoding="utf-8",
        )

    def run(self, platform: str, *args: str, code: int = 0) -> Any:
        self.capsys.readouterr()
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("AXIOM_PLATFORM", platform)
            result = main(["--db", self.db_url, "--config", str(self.config), *args])
        captured = self.capsys.readouterr()
        assert result == code, captured.err
        if code:
            return json.loads(captured.err)["error"]["message"]
        return json.loads(captured.out) if "--json" in args else captured.out


@pytest.fixture
def studio(
    db_url: str, tmp_path: Path, axiom_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> Studio:
    made = Studio(tmp_path, db_url, capsys)
    made.run("linux", "project", "create", "proj", "--fps", "24", "--resolution", "64x36")
    made.run("linux", "shot", "create", "proj", "sh010", "--frames", "1001-1004", "--handles", "0")
    made.run("linux", "asset", "create", "proj", "hero")
    write_sequence(made.work / "sh010", "plate", 1001, 1004, width=64, height=36)
    return made


def _publish(studio: Studio, platform: str, source: str, *flags: str) -> dict[str, Any]:
    result: dict[str, Any] = studio.run(
        platform, "publish", source, "--project", "proj", "--shot", "sh010",
        "--product", "plate", "--task", "plate", "--json", *flags,
    )  # fmt: skip
    return result


def test_linux_and_windows_publish_to_the_same_place_each_with_its_own_paths(
    studio: Studio,
) -> None:
    linux = _publish(studio, "linux", str(studio.work / "sh010" / "plate.####.png"))
    # The Windows artist types the source on W: with backslashes and another case.
    windows = _publish(studio, "windows", r"w:\SH010\plate.####.png".replace("SH010", "sh010"))
    assert (linux["version"], windows["version"]) == (1, 2)
    folder = studio.publish / "proj" / "plates" / "sh010" / "plate"
    assert linux["path"] == str(folder / "v001")
    assert windows["path"] == r"P:\publish\proj\plates\sh010\plate\v002"
    assert windows["files"][0]["path"] == (
        r"P:\publish\proj\plates\sh010\plate\v002\plate_v002.1001.png"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["v001", "v002"]  # one place on disk
    assert (folder / "v002" / "plate_v002.1004.png").is_file()

    seen = {
        platform: studio.run(platform, "versions", "--project", "proj", "--json")
        for platform in ("linux", "windows", "darwin")
    }
    assert [v["path"] for v in seen["linux"]] == [str(folder / "v001"), str(folder / "v002")]
    assert [v["path"] for v in seen["windows"]] == [
        r"P:\publish\proj\plates\sh010\plate\v001",
        r"P:\publish\proj\plates\sh010\plate\v002",
    ]
    assert seen["darwin"][1]["proxy"].startswith("/Volumes/publish/proj/plates/sh010/plate/v002/")
    assert all(PureWindowsPath(f["path"]).drive == "P:" for f in seen["windows"][1]["files"])

    # "the latest plate of this shot", on each machine in its own form
    for platform, expected in (
        ("linux", str(folder / "v002")),
        ("windows", r"P:\publish\proj\plates\sh010\plate\v002"),
    ):
        latest = studio.run(
            platform, "path", "latest", "--project", "proj", "--shot", "sh010",
            "--template", "plates", "--json",
        )  # fmt: skip
        assert (latest["path"], latest["version"]) == (expected, 2)

    # a path typed on either platform parses to the same fields on either machine
    for typed in (
        r"p:\PUBLISH\proj\plates\sh010\plate\v002\plate_v002.1003.png",
        str(folder / "v002" / "plate_v002.1003.png"),
    ):
        for platform in ("linux", "windows"):
            fields = studio.run(platform, "path", "parse", typed, "--json")
            assert fields == {
                "template": "plates", "relative": "proj/plates/sh010/plate/v002/plate_v002.1003.png",
                "project": "proj", "entity": "sh010", "product": "plate", "version": "002",
                "frame": "1003", "ext": "png", "entity_kind": "shot",
            }  # fmt: skip
    translated = studio.run("windows", "path", "local", str(studio.work / "sh010"), "--json")
    assert translated["local"] == r"W:\sh010"
    assert studio.run("linux", "verify", "--json")["problems"] == []


CASES = [
    ("--shot", "sh010", "plate", "plate", "plates", "proj/plates/sh010/plate/v007"),
    ("--shot", "sh010", "comp", "comp_main", "renders", "proj/renders/sh010/comp/comp_main/v007"),
    ("--asset", "hero", "model", "cache_geo", "caches", "proj/caches/asset/hero/model/cache_geo/v007"),
    ("--shot", "sh010", "anim", "workfile", "work", "proj/work/sh010/anim/workfile/v007"),
    ("--shot", "sh010", "anim", "playblast", "default", "proj/sh010/anim/playblast/v007"),
]  # fmt: skip


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_axiom_path_round_trips_every_template(studio: Studio, platform: str) -> None:
    for flag, entity, task, product, template, folder in CASES:
        resolved = studio.run(
            platform, "path", "resolve", "--project", "proj", flag, entity, "--task", task,
            "--product", product, "--version", "7", "--ext", "exr", "--frame", "1001", "--json",
        )  # fmt: skip
        assert (resolved["template"], resolved["relative"]) == (template, folder)
        if platform == "windows":
            assert resolved["file"].startswith("P:\\publish\\" + folder.replace("/", "\\"))
        parsed = studio.run(platform, "path", "parse", resolved["file"], "--json")
        assert parsed["template"] == template
        expected = {"project": "proj", "entity": entity, "product": product, "ext": "exr"}
        assert {key: parsed[key] for key in expected} == expected
        assert int(parsed["version"]) == 7
        assert parsed.get("task", task) == task
        assert parsed.get("frame", "1001") == "1001"
        folder_only = studio.run(platform, "path", "parse", resolved["folder"], "--json")
        assert folder_only["template"] == template


def test_a_broken_template_is_refused_at_load_with_its_name(studio: Studio) -> None:
    studio.write(TEMPLATES + '[templates.paths.broken]\npath = "{project}/v{version}/{ext}"\n')
    message = studio.run("linux", "versions", "--json", code=2)
    assert str(studio.config) in message
    assert "'broken'" in message and "templates.paths.broken.path" in message


def test_a_task_the_keys_do_not_allow_is_refused(studio: Studio) -> None:
    message = studio.run(
        "linux", "publish", str(studio.work / "sh010" / "plate.####.png"), "--project", "proj",
        "--shot", "sh010", "--product", "plate", "--task", "lookdev", "--json", code=2,
    )  # fmt: skip
    assert "templates.keys.task" in message and "lookdev" in message
    assert not (studio.publish / "proj").exists()


def test_existing_versions_keep_their_paths_when_templates_arrive(studio: Studio) -> None:
    studio.write("")  # no templates yet: [publish] path_template alone
    first = _publish(studio, "linux", str(studio.work / "sh010" / "plate.####.png"))
    assert first["path"] == str(studio.publish / "proj/sh010/plate/plate/v001")
    studio.write(TEMPLATES)
    second = _publish(studio, "linux", str(studio.work / "sh010" / "plate.####.png"))
    assert second["path"] == str(studio.publish / "proj/plates/sh010/plate/v002")
    listed = studio.run("windows", "versions", "--project", "proj", "--json")
    assert [v["path"] for v in listed] == [
        r"P:\publish\proj\sh010\plate\plate\v001",
        r"P:\publish\proj\plates\sh010\plate\v002",
    ]
    assert studio.run("linux", "verify", "--json")["problems"] == []


def test_qc_and_ingest_take_windows_paths_on_a_windows_machine(studio: Studio) -> None:
    checked = studio.run("windows", "qc", r"W:\sh010\plate.####.png", "--json")
    assert len(checked) == 1 and checked[0]["qc"]["verdict"] != "fail", checked
    assert checked[0]["frame_range"] == [1001, 1004]
    ingested = studio.run("windows", "ingest", "W:\\", "--project", "proj", "--dry-run", "--json")
    assert ingested["source_dir"] == str(studio.work), ingested  # opened as Linux has it
    assert ingested["results"] and ingested["counts"]["published"] == 0
    assert not (studio.publish / "proj").exists()  # a dry run writes nothing


def test_every_file_argument_takes_another_platforms_form(studio: Studio) -> None:
    """The edit of `editorial import`, ingest's `--rules` and `root init`'s folder, typed on a
    (simulated) Windows machine, are opened where this machine has them."""
    (studio.work / "edit").mkdir()
    (studio.work / "edit" / "reel1.edl").write_text(
        "TITLE: REEL1\n\n001  SH020 V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n"
        "* FROM CLIP NAME: sh020\n",
        encoding="utf-8",
    )
    plan = studio.run(
        "windows", "editorial", "import", r"W:\edit\reel1.edl", "--project", "proj", "--json"
    )
    assert [shot["code"] for shot in plan["new"]] == ["sh020"], plan
    (studio.work / "rules.toml").write_text(
        '[[rules]]\npattern = "(?P<shot>sh\\\\d{3})/(?P<product>plate)"\n', encoding="utf-8"
    )
    ingested = studio.run(
        "windows", "ingest", "W:\\", "--project", "proj", "--rules", r"W:\rules.toml",
        "--dry-run", "--json",
    )  # fmt: skip
    matched = {r["display"]: r["context"] for r in ingested["results"] if r["context"]}
    assert matched == {
        "sh010/plate.####.png": {
            "project": "proj",
            "entity": "sh010",
            "entity_kind": "shot",
            "task": "plate",
            "product": "plate",
        }
    }, ingested  # the rules file's pattern, read where this machine has it
    marker = studio.run("windows", "root", "init", r"W:\newroot", "--json")
    assert Path(marker["root"]) == studio.work / "newroot"
    assert (studio.work / "newroot" / ".axiom-root").is_file()
