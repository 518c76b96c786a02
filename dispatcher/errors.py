"""The console's one error tree for talking to the central API, and the one place that builds it.

Callers branch on the class, never on status numbers: ``UnreachableError`` and ``ServerError`` mean "try
again later" (the outbox relies on that), everything else means the request itself was refused.
"""

from __future__ import annotations

import json
from typing import Any


class ApiError(Exception):
    """A request the server did not carry out. ``message`` is the server's own sentence when it sent one."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}" if status else message)
        self.status = status
        self.message = message


class AuthError(ApiError):
    """401: no token, a wrong password, or a token that expired or was revoked: log in again."""


class ForbiddenError(ApiError):
    """403: the role may not do this; ``message`` is the server's reason (shown to the user as is)."""


class NotFoundError(ApiError):
    """404."""


class ConflictError(ApiError):
    """409: not possible in the current state (e.g. the case is closed, an Idempotency-Key was reused)."""


class StaleError(ApiError):
    """412: the case changed since the version we sent; nothing was changed on the server."""

    def __init__(self, status: int, message: str, current_version: int) -> None:
        super().__init__(status, message)
        self.current_version = current_version


class ValidationError(ApiError):
    """422: input the server refused; ``field_errors`` maps field names (``reporter.phone``) to messages."""

    def __init__(self, status: int, message: str, field_errors: dict[str, str]) -> None:
        super().__init__(status, message)
        self.field_errors = field_errors


class ServerError(ApiError):
    """5xx: the server failed; the request may be retried later."""


class UnreachableError(ApiError):
    """No answer at all: connection refused or reset, DNS failure, timeout. Retry later."""

    def __init__(self, message: str) -> None:
        super().__init__(0, message)


_BY_STATUS: dict[int, type[ApiError]] = {
    401: AuthError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
}


def error_from_response(status: int, body: bytes, reason: str = "") -> ApiError:
    """The error for a non-2xx answer, from its status and raw body (JSON from our server, anything from
    a proxy in between)."""
    payload: Any = None
    try:
        payload = json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        payload = {}
    detail = payload.get("detail")
    if isinstance(detail, str) and detail:
        message = detail
    elif detail:  # FastAPI's own errors may carry a list here
        message = json.dumps(detail, ensure_ascii=False)
    else:
        message = reason or f"HTTP {status}"

    if status == 412:
        current = payload.get("current_version")
        return StaleError(status, message, int(current) if isinstance(current, int) else -1)
    if status == 422:
        raw = payload.get("errors")
        fields = {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
        return ValidationError(status, message, fields)
    if status >= 500:
        return ServerError(status, message)
    return _BY_STATUS.get(status, ApiError)(status, message)
