"""Path templates: `{field}` and `{field:03d}` replacement with optional `[...]` sections.

An optional section is kept only when every field inside it has a value, so
`{product}_v{version:03d}[.{frame}].{ext}` renders `plate_v003.1001.exr` for a frame of a
sequence and `plate_v003.mov` for a movie.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

from axiom_publisher.core.errors import ConfigError

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_FORMATTER = string.Formatter()


def template_fields(template: str) -> list[str]:
    """The field names a template uses, in order of appearance."""
    try:
        parsed = list(_FORMATTER.parse(template.replace("[", "").replace("]", "")))
    except ValueError as error:
        raise ConfigError(f"path template {template!r} is malformed: {error}") from error
    return [field for _, field, _, _ in parsed if field]


def render_template(template: str, values: Mapping[str, object]) -> str:
    """Fill a template; optional sections whose fields are missing or None are dropped."""

    def optional(match: re.Match[str]) -> str:
        inner = match.group(1)
        if all(values.get(field) is not None for field in template_fields(inner)):
            return inner
        return ""

    flat = _OPTIONAL.sub(optional, template)
    missing = [field for field in template_fields(flat) if values.get(field) is None]
    if missing:
        raise ConfigError(
            f"path template {template!r} needs {', '.join(missing)}, which this publish lacks"
        )
    try:
        return flat.format_map(dict(values))
    except (ValueError, KeyError, IndexError) as error:
        raise ConfigError(f"path template {template!r} cannot be rendered: {error}") from error
