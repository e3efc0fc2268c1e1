"""`axiom versions rebuild-proxy --farm`: the review media rebuild as a farm job run by real
`axiom worker` processes on the real Redis, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import av

from axiom_publisher.publish.jobs.runner import SLOW_STEPS
from axiom_publisher.publish.review_media.rebuild import MARK, PAUSE
from tests.farm.conftest import Farm
from tests.farm.test_farm_control import _wait_for
from tests.farm.test_farm_publish import _children, _finish


def _published(farm: Farm, plate: Path) -> dict[str, Any]:
    version: dict[str, Any] = farm.ok(
        "publish", plate, "--project", "proj", "--shot", "sh010", "--product", "plate"
    )
    return version


def _show(farm: Farm, version_id: int) -> dict[str, Any]:
    shown: dict[str, Any] = farm.ok("version", "show", str(version_id))
    return shown


def _frames(path: str) -> int:
    with av.open(path) as container:
        return sum(1 for _ in container.decode(video=0))


def test_a_worker_rebuilds_the_review_media_of_a_version(farm: Farm, plate: Path) -> None:
    version = _published(farm, plate)
    old_proxy, old_thumbnail = version["proxy"], version["thumbnail"]
    jobs = farm.ok(
        "versions", "rebuild-proxy", str(version["id"]), "--farm", "--thumbnail-frame", "1008",
        "--reason", "damaged proxy",
    )  # fmt: skip
    assert [(job["kind"], job["status"]) for job in jobs] == [("proxy_rebuild", "queued")]
    assert jobs[0]["payload"]["version_id"] == version["id"]

    _finish(farm.worker("node-r", "--burst"))

    done = farm.job(jobs[0]["id"])
    assert (done["status"], done["version_id"], done["worker_host"]) == (
        "done", version["id"], "node-r"
    )  # fmt: skip
    assert done["payload"]["result"]["revision"] == 2 and done["progress"]["phase"] == "commit"
    shown = _show(farm, version["id"])
    assert shown["proxy"].endswith("_proxy_r2.mp4") and shown["thumbnail"].endswith("_r2.jpg")
    assert _frames(shown["proxy"]) == 10
    assert not os.path.exists(old_proxy) and not os.path.exists(old_thumbnail)
    assert farm.ok("verify")["clean"]


def test_a_rebuild_job_stops_between_frames_when_cancelled(farm: Farm, plate: Path) -> None:
    version = _published(farm, plate)
    job = farm.ok("versions", "rebuild-proxy", str(version["id"]), "--farm")[0]
    worker = farm.worker("node-c", "--burst", **{SLOW_STEPS: "0.3"})
    _wait_for(farm, job["id"], "running")
    time.sleep(1.5)  # into the frames
    farm.ok("jobs", "cancel", str(job["id"]))
    _finish(worker)
    ended = farm.job(job["id"])
    assert ended["status"] == "cancelled" and ended["progress"]["phase"] == "analyze", ended
    assert _show(farm, version["id"])["proxy"] == version["proxy"]  # the old media stand
    assert os.path.exists(version["proxy"])
    assert farm.ok("verify")["clean"]


def test_a_retried_job_whose_worker_died_after_the_commit_finishes_it_once(
    farm: Farm, plate: Path, tmp_path: Path
) -> None:
    version = _published(farm, plate)
    job = farm.ok("versions", "rebuild-proxy", str(version["id"]), "--farm")[0]
    mark = tmp_path / "committed"
    worker = farm.worker("node-k", "--burst", **{PAUSE: "committed:120", MARK: str(mark)})
    deadline = time.monotonic() + 120
    while not mark.exists():
        assert worker.poll() is None, worker.communicate()[0].decode(errors="replace")
        assert time.monotonic() < deadline, "the worker did not commit the rebuild"
        time.sleep(0.05)
    for pid in [*_children(worker.pid), worker.pid]:
        os.kill(pid, signal.SIGKILL)
    worker.communicate(timeout=30)
    shown = _show(farm, version["id"])
    assert shown["proxy"].endswith("_proxy_r2.mp4")  # recorded, the tail not done
    assert os.path.exists(version["proxy"])
    code, out, _ = farm("verify")
    assert code == 1 and "manifest_stale" in out

    code, _, err = farm("job", "run", str(job["id"]))  # a farm manager runs it again
    assert code == 0, err
    done = farm.job(job["id"])
    assert (done["status"], done["payload"]["revision"]) == ("done", 2)
    assert _show(farm, version["id"])["proxy"] == shown["proxy"]  # no revision 3
    assert not os.path.exists(version["proxy"])
    assert farm.ok("verify")["clean"]


def test_a_retried_job_whose_worker_died_before_the_commit_rebuilds_once(
    farm: Farm, plate: Path, tmp_path: Path
) -> None:
    version = _published(farm, plate)
    job = farm.ok("versions", "rebuild-proxy", str(version["id"]), "--farm")[0]
    mark = tmp_path / "placed"
    worker = farm.worker("node-p", "--burst", **{PAUSE: "placed:120", MARK: str(mark)})
    deadline = time.monotonic() + 120
    while not mark.exists():
        assert worker.poll() is None, worker.communicate()[0].decode(errors="replace")
        assert time.monotonic() < deadline, "the worker did not place the new files"
        time.sleep(0.05)
    for pid in [*_children(worker.pid), worker.pid]:
        os.kill(pid, signal.SIGKILL)
    worker.communicate(timeout=30)
    folder = Path(version["path"])
    placed = sorted(name for name in os.listdir(folder) if "_r2." in name)
    assert placed and _show(farm, version["id"])["proxy"] == version["proxy"]

    code, _, err = farm("job", "run", str(job["id"]))  # its lease has not expired: no matter
    assert code == 0, err
    done = farm.job(job["id"])
    assert (done["status"], done["payload"]["revision"]) == ("done", 3)
    shown = _show(farm, version["id"])
    assert shown["proxy"].endswith("_proxy_r3.mp4") and _frames(shown["proxy"]) == 10
    assert not any("_r2." in name for name in os.listdir(folder))  # the dead run's files
    assert farm.ok("verify")["clean"]
