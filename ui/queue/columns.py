"""The queue's data, stored by column: one list per field, index = row.

Columnar lists make the bulk operations of a 1,000,000-case queue run in C: sorting is
``order.sort(key=column.__getitem__)``, filtering chains ``map``/``compress`` over the lists, and building
is one comprehension per column. Labels are resolved once per distinct code, not per row.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from dispatcher.models import Case, Reference
from ui.labels import channel_label, name_of, priority_label, status_label

PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building a million small objects triggers the cyclic GC over and over; none of them form cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Labels:
    """Code → display text for one reference snapshot (computed once, used for every row)."""

    def __init__(self, reference: Reference) -> None:
        self.categories = {k: name_of(v) for k, v in reference.categories.items()}
        self.districts = {k: name_of(v) for k, v in reference.districts.items()}
        self.units = {k: name_of(v) for k, v in reference.units.items()}
        self.users = {k: v.full_name for k, v in reference.users.items()}
        self.crews = {k: v.name for k, v in reference.crews.items()}
        self.statuses: dict[str, str] = {}
        self.priorities: dict[str, str] = {}
        self.channels: dict[str, str] = {}

    def status(self, code: str) -> str:
        if code not in self.statuses:
            self.statuses[code] = status_label(code)
        return self.statuses[code]

    def priority(self, code: str) -> str:
        if code not in self.priorities:
            self.priorities[code] = priority_label(code)
        return self.priorities[code]

    def channel(self, code: str) -> str:
        if code not in self.channels:
            self.channels[code] = channel_label(code)
        return self.channels[code]


def assignee_text(case: Case, labels: Labels) -> str:
    """The person assigned, else the crew dispatched (a crew works a case without a personal assignee)."""
    if case.assignee_user_id is not None:
        return labels.users.get(case.assignee_user_id, "")
    if case.assignee_crew_id is not None:
        return labels.crews.get(case.assignee_crew_id, f"#{case.assignee_crew_id}")
    return ""


class QueueColumns:
    """Parallel lists, one per field. A removed case keeps its index with ``alive`` False."""

    SORTABLE = (
        "tracking",
        "due",
        "created",
        "priority_rank",
        "category",
        "district",
        "address",
        "status",
        "unit",
        "assignee",
        "channel",
    )

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.tracking: list[str] = []
        self.due: list[float] = []
        self.created: list[float] = []
        self.priority_rank: list[int] = []
        self.priority: list[str] = []
        self.category: list[str] = []
        self.district: list[str] = []
        self.address: list[str] = []
        self.description: list[str] = []
        self.status: list[str] = []
        self.status_code: list[str] = []
        self.unit: list[str] = []
        self.unit_code: list[str] = []
        self.assignee: list[str] = []
        self.assignee_id: list[int | None] = []
        self.crew_id: list[int | None] = []  # the dispatched crew
        self.channel: list[str] = []
        self.is_open: list[bool] = []
        self.paused: list[bool] = []
        self.final_sla: list[str] = []
        self.alive: list[bool] = []

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, cases: Sequence[Case], labels: Labels) -> QueueColumns:
        columns = cls()
        with collector_paused():
            columns.ids = [c.id for c in cases]
            columns.tracking = [c.tracking_number for c in cases]
            columns.due = [c.due_at.timestamp() for c in cases]
            columns.created = [c.created_at.timestamp() for c in cases]
            columns.priority_rank = [PRIORITY_RANK.get(c.priority, 9) for c in cases]
            columns.priority = [labels.priority(c.priority) for c in cases]
            category, district, unit, users = labels.categories, labels.districts, labels.units, labels.users
            columns.category = [category.get(c.category_id, "") for c in cases]
            columns.district = [district.get(c.district_code, "") for c in cases]  # type: ignore[arg-type]
            columns.address = [c.address for c in cases]
            columns.description = [c.description for c in cases]
            columns.status_code = [c.status for c in cases]
            columns.status = [labels.status(code) for code in columns.status_code]
            columns.unit_code = [c.owner_unit_code for c in cases]
            columns.unit = [unit.get(code, code) for code in columns.unit_code]
            columns.assignee_id = [c.assignee_user_id for c in cases]
            columns.crew_id = [c.assignee_crew_id for c in cases]
            # No person assigned: the crew dispatched (assignee_text, inlined: this runs for 1 M rows).
            crews = labels.crews
            columns.assignee = [
                users.get(a, "") if a is not None else crews.get(k, f"#{k}") if k is not None else ""
                for a, k in zip(columns.assignee_id, columns.crew_id, strict=True)
            ]
            columns.channel = [labels.channel(c.channel) for c in cases]
            columns.is_open = [c.is_open for c in cases]
            columns.paused = [c.sla_paused_at is not None for c in cases]
            columns.final_sla = [c.sla_state for c in cases]
            columns.alive = [True] * len(cases)
        return columns

    def _values(self, case: Case, labels: Labels) -> dict[str, object]:
        return {
            "ids": case.id,
            "tracking": case.tracking_number,
            "due": case.due_at.timestamp(),
            "created": case.created_at.timestamp(),
            "priority_rank": PRIORITY_RANK.get(case.priority, 9),
            "priority": labels.priority(case.priority),
            "category": labels.categories.get(case.category_id, ""),
            "district": labels.districts.get(case.district_code or "", ""),
            "address": case.address,
            "description": case.description,
            "status": labels.status(case.status),
            "status_code": case.status,
            "unit": labels.units.get(case.owner_unit_code, case.owner_unit_code),
            "unit_code": case.owner_unit_code,
            "assignee": assignee_text(case, labels),
            "assignee_id": case.assignee_user_id,
            "crew_id": case.assignee_crew_id,
            "channel": labels.channel(case.channel),
            "is_open": case.is_open,
            "paused": case.sla_paused_at is not None,
            "final_sla": case.sla_state,
            "alive": True,
        }

    def append(self, case: Case, labels: Labels) -> int:
        for name, value in self._values(case, labels).items():
            getattr(self, name).append(value)
        return len(self.ids) - 1

    def set(self, index: int, case: Case, labels: Labels) -> None:
        for name, value in self._values(case, labels).items():
            getattr(self, name)[index] = value

    def kill(self, index: int) -> None:
        self.alive[index] = False

    def search_text(self, i: int) -> str:
        """The lower-cased text the filter box looks in."""
        return " ".join(
            (
                self.tracking[i],
                self.description[i],
                self.address[i],
                self.category[i],
                self.district[i],
                self.unit[i],
                self.assignee[i],
                self.status[i],
            )
        ).casefold()

    def search_texts(self, start: int, stop: int) -> list[str]:
        """``search_text`` for a range of rows, in one pass per column (for building the text index)."""
        parts = (
            self.tracking,
            self.description,
            self.address,
            self.category,
            self.district,
            self.unit,
            self.assignee,
            self.status,
        )
        with collector_paused():
            return [" ".join(row).casefold() for row in zip(*(p[start:stop] for p in parts), strict=True)]
