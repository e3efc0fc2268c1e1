"""Studio plugins through the CLI: the two examples of docs/plugins (a naming check with
pixel access, a post-publish / post-review log) in publish, qc and ingest, and plugins that
raise, hang or refuse, each with the outcome the API states. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
import textwrap
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from av.video.codeccontext import VideoCodecContext

from axiom_publisher.media.synth import write_sequence
from tests.cli.conftest import Axiom, Result

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "docs" / "plugins"
PRODUCT = Path("proj/sh010/main")

pytestmark = pytest.mark.usefixtures("project")


def _magenta_png(path: Path, width: int = 64, height: int = 36) -> None:
    """Overwrite `path` with a PNG that is mostly pure magenta (a missing texture)."""
    picture = np.zeros((height, width, 3), dtype=np.uint8)
    picture[..., 0] = picture[..., 2] = 255
    picture[: height // 4] = 90  # not all of it
    codec = av.CodecContext.create("png", "w")
    assert isinstance(codec, VideoCodecContext)
    codec.width, codec.height, codec.pix_fmt = width, height, "rgb24"
    codec.time_base = Fraction(1, 24)
    packets = codec.encode(av.VideoFrame.from_ndarray(picture, format="rgb24"))
    path.write_bytes(b"".join(bytes(packet) for packet in packets))


@pytest.fixture
def plates(tmp_path: Path) -> Path:
    """plate.1001-1010.png, frames 1003 and 1006 magenta."""
    folder = tmp_path / "render"
    write_sequence(folder, "plate", 1001, 1010, width=64, height=36)
    for frame in (1003, 1006):
        _magenta_png(folder / f"plate.{frame}.png")
    return folder


def _config(tmp_path: Path, plugins: list[str], extra: str = "", timeout: float = 20) -> Path:
    """A studio config whose [plugins] folder holds `plugins` (example names or code)."""
    folder = tmp_path / "studio-plugins"
    folder.mkdir(exist_ok=True)
    for plugin in plugins:
        if plugin.endswith(".py"):
            shutil.copy(EXAMPLES / plugin, folder / plugin)
        else:
            name = plugin.split('NAME = "', 1)[1].split('"', 1)[0]
            (folder / f"{name}.py").write_text(textwrap.dedent(plugin), encoding="utf-8")
    config = tmp_path / "studio.toml"
    config.write_text(
        f"[plugins]\nfolders = [{json.dumps(str(folder))}]\ntimeout = {timeout}\n{extra}",
        encoding="utf-8",
    )
    return config


def _publish(axiom: Axiom, config: Path, path: Path, product: str = "plate") -> Result:
    return axiom(
        "--config", config, "publish", path, "--project", "proj", "--shot", "sh010",
        "--product", product, "--json",
    )  # fmt: skip


def _nothing_reserved(axiom: Axiom, product: str) -> None:
    assert axiom.ok("versions", "--json").json() == [], "no version, not even a failed one"
    folder = axiom.root / PRODUCT / product
    assert not folder.exists() or not any(folder.iterdir()), "nothing written"


def test_the_naming_example_checks_names_and_pixels_in_the_one_pass(
    axiom: Axiom, tmp_path: Path, plates: Path
) -> None:
    config = _config(tmp_path, ["studio_naming.py"])
    checked = axiom("--config", config, "qc", plates / "plate.####.png", "--json")
    assert checked.code == 1, checked.err
    checks = {check["id"]: check for check in checked.json()[0]["qc"]["checks"]}
    assert checks["studio.magenta"]["status"] == "fail"
    assert checks["studio.magenta"]["frames"] == [1003, 1006], "found on the decoded pixels"
    assert checks["studio.naming"]["status"] == "skip", "axiom qc has no product to name"
    assert checks["black_frames"]["status"] == "pass", "AXIOM's own checks still run"

    refused = _publish(axiom, config, plates / "plate.####.png", product="BG-Plate")
    assert refused.code == 1
    message = refused.error()["message"]
    assert "studio.naming: product 'BG-Plate' does not follow the studio naming" in message
    assert "studio.magenta: 2 frame(s)" in message
    _nothing_reserved(axiom, "BG-Plate")

    clean = tmp_path / "clean"
    write_sequence(clean, "plate", 1001, 1010, width=64, height=36)
    published = _publish(axiom, config, clean / "plate.####.png", product="bg_plate")
    assert published.code == 0, published.err
    recorded = {check["id"]: check["status"] for check in published.json()["qc"]["checks"]}
    assert recorded["studio.naming"] == recorded["studio.magenta"] == "pass"


def test_severity_overrides_studio_wide_and_per_project(
    axiom: Axiom, tmp_path: Path, plates: Path
) -> None:
    config = _config(
        tmp_path,
        ["studio_naming.py"],
        '[plugins.severity]\n"studio.magenta" = "warn"\n'
        '[plugins.options.studio_naming]\npattern = "[a-z]+"\n',
    )
    published = _publish(axiom, config, plates / "plate.####.png")
    assert published.code == 0, published.err
    recorded = {check["id"]: check["status"] for check in published.json()["qc"]["checks"]}
    assert recorded["studio.magenta"] == "warn" and published.json()["qc"]["verdict"] == "warn"

    strict = _config(
        tmp_path,
        ["studio_naming.py"],
        '[plugins.severity]\n"studio.magenta" = "warn"\n'
        '[plugins.projects.proj.severity]\n"studio.magenta" = "fail"\n',
    )
    assert _publish(axiom, strict, plates / "plate.####.png").code == 1

    typo = _config(
        tmp_path, ["studio_naming.py"], '[plugins.severity]\n"studio.magneta" = "warn"\n'
    )
    refused = _publish(axiom, typo, plates / "plate.####.png")
    assert refused.code == 2
    assert "'studio.magneta', which no loaded plugin declares" in refused.error()["message"]


def test_the_log_example_hears_each_publish_and_decision(
    axiom: Axiom, tmp_path: Path, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "service" / "publishes.jsonl"
    log.parent.mkdir()
    config = _config(
        tmp_path,
        ["publish_log.py"],
        f"[plugins.options.publish_log]\npath = {json.dumps(str(log))}\n",
    )
    first = _publish(axiom, config, media / "clip.mov")
    assert first.code == 0, first.err
    assert first.json()["plugin_warnings"] == []
    monkeypatch.setenv("AXIOM_USER", "lead.cli")
    monkeypatch.setenv("AXIOM_REVIEW_LEADS", "lead.cli")
    axiom.ok("--config", config, "review", "approve", "proj/sh010/main/plate/v001", "--note", "ok")
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [line["event"] for line in lines] == ["publish", "review"]
    assert lines[0]["version_id"] == first.json()["id"] and lines[0]["version"] == "v001"
    assert (lines[1]["decision"], lines[1]["reviewer"], lines[1]["note"]) == (
        "approved", "lead.cli", "ok",
    )  # fmt: skip


RAISES_IN_VALIDATE = """
    API = 1
    NAME = "bad_validate"
    CHECKS = {"bad.check": "never runs"}

    def validate(item):
        raise KeyError("frame_range")
