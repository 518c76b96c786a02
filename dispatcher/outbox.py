"""The outbox: every case the console files is written to disk first, so no report typed at the phone is lost.

A report goes into a local SQLite file, with a fresh ``Idempotency-Key``, *before* any network call; a crash
between that and the delivery loses nothing. Then:

* :func:`submit` tries to deliver it at once. A server that is down or failing (``UnreachableError``,
  ``ServerError``, 408/425/429) or a login that expired (``AuthError``) leaves it *pending*: the report is
  safe and the operator is told it is queued. A refusal of the report itself (422, 403, 409 …) marks it
  *failed*: kept, with the server's reason and field errors, for the operator to see and fix; never retried
  by itself.
* :class:`OutboxSender` sends pending items again, oldest first, each with its original key, so the
  server's idempotency (DESIGN invariant 4) makes every report arrive exactly once, however often it was
  sent and whichever answer was lost on the way.

The file is small and fast, but it is disk: the async API (``a*`` methods, :func:`submit`,
:class:`OutboxSender`) runs the blocking calls in the loop's executor and calls listeners back on the
loop's thread, so a GUI loop never blocks. The synchronous methods call listeners on the calling thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import mimetypes
import os
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import platformdirs

from dispatcher.embedded import APP_NAME
from dispatcher.errors import ApiError, AuthError, ServerError, UnreachableError, ValidationError
from dispatcher.tasks import await_stoppable

if TYPE_CHECKING:
    from dispatcher.client import CentralClient
    from dispatcher.models import Case
    from dispatcher.store import Store

log = logging.getLogger(__name__)

OUTBOX_NAME = "outbox.sqlite3"
SCHEMA_VERSION = 2
# Delivered items stay this long (the tracking number of a report that was queued during the call is
# looked up here), then the next opening of the outbox deletes them. Pending and failed items stay forever.
KEEP_DELIVERED = timedelta(days=7)
# Refusals that mean "come back later" (the server or a proxy says so), as in dispatcher.events.
RETRY_LATER_STATUSES = frozenset({408, 425, 429})

T = TypeVar("T")

_SCHEMA = (
    """
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: ordering by id is oldest first
        idempotency_key TEXT NOT NULL UNIQUE,
        server_url TEXT NOT NULL,
        body TEXT NOT NULL,                    -- the JSON sent as POST /cases, byte for byte every time
        created_at TEXT NOT NULL,              -- ISO 8601, UTC
        updated_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        field_errors TEXT,                     -- JSON object of a 422: field name -> message
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
        case_id INTEGER,
        tracking_number TEXT,
        files TEXT NOT NULL DEFAULT '[]'       -- JSON list: the outbox's own copies of the photos
    )
    """,
    "CREATE INDEX outbox_state ON outbox (state, server_url, id)",
)
# From one schema version to the next (index 0: version 1 → 2).
_UPGRADES = ("ALTER TABLE outbox ADD COLUMN files TEXT NOT NULL DEFAULT '[]'",)


def default_outbox_path() -> Path:
    """The console's outbox file in the user data directory (one file for every server)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / OUTBOX_NAME


class OutboxError(RuntimeError):
    """The outbox file cannot be used (closed, or written by a newer console)."""


class ItemState(StrEnum):
    PENDING = "pending"  # not on the server yet (as far as we know): the sender delivers it
    DELIVERED = "delivered"  # the server has the case (case_id, tracking_number)
    FAILED = "failed"  # the server refused the report itself: kept for the operator, never retried


@dataclass(frozen=True)
class OutboxItem:
    """One report as the outbox holds it (a copy read from disk; changing the outbox makes new ones)."""

    id: int
    idempotency_key: str
    server_url: str
    body: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    attempts: int  # requests sent for it so far (successful or not)
    last_error: str | None
    field_errors: dict[str, str]  # a 422's field errors (``reporter.phone`` → message); else empty
    state: ItemState
    case_id: int | None
    tracking_number: str | None
    files: tuple[str, ...] = ()  # the outbox's copies of the report's photos, uploaded before the case

    @property
    def key(self) -> str:
        return self.idempotency_key

    @property
    def description(self) -> str:
        return str(self.body.get("description", ""))


