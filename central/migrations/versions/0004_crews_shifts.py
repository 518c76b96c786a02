"""crews, shifts, dispatch, SLA watch, read receipts, presence

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 12:00:00

Crews of a unit and their roster; a case's assignee crew; the SLA watch's bookkeeping on cases (what was
announced for which deadline, when to look next); read receipts of threads; presence on cases.

Open cases whose warning or deadline has already passed at the upgrade count as announced: consoles show
them as due soon or overdue already, and an upgrade must not flood every stream with old news.
"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
import central.db

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Written out rather than imported: a migration must not change when the code does.
OPEN = ('assigned', 'in_progress', 'new', 'reopened', 'triaged')
OPEN_CASES = sa.text("status IN ('assigned', 'in_progress', 'new', 'reopened', 'triaged')")
WARNING_SHARE = 0.8


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == 'postgresql'
    op.create_table('crews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_changed_at', central.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('current_case_id', sa.Integer(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('position_at', central.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', central.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['current_case_id'], ['cases.id'], name='fk_crews_current_case_id_cases'),
    sa.ForeignKeyConstraint(['unit_code'], ['units.code'], name=op.f('fk_crews_unit_code_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crews')),
    sa.UniqueConstraint('unit_code', 'name', name='uq_crews_unit_name')
    )
    op.create_index(op.f('ix_crews_unit_code'), 'crews', ['unit_code'], unique=False)
    op.create_table('crew_shifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('crew_id', sa.Integer(), nullable=False),
    sa.Column('pattern', sa.String(length=16), nullable=False),
    sa.Column('starts', sa.Time(), nullable=True),
    sa.Column('ends', sa.Time(), nullable=True),
    sa.Column('weekdays', sa.String(length=7), nullable=False),
    sa.Column('cycle_days', sa.Integer(), nullable=False),
    sa.Column('on_days', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['crew_id'], ['crews.id'], name=op.f('fk_crew_shifts_crew_id_crews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_code'], ['units.code'], name=op.f('fk_crew_shifts_unit_code_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crew_shifts'))
    )
    op.create_index(op.f('ix_crew_shifts_crew_id'), 'crew_shifts', ['crew_id'], unique=False)
    op.create_index(op.f('ix_crew_shifts_unit_code'), 'crew_shifts', ['unit_code'], unique=False)
    op.create_table('case_message_reads',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('read_at', central.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_message_reads_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_case_message_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'user_id', name=op.f('pk_case_message_reads'))
    )
    op.create_table('case_presence',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('since', central.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', central.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_presence_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_case_presence_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'user_id', name=op.f('pk_case_presence'))
    )
    op.create_index(op.f('ix_case_presence_expires_at'), 'case_presence', ['expires_at'], unique=False)

    # New columns of existing tables. SQLite cannot add a foreign key to a table without copying the whole
    # table (cases may be large): there the columns come without one; PostgreSQL gets the constraints.
    op.add_column('users', sa.Column('crew_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_users_crew_id'), 'users', ['crew_id'], unique=False)
    op.add_column('cases', sa.Column('assignee_crew_id', sa.Integer(), nullable=True))
    op.add_column('cases', sa.Column('sla_warned_for', central.db.UTCDateTime(timezone=True), nullable=True))
    op.add_column('cases', sa.Column('sla_breached_for', central.db.UTCDateTime(timezone=True), nullable=True))
    op.add_column('cases', sa.Column('sla_next_check_at', central.db.UTCDateTime(timezone=True), nullable=True))
    op.create_index(op.f('ix_cases_assignee_crew_id'), 'cases', ['assignee_crew_id'], unique=False)
    op.add_column('events', sa.Column('prev_crew_id', sa.Integer(), nullable=True))
    if postgres:
        op.create_foreign_key(
            op.f('fk_users_crew_id_crews'), 'users', 'crews', ['crew_id'], ['id'], ondelete='SET NULL'
        )
        op.create_foreign_key(
            op.f('fk_cases_assignee_crew_id_crews'), 'cases', 'crews', ['assignee_crew_id'], ['id']
        )
    _arm_sla_watch(postgres)
    op.create_index(
        'ix_cases_open_sla_next_check', 'cases', ['sla_next_check_at'],
        postgresql_where=OPEN_CASES, sqlite_where=OPEN_CASES,
    )


def _arm_sla_watch(postgres: bool) -> None:
    """When the watch looks at each open case first (see the module's docstring for passed ones)."""
    now = datetime.now(UTC)
    if postgres:
        op.execute(
            sa.text(
                """
                UPDATE cases SET
                  sla_warned_for = CASE WHEN due_at - (due_at - created_at) * :rest <= :now THEN due_at END,
                  sla_breached_for = CASE WHEN due_at <= :now THEN due_at END,
                  sla_next_check_at = CASE
                    WHEN due_at <= :now THEN NULL
                    WHEN due_at - (due_at - created_at) * :rest <= :now THEN due_at
                    ELSE LEAST(due_at - (due_at - created_at) * :rest, due_at) END
                WHERE status IN ('assigned', 'in_progress', 'new', 'reopened', 'triaged')
                """
            ).bindparams(rest=1 - WARNING_SHARE, now=now)
        )
        return
    cases = sa.table(
        'cases',
        sa.column('id', sa.Integer()),
        sa.column('status', sa.String()),
        sa.column('created_at', central.db.UTCDateTime()),
        sa.column('due_at', central.db.UTCDateTime()),
        sa.column('sla_warned_for', central.db.UTCDateTime()),
        sa.column('sla_breached_for', central.db.UTCDateTime()),
        sa.column('sla_next_check_at', central.db.UTCDateTime()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(cases.c.id, cases.c.created_at, cases.c.due_at).where(cases.c.status.in_(OPEN))
    ).all()
    updates = []
    for case_id, created_at, due_at in rows:
        warn = due_at - (due_at - created_at) * (1 - WARNING_SHARE)
        warned = due_at if warn <= now else None
        breached = due_at if due_at <= now else None
        following = None if breached else (due_at if warned else min(warn, due_at))
        updates.append({'b_id': case_id, 'w': warned, 'b': breached, 'n': following})
    if updates:
        bind.execute(
            cases.update()
            .where(cases.c.id == sa.bindparam('b_id'))
            .values(sla_warned_for=sa.bindparam('w'), sla_breached_for=sa.bindparam('b'),
                    sla_next_check_at=sa.bindparam('n')),
            updates,
        )


def downgrade() -> None:
    op.drop_index('ix_cases_open_sla_next_check', table_name='cases')
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(op.f('fk_cases_assignee_crew_id_crews'), 'cases', type_='foreignkey')
        op.drop_constraint(op.f('fk_users_crew_id_crews'), 'users', type_='foreignkey')
    op.drop_column('events', 'prev_crew_id')
    op.drop_index(op.f('ix_cases_assignee_crew_id'), table_name='cases')
    for column in ('sla_next_check_at', 'sla_breached_for', 'sla_warned_for', 'assignee_crew_id'):
        op.drop_column('cases', column)
    op.drop_index(op.f('ix_users_crew_id'), table_name='users')
    op.drop_column('users', 'crew_id')
    op.drop_index(op.f('ix_case_presence_expires_at'), table_name='case_presence')
    op.drop_table('case_presence')
    op.drop_table('case_message_reads')
    op.drop_index(op.f('ix_crew_shifts_unit_code'), table_name='crew_shifts')
    op.drop_index(op.f('ix_crew_shifts_crew_id'), table_name='crew_shifts')
    op.drop_table('crew_shifts')
    op.drop_index(op.f('ix_crews_unit_code'), table_name='crews')
    op.drop_table('crews')
