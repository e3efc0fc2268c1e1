"""The dailies report as a PDF, painted with Qt (QPdfWriter): the app's export, and the
process `axiom playlist export ID --pdf FILE` runs (cli and ui never import each other).

The content is publish.review.report's (the same as the HTML page's). Each version starts a
page: its heading, thumbnail and decision, one block per note, then each annotated frame
with the strokes painted by the viewer's own painter (annotate.paint_strokes) straight into
the PDF, so they stay vectors. Blocks never split across pages unless taller than a page.

    python -m axiom_publisher.ui.review.report_pdf [--db URL] [--root DIR] [--config FILE]
        PLAYLIST_ID FILE.pdf
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path

from qtpy import QtCore, QtGui

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.errors import AxiomError, BadInputError
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.publish.review.report import (
    NO_PICTURE,
    PlaylistReport,
    ReportFrame,
    ReportNote,
    ReportVersion,
    playlist_report,
    when_text,
)
from axiom_publisher.ui.review.annotate import paint_strokes

RESOLUTION = 300  # dots per inch of the PDF's device pixels
MARGIN_MM = 14.0
GAP_PT = 8.0  # between blocks
BADGE = {"approved": "#17612a", "needs_changes": "#9a5b00", "rejected": "#a01c1c"}


class _Pager:
    """A cursor down the pages of a QPdfWriter: blocks go below each other, a new page when
    the next block does not fit."""

    def __init__(self, writer: QtGui.QPdfWriter, painter: QtGui.QPainter) -> None:
        self.writer = writer
        self.painter = painter
        self.width = float(writer.width())
        self.height = float(writer.height())
        self.gap = GAP_PT * RESOLUTION / 72
        self.y = 0.0

    def new_page(self) -> None:
        if self.y > 0:
            self.writer.newPage()
            self.y = 0.0

    def _room_for(self, height: float) -> None:
        if self.y > 0 and self.y + height > self.height:
            self.new_page()

    def document(self, html: str, resources: dict[str, QtGui.QImage] | None = None) -> None:
        doc = QtGui.QTextDocument()
        doc.documentLayout().setPaintDevice(self.writer)
        font = QtGui.QFont("Sans Serif")
        font.setPointSizeF(9.5)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        kind = QtGui.QTextDocument.ResourceType.ImageResource
        for name, image in (resources or {}).items():
            doc.addResource(kind, QtCore.QUrl(name), image)
        doc.setHtml(html)
        doc.setTextWidth(self.width)
        height = doc.size().height()
        self._room_for(height)
        shown = 0.0
        while True:  # a block taller than a page continues on the next ones
            part = min(height - shown, self.height - self.y)
            self.painter.save()
            self.painter.translate(0, self.y - shown)
            doc.drawContents(self.painter, QtCore.QRectF(0, shown, self.width, part))
            self.painter.restore()
            shown += part
            self.y += part
            if shown >= height - 0.5:
                break
            self.writer.newPage()
            self.y = 0.0
        self.y += self.gap

    def picture(self, frame: ReportFrame, caption: str) -> None:
        still = frame.still
        if still is None:
            self.document(f"{caption}<p><i>{NO_PICTURE}</i></p>")
            return
        image = QtGui.QImage(str(still.path))
        if image.isNull():
            raise BadInputError(f"cannot read the still {still.path}")
        width = self.width
        height = width * still.height / still.width
        caption_height = 2.2 * 9.5 * RESOLUTION / 72
        if height + caption_height > self.height:  # a tall picture: fit it on one page
            height = self.height - caption_height
            width = height * still.width / still.height
        self._room_for(height + caption_height)
        rect = QtCore.QRectF(0, self.y, width, height)
        self.painter.drawImage(rect, image)
        paint_strokes(self.painter, [a.stroke for a in frame.strokes], rect)
        self.y += height + self.gap / 3
        self.document(caption)


def _note_row(note: ReportNote) -> str:
    n = note.note
    where = f"{n.frame} · {escape(note.timecode)}" if n.frame is not None else "whole version"
    decided = f"<b>{escape(n.decision.label)}</b> · " if n.decision is not None else ""
    return (
        '<table width="100%" cellspacing="0" cellpadding="3">'
        f'<tr><td width="21%" style="color:#555">{where}</td>'
        f'<td width="15%"><b>{escape(n.author)}</b></td>'
        f'<td width="46%">{decided}{_lines(n.text)}</td>'
        f'<td width="18%" style="color:#777">{escape(when_text(n.created_at))}</td></tr></table>'
    )


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _heading(number: int, version: ReportVersion) -> tuple[str, dict[str, QtGui.QImage]]:
    r = version.record
    resources: dict[str, QtGui.QImage] = {}
    thumb = ""
    if version.thumbnail is not None:
        image = QtGui.QImage(str(version.thumbnail.path))
        if not image.isNull():
            resources["thumb"] = image
            thumb = '<td width="32%"><img src="thumb" width="300"></td>'
    note = version.decision
    if note is None or note.decision is None:
        decision = '<p><b style="color:#555">Waiting for review</b></p>'
    else:
        colour = BADGE[note.decision.value]
        decision = (
            f'<p><b style="color:{colour}">{escape(note.decision.label)}</b> by '
            f"<b>{escape(note.author)}</b> on {escape(when_text(note.created_at))}</p>"
            f'<p style="color:#333"><i>{_lines(note.text)}</i></p>'
        )
    frames = f"frames {r.frame_range.first}-{r.frame_range.last}" if r.frame_range else ""
    facts = " · ".join(
        part
        for part in (
            f"{escape(r.project)} · {escape(r.task)} / {escape(r.product)}",
            f"by <b>{escape(r.author)}</b>" if r.author else "",
            f"published {escape(when_text(r.published_at))}" if r.published_at else "",
            frames,
        )
        if part
    )
    html = (
        f'<table width="100%" cellspacing="0" cellpadding="4"><tr>{thumb}<td>'
        f'<p style="font-size:15pt"><b>{number}. {escape(r.entity)} · {escape(r.product)} '
        f'{escape(r.label)}</b></p><p style="color:#555">{facts}</p>{decision}</td></tr></table>'
    )
    return html, resources


def _frame_caption(frame: ReportFrame) -> str:
    said = "".join(
        f"<br><b>{escape(n.note.author)}:</b> {_lines(n.note.text)}" for n in frame.notes
    )
    return (
        f'<p style="color:#444">Frame {frame.frame} · {escape(frame.timecode)} · drawn by '
        f"{escape(', '.join(frame.authors))}{said}</p>"
    )


def _decided(version: ReportVersion) -> tuple[str, str]:
    note = version.decision
    if note is None or note.decision is None:
        return "Waiting", ""
    return note.decision.label, note.author


def _summary(report: PlaylistReport) -> str:
    rows = "".join(
        f"<tr><td>{n}</td><td>{escape(v.record.entity)}</td>"
        f"<td>{escape(v.record.product)} {escape(v.record.label)}</td>"
        f"<td>{escape(v.record.author)}</td>"
        + "".join(f"<td>{escape(text)}</td>" for text in _decided(v))
        + "</tr>"
        for n, v in enumerate(report.versions, 1)
    )
    p = report.playlist
    return (
        f'<p style="font-size:20pt"><b>Dailies: {escape(p.name)}</b></p>'
        f'<p style="color:#555">Playlist {p.id} by {escape(p.owner)} · {len(report.versions)} '
        f"versions · report made {escape(when_text(report.made_at))}</p>"
        '<table width="100%" cellspacing="0" cellpadding="4" border="0">'
        '<tr style="background:#eee"><th align="left">#</th><th align="left">Shot</th>'
        '<th align="left">Version</th><th align="left">Artist</th>'
        f'<th align="left">Decision</th><th align="left">By</th></tr>{rows}</table>'
    )


def write_report_pdf(report: PlaylistReport, path: Path) -> Path:
    """Write the report to `path` (through a temporary file renamed into place)."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp")
    writer = QtGui.QPdfWriter(str(temporary))
    writer.setTitle(f"Dailies: {report.playlist.name}")
    writer.setCreator("AXIOM Publisher")
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A4))
    writer.setPageMargins(
        QtCore.QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QtGui.QPageLayout.Unit.Millimeter,
    )
    painter = QtGui.QPainter()
    if not painter.begin(writer):
        raise BadInputError(f"cannot write {path}: the PDF cannot be opened for writing")
    try:
        pager = _Pager(writer, painter)
        pager.document(_summary(report))
        for number, version in enumerate(report.versions, 1):
            pager.new_page()
            pager.document(*_heading(number, version))
            pager.document('<p style="color:#666"><b>NOTES</b></p>')
            for note in version.notes or ():
                pager.document(_note_row(note))
            if not version.notes:
                pager.document('<p style="color:#888"><i>No notes.</i></p>')
            if version.frames:
                pager.document('<p style="color:#666"><b>ANNOTATED FRAMES</b></p>')
            for frame in version.frames:
                pager.picture(frame, _frame_caption(frame))
    finally:
        painter.end()
    try:
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise BadInputError(f"cannot write {path}: {error.strerror}") from error
    return path


