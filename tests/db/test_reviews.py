"""db.reviews: the review queue, decisions, compare targets and notes, on both dialects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from axiom_publisher.core.errors import BadInputError, UnknownEntityError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.qc import QCCheck, QCReport, QCStatus
from axiom_publisher.core.review import NO_FILTER, Decision, QueueChoices, QueueFilter
from axiom_publisher.core.types import EntityKind, EntitySpec, PublishContext
from axiom_publisher.db import Database, Session, repo

FolderFor = Callable[[PublishContext], Callable[[int], str]]
T0 = datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc)


class Publisher:
    """Publishes versions straight through the repository at chosen times."""

    def __init__(self, db: Database, folders: FolderFor) -> None:
        self.db = db
        self.folders = folders
        self.minute = 0

    def __call__(
        self,
        context: PublishContext,
        *,
        author: str = "ana",
        qc: QCStatus = QCStatus.PASS,
        publish: bool = True,
    ) -> int:
        self.minute += 1
        at = T0 + timedelta(minutes=self.minute)
        report = QCReport((QCCheck("fps", qc, "checked"),))

        def reserve_and_commit(session: Session) -> int:
            version_id, _ = repo.reserve_version(
                session,
                context,
                author=author,
                host="nuke",
                comment=f"by {author}",
                source=None,
                lease_seconds=600,
                frame_range=FrameRange(1001, 1010),
                missing_frames=[],
                folder_for=self.folders(context),
                now=at,
            )
            repo.set_version_facts(
                session, version_id, fps=24.0, qc_verdict=qc.value, qc_report=report.to_json()
            )
            if publish:
                repo.commit_version(session, version_id, [], now=at)
            return version_id

        return self.db.run(reserve_and_commit)


@pytest.fixture
def publish(db: Database, shot_context: PublishContext, folders: FolderFor) -> Publisher:
    db.run(lambda s: repo.create_entity(s, EntitySpec("demo", "sh020", EntityKind.SHOT)))
    return Publisher(db, folders)


def _decide(db: Database, version_id: int, decision: Decision | None, *, at: int = 0) -> None:
    db.run(
        lambda s: repo.add_note(
            s,
            version_id,
            author="lead",
            text="looked",
            frame=None,
            decision=decision,
            now=T0 + timedelta(hours=1, minutes=at),
        )
    )


def _queue(db: Database, queue_filter: QueueFilter = NO_FILTER) -> list[int]:
    return [record.id for record in db.run(lambda s: repo.review_queue(s, queue_filter))]


def test_queue_is_published_undecided_versions_newest_first(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    comp = shot_context
    plate = PublishContext("demo", "sh020", "plate", "plate")
    first = publish(comp)
    staging = publish(comp, publish=False)
    second = publish(plate, author="bo", qc=QCStatus.WARN)
    third = publish(comp, qc=QCStatus.FAIL)
    assert _queue(db) == [third, second, first], "the staging version is not waiting"
    [record] = db.run(lambda s: repo.review_queue(s, QueueFilter(), limit=1))
    assert (record.id, record.project, record.entity, record.task, record.product) == (
        third,
        "demo",
        "sh010",
        "comp",
        "main",
    )
    assert record.number == 3 and record.author == "ana" and record.comment == "by ana"
    assert record.qc is not None and record.qc.verdict is QCStatus.FAIL
    assert record.frame_range == FrameRange(1001, 1010) and record.published_at is not None

    _decide(db, first, None)  # a plain note is not a decision
    assert _queue(db) == [third, second, first]
    _decide(db, first, Decision.NEEDS_CHANGES)
    assert _queue(db) == [third, second]
    assert staging not in _queue(db)


def test_queue_filters_and_choices(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    plate = PublishContext("demo", "sh020", "plate", "plate")
    a = publish(shot_context)
    b = publish(plate, author="bo", qc=QCStatus.WARN)
    c = publish(plate, author="cy", qc=QCStatus.FAIL)
    decided = publish(shot_context, author="dee")
    _decide(db, decided, Decision.APPROVED)
    assert _queue(db, QueueFilter(project="demo")) == [c, b, a]
    assert _queue(db, QueueFilter(project="other")) == []
    assert _queue(db, QueueFilter(entity="sh020")) == [c, b]
    assert _queue(db, QueueFilter(author="ana")) == [a]
    assert _queue(db, QueueFilter(qc=QCStatus.WARN)) == [b]
    assert _queue(db, QueueFilter(entity="sh020", qc=QCStatus.PASS)) == []
    assert db.run(repo.queue_choices) == QueueChoices(
        projects=("demo",), entities=("sh010", "sh020"), authors=("ana", "bo", "cy")
    )


def test_the_latest_decision_counts(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    v1, v2, v3 = (publish(shot_context) for _ in range(3))
    _decide(db, v1, Decision.REJECTED, at=1)
    _decide(db, v1, Decision.APPROVED, at=2)
    _decide(db, v2, Decision.APPROVED, at=3)
    _decide(db, v2, Decision.NEEDS_CHANGES, at=4)
    _decide(db, v2, None, at=5)
    assert db.run(lambda s: repo.latest_decisions(s, [v3, v2, v1, 9999])) == {
        v1: Decision.APPROVED,
        v2: Decision.NEEDS_CHANGES,
    }
    assert db.run(lambda s: repo.latest_decisions(s, [])) == {}


def test_compare_target_previous_and_last_approved(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    other_product = PublishContext("demo", "sh010", "comp", "other")
    v1 = publish(shot_context)
    v2 = publish(shot_context)
    publish(other_product)
    failed = publish(shot_context, publish=False)
    db.run(lambda s: repo.fail_version(s, failed, "crashed"))
    v4 = publish(shot_context)
    v5 = publish(shot_context)

    def target(version_id: int, approved_only: bool = False) -> int | None:
        record = db.run(lambda s: repo.compare_target(s, version_id, approved_only=approved_only))
        return record.id if record else None

    assert target(v1) is None
    assert target(v2) == v1
    assert target(v4) == v2, "the failed v003 is skipped"
    assert target(v5) == v4
    assert target(v5, approved_only=True) is None
    _decide(db, v1, Decision.APPROVED, at=1)
    _decide(db, v2, Decision.APPROVED, at=2)
    _decide(db, v2, Decision.REJECTED, at=3)  # v002 was approved, then rejected
    _decide(db, v5, Decision.APPROVED, at=4)  # a later version never counts
    assert target(v5, approved_only=True) == v1
    assert target(v4, approved_only=True) == v1
    assert target(v1, approved_only=True) is None
    with pytest.raises(UnknownEntityError):
        target(9999)


def test_product_notes_across_versions(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    v1 = publish(shot_context)
    v2 = publish(shot_context)
    elsewhere = publish(PublishContext("demo", "sh020", "plate", "plate"))

    def note(version_id: int, text: str, frame: int | None, minute: int) -> None:
        db.run(
            lambda s: repo.add_note(
                s,
                version_id,
                author="ana",
                text=text,
                frame=frame,
                now=T0 + timedelta(hours=2, minutes=minute),
            )
        )

    note(v1, "v1 edge", 1005, 1)
    note(v1, "v1 overall", None, 2)
    note(v2, "v2 late frame", 1009, 3)
    note(v2, "v2 early frame, later", 1002, 6)
    note(v2, "v2 early frame", 1002, 4)
    note(v2, "v2 overall", None, 5)
    note(elsewhere, "another product", None, 7)
    notes = db.run(lambda s: repo.product_notes(s, v1))
    assert [n.text for n in notes] == [
        "v2 overall",
        "v2 early frame",
        "v2 early frame, later",
        "v2 late frame",
        "v1 overall",
        "v1 edge",
    ]
    assert [n.version_label for n in notes] == ["v002"] * 4 + ["v001"] * 2
    assert notes == db.run(lambda s: repo.product_notes(s, v2))
    assert notes[1].frame == 1002 and notes[0].frame is None
    assert notes[1].created_at == T0 + timedelta(hours=2, minutes=4)
    own = db.run(lambda s: repo.version_notes(s, v1))
    assert [n.text for n in own] == ["v1 overall", "v1 edge"]


def test_notes_are_refused_on_bad_input(
    db: Database, publish: Publisher, shot_context: PublishContext
) -> None:
    published = publish(shot_context)
    staging = publish(shot_context, publish=False)

    def add(
        version_id: int,
        *,
        author: str = "ana",
        text: str = "a note",
        frame: int | None = None,
        decision: Decision | None = None,
    ) -> None:
        db.run(
            lambda s: repo.add_note(
                s, version_id, author=author, text=text, frame=frame, decision=decision
            )
        )

    with pytest.raises(BadInputError, match="staging, not published"):
        add(staging, decision=Decision.APPROVED)
    with pytest.raises(UnknownEntityError):
        add(9999)
    with pytest.raises(BadInputError, match="outside the version's frames 1001-1010"):
        add(published, frame=1011)
    with pytest.raises(BadInputError, match="needs some text"):
        add(published, text="  ")
    with pytest.raises(BadInputError, match="author"):
        add(published, author="")
    assert db.run(lambda s: repo.product_notes(s, published)) == []
    add(published, text="", decision=Decision.APPROVED, frame=1010)  # a decision may be bare
    [approved] = db.run(lambda s: repo.product_notes(s, published))
    assert (approved.decision, approved.frame, approved.text) == (Decision.APPROVED, 1010, "")


def test_role_membership_is_false_on_sqlite_and_for_unknown_roles(db: Database) -> None:
    assert db.run(lambda s: repo.is_role_member(s, "axiom_no_such_role_x1")) is False
    if db.dialect == "postgresql":  # the test login (a superuser) is a member of its own role
        login = db.run(lambda s: s.execute(sa.text("SELECT current_user")).scalar_one())
        assert db.run(lambda s: repo.is_role_member(s, login)) is True
