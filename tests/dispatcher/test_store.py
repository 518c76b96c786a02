"""Store: idempotent, order-independent updates; visibility; one notification per batch; load vs server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from dispatcher.client import CentralClient
from dispatcher.events import EventStream
from dispatcher.models import Case, Event, Reference, User
from dispatcher.store import Store, StoreChange
from tests.dispatcher.conftest import Login
from tests.dispatcher.helpers import new_case, until, visible_event_ids
from tests.live_server import LiveServer

T0 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
EVERYTHING = 36_500  # recent_days that reach back to every case, whatever today's date

# --- rules, on hand-made events (no server) -----------------------------------------------------------


def snapshot(case_id: int, version: int, **fields: Any) -> dict[str, Any]:
    """A case as the server serialises it (the JSON of CaseOut)."""
    data: dict[str, Any] = {
        "id": case_id,
        "tracking_number": f"SOF-2026-{case_id:06d}",
        "channel": "phone",
        "category_id": 3,
        "description": "Дупка",
        "lat": 42.6475,
        "lon": 23.3817,
        "address": "",
        "district_code": "68134-15",
        "outside_sofia": False,
        "status": "new",
        "priority": "normal",
        "owner_unit_code": "RA-15",
        "assignee_user_id": None,
        "routing_reason": "район",
        "routing_rule_id": None,
        "sla_calendar": "working",
        "first_response_due_at": "2026-12-02T12:00:00+00:00",
        "first_responded_at": None,
        "due_at": "2026-12-09T12:00:00+00:00",
        "sla_paused_at": None,
        "sla_paused_reason": None,
        "sla_state": "ok",
        "bounce_count": 0,
        "needs_lead": False,
        "duplicate_of_id": None,
        "anonymous": False,
        "reporter_count": 0,
        "version": version,
        "created_at": "2026-12-02T08:00:00+00:00",
        "updated_at": "2026-12-02T08:00:00+00:00",
        "resolved_at": None,
        "closed_at": None,
    }
    data.update(fields)
    return data


def event(event_id: int, case_id: int, version: int, type_: str = "case.updated", **fields: Any) -> Event:
    return Event(event_id, type_, case_id, 1, {"case": snapshot(case_id, version, **fields)}, T0)


def observed(store: Store) -> tuple[list[StoreChange], list[Event]]:
    changes: list[StoreChange] = []
    events: list[Event] = []
    store.add_listener(changes.append)
    store.add_event_listener(events.append)
    return changes, events


def test_the_same_event_twice_changes_nothing_the_second_time() -> None:
    store = Store()
    changes, events = observed(store)
    created = event(10, 1, 1, "case.created")
    assert store.apply(created) == StoreChange(inserted=frozenset({1}))
    assert store.apply(created).empty
    assert store.apply_many([created, created]).empty
    assert len(changes) == 1 and events == [created]  # listeners heard it once
    assert store.last_event_id == 10


def test_an_older_snapshot_after_a_newer_one_is_ignored() -> None:
    store = Store()
    changes, _ = observed(store)
    store.apply(event(11, 1, 3, status="triaged"))
    assert store.apply(event(12, 1, 2, status="new")).empty  # a later event id, but an older case
    assert store.upsert(Case.from_json(snapshot(1, 3, status="assigned"))).empty  # same version: no news
    assert store.cases[1].status == "triaged" and store.cases[1].version == 3
    assert store.upsert(Case.from_json(snapshot(1, 4, status="assigned"))) == StoreChange(
        updated=frozenset({1})
    )
    assert [c for c in changes] == [StoreChange(inserted=frozenset({1})), StoreChange(updated=frozenset({1}))]


def test_events_without_a_case_reach_event_listeners_only() -> None:
    store = Store()
    changes, events = observed(store)
    message = Event(20, "message.posted", 1, 1, {"message": {"id": 5, "body": "здравейте"}}, T0)
    audit = Event(21, "case.reporters_viewed", 1, 1, {"count": 1}, T0)
    assert store.apply_many([message, audit]).empty
    assert changes == [] and events == [message, audit] and store.cases == {}


def test_a_batch_notifies_once_with_the_net_effect() -> None:
    store = Store(User(7, "mladost", "Mladost", "unit_staff", "RA-15"))
    store.apply_many([event(1, 1, 1, "case.created"), event(2, 2, 1, "case.created")])
    changes, events = observed(store)
    change = store.apply_many(
        [
            event(3, 3, 1, "case.created"),  # inserted…
            event(4, 3, 2, priority="high"),  # …and updated in the same batch: still "inserted"
            event(5, 1, 2, priority="urgent"),  # updated
            event(6, 2, 2, "case.transferred", owner_unit_code="SI"),  # gone to another unit: removed
            event(7, 4, 1, "case.created", owner_unit_code="CGM"),  # never ours: nothing
        ]
    )
    assert change == StoreChange(frozenset({3}), frozenset({1}), frozenset({2}))
    assert changes == [change] and [e.id for e in events] == [3, 4, 5, 6, 7]
    assert sorted(store.cases) == [1, 3] and store.cases[3].priority == "high"


def test_a_case_that_left_our_view_is_not_brought_back_by_an_older_snapshot() -> None:
    store = Store(User(7, "mladost", "Mladost", "unit_staff", "RA-15"))
    store.apply(event(1, 1, 1, "case.created"))
    assert store.apply(event(2, 1, 2, "case.transferred", owner_unit_code="SI")).removed == {1}
    # A page read before the transfer arrives late: it must not resurrect the case.
    assert store.upsert(Case.from_json(snapshot(1, 1))).empty and 1 not in store.cases
    # Transferred back later: a newer version, ours again.
    assert store.apply(event(3, 1, 3, "case.transferred")).inserted == {1}


def test_a_responder_sees_only_cases_assigned_to_them() -> None:
    store = Store(User(9, "responder", "Responder", "responder", "CGM"))
    assert store.apply(event(1, 1, 2, "case.assigned", assignee_user_id=9)).inserted == {1}
    assert store.apply(event(2, 1, 3, "case.assigned", assignee_user_id=8)).removed == {1}


def test_a_failing_listener_does_not_stop_the_others() -> None:
    store = Store()
    seen: list[StoreChange] = []

    def broken(_change: StoreChange) -> None:
        raise RuntimeError("boom")

    store.add_listener(broken)
    store.add_listener(seen.append)
    store.apply(event(1, 1, 1, "case.created"))
    assert seen == [StoreChange(inserted=frozenset({1}))]


# --- against a live server ---------------------------------------------------------------------------


async def server_cases(client: CentralClient) -> dict[int, Case]:
    return {case.id: case async for page in client.iter_cases(limit=500) for case in page}


async def test_pages_and_events_in_any_order_end_in_the_servers_state(
    live_server: LiveServer, login: Login
) -> None:
    operator, other = await login("operator"), await login("operator2")
    created = [(await other.create_case(new_case(f"Сигнал {n}")))[0] for n in range(4)]
    stale_page, _ = await operator.list_cases(limit=500)  # read before any of the changes below

    stream = EventStream(operator, heartbeat_timeout=5.0)
    events: list[Event] = []
    stream.add_event_listener(events.append)
    task = asyncio.create_task(stream.run())
    try:
        assert await stream.wait_ready(5)
        start = stream.last_event_id or 0
        first, second, third, fourth = created
        await other.patch_case(first.id, first.version, priority="urgent", reason="опасно")
        await other.assign(second.id, second.version, (await other.me()).id, note="поемам")
        await other.transfer(third.id, third.version, "SI", "not_competent")
        await other.merge(fourth.id, fourth.version, first.id, note="дубликат")
        await other.create_case(new_case("Нов сигнал"))
        await other.post_message(second.id, "бележка", "internal")
        expected = await asyncio.to_thread(visible_event_ids, live_server.database_url, start)
        await until(lambda: [e.id for e in events] == expected, what="every event on the stream")
    finally:
        stream.stop()
        await asyncio.wait_for(task, 5)

    truth = await server_cases(operator)
    assert len(truth) == 5 and truth[fourth.id].status == "duplicate"

    # Every order in which a page read before the changes and the events may arrive.
    events_then_old_pages = Store()
    events_then_old_pages.apply_many(events)
    await events_then_old_pages.load(OldPages(operator, stale_page), recent_days=EVERYTHING)  # type: ignore[arg-type]

    old_pages_then_events = Store()
    await old_pages_then_events.load(OldPages(operator, stale_page), recent_days=EVERYTHING)  # type: ignore[arg-type]
    old_pages_then_events.apply_many(events)

    alternating = Store()
    for n, item in enumerate(events):
        alternating.apply(item)
        if n < len(stale_page):
            alternating.upsert(stale_page[-1 - n])

    fresh_load_then_late_events = Store()
    await fresh_load_then_late_events.load(operator, recent_days=EVERYTHING)
    fresh_load_then_late_events.apply_many(events)

    for store in (events_then_old_pages, old_pages_then_events, alternating, fresh_load_then_late_events):
        assert store.cases == truth
        assert store.last_event_id == expected[-1]


class OldPages:
    """A client whose case pages were read before the events (a slow response): the rest is the real one."""

    def __init__(self, client: CentralClient, page: list[Case]) -> None:
        self._client = client
        self._page = page

    async def reference(self) -> Reference:
        return await self._client.reference()

    async def me(self) -> User:
        return await self._client.me()

    async def iter_cases(self, **filters: Any) -> AsyncIterator[list[Case]]:
        yield [case for case in self._page if case.is_open == filters["open"]]


async def test_load_while_the_city_keeps_writing(live_server: LiveServer, login: Login) -> None:
    operator, other = await login("operator"), await login("operator2")
    cases = [(await other.create_case(new_case(f"Сигнал {n}")))[0] for n in range(12)]

    store = Store()
    changes: list[StoreChange] = []
    store.add_listener(changes.append)
    stream = EventStream(operator, heartbeat_timeout=5.0)
    stream.add_event_listener(store.apply)  # the UI's wiring: stream first, then load
    task = asyncio.create_task(stream.run())

    async def write() -> None:
        for n, case in enumerate(cases):
            if n % 3 == 0:
                await other.patch_case(case.id, case.version, priority="high", reason="по-спешно")
            elif n % 3 == 1:
                await other.set_status(case.id, case.version, "triaged")
            else:
                await other.create_case(new_case(f"Още един {n}"))
            await asyncio.sleep(0.01)

    try:
        start = len(changes)
        await asyncio.gather(write(), store.load(operator, page_size=2, stream=stream))
        newest = (await asyncio.to_thread(visible_event_ids, live_server.database_url, 0))[-1]
        await until(lambda: (store.last_event_id or 0) >= newest, what="the stream catching up")
    finally:
        stream.stop()
        await asyncio.wait_for(task, 5)
    assert store.cases == await server_cases(operator)
    assert len(store.cases) == 16 and len(changes) > start
    assert store.me is not None and store.me.username == "operator"
    assert 3 in store.reference.categories


async def test_a_unit_sees_a_case_leave_and_come_back(login: Login) -> None:
    operator, mladost = await login("operator"), await login("mladost")
    ours, _ = await operator.create_case(new_case("Дупка в Младост"))
    stays, _ = await operator.create_case(new_case("Друга дупка"))
    elsewhere, _ = await operator.create_case(new_case("В центъра", lat=42.6975, lon=23.3242))
    assert elsewhere.owner_unit_code != "RA-15"

    store = Store()
    stream = EventStream(mladost, heartbeat_timeout=5.0)
    stream.add_event_listener(store.apply)
    task = asyncio.create_task(stream.run())
    try:
        first = await store.load(mladost, stream=stream, recent_days=EVERYTHING)
        assert first == StoreChange(inserted=frozenset({ours.id, stays.id}))
        changes: list[StoreChange] = []
        store.add_listener(changes.append)

        moved = await operator.transfer(ours.id, ours.version, "SI", "not_competent", note="не е наше")
        await until(lambda: ours.id not in store.cases, what="the transferred case leaving the store")
        assert changes == [StoreChange(removed=frozenset({ours.id}))]
        assert store.upsert(ours).empty  # an old copy (e.g. a slow page) does not bring it back

        back = await operator.transfer(moved.id, moved.version, "RA-15", "wrong_category")
        await until(lambda: ours.id in store.cases, what="the case coming back")
        assert changes[-1] == StoreChange(inserted=frozenset({ours.id}))
        assert store.cases[ours.id] == back and set(store.cases) == {ours.id, stays.id}
    finally:
        stream.stop()
        await asyncio.wait_for(task, 5)
