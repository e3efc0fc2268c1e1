"""`axiom playlist export ID|NAME --html DIR`: the dailies report of a playlist, with each
version's decision, notes (frames, timecodes) and annotated frames, read back from the page.

Real proxies published from generated media, real notes, decisions and strokes in SQLite and
PostgreSQL; the page is parsed, its pictures decoded with PyAV and its SVG strokes compared
with the stored picture coordinates."""

from __future__ import annotations

import os
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import av
import pytest

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.annotation import Stroke, Tool
from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.publish.review import annotation
from axiom_publisher.publish.review.report import NO_PICTURE
from tests.cli.conftest import Axiom

SEQUENCE = ("seq", "plate.####.png")
HOSTILE = '<script>alert("x")</script></td><img src=x onerror=alert(1)> & "quoted"'
SVG = "{http://www.w3.org/2000/svg}"
STROKES = (
    Stroke(Tool.PEN, ((0.1, 0.2), (0.25, 0.3), (0.4, 0.35)), "#30e060", 0.01),
    Stroke(Tool.ARROW, ((0.8, 0.1), (0.6, 0.5)), "#ffd020", 0.005),
    Stroke(Tool.RECTANGLE, ((0.7, 0.9), (0.5, 0.6)), "#30a0ff", 0.0025),
    Stroke(Tool.ELLIPSE, ((0.2, 0.5), (0.4, 0.8)), "#ffffff", 0.02),
    Stroke(Tool.TEXT, ((0.05, 0.95),), "#ff3030", 0.01, text="<b>edge</b> & 'halo'"),
)


