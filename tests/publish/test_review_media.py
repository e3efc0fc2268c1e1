"""Rebuilding a published version's review proxy and thumbnails in-process, on SQLite and
PostgreSQL, with real media (PyAV) checked by ffprobe."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import CancelledError, PublishConflictError
from axiom_publisher.core.types import ProgressEvent
from axiom_publisher.db import open_database, repo
from axiom_publisher.db import review_media as db
from axiom_publisher.publish.review_media import rebuild_review_media
from axiom_publisher.publish.verify import verify
from tests.publish.review_media_fixtures import Published, probe, publish_clip


@pytest.fixture
def published(db_url: str, tmp_path: Path, axiom_env: dict[str, str]) -> Published:
    return publish_clip(db_url, tmp_path, axiom_env)


def _rows(url: str, version_id: int) -> dict[int, list[tuple[str, int, str]]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT representation, path, size, sha256 FROM file "
                        "WHERE version_id = :v ORDER BY representation, path"),
                {"v": version_id},
            )  # fmt: skip
            found: dict[int, list[tuple[str, int, str]]] = {}
            for representation, path, size, sha256 in rows:
                found.setdefault(int(representation), []).append((path, int(size), sha256))
            return found
    finally:
        engine.dispose()


def test_rebuild_makes_a_720p_proxy_under_a_new_name_and_records_it(
    published: Published, ffmpeg_tools: tuple[str, str]
) -> None:
    settings, version = published.settings, published.version
    root = settings.publish_root
    old_proxy = version.proxy
    assert old_proxy is not None and probe(ffmpeg_tools[1], old_proxy)["height"] == 360
    before = _rows(settings.db_url, version.id)
    events: list[ProgressEvent] = []
    with open_database(settings.db_url) as database:
        outcome = rebuild_review_media(
            settings, database, version.id, reason="720p proxies", requested_by="lead",
            thumbnail_frame=1003, progress=events.append,
        )  # fmt: skip
    rebuilt = outcome.rebuild
    assert (rebuilt.status, rebuilt.revision, rebuilt.requested_by) == ("published", 2, "lead")
    assert rebuilt.reason == "720p proxies" and rebuilt.thumbnail_frame == 1003
    assert any(event.phase == "analyze" for event in events)
    new_proxy = root / str(outcome.version.proxy)
    assert new_proxy.name == old_proxy.name.replace("_proxy.mp4", "_proxy_r2.mp4")
    stream = probe(ffmpeg_tools[1], new_proxy)
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", 1280, 720)
    assert stream["pix_fmt"] == "yuv420p" and int(str(stream["nb_read_frames"])) == 12
    assert not old_proxy.exists() and not Path(str(version.thumbnail)).exists()
    assert str(outcome.version.thumbnail).endswith("_thumb_r2.jpg")

    after = _rows(settings.db_url, version.id)
    assert after[0] == before[0]  # the published content: untouched
    assert after[-2] == [
        (f"{outcome.version.path}/{new_proxy.name}", new_proxy.stat().st_size,
         hashlib.sha256(new_proxy.read_bytes()).hexdigest())
    ]  # fmt: skip
    assert {Path(path).name for path, _, _ in after[-3]} == {
        name.replace("_thumb.", "_thumb_r2.") for name in (Path(p).name for p, _, _ in before[-3])
    }
    manifest = root / str(outcome.version.path) / "axiom-manifest.json"
    data = manifest.read_bytes()
    assert after[-1][0][1:] == (len(data), hashlib.sha256(data).hexdigest())
    document = json.loads(data)
    assert new_proxy.name in {entry["path"] for entry in document["files"]}
    assert document["review_media"][0]["reason"] == "720p proxies"
    folder = manifest.parent
    assert not stat.S_IMODE(folder.stat().st_mode) & 0o222  # read-only again
    assert sorted(os.listdir(folder)) == sorted(Path(p).name for rows in after.values()
                                                for p, _, _ in rows)  # fmt: skip

    with open_database(settings.db_url) as database:
        report = verify(database, settings)
        assert report.clean, report.problems
        # a second rebuild: revision 3, the r2 files replaced in turn
        again = rebuild_review_media(settings, database, version.id, reason="again")
        assert again.rebuild.revision == 3 and str(again.version.proxy).endswith("_proxy_r3.mp4")
        assert not new_proxy.exists()
        assert verify(database, settings).clean
        history = database.run(lambda s: db.rebuilds(s, version_id=version.id))
    assert [(each.revision, each.status) for each in history] == [(2, "published"),
                                                                    (3, "published")]  # fmt: skip


def test_a_cancelled_rebuild_keeps_the_old_media_and_leaves_nothing(published: Published) -> None:
    settings, version = published.settings, published.version
    folder = Path(str(version.path))
    names = sorted(os.listdir(folder))
    cancel = CancelToken()

    def progress(event: ProgressEvent) -> None:
        if event.phase == "analyze" and event.done == 3:
            cancel.cancel()

    with open_database(settings.db_url) as database:
        with pytest.raises(CancelledError):
            rebuild_review_media(settings, database, version.id, progress=progress, cancel=cancel)
        history = database.run(lambda s: db.rebuilds(s, version_id=version.id))
        assert [(each.status, each.failed_reason) for each in history] == [
            ("failed", "cancelled by the user")
        ]
        assert sorted(os.listdir(folder)) == names
        assert database.run(lambda s: repo.list_versions(s, version_id=version.id))[0].proxy == (
            Path(str(version.proxy)).relative_to(settings.publish_root)
        )
        assert verify(database, settings).clean


def test_two_rebuilds_of_one_version_do_not_interleave(published: Published) -> None:
    settings, version = published.settings, published.version
    with open_database(settings.db_url) as database:
        first = database.run(
            lambda s: db.reserve_rebuild(
                s, version.id, author="a", requested_by="a", reason="", thumbnail_frame=None,
                lease_seconds=60,
            )
        )  # fmt: skip
        with pytest.raises(PublishConflictError, match="being rebuilt already"):
            rebuild_review_media(settings, database, version.id)
        # the running one goes on and commits; the refused one changed nothing
        assert database.run(lambda s: db.fail_rebuild(s, first.id, "test over"))
        done = rebuild_review_media(settings, database, version.id)
        assert done.rebuild.revision == 3 and verify(database, settings).clean
