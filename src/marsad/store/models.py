"""SQLAlchemy 2 models of the store: documents, events, evidence, incidents, assessment, audit.

The schema itself is created and upgraded by the Alembic migrations in `migrations/`; these
classes must agree with them (a test compares the two on SQLite and PostgreSQL).

- `Document`: one report, unique on the sha256 of its raw bytes (idempotent ingest).
- `Event`: one extracted event of a document (`seq` = its index in the extract record), with
  the full event dict in `data` and the fields that queries and clustering need as columns.
- `EvidenceSpan`: character offsets into the document text (trigger and arguments).
- `DocumentError`: a problem with one stored document (extraction errors, warnings).
- `IngestRun`, `IngestError`: a run of `marsad ingest` and the inputs it could not read.
- `Incident`: events of many documents that report one incident; `IncidentMember` links an
  event to it with provenance (added by the clusterer or a named analyst, rule, score, why).
- `Assessment`: the current grade and belligerent response of an incident (1:1).
- `IncidentConstraint`: analyst decisions the clusterer must respect (incidents kept apart).
- `AuditLog`: every analyst change: who, when, what, why, before and after.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Integer primary keys: BIGINT on PostgreSQL, INTEGER (rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer, "sqlite")
Json = JSON().with_variant(JSONB(), "postgresql")

GRADES = ("unassessed", "confirmed", "fair", "weak", "contested", "discounted")
RESPONSES = ("not yet assessed", "credible", "non-credible", "duplicate")
INCIDENT_STATUSES = ("active", "merged", "dissolved")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict] = {dict[str, Any]: Json, list[Any]: Json}


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    doc_id: Mapped[str] = mapped_column(Text, nullable=False)  # the reader's id
    source: Mapped[str | None] = mapped_column(Text)  # where it was read from
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    lang: Mapped[str | None] = mapped_column(String(8))
    encoding: Mapped[str | None] = mapped_column(String(40))
    published: Mapped[date | None] = mapped_column(Date)
    text_date: Mapped[date | None] = mapped_column(Date)  # leaned on when published is absent
    retrieved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="ok")  # ok | errors | failed
    extractor: Mapped[str | None] = mapped_column(String(40))
    record: Mapped[dict[str, Any] | None] = mapped_column(Json)  # places, dates, quantities
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id", ondelete="SET NULL"))

    events: Mapped[list[Event]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Event.seq"
    )
    errors: Mapped[list[DocumentError]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("sha256", name="uq_documents_sha256"),
        Index("ix_documents_doc_id", "doc_id"),
        Index("ix_documents_published", "published"),
        Index("ix_documents_outlet", "outlet"),
    )


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    type: Mapped[str | None] = mapped_column(String(40))
    family: Mapped[str | None] = mapped_column(String(40))
    mode: Mapped[str | None] = mapped_column(String(40))
    modality: Mapped[str | None] = mapped_column(String(20))
    actor_name: Mapped[str | None] = mapped_column(Text)
    actor_sector: Mapped[str | None] = mapped_column(String(20))
    actor_country: Mapped[str | None] = mapped_column(String(8))
    place_name: Mapped[str | None] = mapped_column(Text)
    geonameid: Mapped[int | None] = mapped_column(BigInteger)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(80))
    place_precision: Mapped[str | None] = mapped_column(String(20))
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    # clustering window: the event's dates, else the document's (published or from its text)
    win_start: Mapped[date | None] = mapped_column(Date)
    win_end: Mapped[date | None] = mapped_column(Date)
    win_source: Mapped[str | None] = mapped_column(String(16))  # text | published | text-other
    clusterable: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    confidence: Mapped[float | None] = mapped_column(Float)
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    trigger: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(Json, nullable=False)

    document: Mapped[Document] = relationship(back_populates="events")
    spans: Mapped[list[EvidenceSpan]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EvidenceSpan.start"
    )
    membership: Mapped[IncidentMember | None] = relationship(
        back_populates="event", uselist=False, cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("document_id", "seq", name="uq_events_document_seq"),
        Index("ix_events_window", "win_start", "win_end"),
        Index("ix_events_country", "country"),
    )


class EvidenceSpan(Base):
    __tablename__ = "evidence_spans"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    role: Mapped[str] = mapped_column(String(30), nullable=False)  # trigger, actor, place, ...
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="spans")

    __table_args__ = (Index("ix_evidence_spans_event", "event_id"),)


class DocumentError(Base):
    __tablename__ = "document_errors"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )
    message: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="errors")

    __table_args__ = (Index("ix_document_errors_document", "document_id"),)


class IngestRun(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    inputs: Mapped[list[Any]] = mapped_column(Json, default=list)
    counts: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)


class IngestError(Base):
    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(Text, nullable=False)
    field: Mapped[str | None] = mapped_column(String(80))
    message: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_ingest_errors_run", "run_id"),)


class Incident(Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # summary of the members, recomputed whenever membership changes
    type: Mapped[str | None] = mapped_column(String(40))
    family: Mapped[str | None] = mapped_column(String(40))
    mode: Mapped[str | None] = mapped_column(String(40))
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    place_name: Mapped[str | None] = mapped_column(Text)
    geonameid: Mapped[int | None] = mapped_column(BigInteger)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(80))
    place_precision: Mapped[str | None] = mapped_column(String(20))
    actor_name: Mapped[str | None] = mapped_column(Text)
    actor_sector: Mapped[str | None] = mapped_column(String(20))
    actor_country: Mapped[str | None] = mapped_column(String(8))
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    killed_min: Mapped[int | None] = mapped_column(Integer)  # all groups
    killed_max: Mapped[int | None] = mapped_column(Integer)
    civilians_killed_min: Mapped[int | None] = mapped_column(Integer)
    civilians_killed_max: Mapped[int | None] = mapped_column(Integer)
    figures: Mapped[list[Any]] = mapped_column(Json, default=list)

    members: Mapped[list[IncidentMember]] = relationship(
        back_populates="incident", order_by="IncidentMember.id"
    )
    assessment: Mapped[Assessment | None] = relationship(
        back_populates="incident", uselist=False, cascade="all, delete-orphan",
        foreign_keys="Assessment.incident_id",
    )

    __table_args__ = (
        Index("ix_incidents_status_date", "status", "date_start"),
        Index("ix_incidents_country", "country"),
    )


class IncidentMember(Base):
    __tablename__ = "incident_members"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )
    added_by: Mapped[str] = mapped_column(String(120), nullable=False)  # "clusterer" or a user
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    rule: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(Text)
    # pinned by an analyst decision: re-clustering never moves this event
    locked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    incident: Mapped[Incident] = relationship(back_populates="members")
    event: Mapped[Event] = relationship(back_populates="membership")

    __table_args__ = (
        UniqueConstraint("event_id", name="uq_incident_members_event"),
        Index("ix_incident_members_incident", "incident_id"),
        Index("ix_incident_members_document", "document_id"),
    )


class Assessment(Base):
    __tablename__ = "assessments"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    grade: Mapped[str] = mapped_column(String(20), default="unassessed", nullable=False)
    response: Mapped[str] = mapped_column(String(20), default="not yet assessed", nullable=False)
    conceded_min: Mapped[int | None] = mapped_column(Integer)
    conceded_max: Mapped[int | None] = mapped_column(Integer)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(String(120))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    incident: Mapped[Incident] = relationship(
        back_populates="assessment", foreign_keys=[incident_id]
    )

    __table_args__ = (
        Index("ix_assessments_grade", "grade"),
        Index("ix_assessments_response", "response"),
    )


class IncidentConstraint(Base):
    __tablename__ = "incident_constraints"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    incident_a: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    incident_b: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(20), default="separate", nullable=False)
    created_by: Mapped[str] = mapped_column(String(120), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("incident_a", "incident_b", "kind", name="uq_constraints"),)


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    who: Mapped[str] = mapped_column(String(120), nullable=False)
    action: Mapped[str] = mapped_column(String(40), nullable=False)  # assess, merge, split, ...
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL")
    )
    why: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(Json)
    after: Mapped[dict[str, Any] | None] = mapped_column(Json)

    __table_args__ = (
        Index("ix_audit_log_incident", "incident_id"),
        Index("ix_audit_log_at", "at"),
    )
