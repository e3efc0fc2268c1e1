"""`axiom versions rebuild-proxy`: JSON and text, several versions, the refusals (an unknown
version, a version without a proxy, a published file that changed), SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from axiom_publisher.cli import main
from axiom_publisher.core.types import PublishContext, PublishItem
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from tests.publish.review_media_fixtures import Published, publish_clip


@pytest.fixture
def published(db_url: str, tmp_path: Path, axiom_env: dict[str, str]) -> Published:
    return publish_clip(db_url, tmp_path, axiom_env, frames=6)


def _axiom(published: Published, capsys: pytest.CaptureFixture[str], *args: str) -> tuple:
    settings = published.settings
    code = main(["--db", settings.db_url, "--root", str(settings.publish_root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_rebuild_proxy_of_two_versions_as_json_then_as_text(
    published: Published, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clip = next(Path(str(f.path)) for f in published.version.files if f.representation == 0)
    item = PublishItem(PublishContext("proj", "sh010", "comp", "main"), (resolve_source(clip),))
    with PublishService.open(published.settings) as service:
        second = service.publish(item)  # v002, with the default (720p) proxy
    code, out, err = _axiom(
        published, capsys, "versions", "rebuild-proxy", str(published.version.id),
        "proj/sh010/comp/main/v002", "--reason", "new encoder", "--thumbnail-frame", "1002",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    results = json.loads(out)
    assert [result["version"]["id"] for result in results] == [published.version.id, second.id]
    for result in results:
        assert result["rebuild"]["revision"] == 2 and result["rebuild"]["status"] == "published"
        assert result["rebuild"]["reason"] == "new encoder"
        assert result["rebuild"]["thumbnail_frame"] == 1002
        assert result["version"]["proxy"].endswith("_proxy_r2.mp4")
        assert os.path.exists(result["version"]["proxy"])
    code, out, err = _axiom(published, capsys, "versions", "rebuild-proxy", str(second.id))
    assert code == 0, err
    assert f"v002 (id {second.id}): review media revision 3, proxy " in out
    assert out.strip().endswith("_proxy_r3.mp4")
    code, out, _ = _axiom(published, capsys, "version", "show", str(second.id), "--json")
    history = json.loads(out)["review_media"]
    assert [(each["revision"], each["status"], each["reason"]) for each in history] == [
        (2, "published", "new encoder"), (3, "published", "")
    ]  # fmt: skip
    code, out, _ = _axiom(published, capsys, "version", "show", str(published.version.id))
    assert "review media revision 2 published, asked by " in out and ": new encoder" in out
    code, out, _ = _axiom(published, capsys, "versions", "--json")  # the list still lists
    assert code == 0 and {row["id"] for row in json.loads(out)} == {published.version.id, second.id}
    assert _axiom(published, capsys, "verify")[0] == 0


def test_rebuild_proxy_refusals_change_nothing(
    published: Published, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _axiom(published, capsys, "versions", "rebuild-proxy", "999")
    assert code == 2 and "999" in err
    notes = tmp_path / "notes.txt"
    notes.write_text("no pictures here\n")
    item = PublishItem(PublishContext("proj", "sh010", "comp", "notes"), (resolve_source(notes),))
    with PublishService.open(published.settings) as service:
        text = service.publish(item)
    code, _, err = _axiom(published, capsys, "versions", "rebuild-proxy", str(text.id))
    assert code == 2 and "has no review proxy to rebuild" in err

    movie = next(f for f in published.version.files if f.representation == 0)
    path = Path(str(movie.path))
    os.chmod(path.parent, 0o755)
    os.chmod(path, 0o644)
    with path.open("r+b") as handle:  # a published byte changed behind AXIOM's back
        handle.seek(-1, os.SEEK_END)
        last = handle.read(1)
        handle.seek(-1, os.SEEK_END)
        handle.write(bytes([last[0] ^ 0xFF]))
    before = sorted(os.listdir(path.parent))
    code, _, err = _axiom(published, capsys, "versions", "rebuild-proxy", str(published.version.id))
    assert code == 2 and "no longer has its recorded SHA-256" in err
    assert sorted(os.listdir(path.parent)) == before  # nothing placed, nothing removed
    code, out, _ = _axiom(published, capsys, "version", "show", str(published.version.id))
    assert code == 0 and Path(str(published.version.proxy)).name in out
    assert "review media revision 2 failed (SourceChangedError: the published file" in out
