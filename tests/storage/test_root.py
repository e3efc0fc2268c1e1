"""The publish root's marker: written once, read-only, and required before anything is written."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from axiom_publisher.core.errors import PublishAreaUnavailableError
from axiom_publisher.core.types import PublishContext
from axiom_publisher.storage import PublishLayout, Stager
from axiom_publisher.storage.root import ROOT_MARKER, init_root, read_marker, require_root
from tests.storage.helpers import DEFAULT_TEMPLATE


def test_init_writes_a_read_only_marker_once(tmp_path: Path) -> None:
    root = tmp_path / "share" / "publish"
    marker = init_root(root, "wrangler")
    path = root / ROOT_MARKER
    assert marker.created and marker.root == root
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["axiom_root"] == 1
    assert document["created_by"] == "wrangler"
    assert document["root_id"] == marker.root_id and len(marker.root_id) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o444
    assert sorted(p.name for p in root.iterdir()) == [ROOT_MARKER], "no temporary left behind"

    again = init_root(root, "someone-else")
    assert not again.created
    assert (again.root_id, again.created_by) == (marker.root_id, "wrangler")
    assert read_marker(root) == again


@pytest.mark.parametrize("state", ["missing", "empty mount point", "a file"])
def test_a_root_without_its_marker_is_not_mounted_and_is_left_alone(
    tmp_path: Path, state: str
) -> None:
    root = tmp_path / "mnt" / "publish"
    if state == "empty mount point":
        root.mkdir(parents=True)
    elif state == "a file":
        root.parent.mkdir()
        root.write_bytes(b"")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    with pytest.raises(PublishAreaUnavailableError) as raised:
        require_root(root)
    message = str(raised.value)
    assert raised.value.exit_code == 3
    assert message.startswith("the publish area is not mounted: the publish root")
    assert str(root) in message and f"axiom root init {root}" in message
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before, "nothing was created"


def test_the_default_root_is_set_up_when_asked(tmp_path: Path) -> None:
    root = tmp_path / "data" / "publish"
    marker = require_root(root, create_as="artist")
    assert marker.created and (root / ROOT_MARKER).is_file()
    assert require_root(root).root_id == marker.root_id


def test_staging_refuses_a_root_that_lost_its_marker(tmp_path: Path) -> None:
    root = tmp_path / "publish"
    root.mkdir()  # the empty mount point of a share that is not mounted
    layout = PublishLayout(root, DEFAULT_TEMPLATE)
    context = PublishContext("proj", "sh010", "comp", "plate")
    with pytest.raises(PublishAreaUnavailableError, match="not mounted"):
        Stager(layout, layout.version_folder(context, 1), 1).open()
    assert list(root.iterdir()) == []
