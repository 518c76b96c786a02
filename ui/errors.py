"""One place that turns API errors into what the operator reads."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from dispatcher.errors import (
    ApiError,
    AuthError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ServerError,
    StaleError,
    UnreachableError,
    ValidationError,
)


def _t(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


# Marked for lupdate (the calls below go through _t, which it cannot see into).
_MESSAGES = (
    QT_TRANSLATE_NOOP("Errors", "The server cannot be reached. Check the connection and try again."),
    QT_TRANSLATE_NOOP("Errors", "Your session has ended. Log in again."),
    QT_TRANSLATE_NOOP("Errors", "Not allowed: %1"),
    QT_TRANSLATE_NOOP("Errors", "Not found: %1"),
    QT_TRANSLATE_NOOP(
        "Errors", "Someone else changed this case meanwhile. It was reloaded; check and confirm again."
    ),
    QT_TRANSLATE_NOOP("Errors", "Please correct: %1"),
    QT_TRANSLATE_NOOP("Errors", "Not possible now: %1"),
    QT_TRANSLATE_NOOP("Errors", "The server had a problem (%1). Try again in a moment."),
    QT_TRANSLATE_NOOP("Errors", "Unexpected error: %1"),
)


def describe(error: Exception) -> str:
    if isinstance(error, UnreachableError):
        return _t("The server cannot be reached. Check the connection and try again.")
    if isinstance(error, AuthError):
        return _t("Your session has ended. Log in again.")
    if isinstance(error, ForbiddenError):
        return _t("Not allowed: %1").replace("%1", error.message)
    if isinstance(error, NotFoundError):
        return _t("Not found: %1").replace("%1", error.message)
    if isinstance(error, StaleError):
        return _t("Someone else changed this case meanwhile. It was reloaded; check and confirm again.")
    if isinstance(error, ValidationError):
        fields = "; ".join(f"{name}: {message}" for name, message in error.field_errors.items())
        return _t("Please correct: %1").replace("%1", fields or error.message)
    if isinstance(error, ConflictError):
        return _t("Not possible now: %1").replace("%1", error.message)
    if isinstance(error, ServerError):
        return _t("The server had a problem (%1). Try again in a moment.").replace("%1", str(error.status))
    if isinstance(error, ApiError):
        return error.message
    return _t("Unexpected error: %1").replace("%1", str(error))
