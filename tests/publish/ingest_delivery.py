"""A generated vendor delivery for the ingest tests (small media: 64x36, a few frames).

`write_delivery(folder)` writes 43 items and returns what a run must make of them:

- 20 movies `ab001_plate.mov` .. `ab020_plate.mov` and 15 PNG sequences
  `seq/ab101_plate.####.png` .. `seq/ab115_plate.####.png`, all different pictures;
- `seq/ab150_plate.####.png` missing its frame 1002; `ab099_plate.mov` corrupt (not a movie);
- `zz_dupes/ab001_ref.mov` (a copy of ab001_plate.mov) and `zz_dupes/ab101_ref.####.png`
  (a copy of the ab101 sequence): the duplicates, named last so they come after the originals;
- unmatched: `misc/board.png`, `misc/notes.txt`, `misc/unknown_clip.mov` (no rule matches)
  and `ab999_plate.mov` (matches as shot ab999, which the project does not have).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.media.synth import write_clip, write_sequence

W, H = 64, 36
MOVIES = [f"ab{n:03d}" for n in range(1, 21)]
SEQUENCES = [f"ab{n:03d}" for n in range(101, 116)]
SHOTS = [*MOVIES, *SEQUENCES, "ab099", "ab150"]  # the shots the project must have


@dataclass(frozen=True)
class Delivery:
    root: Path
    published: dict[str, str]  # item name -> shot
    duplicates: dict[str, str]  # item name -> the name of the item it duplicates
    failed: dict[str, str]  # item name -> a word its reason contains
    unmatched: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.published) + len(self.duplicates) + len(self.failed) + len(self.unmatched)


def write_delivery(root: Path) -> Delivery:
    published: dict[str, str] = {}
    for number, shot in enumerate(MOVIES):
        write_clip(root / f"{shot}_plate.mov", frames=2 + number, width=W, height=H)
        published[f"{shot}_plate.mov"] = shot
    for number, shot in enumerate(SEQUENCES):
        write_sequence(root / "seq", f"{shot}_plate", 1001, 1002 + number, W, H, "png")
        published[f"seq/{shot}_plate.####.png"] = shot
    write_sequence(root / "seq", "ab150_plate", 1001, 1003, W, H, "png", skip=frozenset({1002}))
    (root / "ab099_plate.mov").write_bytes(b"\x00\x00\x00\x14ftypqt  " + bytes(range(256)) * 8)
    dupes = root / "zz_dupes"
    dupes.mkdir()
    shutil.copyfile(root / "ab001_plate.mov", dupes / "ab001_ref.mov")
    for frame in (1001, 1002):
        shutil.copyfile(root / "seq" / f"ab101_plate.{frame}.png", dupes / f"ab101_ref.{frame}.png")
    write_sequence(root / "misc", "board", 1, 1, W, H, "png")
    (root / "misc" / "notes.txt").write_text("plates for the ab sequence\n", encoding="utf-8")
    write_clip(root / "misc" / "unknown_clip.mov", frames=30, width=W, height=H)
    write_clip(root / "ab999_plate.mov", frames=31, width=W, height=H)
    return Delivery(
        root=root,
        published=published,
        duplicates={
            "zz_dupes/ab001_ref.mov": "ab001_plate.mov",
            "zz_dupes/ab101_ref.####.png": "seq/ab101_plate.####.png",
        },
        failed={"ab099_plate.mov": "decode", "seq/ab150_plate.####.png": "missing_frames"},
        unmatched=("ab999_plate.mov", "misc/board.0001.png", "misc/notes.txt",
                   "misc/unknown_clip.mov"),
    )  # fmt: skip
