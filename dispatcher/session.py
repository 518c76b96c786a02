"""Where the login token is kept between runs: the system keyring, or nowhere.

Without a working keyring backend (headless Linux picks the ``fail`` backend, whose every call raises
``NoKeyringError``) the token stays in memory for this run only. It is never written to a file: a
plaintext fallback (``keyrings.alt``) would be worse than logging in again.
"""

from __future__ import annotations

import json
import logging

import keyring
import keyring.backends.fail
import keyring.errors

log = logging.getLogger(__name__)

NO_KEYRING = (
    "This computer has no password store the console can use, so your login will not be remembered: "
    "you will need to log in again next time."
)
KEYRING_FAILED = (
    "The password store of this computer did not work ({error}), so your login will not be remembered: "
    "you will need to log in again next time."
)


def _key(server_url: str) -> str:
    return server_url.strip().rstrip("/")


class TokenVault:
    """Remembers (username, token) per server URL."""

    def __init__(self, service: str = "callsofia-dispatcher") -> None:
        self._service = service
        self._memory: dict[str, tuple[str, str]] = {}
        self._problem: str | None = None
        self._probed = False

    @property
    def persistent(self) -> bool:
        """Whether a saved token survives this run (a usable keyring backend exists)."""
        self._probe()
        return self._problem is None

    @property
    def problem(self) -> str | None:
        """A sentence for the user when tokens cannot be remembered; None when all is well."""
        self._probe()
        return self._problem

    def save(self, server_url: str, username: str, token: str) -> bool:
        """Keep the token; True if it was stored persistently, False if only for this run."""
        key = _key(server_url)
        self._memory[key] = (username, token)
        if not self.persistent:
            return False
        value = json.dumps({"username": username, "token": token})
        try:
            keyring.set_password(self._service, key, value)
        except Exception as error:  # any backend failure: keep the token in memory, never crash a login
            self._give_up(error)
            return False
        return True

    def load(self, server_url: str) -> tuple[str, str] | None:
        """(username, token) saved for this server, or None."""
        key = _key(server_url)
        if key in self._memory:
            return self._memory[key]
        if not self.persistent:
            return None
        try:
            value = keyring.get_password(self._service, key)
        except Exception as error:
            self._give_up(error)
            return None
        if not value:
            return None
        try:
            data = json.loads(value)
            found = (str(data["username"]), str(data["token"]))
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring an unreadable saved login for %s", key)
            return None
        self._memory[key] = found
        return found

    def forget(self, server_url: str) -> None:
        key = _key(server_url)
        self._memory.pop(key, None)
        if not self.persistent:
            return
        try:
            keyring.delete_password(self._service, key)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was saved
        except Exception as error:
            self._give_up(error)

    def _probe(self) -> None:
        if self._probed:
            return
        self._probed = True
        try:
            backend = keyring.get_keyring()
        except Exception as error:
            self._give_up(error)
            return
        if isinstance(backend, keyring.backends.fail.Keyring) or getattr(backend, "backends", None) == []:
            log.info("no usable keyring backend (%s): tokens are kept for this run only", type(backend))
            self._problem = NO_KEYRING

    def _give_up(self, error: Exception) -> None:
        log.warning("keyring unusable, tokens are kept for this run only: %s", error)
        if isinstance(error, keyring.errors.NoKeyringError):
            self._problem = NO_KEYRING
        else:
            self._problem = KEYRING_FAILED.format(error=type(error).__name__)
