"""Server configuration, read once from the environment (``CENTRAL_*``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "callsofia-central"
DEFAULT_WATCH_SECONDS = 5.0


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
    # The background watch (SLA warnings and breaches, presence expiry) runs every this many seconds; 0 is
    # off. Off unless asked for when Settings are built in code (tests, tools); from_env turns it on.
    watch_seconds: float = 0.0
    presence_ttl_seconds: float = 60.0  # a console's presence lasts this long after its last heartbeat
    # None: see attachments_folder() (next to a SQLite database file, else in the user data dir).
    attachments_dir: Path | None = None
    max_attachment_bytes: int = 15 * 1024 * 1024
    # Telling a caller their tracking number (central/notify/). Without an SMTP host, email is not sent.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_from: str = ""
    sms_gateway: str = "log"  # log | http | package.module:Class
    sms_url: str = ""
    sms_token: str = ""

    def attachments_folder(self) -> Path:
        """Where stripped photos are stored: the setting, else an ``attachments`` folder next to a SQLite
        database file (the photos travel with the database), else one in the user data directory."""
        if self.attachments_dir is not None:
            return Path(self.attachments_dir)
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url.removeprefix(prefix).split("?", 1)[0]).parent / "attachments"
        return Path(user_data_dir(APP_DIR_NAME, appauthor=False)) / "attachments"

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
        if env.get("CENTRAL_ATTACHMENTS_DIR"):
            values["attachments_dir"] = Path(env["CENTRAL_ATTACHMENTS_DIR"])
        if env.get("CENTRAL_MAX_ATTACHMENT_BYTES"):
            values["max_attachment_bytes"] = int(env["CENTRAL_MAX_ATTACHMENT_BYTES"])
        for name in (
            "smtp_host",
            "smtp_user",
            "smtp_password",
            "smtp_from",
            "sms_gateway",
            "sms_url",
            "sms_token",
        ):
            if env.get(f"CENTRAL_{name.upper()}"):
                values[name] = env[f"CENTRAL_{name.upper()}"]
        if env.get("CENTRAL_SMTP_PORT"):
            values["smtp_port"] = int(env["CENTRAL_SMTP_PORT"])
        if env.get("CENTRAL_SMTP_STARTTLS"):
            values["smtp_starttls"] = env["CENTRAL_SMTP_STARTTLS"].lower() in ("1", "true", "yes")
        values["watch_seconds"] = float(env.get("CENTRAL_WATCH_SECONDS") or DEFAULT_WATCH_SECONDS)
        if env.get("CENTRAL_PRESENCE_TTL_SECONDS"):
            values["presence_ttl_seconds"] = float(env["CENTRAL_PRESENCE_TTL_SECONDS"])
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
