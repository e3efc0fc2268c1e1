"""The Review tab's "Export report…" menu action: a playlist's dailies report written in a
worker as PDF (Qt, strokes as vectors) or HTML, from real publishes, notes and strokes."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtWidgets

from axiom_publisher.core.annotation import Stroke, Tool
from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.publish.review import annotation, playlists
from axiom_publisher.ui.review.report_export import ReportExport, report_file_name
from axiom_publisher.ui.workers import WorkerPool
from tests.ui.review import tab_fixtures
from tests.ui.review.player_fixtures import OFFSCREEN
from tests.ui.review.tab_fixtures import TIMEOUT, Published

pytestmark = OFFSCREEN
published = tab_fixtures.published  # fixture


def _exporter(qtbot: QtBot, published: Published) -> tuple[ReportExport, WorkerPool]:
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    pool = WorkerPool(parent)
    return ReportExport(published.settings, pool, parent), pool


def test_export_report_action_writes_pdf_and_html(
    qtbot: QtBot, published: Published, tmp_path: Path
) -> None:
    settings = published.settings
    first, other = published.sh010_v1.id, published.sh020_v1.id
    review.add_note(settings, first, "<i>soften</i> the edge", 1005)
    review.decide(settings, first, Decision.NEEDS_CHANGES, "edge, see 1005", 1005)
    strokes = [
        Stroke(Tool.ELLIPSE, ((0.2, 0.2), (0.6, 0.7)), "#30a0ff", 0.01),
        Stroke(Tool.ARROW, ((0.9, 0.1), (0.6, 0.4)), "#ffd020", 0.01),
    ]
    annotation.save_frame(settings, first, 1005, strokes)
    playlist = playlists.create(settings, "Dailies 6 Dec", [first, other])

    exporter, pool = _exporter(qtbot, published)
    answers: list[Path] = [tmp_path / "out" / "dailies", tmp_path / "out" / "dailies.html"]
    asked: list[Path] = []

    def choose(parent: object, caption: str, suggested: Path, filters: str) -> Path:
        asked.append(suggested)
        assert "*.pdf" in filters and "*.html" in filters
        return answers.pop(0)

    exporter.choose_path = choose
    (tmp_path / "out").mkdir()
    shown: list[tuple[int, str] | None] = [None]
    menu = QtWidgets.QMenu()
    action = exporter.action(menu, lambda: shown[0])
    menu.addAction(action)
    menu.aboutToShow.emit()
    assert not action.isEnabled()  # no playlist shown
    shown[0] = (playlist.id, playlist.name)
    menu.aboutToShow.emit()
    assert action.isEnabled() and action.text() == "Export report…"

    with qtbot.waitSignal(exporter.exported, timeout=TIMEOUT) as pdf_done:
        action.trigger()  # PDF: the name has no suffix, .pdf is added
    assert asked[0].name == report_file_name("Dailies 6 Dec") == "dailies_6_dec_report.pdf"
    pdf = Path(pdf_done.args[0])
    assert pdf == tmp_path / "out" / "dailies.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3

    with qtbot.waitSignal(exporter.exported, timeout=TIMEOUT) as html_done:
        action.trigger()
    page = Path(html_done.args[0])
    assert page == tmp_path / "out" / "dailies.html"
    html = page.read_text(encoding="utf-8")
    assert "&lt;i&gt;soften&lt;/i&gt; the edge" in html and "<i>soften" not in html
    assert 'src="dailies_images/v' in html and (tmp_path / "out" / "dailies_images").is_dir()
    assert html.count('data-annotation="') == len(strokes)
    assert pool.wait(TIMEOUT)


def test_export_failure_is_reported(qtbot: QtBot, published: Published, tmp_path: Path) -> None:
    playlist = playlists.create(published.settings, "x", [published.sh010_v1.id])
    exporter, pool = _exporter(qtbot, published)
    exporter.choose_path = lambda *args: tmp_path / "missing" / "folder" / "r.pdf"
    with qtbot.waitSignal(exporter.failed, timeout=TIMEOUT) as failed:
        exporter.export(playlist.id, playlist.name)
    assert "r.pdf" in failed.args[0]
    assert pool.wait(TIMEOUT)
