"""SIGTERM (a farm scheduler or a closing terminal) stops a publish cleanly: exit 130, the
version marked failed, no staging folder left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import Axiom, wait_until_staging

REPO = Path(__file__).resolve().parents[2]


def test_sigterm_during_staging_fails_the_version_cleanly(axiom: Axiom, tmp_path: Path) -> None:
    axiom.ok("project", "create", "proj")
    axiom.ok("shot", "create", "proj", "sh010")
    frames = tmp_path / "frames"
    frames.mkdir()
    for frame in range(1, 801):
        (frames / f"big.{frame:04d}.bin").write_bytes(os.urandom(256 << 10))  # no decoding
    env = {key: value for key, value in os.environ.items()}
    env["PYTHONPATH"] = str(REPO)
    process = subprocess.Popen(
        [sys.executable, "-m", "axiom_publisher", "--db", axiom.db_url, "--root", str(axiom.root),
         "publish", str(frames / "big.####.bin"), "--project", "proj", "--shot", "sh010",
         "--product", "plate", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    product = axiom.root / "proj" / "sh010" / "main" / "plate"
    wait_until_staging(process, product, "publish")
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert out == ""
    assert json.loads(err)["error"]["type"] == "CancelledError"
    [version] = axiom.ok("versions", "--json").json()
    assert (version["label"], version["status"]) == ("v001", "failed")
    assert version["failed_reason"] == "cancelled by the user"
    assert [p.name for p in product.iterdir()] == []
