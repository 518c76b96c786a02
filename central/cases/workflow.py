"""The status workflow of a case, in one table. Nothing else decides which moves are allowed."""

from __future__ import annotations

OPEN_STATUSES = frozenset({"new", "triaged", "assigned", "in_progress", "reopened"})
FINAL_STATUSES = frozenset({"closed", "rejected", "duplicate"})
STATUSES = (
    "new",
    "triaged",
    "assigned",
    "in_progress",
    "resolved",
    "reopened",
    "closed",
    "rejected",
    "duplicate",
)

# from status → statuses it may move to
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"triaged", "assigned", "rejected", "duplicate"}),
    "triaged": frozenset({"assigned", "rejected", "duplicate"}),
    "assigned": frozenset({"in_progress", "resolved", "triaged", "rejected", "duplicate"}),
    "in_progress": frozenset({"resolved", "assigned", "rejected", "duplicate"}),
    "resolved": frozenset({"closed", "reopened"}),
    "reopened": frozenset({"assigned", "in_progress", "resolved", "rejected", "duplicate"}),
    "closed": frozenset(),
    "rejected": frozenset(),
    "duplicate": frozenset(),
}

# Moves that must carry a public note to the citizen (what was done, or why not).
NEEDS_PUBLIC_NOTE = frozenset({"resolved", "rejected"})
# Moves made only through their own action (they carry more than a status).
SET_BY_ACTION_ONLY = {"assigned": "assign", "duplicate": "merge"}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def is_final(status: str) -> bool:
    return status in FINAL_STATUSES
