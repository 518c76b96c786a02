"""GUI tests: offscreen, one shared QApplication, async tests on a qasync loop, the real server in a thread.

The Qt-free core environment (``.venv-core``) has no PySide6: this folder is then skipped as a whole.
"""

from __future__ import annotations

import importlib.util
import os

# Before anything creates the QApplication (the platform plugin is chosen then) or imports qasync.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
# The map never reaches for internet tiles in tests (a test that wants tiles serves them on loopback).
os.environ.setdefault("CALLSOFIA_MAP_TILES", "none")

if importlib.util.find_spec("PySide6") is None or importlib.util.find_spec("pytestqt") is None:
    collect_ignore_glob = ["test_*.py"]
else:
    # The fixtures and hooks live in a module of their own so that this file imports without Qt.
    from tests.ui.fixtures import (  # noqa: F401
        backend,
        consoles,
        frozen_heap,
        guard_error_logs,
        isolated_settings,
        live_server,
        main_thread_gc,
        no_system_keyring,
        pytest_asyncio_loop_factories,
        pytest_collection_modifyitems,
        ui_app,
    )
