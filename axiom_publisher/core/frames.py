"""Frame ranges and lists of frame numbers, written compactly for people and JSON."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FrameRange:
    """An inclusive range of frame numbers."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"frame range {self.first}-{self.last} ends before it starts")

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    def __str__(self) -> str:
        return f"{self.first}-{self.last}"

    @classmethod
    def parse(cls, text: str) -> FrameRange:
        """Parse `1001-1100` (also negative frames such as `-5--1`)."""
        match = re.fullmatch(r"\s*(-?\d+)\s*-\s*(-?\d+)\s*", text)
        if match is None:
            raise ValueError(f"{text!r} is not a frame range like 1001-1100")
        return cls(int(match.group(1)), int(match.group(2)))


def compact_frames(frames: Iterable[int]) -> str:
    """`[1, 2, 3, 7, 9, 10]` -> `1-3,7,9-10`."""
    ordered = sorted(set(frames))
    parts: list[str] = []
    index = 0
    while index < len(ordered):
        start = index
        while index + 1 < len(ordered) and ordered[index + 1] == ordered[index] + 1:
            index += 1
        first, last = ordered[start], ordered[index]
        parts.append(str(first) if first == last else f"{first}-{last}")
        index += 1
    return ",".join(parts)
