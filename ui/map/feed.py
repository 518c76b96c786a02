"""The queue's current view as map markers: store changes and the queue model's view changes become JSON
patches for the page — add, update, remove — at most one per ``FLUSH_MS``.

Which cases are markers is the queue model's business (its preset and text filter): the feed follows the
model's rows (inserted, about to be removed, re-laid-out, reset). What a marker shows (position, SLA state,
status) comes from the store. Every change only marks a case id as touched; a flush then compares what the
page should have with what it was last sent, so bursts of events cost one patch and nothing is sent twice.
The first flush after a quiet spell goes out on the next turn of the loop (a single live update reaches the
page in milliseconds); later ones wait until ``FLUSH_MS`` has passed since the previous one.

SLA states also change with time alone (ok → due soon → overdue): each sent case's next change is kept in
a heap and checked every ``CLOCK_MS``.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QTimer

from dispatcher.store import Store, StoreChange
from ui.labels import name_of, priority_label, sla_state_label, status_label
from ui.map.bridge import MapBridge
from ui.queue.model import QueueModel

FLUSH_MS = 100  # at most one patch per this many milliseconds
CLOCK_MS = 5_000  # how often SLA states that change with time alone are looked at
DESCRIPTION_CHARS = 280  # of a description in a tooltip or popup
# Patches carry a case's SLA state and status as an index into these lists (the page gets them once). The
# statuses are the server's workflow table (GET /reference), never a copy of it.
SLA_CODES = ("ok", "due_soon", "overdue", "paused", "met", "breached")
_SLA_INDEX = {code: n for n, code in enumerate(SLA_CODES)}


def status_codes(store: Store) -> tuple[str, ...]:
    """The case statuses, in the order of the server's workflow table."""
    return tuple(store.reference.transitions)


Row = tuple[int, float, float, int, int]  # id, lat, lon, SLA state and status (indexes of the code lists)


