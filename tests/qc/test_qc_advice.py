"""Every QC message says its advice once: alone, merged over representations, and joined
into the refusal of a publish (which says "publish again" exactly once)."""

from __future__ import annotations

import re

import pytest

from axiom_publisher.core.errors import QCFailedError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import MediaFacts, ProblemKind
from axiom_publisher.core.qc import CHECK_IDS, AudioPolicy, QCReport, QCStatus
from axiom_publisher.publish.inspect import check_qc
from axiom_publisher.qc import evaluate
from tests.qc.helpers import SHOT, info, movie, plate, problem, spec, stats


def _broken_plate(name: str) -> MediaFacts:
    """A plate that trips every check that applies to image sequences."""
    frames = FrameRange(SHOT.first + 1, SHOT.last)
    present = [f for f in range(frames.first, frames.last + 1) if f != 1005]
    facts = plate(
        frames,
        missing=(1005,),
        name=name,
        colorspace="sRGB",
        stats=stats(present, black=(1002,), frozen=(1007, 1008, 1009, 1010), nan=(1003,)),
        problems=(
            problem(ProblemKind.DECODE, f"{name}.1004", "truncated data", 1004),
            problem(ProblemKind.FORMAT, f"{name}.1006", "this is a PNG file", 1006),
        ),
    )
    return info(facts, width=1920, height=1080, pixel_aspect=2.0, fps=25.0)


def _broken_movie(name: str) -> MediaFacts:
    """A movie that is too long, silent, 25 fps, sRGB and wrongly sized."""
    facts = movie(400, name=name, colorspace="sRGB")
    return info(facts, width=1920, fps=25.0, duration=400 / 25.0, audio=())


def _every_check_fails() -> dict[str, QCStatus]:
    return {check_id: QCStatus.FAIL for check_id in CHECK_IDS}


def _sentences(text: str) -> list[str]:
    """The sentences and clauses (split at `. ` and `; `) of a message, without the names
    of representations in front."""
    parts = re.split(r"(?<=[.!?;])\s+", text)
    return [re.sub(r"^[\w.#, -]+: ", "", part).strip(" .;") for part in parts if part.strip()]


def _assert_advice_once(text: str, where: str) -> None:
    assert text.count("publish again") <= 1, f"{where} repeats 'publish again': {text}"
    sentences = _sentences(text)
    repeated = {s for s in sentences if sentences.count(s) > 1 and len(s) > 12}
    assert not repeated, f"{where} repeats {repeated}: {text}"


def _report(*facts: MediaFacts) -> QCReport:
    qc_spec = spec(audio=AudioPolicy.REQUIRED, severity=_every_check_fails())
    return evaluate(list(facts), qc_spec)


@pytest.mark.parametrize(
    ("facts", "least"),
    [
        ([_broken_plate("sh010_plate.####.exr")], 10),
        ([_broken_movie("sh010_review.mov")], 5),
        ([_broken_plate("a_plate.####.exr"), _broken_plate("b_plate.####.exr")], 10),
        ([_broken_plate("a.####.exr"), _broken_movie("b.mov"), _broken_movie("c.mov")], 13),
    ],
    ids=["plate", "movie", "two-plates", "plate-and-movies"],
)
def test_each_check_says_its_advice_once(facts: list[MediaFacts], least: int) -> None:
    report = _report(*facts)
    failing = {check.id for check in report.failed()}
    assert len(failing) >= least, f"the broken media trips more checks than {failing}"
    for check in report.checks:  # passing checks give no advice
        if check.status in (QCStatus.WARN, QCStatus.FAIL):
            _assert_advice_once(check.message, f"check {check.id}")


def test_shared_advice_of_representations_is_said_once() -> None:
    report = _report(_broken_plate("a_plate.####.exr"), _broken_plate("b_plate.####.exr"))
    resolution = next(check for check in report.checks if check.id == "resolution")
    assert "a_plate.####.exr" in resolution.message and "b_plate.####.exr" in resolution.message
    assert resolution.message.count("reformat to 2048x1080") == 1


def test_the_refusal_says_publish_again_once() -> None:
    report = _report(_broken_plate("a_plate.####.exr"), _broken_movie("b.mov"))
    assert report.verdict is QCStatus.FAIL
    with pytest.raises(QCFailedError) as caught:
        check_qc(report, None, "a_plate.####.exr")
    text = str(caught.value)
    assert text.count("publish again") == 1, text
    assert "--allow-qc-fail" in text
    for check in report.failed():
        assert f"{check.id}: " in text
