"""The AXIOM schema as SQLAlchemy 2.0 typed models.

The migrations in `migrations/versions/` create exactly these tables; a test compares the
two on SQLite and PostgreSQL. Change the schema only by adding a migration AND editing
this file. Enumerations are strings with CHECK constraints (no native ENUM types), so
adding a value is a plain migration on both dialects.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CHAR,
    JSON,
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from axiom_publisher.db.clock import server_now
from axiom_publisher.db.columns import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = 64  # core.names.MAX_NAME_LENGTH: project, entity, task and product names

ENTITY_KINDS = ("sequence", "shot", "asset")
VERSION_STATUSES = ("staging", "published", "failed")
REVIEW_DECISIONS = ("approved", "needs_changes", "rejected")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class Project(Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    fps: Mapped[float] = mapped_column(Float)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    colorspace: Mapped[str] = mapped_column(String(255))
    frame_start: Mapped[int] = mapped_column(Integer)
    handles: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=server_now())


class Entity(Base):
    __tablename__ = "entity"
    __table_args__ = (
        UniqueConstraint("project_id", "code"),
        CheckConstraint(_one_of("kind", ENTITY_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(CODE))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    cut_in: Mapped[int | None] = mapped_column(Integer)
    cut_out: Mapped[int | None] = mapped_column(Integer)
    handles: Mapped[int | None] = mapped_column(Integer)

    project: Mapped[Project] = relationship()


class Product(Base):
    __tablename__ = "product"
    __table_args__ = (UniqueConstraint("entity_id", "task", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    task: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(CODE))
    last_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    entity: Mapped[Entity] = relationship()


class Version(Base):
    __tablename__ = "version"
    __table_args__ = (
        UniqueConstraint("product_id", "number"),
        CheckConstraint(_one_of("status", VERSION_STATUSES), name="status"),
        Index("ix_version_status_lease", "status", "lease_expires_at"),
        Index("uq_version_reservation_token", "reservation_token", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    lease_expires_at: Mapped[datetime | None]
    author: Mapped[str] = mapped_column(Text)
    host: Mapped[str] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    frame_first: Mapped[int | None] = mapped_column(Integer)
    frame_last: Mapped[int | None] = mapped_column(Integer)
    missing_frames: Mapped[list[int]] = mapped_column(JSON)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    fps: Mapped[float | None] = mapped_column(Float)
    colorspace: Mapped[str | None] = mapped_column(String(255))
    qc_verdict: Mapped[str | None] = mapped_column(String(16))
    qc_report: Mapped[dict[str, Any] | None]
    qc_override_reason: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    proxy_path: Mapped[str | None] = mapped_column(Text)
    thumbnail_path: Mapped[str | None] = mapped_column(Text)
    media: Mapped[dict[str, Any] | None]
    failed_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=server_now())
    published_at: Mapped[datetime | None]
    # 0008: the publishing client's token, so a retried reservation finds its own version
    reservation_token: Mapped[str | None] = mapped_column(String(64))
    # 0009: the synced tracker task it was published for; cleared when a sync drops the task
    tracker_task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracker_task.id", ondelete="SET NULL"), index=True
    )

    product: Mapped[Product] = relationship()
    files: Mapped[list[File]] = relationship(
        back_populates="version", order_by="[File.representation, File.frame, File.path]"
    )


class File(Base):
    __tablename__ = "file"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("version.id", ondelete="CASCADE"), index=True
    )
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(CHAR(64), index=True)
    frame: Mapped[int | None] = mapped_column(Integer)
    representation: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    version: Mapped[Version] = relationship(back_populates="files")


class ReviewNote(Base):
    __tablename__ = "review_note"
    __table_args__ = (
        CheckConstraint(
            f"decision IS NULL OR {_one_of('decision', REVIEW_DECISIONS)}", name="decision"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("version.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    frame: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=server_now())


class Dependency(Base):
    __tablename__ = "dependency"
    __table_args__ = (UniqueConstraint("version_id", "depends_on_version_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id", ondelete="CASCADE"))
    depends_on_version_id: Mapped[int] = mapped_column(
        ForeignKey("version.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))


class IngestRun(Base):
    __tablename__ = "ingest_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    source_dir: Mapped[str] = mapped_column(Text)
    user: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=server_now())
    ended_at: Mapped[datetime | None]
    published: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    failed: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    skipped: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    duplicate: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    summary: Mapped[dict[str, Any] | None]


class TrackerTask(Base):
    """A task of a shot or asset as the production tracker has it (`axiom tracker sync`)."""

    __tablename__ = "tracker_task"
    __table_args__ = (UniqueConstraint("entity_id", "tracker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    tracker_id: Mapped[str] = mapped_column(String(64))
    task_type: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(255))
    assignees: Mapped[list[str]] = mapped_column(JSON)


class Annotation(Base):
    """A stroke drawn on a shot frame of a version (core.annotation.Stroke as JSON)."""

    __tablename__ = "annotation"
    __table_args__ = (Index("ix_annotation_version_id_frame", "version_id", "frame"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id", ondelete="CASCADE"))
    frame: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))
    note_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_note.id", ondelete="SET NULL"), index=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


FARM_JOB_KINDS = ("publish_item", "ingest_item", "proxy_rebuild", "verify")
FARM_JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")


class FarmJob(Base):
    """A job sent to the farm (migration 0006): what to do (`payload`), where it stands,
    the version it made. `idempotency_key` makes a retried job find its earlier work."""

    __tablename__ = "farm_job"
    __table_args__ = (
        CheckConstraint(_one_of("kind", FARM_JOB_KINDS), name="kind"),
        CheckConstraint(_one_of("status", FARM_JOB_STATUSES), name="status"),
        Index("ix_farm_job_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_by: Mapped[str] = mapped_column(Text)
    rq_job_id: Mapped[str | None] = mapped_column(String(64))
    worker_host: Mapped[str | None] = mapped_column(Text)
    progress_done: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    progress_total: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    progress_phase: Mapped[str | None] = mapped_column(String(32))
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("version.id", ondelete="SET NULL"), index=True
    )
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]


REVIEW_MEDIA_STATUSES = ("staging", "published", "failed")


class ReviewMedia(Base):
    """A rebuild of a published version's review proxy and thumbnails (migration 0010):
    reserved as staging with a lease, published in the transaction that repoints the
    version's manifest, proxy and thumbnail file rows, or failed. Revision 1 is the publish;
    `old_files` / `new_files` are those rows before and after, as JSON lists."""

    __tablename__ = "review_media"
    __table_args__ = (
        UniqueConstraint("version_id", "revision"),
        CheckConstraint(_one_of("status", REVIEW_MEDIA_STATUSES), name="status"),
        Index(
            "uq_review_media_staging",
            "version_id",
            unique=True,
            sqlite_where=text("status = 'staging'"),
            postgresql_where=text("status = 'staging'"),
        ),  # fmt: skip
        Index("ix_review_media_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    lease_expires_at: Mapped[datetime | None]
    author: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    thumbnail_frame: Mapped[int | None] = mapped_column(Integer)
    old_files: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    new_files: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    old_manifest_sha256: Mapped[str | None] = mapped_column(CHAR(64))
    new_manifest_sha256: Mapped[str | None] = mapped_column(CHAR(64))
    failed_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))
    ended_at: Mapped[datetime | None]


class Playlist(Base):
    """A named, ordered list of versions to review; everyone sees it, its owner or a lead
    edits it (migration 0005's trigger on PostgreSQL)."""

    __tablename__ = "playlist"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    owner: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))


class PlaylistItem(Base):
    """A version at a position of a playlist (positions 0, 1, 2... in playing order)."""

    __tablename__ = "playlist_item"
    __table_args__ = (Index("ix_playlist_item_playlist_id_position", "playlist_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    playlist_id: Mapped[int] = mapped_column(ForeignKey("playlist.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)


OUTBOX_KINDS = ("publish", "review", "ingest_run", "qc_fail")  # core.outbox.EVENT_KINDS
OUTBOX_STATUSES = ("pending", "sent", "failed", "dead")  # core.outbox.EVENT_STATUSES


class OutboxEvent(Base):
    """An event for the tracker or a webhook (migration 0007), written in the transaction
    of its cause and delivered after commit by the drain; `idempotency_key` is unique and
    travels with the delivery, so a retried event is never delivered twice."""

    __tablename__ = "outbox_event"
    __table_args__ = (
        CheckConstraint(_one_of("kind", OUTBOX_KINDS), name="kind"),
        CheckConstraint(_one_of("status", OUTBOX_STATUSES), name="status"),
        Index("ix_outbox_event_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("version.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    remote_id: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))
    sent_at: Mapped[datetime | None]
