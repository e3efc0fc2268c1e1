"""A rebuild of review media killed (SIGKILL) at each phase: the database records the old or
the new media consistently, verify reports what the rebuild left, --repair makes it clean.
The rebuild runs as a real `axiom versions rebuild-proxy` process, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import av
import pytest

from axiom_publisher.db import open_database, repo
from axiom_publisher.db import review_media as db
from axiom_publisher.publish.review_media.rebuild import MARK, PAUSE
from axiom_publisher.publish.verify import verify
from tests.publish.review_media_fixtures import Published, publish_clip

REPO = Path(__file__).resolve().parents[2]

# phase -> (the media recorded afterwards, the problem kinds verify reports; the revised
# manifest is longer than the one on disk: "size")
EXPECTED = {
    "placed": ("old", {"rebuild_expired", "extra_file", "writable_folder"}),
    "committed": ("new", {"manifest_stale", "size", "extra_file", "writable_folder"}),
    "manifest": ("new", {"manifest_stale", "size", "extra_file", "writable_folder"}),
    "renamed": ("new", {"extra_file", "writable_folder"}),
}


@pytest.fixture
def published(db_url: str, tmp_path: Path, axiom_env: dict[str, str]) -> Published:
    return publish_clip(db_url, tmp_path, axiom_env, frames=8)


def _killed_at(published: Published, phase: str, tmp_path: Path) -> None:
    mark = tmp_path / f"at-{phase}"
    lease = str(published.settings.lease_seconds)
    env = dict(os.environ, AXIOM_LEASE_SECONDS=lease, **{PAUSE: f"{phase}:120", MARK: str(mark)})
    process = subprocess.Popen(
        [sys.executable, "-m", "axiom_publisher", "--db", published.settings.db_url, "--root",
         str(published.settings.publish_root), "versions", "rebuild-proxy",
         str(published.version.id), "--reason", "crash test"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not mark.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, f"the rebuild never reached {phase}"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL


def _decoded_frames(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


@pytest.mark.parametrize("phase", list(EXPECTED))
def test_a_rebuild_killed_at_each_phase_is_settled_by_verify_repair(
    published: Published, phase: str, tmp_path: Path
) -> None:
    settings, version = published.settings, published.version
    root = settings.publish_root
    _killed_at(published, phase, tmp_path)
    later = datetime.now(timezone.utc) + timedelta(seconds=settings.lease_seconds + 60)
    recorded_as, kinds = EXPECTED[phase]
    with open_database(settings.db_url) as database:
        record = database.run(lambda s: repo.list_versions(s, version_id=version.id))[0]
        proxy = root / str(record.proxy)
        if recorded_as == "old":
            assert proxy == version.proxy
        else:
            assert proxy.name.endswith("_proxy_r2.mp4")
        assert proxy.exists() and _decoded_frames(proxy) == 8

        report = verify(database, settings, now=later)
        found = {problem.kind for problem in report.problems}
        assert found == kinds, report.problems
        if "size" in found:  # only the manifest (it grew): the published content is untouched
            assert {p.path for p in report.problems if p.kind == "size"} == {
                str(root / str(record.path) / "axiom-manifest.json")
            }

        repaired = verify(database, settings, repair=True, now=later)
        assert all(problem.repaired for problem in repaired.problems), repaired.problems
        assert verify(database, settings, now=later).clean
        assert verify(database, settings, repair=True, now=later).repairs == []

        record = database.run(lambda s: repo.list_versions(s, version_id=version.id))[0]
        folder = root / str(record.path)
        recorded = {Path(str(file.path)).name for file in record.files}
        assert set(os.listdir(folder)) == recorded
        manifest = json.loads((folder / "axiom-manifest.json").read_text())
        assert Path(str(record.proxy)).name in {entry["path"] for entry in manifest["files"]}
        history = database.run(lambda s: db.rebuilds(s, version_id=version.id))
        assert [each.status for each in history] == [
            "failed" if recorded_as == "old" else "published"
        ]


def test_two_rebuild_processes_of_one_version_make_one_revision(
    published: Published, tmp_path: Path
) -> None:
    """Two `axiom versions rebuild-proxy` at once: one rebuilds, the other is refused while
    the first holds its reservation (each pauses 3 s after placing its files)."""
    settings, version = published.settings, published.version
    env = dict(os.environ, AXIOM_LEASE_SECONDS=str(settings.lease_seconds), **{PAUSE: "placed:3"})
    command = [
        sys.executable, "-m", "axiom_publisher", "--db", settings.db_url, "--root",
        str(settings.publish_root), "versions", "rebuild-proxy", str(version.id),
    ]  # fmt: skip
    processes = [
        subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    outcomes = sorted(
        (process.wait(timeout=180), process.communicate()[1]) for process in processes
    )
    assert [code for code, _ in outcomes] == [0, 1], outcomes
    assert "being rebuilt already" in outcomes[1][1]
    with open_database(settings.db_url) as database:
        history = database.run(lambda s: db.rebuilds(s, version_id=version.id))
        assert [(each.revision, each.status) for each in history] == [(2, "published")]
        assert verify(database, settings).clean
