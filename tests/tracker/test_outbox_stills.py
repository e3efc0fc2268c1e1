"""A decision's annotated frames reach the real Kitsu as attachments of its comment.

A lead draws on two frames of a version (a green rectangle on one, a magenta ellipse on
another) and decides; after a push, the decision's comment on Kitsu holds two PNG
attachments, each the proxy's frame with its strokes burnt in: downloaded with gazu, they
decode, have the proxy's size and show the stroke's colour at the stroke's picture position
(and the picture, not the colour, inside the shape). The event delivered again (a retry
after a lost reply) makes no second comment and no second attachment; an attachment lost
from the comment is attached again, once.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import av
import gazu
import numpy as np
import pytest

from axiom_publisher.core.annotation import Stroke, Tool
from axiom_publisher.core.outbox import EventKind, event_marker
from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.publish.review.annotation import save_frame
from axiom_publisher.publish.tracker.deliver import deliver_to_tracker
from axiom_publisher.publish.tracker.outbox import list_events
from axiom_publisher.tracker import open_tracker, tracker_credentials
from tests.tracker.kitsu_data import admin_client
from tests.tracker.outbox_data import LEAD, on_kitsu, studio
from tests.tracker.zou_server import ZouServer

GREEN, MAGENTA = "#00ff00", "#ff00ff"
SHAPES = {
    990: Stroke(Tool.RECTANGLE, ((0.2, 0.2), (0.8, 0.8)), GREEN, 0.04),
    1010: Stroke(Tool.ELLIPSE, ((0.3, 0.3), (0.7, 0.7)), MAGENTA, 0.04),
}
ON_STROKE = {990: [(0.2, 0.5), (0.5, 0.8)], 1010: [(0.5, 0.3), (0.7, 0.5)]}


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _picture(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        return frame.to_ndarray(format="rgb24")


def _at(image: np.ndarray, x: float, y: float) -> tuple[int, ...]:
    height, width = image.shape[:2]
    return tuple(int(v) for v in image[int(y * height), int(x * width)])


def _decision_comment(zou: ZouServer, task: str, key: str) -> dict[str, Any]:
    (comment,) = [
        c for c in on_kitsu(zou, task).comments if event_marker(f"{key}#0") in (c["text"] or "")
    ]
    return comment


def test_annotated_frames_go_with_the_decision_comment_once(
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    film = studio(zou, db_url, tmp_path, axiom_env, monkeypatch)
    version = film.publish(capsys, "s1sh010", "--comment", "comp for dailies")
    task = film.task_of("s1sh010")
    for frame, stroke in SHAPES.items():
        save_frame(film.settings, version["id"], frame, [stroke], author=LEAD)
    review.decide(film.settings, version["id"], Decision.NEEDS_CHANGES, "see the frames", 990, LEAD)
    started = time.monotonic()
    code, text = film.axiom(capsys, "tracker", "push", "--json")
    seconds = time.monotonic() - started
    assert code == 0 and json.loads(text)["counts"]["sent"] == 2, text
    (event,) = list_events(film.settings, version_ids=[version["id"]], limit=10)[:1]
    assert event.kind is EventKind.REVIEW
    comment = _decision_comment(zou, task, event.key)
    assert "Annotated frames (attached): 990 (" in comment["text"] and ", 1010 (" in comment["text"]
    attachments = comment["attachment_files"]
    assert sorted(a["name"] for a in attachments) == [
        "s1sh010_comp_v001_f1010.png",
        "s1sh010_comp_v001_f990.png",
    ]
    client = admin_client(zou)
    proxy = _picture(film.settings.publish_root / version["proxy"])
    for attachment in attachments:
        frame = int(attachment["name"].rsplit("_f", 1)[1].removesuffix(".png"))
        path = tmp_path / attachment["name"]
        gazu.files.download_attachment_file(attachment, str(path), client=client)
        assert path.read_bytes().startswith(b"\x89PNG")
        still = _picture(path)
        assert still.shape == proxy.shape
        colour = _rgb(SHAPES[frame].colour)
        for x, y in ON_STROKE[frame]:
            assert _at(still, x, y) == colour, (frame, x, y)
        assert _at(still, 0.5, 0.5) != colour  # inside the shape: the picture
        size = f"{still.shape[1]}x{still.shape[0]}"
        print(f"\n[stills] frame {frame}: {path.stat().st_size} bytes, {size}")
    print(f"[stills] push of the publish and the decision with 2 stills: {seconds:.2f} s")

    # the same event delivered again (a retry after a lost reply): nothing new on Kitsu
    credentials = tracker_credentials(dict(os.environ), film.settings.tracker.url)
    tracker = open_tracker(film.settings.tracker, credentials)
    comments = len(on_kitsu(zou, task).comments)
    made = deliver_to_tracker(tracker, film.settings, event)
    assert "2 annotated frames attached" in made
    assert len(on_kitsu(zou, task).comments) == comments
    assert len(_decision_comment(zou, task, event.key)["attachment_files"]) == 2
    task_files = gazu.files.get_all_attachment_files_for_task(task, client=client)
    assert len(task_files) == 2

    # an attachment lost from the comment is attached again, once
    lost = attachments[0]
    gazu.task.delete_comment_attachment(task, comment["id"], lost, client=client)
    assert len(_decision_comment(zou, task, event.key)["attachment_files"]) == 1
    deliver_to_tracker(tracker, film.settings, event)
    deliver_to_tracker(tracker, film.settings, event)
    again = _decision_comment(zou, task, event.key)["attachment_files"]
    assert sorted(a["name"] for a in again) == sorted(a["name"] for a in attachments)
    assert len(on_kitsu(zou, task).comments) == comments
