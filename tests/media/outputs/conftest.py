"""Fixtures for the proxy / colour / thumbnail tests (helpers live in helpers.py)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from axiom_publisher.media.colour import DisplayTransform
from tests.media.outputs.helpers import Probe


@pytest.fixture(scope="session")
def display() -> DisplayTransform:
    """The built-in ACES 2.0 config: ACEScg -> sRGB display, ACES 2.0 SDR view."""
    return DisplayTransform()


@pytest.fixture
def probe(ffmpeg_tools: tuple[str, str]) -> Callable[[Path], Probe]:
    """probe(path) -> Probe, with ffprobe's JSON of the streams, format and video frames."""
    ffprobe = ffmpeg_tools[1]

    def run(path: Path) -> Probe:
        command = [ffprobe, "-v", "error", "-of", "json", "-show_streams", "-show_format"]
        command += ["-show_frames", "-select_streams", "v:0", str(path)]
        frames = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
        command = [ffprobe, "-v", "error", "-of", "json", "-show_streams", "-show_format"]
        info = json.loads(
            subprocess.run(command + [str(path)], check=True, capture_output=True).stdout
        )
        return Probe(info["streams"], info["format"], frames["frames"])

    return run
