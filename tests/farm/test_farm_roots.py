"""A farm job submitted from a (simulated) Windows workstation runs on a Linux worker: the
paths recorded as the artist typed them are opened through the worker's [roots]."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.farm.conftest import Farm


def test_a_job_typed_on_windows_publishes_on_a_linux_worker(
    farm: Farm, plate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "studio.toml"
    config.write_text(
        f"[roots.publish]\nlinux = '{farm.root}'\nwindows = 'P:\\publish'\n"
        f"[roots.work]\nlinux = '{plate.parent}'\nwindows = 'W:\\'\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("AXIOM_STUDIO_CONFIG", str(config))
    monkeypatch.setenv("AXIOM_PLATFORM", "windows")
    typed = "W:\\" + plate.name + "\\plate.####.png"
    job = farm.submit(Path(typed))
    assert job["payload"]["paths"] == [typed]  # recorded as typed

    monkeypatch.setenv("AXIOM_PLATFORM", "linux")  # the render node
    ran = farm.ok("job", "run", str(job["id"]))
    assert ran["status"] == "done", ran
    assert farm.versions() == [(1, "published")]
    assert (farm.root / "proj/sh010/main/plate/v001/plate_v001.1001.png").is_file()

    monkeypatch.setenv("AXIOM_PLATFORM", "windows")  # and the artist sees it in P:
    code, out, err = farm("versions", "--project", "proj", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["path"] == r"P:\publish\proj\sh010\main\plate\v001"


def test_an_ingest_item_recorded_with_windows_paths_opens_on_a_linux_worker(
    tmp_path: Path, axiom_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from axiom_publisher.config import load_settings
    from axiom_publisher.publish.jobs.ingest_run import source_from_json

    work = tmp_path / "work"
    config = tmp_path / "studio.toml"
    config.write_text(f"[roots.work]\nlinux = '{work}'\nwindows = 'W:\\'\n", encoding="utf-8")
    env = dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config), AXIOM_PLATFORM="linux")
    settings = load_settings(env)
    recorded = {  # as a Windows wrangler's ingest recorded the item
        "files": [["W:\\delivery\\sh010_plate\\plate.1001.png", 1001]],
        "display": "sh010_plate/plate.####.png",
        "extension": "png",
        "frame_range": [1001, 1001],
    }
    source = source_from_json(recorded, settings.roots.local)
    assert [file.path for file in source.files] == [
        work / "delivery" / "sh010_plate" / "plate.1001.png"
    ]
    assert source_from_json(recorded).files[0].path == Path(recorded["files"][0][0])
