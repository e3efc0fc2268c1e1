"""Run the `axiom` CLI in-process against a real database and a temporary publish root."""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from axiom_publisher.cli import main
from axiom_publisher.media.synth import write_clip, write_sequence
from tests.roots import publish_root


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def error(self) -> dict[str, str]:
        return dict(json.loads(self.err)["error"])


class Axiom:
    """`axiom ...` with --db and --root set to this test's database and publish root."""

    def __init__(self, db_url: str, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db_url = db_url
        self.root = root
        self._capsys = capsys

    def __call__(self, *args: str | Path) -> Result:
        self._capsys.readouterr()
        code = main(["--db", self.db_url, "--root", str(self.root), *map(str, args)])
        captured = self._capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def publish(
        self,
        *paths: str | Path,
        product: str = "plate",
        shot: str = "sh010",
        project: str = "proj",
        flags: tuple[str, ...] = ("--json",),
    ) -> Result:
        """`axiom publish PATHS --project proj --shot sh010 --product plate --json`."""
        return self(
            "publish", *paths, "--project", project, "--shot", shot, "--product", product, *flags
        )

    def ok(self, *args: str | Path) -> Result:
        result = self(*args)
        assert result.code == 0, result.err
        return result


@pytest.fixture
def axiom(
    db_url: str, tmp_path: Path, axiom_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> Axiom:
    return Axiom(db_url, publish_root(tmp_path / "publish"), capsys)


@pytest.fixture
def project(axiom: Axiom) -> str:
    # Targets that the generated media meets: QC passes unless a test breaks it on purpose.
    axiom.ok("project", "create", "proj", "--fps", "24", "--resolution", "64x36")
    axiom.ok("shot", "create", "proj", "sh010", "--frames", "1001-1010", "--handles", "0")
    axiom.ok("asset", "create", "proj", "hero")
    return "proj"


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated media shared by the CLI tests (read-only by convention)."""
    root = tmp_path_factory.mktemp("media")
    write_sequence(root / "seq", "plate", 1001, 1010, width=64, height=36)
    write_sequence(root / "gap", "plate", 1001, 1006, width=64, height=36, skip=frozenset({1003}))
    write_clip(root / "clip.mov", frames=12, width=64, height=36)
    write_clip(root / "clip.mp4", frames=12, width=64, height=36)
    return root


def wait_until_staging(process: subprocess.Popen[str], product: Path, what: str) -> None:
    """Wait until `process` has a staging folder under `product` (so a signal then lands
    mid-publish); fails if it finished first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if product.is_dir() and any("staging" in p.name for p in product.iterdir()):
            break
        time.sleep(0.005)
    assert process.poll() is None, f"the {what} finished before it could be interrupted"
