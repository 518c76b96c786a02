"""Presence of the case view: tell the server which case is open here (``viewing``, or ``editing`` while an
action form is open or a composer holds text) every ~20 s, and that we left it when another case is shown
or the console closes; say who else has it open ("Also open by …")."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from dispatcher.client import CentralClient
from dispatcher.errors import ApiError
from dispatcher.models import Presence
from dispatcher.store import Store
from ui.async_tools import spawn

log = logging.getLogger(__name__)

HEARTBEAT_MS = 20_000
MODE_SETTLE_MS = 1_000  # a form opened and closed again within this, or a few keys typed, send nothing


class PresenceBeat(QObject):
    changed = Signal(int)
    """Who is on a case (its id) changed, as far as this console knows."""
    sent = Signal(int, str)
    """A heartbeat for a case (its id) with a mode was answered (tests)."""

    def __init__(self, client: CentralClient, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._case_id: int | None = None
        self._editing: set[str] = set()  # what makes this "editing": "dialog", "composer", …
        self._mode = "viewing"
        self._timer = QTimer(self, interval=HEARTBEAT_MS)
        self._timer.timeout.connect(self._beat)
        self._sent_mode = "viewing"
        self._mode_timer = QTimer(self, singleShot=True, interval=MODE_SETTLE_MS)
        self._mode_timer.timeout.connect(self._mode_settled)

    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def mode(self) -> str:
        return "editing" if self._editing else "viewing"

    def set_case(self, case_id: int | None) -> None:
        """The case shown here now (None: none): leave the previous one, announce this one."""
        if case_id == self._case_id:
            return
        previous, self._case_id = self._case_id, case_id
        self._editing.clear()
        if previous is not None:
            spawn(self._leave(previous))
        self._mode_timer.stop()
        if case_id is None:
            self._timer.stop()
            return
        self._timer.start()
        self._beat()

    def set_editing(self, reason: str, on: bool) -> None:
        """An action form opened or closed, a composer got or lost text: the mode follows within a second."""
        if on:
            self._editing.add(reason)
        else:
            self._editing.discard(reason)
        if self._case_id is not None:
            self._mode_timer.start()

    def _mode_settled(self) -> None:
        if self.mode != self._sent_mode:
            self._beat()

    async def leave(self) -> None:
        """Leaving for good (the console closes): no more heartbeats, and the server hears it now."""
        self._timer.stop()
        self._mode_timer.stop()
        case_id, self._case_id = self._case_id, None
        if case_id is not None:
            await self._leave(case_id)

    def others(self, case_id: int | None = None) -> list[Presence]:
        """Who else has the case (default: the shown one) open (:meth:`Store.others_on`)."""
        case_id = self._case_id if case_id is None else case_id
        return self._store.others_on(case_id) if case_id is not None else []

    def _beat(self) -> None:
        if self._case_id is not None:
            self._sent_mode = self.mode
            spawn(self._send(self._case_id, self._sent_mode))

    async def _send(self, case_id: int, mode: str) -> None:
        try:
            present = await self._client.presence_heartbeat(case_id, mode)
        except ApiError as error:
            log.info("presence on case %d: %s", case_id, error)
            return
        if case_id != self._case_id:
            return  # moved on meanwhile; the leave is on its way
        self._store.presence[case_id] = tuple(present)
        self.changed.emit(case_id)
        self.sent.emit(case_id, mode)

    async def _leave(self, case_id: int) -> None:
        try:
            await self._client.presence_leave(case_id)
        except ApiError as error:
            log.info("leaving case %d: %s", case_id, error)
