"""Fixtures of the alert tests: the HTTP fixtures of tests/central/api."""

from __future__ import annotations

from tests.central.api.conftest import as_user, db, login, user_ids  # noqa: F401  (fixtures)
