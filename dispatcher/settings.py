"""The console's own settings, declared once and typed. The UI persists them (QSettings lives in ``ui/``);
``SETTINGS_VERSION`` lets it migrate what older versions saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass
class ConsoleSettings:
    server_url: str | None = None  # None: run the embedded default
    language: str = "bg"  # "bg" or "en"
    last_username: str = ""
    remember_me: bool = False  # keep the login token in the system keyring

    SETTINGS_VERSION: ClassVar[int] = 1
