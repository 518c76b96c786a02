"""Async helpers for the core tests: waiting with a deadline, the events table as the server wrote it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import sqlalchemy as sa

# Category 3 (roads) is handled by district administrations; this point lies in Младост (RA-15).
MLADOST = {"channel": "phone", "category_id": 3, "lat": 42.6475, "lon": 23.3817}


def new_case(description: str = "Дупка на платното", **fields: object) -> dict[str, object]:
    return {**MLADOST, "description": description, **fields}


async def until(condition: Callable[[], object], timeout: float = 5.0, what: str = "the condition") -> None:
    """Wait until ``condition()`` is true, checking every 20 ms; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        await asyncio.sleep(0.02)


def visible_event_ids(database_url: str, after: int, *, role: str = "operator") -> list[int]:
    """Ids of the events a city-wide user's stream must deliver (everything but the audit trail)."""
    assert role in ("operator", "lead", "admin")
    from central.db import make_engine

    engine = make_engine(database_url)
    audit = "" if role in ("lead", "admin") else " AND audience != 'audit'"
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(f"SELECT id FROM events WHERE id > :after{audit} ORDER BY id"), {"after": after}
            )
            return [row.id for row in rows]
    finally:
        engine.dispose()
