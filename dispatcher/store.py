"""The console's in-memory picture of the cases: loaded in pages, kept current by events, observed by the UI.

Everything that changes a case goes through one rule, so the order in which pages, stream events and the
console's own action responses arrive does not matter:

* a case snapshot replaces the stored case only if its ``version`` is higher;
* an event id already applied changes nothing (and is not passed to event listeners again);
* a snapshot the user may no longer see (another unit's case, another responder's) removes the case and
  leaves a *tombstone* with that version, so an older snapshot arriving later (a page read before the
  transfer) cannot bring it back.

The UI starts the event stream, waits for it to be ready (:meth:`EventStream.wait_ready`), then calls
:meth:`Store.load`; events and pages may interleave freely from there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from dispatcher.models import Case, Crew, Event, Presence, Reference, User, parse_time

if TYPE_CHECKING:
    from dispatcher.client import CentralClient
    from dispatcher.events import EventStream

log = logging.getLogger(__name__)

# Event types whose data carries the whole case as it is after the change (``data["case"]``).
SNAPSHOT_EVENTS = frozenset(
    {
        "case.created",
        "case.updated",
        "case.assigned",
        "case.transferred",
        "case.status_changed",
        "case.merged",
        "case.duplicate_attached",
        "case.sla_paused",
        "case.sla_resumed",
        "case.first_response",
        "case.follower_added",
        "case.dispatched",
        "case.crew_released",
        "case.sla_warning",
        "case.sla_breached",
        "case.escalated",
    }
)
# Applied event ids are remembered individually down to this distance from the newest; older ones count
# as applied (a stream never delivers anything that old again), so memory stays bounded over a long shift.
_REMEMBERED_IDS = 100_000


@dataclass(frozen=True)
class StoreChange:
    """Which case ids a batch of updates inserted, updated or removed (each id in at most one set)."""

    inserted: frozenset[int] = frozenset()
    updated: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.inserted or self.updated or self.removed)


class _Batch:
    """Collects the net effect of several updates: compares presence before the first touch and after."""

    def __init__(self, cases: dict[int, Case]) -> None:
        self._cases = cases
        self._before: dict[int, Case | None] = {}

    def touch(self, case_id: int) -> None:
        if case_id not in self._before:
            self._before[case_id] = self._cases.get(case_id)

    def change(self) -> StoreChange:
        inserted, updated, removed = set(), set(), set()
        for case_id, before in self._before.items():
            after = self._cases.get(case_id)
            if before is None and after is not None:
                inserted.add(case_id)
            elif before is not None and after is None:
                removed.add(case_id)
            elif before is not None and after is not None and after is not before:
                updated.add(case_id)
        return StoreChange(frozenset(inserted), frozenset(updated), frozenset(removed))


class Store:
    def __init__(self, me: User | None = None) -> None:
        self.cases: dict[int, Case] = {}
        self.reference = Reference()
        self.me = me
        self.last_event_id: int | None = None
        self._listeners: list[Callable[[StoreChange], None]] = []
        self._event_listeners: list[Callable[[Event], None]] = []
        self._applied: set[int] = set()
        self._applied_floor = 0  # every id at or below this counts as applied
        self._tombstones: dict[int, int] = {}  # case id → version at which it left this user's view
        # The crew board and who is on which case, kept current by crew.* and presence.changed events.
        self.crews: dict[int, Crew] = {}
        self.presence: dict[int, tuple[Presence, ...]] = {}  # case id → who is viewing / editing it
        self._crew_listeners: list[Callable[[frozenset[int]], None]] = []

    # --- observers -----------------------------------------------------------------------------------

    def add_listener(self, callback: Callable[[StoreChange], None]) -> None:
        """Called once per non-empty batch of changes to :attr:`cases`."""
        self._listeners.append(callback)

    def add_event_listener(self, callback: Callable[[Event], None]) -> None:
        """Called for every newly applied event (after the cases were updated), e.g. for an open case's
        thread and timeline."""
        self._event_listeners.append(callback)

    def add_crew_listener(self, callback: Callable[[frozenset[int]], None]) -> None:
        """Called with the ids of the crews that changed (status, case, position, members)."""
        self._crew_listeners.append(callback)

    # --- loading -------------------------------------------------------------------------------------

    async def load(
        self,
        client: CentralClient,
        *,
        recent_days: int = 7,
        page_size: int = 500,
        stream: EventStream | None = None,
        ready_timeout: float = 15.0,
    ) -> StoreChange:
        """Reference data, the user, every open case and every case changed in the last ``recent_days``.

        Given the ``stream``, waits (up to ``ready_timeout``) until it knows its position first, so that no
        change can fall between the pages and the stream. One notification at the end.
        """
        if stream is not None and not await stream.wait_ready(ready_timeout):
            log.warning("loading before the event stream is ready: a change made meanwhile may show late")
        self.reference = await client.reference()
        self.me = await client.me()
        batch = _Batch(self.cases)
        for case_id in list(self.cases):  # events applied before we knew who we are
            current = self.cases[case_id]
            if not self._visible(current):
                self._merge_removal(batch, current)
        async for page in client.iter_cases(open=True, limit=page_size):
            for case in page:
                self._merge(batch, case)
        since = datetime.now(UTC) - timedelta(days=recent_days)
        async for page in client.iter_cases(open=False, updated_since=since, limit=page_size):
            for case in page:
                self._merge(batch, case)
        return self._notify(batch.change())

    async def load_crews(self, client: CentralClient) -> frozenset[int]:
        """The crew board (``GET /crews``), for consoles that show it; events keep it current afterwards
        (crew snapshots with a lower version than what we hold are ignored, as for cases)."""
        changed = {c.id for c in await client.list_crews() if self._merge_crew(c) or self._merge_duty(c)}
        self._notify_crews(changed)
        return frozenset(changed)

    def _merge_duty(self, crew: Crew) -> bool:
        """The roster's answer (on duty, shift end, next shift) moves with time without any crew event: a
        fresh answer for the version we hold replaces it (called again to refresh the board)."""
        known = self.crews.get(crew.id)
        duty = (crew.on_duty, crew.shift_ends_at, crew.next_shift_at)
        if known is None or known.version != crew.version:
            return False
        if (known.on_duty, known.shift_ends_at, known.next_shift_at) == duty:
            return False
        self.crews[crew.id] = replace(
            known, on_duty=crew.on_duty, shift_ends_at=crew.shift_ends_at, next_shift_at=crew.next_shift_at
        )
        return True

    def others_on(self, case_id: int) -> list[Presence]:
        """Who else has the case open, by the server's account (kept current by its events; expiry is the
        server's to announce, never judged by this machine's clock, which may be off by more than the TTL)."""
        me = self.me.id if self.me else None
        return [p for p in self.presence.get(case_id, ()) if p.user_id != me]

    async def load_presence(self, client: CentralClient) -> None:
        """Who is on which case now (``GET /presence``); ``presence.changed`` events keep it current."""
        found: dict[int, list[Presence]] = {}
        for presence in await client.presence():
            found.setdefault(presence.case_id, []).append(presence)
        for case_id, present in found.items():
            self.presence.setdefault(case_id, tuple(present))  # an event applied meanwhile is newer

    # --- updating ------------------------------------------------------------------------------------

    def apply(self, event: Event) -> StoreChange:
        return self.apply_many((event,))

    def apply_many(self, events: Iterable[Event]) -> StoreChange:
        """Apply events in order; one notification for the whole batch. Events seen before are skipped."""
        batch = _Batch(self.cases)
        fresh: list[Event] = []
        crews: set[int] = set()
        for event in events:
            if not self._mark_applied(event.id):
                continue
            fresh.append(event)
            crews |= self._apply_crew_and_presence(event)
            snapshot = event.data.get("case") if event.type in SNAPSHOT_EVENTS else None
            if isinstance(snapshot, dict):
                try:
                    case = Case.from_json(snapshot)
                except (KeyError, TypeError, ValueError) as error:
                    log.warning("event %d (%s) carries a malformed case: %s", event.id, event.type, error)
                    continue
                self._merge(batch, case)
        change = self._notify(batch.change())
        self._notify_crews(crews)
        for event in fresh:
            for callback in list(self._event_listeners):
                try:
                    callback(event)
                except Exception:
                    log.exception("a store event listener failed on event %d (%s)", event.id, event.type)
        return change

    def upsert(self, case: Case) -> StoreChange:
        """Take a case from an action's response (same version and visibility rules as events)."""
        batch = _Batch(self.cases)
        self._merge(batch, case)
        return self._notify(batch.change())

    # --- rules ---------------------------------------------------------------------------------------

    def _visible(self, case: Case) -> bool:
        """Whether this user still sees the case (the server's own rule; it filters pages the same way)."""
        me = self.me
        if me is None:
            return True
        if me.role == "unit_staff":
            return case.owner_unit_code == me.unit_code
        if me.role == "responder":  # assigned in person, or dispatched to their crew
            return case.assignee_user_id == me.id or (
                me.crew_id is not None and case.assignee_crew_id == me.crew_id
            )
        return True

    def _known_version(self, case_id: int) -> int:
        current = self.cases.get(case_id)
        return max(current.version if current else 0, self._tombstones.get(case_id, 0))

    def _merge(self, batch: _Batch, case: Case) -> None:
        if case.version <= self._known_version(case.id):
            return  # older or the same: what we have is at least as new
        if not self._visible(case):
            self._merge_removal(batch, case)
            return
        batch.touch(case.id)
        self._tombstones.pop(case.id, None)
        self.cases[case.id] = case

    def _merge_removal(self, batch: _Batch, case: Case) -> None:
        self._tombstones[case.id] = max(case.version, self._tombstones.get(case.id, 0))
        if case.id in self.cases:
            batch.touch(case.id)
            del self.cases[case.id]

    def _mark_applied(self, event_id: int) -> bool:
        """Record the id; False if it was applied before."""
        if event_id <= self._applied_floor or event_id in self._applied:
            return False
        self._applied.add(event_id)
        if self.last_event_id is None or event_id > self.last_event_id:
            self.last_event_id = event_id
        if len(self._applied) > 2 * _REMEMBERED_IDS:
            self._applied_floor = max(self._applied_floor, self.last_event_id - _REMEMBERED_IDS)
            self._applied = {i for i in self._applied if i > self._applied_floor}
        return True

    def _apply_crew_and_presence(self, event: Event) -> set[int]:
        """Crew snapshots (``data["crew"]``), position fixes and presence lists. Returns changed crew ids."""
        data = event.data
        try:
            if isinstance(data.get("crew"), dict):
                crew = Crew.from_json(data["crew"])
                return {crew.id} if self._merge_crew(crew) else set()
            if event.type == "crew.position":
                known = self.crews.get(data["crew_id"])
                at = parse_time(data["at"])
                if known is None or at is None or (known.position_at is not None and at <= known.position_at):
                    return set()
                self.crews[known.id] = known.moved(float(data["lat"]), float(data["lon"]), at)
                return {known.id}
            if event.type == "presence.changed":
                self.presence[data["case_id"]] = tuple(Presence.from_json(p) for p in data.get("present", ()))
        except (KeyError, TypeError, ValueError) as error:
            log.warning("event %d (%s) carries a malformed crew or presence: %s", event.id, event.type, error)
        return set()

    def _merge_crew(self, crew: Crew) -> bool:
        """Keep the newer of two snapshots: a higher version, or the same one with a newer position."""
        known = self.crews.get(crew.id)
        if known is not None:
            if crew.version < known.version:
                return False
            newer_fix = crew.position_at is not None and (
                known.position_at is None or crew.position_at > known.position_at
            )
            if crew.version == known.version and not newer_fix:
                return False
        self.crews[crew.id] = crew
        return True

    def _notify_crews(self, crew_ids: set[int]) -> None:
        if not crew_ids:
            return
        changed = frozenset(crew_ids)
        for callback in list(self._crew_listeners):
            try:
                callback(changed)
            except Exception:
                log.exception("a crew listener failed")

    def _notify(self, change: StoreChange) -> StoreChange:
        if change.empty:
            return change
        for callback in list(self._listeners):
            try:
                callback(change)
            except Exception:
                log.exception("a store listener failed")
        return change
