"""The [editorial] section: how `axiom editorial import` turns an edit's clips into shots."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from axiom_publisher.config.values import TEXT, WHOLE, Kind, reject_unknown, table
from axiom_publisher.core.editorial import compile_shot_pattern
from axiom_publisher.core.errors import BadInputError, ConfigError

EDITORIAL_KEYS = ("shot_pattern", "handles", "frame_start")
EDITORIAL_TYPES: Mapping[str, Kind] = {"shot_pattern": TEXT, "handles": WHOLE, "frame_start": WHOLE}
DEFAULT_SHOT_PATTERN = r"(?P<shot>[a-z]{2}\d{3})"


@dataclass(frozen=True, slots=True)
class EditorialSettings:
    """The shot code in a clip name, and the handles and first frame of imported shots.

    `handles` and `frame_start` None: the project's own (8 and 1001 unless it says otherwise).
    """

    shot_pattern: str = DEFAULT_SHOT_PATTERN
    handles: int | None = None
    frame_start: int | None = None


def _whole(values: Any, key: str, *, minimum: int | None) -> int | None:
    value = values.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"editorial.{key}={value!r} is not a whole number")
    if minimum is not None and value < minimum:
        raise ConfigError(f"editorial.{key}={value} is negative; use 0 or more")
    return value


def parse_editorial_settings(raw: Any) -> EditorialSettings:
    """Validate the merged [editorial] table; errors name the key and what it accepts."""
    values = table(raw, "editorial")
    reject_unknown(values, EDITORIAL_KEYS, "editorial", "known")
    pattern = values.get("shot_pattern", DEFAULT_SHOT_PATTERN)
    if not isinstance(pattern, str):
        raise ConfigError(f"editorial.shot_pattern={pattern!r} must be a regular expression")
    try:
        compile_shot_pattern(pattern)
    except BadInputError as error:
        raise ConfigError(f"editorial.shot_pattern: {error}") from error
    return EditorialSettings(
        shot_pattern=pattern,
        handles=_whole(values, "handles", minimum=0),
        frame_start=_whole(values, "frame_start", minimum=None),
    )
