"""The [qc] configuration section: defaults, layers, per-project overrides, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.config import (
    QCSettings,
    build_spec,
    load_settings,
    parse_qc_settings,
    qc_settings_for,
)
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.qc import AudioPolicy, QCStatus
from axiom_publisher.qc import evaluate
from tests.qc.helpers import plate


def _studio(axiom_env: dict[str, str], tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "studio.toml"
    path.write_text(text, encoding="utf-8")
    return dict(axiom_env, AXIOM_STUDIO_CONFIG=str(path))


def test_packaged_defaults(axiom_env: dict[str, str]) -> None:
    qc = load_settings(axiom_env).qc
    assert qc == QCSettings()
    assert (qc.black_level, qc.frozen_run, qc.fps_tolerance) == (0.02, 3, 0.01)
    assert qc.audio is AudioPolicy.ANY
    assert qc.naming == ""
    assert qc.pixel_aspect == 1.0
    assert (qc.min_duration, qc.max_duration) == (None, None)
    assert dict(qc.severity) == {}
    assert qc_settings_for(load_settings(axiom_env), "anything") == qc


def test_studio_settings_and_a_project_override(axiom_env: dict[str, str], tmp_path: Path) -> None:
    env = _studio(
        axiom_env,
        tmp_path,
        """
[qc]
black_level = 0.05
frozen_run = 4
audio = "forbidden"
naming = 'sh\\d{3}_.*'
max_duration = 600
[qc.severity]
black_frames = "fail"
colorspace = "skip"
[qc.projects.feat]
frozen_run = 2
audio = "Required"
[qc.projects.feat.severity]
black_frames = "warn"
""",
    )
    settings = load_settings(env)
    studio = settings.qc
    assert (studio.black_level, studio.frozen_run, studio.audio) == (0.05, 4, AudioPolicy.FORBIDDEN)
    assert studio.naming == r"sh\d{3}_.*"
    assert studio.max_duration == 600.0
    assert dict(studio.severity) == {"black_frames": QCStatus.FAIL, "colorspace": QCStatus.SKIP}

    feat = qc_settings_for(settings, "feat")
    assert feat.frozen_run == 2
    assert feat.audio is AudioPolicy.REQUIRED
    assert feat.black_level == 0.05  # inherited from the studio
    assert feat.naming == r"sh\d{3}_.*"
    # the project's severities merge over the studio's, key by key
    assert dict(feat.severity) == {"black_frames": QCStatus.WARN, "colorspace": QCStatus.SKIP}

    assert qc_settings_for(settings, "other") is studio
    assert qc_settings_for(settings, None) is studio
    assert qc_settings_for(settings, "FEAT") is studio  # project codes match exactly


def test_a_later_layer_adds_to_a_projects_overrides(
    axiom_env: dict[str, str], tmp_path: Path
) -> None:
    env = _studio(axiom_env, tmp_path, "[qc.projects.feat]\nfrozen_run = 2\n")
    user = tmp_path / "user.toml"
    user.write_text('[qc.projects.feat.severity]\nduration = "fail"\n', encoding="utf-8")
    feat = qc_settings_for(load_settings(dict(env, AXIOM_USER_CONFIG=str(user))), "feat")
    assert feat.frozen_run == 2
    assert dict(feat.severity) == {"duration": QCStatus.FAIL}


def test_settings_are_read_only() -> None:
    qc = parse_qc_settings({"severity": {"nan_inf": "warn"}})
    with pytest.raises(TypeError):
        qc.severity["nan_inf"] = QCStatus.FAIL  # type: ignore[index]
    assert hash(qc) == hash(parse_qc_settings({"severity": {"nan_inf": "warn"}}))


@pytest.mark.parametrize(
    ("raw", "messages"),
    [
        (
            {"severity": {"blak_frames": "warn"}},
            ["qc.severity.blak_frames is not a QC check", "black_frames", "nan_inf"],
        ),
        (
            {"severity": {"black_frames": "error"}},
            ["qc.severity.black_frames='error' is not a QC status", "pass, skip, warn, fail"],
        ),
        (
            {"audio": "maybe"},
            ["qc.audio='maybe' is not an audio policy", "any, required, forbidden"],
        ),
        (
            {"naming": "sh[0-9"},
            ["qc.naming='sh[0-9' is not a valid regular expression"],
        ),
        (
            {"projects": {"feat": {"severity": {"fps": "sometimes"}}}},
            ["qc.projects.feat.severity.fps='sometimes'"],
        ),
        (
            {"projects": {"feat": {"naming": "("}}},
            ["qc.projects.feat.naming='('"],
        ),
        ({"frozen_runs": 3}, ["qc.frozen_runs is not a QC setting", "frozen_run"]),
        ({"frozen_run": 0}, ["qc.frozen_run=0"]),
        ({"frozen_run": True}, ["qc.frozen_run=True"]),
        ({"black_level": "dark"}, ["qc.black_level='dark' is not a number"]),
        ({"frozen_threshold": "low"}, ["qc.frozen_threshold='low' is not a number"]),
        ({"frozen_threshold": -0.001}, ["qc.frozen_threshold=-0.001 is negative"]),
        ({"frozen_threshold": 0.05}, ["qc.frozen_threshold=0.05 is above 0.01", "default 0.0014"]),
        ({"black_level": 2}, ["above 1"]),
        ({"fps_tolerance": -1}, ["qc.fps_tolerance=-1 is negative"]),
        ({"min_duration": 10, "max_duration": 5}, ["qc.min_duration=10 is above"]),
        ({"severity": "fail"}, ["qc.severity must be a table"]),
        ({"projects": {"feat": {"projects": {}}}}, ["do not nest"]),
    ],
)
def test_invalid_qc_settings_name_the_key_and_valid_values(
    raw: dict[str, object], messages: list[str]
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_qc_settings(raw)
    for message in messages:
        assert message in str(caught.value)


def test_a_bad_qc_setting_in_a_file_stops_loading(
    axiom_env: dict[str, str], tmp_path: Path
) -> None:
    env = _studio(axiom_env, tmp_path, '[qc.severity]\nframes = "warn"\n')
    with pytest.raises(ConfigError, match="qc.severity.frames is not a QC check"):
        load_settings(env)


def test_frozen_threshold_default_override_and_off(
    axiom_env: dict[str, str], tmp_path: Path
) -> None:
    """Held frames of lossy media: the measured default, a studio/project value, 0 = off."""
    assert QCSettings().frozen_threshold == 0.0014
    assert load_settings(axiom_env).qc.frozen_threshold == 0.0014
    env = _studio(
        axiom_env,
        tmp_path,
        "[qc]\nfrozen_threshold = 0.0005\n[qc.projects.feat]\nfrozen_threshold = 0\n",
    )
    settings = load_settings(env)
    assert settings.qc.frozen_threshold == 0.0005
    assert qc_settings_for(settings, "feat").frozen_threshold == 0.0


def test_zero_means_not_checked() -> None:
    qc = parse_qc_settings({"pixel_aspect": 0, "min_duration": 0, "max_duration": 0})
    assert (qc.pixel_aspect, qc.min_duration, qc.max_duration) == (None, None, None)


def test_build_spec_combines_project_targets_and_qc_settings() -> None:
    qc = parse_qc_settings(
        {
            "black_level": 0.1,
            "frozen_run": 5,
            "fps_tolerance": 0.05,
            "audio": "required",
            "naming": r"sh\d+.*",
            "min_duration": 1,
            "severity": {"frame_range": "warn"},
        }
    )
    spec = build_spec(
        qc,
        width=2048,
        height=1080,
        fps=24.0,
        colorspace="ACEScg",
        frame_range=FrameRange(999, 1012),
    )
    assert (spec.width, spec.height, spec.fps, spec.colorspace) == (2048, 1080, 24.0, "ACEScg")
    assert spec.frame_range == FrameRange(999, 1012)
    assert (spec.black_level, spec.frozen_run, spec.fps_tolerance) == (0.1, 5, 0.05)
    assert spec.audio is AudioPolicy.REQUIRED
    assert spec.naming_pattern == r"sh\d+.*"
    assert (spec.min_duration, spec.max_duration) == (1.0, None)
    assert spec.severity == {"frame_range": QCStatus.WARN}
    # the project's severity reaches the report: short handles only warn in this project
    report = evaluate(plate(FrameRange(1000, 1012)), spec)
    assert next(c for c in report.checks if c.id == "frame_range").status is QCStatus.WARN

    empty = build_spec(
        QCSettings(), width=None, height=None, fps=None, colorspace=None, frame_range=None
    )
    assert empty.naming_pattern is None
    assert evaluate(plate(), empty).verdict is QCStatus.PASS
