"""The [media] section: defaults, layering, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.config import MediaSettings, load_settings, parse_media_settings
from axiom_publisher.core.errors import ConfigError


def test_defaults_are_the_documented_proxy() -> None:
    media = parse_media_settings({})
    assert media == MediaSettings()
    assert (media.proxy_height, media.proxy_crf, media.keyframe_seconds) == (720, 23, 1.0)
    assert media.thumbnail_frame is None and media.ocio_config is None
    assert media.display_quality == "baked"


def test_packaged_defaults_parse_to_the_same(axiom_env: dict[str, str]) -> None:
    assert load_settings(axiom_env).media == MediaSettings()


def test_a_studio_file_sets_media(axiom_env: dict[str, str], tmp_path: Path) -> None:
    studio = tmp_path / "studio.toml"
    studio.write_text(
        '[media]\nproxy_height = 1080\nthumbnail_frame = 1010\nocio_config = "/show/ocio.ocio"\n'
        'ocio_view = "Film"\ndisplay_quality = "exact"\n'
    )
    media = load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(studio))).media
    assert media.proxy_height == 1080 and media.thumbnail_frame == 1010
    assert media.ocio_config == "/show/ocio.ocio" and media.ocio_view == "Film"
    assert media.ocio_display is None and media.display_quality == "exact"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"proxy_height": 721}, "media.proxy_height=721 is odd"),
        ({"proxy_height": 8}, "media.proxy_height=8 is not a whole number from 16"),
        ({"proxy_crf": 60}, "media.proxy_crf=60"),
        ({"proxy_preset": "placebo"}, "media.proxy_preset='placebo' is not one of ultrafast"),
        ({"display_quality": "fast"}, "is not one of baked, exact"),
        ({"keyframe_seconds": 0}, "must be above 0"),
        ({"ocio_view": 3}, "media.ocio_view=3 must be a string"),
        ({"proxy_heigth": 720}, "media.proxy_heigth is not a media setting; valid keys:"),
    ],
)
def test_bad_media_settings_name_the_key(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_media_settings(raw)
