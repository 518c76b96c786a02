"""HTTP plumbing shared by the routers: the request context, auth, If-Match, and error bodies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from central.auth.models import User
from central.auth.service import user_for_token
from central.clock import Clock
from central.config import Settings
from central.context import Ctx
from central.errors import DomainError, NotAuthenticated, StaleVersion, ValidationFailed
from central.events.feed import EventFeed
from central.events.notifier import EventBroker
from central.notify.service import Notifier
from central.reference.service import DistrictIndexCache

bearer = HTTPBearer(auto_error=False, description="Token from POST /api/v1/auth/token")


@dataclass
class AppState:
    """What the app factory builds once and every request shares."""

    settings: Settings
    clock: Clock
    sessions: sessionmaker[Session]
    districts: DistrictIndexCache
    broker: EventBroker
    feed: EventFeed  # the newest events, read once per wake-up for all the streams
    notifier: Notifier  # tells callers their tracking number, after the commit


def app_state(request: Request) -> AppState:
    return request.app.state.central


def _user_from(credentials: HTTPAuthorizationCredentials | None, session: Session, state: AppState) -> User:
    if credentials is None:
        raise NotAuthenticated("log in first: send Authorization: Bearer <token>")
    user = user_for_token(session, credentials.credentials, now=state.clock.now())
    if user is None:
        raise NotAuthenticated("the token is unknown, expired or revoked; log in again")
    return user


def request_ctx(
    state: Annotated[AppState, Depends(app_state)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Iterator[Ctx]:
    """One session per request; the endpoint commits what it changed, anything else is rolled back."""
    session = state.sessions()
    try:
        user = _user_from(credentials, session, state)
        yield Ctx(
            session=session,
            user=user,
            now=state.clock.now(),
            settings=state.settings,
            districts=state.districts,
        )
    finally:
        session.close()


def current_user(
    state: Annotated[AppState, Depends(app_state)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The user only, without keeping a session open (for long-lived streams)."""
    with state.sessions() as session:
        user = _user_from(credentials, session, state)
        session.expunge(user)
        return user


CtxDep = Annotated[Ctx, Depends(request_ctx)]

_VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def if_match_version(if_match: Annotated[str | None, Header(alias="If-Match")] = None) -> int:
    """The case version the client last saw. Required on every mutation (invariant 3)."""
    if if_match is None:
        raise PreconditionRequired("send If-Match: <version> (the case version you last saw)")
    match = _VERSION.match(if_match)
    if match is None:
        raise ValidationFailed({"If-Match": "expected the case version number, e.g. If-Match: 3"})
    return int(match.group(1))


IfMatch = Annotated[int, Depends(if_match_version)]


class PreconditionRequired(DomainError):
    status_code = 428


def domain_error_response(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    body: dict[str, object] = {"detail": error.message}
    headers = {}
    if isinstance(error, ValidationFailed):
        body["errors"] = error.errors
    if isinstance(error, StaleVersion):
        body["current_version"] = error.current_version
        headers["ETag"] = f'"{error.current_version}"'
    if isinstance(error, NotAuthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=error.status_code, headers=headers)


def validation_error_response(_request: Request, error: Exception) -> JSONResponse:
    """422 with one message per field, e.g. {"errors": {"reporter.phone": "..."}}."""
    assert isinstance(error, RequestValidationError)
    errors: dict[str, str] = {}
    for item in error.errors():
        location = [
            str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path", "header")
        ]
        field = ".".join(location) or "body"
        errors.setdefault(field, str(item.get("msg", "invalid")).removeprefix("Value error, "))
    detail = "; ".join(f"{field}: {message}" for field, message in errors.items())
    return JSONResponse(jsonable_encoder({"detail": detail, "errors": errors}), status_code=422)
