"""QC in the CLI: `axiom publish` refuses failing media unless overridden, and `axiom qc`
analyses without publishing. Real media generated with PyAV; real databases."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import av
import numpy as np
import pytest

from axiom_publisher.media.synth import write_clip, write_sequence
from tests.cli.conftest import Axiom

pytestmark = pytest.mark.usefixtures("project")


def test_a_clean_clip_publishes_with_qc_proxy_and_thumbnail(axiom: Axiom, media: Path) -> None:
    record = axiom.publish(media / "clip.mov").json()
    assert record["qc"]["verdict"] in ("pass", "warn"), record["qc"]
    assert not [c for c in record["qc"]["checks"] if c["status"] == "fail"]
    ids = {check["id"] for check in record["qc"]["checks"]}
    assert {"decode", "format", "resolution", "fps", "missing_frames", "black_frames"} <= ids
    assert record["media"]["width"] == 64 and record["media"]["height"] == 36
    assert len(record["content_hash"]) == 64
    proxy, thumbnail = Path(record["proxy"]), Path(record["thumbnail"])
    folder = Path(record["path"])
    assert proxy.parent == folder and thumbnail.parent == folder
    assert proxy.name == "plate_v001_proxy.mp4" and thumbnail.name == "plate_v001_thumb.jpg"
    assert (folder / "plate_v001_thumb.webp").is_file()
    for path in (proxy, thumbnail):
        assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0
    with av.open(str(proxy)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert sum(1 for _ in container.decode(stream)) == 12
    assert axiom.ok("verify").code == 0, "proxy and thumbnail are verified like every file"


def test_the_same_pictures_in_mov_and_mp4_have_one_content_hash(axiom: Axiom, media: Path) -> None:
    mov = axiom.publish(media / "clip.mov", product="a").json()
    mp4 = axiom.publish(media / "clip.mp4", product="b").json()
    assert mov["content_hash"] == mp4["content_hash"]


def test_a_failing_item_is_refused_and_nothing_is_reserved(axiom: Axiom, tmp_path: Path) -> None:
    write_clip(tmp_path / "big.mov", frames=12, width=96, height=54)
    refused = axiom.publish(tmp_path / "big.mov")
    assert refused.code == 1
    error = refused.error()
    assert error["type"] == "QCFailedError"
    assert "resolution" in error["message"] and "--allow-qc-fail" in error["message"]
    assert axiom.ok("versions", "--json").json() == []
    assert not axiom.root.exists() or not any(axiom.root.rglob("v001"))

    forced = axiom.publish(
        tmp_path / "big.mov", flags=("--allow-qc-fail", "client asked", "--json")
    )
    assert forced.code == 0, forced.err
    record = forced.json()
    assert record["qc"]["verdict"] == "fail"
    assert record["qc_override_reason"] == "client asked"
    assert axiom("publish", tmp_path / "big.mov", "--project", "proj", "--shot", "sh010",
                 "--product", "plate", "--allow-qc-fail", " ").code == 2  # fmt: skip


def test_a_spoofed_extension_fails_the_format_check(axiom: Axiom, tmp_path: Path) -> None:
    [png] = write_sequence(tmp_path, "frame", 1, 1, width=64, height=36)
    spoof = tmp_path / "plate.exr"
    png.rename(spoof)
    result = axiom.publish(spoof)
    assert result.code == 1
    assert "format" in result.error()["message"]


def test_a_work_file_publishes_without_decoding(axiom: Axiom, tmp_path: Path) -> None:
    script = tmp_path / "comp_v012.nk"
    script.write_text("#! nuke -nx\nversion 15.1 v3\nRoot {\n}\n")
    record = axiom.publish(script, product="workfile").json()
    assert record["qc"]["verdict"] == "pass"
    statuses = {check["id"]: check["status"] for check in record["qc"]["checks"]}
    assert statuses["format"] == "pass"
    assert statuses["resolution"] == "skip" and statuses["black_frames"] == "skip"
    assert record["proxy"] is None and record["media"] is None
    assert record["content_hash"] == record["files"][0]["sha256"]


def test_qc_command_reports_per_path_without_publishing(
    axiom: Axiom, media: Path, tmp_path: Path
) -> None:
    write_clip(tmp_path / "other.mov", frames=12, width=96, height=54)
    result = axiom("qc", media / "clip.mov", tmp_path / "other.mov", "--project", "proj", "--json")
    assert result.code == 1
    items = result.json()
    assert [Path(item["path"]).name for item in items] == ["clip.mov", "other.mov"]
    assert items[0]["qc"]["verdict"] != "fail" and items[1]["qc"]["verdict"] == "fail"
    assert items[0]["frame_range"] == [1001, 1012] and items[0]["missing_frames"] == []
    assert items[0]["media"]["frame_count"] == 12 and items[0]["proxy"] is None
    assert axiom.ok("versions", "--json").json() == []

    alone = axiom("qc", media / "gap" / "plate.####.png", "--json")
    assert alone.code == 1  # a missing frame fails even without a project
    [gap] = alone.json()
    assert gap["missing_frames"] == [1003]
    checks = {check["id"]: check for check in gap["qc"]["checks"]}
    assert checks["missing_frames"]["frames"] == [1003]
    assert checks["resolution"]["status"] == "skip"

    proxies = tmp_path / "proxies"
    made = axiom("qc", media / "clip.mov", "--proxy", proxies, "--json")
    assert made.code == 0
    assert Path(made.json()[0]["proxy"]).parent == proxies and os.listdir(proxies) == [
        "clip_proxy.mp4"
    ]

    assert axiom("qc", tmp_path / "nope.mov").code == 2
    text = axiom("qc", tmp_path / "other.mov", "--project", "proj")
    assert text.code == 1 and "resolution" in text.out


def test_media_settings_shape_the_proxy_and_thumbnail(axiom: Axiom, tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "clip.mov", frames=24, width=64, height=36)
    config = tmp_path / "media.toml"
    config.write_text("[media]\nproxy_height = 24\nthumbnail_frame = 1003\n")
    result = axiom("--config", config, "publish", clip, "--project", "proj", "--shot", "sh010",
                   "--product", "plate", "--json")  # fmt: skip
    assert result.code == 0, result.err
    with av.open(result.json()["proxy"]) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (42, 24)
    with av.open(result.json()["thumbnail"]) as container:
        thumbnail = next(container.decode(video=0)).to_ndarray(format="rgb24")
    with av.open(str(clip)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    errors = [float(np.abs(f.astype(int) - thumbnail.astype(int)).mean()) for f in frames]
    assert errors.index(min(errors)) == 2, "frame 1003 is the third frame (the clip starts at 1001)"


def test_a_movie_version_records_its_frames_in_shot_numbers(axiom: Axiom, media: Path) -> None:
    record = axiom.publish(media / "clip.mov").json()
    assert record["frame_range"] == [1001, 1012], "sh010 starts at 1001; the clip has 12 frames"
    assert axiom.ok("versions", "--json").json()[0]["frame_range"] == [1001, 1012]
