"""Console settings persisted with QSettings (declared once in ``dispatcher.settings``; versioned)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from dispatcher.settings import ConsoleSettings

ORGANIZATION = "Sofia Municipality"
APPLICATION = "Call Sofia Dispatcher"


def qsettings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def load_settings() -> ConsoleSettings:
    store = qsettings()
    version = int(store.value("settings_version", 0) or 0)
    if version > ConsoleSettings.SETTINGS_VERSION:
        return ConsoleSettings()  # written by a newer console: do not guess, start from defaults
    # Version 0 had no settings at all; future versions migrate here, one step at a time.
    settings = ConsoleSettings(
        server_url=str(store.value("server_url") or "") or None,
        language=str(store.value("language") or "bg"),
        last_username=str(store.value("last_username") or ""),
        remember_me=str(store.value("remember_me") or "false") == "true",
    )
    # Version 2 added the map's tile source (version 1 keeps the defaults: OpenStreetMap). "" is a value
    # of its own (no tiles), so only a missing key means "not set".
    if version >= 2 and store.contains("map_tile_url"):
        settings.map_tile_url = str(store.value("map_tile_url") or "")
        settings.map_tile_attribution = str(store.value("map_tile_attribution") or "")
    return settings


def save_settings(settings: ConsoleSettings) -> None:
    store = qsettings()
    store.setValue("settings_version", ConsoleSettings.SETTINGS_VERSION)
    store.setValue("server_url", settings.server_url or "")
    store.setValue("language", settings.language)
    store.setValue("last_username", settings.last_username)
    store.setValue("remember_me", "true" if settings.remember_me else "false")
    store.setValue("map_tile_url", settings.map_tile_url)
    store.setValue("map_tile_attribution", settings.map_tile_attribution)
