"""Server configuration, read once from the environment (``CENTRAL_*``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "callsofia-central"


def default_database_url() -> str:
    """The embedded default: a SQLite file in the user data directory."""
    folder = Path(user_data_dir(APP_DIR_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'central.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    # Used to sign nothing secret today (tokens are random and stored hashed) but kept so that a
    # deployment has one place for it; it salts the idempotency fingerprints.
    secret_key: str = "dev-insecure-key"
    token_ttl_hours: float = 12.0  # one shift
    heartbeat_seconds: float = 15.0
    # How often a stream re-checks the table even without a wake-up (belt and braces for missed NOTIFYs).
    stream_poll_seconds: float = 5.0
    due_soon_ratio: float = 0.2  # "due soon" when less than this share of the resolve time is left
    allow_demo_users: bool = False
    attachments_dir: Path | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {}
        if env.get("CENTRAL_DATABASE_URL"):
            values["database_url"] = env["CENTRAL_DATABASE_URL"]
        if env.get("CENTRAL_SECRET_KEY"):
            values["secret_key"] = env["CENTRAL_SECRET_KEY"]
        if env.get("CENTRAL_TOKEN_TTL_HOURS"):
            values["token_ttl_hours"] = float(env["CENTRAL_TOKEN_TTL_HOURS"])
        if env.get("CENTRAL_HEARTBEAT_SECONDS"):
            values["heartbeat_seconds"] = float(env["CENTRAL_HEARTBEAT_SECONDS"])
        if env.get("CENTRAL_ALLOW_DEMO_USERS"):
            values["allow_demo_users"] = env["CENTRAL_ALLOW_DEMO_USERS"].lower() in ("1", "true", "yes")
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
