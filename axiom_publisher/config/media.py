"""The [media] section: the review proxy, the thumbnail, colour management, decode limits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from axiom_publisher.config.values import NUMBER, TEXT, WHOLE, Kind, number, reject_unknown, table
from axiom_publisher.core.errors import ConfigError

MEDIA_KEYS = (
    "proxy_height",
    "proxy_crf",
    "proxy_preset",
    "keyframe_seconds",
    "thumbnail_frame",
    "ocio_config",
    "ocio_display",
    "ocio_view",
    "display_quality",
    "decode_timeout",
)
MEDIA_TYPES: Mapping[str, Kind] = {
    "proxy_height": WHOLE,
    "proxy_crf": WHOLE,
    "proxy_preset": TEXT,
    "keyframe_seconds": NUMBER,
    "thumbnail_frame": WHOLE,
    "ocio_config": TEXT,
    "ocio_display": TEXT,
    "ocio_view": TEXT,
    "display_quality": TEXT,
    "decode_timeout": NUMBER,
}
X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow")
DISPLAY_QUALITIES = ("baked", "exact")


@dataclass(frozen=True, slots=True)
class MediaSettings:
    proxy_height: int = 720
    proxy_crf: int = 23
    proxy_preset: str = "veryfast"
    keyframe_seconds: float = 1.0
    thumbnail_frame: int | None = None  # None: the middle frame (0 in TOML)
    ocio_config: str | None = None  # None: OCIO's built-in ACES config
    ocio_display: str | None = None  # None: the config's default display
    ocio_view: str | None = None  # None: that display's default view
    display_quality: str = "baked"  # baked (a 3D LUT of the transform) | exact
    decode_timeout: float = 30.0  # seconds without decoder progress before giving up


def _whole(raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"media.{key}={value!r} is not a whole number from {low} to {high}")
    return value


def _choice(raw: Mapping[str, Any], key: str, default: str, choices: tuple[str, ...]) -> str:
    value = raw.get(key, default)
    if value not in choices:
        raise ConfigError(f"media.{key}={value!r} is not one of {', '.join(choices)}")
    return str(value)


def _text(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise ConfigError(f"media.{key}={value!r} must be a string")
    return value.strip() or None


def parse_media_settings(raw: Any) -> MediaSettings:
    """Validate the merged [media] table; errors name the key and what it accepts."""
    values = table(raw, "media")
    reject_unknown(values, MEDIA_KEYS, "media", "media")
    height = _whole(values, "proxy_height", 720, 16, 4320)
    if height % 2:
        raise ConfigError(f"media.proxy_height={height} is odd; H.264 4:2:0 needs an even height")
    keyframe = number(values, "keyframe_seconds", "media", 1.0)
    timeout = number(values, "decode_timeout", "media", 30.0)
    if keyframe <= 0 or timeout <= 0:
        raise ConfigError("media.keyframe_seconds and media.decode_timeout must be above 0")
    return MediaSettings(
        proxy_height=height,
        proxy_crf=_whole(values, "proxy_crf", 23, 0, 51),
        proxy_preset=_choice(values, "proxy_preset", "veryfast", X264_PRESETS),
        keyframe_seconds=keyframe,
        thumbnail_frame=_whole(values, "thumbnail_frame", 0, -(10**7), 10**7) or None,
        ocio_config=_text(values, "ocio_config"),
        ocio_display=_text(values, "ocio_display"),
        ocio_view=_text(values, "ocio_view"),
        display_quality=_choice(values, "display_quality", "baked", DISPLAY_QUALITIES),
        decode_timeout=timeout,
    )