class CaseFeed(QObject):
    def __init__(
        self,
        store: Store,
        model: QueueModel,
        bridge: MapBridge,
        parent: QObject | None = None,
        *,
        now: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._model = model
        self._bridge = bridge
        self._now = now
        self.status_codes = status_codes(store)  # what the page is built with
        self._status_index = {code: n for n, code in enumerate(self.status_codes)}
        self._shown: set[int] = set()  # case ids in the model's view
        self._sent: dict[int, Row] = {}  # what the page holds
        self._touched: set[int] = set()
        self._seq = 0
        self._last_flush = 0.0
        self._sla_changes: list[tuple[float, int]] = []  # (when, case id): a heap
        self._flush_timer = QTimer(self, singleShot=True)
        self._flush_timer.timeout.connect(self.flush)
        self._clock = QTimer(self, interval=CLOCK_MS)
        self._clock.timeout.connect(self._sla_tick)
        self._clock.start()

        store.add_listener(self._on_store_change)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._on_rows_removing)
        model.layoutChanged.connect(self._on_layout_changed)
        model.modelReset.connect(self._on_reset)
        bridge.page_ready_changed.connect(self._on_page_ready)
        self._shown = set(model.visible_case_ids())

    @property
    def last_seq(self) -> int:
        """The number of the last patch sent (the page acknowledges each with ``patch_applied``)."""
        return self._seq

    @property
    def marker_count(self) -> int:
        """Markers the page holds once it applied every patch sent."""
        return len(self._sent)

    @property
    def pending(self) -> bool:
        """Changes wait for the next patch."""
        return bool(self._touched)

    def has_marker(self, case_id: int) -> bool:
        return case_id in self._sent

    # --- what changes ---------------------------------------------------------------------------------------

    def _touch(self, case_ids: Any) -> None:
        self._touched.update(case_ids)
        if self._touched:
            self._schedule()

    def _on_store_change(self, change: StoreChange) -> None:
        # Only what is (or was) on the map matters; the model's row signals tell membership.
        self._touch(
            case_id
            for ids in (change.inserted, change.updated, change.removed)
            for case_id in ids
            if case_id in self._shown or case_id in self._sent
        )

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        ids = [self._model.case_id_at(row) for row in range(first, last + 1)]
        fresh = [case_id for case_id in ids if case_id is not None]
        self._shown.update(fresh)
        self._touch(fresh)

    def _on_rows_removing(self, _parent: QModelIndex, first: int, last: int) -> None:
        ids = [self._model.case_id_at(row) for row in range(first, last + 1)]
        gone = [case_id for case_id in ids if case_id is not None]
        self._shown.difference_update(gone)
        self._touch(gone)

    def _on_layout_changed(self, *_args: object) -> None:
        """A sort (nothing to do) or a new filter (markers come and go)."""
        shown = set(self._model.visible_case_ids())
        self._touch(shown.symmetric_difference(self._shown))
        self._shown = shown

    def _on_reset(self) -> None:
        """A bulk load or a language change: every row may differ."""
        self._shown = set(self._model.visible_case_ids())
        self._touch(self._shown | set(self._sent))

    def _on_page_ready(self, ready: bool) -> None:
        self._sent.clear()  # a new page has nothing yet (an old one is gone)
        if ready:
            self._touched.update(self._shown)
            self.flush()

    def _sla_tick(self) -> None:
        now, heap, due = self._now(), self._sla_changes, []
        while heap and heap[0][0] <= now:
            due.append(heapq.heappop(heap)[1])
        self._touch(due)

    # --- sending --------------------------------------------------------------------------------------------

    def _schedule(self) -> None:
        if self._flush_timer.isActive() or not self._bridge.ready:
            return
        wait = FLUSH_MS - (time.monotonic() - self._last_flush) * 1000
        self._flush_timer.start(max(0, int(wait)))

    def row(self, case_id: int) -> tuple[Row, float | None] | None:
        """The marker a case in the view gets, and when time alone will recolour it; None without a
        location."""
        case = self._store.cases.get(case_id)
        if case is None or case.lat is None or case.lon is None:
            return None
        sla = self._model.sla_of_case(case_id)
        state, next_change = (case.sla_state, None) if sla is None else sla
        row = (case_id, case.lat, case.lon, _SLA_INDEX.get(state, 0), self._status_index.get(case.status, 0))
        return row, next_change

    def flush(self) -> None:
        """Send what changed since the last patch (nothing if nothing did)."""
        self._flush_timer.stop()
        if not self._bridge.ready:
            return
        touched, self._touched = self._touched, set()
        upsert: list[Row] = []
        remove: list[int] = []
        changes: list[tuple[float, int]] = []
        sent, shown, marker = self._sent, self._shown, self.row
        for case_id in touched:
            found = marker(case_id) if case_id in shown else None
            if found is None:
                if sent.pop(case_id, None) is not None:
                    remove.append(case_id)
                continue
            row, next_change = found
            if sent.get(case_id) == row:
                continue
            sent[case_id] = row
            upsert.append(row)
            if next_change is not None:
                changes.append((next_change, case_id))
        if len(changes) > len(self._sla_changes):  # a bulk send: one heapify beats many pushes
            self._sla_changes.extend(changes)
            heapq.heapify(self._sla_changes)
        else:
            for change in changes:
                heapq.heappush(self._sla_changes, change)
        self._last_flush = time.monotonic()
        if upsert or remove:
            self._seq += 1
            self._bridge.send_patch({"seq": self._seq, "upsert": upsert, "remove": remove})

    # --- text for tooltips and popups -----------------------------------------------------------------------

    def case_info(self, case_id: int) -> dict[str, Any] | None:
        """What a marker's tooltip and popup show. Plain strings: the page sets them as text, never markup."""
        case = self._store.cases.get(case_id)
        if case is None:
            return None
        reference = self._store.reference
        sla = self._model.sla_of_case(case_id)
        sla_code = sla[0] if sla is not None else case.sla_state
        description = case.description
        if len(description) > DESCRIPTION_CHARS:
            description = description[: DESCRIPTION_CHARS - 1] + "…"
        return {
            "id": case.id,
            "tracking": case.tracking_number,
            "status": status_label(case.status),
            "sla_code": sla_code,
            "sla": sla_state_label(sla_code),
            "priority": priority_label(case.priority),
            "category": name_of(reference.categories.get(case.category_id)),
            "district": name_of(reference.districts.get(case.district_code or "")),
            "address": case.address,
            "description": description,
            "unit": name_of(reference.units.get(case.owner_unit_code), case.owner_unit_code),
        }
