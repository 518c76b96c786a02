"""The typed client of the central API: the HTTP contract lives here and nowhere else in the console.

One ``httpx.AsyncClient`` per server (injected for tests, or owned and closed by :meth:`aclose`); domain
objects out; every non-2xx answer and every transport failure becomes one class of :mod:`dispatcher.errors`
in :meth:`CentralClient._send`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from dispatcher.errors import ApiError, UnreachableError, error_from_response
from dispatcher.models import (
    Acknowledgement,
    Attachment,
    Case,
    CaseDetail,
    CategorySuggestion,
    Crew,
    Event,
    Message,
    OnDuty,
    Presence,
    ReadReceipt,
    Reference,
    Reporter,
    Session,
    User,
    parse_time,
)

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

# The query parameters of GET /cases (besides sort, limit and cursor). A typo must fail loudly here rather
# than be sent and silently ignored by the server.
CASE_FILTERS = frozenset(
    {
        "status",
        "open",
        "unit",
        "district",
        "category",
        "priority",
        "assignee",
        "overdue",
        "needs_lead",
        "q",
        "bbox",
        "updated_since",
    }
)

# Failures where the server never answered: the request may be sent again later. Others (a malformed URL,
# an unsupported scheme) are our own mistakes and retrying would not help.
_UNREACHABLE = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError)


def transport_error(error: httpx.HTTPError) -> ApiError:
    """The error-tree class for an httpx failure that produced no HTTP answer."""
    if isinstance(error, _UNREACHABLE):
        kind = "timed out" if isinstance(error, httpx.TimeoutException) else "failed"
        return UnreachableError(f"the connection to the server {kind}: {error or type(error).__name__}")
    return ApiError(0, f"the request could not be sent: {error or type(error).__name__}")


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    return str(value)


class CentralClient:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        http: httpx.AsyncClient | None = None,
        verify: bool = True,
        timeout: float = 15.0,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._token = token
        self._owns_http = http is None
        # Absolute URLs are built per request, so an injected client needs no base_url of its own.
        self._http = http if http is not None else httpx.AsyncClient(verify=verify, timeout=timeout)

    # --- plumbing ----------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def http(self) -> httpx.AsyncClient:
        return self._http

    @property
    def token(self) -> str | None:
        return self._token

    def set_token(self, token: str | None) -> None:
        self._token = token

    def url(self, path: str) -> str:
        """The absolute URL of an API path such as ``/cases``."""
        return f"{self._base_url}{API_PREFIX}{path}"

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"} if self._token else {}

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> httpx.Response:
        """Send one request; return the 2xx response or raise the matching :class:`ApiError`."""
        all_headers = self.auth_headers() | dict(headers or {})
        try:
            response = await self._http.request(
                method, self.url(path), params=params, json=json, headers=all_headers, files=files
            )
        except httpx.HTTPError as error:
            raise transport_error(error) from error
        except httpx.InvalidURL as error:
            raise ApiError(0, f"not a usable server address: {self._base_url} ({error})") from error
        if response.is_success:
            return response
        raise error_from_response(response.status_code, response.content, response.reason_phrase)

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Escape hatch for endpoints without a typed method yet: the decoded JSON body (None if empty)."""
        response = await self._send(method, path, params=params, json=json, headers=headers)
        return _json(response)

    async def _case_action(self, case_id: int, version: int, action: str, body: dict[str, Any]) -> Case:
        response = await self._send(
            "POST", f"/cases/{case_id}/{action}", json=body, headers={"If-Match": str(version)}
        )
        return Case.from_json(_json(response))

    # --- session -------------------------------------------------------------------------------------------

    async def login(self, username: str, password: str) -> Session:
        response = await self._send("POST", "/auth/token", json={"username": username, "password": password})
        data = _json(response)
        self._token = data["access_token"]
        return Session(
            server_url=self._base_url,
            token=data["access_token"],
            expires_at=parse_time(data["expires_at"]),  # type: ignore[arg-type]
            user=User.from_json(data["user"]),
        )

    async def logout(self) -> None:
        """Revoke the token on the server (best effort) and forget it."""
        if self._token:
            try:
                await self._send("POST", "/auth/logout")
            except ApiError as error:
                log.info("logout: %s", error)
        self._token = None

    async def me(self) -> User:
        return User.from_json(_json(await self._send("GET", "/me")))

    async def reference(self) -> Reference:
        return Reference.from_json(_json(await self._send("GET", "/reference")))

    async def districts_geojson(self) -> dict[str, Any]:
        return _json(await self._send("GET", "/districts.geojson"))

    async def health(self) -> bool:
        """Whether the server answers its health check. Never raises."""
        try:
            response = await self._http.get(f"{self._base_url}/health", timeout=5.0)
            return response.status_code == 200 and response.json().get("status") == "ok"
        except Exception as error:  # "is it up?" has only two answers
            log.debug("health check of %s failed: %s", self._base_url, error)
            return False

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    # --- cases: reading --------------------------------------------------------------------------------

    async def list_cases(
        self, *, cursor: str | None = None, limit: int = 200, sort: str = "-created", **filters: Any
    ) -> tuple[list[Case], str | None]:
        """One page of GET /cases: (cases, next cursor or None). Filters: see :data:`CASE_FILTERS`."""
        unknown = set(filters) - CASE_FILTERS
        if unknown:
            raise TypeError(f"unknown case filter(s): {', '.join(sorted(unknown))}")
        params = {name: _query_value(value) for name, value in filters.items() if value is not None}
        params.update(sort=sort, limit=str(limit))
        if cursor:
            params["cursor"] = cursor
        data = _json(await self._send("GET", "/cases", params=params))
        return [Case.from_json(item) for item in data["items"]], data.get("next_cursor")

    async def iter_cases(self, **filters: Any) -> AsyncIterator[list[Case]]:
        """Every page of GET /cases for these filters (``limit`` and ``sort`` may be given too)."""
        cursor: str | None = None
        while True:
            page, cursor = await self.list_cases(cursor=cursor, **filters)
            yield page
            if cursor is None:
                return

    async def get_case(self, case_id: int) -> CaseDetail:
        data = _json(await self._send("GET", f"/cases/{case_id}"))
        return CaseDetail(
            case=Case.from_json(data["case"]),
            thread=tuple(Message.from_json(m) for m in data["thread"]),
            timeline=tuple(Event.from_json(e) for e in data["timeline"]),
            attachments=tuple(Attachment.from_json(a) for a in data.get("attachments") or ()),
        )

    async def reporters(self, case_id: int) -> list[Reporter]:
        """Reporters' personal data. The server records every read in the audit trail."""
        return [Reporter.from_json(r) for r in _json(await self._send("GET", f"/cases/{case_id}/reporters"))]

    async def nearby(
        self, lat: float, lon: float, *, category: int | None = None, radius_m: float = 150
    ) -> list[tuple[Case, float]]:
        """Open cases near a point, nearest first, with their distance in metres (possible duplicates)."""
        params: dict[str, Any] = {"lat": lat, "lon": lon, "radius_m": radius_m}
        if category is not None:
            params["category"] = category
        data = _json(await self._send("GET", "/cases/nearby", params=params))
        return [(Case.from_json(item["case"]), float(item["distance_m"])) for item in data]

    async def caller_history(self, phone: str) -> list[dict[str, Any]]:
        """A caller's earlier cases: id, tracking_number, status, category_id, address, created_at, due_at."""
        return _json(await self._send("GET", f"/callers/{quote(phone, safe='')}/cases"))

    async def geocode(self, q: str, limit: int = 10) -> list[dict[str, Any]]:
        """Places in Sofia: label, kind, lat, lon, house_number, district_code, outside_sofia, score."""
        return _json(await self._send("GET", "/geocode", params={"q": q, "limit": limit}))

    async def suggest_categories(self, text: str, limit: int = 5) -> list[CategorySuggestion]:
        """The categories a description most likely means, best first ([] for nothing recognisable)."""
        if not text.strip():
            return []
        data = _json(await self._send("GET", "/categories/suggest", params={"text": text, "limit": limit}))
        return [CategorySuggestion.from_json(item) for item in data]

    # --- attachments -----------------------------------------------------------------------------------

    async def upload_attachment(
        self,
        path_or_bytes: Path | str | bytes,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> Attachment:
        """Upload a photo; the answer carries its EXIF GPS position (``gps``) when it had one. The same bytes
        sent again answer with the same attachment, so a retry after a lost answer stores nothing twice."""
        if isinstance(path_or_bytes, bytes):
            data = path_or_bytes
            name = filename or "photo.jpg"
        else:
            path = Path(path_or_bytes)
            data = await asyncio.to_thread(path.read_bytes)  # never block the event loop on a disk
            name = filename or path.name
        files = {"file": (name, data, content_type or "application/octet-stream")}
        return Attachment.from_json(_json(await self._send("POST", "/attachments", files=files)))

    async def attachment_bytes(self, attachment_id: int) -> bytes:
        """The stored (stripped) image of an attachment the user may see."""
        return (await self._send("GET", f"/attachments/{attachment_id}")).content

    # --- cases: changing -------------------------------------------------------------------------------

    async def create_case(
        self, body: dict[str, Any], *, idempotency_key: str | None = None
    ) -> tuple[Case, bool]:
        """File a case. Returns (case, replayed): replayed is True when the key was seen before and the
        server answered with the case the first request created. The body is sent as it is: besides the
        case's fields it may carry ``attachment_ids`` (uploads of this user) and ``notify`` (``["sms",
        "email"]``: tell the caller the tracking number)."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        response = await self._send("POST", "/cases", json=body, headers=headers)
        replayed = response.headers.get("Idempotent-Replayed", "").lower() == "true"
        return Case.from_json(_json(response)), replayed

    async def patch_case(self, case_id: int, version: int, **fields: Any) -> Case:
        """Change description, address, lat/lon, priority or category_id (with an optional ``reason``)."""
        response = await self._send(
            "PATCH", f"/cases/{case_id}", json=fields, headers={"If-Match": str(version)}
        )
        return Case.from_json(_json(response))

    async def assign(self, case_id: int, version: int, user_id: int, note: str = "") -> Case:
        return await self._case_action(case_id, version, "assign", {"user_id": user_id, "note": note})

    async def transfer(
        self, case_id: int, version: int, unit_code: str, reason_code: str, note: str = ""
    ) -> Case:
        body = {"unit_code": unit_code, "reason_code": reason_code, "note": note}
        return await self._case_action(case_id, version, "transfer", body)

    async def set_status(self, case_id: int, version: int, status: str, note: str = "") -> Case:
        return await self._case_action(case_id, version, "status", {"status": status, "note": note})

    async def merge(self, case_id: int, version: int, into_case_id: int, note: str = "") -> Case:
        return await self._case_action(
            case_id, version, "merge", {"into_case_id": into_case_id, "note": note}
        )

    async def pause(self, case_id: int, version: int, reason: str) -> Case:
        return await self._case_action(case_id, version, "pause", {"reason": reason})

    async def resume(self, case_id: int, version: int, note: str = "") -> Case:
        return await self._case_action(case_id, version, "resume", {"note": note})

    async def post_message(
        self, case_id: int, body: str, visibility: str, attachment_ids: Iterable[int] = ()
    ) -> Message:
        payload: dict[str, Any] = {"body": body, "visibility": visibility}
        ids = list(attachment_ids)
        if ids:
            payload["attachment_ids"] = ids
        response = await self._send("POST", f"/cases/{case_id}/messages", json=payload)
        return Message.from_json(_json(response))

    async def follow_case(
        self,
        case_id: int,
        name: str = "",
        phone: str = "",
        email: str = "",
        note: str = "",
        idempotency_key: str | None = None,
        *,
        channel: str = "phone",
    ) -> Case:
        """Record one more caller about an open case instead of filing a duplicate; returns the case. With
        an ``idempotency_key`` a retry after a lost answer adds nobody twice."""
        body = {"name": name, "phone": phone, "email": email, "note": note, "channel": channel}
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        response = await self._send("POST", f"/cases/{case_id}/followers", json=body, headers=headers)
        return Case.from_json(_json(response))

    # --- crews, dispatch, crew chat ---------------------------------------------------------------------

    async def list_crews(self, *, unit: str | None = None, on_duty: bool | None = None) -> list[Crew]:
        """The crew board: crews the user may see, with status, current case, position and roster duty."""
        params = {"unit": unit, "on_duty": _query_value(on_duty) if on_duty is not None else None}
        data = _json(
            await self._send("GET", "/crews", params={k: v for k, v in params.items() if v is not None})
        )
        return [Crew.from_json(item) for item in data]

    async def get_crew(self, crew_id: int) -> Crew:
        return Crew.from_json(_json(await self._send("GET", f"/crews/{crew_id}")))

    async def on_duty(self, *, at: datetime | None = None, unit: str | None = None) -> list[OnDuty]:
        """Who is on duty at ``at`` (default: now) by the roster, with each crew's shift window."""
        params = {"at": _query_value(at) if at else None, "unit": unit}
        data = _json(
            await self._send(
                "GET", "/crews/on-duty", params={k: v for k, v in params.items() if v is not None}
            )
        )
        return [OnDuty.from_json(item) for item in data]

    async def dispatch(self, case_id: int, version: int, crew_id: int, note: str = "") -> Case:
        """Send a crew of the owner unit to the case (leads only); the note goes to the crew thread."""
        return await self._case_action(case_id, version, "dispatch", {"crew_id": crew_id, "note": note})

    async def crew_report(
        self,
        crew_id: int,
        version: int,
        status: str,
        *,
        note: str = "",
        resolution: str = "",
        case_id: int | None = None,
        attachment_ids: Iterable[int] = (),
    ) -> Crew:
        """A crew's report: en_route, on_site, done (needs ``resolution``, the public note; resolves the
        case), available (with a case: leaves it unfinished, ``note`` says why), off_duty. ``version`` is the
        crew's (If-Match)."""
        body: dict[str, Any] = {"status": status, "note": note, "resolution": resolution}
        if case_id is not None:
            body["case_id"] = case_id
        ids = list(attachment_ids)
        if ids:
            body["attachment_ids"] = ids
        response = await self._send(
            "POST", f"/crews/{crew_id}/status", json=body, headers={"If-Match": str(version)}
        )
        return Crew.from_json(_json(response))

    async def crew_position(self, crew_id: int, lat: float, lon: float, at: datetime | None = None) -> Crew:
        body: dict[str, Any] = {"lat": lat, "lon": lon}
        if at is not None:
            body["at"] = at.isoformat()
        return Crew.from_json(_json(await self._send("POST", f"/crews/{crew_id}/position", json=body)))

    async def mark_read(self, case_id: int, message_id: int) -> ReadReceipt:
        """The user has read the case's thread up to ``message_id`` (receipts only move forward)."""
        response = await self._send(
            "POST", f"/cases/{case_id}/messages/read", json={"message_id": message_id}
        )
        return ReadReceipt.from_json(_json(response))

    async def read_receipts(self, case_id: int) -> list[ReadReceipt]:
        return [
            ReadReceipt.from_json(r)
            for r in _json(await self._send("GET", f"/cases/{case_id}/messages/read"))
        ]

    async def publish_message(self, case_id: int, message_id: int, body: str | None = None) -> Message:
        """Turn a crew message into a public update for the citizen (its own words, or ``body``)."""
        payload = {"body": body} if body else {}
        response = await self._send("POST", f"/cases/{case_id}/messages/{message_id}/publish", json=payload)
        return Message.from_json(_json(response))

    # --- alerts -----------------------------------------------------------------------------------------

    async def acknowledge_alert(self, case_id: int, alert: str, event_id: int) -> Acknowledgement:
        """The user saw the alert (``urgent``, ``sla_breached``, ``escalated``) raised by event ``event_id``;
        the server records it as a ``case.alert_acknowledged`` event (once per user and alert)."""
        response = await self._send(
            "POST", f"/cases/{case_id}/acknowledge", json={"alert": alert, "event_id": event_id}
        )
        return Acknowledgement.from_json(_json(response))

    async def recent_alerts(self, hours: int = 24) -> tuple[list[Event], list[int]]:
        """The alert-raising events of the last ``hours`` the user may see, and the ids of those the user
        has acknowledged: what a console starting its shift rebuilds its alert list from."""
        response = await self._send("GET", "/alerts/recent", params={"hours": hours})
        body = _json(response)
        return [Event.from_json(e) for e in body["events"]], [int(i) for i in body["acknowledged_event_ids"]]

    # --- presence ---------------------------------------------------------------------------------------

    async def presence_heartbeat(self, case_id: int, mode: str = "viewing") -> list[Presence]:
        """I am viewing / editing the case: send every ~20 s while it is open. Answers who is on it."""
        response = await self._send("POST", f"/cases/{case_id}/presence", json={"mode": mode})
        return [Presence.from_json(p) for p in _json(response)]

    async def presence_leave(self, case_id: int) -> None:
        await self._send("DELETE", f"/cases/{case_id}/presence")

    async def presence(self, case_id: int | None = None) -> list[Presence]:
        """Who is on one case, or on every case the user may see."""
        path = f"/cases/{case_id}/presence" if case_id is not None else "/presence"
        return [Presence.from_json(p) for p in _json(await self._send("GET", path))]


def _json(response: httpx.Response) -> Any:
    """The decoded body of a 2xx answer; something that is not JSON (a captive portal, a proxy page) is an
    error, not a crash further down."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise ApiError(
            response.status_code, f"the server answered with something that is not JSON ({response.url})"
        ) from None