def export_report_pdf(settings: Settings, playlist_id: int, path: Path) -> Path:
    """Gather the report (its pictures in a temporary folder: the PDF holds them) and write
    the PDF."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BadInputError(f"cannot write {path}: the folder {path.parent} does not exist")
    with tempfile.TemporaryDirectory(prefix="axiom-report-") as images:
        report = playlist_report(settings, playlist_id, Path(images))
        return write_report_pdf(report, path)


def main(argv: Sequence[str] | None = None) -> int:
    """Write a playlist's report as PDF (what `axiom playlist export --pdf` runs)."""
    parser = argparse.ArgumentParser(prog="axiom playlist export --pdf")
    parser.add_argument("--db")
    parser.add_argument("--root", type=Path)
    parser.add_argument("--config", type=Path)
    parser.add_argument("playlist_id", type=int)
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a PDF needs no display
    app = QtGui.QGuiApplication.instance() or QtGui.QGuiApplication([sys.argv[0]])
    try:
        settings = load_settings(config_file=args.config, db_url=args.db, publish_root=args.root)
        print(export_report_pdf(settings, args.playlist_id, args.path))
    except AxiomError as error:
        sys.stderr.write(f"axiom: error: {mask_secrets(str(error))}\n")
        return error.exit_code
    finally:
        del app
    return 0


if __name__ == "__main__":  # pragma: no cover - run by the CLI as its own process
    sys.exit(main())
