"""indexes for the case list at a million cases

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 18:00:00

The console's queues (open cases of a unit by deadline; all open cases by deadline, for "overdue"), open
cases in a map box (and near a point), the district + category filter, and on PostgreSQL tracking-number
prefixes and text search (pg_trgm, and finer statistics for the text columns).
"""

from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# Written out rather than imported: a migration must not change when the code does.
OPEN_CASES = sa.text("status IN ('assigned', 'in_progress', 'new', 'reopened', 'triaged')")


def upgrade() -> None:
    op.create_index(
        'ix_cases_open_unit_due', 'cases', ['owner_unit_code', 'due_at', 'id'],
        postgresql_where=OPEN_CASES, sqlite_where=OPEN_CASES,
    )
    op.create_index(
        'ix_cases_open_due', 'cases', ['due_at', 'id'], postgresql_where=OPEN_CASES, sqlite_where=OPEN_CASES
    )
    op.create_index(
        'ix_cases_open_lat_lon', 'cases', ['lat', 'lon'], postgresql_where=OPEN_CASES, sqlite_where=OPEN_CASES
    )
    op.create_index('ix_cases_district_category', 'cases', ['district_code', 'category_id', 'id'])
    if op.get_bind().dialect.name == 'postgresql':
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.create_index(
            'ix_cases_tracking_number_prefix', 'cases', ['tracking_number'],
            postgresql_ops={'tracking_number': 'varchar_pattern_ops'},
        )
        op.create_index(
            'ix_cases_description_trgm', 'cases', ['description'],
            postgresql_using='gin', postgresql_ops={'description': 'gin_trgm_ops'},
        )
        op.create_index(
            'ix_cases_address_trgm', 'cases', ['address'],
            postgresql_using='gin', postgresql_ops={'address': 'gin_trgm_ops'},
        )
        # ILIKE estimates come from the column histogram: with the default 100 buckets one chance match
        # reads as 1 % of the table, and the planner then walks the whole table by id looking for it.
        op.execute(
            'ALTER TABLE cases ALTER COLUMN description SET STATISTICS 1000, '
            'ALTER COLUMN address SET STATISTICS 1000'
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            'ALTER TABLE cases ALTER COLUMN description SET STATISTICS -1, '
            'ALTER COLUMN address SET STATISTICS -1'
        )
        op.drop_index('ix_cases_address_trgm', table_name='cases')
        op.drop_index('ix_cases_description_trgm', table_name='cases')
        op.drop_index('ix_cases_tracking_number_prefix', table_name='cases')
        # pg_trgm stays: other objects may have come to use it.
    op.drop_index('ix_cases_district_category', table_name='cases')
    op.drop_index('ix_cases_open_lat_lon', table_name='cases')
    op.drop_index('ix_cases_open_due', table_name='cases')
    op.drop_index('ix_cases_open_unit_due', table_name='cases')
