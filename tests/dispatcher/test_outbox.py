"""Outbox: a report typed while the server is down survives in the outbox and arrives exactly once."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from dispatcher.client import CentralClient
from dispatcher.errors import AuthError, ForbiddenError, UnreachableError, ValidationError
from dispatcher.models import Case
from dispatcher.outbox import (
    ItemState,
    Outbox,
    OutboxCounts,
    OutboxError,
    OutboxSender,
    SubmitResult,
    submit,
)
from dispatcher.store import Store
from tests.dispatcher.conftest import Login
from tests.dispatcher.helpers import new_case, until
from tests.live_server import LiveServer

PENDING, DELIVERED, FAILED = ItemState.PENDING, ItemState.DELIVERED, ItemState.FAILED
# For tests where the database plays no part: the server's backend is fixed, the time is spent once.
any_backend = pytest.mark.parametrize("backend", ["sqlite"])
SERVER = "http://outbox.test"


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    box = Outbox(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


def cases_described(database_url: str, description: str) -> int:
    """How many cases the server's database holds with this description (whatever the API says)."""
    from central.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            query = sa.text("SELECT count(*) FROM cases WHERE description = :description")
            return int(connection.execute(query, {"description": description}).scalar_one())
    finally:
        engine.dispose()


async def count_cases(server: LiveServer, description: str) -> int:
    return await asyncio.wait_for(asyncio.to_thread(cases_described, server.database_url, description), 10)


async def flush(sender: OutboxSender) -> int:
    return await asyncio.wait_for(sender.flush(), 10)


# --- the outbox file alone ------------------------------------------------------------------------------


def test_an_enqueued_report_survives_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "console" / "outbox.sqlite3"  # the folder is made on first use
    body = new_case("Счупена пейка в „Южен парк“", reporter={"name": "Мария", "phone": "+359888123456"})
    with Outbox(path) as outbox:
        first = outbox.enqueue(SERVER + "/", body)  # the same server, however the URL was typed
        second = outbox.enqueue("http://other.test", new_case("другаде"))
        assert first.state == PENDING and first.attempts == 0 and first.case_id is None
        assert len(first.key) == 36 and first.key != second.key  # a UUID4 each
        assert outbox.count_pending() == 2

    with Outbox(path) as reopened:
        assert reopened.pending(SERVER) == [first]
        assert reopened.pending() == [first, second]  # oldest first
        (item,) = reopened.pending(SERVER)
        assert item.body == body and item.description == "Счупена пейка в „Южен парк“"
        assert item.server_url == SERVER and item.created_at.tzinfo is not None
        mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_every_change_is_recorded_and_heard(outbox: Outbox) -> None:
    heard: list[OutboxCounts] = []
    outbox.add_listener(heard.append)
    a = outbox.enqueue(SERVER, new_case("a"))
    b = outbox.enqueue(SERVER, new_case("b"))
    c = outbox.enqueue(SERVER, new_case("c"))

    tried = outbox.record_attempt(a.key, "connection refused")
    assert tried is not None and (tried.state, tried.attempts, tried.last_error) == (
        PENDING,
        1,
        "connection refused",
    )
    done = outbox.mark_delivered(a.key, 41, "SOF-2026-000041")
    assert done is not None and (done.state, done.attempts, done.last_error) == (DELIVERED, 2, None)
    assert (done.case_id, done.tracking_number) == (41, "SOF-2026-000041")
    refused = outbox.mark_failed(b.key, "422: category_id: unknown", {"category_id": "unknown"})
    assert (
        refused is not None and refused.state == FAILED and refused.field_errors == {"category_id": "unknown"}
    )

    assert outbox.pending() == [outbox.get(c.key)]
    assert [i.key for i in outbox.items(state="failed")] == [b.key]  # kept for the operator
    assert [i.key for i in outbox.items()] == [a.key, b.key, c.key]
    assert outbox.counts() == OutboxCounts(pending=1, failed=1)
    assert outbox.remove(b.key) is True and outbox.remove(b.key) is False
    assert outbox.mark_delivered("no-such-key", 1, "x") is None and outbox.get("no-such-key") is None

    assert heard == [
        OutboxCounts(1, 0),
        OutboxCounts(2, 0),
        OutboxCounts(3, 0),
        OutboxCounts(3, 0),  # an attempt changes the item, not the counts: still heard
        OutboxCounts(2, 0),
        OutboxCounts(1, 1),
        OutboxCounts(1, 0),
    ]  # a change that found no item is not a change


