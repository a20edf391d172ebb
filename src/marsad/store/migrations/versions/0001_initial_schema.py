"""Initial schema: documents, events, evidence, ingest runs, incidents, assessment, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('incidents',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('merged_into', ID, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=True),
    sa.Column('family', sa.String(length=40), nullable=True),
    sa.Column('mode', sa.String(length=40), nullable=True),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=16), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('geonameid', sa.BigInteger(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('admin1', sa.String(length=80), nullable=True),
    sa.Column('place_precision', sa.String(length=20), nullable=True),
    sa.Column('actor_name', sa.Text(), nullable=True),
    sa.Column('actor_sector', sa.String(length=20), nullable=True),
    sa.Column('actor_country', sa.String(length=8), nullable=True),
    sa.Column('n_documents', sa.Integer(), nullable=False),
    sa.Column('n_events', sa.Integer(), nullable=False),
    sa.Column('killed_min', sa.Integer(), nullable=True),
    sa.Column('killed_max', sa.Integer(), nullable=True),
    sa.Column('civilians_killed_min', sa.Integer(), nullable=True),
    sa.Column('civilians_killed_max', sa.Integer(), nullable=True),
    sa.Column('figures', JSON, nullable=False),
    sa.ForeignKeyConstraint(['merged_into'], ['incidents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_incidents_country', 'incidents', ['country'])
    op.create_index('ix_incidents_status_date', 'incidents', ['status', 'date_start'])

    op.create_table('ingest_runs',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('inputs', JSON, nullable=False),
    sa.Column('counts', JSON, nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('assessments',
    sa.Column('incident_id', ID, nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('response', sa.String(length=20), nullable=False),
    sa.Column('conceded_min', sa.Integer(), nullable=True),
    sa.Column('conceded_max', sa.Integer(), nullable=True),
    sa.Column('duplicate_of', ID, nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['duplicate_of'], ['incidents.id'], ),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('incident_id')
    )
    op.create_index('ix_assessments_grade', 'assessments', ['grade'])
    op.create_index('ix_assessments_response', 'assessments', ['response'])

    op.create_table('audit_log',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('who', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('incident_id', ID, nullable=True),
    sa.Column('why', sa.Text(), nullable=True),
    sa.Column('before', JSON, nullable=True),
    sa.Column('after', JSON, nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])
    op.create_index('ix_audit_log_incident', 'audit_log', ['incident_id'])

    op.create_table('documents',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('doc_id', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('lang', sa.String(length=8), nullable=True),
    sa.Column('encoding', sa.String(length=40), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('text_date', sa.Date(), nullable=True),
    sa.Column('retrieved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('extractor', sa.String(length=40), nullable=True),
    sa.Column('record', JSON, nullable=True),
    sa.Column('run_id', ID, nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['ingest_runs.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256', name='uq_documents_sha256')
    )
    op.create_index('ix_documents_doc_id', 'documents', ['doc_id'])
    op.create_index('ix_documents_outlet', 'documents', ['outlet'])
    op.create_index('ix_documents_published', 'documents', ['published'])

    op.create_table('incident_constraints',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('incident_a', ID, nullable=False),
    sa.Column('incident_b', ID, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['incident_a'], ['incidents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['incident_b'], ['incidents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_a', 'incident_b', 'kind', name='uq_constraints')
    )
    op.create_table('ingest_errors',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('run_id', ID, nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('field', sa.String(length=80), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['ingest_runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_ingest_errors_run', 'ingest_errors', ['run_id'])

    op.create_table('document_errors',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('document_id', ID, nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_document_errors_document', 'document_errors', ['document_id'])

    op.create_table('events',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('document_id', ID, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=True),
    sa.Column('family', sa.String(length=40), nullable=True),
    sa.Column('mode', sa.String(length=40), nullable=True),
    sa.Column('modality', sa.String(length=20), nullable=True),
    sa.Column('actor_name', sa.Text(), nullable=True),
    sa.Column('actor_sector', sa.String(length=20), nullable=True),
    sa.Column('actor_country', sa.String(length=8), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('geonameid', sa.BigInteger(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('admin1', sa.String(length=80), nullable=True),
    sa.Column('place_precision', sa.String(length=20), nullable=True),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=16), nullable=True),
    sa.Column('win_start', sa.Date(), nullable=True),
    sa.Column('win_end', sa.Date(), nullable=True),
    sa.Column('win_source', sa.String(length=16), nullable=True),
    sa.Column('clusterable', sa.Boolean(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('evidence_start', sa.Integer(), nullable=True),
    sa.Column('evidence_end', sa.Integer(), nullable=True),
    sa.Column('trigger', sa.Text(), nullable=True),
    sa.Column('data', JSON, nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'seq', name='uq_events_document_seq')
    )
    op.create_index('ix_events_country', 'events', ['country'])
    op.create_index('ix_events_window', 'events', ['win_start', 'win_end'])

    op.create_table('evidence_spans',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('event_id', ID, nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_evidence_spans_event', 'evidence_spans', ['event_id'])

    op.create_table('incident_members',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('incident_id', ID, nullable=False),
    sa.Column('event_id', ID, nullable=False),
    sa.Column('document_id', ID, nullable=False),
    sa.Column('added_by', sa.String(length=120), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rule', sa.Text(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', name='uq_incident_members_event')
    )
    op.create_index('ix_incident_members_document', 'incident_members', ['document_id'])
    op.create_index('ix_incident_members_incident', 'incident_members', ['incident_id'])



def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_incident_members_incident', table_name='incident_members')
    op.drop_index('ix_incident_members_document', table_name='incident_members')

    op.drop_table('incident_members')
    op.drop_index('ix_evidence_spans_event', table_name='evidence_spans')

    op.drop_table('evidence_spans')
    op.drop_index('ix_events_window', table_name='events')
    op.drop_index('ix_events_country', table_name='events')

    op.drop_table('events')
    op.drop_index('ix_document_errors_document', table_name='document_errors')

    op.drop_table('document_errors')
    op.drop_index('ix_ingest_errors_run', table_name='ingest_errors')

    op.drop_table('ingest_errors')
    op.drop_table('incident_constraints')
    op.drop_index('ix_documents_published', table_name='documents')
    op.drop_index('ix_documents_outlet', table_name='documents')
    op.drop_index('ix_documents_doc_id', table_name='documents')

    op.drop_table('documents')
    op.drop_index('ix_audit_log_incident', table_name='audit_log')
    op.drop_index('ix_audit_log_at', table_name='audit_log')

    op.drop_table('audit_log')
    op.drop_index('ix_assessments_response', table_name='assessments')
    op.drop_index('ix_assessments_grade', table_name='assessments')

    op.drop_table('assessments')
    op.drop_table('ingest_runs')
    op.drop_index('ix_incidents_status_date', table_name='incidents')
    op.drop_index('ix_incidents_country', table_name='incidents')

    op.drop_table('incidents')
