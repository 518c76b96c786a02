#!/usr/bin/env bash
# Development helper (before the first release only): regenerate the initial migration from the models.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f /tmp/gen.sqlite3 central/migrations/versions/0001_initial_schema.py
.venv/bin/python - <<'PY'
from alembic import command
from central.migrate import alembic_config
command.revision(alembic_config("sqlite:////tmp/gen.sqlite3"), message="initial schema", autogenerate=True, rev_id="0001")
PY
sed -i 's/astext_type=Text()/astext_type=sa.Text()/' central/migrations/versions/0001_initial_schema.py