def test_a_body_that_is_not_json_is_refused_and_nothing_is_stored(outbox: Outbox) -> None:
    heard: list[OutboxCounts] = []
    outbox.add_listener(heard.append)
    with pytest.raises(TypeError):
        outbox.enqueue(SERVER, {"description": "x", "when": object()})
    with pytest.raises(ValueError):
        outbox.enqueue(SERVER, {"lat": float("nan")})
    assert outbox.items() == [] and heard == []


def test_delivered_items_are_pruned_on_opening_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as outbox:
        keys = [outbox.enqueue(SERVER, new_case(str(n))).key for n in range(3)]
        outbox.mark_delivered(keys[0], 1, "SOF-2026-000001")
        outbox.mark_failed(keys[1], "403: no")
    with Outbox(path) as outbox:
        assert [i.key for i in outbox.items()] == keys  # kept a week by default
    with Outbox(path, keep_delivered=timedelta(0)) as outbox:
        assert [i.key for i in outbox.items()] == keys[1:]  # pending and failed are never pruned


def test_a_closed_or_newer_outbox_refuses_to_work(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    outbox.close()
    outbox.close()  # idempotent
    with pytest.raises(OutboxError, match="closed"):
        outbox.pending()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(OutboxError, match="newer console"):
        Outbox(path)


class GatedClient:
    """Answers create_case only when the gate opens; records every request."""

    base_url = SERVER

    def __init__(self) -> None:
        self.keys: list[str | None] = []
        self.gate = asyncio.Event()

    async def create_case(
        self, body: dict[str, Any], *, idempotency_key: str | None = None
    ) -> tuple[Case, bool]:
        self.keys.append(idempotency_key)
        await self.gate.wait()
        n = len(self.keys)
        return Case.from_json(
            {"id": n, "tracking_number": f"SOF-2026-{n:06d}", "description": body["description"]}
        ), False


async def test_a_report_being_submitted_is_not_sent_again_by_the_sender(outbox: Outbox) -> None:
    client = GatedClient()
    submitting = asyncio.create_task(submit(outbox, client, new_case("в движение")))  # type: ignore[arg-type]
    await until(lambda: client.keys, what="submit's request")
    sender = OutboxSender(outbox, client)  # type: ignore[arg-type]
    assert await flush(sender) == 0  # its request is out: the sender leaves it alone
    assert len(client.keys) == 1
    client.gate.set()
    result = await asyncio.wait_for(submitting, 5)
    assert result.delivered and result.item.attempts == 1
    assert await flush(sender) == 0 and len(client.keys) == 1


async def test_async_changes_are_heard_on_the_loop_thread(outbox: Outbox) -> None:
    import threading

    threads: list[threading.Thread] = []
    outbox.add_listener(lambda _counts: threads.append(threading.current_thread()))
    item = await asyncio.wait_for(outbox.aenqueue(SERVER, new_case("x")), 5)
    await asyncio.wait_for(outbox.amark_failed(item.key, "409: taken"), 5)
    assert threads == [threading.main_thread()] * 2
    assert await asyncio.wait_for(outbox.acounts(), 5) == OutboxCounts(0, 1)


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"  # nobody listens there once closed


async def test_the_sender_backs_off_while_the_server_is_unreachable(outbox: Outbox) -> None:
    client = CentralClient(closed_port_url(), token="t0ken")
    try:
        outbox.enqueue(client.base_url, new_case("x"))
        sender = OutboxSender(outbox, client, interval=0.1, backoff_max=0.4)
        task = asyncio.create_task(sender.run())
        await asyncio.sleep(1.25)  # flushes at about 0, 0.1, 0.3, 0.7, 1.1 s (12 without backoff)
        assert 3 <= sender.flushes <= 7 and isinstance(sender.error, UnreachableError)
        before = sender.flushes
        sender.wake()  # forgets the backoff
        await until(lambda: sender.flushes > before, timeout=1, what="a flush right after wake()")
        sender.stop()
        await asyncio.wait_for(task, 1)
        (item,) = outbox.pending()
        assert item.attempts == sender.flushes
    finally:
        await client.aclose()


async def test_stop_cuts_a_request_that_hangs_and_the_report_stays(outbox: Outbox) -> None:
    accepted: list[asyncio.StreamWriter] = []

    async def mute(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)  # and never a byte back

    server = await asyncio.start_server(mute, "127.0.0.1", 0)
    client = CentralClient(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", token="t0ken")
    try:
        item = outbox.enqueue(client.base_url, new_case("x"))
        sender = OutboxSender(outbox, client)
        task = asyncio.create_task(sender.run())
        await until(lambda: accepted, what="the request")
        started = time.monotonic()
        sender.stop()
        await asyncio.wait_for(task, 1)
        assert time.monotonic() - started < 0.5
        assert outbox.pending() == [item]  # not sent as far as we know; its key makes a resend harmless
        stopped_early = OutboxSender(outbox, client)
        stopped_early.stop()
        await asyncio.wait_for(stopped_early.run(), 1)  # stop() before run(): returns at once
    finally:
        await client.aclose()
        server.close()
        for writer in accepted:
            writer.close()


# --- against the real server ------------------------------------------------------------------------------


async def test_submit_while_the_server_is_up_delivers_once(
    live_server: LiveServer, operator: CentralClient, outbox: Outbox
) -> None:
    description = "Дупка на бул. „Черни връх“ № 51"
    store = Store()
    result = await asyncio.wait_for(submit(outbox, operator, new_case(description), store=store), 10)
    assert result.delivered and not result.replayed and result.error is None
    case = result.case
    assert case is not None and case.description == description and case.tracking_number.startswith("SOF-")
    assert (result.item.state, result.item.case_id, result.item.tracking_number) == (
        DELIVERED,
        case.id,
        case.tracking_number,
    )
    assert result.item.attempts == 1
    assert store.cases[case.id] == case  # in the queue at once, before the event arrives
    assert (await asyncio.wait_for(operator.get_case(case.id), 10)).case.description == description
    assert await count_cases(live_server, description) == 1
    assert outbox.pending() == [] and outbox.count_pending() == 0
    assert await flush(OutboxSender(outbox, operator)) == 0
    assert await count_cases(live_server, description) == 1


async def test_a_report_filed_while_the_server_is_down_arrives_exactly_once(
    live_server: LiveServer, operator: CentralClient, tmp_path: Path
) -> None:
    path = tmp_path / "outbox.sqlite3"
    description = "Паднало дърво на ул. „Шипка“ — подадено, докато сървърът го няма"
    outbox = Outbox(path)
    await asyncio.to_thread(live_server.stop)

    result = await asyncio.wait_for(submit(outbox, operator, new_case(description)), 10)
    assert result.queued and isinstance(result.error, UnreachableError) and result.case is None
    assert (result.item.state, result.item.attempts) == (PENDING, 1)
    key = result.item.key
    assert outbox.count_pending() == 1
    assert await count_cases(live_server, description) == 0
    outbox.close()  # the console quits (or dies) with the report unsent

    outbox = Outbox(path)  # the next start
    try:
        (item,) = outbox.pending(operator.base_url)
        assert item.key == key and item.body == new_case(description) and item.state == PENDING
        sender = OutboxSender(outbox, operator)
        delivered: list[SubmitResult] = []
        sender.add_delivered_listener(delivered.append)
        assert await flush(sender) == 0  # still down: nothing sent, nothing lost
        assert isinstance(sender.error, UnreachableError) and outbox.get(key).attempts == 2  # type: ignore[union-attr]

        await asyncio.to_thread(live_server.start)  # the same port again
        assert await flush(sender) == 1
        assert sender.error is None
        item = outbox.get(key)  # type: ignore[assignment]
        assert item is not None and item.state == DELIVERED and item.attempts == 3
        (result,) = delivered
        assert result.case is not None and not result.replayed
        assert (item.case_id, item.tracking_number) == (result.case.id, result.case.tracking_number)
        assert await count_cases(live_server, description) == 1

        assert await flush(sender) == 0  # a second flush delivers nothing more
        assert await count_cases(live_server, description) == 1 and outbox.count_pending() == 0
    finally:
        outbox.close()


async def test_a_lost_response_is_answered_by_the_servers_replay(
    live_server: LiveServer, operator: CentralClient, outbox: Outbox
) -> None:
    description = "Не работи улично осветление в ж.к. „Младост 1“, бл. 23"
    item = outbox.enqueue(operator.base_url, new_case(description))
    # The first try reached the server and created the case, but the answer never came back.
    first, replayed = await asyncio.wait_for(operator.create_case(item.body, idempotency_key=item.key), 10)
    assert not replayed and outbox.get(item.key).state == PENDING  # type: ignore[union-attr]

    sender = OutboxSender(outbox, operator)
    delivered: list[SubmitResult] = []
    sender.add_delivered_listener(delivered.append)
    assert await flush(sender) == 1
    (result,) = delivered
    assert result.replayed and result.case == first
    after = outbox.get(item.key)
    assert after is not None and (after.state, after.case_id, after.tracking_number) == (
        DELIVERED,
        first.id,
        first.tracking_number,
    )
    assert await count_cases(live_server, description) == 1


@any_backend
async def test_a_refused_report_is_kept_failed_and_never_retried(
    live_server: LiveServer, login: Login, outbox: Outbox
) -> None:
    operator, responder = await login("operator"), await login("responder")
    result = await asyncio.wait_for(
        submit(outbox, operator, new_case("Непозната категория", category_id=9999)), 10
    )
    assert result.failed and isinstance(result.error, ValidationError)
    assert "category_id" in result.field_errors  # to show at the form's field
    refused = result.item
    assert refused.state == FAILED and refused.field_errors == result.field_errors
    assert refused.attempts == 1 and "422" in (refused.last_error or "")

    forbidden = await asyncio.wait_for(submit(outbox, responder, new_case("Отговорник подава сигнал")), 10)
    assert forbidden.failed and isinstance(forbidden.error, ForbiddenError) and forbidden.field_errors == {}

    good = outbox.enqueue(operator.base_url, new_case("Преливащ контейнер"))
    assert await flush(OutboxSender(outbox, operator)) == 1  # past the failed ones, which are not retried
    assert outbox.get(good.key).state == DELIVERED  # type: ignore[union-attr]
    assert outbox.get(refused.key) == refused  # untouched: still listed for the operator to fix
    assert [i.key for i in outbox.items(state=FAILED)] == [refused.key, forbidden.item.key]
    assert outbox.counts() == OutboxCounts(pending=0, failed=2)
    assert await count_cases(live_server, "Непозната категория") == 0


@any_backend
async def test_an_expired_login_keeps_reports_pending_until_a_new_one(
    live_server: LiveServer, operator: CentralClient, outbox: Outbox
) -> None:
    expired = CentralClient(live_server.base_url, token="expired-token")
    try:
        result = await asyncio.wait_for(submit(outbox, expired, new_case("първи")), 10)
        assert result.queued and isinstance(result.error, AuthError)  # the report is fine: log in again
        for text in ("втори", "трети"):
            outbox.enqueue(live_server.base_url, new_case(text))
        current: list[CentralClient | None] = [None]
        sender = OutboxSender(outbox, lambda: current[0])  # the client of whoever is logged in
        assert await flush(sender) == 0  # nobody is
        current[0] = expired
        assert await flush(sender) == 0 and isinstance(sender.error, AuthError)
        assert [i.attempts for i in outbox.pending()] == [2, 0, 0]  # stopped at the first refusal
        current[0] = operator
        assert await flush(sender) == 3
        cases = [outbox.get(i.key) for i in outbox.items()]
        assert [c.description for c in cases] == ["първи", "втори", "трети"]  # type: ignore[union-attr]
        ids = [c.case_id for c in cases]  # type: ignore[union-attr]
        assert ids == sorted(ids)  # oldest first
    finally:
        await expired.aclose()


@any_backend
async def test_the_sender_delivers_soon_after_wake_and_stops_promptly(
    live_server: LiveServer, operator: CentralClient, outbox: Outbox
) -> None:
    description = "Теч на вода на ул. „Граф Игнатиев“"
    await asyncio.to_thread(live_server.stop)
    assert (await asyncio.wait_for(submit(outbox, operator, new_case(description)), 10)).queued
    heard: list[OutboxCounts] = []
    outbox.add_listener(heard.append)
    sender = OutboxSender(outbox, operator, interval=30.0)  # only wake() can bring the next flush soon
    task = asyncio.create_task(sender.run())
    try:
        await until(lambda: sender.error is not None, what="the first flush failing")
        assert isinstance(sender.error, UnreachableError)
        await asyncio.sleep(0.2)
        assert sender.flushes == 1  # waiting, not hammering a server that is down

        await asyncio.to_thread(live_server.start)
        sender.wake()  # e.g. the event stream is ONLINE again
        await until(
            lambda: heard and heard[-1].pending == 0, timeout=1.0, what="delivery within 1 s of wake()"
        )
        assert sender.flushes == 2 and await count_cases(live_server, description) == 1
        started = time.monotonic()
        sender.stop()
        await asyncio.wait_for(task, 1)
        assert time.monotonic() - started < 0.5
    finally:
        if not task.done():
            task.cancel()


# --- photos ------------------------------------------------------------------------------------------


def test_photos_are_copied_in_and_their_copies_go_with_the_item(outbox: Outbox, tmp_path: Path) -> None:
    photo = tmp_path / "IMG_1.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    item = outbox.enqueue(SERVER, new_case("Клон"), files=[photo])
    (copy,) = item.files
    assert Path(copy).read_bytes() == photo.read_bytes() and Path(copy).parent.name == item.key
    photo.unlink()  # the operator's file may go: the outbox has its own copy
    assert Path(copy).exists()
    outbox.remove(item.key)
    assert not Path(copy).exists()


def test_a_missing_photo_stores_nothing(outbox: Outbox, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        outbox.enqueue(SERVER, new_case("Клон"), files=[tmp_path / "gone.jpg"])
    assert outbox.items() == []
    assert not any(outbox.files_dir.glob("*/*"))


def test_an_outbox_of_the_first_schema_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    outbox.enqueue(SERVER, new_case("Старо"))
    outbox.close()
    connection = sqlite3.connect(path)  # what a console of the first version left on disk
    connection.execute("ALTER TABLE outbox DROP COLUMN files")
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    with Outbox(path) as upgraded:
        (item,) = upgraded.pending()
        assert item.description == "Старо" and item.files == ()


async def test_a_report_with_a_photo_queued_while_the_server_is_down_arrives_with_it_once(
    live_server: LiveServer, operator: CentralClient, tmp_path: Path
) -> None:
    from tests.central.attachments.images import CAMERA_MODEL, jpeg

    photo = tmp_path / "IMG_2.jpg"
    photo.write_bytes(jpeg())
    description = "Счупена пейка, снимката е от гражданина"
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    try:
        await asyncio.to_thread(live_server.stop)
        result = await asyncio.wait_for(submit(outbox, operator, new_case(description), files=[photo]), 10)
        assert result.queued
        (copy,) = result.item.files
        await asyncio.to_thread(live_server.start)
        sender = OutboxSender(outbox, operator)
        assert await flush(sender) == 1
        item = outbox.get(result.item.key)
        assert item is not None and item.state == DELIVERED and item.case_id is not None
        assert not Path(copy).exists()  # the server has it: the copy is gone
        detail = await operator.get_case(item.case_id)
        assert [a.filename for a in detail.attachments] == ["IMG_2.jpg"]
        stored = await operator.attachment_bytes(detail.attachments[0].id)
        assert CAMERA_MODEL.encode() not in stored
        # Sent again with its key (an answer lost on the way): the first case, nothing stored twice.
        again, replayed = await operator.create_case(
            {**new_case(description), "attachment_ids": [detail.attachments[0].id]},
            idempotency_key=item.key,
        )
        assert replayed and again.id == item.case_id
        assert await count_cases(live_server, description) == 1
    finally:
        outbox.close()


async def test_the_embedded_server_adopts_what_its_earlier_runs_did_not_get(outbox: Outbox) -> None:
    old = await outbox.aenqueue("http://127.0.0.1:40001", new_case("Старо"))
    other = await outbox.aenqueue("https://central.example", new_case("Друг сървър"))
    done = await outbox.aenqueue("http://127.0.0.1:40001", new_case("Получено"))
    await outbox.amark_delivered(done.key, 1, "SOF-2026-000001")
    assert await outbox.aadopt_loopback("http://127.0.0.1:40002/") == 1
    assert [i.key for i in outbox.pending("http://127.0.0.1:40002")] == [old.key]
    assert [i.key for i in outbox.pending("https://central.example")] == [other.key]
    assert await outbox.aadopt_loopback("http://127.0.0.1:40002") == 0
