"""The packaged style sheet: every image it names exists (a missing one draws nothing)."""

from __future__ import annotations

import re
from pathlib import Path

from axiom_publisher.ui.style import style_sheet


def test_style_sheet_images_point_at_packaged_icons() -> None:
    sheet = style_sheet()
    assert "@ICONS@" not in sheet
    urls = re.findall(r"url\(([^)]+)\)", sheet)
    assert any(url.endswith("chevron-down.svg") for url in urls)  # combo boxes show an arrow
    for url in urls:
        assert Path(url).is_file(), f"style.qss names a missing image: {url}"
