"""Annotations: strokes drawn on a frame of a version during review.

A stroke's points are in picture coordinates normalised to the source picture: (0, 0) is the
top-left corner of the picture, (1, 1) its bottom-right, so a stroke stays on the same picture
spot at any zoom, pan, window size or proxy resolution. Its width is a fraction of the
picture's height for the same reason. `Stroke.to_json` / `Stroke.from_json` are the form the
database keeps (the `annotation.data` column).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axiom_publisher.core.errors import BadInputError

MAX_POINTS = 20_000
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Tool(str, enum.Enum):
    """What a stroke is: a free pen line or a shape between its first and last point."""

    PEN = "pen"
    LINE = "line"
    ARROW = "arrow"
    RECTANGLE = "rectangle"
    ELLIPSE = "ellipse"
    TEXT = "text"

    @property
    def label(self) -> str:
        return self.value.capitalize()


Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Stroke:
    """One drawn mark. Shapes use their first and last points (the drag); text is drawn at
    its first point. `pressures` is one tablet pressure (0..1) per point, or empty."""

    tool: Tool
    points: tuple[Point, ...]
    colour: str = "#ff3030"
    width: float = 0.005  # fraction of the picture height
    text: str = ""
    pressures: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if not self.points:
            raise BadInputError(f"a {self.tool.value} stroke needs at least one point")
        if len(self.points) > MAX_POINTS:
            raise BadInputError(f"a stroke is limited to {MAX_POINTS} points")
        if not _COLOUR.match(self.colour):
            raise BadInputError(f"stroke colour {self.colour!r} is not #rrggbb")
        if not 0 < self.width <= 0.2:
            raise BadInputError(f"stroke width {self.width} is not in (0, 0.2] of the height")
        if self.pressures and len(self.pressures) != len(self.points):
            raise BadInputError("a stroke needs one pressure per point, or none")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "tool": self.tool.value,
            "points": [[round(x, 6), round(y, 6)] for x, y in self.points],
            "colour": self.colour,
            "width": self.width,
        }
        if self.text:
            data["text"] = self.text
        if self.pressures:
            data["pressures"] = [round(p, 4) for p in self.pressures]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Stroke:
        try:
            return cls(
                tool=Tool(data["tool"]),
                points=tuple((float(x), float(y)) for x, y in data["points"]),
                colour=str(data.get("colour", "#ff3030")),
                width=float(data.get("width", 0.005)),
                text=str(data.get("text", "")),
                pressures=tuple(float(p) for p in data.get("pressures", ())),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise BadInputError(
                f"an annotation stroke cannot be read ({error}): {data!r}"
            ) from error


@dataclass(frozen=True, slots=True)
class Annotation:
    """A stored stroke: on which version and shot frame, by whom, when, with which note."""

    id: int
    version_id: int
    frame: int
    author: str
    created_at: datetime
    stroke: Stroke
    note_id: int | None = None
