"""The crew board dock: the user's units' crews, live, and dispatching the selected case to a crew.

A lead dispatches by keyboard (select a crew row, Ctrl+Shift+G — the main window's action — then Ctrl+Enter)
or by dragging a case from the queue onto a crew. Both open the same small form: the owner unit's crews,
best first (the suggested crew preselected unless another was chosen), and a note for the crew. A stale
case version (412) reloads the case and says what changed, keeping the form; a refusal (409: the crew is
busy or off the roster; 422: another unit's crew) is shown in the form. Everyone else sees the board
read-only.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dispatcher.client import CentralClient
from dispatcher.crews import READY, READY_STALE, Candidate, rank_crews
from dispatcher.errors import ApiError, StaleError
from dispatcher.models import Case
from dispatcher.store import Store
from ui.async_tools import spawn
from ui.case.action_dialog import ActionDialog, Choice, Text
from ui.case.changes import what_changed
from ui.dispatch.board_model import (
    COLUMNS,
    SUGGESTED_MARK,
    CrewBoardModel,
    format_distance,
)
from ui.errors import describe
from ui.map.crews import crew_status_label

log = logging.getLogger(__name__)

DISPATCH_SHORTCUT = "Ctrl+Shift+G"
REFRESH_DUTY_EVERY = timedelta(minutes=10)  # the roster's "on duty" answer, fetched again at least this often
REFRESH_DUTY_MIN = timedelta(seconds=30)


class CrewBoard(QWidget):
    dispatched = Signal(int, int)
    """A case (its id) was dispatched to a crew (its id) from this board."""
    dispatch_form_opened = Signal(int)
    """The dispatch form for a case (its id) opened (tests, presence)."""

    def __init__(self, client: CentralClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crew_board")
        self._client = client
        self._store = store
        me = store.me
        self.can_dispatch = me is not None and me.role == "lead"
        self.model = CrewBoardModel(store, self, can_dispatch=self.can_dispatch)
        self.model.case_dropped.connect(self.start_dispatch)
        self.dialog: ActionDialog | None = None

        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.hide()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Crew board"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in zip(COLUMNS, (120, 90, 80, 120, 65, 75, 150, 70), strict=True):
            header.resizeSection(COLUMNS.index(column), width)
        header.setStretchLastSection(True)
        if self.can_dispatch:
            # Drops land on a crew row (never between rows): that crew is the one to send.
            self.table.setAcceptDrops(True)
            self.table.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
            self.table.setDragDropOverwriteMode(True)
            self.table.setDropIndicatorShown(True)
            self.table.setDefaultDropAction(Qt.DropAction.CopyAction)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        self._next_duty_refresh = self.model.now() + REFRESH_DUTY_EVERY
        self._refreshing = False
        store.add_crew_listener(lambda _ids: self._update_header())
        self._update_header()

    # --- the selected case ----------------------------------------------------------------------------

    def set_case(self, case_id: int | None) -> None:
        """The case selected in the queue or shown in the case view."""
        if case_id == self.model.case_id:
            return
        self.model.set_case(case_id)
        self._update_header()

    def selected_crew_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.crew_id_at(index.row()) if index.isValid() else None

    def select_crew(self, crew_id: int) -> bool:
        row = self.model.row_of(crew_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def _update_header(self) -> None:
        case = self._store.cases.get(self.model.case_id or -1)
        if not self._store.crews:
            text = self.tr("No crews of your units.")
        elif case is None:
            text = self.tr("Select a case to see its unit's crews, nearest first.")
        else:
            suggested = self.model.suggested_crew_id
            candidate = self.model.candidate(suggested) if suggested is not None else None
            if candidate is None:
                text = self.tr("%1: no available crew of its unit on duty.").replace(
                    "%1", case.tracking_number
                )
            else:
                text = (
                    self.tr("%1: suggested %2")
                    .replace("%1", case.tracking_number)
                    .replace("%2", self._candidate_label(candidate))
                )
            if self.can_dispatch:
                text += "  " + self.tr("(%1 or drag a case onto a crew to dispatch)").replace(
                    "%1", DISPATCH_SHORTCUT
                )
        if not self.can_dispatch:
            text += "  " + self.tr("Read-only: only a lead dispatches crews.")
        self.header.setText(text)

    def _on_tick(self) -> None:
        self.model.tick()
        self._update_header()
        now = self.model.now()
        if now >= self._next_duty_refresh and not self._refreshing:
            self._refreshing = True
            spawn(self._refresh_duty())

    async def _refresh_duty(self) -> None:
        """Who is on duty changes with the clock alone: ask the server again at the next shift boundary
        (start or end) of any crew, and at least every ten minutes."""
        try:
            await self._store.load_crews(self._client)
        except ApiError as error:
            log.info("crew board: could not refresh who is on duty: %s", error)
        finally:
            self._refreshing = False
            now = self.model.now()
            boundaries = [
                moment
                for crew in self._store.crews.values()
                for moment in (crew.shift_ends_at, crew.next_shift_at)
                if moment is not None and moment > now
            ]
            soonest = min([now + REFRESH_DUTY_EVERY, *(b + timedelta(seconds=5) for b in boundaries)])
            self._next_duty_refresh = max(soonest, now + REFRESH_DUTY_MIN)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- dispatching ----------------------------------------------------------------------------------

    def _candidate_label(self, candidate: Candidate) -> str:
        parts = [candidate.crew.name, crew_status_label(candidate.crew.status)]
        if candidate.distance_m is not None:
            distance = format_distance(candidate.distance_m)
            parts.append(distance + (" " + self.tr("(stale position)") if candidate.stale else ""))
        elif candidate.tier in (READY, READY_STALE):
            parts.append(self.tr("position unknown"))
        if candidate.crew.current_case_id is not None:
            busy = self._store.cases.get(candidate.crew.current_case_id)
            number = busy.tracking_number if busy else f"#{candidate.crew.current_case_id}"
            parts.append(self.tr("busy with %1").replace("%1", number))
        return " · ".join(parts)

    def start_dispatch(self, case_id: int | None = None, crew_id: int | None = None) -> ActionDialog | None:
        """Open the dispatch form for the case (default: the selected one) with the crew (default: the one
        selected on the board if it is of the case's unit, else the suggested one) chosen."""
        if not self.can_dispatch:
            self.say(self.tr("Only a lead dispatches crews."))
            return None
        if case_id is None:
            case_id = self.model.case_id
        case = self._store.cases.get(case_id) if case_id is not None else None
        if case is None:
            self.say(self.tr("Select a case first (in the queue or the case view)."))
            return None
        if not case.is_open:
            self.say(self.tr("%1 is closed: nothing to dispatch.").replace("%1", case.tracking_number))
            return None
        # The board's clock: the form offers the crews in the order the board shows them.
        ranked = rank_crews(case, self._store.crews.values(), self.model.now())
        if not ranked:
            self.say(self.tr("%1: its unit has no crews on the board.").replace("%1", case.tracking_number))
            return None
        if crew_id is None:
            selected = self.selected_crew_id()
            crew_id = selected if any(c.crew.id == selected for c in ranked) else None
        if crew_id is None:
            crew_id = ranked[0].crew.id
        options: list[tuple[Any, str]] = [
            (c.crew.id, (SUGGESTED_MARK if n == 0 and c.suggestible else "") + self._candidate_label(c))
            for n, c in enumerate(ranked)
        ]
        fields: list[Choice | Text] = [
            Choice("crew_id", self.tr("Crew"), options, crew_id),
            Text("note", self.tr("Note for the crew"), lines=2),
        ]
        if self.dialog is not None:
            self.dialog.close()
        dialog = ActionDialog(
            self.tr("Dispatch %1 to a crew").replace("%1", case.tracking_number), fields, self
        )
        seen = [case]
        dialog.submitted.connect(lambda values: spawn(self._submit(dialog, values, seen)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        self.say("")
        dialog.open()
        self.dispatch_form_opened.emit(case.id)
        return dialog

    def _forget(self, dialog: ActionDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    async def _submit(self, dialog: ActionDialog, values: dict[str, Any], seen: list[Case]) -> None:
        before = seen[0]
        crew_id = int(values["crew_id"])
        try:
            updated = await self._client.dispatch(before.id, before.version, crew_id, values["note"])
        except StaleError as error:
            changed = ""
            try:
                fresh = (await self._client.get_case(before.id)).case
            except ApiError:
                fresh = None
            if fresh is not None:
                self._store.upsert(fresh)
                seen[0] = fresh
                changed = what_changed(before, fresh, self._store.reference)
            dialog.failed(describe(error) + ("\n" + changed if changed else ""))
            return
        except ApiError as error:
            dialog.failed(describe(error))
            return
        self._store.upsert(updated)
        dialog.succeeded()
        crew = self._store.crews.get(crew_id)
        self.say(
            self.tr("%1 dispatched to %2.")
            .replace("%1", updated.tracking_number)
            .replace("%2", crew.name if crew else str(crew_id))
        )
        self.dispatched.emit(updated.id, crew_id)
