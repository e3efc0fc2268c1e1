"""A sequence's missing frames are placeholders in its proxy: proxy frame i is shot frame
first + i, so the viewer's frame numbers stay right after a gap."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from axiom_publisher.media.analyze import analyze_source
from axiom_publisher.media.proxy import MISSING_YUV
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.sources import resolve_source


def proxy_lumas(path: Path) -> list[float]:
    """The mean of each proxy frame's Y plane (limited range, as encoded)."""
    with av.open(str(path)) as container:
        return [
            float(frame.to_ndarray()[: frame.height].mean()) for frame in container.decode(video=0)
        ]


def test_a_gap_is_filled_with_placeholders_so_frames_keep_their_numbers(tmp_path: Path) -> None:
    write_sequence(tmp_path / "seq", "plate", 1001, 1012, width=64, height=36,
                   skip=frozenset({1005, 1006}))  # fmt: skip
    source = resolve_source(tmp_path / "seq" / "plate.####.png")
    assert source.missing_frames == (1005, 1006)
    (scratch := tmp_path / "scratch").mkdir()
    analysis = analyze_source(source, scratch)
    proxy = analysis.outputs.proxy
    assert proxy is not None
    lumas = proxy_lumas(proxy)
    assert len(lumas) == 12  # 1001..1012, the two missing ones included
    placeholder = [index for index, luma in enumerate(lumas) if abs(luma - MISSING_YUV[0]) < 3]
    assert placeholder == [4, 5]  # 1005 and 1006
    # Index 6 is shot frame 1007 (not 1005's or 1008's picture): frames keep their numbers.
    with av.open(str(proxy)) as container:
        shown = list(container.decode(video=0))[6].to_ndarray(format="gray").astype(np.float64)

    def distance(frame: int) -> float:
        with av.open(str(tmp_path / "seq" / f"plate.{frame}.png")) as container:
            picture = next(container.decode(video=0)).to_ndarray(format="gray")
        return float(np.abs(picture.astype(np.float64) - shown).mean())

    assert distance(1007) < min(distance(1004), distance(1008))


def test_a_movie_is_never_padded(tmp_path: Path) -> None:
    from axiom_publisher.media.synth import write_clip

    clip = write_clip(tmp_path / "clip.mov", frames=10, width=64, height=36)
    (scratch := tmp_path / "scratch").mkdir()
    analysis = analyze_source(resolve_source(clip), scratch)
    assert analysis.outputs.proxy is not None
    assert len(proxy_lumas(analysis.outputs.proxy)) == 10