@pytest.fixture
def lead(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AXIOM_USER", "lead.cli")
    monkeypatch.setenv("AXIOM_REVIEW_LEADS", "lead.cli")
    return "lead.cli"


def _settings(axiom: Axiom) -> Settings:
    return load_settings(dict(os.environ), db_url=axiom.db_url, publish_root=axiom.root)


def _publish(axiom: Axiom, media: Path, shot: str, product: str = "plate") -> int:
    result = axiom.publish(media.joinpath(*SEQUENCE), product=product, shot=shot)
    assert result.code == 0, result.err
    return int(result.json()["id"])


class _Tags(HTMLParser):
    """Every start tag of the page with its attributes, and its text outside tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _decode(path: Path) -> tuple[int, int]:
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        return frame.width, frame.height


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def _close(found: list[float], expected: list[float]) -> bool:
    return len(found) == len(expected) and all(
        abs(a - b) <= 0.01 for a, b in zip(found, expected, strict=True)
    )


def test_html_report_holds_decisions_notes_and_annotated_frames(
    axiom: Axiom, project: str, media: Path, lead: str, tmp_path: Path
) -> None:
    axiom.ok("shot", "create", "proj", "sh020", "--frames", "1001-1010", "--handles", "0")
    first = _publish(axiom, media, "sh010")
    second = _publish(axiom, media, "sh020", product="comp")
    third = _publish(axiom, media, "sh010")
    settings = _settings(axiom)
    review.add_note(settings, first, HOSTILE, 1003)
    review.add_note(settings, first, "whole shot: a touch warmer", None, author="ana")
    review.decide(settings, first, Decision.NEEDS_CHANGES, "fix the edge, see 1003", 1003)
    review.decide(settings, second, Decision.APPROVED, "lovely", None)
    annotation.save_frame(settings, first, 1003, STROKES)
    annotation.save_frame(
        settings, first, 1007, [Stroke(Tool.LINE, ((0.0, 0.0), (1.0, 1.0)))], author="ana"
    )
    lost = Stroke(Tool.LINE, ((0.1, 0.1), (0.2, 0.2)))
    annotation.save_frame(settings, third, 1050, [lost])  # the proxy has no such frame
    made = axiom.ok(
        "playlist", "create", "dailies <b>", "--versions", f"{first},{second},{third}", "--json"
    ).json()

    out = tmp_path / "report"
    result = axiom.ok("playlist", "export", "dailies <b>", "--html", out, "--json").json()
    page = Path(result["html"])
    assert page == out / "index.html" and result["id"] == made["id"]
    html = page.read_text(encoding="utf-8")

    # the hostile note, stroke text and playlist name are shown as text, never as markup
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;/td&gt;&lt;img" in html
    assert "&lt;b&gt;edge&lt;/b&gt; &amp; &#x27;halo&#x27;" in html
    assert "Dailies: dailies &lt;b&gt;" in html
    parsed = _Tags()
    parsed.feed(html)
    assert "script" not in {tag for tag, _ in parsed.tags}
    assert not [a for t, a in parsed.tags if "onerror" in a or a.get("src") == "x"]
    assert HOSTILE in "".join(parsed.text)

    # each version, in playing order, with its shot, version, author and decision
    sections = [a for t, a in parsed.tags if t == "section"]
    assert [int(str(a["data-version"])) for a in sections] == [first, second, third]
    for shot, label in (("sh010", "plate v001"), ("sh020", "comp v001"), ("sh010", "plate v002")):
        assert f"{shot} · {label}" in html
    assert 'badge needs_changes">Needs changes</span> by <b>lead.cli</b> on 20' in html
    assert 'badge approved">Approved</span> by <b>lead.cli</b>' in html
    assert "Waiting for review" in html
    # notes with frame numbers and timecodes (1003 at 24 fps from 1001 = 00:00:41:19)
    assert '<td class="num">1003</td><td class="tc">00:00:41:19</td>' in html
    assert "whole shot: a touch warmer" in html and "whole version" in html
    assert html.count(NO_PICTURE) == 1 and 'id="f1050"' in html

    # every picture exists beside the page and decodes
    sources = [str(a["src"]) for t, a in parsed.tags if t == "img"]
    assert len(sources) == 3 + 2  # three thumbnails, two annotated frames
    for source in sources:
        assert not source.startswith(("/", "http", "file:"))
        assert _decode(out / source)[0] > 0

    # the SVG strokes are the stored picture coordinates on the still's pixels
    stored = {a.id: a for a in annotation.version_annotations(settings, first)}
    svgs = re.findall(r"<svg .*?</svg>", html)
    assert len(svgs) == 2
    drawn = 0
    for svg_text in svgs:
        svg = ElementTree.fromstring(svg_text)
        _, _, width, height = (int(v) for v in svg.attrib["viewBox"].split())
        figure = html[: html.index(svg_text)].rsplit("<figure", 1)[1]
        still = out / re.findall(r'src="([^"]+)"', figure)[-1]
        assert _decode(still) == (width, height)
        for group in svg.iter(f"{SVG}g"):
            stroke = stored[int(group.attrib["data-annotation"])].stroke
            points = [c for x, y in stroke.points for c in (x * width, y * height)]
            shape = next(iter(group))
            tag = shape.tag.removeprefix(SVG)
            if stroke.tool is Tool.PEN:
                assert _close(_numbers(shape.attrib["points"]), points)
                assert float(shape.attrib["stroke-width"]) == pytest.approx(
                    max(1.0, stroke.width * height), abs=0.01
                )
            elif stroke.tool in (Tool.LINE, Tool.ARROW):
                line = [float(shape.attrib[k]) for k in ("x1", "y1", "x2", "y2")]
                assert _close(line, points)
                assert len(list(group)) == (3 if stroke.tool is Tool.ARROW else 1)
            elif stroke.tool is Tool.RECTANGLE:
                box = [float(shape.attrib[k]) for k in ("x", "y", "width", "height")]
                x0, y0, x1, y1 = points
                expected = [min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)]
                assert tag == "rect" and _close(box, expected)
            elif stroke.tool is Tool.ELLIPSE:
                ellipse = [float(shape.attrib[k]) for k in ("cx", "cy", "rx", "ry")]
                x0, y0, x1, y1 = points
                expected = [(x0 + x1) / 2, (y0 + y1) / 2, abs(x1 - x0) / 2, abs(y1 - y0) / 2]
                assert tag == "ellipse" and _close(ellipse, expected)
            else:
                assert tag == "text" and shape.text == stroke.text
                assert _close([float(shape.attrib["x"]), float(shape.attrib["y"])], points)
            assert shape.attrib.get("stroke", shape.attrib.get("fill")) == stroke.colour
            drawn += 1
    assert drawn == len(stored) == len(STROKES) + 1


def test_report_errors_name_what_to_fix(
    axiom: Axiom, project: str, media: Path, lead: str, tmp_path: Path
) -> None:
    version = _publish(axiom, media, "sh010")
    axiom.ok("playlist", "create", "twice", "--versions", str(version))
    axiom.ok("playlist", "create", "twice", "--versions", str(version))
    both = axiom("playlist", "export", "twice", "--html", tmp_path / "r", "--json")
    assert both.code == 2 and "give the id" in both.error()["message"]
    unknown = axiom("playlist", "export", "nope", "--html", tmp_path / "r", "--json")
    assert unknown.code == 2 and "axiom playlist list" in unknown.error()["message"]
    a_file = tmp_path / "file"
    a_file.write_text("x")
    refused = axiom("playlist", "export", "1", "--html", a_file, "--json")
    assert refused.code == 2 and "is a file" in refused.error()["message"]


def _pdf_strokes(pdf: bytes) -> list[tuple[float, float, float]]:
    """The stroking colours of the PDF's page content (vector pens; pictures have none)."""
    colours = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:  # pictures (JPEG) are not deflated
            continue
        for r, g, b in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) SCN", content):
            colours.append((float(r), float(g), float(b)))
    return colours


def test_pdf_report_is_painted_by_the_app_with_vector_strokes(
    axiom: Axiom, project: str, media: Path, lead: str, tmp_path: Path
) -> None:
    first = _publish(axiom, media, "sh010")
    second = _publish(axiom, media, "sh010")
    settings = _settings(axiom)
    review.add_note(settings, first, HOSTILE, 1003)
    review.decide(settings, first, Decision.REJECTED, "wrong plate", None)
    annotation.save_frame(settings, first, 1003, STROKES)
    axiom.ok("playlist", "create", "pdf", "--versions", f"{first},{second}")

    target = tmp_path / "dailies.pdf"
    result = axiom.ok("playlist", "export", "pdf", "--pdf", target, "--json").json()
    assert result["pdf"] == str(target)
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-") and b"Dailies: pdf" in pdf
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 3  # the summary, then a page each
    assert not list(tmp_path.glob(".*tmp"))  # written through a temporary file
    colours = _pdf_strokes(pdf)
    for stroke in STROKES:
        if stroke.tool is Tool.TEXT:
            continue  # text is filled glyphs
        want = tuple(int(stroke.colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        assert any(all(abs(a - b) < 1e-4 for a, b in zip(c, want, strict=True)) for c in colours)
