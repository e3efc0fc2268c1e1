"""Fixtures of the reader tests: one proxy (see proxies.py) and its independent decode."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.media.reader.proxies import FRAMES, Decoded, decode_independently, write_proxy


@pytest.fixture(scope="session")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_proxy(tmp_path_factory.mktemp("reader") / "proxy.mp4")


@pytest.fixture(scope="session")
def decoded(proxy: Path) -> Decoded:
    result = decode_independently(proxy)
    assert len(result.frames) == FRAMES
    assert len(result.keyframes) >= 4, "the proxy should have several GOPs"
    return result
