"""Domain errors. Services raise these; the app turns each into one HTTP status with a clear body."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = 404


class Forbidden(DomainError):
    """Refused by role or ownership; the message is the reason (invariant 6: never a silent drop)."""

    status_code = 403


class NotAuthenticated(DomainError):
    status_code = 401


class StaleVersion(DomainError):
    """The client's If-Match no longer matches: nothing was changed (invariant 3)."""

    status_code = 412

    def __init__(self, message: str, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class Conflict(DomainError):
    status_code = 409


class ValidationFailed(DomainError):
    """Input that breaks a rule; ``errors`` maps field names to messages."""

    status_code = 422

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors
