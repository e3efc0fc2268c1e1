"""db.annotations: strokes saved per version, frame and author, on both dialects."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from axiom_publisher.core.annotation import Stroke, Tool
from axiom_publisher.core.errors import BadInputError, UnknownEntityError
from axiom_publisher.core.types import PublishContext
from axiom_publisher.db import Database, open_database, repo
from axiom_publisher.db import annotations as notes_repo
from tests.db.test_reviews import FolderFor, Publisher

PEN = Stroke(Tool.PEN, ((0.1, 0.2), (0.15, 0.25), (0.2, 0.2)), pressures=(0.2, 0.6, 1.0))
BOX = Stroke(Tool.RECTANGLE, ((0.5, 0.5), (0.9, 0.8)), colour="#20c0ff", width=0.01)
WORD = Stroke(Tool.TEXT, ((0.3, 0.7),), text="this edge")


@pytest.fixture
def publish(db: Database, shot_context: PublishContext, folders: FolderFor) -> Publisher:
    return Publisher(db, folders)


def test_strokes_round_trip_per_frame_and_author(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    version = publish(shot_context)
    before = datetime.now(timezone.utc)
    saved = db.run(
        lambda s: notes_repo.save_frame(s, version, 1005, author="ana", strokes=[PEN, BOX])
    )
    assert [a.stroke for a in saved] == [PEN, BOX]
    # two reviewers on the same frame at once: both sets are kept
    db.run(lambda s: notes_repo.save_frame(s, version, 1005, author="bo", strokes=[WORD]))
    db.run(lambda s: notes_repo.save_frame(s, version, 1010, author="ana", strokes=[BOX]))
    found = db.run(lambda s: notes_repo.version_annotations(s, version))
    assert [(a.frame, a.author, a.stroke) for a in found] == [
        (1005, "ana", PEN),
        (1005, "ana", BOX),
        (1005, "bo", WORD),
        (1010, "ana", BOX),
    ]
    assert db.run(lambda s: notes_repo.stored_author(s, "ana")) == "ana"  # no roles here
    stamp = found[0].created_at
    assert stamp.tzinfo is not None
    assert abs(stamp - before) < timedelta(minutes=5)
    # saving a frame again replaces only that author's strokes there
    db.run(lambda s: notes_repo.save_frame(s, version, 1005, author="ana", strokes=[]))
    left = db.run(lambda s: notes_repo.version_annotations(s, version))
    assert [(a.frame, a.author) for a in left] == [(1005, "bo"), (1010, "ana")]


def test_strokes_are_tied_to_the_note_written(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    version = publish(shot_context)
    db.run(lambda s: notes_repo.save_frame(s, version, 1003, author="ana", strokes=[PEN]))
    db.run(lambda s: notes_repo.save_frame(s, version, 1003, author="bo", strokes=[BOX]))
    note = db.run(lambda s: repo.add_note(s, version, author="ana", text="edge", frame=1003))
    tied = db.run(
        lambda s: notes_repo.attach_to_note(s, version, 1003, author="ana", note_id=note.id)
    )
    assert tied == 1
    found = db.run(lambda s: notes_repo.version_annotations(s, version))
    assert [(a.author, a.note_id) for a in found] == [("ana", note.id), ("bo", None)]


def test_bad_strokes_and_versions_are_refused(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    version = publish(shot_context)
    with pytest.raises(UnknownEntityError, match="no version with id 999"):
        db.run(lambda s: notes_repo.save_frame(s, 999, 1001, author="ana", strokes=[PEN]))
    with pytest.raises(BadInputError, match="author"):
        db.run(lambda s: notes_repo.save_frame(s, version, 1001, author=" ", strokes=[PEN]))
    with pytest.raises(BadInputError, match="#rrggbb"):
        Stroke(Tool.PEN, ((0.0, 0.0),), colour="red")
    with pytest.raises(BadInputError, match="one pressure per point"):
        Stroke(Tool.PEN, ((0.0, 0.0), (1.0, 1.0)), pressures=(0.5,))
    with pytest.raises(BadInputError, match="cannot be read"):
        Stroke.from_json({"tool": "spray", "points": [[0, 0]]})


def test_two_reviewers_saving_at_once_keep_both_sets(
    db_url: str, db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    version = publish(shot_context)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def reviewer(author: str, x: float) -> None:
        database = open_database(db_url)  # each reviewer's own workstation connection
        try:
            start.wait()
            for step in range(1, 11):  # ten saves, each with one more stroke
                strokes = [Stroke(Tool.PEN, ((x, i / 20), (x, i / 20 + 0.01))) for i in range(step)]
                database.run(
                    lambda s, strokes=strokes: notes_repo.save_frame(
                        s, version, 1001, author=author, strokes=strokes
                    )
                )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            database.dispose()

    threads = [
        threading.Thread(target=reviewer, args=(a, x)) for a, x in (("ana", 0.2), ("bo", 0.7))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    found = db.run(lambda s: notes_repo.version_annotations(s, version))
    by_author = {a: [n for n in found if n.author == a] for a in ("ana", "bo")}
    assert [len(strokes) for strokes in by_author.values()] == [10, 10]
    assert {n.stroke.points[0][0] for n in by_author["ana"]} == {0.2}
    assert {n.stroke.points[0][0] for n in by_author["bo"]} == {0.7}
