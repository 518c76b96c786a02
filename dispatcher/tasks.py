"""Running a long-lived loop that ``stop()`` can end at once without cancelling its caller."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable


async def await_stoppable(inner: asyncio.Future[None], stopping: Callable[[], bool]) -> None:
    """Await ``inner`` (the loop's own task). A ``stop()`` cancels ``inner``: that ends this call normally.
    A real cancellation of the caller still propagates, and ``inner`` never outlives this call."""
    try:
        await inner
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if not stopping() or (current is not None and current.cancelling()):
            raise
    finally:
        if not inner.done():
            inner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await inner
