"""`axiom root init`, the exit 3 of an unmounted root, and `axiom ingest` listing refused
items (links out of the delivery, control characters)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from axiom_publisher.media.synth import write_clip
from axiom_publisher.storage.root import ROOT_MARKER
from tests.cli.conftest import Axiom


def test_root_init_sets_up_a_root_once(axiom: Axiom, tmp_path: Path) -> None:
    share = tmp_path / "studio" / "publish"
    made = axiom.ok("root", "init", share)
    assert made.out.startswith(f"set up the publish root {share} (root id ")
    marker = json.loads((share / ROOT_MARKER).read_text(encoding="utf-8"))
    again = axiom.ok("root", "init", share, "--json").json()
    assert again["created"] is False and again["root_id"] == marker["root_id"]
    assert again["marker"] == str(share / ROOT_MARKER)
    text = axiom.ok("root", "init", share).out
    assert text.startswith(f"{share} is already a publish root (set up by ")
    default = Axiom(axiom.db_url, tmp_path / "other", axiom._capsys).ok("root", "init")
    assert default.out.startswith(f"set up the publish root {tmp_path / 'other'}")


@pytest.mark.parametrize("state", ["missing", "unmounted"])
def test_publish_and_verify_exit_3_on_a_root_that_is_not_set_up(
    axiom: Axiom, project: str, media: Path, tmp_path: Path, state: str
) -> None:
    share = tmp_path / "mnt" / "publish"
    if state == "unmounted":
        share.mkdir(parents=True)
    other = Axiom(axiom.db_url, share, axiom._capsys)
    result = other.publish(media / "clip.mov")
    assert result.code == 3, result.err
    error = result.error()
    assert error["type"] == "PublishAreaUnavailableError"
    assert error["message"].startswith("the publish area is not mounted")
    assert f"axiom root init {share}" in error["message"]
    assert share.exists() is (state == "unmounted")
    assert not share.exists() or list(share.iterdir()) == []
    assert axiom.ok("versions", "--project", project, "--json").json() == []
    checked = other("verify")
    assert checked.code == 3 and "the publish area is not mounted" in checked.err

    axiom.ok("root", "init", share)
    assert other.publish(media / "clip.mov").code == 0


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "delivery"
    write_clip(root / "ab010_plate.mov", frames=2, width=64, height=36)
    (tmp_path / "id_ed25519").write_text("secret\n", encoding="utf-8")
    os.symlink(tmp_path / "id_ed25519", root / "ab020_ref.key")
    write_clip(root / "ab030\n_plate.mov", frames=2, width=64, height=36)
    return root


def test_ingest_lists_refused_items_and_exits_1(axiom: Axiom, hostile: Path) -> None:
    axiom.ok("project", "create", "proj", "--resolution", "64x36")
    for code in ("ab010", "ab020", "ab030"):
        axiom.ok("shot", "create", "proj", code)
    result = axiom("ingest", hostile, "--project", "proj")
    assert result.code == 1, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"ingest run 1: proj <- {hostile} (3 items)"
    assert lines[2].split()[:4] == ["ab010_plate.mov", "ab010/plate/plate", "published", "v001"]
    assert lines[3].split()[:3] == ["ab020_ref.key", "-", "refused"]
    assert "outside the delivery" in lines[3]
    assert lines[4].split()[:3] == ["ab030\\n_plate.mov", "-", "refused"]
    assert "control character (\\n)" in lines[4]
    assert lines[5] == (
        "1 published, 0 failed, 0 skipped, 0 duplicate, 2 refused (never read: see the "
        "reasons above)"
    )

    shown = axiom("ingest", "show", "1", "--json")
    assert shown.code == 1
    payload = shown.json()
    assert payload["counts"]["refused"] == 2
    refused = {r["display"]: r["reason"] for r in payload["results"] if r["outcome"] == "refused"}
    assert set(refused) == {"ab020_ref.key", "ab030\\n_plate.mov"}
    listed = axiom.ok("ingest", "runs", "--json").json()
    assert listed[0]["counts"]["refused"] == 2


def test_watch_once_refuses_a_delivery_that_links_out_of_the_drop_folder(
    axiom: Axiom, tmp_path: Path
) -> None:
    axiom.ok("project", "create", "proj", "--resolution", "64x36")
    axiom.ok("shot", "create", "proj", "ab010")
    elsewhere, drop = tmp_path / "home" / "wrangler", tmp_path / "drop"
    write_clip(elsewhere / "ab010_plate.mov", frames=2, width=64, height=36)
    drop.mkdir()
    os.symlink(elsewhere, drop / "vendor")
    result = axiom("ingest", "--watch", drop, "--project", "proj", "--once", "--settle", "0")
    assert result.code == 1, result.err
    assert result.out.startswith(f"refused   {drop / 'vendor'}: a symbolic link to {elsewhere}")
    assert axiom.ok("ingest", "runs", "--json").json() == []
