"""Log in, log out, who am I."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from central.api import AppState, CtxDep, app_state, bearer
from central.auth.models import User
from central.auth.service import authenticate, issue_token, revoke_token
from central.errors import NotAuthenticated

router = APIRouter(tags=["auth"])


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[^\x00]*$")
    password: str = Field(min_length=1, max_length=1024)


class UserOut(BaseModel):
    id: int
    username: str
    full_name: str
    role: str
    unit_code: str | None
    crew_id: int | None = None


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    user: UserOut


def user_out(user: User) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)


@router.post("/auth/token", response_model=TokenOut, summary="Exchange user name and password for a token")
def login(body: LoginIn, state: Annotated[AppState, Depends(app_state)]) -> TokenOut:
    with state.sessions() as session:
        user = authenticate(session, body.username, body.password)
        if user is None:
            raise NotAuthenticated("wrong user name or password")
        now = state.clock.now()
        issued = issue_token(session, user, now=now, ttl=timedelta(hours=state.settings.token_ttl_hours))
        session.commit()
        return TokenOut(access_token=issued.token, expires_at=issued.expires_at, user=user_out(user))


@router.post("/auth/logout", status_code=204, summary="Revoke the token used for this request")
def logout(ctx: CtxDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    assert credentials is not None  # request_ctx already required it
    revoke_token(ctx.session, credentials.credentials)
    ctx.session.commit()


@router.get("/me", response_model=UserOut, summary="The logged-in user")
def me(ctx: CtxDep) -> UserOut:
    return user_out(ctx.user)
