"""The dailies report as one HTML page with its pictures in a folder beside it.

`export_html(settings, playlist_id, folder)` writes `folder/index.html` and `folder/images/`
(thumbnails and annotated-frame stills): no script, no remote resource, so it opens offline
in any browser and prints to PDF from there (one version per page). Every text from the
database (notes, names, stroke text: user input) is escaped, and a Content-Security-Policy
forbids scripts besides, so a hostile note is shown, never run.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from html import escape
from pathlib import Path
from urllib.parse import quote

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.review import Decision
from axiom_publisher.publish.review.report import (
    NO_PICTURE,
    PlaylistReport,
    Progress,
    ReportFrame,
    ReportNote,
    ReportVersion,
    playlist_report,
    when_text,
)
from axiom_publisher.publish.review.report_svg import strokes_svg

INDEX = "index.html"
IMAGES = "images"
_CSP = "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'"
_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
background:#f4f4f2;color:#1d1d1d}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:0}h3{font-size:14px;margin:18px 0 6px;
text-transform:uppercase;letter-spacing:.05em;color:#666}
.sub{color:#666;margin:0 0 16px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e2e2e0;vertical-align:top}
th{font-weight:600;color:#555;font-size:12px}
td.num,td.tc{white-space:nowrap;font-variant-numeric:tabular-nums}
.version{background:#fff;border:1px solid #ddd;border-radius:6px;padding:18px;margin:22px 0;
break-before:page}
.head{display:flex;gap:18px;align-items:flex-start}
.thumb{width:240px;height:auto;border-radius:3px;background:#222;flex:none}
.meta{color:#555;margin:4px 0}
.badge{display:inline-block;padding:2px 9px;border-radius:10px;font-weight:600;font-size:13px}
.approved{background:#d8f0dc;color:#17612a}.needs_changes{background:#fdebc8;color:#7a4b00}
.rejected{background:#f8d7d7;color:#8a1c1c}.waiting{background:#e6e6e6;color:#444}
.why{margin:6px 0 0;padding:6px 10px;border-left:3px solid #ccc;background:#fafafa}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.frames{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:14px}
figure{margin:0;break-inside:avoid}
.pic{position:relative;line-height:0;background:#111}
.pic img{width:100%;height:auto;display:block}
.pic svg{position:absolute;left:0;top:0;width:100%;height:100%;overflow:visible}
.pic svg text{font-family:system-ui,sans-serif}
figcaption{font-size:13px;color:#444;padding:6px 2px}
figcaption .text{display:block;color:#1d1d1d}
.none{color:#888;font-style:italic}
h3{break-after:avoid}
@media print{body{background:#fff}main{padding:0}.version{border:none;padding:0}
.frames{grid-template-columns:1fr 1fr}}
"""


def _src(path: Path, folder: Path) -> str:
    return quote(Path(os.path.relpath(path, folder)).as_posix())


def _decision(version: ReportVersion) -> str:
    note = version.decision
    if note is None or note.decision is None:
        status = version.record.status.value
        label = "Waiting for review" if status == "published" else status.capitalize()
        return f'<p><span class="badge waiting">{escape(label)}</span></p>'
    decision: Decision = note.decision
    why = f'<p class="why text">{escape(note.text)}</p>' if note.text.strip() else ""
    return (
        f'<p><span class="badge {decision.value}">{escape(decision.label)}</span> '
        f"by <b>{escape(note.author)}</b> on {escape(when_text(note.created_at))}</p>{why}"
    )


def _notes(notes: tuple[ReportNote, ...]) -> str:
    if not notes:
        return '<p class="none">No notes.</p>'
    rows = "".join(
        "<tr>"
        f'<td class="num">{"" if n.note.frame is None else n.note.frame}</td>'
        f'<td class="tc">{escape(n.timecode) or "whole version"}</td>'
        f"<td>{escape(n.note.author)}</td>"
        f"<td>{escape(n.note.decision.label) if n.note.decision else ''}</td>"
        f'<td class="text">{escape(n.note.text)}</td>'
        f'<td class="tc">{escape(when_text(n.note.created_at))}</td>'
        "</tr>"
        for n in notes
    )
    head = "<tr><th>Frame</th><th>Timecode</th><th>By</th><th>Decision</th><th>Note</th>"
    return f'<table class="notes">{head}<th>When</th></tr>{rows}</table>'


