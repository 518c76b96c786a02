"""TokenVault with a working keyring (an in-memory backend) and with none (the ``fail`` backend)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from dispatcher.session import TokenVault

SERVER = "https://central.sofia.bg/"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """The smallest real backend: a dict. (keyrings.alt is never a dependency, not even for tests.)"""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home and XDG folders, to prove nothing lands on disk."""
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = tmp_path / variable.lower()
        folder.mkdir()
        monkeypatch.setenv(variable, str(folder))
    return tmp_path


@pytest.fixture
def use_keyring() -> Iterator[object]:
    previous = keyring.get_keyring()

    def use(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


def test_a_working_keyring_keeps_the_token_across_runs(use_keyring, home: Path) -> None:  # type: ignore[no-untyped-def]
    backend = use_keyring(MemoryKeyring())
    vault = TokenVault()
    assert vault.persistent and vault.problem is None
    assert vault.save(SERVER, "operator", "secret-token-1") is True
    assert len(backend.secrets) == 1

    next_run = TokenVault()  # a new process would start with an empty vault
    assert next_run.load(SERVER) == ("operator", "secret-token-1")
    assert next_run.load("https://central.sofia.bg") == ("operator", "secret-token-1")  # same server
    assert next_run.load("https://elsewhere.example") is None

    next_run.forget(SERVER)
    assert backend.secrets == {}
    assert TokenVault().load(SERVER) is None
    next_run.forget(SERVER)  # forgetting twice is fine


def test_without_a_keyring_the_token_lives_in_memory_only(use_keyring, home: Path) -> None:  # type: ignore[no-untyped-def]
    use_keyring(keyring.backends.fail.Keyring())
    vault = TokenVault()
    assert vault.save(SERVER, "operator", "secret-token-2") is False
    assert not vault.persistent
    assert vault.problem is not None
    assert vault.problem.endswith(".") and "log in again" in vault.problem  # a sentence for the user
    assert vault.load(SERVER) == ("operator", "secret-token-2")  # this run still has it
    assert TokenVault().load(SERVER) is None  # the next run does not

    vault.forget(SERVER)
    assert vault.load(SERVER) is None
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written == []  # never a plaintext fallback


class BrokenKeyring(MemoryKeyring):
    """A backend that exists but fails (a locked Secret Service, a dbus error)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the collection is locked")


def test_a_keyring_that_fails_on_save_falls_back_to_memory(use_keyring, home: Path) -> None:  # type: ignore[no-untyped-def]
    use_keyring(BrokenKeyring())
    vault = TokenVault()
    assert vault.persistent  # nothing known to be wrong yet
    assert vault.save(SERVER, "lead", "secret-token-3") is False
    assert not vault.persistent and vault.problem is not None and "KeyringLocked" in vault.problem
    assert vault.load(SERVER) == ("lead", "secret-token-3")
