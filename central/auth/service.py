"""Passwords (Argon2id), bearer tokens (random, stored as SHA-256), and users."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from central.auth.models import ROLES, ApiToken, User
from central.reference.models import Unit


def _make_hasher() -> PasswordHasher:
    """Argon2id with the library's recommended parameters. Test suites may ask for the cheapest ones
    (CENTRAL_FAST_PASSWORD_HASH=1): hashes stay valid Argon2 and verify with either setting."""
    if os.environ.get("CENTRAL_FAST_PASSWORD_HASH") == "1":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


_hasher = _make_hasher()
# Verifying against this when the user does not exist keeps the timing of both answers alike.
_DUMMY_HASH = _hasher.hash("not a password")

MIN_PASSWORD_LENGTH = 8


class UserError(ValueError):
    """A user cannot be created or changed as asked; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    unit_code: str | None = None,
    full_name: str = "",
    is_demo: bool = False,
    now: datetime,
) -> User:
    username = username.strip()
    if not username or len(username) > 64:
        raise UserError("user name must have 1 to 64 characters")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH and not is_demo:
        raise UserError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if unit_code is not None and session.get(Unit, unit_code) is None:
        raise UserError(f"unknown unit {unit_code!r}")
    if role in ("unit_staff", "responder") and unit_code is None:
        raise UserError(f"a {role} must belong to a unit (--unit CODE)")
    if session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise UserError(f"user {username!r} already exists")
    user = User(
        username=username,
        full_name=full_name or username,
        role=role,
        unit_code=unit_code,
        password_hash=hash_password(password),
        is_demo=is_demo,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    user: User


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(sa.select(User).where(User.username == username.strip()))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not user.active or not verify_password(user.password_hash, password):
        return None
    return user


def issue_token(session: Session, user: User, *, now: datetime, ttl: timedelta) -> IssuedToken:
    token = secrets.token_urlsafe(32)
    session.add(
        ApiToken(user_id=user.id, token_hash=token_digest(token), created_at=now, expires_at=now + ttl)
    )
    session.flush()
    return IssuedToken(token=token, expires_at=now + ttl, user=user)


def user_for_token(session: Session, token: str, *, now: datetime) -> User | None:
    row = session.execute(
        sa.select(User, ApiToken)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == token_digest(token))
    ).first()
    if row is None:
        return None
    user, api_token = row
    if api_token.revoked or api_token.expires_at <= now or not user.active:
        return None
    return user


def revoke_token(session: Session, token: str) -> None:
    session.execute(
        sa.update(ApiToken).where(ApiToken.token_hash == token_digest(token)).values(revoked=True)
    )