def _frame(frame: ReportFrame, folder: Path) -> str:
    authors = ", ".join(frame.authors)
    caption = f"Frame {frame.frame} · {escape(frame.timecode)} · drawn by {escape(authors)}"
    said = "".join(
        f'<span class="text"><b>{escape(n.note.author)}:</b> {escape(n.note.text)}</span>'
        for n in frame.notes
    )
    if frame.still is None:
        picture = f'<p class="none">{NO_PICTURE}</p>'
    else:
        still = frame.still
        picture = (
            f'<div class="pic"><img src="{_src(still.path, folder)}" width="{still.width}" '
            f'height="{still.height}" alt="frame {frame.frame}">'
            f"{strokes_svg(frame.strokes, still.width, still.height)}</div>"
        )
    return (
        f'<figure id="f{frame.frame}" data-frame="{frame.frame}">{picture}'
        f"<figcaption>{caption}{said}</figcaption></figure>"
    )


def _version(number: int, version: ReportVersion, folder: Path) -> str:
    r = version.record
    thumb = ""
    if version.thumbnail is not None:
        thumb = f'<img class="thumb" src="{_src(version.thumbnail.path, folder)}" alt="">'
    frames = r.frame_range
    facts = [
        f"{escape(r.project)} · {escape(r.task)} / {escape(r.product)}",
        f"by <b>{escape(r.author)}</b>" if r.author else "",
        f"published {escape(when_text(r.published_at))}" if r.published_at else "",
        f"frames {frames.first}-{frames.last}" if frames is not None else "",
    ]
    comment = f'<p class="meta text">{escape(r.comment)}</p>' if r.comment.strip() else ""
    drawn = "".join(_frame(f, folder) for f in version.frames)
    return (
        f'<section class="version" id="v{r.id}" data-version="{r.id}">'
        f'<div class="head">{thumb}<div>'
        f"<h2>{number}. {escape(r.entity)} · {escape(r.product)} {escape(r.label)}</h2>"
        f'<p class="meta">{" · ".join(f for f in facts if f)}</p>{comment}'
        f"{_decision(version)}</div></div>"
        f"<h3>Notes</h3>{_notes(version.notes)}"
        + (f'<h3>Annotated frames</h3><div class="frames">{drawn}</div>' if drawn else "")
        + "</section>"
    )


def _summary(report: PlaylistReport) -> str:
    rows = []
    for n, version in enumerate(report.versions, 1):
        r, note = version.record, version.decision
        decided = note.decision if note is not None else None
        badge = (
            f'<span class="badge {decided.value}">{escape(decided.label)}</span>'
            if decided is not None
            else '<span class="badge waiting">Waiting</span>'
        )
        rows.append(
            f'<tr><td class="num">{n}</td><td><a href="#v{r.id}">{escape(r.entity)}</a></td>'
            f"<td>{escape(r.task)} / {escape(r.product)} {escape(r.label)}</td>"
            f"<td>{escape(r.author)}</td><td>{badge}</td>"
            f"<td>{escape(note.author) if note else ''}</td>"
            f'<td class="num">{len(version.frames)}</td></tr>'
        )
    head = "<tr><th>#</th><th>Shot</th><th>Version</th><th>Artist</th><th>Decision</th>"
    return f"<table>{head}<th>By</th><th>Drawn frames</th></tr>{''.join(rows)}</table>"


def render_html(report: PlaylistReport, folder: Path) -> str:
    """The report page; picture paths relative to `folder`, where the page is written."""
    p = report.playlist
    title = f"Dailies: {p.name}"
    versions = "".join(_version(n, v, folder) for n, v in enumerate(report.versions, 1))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="sub">Playlist {p.id} by {escape(p.owner)} · {len(report.versions)} '
        f"versions · report made {escape(when_text(report.made_at))}</p>"
        f"{_summary(report)}{versions}</main></body></html>\n"
    )


def write_text(path: Path, text: str) -> Path:
    """Write through a temporary file in the same folder, then rename it into place."""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise BadInputError(f"cannot write {path}: {error.strerror}") from error
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise BadInputError(f"cannot write {path}: {error.strerror}") from error
    return path


def export_html(
    settings: Settings,
    playlist_id: int,
    folder: Path,
    progress: Progress | None = None,
    *,
    page: str = INDEX,
    images: str = IMAGES,
) -> Path:
    """Write the playlist's report to `folder` (`page`, with its pictures in the `images`
    folder beside it: index.html and images/ by default); returns the page."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BadInputError(f"{folder} is a file: give a folder for the HTML report")
    report = playlist_report(settings, playlist_id, folder / images, progress)
    return write_text(folder / page, render_html(report, folder))