"""
HANGS_ON_A_FRAME = """
    import threading
    API = 1
    NAME = "stuck_frames"
    CHECKS = {"stuck.check": "hangs"}

    class Stuck:
        def frame(self, view):
            threading.Event().wait(60)

        def finish(self):
            return []

    def validate(item):
        return Stuck()
"""


@pytest.mark.parametrize(
    ("plugin", "name", "reason"),
    [
        (RAISES_IN_VALIDATE, "bad_validate", "KeyError: 'frame_range'"),
        (HANGS_ON_A_FRAME, "stuck_frames", "a frame check did not return within 0.5 s"),
    ],
)
def test_a_validate_that_raises_or_hangs_is_a_failing_check_naming_it(
    axiom: Axiom, tmp_path: Path, media: Path, plugin: str, name: str, reason: str
) -> None:
    config = _config(tmp_path, [plugin], timeout=0.5)
    started = time.monotonic()
    refused = _publish(axiom, config, media / "seq" / "plate.####.png")
    assert time.monotonic() - started < 30, "a hung plugin does not hang the publish"
    assert refused.code == 1
    message = refused.error()["message"]
    assert f"plugin.{name}: the studio plugin {name}" in message and reason in message
    _nothing_reserved(axiom, "plate")
    overridden = axiom(
        "--config", config, "publish", media / "seq" / "plate.####.png", "--project", "proj",
        "--shot", "sh010", "--product", "plate", "--allow-qc-fail", "plugin broken", "--json",
    )  # fmt: skip
    assert overridden.code == 0, "an override publishes past it, like any QC failure"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('return "the shot is locked for the edit"', "refused the publish of"),
        ('raise Refusal("client review pending")', "client review pending"),
        ("raise RuntimeError('tracker lookup broke')", "RuntimeError: tracker lookup broke"),
        ("threading.Event().wait(60)", "did not finish within 0.5 s"),
    ],
)
def test_a_pre_commit_that_refuses_raises_or_hangs_refuses_before_any_reservation(
    axiom: Axiom, tmp_path: Path, media: Path, body: str, expected: str
) -> None:
    plugin = f"""
        import threading
        from axiom_publisher.core.plugin import Refusal
        API = 1
        NAME = "gate"

        def pre_commit(item, qc):
            assert qc.verdict.value != "fail" and item.context.entity == "sh010"
            {body}
    """
    config = _config(tmp_path, [plugin], timeout=0.5)
    refused = _publish(axiom, config, media / "clip.mov")
    assert refused.code == 1
    error = refused.error()
    assert error["type"] == "PluginRefusedError" and expected in error["message"]
    assert "gate" in error["message"]
    _nothing_reserved(axiom, "plate")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("raise OSError(28, 'No space left on device')", "No space left on device"),
        ("threading.Event().wait(60)", "did not finish within 0.5 s"),
    ],
)
def test_a_post_publish_that_fails_or_hangs_never_fails_the_publish(
    axiom: Axiom, tmp_path: Path, media: Path, body: str, reason: str
) -> None:
    plugin = f"""
        import threading
        API = 1
        NAME = "notifier"

        def post_publish(version, options):
            {body}
    """
    config = _config(tmp_path, [plugin], timeout=0.5)
    published = _publish(axiom, config, media / "clip.mov")
    assert published.code == 0, published.err
    record = published.json()
    assert record["status"] == "published"
    (warning,) = record["plugin_warnings"]
    assert "plugin 'notifier' failed in post_publish" in warning and reason in warning
    assert [v["status"] for v in axiom.ok("versions", "--json").json()] == ["published"]
    shown = axiom("--config", config, "publish", media / "clip.mp4", "--project", "proj",
                  "--shot", "sh010", "--product", "plate")  # fmt: skip
    assert shown.code == 0 and "axiom: warning: plugin 'notifier'" in shown.err


def test_axiom_plugins_lists_origins_and_broken_plugins(
    axiom: Axiom, tmp_path: Path, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed package's entry point: a real distribution on sys.path.
    site = tmp_path / "site"
    (site / "studio_pkg").mkdir(parents=True)
    (site / "studio_pkg" / "__init__.py").write_text(
        'API = 1\nNAME = "studio_pkg"\n\ndef post_publish(version, options):\n    pass\n',
        encoding="utf-8",
    )
    info = site / "studio_pkg-1.2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: studio-pkg\nVersion: 1.2.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[axiom_publisher.plugins]\nstudio_pkg = studio_pkg\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    broken = "API = 1\nNAME = 'broken'\ndef validate(item:\n"
    old_api = 'API = 0\nNAME = "old"\n\ndef post_publish(version):\n    pass\n'
    config = _config(tmp_path, ["studio_naming.py", "publish_log.py"])
    folder = tmp_path / "studio-plugins"
    (folder / "broken.py").write_text(broken, encoding="utf-8")
    (folder / "old.py").write_text(old_api, encoding="utf-8")

    listed = axiom("--config", config, "plugins", "--json")
    assert listed.code == 1, "a plugin that cannot run fails the install check"
    plugins = {plugin["name"]: plugin for plugin in listed.json()["plugins"]}
    assert plugins["studio_pkg"]["origin"] == (
        "entry point studio_pkg = studio_pkg (studio-pkg 1.2.0)"
    )
    assert plugins["studio_naming"]["hooks"] == ["validate"]
    assert plugins["studio_naming"]["origin"] == str(folder / "studio_naming.py")
    assert plugins["publish_log"]["hooks"] == ["post_publish", "post_review"]
    assert plugins["broken"]["status"] == "error"
    assert "SyntaxError" in plugins["broken"]["error"]
    assert "written for plugin API 0" in plugins["old"]["error"]
    text = axiom("--config", config, "plugins")
    assert "broken: cannot load: SyntaxError" in text.out

    # A broken plugin warns on every QC report; it does not stop the studio publishing.
    published = _publish(axiom, config, media / "clip.mov", product="bg")
    assert published.code == 0, published.err
    warned = [c for c in published.json()["qc"]["checks"] if c["id"] == "plugins.load"]
    assert [check["status"] for check in warned] == ["warn", "warn"]


def test_ingest_runs_the_plugin_checks_per_item(axiom: Axiom, tmp_path: Path, plates: Path) -> None:
    delivery = tmp_path / "delivery"
    shutil.copytree(plates, delivery / "sh010_plate")
    write_sequence(delivery / "sh010_ref", "ref", 1001, 1010, width=64, height=36)
    config = _config(tmp_path, ["studio_naming.py"])
    ran = axiom("--config", config, "ingest", delivery, "--project", "proj", "--json")
    assert ran.code == 1, ran.err
    results = {result["display"]: result for result in ran.json()["results"]}
    magenta = next(r for name, r in results.items() if "sh010_plate" in name)
    assert magenta["outcome"] == "failed" and "studio.magenta" in magenta["reason"]
    good = next(r for name, r in results.items() if "sh010_ref" in name)
    assert good["outcome"] == "published"
