"""Fixtures of the storage tests: a real publish root in tmp_path and the default layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.core.types import PublishContext
from axiom_publisher.storage import PublishLayout
from tests.roots import publish_root
from tests.storage.helpers import DEFAULT_TEMPLATE


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return publish_root(tmp_path / "publish")


@pytest.fixture
def layout(root: Path) -> PublishLayout:
    return PublishLayout(root, DEFAULT_TEMPLATE)


@pytest.fixture
def context() -> PublishContext:
    return PublishContext("proj", "sh010", "comp", "plate")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A work folder outside the publish root, where sources live."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder
