"""SMS gateways. The operator's choice is ``CENTRAL_SMS_GATEWAY``:

- ``log`` (default): write the text to the server log with the number masked (development, demos);
- ``http``: POST ``{"to": "+359…", "text": "…"}`` as JSON to ``CENTRAL_SMS_URL`` with
  ``Authorization: Bearer CENTRAL_SMS_TOKEN``; any 2xx answer is success;
- ``package.module:Class``: a plug-in for any other provider, constructed with the server's
  :class:`~central.config.Settings` and used through :class:`SmsGateway`.
"""

from __future__ import annotations

import importlib
import json
import logging
import urllib.error
import urllib.request
from typing import Protocol, runtime_checkable

from central.config import Settings

log = logging.getLogger(__name__)

HTTP_TIMEOUT_SECONDS = 15.0


@runtime_checkable
class SmsGateway(Protocol):
    def send(self, to_e164: str, text: str) -> None:
        """Hand one SMS to the provider; raise any exception when it was not accepted."""


class LogSmsGateway:
    """Sends nothing: logs the text, and the number with its middle digits hidden."""

    def __init__(self, _settings: Settings | None = None) -> None:
        pass

    def send(self, to_e164: str, text: str) -> None:
        log.info("SMS to %s (log gateway, not sent): %s", mask_number(to_e164), text)


class HttpSmsGateway:
    def __init__(self, url: str, token: str = "", *, timeout: float = HTTP_TIMEOUT_SECONDS) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError("CENTRAL_SMS_URL must be an http(s) URL with CENTRAL_SMS_GATEWAY=http")
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, to_e164: str, text: str) -> None:
        body = json.dumps({"to": to_e164, "text": text}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:  # urllib raises for every non-2xx answer
            raise RuntimeError(f"the SMS gateway answered HTTP {error.code}") from None


def mask_number(e164: str) -> str:
    return e164[:5] + "*" * max(0, len(e164) - 8) + e164[-3:] if len(e164) > 8 else "***"


def gateway_from_settings(settings: Settings) -> SmsGateway:
    """The gateway named by ``CENTRAL_SMS_GATEWAY``; a bad name fails at start-up, not at the first SMS."""
    name = settings.sms_gateway.strip() or "log"
    if name == "log":
        return LogSmsGateway(settings)
    if name == "http":
        return HttpSmsGateway(settings.sms_url, settings.sms_token)
    module_name, colon, class_name = name.partition(":")
    if not colon or not module_name or not class_name:
        raise ValueError(f"CENTRAL_SMS_GATEWAY must be log, http or package.module:Class, not {name!r}")
    gateway = getattr(importlib.import_module(module_name), class_name)(settings)
    if not isinstance(gateway, SmsGateway):
        raise TypeError(f"{name} has no send(to_e164, text) method")
    return gateway
