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