@dataclass(frozen=True)
class OutboxCounts:
    """What a "not sent yet" badge shows; passed to every listener after a change."""

    pending: int
    failed: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        idempotency_key=row["idempotency_key"],
        server_url=row["server_url"],
        body=json.loads(row["body"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        field_errors=json.loads(row["field_errors"]) if row["field_errors"] else {},
        state=ItemState(row["state"]),
        case_id=row["case_id"],
        tracking_number=row["tracking_number"],
        files=tuple(json.loads(row["files"])),
    )


def _server(url: str) -> str:
    return url.rstrip("/")  # as CentralClient.base_url has it


def _changed(result: object) -> bool:
    """Whether a write's result means a row changed (None: no such item; False: nothing removed; 0: no
    row moved)."""
    return result is not None and result is not False and not (type(result) is int and result == 0)


async def _in_executor(fn: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


class Outbox:
    """A durable queue of case-creation requests in one SQLite file (WAL, synchronous=FULL).

    Thread-safe: one connection, every statement under one lock. Open it from a GUI loop with
    ``await Outbox.aopen(path)``.
    """

    def __init__(self, path: Path, *, keep_delivered: timedelta = KEEP_DELIVERED) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[OutboxCounts], None]] = []
        self._in_flight: set[str] = set()  # keys a request is out for right now (this process)
        self._conn: sqlite3.Connection | None = self._connect()
        with self._lock:
            cutoff = (datetime.now(UTC) - keep_delivered).isoformat(timespec="microseconds")
            self._db().execute("DELETE FROM outbox WHERE state = 'delivered' AND updated_at < ?", (cutoff,))

    @classmethod
    async def aopen(cls, path: Path, *, keep_delivered: timedelta = KEEP_DELIVERED) -> Outbox:
        return await _in_executor(functools.partial(cls, path, keep_delivered=keep_delivered))

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit: every statement is its own transaction; the schema is created in an explicit one.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10.0)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # a committed report survives a power cut, too
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise OutboxError(
                    f"{self.path} was written by a newer console (outbox schema {version}); "
                    "update the console to send what it holds"
                )
            if version < SCHEMA_VERSION:
                conn.execute("BEGIN IMMEDIATE")
                statements = _SCHEMA if version == 0 else _UPGRADES[version - 1 :]
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
        except BaseException:
            conn.close()
            raise
        return conn

    # --- observers -----------------------------------------------------------------------------------

    def add_listener(self, callback: Callable[[OutboxCounts], None]) -> None:
        """Called after every change with the new counts (e.g. for the UI's "not sent yet" badge)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[OutboxCounts], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(callback)

    # --- writing ---------------------------------------------------------------------------------------

    def enqueue(self, server_url: str, body: dict[str, Any], files: Sequence[Path] = ()) -> OutboxItem:
        """Store a report for ``server_url`` with a new UUID4 idempotency key; nothing is sent.

        ``files`` (photos) are copied next to the outbox first, so the report does not depend on the
        originals staying where they were; they are uploaded before the case is created."""
        return self._change(self._enqueue, server_url, body, tuple(files))

    def mark_delivered(self, key: str, case_id: int, tracking_number: str) -> OutboxItem | None:
        """The server has the case (counts as an attempt). None if there is no such item."""
        return self._change(self._mark_delivered, key, case_id, tracking_number)

    def mark_failed(
        self, key: str, reason: str, field_errors: dict[str, str] | None = None
    ) -> OutboxItem | None:
        """The server refused the report itself (counts as an attempt): kept for the operator, never
        retried automatically. None if there is no such item."""
        return self._change(self._mark_failed, key, reason, field_errors or {})

    def record_attempt(self, key: str, error: str) -> OutboxItem | None:
        """A try that did not get through; the item stays as it is (pending). None if no such item."""
        return self._change(self._record_attempt, key, error)

    def remove(self, key: str) -> bool:
        """Forget an item (e.g. the operator filed the corrected report). False if there was none."""
        return self._change(self._remove, key)

    async def aenqueue(self, server_url: str, body: dict[str, Any], files: Sequence[Path] = ()) -> OutboxItem:
        return await self._achange(self._enqueue, server_url, body, tuple(files))

    async def amark_delivered(self, key: str, case_id: int, tracking_number: str) -> OutboxItem | None:
        return await self._achange(self._mark_delivered, key, case_id, tracking_number)

    async def amark_failed(
        self, key: str, reason: str, field_errors: dict[str, str] | None = None
    ) -> OutboxItem | None:
        return await self._achange(self._mark_failed, key, reason, field_errors or {})

    async def arecord_attempt(self, key: str, error: str) -> OutboxItem | None:
        return await self._achange(self._record_attempt, key, error)

    async def aremove(self, key: str) -> bool:
        return await self._achange(self._remove, key)

    async def aadopt_loopback(self, server_url: str) -> int:
        """Give the pending reports of any earlier embedded server to this one (``server_url``).

        The embedded server listens on a free loopback port that changes at every start; its database
        is the same, so what it did not get last time is still for it. The idempotency keys make a report
        that did arrive harmless to send again. Returns how many were moved."""
        return await self._achange(self._adopt_loopback, server_url)

    # --- reading ---------------------------------------------------------------------------------------

    def get(self, key: str) -> OutboxItem | None:
        return self._read(self._get, key)

    def pending(self, server_url: str | None = None) -> list[OutboxItem]:
        """Items not delivered yet (for one server, or all), oldest first."""
        return self._read(self._items, ItemState.PENDING, server_url)

    def items(self, state: ItemState | str | None = None, server_url: str | None = None) -> list[OutboxItem]:
        """Every item (or those in one state, for one server), oldest first: e.g. the failed ones to fix."""
        return self._read(self._items, state, server_url)

    def count_pending(self) -> int:
        return self._read(self._counts).pending

    def counts(self) -> OutboxCounts:
        return self._read(self._counts)

    async def aget(self, key: str) -> OutboxItem | None:
        return await _in_executor(self._read, self._get, key)

    async def apending(self, server_url: str | None = None) -> list[OutboxItem]:
        return await _in_executor(self._read, self._items, ItemState.PENDING, server_url)

    async def aitems(
        self, state: ItemState | str | None = None, server_url: str | None = None
    ) -> list[OutboxItem]:
        return await _in_executor(self._read, self._items, state, server_url)

    async def acounts(self) -> OutboxCounts:
        return await _in_executor(self._read, self._counts)

    # --- life ------------------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._conn is None

    def close(self) -> None:
        """Close the file (idempotent). Stop any :class:`OutboxSender` on it first."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    async def aclose(self) -> None:
        await _in_executor(self.close)

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- in flight (this process; used by submit and OutboxSender) --------------------------------------

    def _claim(self, key: str) -> bool:
        """Take the right to send this item now; False if a request for it is already out."""
        if key in self._in_flight:
            return False
        self._in_flight.add(key)
        return True

    def _release(self, key: str) -> None:
        self._in_flight.discard(key)

    # --- plumbing --------------------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise OutboxError(f"the outbox {self.path} is closed")
        return self._conn

    def _read(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            return fn(*args)

    def _write(self, fn: Callable[..., T], *args: Any) -> tuple[T, OutboxCounts | None]:
        """Run a change under the lock; the counts after it, or None if nothing changed."""
        with self._lock:
            result = fn(*args)
            return result, self._counts() if _changed(result) else None

    def _change(self, fn: Callable[..., T], *args: Any) -> T:
        result, counts = self._write(fn, *args)
        if counts is not None:
            self._notify(counts)
        return result

    async def _achange(self, fn: Callable[..., T], *args: Any) -> T:
        future = asyncio.get_running_loop().run_in_executor(None, self._write, fn, *args)
        # The write cannot be taken back once it started; if the caller is cancelled meanwhile, the
        # listeners still hear about it (on the loop's thread) when it is done.
        future.add_done_callback(self._notify_done)
        result, _counts = await asyncio.shield(future)
        return result

    def _notify_done(self, future: asyncio.Future[tuple[Any, OutboxCounts | None]]) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        _result, counts = future.result()
        if counts is not None:
            self._notify(counts)

    def _notify(self, counts: OutboxCounts) -> None:
        for callback in list(self._listeners):
            try:
                callback(counts)
            except Exception:
                log.exception("an outbox listener failed")

    # --- statements (called under the lock) -------------------------------------------------------------

    def _get(self, key: str) -> OutboxItem | None:
        row = self._db().execute("SELECT * FROM outbox WHERE idempotency_key = ?", (key,)).fetchone()
        return _item(row) if row is not None else None

    def _items(self, state: ItemState | str | None, server_url: str | None) -> list[OutboxItem]:
        clauses, params = [], []
        if state is not None:
            clauses.append("state = ?")
            params.append(str(ItemState(state)))
        if server_url is not None:
            clauses.append("server_url = ?")
            params.append(_server(server_url))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._db().execute(f"SELECT * FROM outbox{where} ORDER BY id", params).fetchall()
        return [_item(row) for row in rows]

    def _counts(self) -> OutboxCounts:
        rows = self._db().execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        by_state = {state: count for state, count in rows}
        return OutboxCounts(pending=by_state.get("pending", 0), failed=by_state.get("failed", 0))

    @property
    def files_dir(self) -> Path:
        """Where the outbox keeps its copies of photos: one folder per item, named by its key."""
        return self.path.with_name(self.path.name + ".files")

    def _enqueue(self, server_url: str, body: dict[str, Any], files: tuple[Path, ...]) -> OutboxItem:
        if not isinstance(body, dict):
            raise TypeError(f"a case body is a dict, not {type(body).__name__}")
        # Refuses what could never be sent (a datetime, NaN) before anything is stored.
        text = json.dumps(body, ensure_ascii=False, allow_nan=False)
        key, now = str(uuid.uuid4()), _now()
        copies = self._copy_files(key, files)  # OSError (a photo gone): nothing is stored
        try:
            self._db().execute(
                "INSERT INTO outbox (idempotency_key, server_url, body, created_at, updated_at, state, files)"
                " VALUES (?, ?, ?, ?, ?, 'pending', ?)",
                (key, _server(server_url), text, now, now, json.dumps(copies, ensure_ascii=False)),
            )
        except BaseException:
            self._delete_files(key)
            raise
        item = self._get(key)
        assert item is not None
        return item

    def _copy_files(self, key: str, files: tuple[Path, ...]) -> list[str]:
        if not files:
            return []
        folder = self.files_dir / key
        folder.mkdir(parents=True, exist_ok=True)
        copies = []
        try:
            for number, source in enumerate(files, 1):
                target = folder / f"{number:02d}-{Path(source).name}"
                shutil.copyfile(source, target)
                with open(target, "rb") as copied:
                    os.fsync(copied.fileno())  # durable before the row that points at it
                copies.append(str(target))
        except BaseException:
            self._delete_files(key)
            raise
        return copies

    def _delete_files(self, key: str) -> None:
        shutil.rmtree(self.files_dir / key, ignore_errors=True)

    def _update(self, key: str, assignments: str, params: tuple[Any, ...]) -> OutboxItem | None:
        cursor = self._db().execute(
            f"UPDATE outbox SET {assignments}, attempts = attempts + 1, updated_at = ?"
            " WHERE idempotency_key = ?",
            (*params, _now(), key),
        )
        return self._get(key) if cursor.rowcount else None

    def _mark_delivered(self, key: str, case_id: int, tracking_number: str) -> OutboxItem | None:
        self._delete_files(key)  # the server has the photos now
        return self._update(
            key,
            "state = 'delivered', case_id = ?, tracking_number = ?, last_error = NULL, field_errors = NULL",
            (case_id, tracking_number),
        )

    def _mark_failed(self, key: str, reason: str, field_errors: dict[str, str]) -> OutboxItem | None:
        fields = json.dumps(field_errors, ensure_ascii=False) if field_errors else None
        return self._update(key, "state = 'failed', last_error = ?, field_errors = ?", (reason, fields))

    def _record_attempt(self, key: str, error: str) -> OutboxItem | None:
        return self._update(key, "last_error = ?", (error,))

    def _adopt_loopback(self, server_url: str) -> int:
        cursor = self._db().execute(
            "UPDATE outbox SET server_url = ? WHERE state = 'pending' AND server_url != ?"
            " AND server_url LIKE 'http://127.0.0.1:%'",
            (_server(server_url), _server(server_url)),
        )
        return cursor.rowcount

    def _remove(self, key: str) -> bool:
        self._delete_files(key)
        return self._db().execute("DELETE FROM outbox WHERE idempotency_key = ?", (key,)).rowcount > 0


# --- sending -------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    DELIVERED = "delivered"  # the server has the case: read out its tracking number
    QUEUED = "queued"  # safe in the outbox; the sender delivers it when the server is back
    FAILED = "failed"  # the server refused the report itself; kept in the outbox for the operator to fix


@dataclass(frozen=True)
class SubmitResult:
    outcome: Outcome
    item: OutboxItem  # the outbox row after this try
    case: Case | None = None  # DELIVERED
    replayed: bool = False  # DELIVERED by the server's idempotency replay (an earlier try got through)
    error: ApiError | None = None  # QUEUED: why it is not there yet; FAILED: the refusal

    @property
    def delivered(self) -> bool:
        return self.outcome == Outcome.DELIVERED

    @property
    def queued(self) -> bool:
        return self.outcome == Outcome.QUEUED

    @property
    def failed(self) -> bool:
        return self.outcome == Outcome.FAILED

    @property
    def field_errors(self) -> dict[str, str]:
        """A 422's field errors, to show at the form's fields."""
        return self.error.field_errors if isinstance(self.error, ValidationError) else {}


def retry_later(error: ApiError) -> bool:
    """Whether sending the same request again later may succeed: the server was unreachable or failing,
    asked us to come back, or the login expired (the report itself is fine; log in again)."""
    return (
        isinstance(error, UnreachableError | ServerError | AuthError) or error.status in RETRY_LATER_STATUSES
    )


async def _deliver(outbox: Outbox, client: CentralClient, item: OutboxItem) -> SubmitResult:
    """One try for one claimed item, recorded in the outbox whatever happens."""
    try:
        body = item.body
        if item.files:
            body = {**body, "attachment_ids": await _upload(client, item.files)}
        case, replayed = await client.create_case(body, idempotency_key=item.idempotency_key)
    except FileNotFoundError as error:  # a copy the outbox made is gone: say so, never send without it
        updated = await outbox.amark_failed(item.idempotency_key, str(error), {"photos": str(error)})
        return SubmitResult(Outcome.FAILED, updated or item, error=ApiError(0, str(error)))
    except ApiError as error:
        if retry_later(error):
            updated = await outbox.arecord_attempt(item.idempotency_key, str(error))
            return SubmitResult(Outcome.QUEUED, updated or item, error=error)
        fields = error.field_errors if isinstance(error, ValidationError) else {}
        updated = await outbox.amark_failed(item.idempotency_key, str(error), fields)
        return SubmitResult(Outcome.FAILED, updated or item, error=error)
    except Exception as error:  # a bug of ours: the report stays pending, the error goes up
        await outbox.arecord_attempt(item.idempotency_key, f"{type(error).__name__}: {error}")
        raise
    updated = await outbox.amark_delivered(item.idempotency_key, case.id, case.tracking_number)
    return SubmitResult(Outcome.DELIVERED, updated or item, case=case, replayed=replayed)


async def _upload(client: CentralClient, files: tuple[str, ...]) -> list[int]:
    """Upload the report's photos; the server answers a repeated upload of the same bytes with the same
    attachment, so a retry after a lost answer stores nothing twice."""
    ids = []
    for path in files:
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        data = await _in_executor(Path(path).read_bytes)
        attachment = await client.upload_attachment(data, Path(path).name.split("-", 1)[-1], content_type)
        ids.append(attachment.id)
    return ids


async def submit(
    outbox: Outbox,
    client: CentralClient,
    body: dict[str, Any],
    *,
    files: Sequence[Path] = (),
    store: Store | None = None,
) -> SubmitResult:
    """File a case the one way the console does: into the outbox first, then one try to deliver it.

    Never raises for the server's answers: see :class:`Outcome`. Given the ``store``, a delivered case is
    put into it at once (the event stream brings it too).
    """
    item = await outbox.aenqueue(client.base_url, body, files)
    outbox._claim(item.idempotency_key)  # a new key: nobody else can hold it
    try:
        result = await _deliver(outbox, client, item)
    finally:
        outbox._release(item.idempotency_key)
    if result.case is not None and store is not None:
        store.upsert(result.case)
    return result


class OutboxSender:
    """Delivers the pending items of one server: periodically, with backoff while it is unreachable, and
    at once when poked with :meth:`wake` (the event stream is online again, the operator logged in).

    ``client`` is the client itself or a function returning the current one (None: not logged in, nothing
    is sent). Only items for that client's server are sent.
    """

    def __init__(
        self,
        outbox: Outbox,
        client: CentralClient | Callable[[], CentralClient | None],
        *,
        interval: float = 5.0,
        backoff_max: float = 60.0,
        store: Store | None = None,
    ) -> None:
        self._outbox = outbox
        self._client_source = client
        self.interval = interval
        self.backoff_max = max(backoff_max, interval)
        self._store = store
        self._delivered_listeners: list[Callable[[SubmitResult], None]] = []
        self._flush_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._inner: asyncio.Task[None] | None = None
        #: Why the last flush left items pending (None: it got everything through); tests and the UI.
        self.error: ApiError | None = None
        #: How many flushes ran (diagnostics and tests).
        self.flushes = 0

    @property
    def client(self) -> CentralClient | None:
        source = self._client_source
        if hasattr(source, "create_case"):
            return source  # type: ignore[return-value]
        return source()  # type: ignore[operator]

    def add_delivered_listener(self, callback: Callable[[SubmitResult], None]) -> None:
        """Called for every item this sender delivered (e.g. to tell the operator its tracking number)."""
        self._delivered_listeners.append(callback)

    async def flush(self) -> int:
        """Deliver every pending item for the client's server now, oldest first, each with its original
        key; stop at the first "unreachable" (or expired login). Returns how many were delivered."""
        client = self.client
        if client is None:
            return 0
        async with self._flush_lock:
            self.flushes += 1
            self.error = None
            delivered = 0
            for item in await self._outbox.apending(client.base_url):
                key = item.idempotency_key
                if not self._outbox._claim(key):
                    continue  # submit() is sending it right now
                try:
                    current = await self._outbox.aget(key)  # submit() may have finished it meanwhile
                    if current is None or current.state != ItemState.PENDING:
                        continue
                    result = await _deliver(self._outbox, client, current)
                except Exception:
                    log.exception("sending outbox item %s failed unexpectedly; it stays pending", key)
                    continue
                finally:
                    self._outbox._release(key)
                if result.delivered:
                    delivered += 1
                    self._delivered(result)
                elif result.queued:
                    self.error = result.error
                    # A 5xx may be this one report's; anything else would repeat for every later item.
                    if not isinstance(result.error, ServerError):
                        break
                # FAILED: kept for the operator; the next item goes on
            if delivered:
                log.info("outbox: delivered %d queued report(s) to %s", delivered, client.base_url)
            return delivered

    def wake(self) -> None:
        """Flush now and forget the backoff. Safe from any thread."""
        self._signal(self._wake.set)

    def stop(self) -> None:
        """Make :meth:`run` return promptly (a request in flight is cut; its item stays pending, and its
        key makes a later resend harmless). Safe from any thread; before ``run()`` it returns at once."""
        self._stopping = True

        def cut() -> None:
            self._wake.set()
            if self._inner is not None:
                self._inner.cancel()

        self._signal(cut)

    async def run(self) -> None:
        """Flush until :meth:`stop`. Cancelling the task that runs this is safe too."""
        if self._stopping:
            return
        self._loop = asyncio.get_running_loop()
        self._inner = asyncio.ensure_future(self._run_forever())
        try:
            await await_stoppable(self._inner, lambda: self._stopping)
        finally:
            self._inner = None
            self._loop = None

    async def _run_forever(self) -> None:
        failures = 0
        while not self._stopping:
            self._wake.clear()  # a wake() during the flush below makes the next one start at once
            try:
                await self.flush()
                failures = failures + 1 if self.error is not None else 0
            except Exception:
                log.exception("flushing the outbox failed")
                failures += 1
            if self._stopping:
                return
            delay = self.interval * 2 ** min(failures - 1, 16) if failures else self.interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), min(delay, self.backoff_max))
            if self._wake.is_set():
                failures = 0

    def _delivered(self, result: SubmitResult) -> None:
        if result.case is not None and self._store is not None:
            self._store.upsert(result.case)
        for callback in list(self._delivered_listeners):
            try:
                callback(result)
            except Exception:
                log.exception("an outbox delivery listener failed")

    def _signal(self, action: Callable[[], None]) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            action()  # not running: nothing to wake but the flag
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            action()
        else:
            loop.call_soon_threadsafe(action)
