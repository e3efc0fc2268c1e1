"""Running the installer against a temporary home, and snapshots of a folder tree."""

from __future__ import annotations

import io
from pathlib import Path

from installer.cli import main

ROOT = Path(__file__).resolve().parents[2]  # the checkout: plugins/ and installer/
GOLDEN = Path(__file__).with_name("golden")


def run(tmp: Path, *args: str, environ: dict[str, str] | None = None) -> tuple[int, str]:
    """`axiom-install ARGS --home TMP/home --root ROOT` with only HOME in the environment."""
    out = io.StringIO()
    env = {"HOME": str(tmp / "home")} if environ is None else environ
    code = main([*args, "--home", str(tmp / "home"), "--root", str(ROOT)], environ=env, out=out)
    return code, out.getvalue()


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`, by relative path."""
    tree: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        tree[relative] = path.read_bytes() if path.is_file() else None
    return tree


def normalise(text: str, tmp: Path) -> str:
    return text.replace(ROOT.as_posix(), "{ROOT}").replace(tmp.as_posix(), "{TMP}")


def render_tree(folder: Path, tmp: Path) -> str:
    """The files under `folder` as text, temporary and checkout paths replaced by placeholders."""
    parts = []
    for relative, content in snapshot(folder).items():
        if content is not None:
            parts.append(f"--- {{TMP}}/{relative}\n{normalise(content.decode(), tmp)}")
    return "".join(parts)
