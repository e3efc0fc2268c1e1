"""`axiom ingest DIR --farm`: one job per item, run by three real `axiom worker` processes
(separate scratch folders and host names, standing in for render nodes), gives the same
versions, QC and duplicates as the in-process ingest of the same delivery."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.farm.conftest import Farm
from tests.publish.ingest_delivery import SHOTS, write_delivery


def make_project(farm: Farm, code: str) -> None:
    farm.ok("project", "create", code, "--fps", "24", "--resolution", "64x36")
    for shot in SHOTS:
        farm.ok("shot", "create", code, shot)


def start_nodes(
    farm: Farm, tmp_path: Path, count: int, *flags: str
) -> list[subprocess.Popen[bytes]]:
    nodes = []
    for number in range(1, count + 1):
        scratch = tmp_path / f"node-{number}-scratch"
        scratch.mkdir()
        nodes.append(farm.worker(f"node-{number}", *flags, TMPDIR=str(scratch)))
    return nodes


def comparable(run: dict[str, Any], project: str) -> dict[str, tuple[Any, ...]]:
    """Each item's outcome, version, QC and what it duplicates (by item name), and its
    reason without the project's name or version ids."""
    by_version = {r["version_id"]: r["display"] for r in run["results"] if r["version_id"]}
    found = {}
    for result in run["results"]:
        reason = result["reason"].replace(project, "PROJECT")
        if result["duplicate_of"] is not None:
            reason = reason.split(" (version id")[0]
        twin = by_version.get(result["duplicate_of"]) if result["duplicate_of"] else None
        found[result["display"]] = (
            result["outcome"],
            result["version_label"],
            result["qc"],
            twin,
            reason,
        )
    return found


def wait_for_run(farm: Farm, run_id: int, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        code, out, _ = farm("ingest", "show", str(run_id), "--json")
        if code in (0, 1):
            import json

            run: dict[str, Any] = json.loads(out)
            if run["ended_at"]:
                return run
        assert time.monotonic() < deadline, f"ingest run {run_id} did not end"
        time.sleep(0.5)


@pytest.mark.slow
def test_a_delivery_ingested_on_three_workers_matches_the_in_process_ingest(
    farm: Farm, tmp_path: Path
) -> None:
    delivery = write_delivery(tmp_path / "delivery")
    make_project(farm, "here")
    make_project(farm, "there")
    started = time.monotonic()
    code, out, err = farm("ingest", delivery.root, "--project", "here", "--json")
    in_process = time.monotonic() - started
    assert code == 1, err  # two items fail, as they should
    import json

    local = json.loads(out)

    started = time.monotonic()
    submitted = farm.ok("ingest", delivery.root, "--project", "there", "--farm")
    matched = [r for r in local["results"] if r["outcome"] != "skipped"]
    assert len(submitted["jobs"]) == len(matched) >= 39  # the unmatched are decided at once
    nodes = start_nodes(farm, tmp_path, 3, "--burst")
    remote = wait_for_run(farm, submitted["run_id"], 600)
    on_farm = time.monotonic() - started
    for node in nodes:
        node.communicate(timeout=120)

    assert comparable(remote, "there") == comparable(local, "here")
    assert remote["counts"] == local["counts"]
    jobs = [farm.job(job["id"]) for job in submitted["jobs"]]
    assert {job["status"] for job in jobs} == {"done"}
    assert len({job["worker_host"] for job in jobs}) == 3  # every node took items
    summary = Path(remote["summary_path"])
    assert summary.parent == delivery.root and summary.is_file()
    print(f"farm ingest of {delivery.size} items: in-process {in_process:.1f} s, "
          f"3 workers {on_farm:.1f} s")  # fmt: skip
