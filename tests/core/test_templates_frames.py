"""Path templates with optional sections, and frame ranges."""

from __future__ import annotations

import pytest

from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.frames import FrameRange, compact_frames
from axiom_publisher.core.templates import render_template, template_fields

DEFAULT = (
    "{project}/{entity}/{task}/{product}/v{version:03d}/{product}_v{version:03d}[.{frame}].{ext}"
)
VALUES = {
    "project": "p",
    "entity": "sh010",
    "task": "comp",
    "product": "plate",
    "version": 3,
    "ext": "exr",
}


def test_optional_section_is_kept_only_with_its_fields() -> None:
    assert (
        render_template(DEFAULT, dict(VALUES, frame="1001"))
        == "p/sh010/comp/plate/v003/plate_v003.1001.exr"
    )
    assert (
        render_template(DEFAULT, dict(VALUES, frame=None))
        == "p/sh010/comp/plate/v003/plate_v003.exr"
    )


def test_a_missing_required_field_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="needs ext"):
        render_template(DEFAULT, {key: value for key, value in VALUES.items() if key != "ext"})


def test_fields_are_listed_in_order() -> None:
    assert template_fields(DEFAULT) == [
        "project",
        "entity",
        "task",
        "product",
        "version",
        "product",
        "version",
        "frame",
        "ext",
    ]


def test_frame_ranges() -> None:
    assert FrameRange.parse("1001-1100").count == 100
    assert FrameRange.parse(" -5--1 ") == FrameRange(-5, -1)
    with pytest.raises(ValueError, match="ends before it starts"):
        FrameRange.parse("1100-1001")
    with pytest.raises(ValueError, match="not a frame range"):
        FrameRange.parse("1001..1100")
    assert compact_frames([7, 1, 2, 3, 9, 10]) == "1-3,7,9-10"
    assert compact_frames([]) == ""
