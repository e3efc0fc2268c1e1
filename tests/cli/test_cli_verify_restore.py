"""`axiom verify --repair` brings back the folder of a published version from the
quarantine (where an older AXIOM put it after a lost commit reply), choosing the copy
whose files all match their recorded size and SHA-256 (issue 12, item 1)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from tests.cli.conftest import Axiom

VERSION = Path("proj", "sh010", "main", "plate", "v001")


def _move(source: Path, target: Path) -> None:
    """Move a read-only folder as the old rollback did (its modes kept)."""
    target.parent.mkdir(parents=True)
    mode = stat.S_IMODE(source.stat().st_mode)
    os.chmod(source, mode | stat.S_IWUSR)
    os.rename(source, target)
    os.chmod(target, mode)


def test_verify_repair_restores_a_published_version_from_the_quarantine(
    axiom: Axiom, tmp_path: Path
) -> None:
    axiom.ok("project", "create", "proj")
    axiom.ok("shot", "create", "proj", "sh010")
    frames = tmp_path / "frames"
    frames.mkdir()
    for frame in range(1, 4):
        (frames / f"raw.{frame:04d}.bin").write_bytes(os.urandom(8 << 10))
    published = axiom.publish(frames / "raw.####.bin").json()
    folder = axiom.root / VERSION
    assert Path(published["path"]) == folder
    quarantine = axiom.root / ".axiom-quarantine"
    good = quarantine / "20261206T101010Z-0a0a0a0a" / VERSION
    _move(folder, good)
    # A newer quarantined copy with one byte changed: never the one brought back.
    tampered = quarantine / "20261206T121212Z-0b0b0b0b" / VERSION
    shutil.copytree(good, tampered)
    first = tampered / Path(published["files"][0]["path"]).relative_to(folder)
    os.chmod(tampered, 0o755)
    os.chmod(first, 0o644)
    first.write_bytes(b"\0" + first.read_bytes()[1:])

    found = axiom("verify", "--json")
    assert found.code == 1
    kinds = {p["kind"] for p in found.json()["problems"]}
    assert "quarantined" in kinds, kinds
    assert not folder.exists()  # verify alone moves nothing

    repaired = axiom("verify", "--repair", "--json")
    assert any(str(good) in line for line in repaired.json()["repairs"]), repaired.out
    assert folder.is_dir() and not good.exists() and tampered.is_dir()
    for entry in published["files"]:
        path = Path(entry["path"])
        assert path.stat().st_size == entry["size"]
        assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0
    again = axiom("verify", "--json")
    assert again.code == 0, again.out
