"""Drafts of the intake form, saved every few seconds, so that a crash loses nothing the operator typed.

One JSON file (UTF-8) per draft name in one folder. :meth:`DraftStore.save` writes a temporary file next
to the draft, syncs it and renames it over the old one (``os.replace`` is atomic), so the file on disk is
always a whole draft, the old one or the new one. :meth:`DraftStore.load` never raises for what it finds on
disk: a draft that cannot be read is moved aside as ``<name>.json.corrupt`` (for a person to look at) and
reported as missing.

Drafts hold callers' personal data: the files are created readable by their owner only.

The ``a*`` methods run the same calls in the loop's executor, one at a time in the order they were called
(an autosave still on its way can never bring back a draft discarded after it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from dispatcher.embedded import APP_NAME

log = logging.getLogger(__name__)

FORMAT = 1
SAVED_AT = "saved_at"  # the key load() adds (an aware datetime); save() ignores it in the data
SUFFIX = ".json"
CORRUPT_SUFFIX = ".corrupt"
# A file name on every platform: no separators, no leading dot (temporary files start with one).
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")

T = TypeVar("T")


def default_drafts_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "drafts"


def _sync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (POSIX; elsewhere there is nothing to do)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class DraftStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._order = asyncio.Lock()  # the async wrappers run in call order

    def file(self, name: str) -> Path:
        """The draft's file; ValueError for a name that is not a plain file name."""
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ValueError(f"not a usable draft name: {name!r}")
        return self.path / f"{name}{SUFFIX}"

    def save(self, name: str, data: dict[str, Any]) -> datetime:
        """Replace the draft atomically; returns the time it was saved. A value JSON cannot hold raises
        TypeError/ValueError before anything is written (the previous draft stays as it was)."""
        file = self.file(name)
        if not isinstance(data, dict):
            raise TypeError(f"a draft is a dict, not {type(data).__name__}")
        saved_at = datetime.now(UTC)
        content = {key: value for key, value in data.items() if key != SAVED_AT}
        text = json.dumps(
            {"format": FORMAT, SAVED_AT: saved_at.isoformat(), "data": content},
            ensure_ascii=False,
            allow_nan=False,
            indent=1,
        )
        self.path.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.path, prefix=f".{name}.", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _sync_dir(self.path)
        return saved_at

    def load(self, name: str) -> dict[str, Any] | None:
        """The draft's data plus ``saved_at`` (an aware datetime); None if there is none or it is unreadable
        (a corrupt one is moved aside). Never raises for the file's content or a failing disk."""
        file = self.file(name)
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("the draft %s cannot be read: %s", file, error)
            return None
        try:
            document = json.loads(raw.decode("utf-8"))
            if not isinstance(document, dict):
                raise ValueError("not a JSON object")
            version = document.get("format")
            if isinstance(version, int) and version > FORMAT:
                log.warning(
                    "the draft %s was saved by a newer console (format %d); left alone", file, version
                )
                return None
            data, saved_at = document["data"], datetime.fromisoformat(document[SAVED_AT])
            if not isinstance(data, dict) or saved_at.tzinfo is None:
                raise ValueError("no data or no time zone")
        except Exception as error:  # anything at all in the file: set it aside, start afresh
            self._set_aside(file, error)
            return None
        return {**data, SAVED_AT: saved_at}

    def discard(self, name: str) -> bool:
        """Delete the draft (e.g. once its report is in the outbox); False if there was none."""
        file = self.file(name)
        for leftover in self.path.glob(f".{name}.*.tmp"):  # of a save cut short by a crash
            with contextlib.suppress(OSError):
                leftover.unlink()
        try:
            file.unlink()
        except FileNotFoundError:
            return False
        return True

    def _set_aside(self, file: Path, error: Exception) -> None:
        target = file.with_name(file.name + CORRUPT_SUFFIX)
        try:
            os.replace(file, target)
        except OSError as move_error:
            log.warning(
                "the draft %s is unreadable (%s) and cannot be moved aside: %s", file, error, move_error
            )
            return
        log.warning("the draft %s is unreadable (%s); moved aside to %s", file, error, target.name)

    # --- async: the same calls in the executor, in call order ----------------------------------------

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        async with self._order:
            future = asyncio.get_running_loop().run_in_executor(None, fn, *args)
            try:
                return await asyncio.shield(future)
            except asyncio.CancelledError:
                await asyncio.wait({future})  # the file operation cannot be stopped: keep the order
                raise

    async def asave(self, name: str, data: dict[str, Any]) -> datetime:
        return await self._run(self.save, name, data)

    async def aload(self, name: str) -> dict[str, Any] | None:
        return await self._run(self.load, name)

    async def adiscard(self, name: str) -> bool:
        return await self._run(self.discard, name)

    async def alist(self) -> list[str]:
        return await self._run(self.list)

    def list(self) -> list[str]:  # last: in the class body, ``list`` is this method from here on
        """The names of the saved drafts, sorted (unreadable ones included: load() tells)."""
        try:
            files = list(self.path.iterdir())
        except OSError:
            return []
        names = (f.name[: -len(SUFFIX)] for f in files if f.name.endswith(SUFFIX) and f.is_file())
        return sorted(n for n in names if _NAME.fullmatch(n))
