"""An SMS gateway plug-in as a deployment would write one (CENTRAL_SMS_GATEWAY=module:Class)."""

from __future__ import annotations

from typing import ClassVar

from central.config import Settings


class RecordingGateway:
    """Keeps every SMS it is given, for the tests to read."""

    sent: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, to_e164: str, text: str) -> None:
        RecordingGateway.sent.append((to_e164, text))


class BrokenGateway:
    def __init__(self, settings: Settings) -> None:
        pass

    def send(self, to_e164: str, text: str) -> None:
        raise ConnectionError("the provider is down")
