"""Awaiting Qt things from coroutines without nested event loops (never ``exec()`` in a coroutine)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine

from PySide6.QtWidgets import QDialog


async def run_dialog(dialog: QDialog) -> int:
    """Open ``dialog`` window-modally and wait for its result (Accepted/Rejected) without exec()."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[int] = loop.create_future()

    def finished(result: int) -> None:
        if not done.done():
            done.set_result(result)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await done
    finally:
        dialog.finished.disconnect(finished)


_running: set[asyncio.Task[object]] = set()
_log = logging.getLogger(__name__)


def spawn(coroutine: Coroutine[object, object, object]) -> asyncio.Task[object]:
    """Run a coroutine from a Qt slot; keep a reference until it ends and log what it raised."""
    task = asyncio.ensure_future(coroutine)
    _running.add(task)
    task.add_done_callback(_finished)
    return task


def _finished(task: asyncio.Task[object]) -> None:
    _running.discard(task)
    if not task.cancelled() and task.exception() is not None:
        _log.error("background task failed", exc_info=task.exception())
