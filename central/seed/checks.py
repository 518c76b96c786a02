"""Safety checks before serving: demo accounts must never guard real data."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.auth.models import User
from central.reference.service import get_meta

DEMO_KEY = "demo_database"


def is_demo_database(session: Session) -> bool:
    return get_meta(session, DEMO_KEY) == "true"


def demo_users_refusal(session: Session, *, allow: bool) -> str | None:
    """A reason to refuse serving, or None. Demo users (password 'demo') are fine in a demo database."""
    if allow or is_demo_database(session):
        return None
    demo_users = session.scalars(sa.select(User.username).where(User.is_demo, User.active)).all()
    if not demo_users:
        return None
    return (
        f"demo users with the password 'demo' exist ({', '.join(demo_users)}) "
        "in a database that is not a demo "
        "one; deactivate them, or pass --allow-demo-users if you really mean it"
    )
