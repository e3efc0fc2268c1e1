"""[farm] queues as real workers honour them: `axiom worker` with no --queue serves
[farm] queues, and --queue serves only the named one ([farm] job_timeout: see
test_farm_control). Real Redis child, real `axiom worker` processes, SQLite and
PostgreSQL."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.farm.conftest import Farm


def _finish(worker: subprocess.Popen[bytes], timeout: float = 180) -> str:
    output, _ = worker.communicate(timeout=timeout)
    text = output.decode(errors="replace")
    assert worker.returncode == 0, text
    return text


def _studio(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> None:
    config = tmp_path / "studio.toml"
    config.write_text(f"[farm]\n{text}")
    monkeypatch.setenv("AXIOM_STUDIO_CONFIG", str(config))


def test_a_worker_serves_the_farm_queues_by_default_and_only_its_queue_when_named(
    farm: Farm, plate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _studio(monkeypatch, tmp_path, 'queue = "axq-plates"\nqueues = ["axq-other", "axq-plates"]\n')
    job = farm.submit(plate)
    assert farm.job(job["id"])["status"] == "queued"

    _finish(farm.worker("node-q", "--burst", "--queue", "axq-other"))  # not this job's queue
    assert farm.job(job["id"])["status"] == "queued"

    _finish(farm.worker("node-r", "--burst"))  # [farm] queues: axq-plates among them
    done = farm.job(job["id"])
    assert (done["status"], done["worker_host"]) == ("done", "node-r")
    assert farm.versions() == [(1, "published")]
