"""publish.review: the review queue, decisions, roles and notes export on published versions."""

from __future__ import annotations

import csv
import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from axiom_publisher.config import ReviewSettings, Settings, load_settings, parse_review_settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import (
    BadInputError,
    CancelledError,
    ConfigError,
    PermissionDeniedError,
    UnknownEntityError,
)
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.review import Decision, QueueChoices, QueueFilter
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
    VersionStatus,
)
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish import catalog, review
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from tests.roots import publish_root


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review-media")
    write_sequence(root / "seq", "plate", 1001, 1004, width=64, height=36)
    write_clip(root / "tc.mov", frames=6, width=64, height=36, timecode="01:00:00:00")
    return root


def _publish(
    settings: Settings,
    source: Path,
    *,
    product: str = "plate",
    entity: str = "sh010",
    author: str = "ana",
    cancel_in: str | None = None,
) -> VersionRecord:
    item = PublishItem(
        PublishContext("proj", entity, "main", product),
        (resolve_source(source),),
        comment=f"{product} by {author}",
        author=author,
    )
    cancel = CancelToken()
    with PublishService.open(settings) as service:
        return service.publish(
            item, lambda event: cancel.cancel() if event.phase == cancel_in else None, cancel
        )


@pytest.fixture
def local_user(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AXIOM_USER", "lead.local")
    return "lead.local"


def test_queue_decide_and_next(settings: Settings, media: Path, local_user: str) -> None:
    with open_catalog_database(settings) as database:
        catalog.create_entity(database, EntitySpec("proj", "sh020", EntityKind.SHOT))
    sequence = media / "seq" / "plate.####.png"
    v1 = _publish(settings, sequence)
    v2 = _publish(settings, sequence, author="bo")
    other = _publish(settings, sequence, entity="sh020", product="comp", author="cy")
    v3 = _publish(settings, sequence)

    queue = review.review_queue(settings)
    assert [r.id for r in queue] == [v3.id, other.id, v2.id, v1.id]
    first = queue[0]
    assert (first.project, first.entity, first.task, first.product, first.number) == (
        "proj",
        "sh010",
        "main",
        "plate",
        3,
    )
    assert first.author == "ana" and first.comment == "plate by ana"
    assert first.qc is not None and first.qc == v3.qc
    assert first.proxy is not None and first.proxy.is_absolute() and first.proxy.is_file()
    assert first.thumbnail is not None and first.thumbnail.is_file()
    assert first.frame_range == FrameRange(1001, 1004)
    assert first.media is not None and first.media.fps == pytest.approx(24.0), "project fps"
    assert v3.media is not None and v3.media.fps is None, "a sequence's analysis has no fps"
    assert first == review.version(settings, v3.id)

    assert [r.id for r in review.review_queue(settings, QueueFilter(author="bo"))] == [v2.id]
    assert [r.id for r in review.review_queue(settings, QueueFilter(entity="sh020"))] == [other.id]
    assert review.review_queue(settings, QueueFilter(qc=QCStatus.FAIL)) == []
    assert [r.id for r in review.review_queue(settings, limit=2)] == [v3.id, other.id]
    assert review.queue_choices(settings) == QueueChoices(
        ("proj",), ("sh010", "sh020"), ("ana", "bo", "cy")
    )

    # Embedded database, no leads listed: the local user decides; PostgreSQL needs a lead.
    nobody = ReviewSettings(lead_role=f"axiom_missing_{uuid.uuid4().hex[:8]}")
    assert review.can_decide(dataclasses.replace(settings, review=nobody)) is settings.embedded
    settings = dataclasses.replace(settings, review=ReviewSettings(leads=(local_user,)))
    assert review.can_decide(settings)
    note = review.decide(settings, other.id, Decision.NEEDS_CHANGES, "edge flicker", 1002)
    assert (note.author, note.decision, note.frame, note.version_id) == (
        local_user,
        Decision.NEEDS_CHANGES,
        1002,
        other.id,
    )
    assert [r.id for r in review.review_queue(settings)] == [v3.id, v2.id, v1.id]
    assert review.latest_decisions(settings, [v1.id, other.id]) == {
        other.id: Decision.NEEDS_CHANGES
    }
    assert review.latest_decisions(settings, []) == {}
    # Next after the decided version continues below it; after the last comes nothing.
    after_other = review.next_in_queue(settings, other.id)
    assert after_other is not None and after_other.id == v2.id
    after_v3 = review.next_in_queue(settings, v3.id)
    assert after_v3 is not None and after_v3.id == v2.id
    assert review.next_in_queue(settings, v1.id) is None
    filtered = review.next_in_queue(settings, v3.id, QueueFilter(author="ana"))
    assert filtered is not None and filtered.id == v1.id
    missing = review.next_in_queue(settings, 9999)
    assert missing is not None and missing.id == v3.id

    previous = review.compare_target(settings, v3.id)
    assert previous is not None and previous.id == v2.id and previous.proxy is not None
    assert previous.proxy.is_absolute()
    assert review.compare_target(settings, v3.id, approved_only=True) is None
    review.decide(settings, v1.id, Decision.APPROVED, "good to go", None)
    approved = review.compare_target(settings, v3.id, approved_only=True)
    assert approved is not None and approved.id == v1.id
    assert review.compare_target(settings, v1.id) is None

    review.add_note(settings, v2.id, "grain is fine", None, author="cy")
    review.add_note(settings, v3.id, "check 1003", 1003)
    notes = review.product_notes(settings, v1.id)
    assert [(n.version_label, n.author, n.text) for n in notes] == [
        ("v003", local_user, "check 1003"),
        ("v002", "cy", "grain is fine"),
        ("v001", local_user, "good to go"),
    ]
    assert notes[2].decision is Decision.APPROVED and notes[0].decision is None


def test_decisions_need_a_lead_and_a_published_version(
    settings: Settings, media: Path, local_user: str
) -> None:
    sequence = media / "seq" / "plate.####.png"
    with pytest.raises(CancelledError):
        _publish(settings, sequence, cancel_in="stage")
    published = _publish(settings, sequence)
    with open_catalog_database(settings) as database:
        [failed] = catalog.list_versions(database, settings, status=VersionStatus.FAILED)
    assert [r.id for r in review.review_queue(settings)] == [published.id]
    lead = dataclasses.replace(settings, review=ReviewSettings(leads=(local_user,)))
    with pytest.raises(BadInputError, match="failed, not published"):
        review.decide(lead, failed.id, Decision.APPROVED, "ok", None)
    with pytest.raises(UnknownEntityError):
        review.decide(lead, 9999, Decision.APPROVED, "ok", None)
    # One rule for the CLI, the Review tab and scripts: every decision carries a note.
    for decision in Decision:
        for blank in ("", "  \n\t"):
            assert review.note_problem(decision, blank)
            with pytest.raises(BadInputError, match="needs a note") as refused:
                review.decide(lead, published.id, decision, blank, None)
            assert refused.value.exit_code == 2 and str(published.id) in str(refused.value)
        assert review.note_problem(decision, " ok ") == ""
    assert review.product_notes(settings, published.id) == [], "nothing written"
    with pytest.raises(BadInputError, match="failed, not published"):
        review.add_note(lead, failed.id, "a note", None)

    leads = dataclasses.replace(settings, review=ReviewSettings(leads=("sam",)))
    assert not review.can_decide(leads), "with leads listed, the embedded rule is off"
    assert review.can_decide(leads, "sam")
    with pytest.raises(PermissionDeniedError) as refused:
        review.decide(leads, published.id, Decision.REJECTED, "no", None)
    message = str(refused.value)
    assert local_user in message and "[review] leads" in message
    assert refused.value.exit_code == 2 and isinstance(refused.value, PermissionError)
    note = review.decide(leads, published.id, Decision.APPROVED, "ok", 1004, reviewer="sam")
    assert note.author == "sam"
    # Anyone may write notes; a user who is not this workstation's is no lead by default.
    review.add_note(leads, published.id, "nice", None)
    assert not review.can_decide(settings, "someone.else")
    assert [n.author for n in review.product_notes(settings, published.id)] == [
        local_user,
        "sam",
    ]


def test_current_user_prefers_axiom_user(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AXIOM_USER", "  vera ")
    assert review.current_user(settings) == "vera"
    monkeypatch.delenv("AXIOM_USER")
    monkeypatch.setenv("LOGNAME", "logan")
    assert review.current_user(settings) == "logan"


def test_review_config(axiom_env: dict[str, str], tmp_path: Path) -> None:
    assert load_settings(axiom_env).review == ReviewSettings((), "axiom_lead")
    env = dict(axiom_env, AXIOM_REVIEW_LEADS="ana, bo,,ana")
    assert load_settings(env).review.leads == ("ana", "bo")
    config = tmp_path / "studio.toml"
    config.write_text('[review]\nleads = ["kim"]\nlead_role = ""\n', encoding="utf-8")
    assert load_settings(axiom_env, config_file=config).review == ReviewSettings(("kim",), "")
    for bad, key in [
        ({"leads": [1]}, "review.leads"),
        ({"lead_role": "x; DROP TABLE version"}, "review.lead_role"),
        ({"lead": []}, "review.lead"),
    ]:
        with pytest.raises(ConfigError, match=key):
            parse_review_settings(bad)


def test_notes_csv_with_frames_and_timecode(
    settings: Settings, media: Path, tmp_path: Path, local_user: str
) -> None:
    settings = dataclasses.replace(settings, review=ReviewSettings(leads=(local_user,)))
    clip = _publish(settings, media / "tc.mov", product="comp")
    assert clip.media is not None and clip.media.timecode == "01:00:00:00"
    assert clip.frame_range is not None
    first = clip.frame_range.first
    review.add_note(settings, clip.id, 'says "hi", ünïcode\nsecond line', first + 4)
    review.add_note(settings, clip.id, "overall", None, author="bo")
    review.decide(settings, clip.id, Decision.NEEDS_CHANGES, "=1+2", first)
    sequence = _publish(settings, media / "seq" / "plate.####.png")
    review.add_note(settings, sequence.id, "no timecode here", 1001)

    target = review.export_notes_csv(settings, clip.id, tmp_path / "notes.csv")
    assert target == tmp_path / "notes.csv"
    with open(target, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["version", "frame", "timecode", "author", "decision", "created_at", "text"]
    name = "proj/sh010/main/comp/v001"
    assert [row[:5] for row in rows[1:]] == [
        [name, "", "", "bo", ""],
        [name, str(first), "01:00:00:00", local_user, "needs_changes"],
        [name, str(first + 4), "01:00:00:04", local_user, ""],
    ]
    assert [row[6] for row in rows[1:]] == ["overall", "=1+2", 'says "hi", ünïcode\nsecond line']
    assert rows[1][5].endswith("+00:00"), "times are written in UTC"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".notes")] == []

    plain = review.export_notes_csv(settings, sequence.id, tmp_path / "plain.csv")
    with open(plain, encoding="utf-8", newline="") as stream:
        [_, row] = list(csv.reader(stream))
    assert row[1:3] == ["1001", "00:00:41:17"], "no start timecode: the frame counted from 0"
    with pytest.raises(BadInputError, match="cannot write"):
        review.export_notes_csv(settings, clip.id, tmp_path / "missing" / "notes.csv")


# -- PostgreSQL: the lead role ------------------------------------------------------------


def _admin(url: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


@pytest.fixture
def pg_roles(pg_url: str) -> Iterator[tuple[str, str]]:
    """A lead role and a login with rights on the tables; both dropped afterwards."""
    suffix = uuid.uuid4().hex[:10]
    lead, login = f"axiom_lead_t{suffix}", f"axiom_login_t{suffix}"
    with _admin(pg_url) as connection:
        connection.execute(f"CREATE ROLE {lead} NOLOGIN")
        connection.execute(f"CREATE ROLE {login} LOGIN")
    try:
        yield lead, login
    finally:
        with _admin(pg_url) as connection:
            connection.execute(f"DROP OWNED BY {login}")  # its grants in this database
            connection.execute(f"DROP ROLE IF EXISTS {login}")
            connection.execute(f"DROP ROLE IF EXISTS {lead}")


@pytest.mark.postgres
def test_postgres_lead_role(
    pg_url: str,
    pg_roles: tuple[str, str],
    axiom_env: dict[str, str],
    tmp_path: Path,
    media: Path,
    local_user: str,
) -> None:
    lead, login = pg_roles
    admin = load_settings(axiom_env, db_url=pg_url, publish_root=publish_root(tmp_path / "publish"))
    with open_catalog_database(admin) as database:
        catalog.create_project(database, ProjectSpec("proj", "Project", width=64, height=36))
        catalog.create_entity(database, EntitySpec("proj", "sh010", EntityKind.SHOT))
    version = _publish(admin, media / "seq" / "plate.####.png")
    with _admin(pg_url) as connection:
        connection.execute(
            f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {login}"
        )
        connection.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {login}")
    login_url = pg_url.replace("://postgres@", f"://{login}@", 1)
    assert login_url != pg_url
    artist = dataclasses.replace(
        admin, db_url=login_url, review=ReviewSettings(leads=(), lead_role=lead)
    )
    assert not review.can_decide(artist), "PostgreSQL: an empty leads list makes nobody a lead"
    with pytest.raises(PermissionDeniedError, match=f"GRANT {lead} TO"):
        review.decide(artist, version.id, Decision.APPROVED, "ok", None)
    review.add_note(artist, version.id, "artists may write notes", None)

    with _admin(pg_url) as connection:
        connection.execute(f"GRANT {lead} TO {login}")
    assert review.can_decide(artist)
    assert not review.can_decide(artist, "someone.else"), "the role speaks for the login only"
    # The database decides too (migration 0002): a studio's own lead role is mapped onto
    # axiom_lead, and the reviewer recorded is the database login.
    with pytest.raises(PermissionDeniedError, match="not a member of axiom_lead"):
        review.decide(artist, version.id, Decision.APPROVED, "ok", 1001)
    with _admin(pg_url) as connection:
        connection.execute(f"GRANT axiom_lead TO {lead}")
    note = review.decide(artist, version.id, Decision.APPROVED, "ok", 1001)
    assert (note.author, note.decision) == (login, Decision.APPROVED)
    assert review.review_queue(artist) == []

    missing = dataclasses.replace(artist, review=ReviewSettings(lead_role="axiom_no_such_role"))
    assert not review.can_decide(missing), "a role that does not exist makes nobody a lead"
    no_role = dataclasses.replace(artist, review=ReviewSettings(lead_role=""))
    assert not review.can_decide(no_role)
