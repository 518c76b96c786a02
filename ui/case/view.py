"""The case view: details, thread, crew chat, timeline and actions with reasons, live with the event stream;
presence ("also open by …") while a case is open."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dispatcher.client import CentralClient
from dispatcher.errors import ApiError, StaleError
from dispatcher.models import FINAL_STATUSES, Case, CaseDetail, Event
from dispatcher.store import Store, StoreChange
from ui.async_tools import spawn
from ui.case.action_dialog import ActionDialog, Choice, Text
from ui.case.changes import what_changed
from ui.case.crew_chat import CrewChat
from ui.case.details import CaseDetails
from ui.case.presence import PresenceBeat
from ui.case.thread import ThreadPanel
from ui.case.timeline import TimelineList
from ui.errors import describe
from ui.labels import name_of, priority_label, status_label, transfer_reason_label
from ui.map.crews import crew_status_label

REFRESH_DEBOUNCE_MS = 150
# Events about the open case that change neither the case nor its thread: handled without a reload.
_NO_RELOAD = frozenset({"message.read", "presence.changed", "case.alert_acknowledged"})
Action = Callable[[Case, dict[str, Any]], Awaitable[Case]]


class CaseView(QWidget):
    case_changed = Signal(int)
    """The operator changed the shown case through an action (its id)."""
    case_shown = Signal(int)
    """Another case is shown now (its id)."""
    dispatch_requested = Signal(int)
    """The lead asked to dispatch the shown case (its id) to a crew (the crew board does it)."""

    def __init__(self, client: CentralClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._detail: CaseDetail | None = None
        self._case_id: int | None = None
        self._dialog: ActionDialog | None = None
        self.presence = PresenceBeat(client, store, self)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet("QLabel { background: #fff3cd; color: #5c4400; padding: 6px; }")
        self.banner.hide()
        self.also_open = QLabel()
        self.also_open.setTextFormat(Qt.TextFormat.PlainText)
        self.also_open.setWordWrap(True)
        self.also_open.setAccessibleName(self.tr("Also open by"))
        self.also_open.setStyleSheet("QLabel { background: #e3f2fd; color: #0d47a1; padding: 3px 6px; }")
        self.also_open.hide()
        self.placeholder = QLabel(self.tr("Select a case in the queue (Enter opens it)."))
        self.details = CaseDetails()
        self.thread = ThreadPanel()
        self.timeline = TimelineList()
        self.crew_chat = CrewChat(client, store)
        tabs = QTabWidget()
        tabs.addTab(self.thread, self.tr("Thread"))
        tabs.addTab(self.crew_chat, self.tr("Crew chat"))
        tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs = tabs

        self.buttons: dict[str, QPushButton] = {}
        actions = QGridLayout()
        for position, (name, label, shortcut) in enumerate(
            (
                ("triage", self.tr("Triage"), "Ctrl+Shift+T"),
                ("assign", self.tr("Assign…"), "Ctrl+Shift+A"),
                ("transfer", self.tr("Transfer…"), "Ctrl+Shift+R"),
                ("status", self.tr("Status…"), "Ctrl+Shift+S"),
                ("priority", self.tr("Priority…"), "Ctrl+Shift+P"),
                ("category", self.tr("Category…"), "Ctrl+Shift+C"),
                ("merge", self.tr("Duplicate of…"), "Ctrl+Shift+D"),
                ("pause", self.tr("Pause SLA…"), ""),
                ("reporters", self.tr("Show reporters"), ""),
                ("dispatch", self.tr("Dispatch crew…"), ""),  # Ctrl+Shift+G: the main window's action
            )
        ):
            button = QPushButton(label)
            if shortcut:
                button.setShortcut(shortcut)
                button.setToolTip(shortcut)
            button.clicked.connect(lambda _checked=False, n=name: self.start_action(n))
            self.buttons[name] = button
            actions.addWidget(button, position // 5, position % 5)  # two rows: fits a half-screen dock

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.details)
        top_layout.addLayout(actions)
        scroll = QScrollArea()
        scroll.setWidget(top)
        scroll.setWidgetResizable(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(scroll)
        splitter.addWidget(tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([480, 360])
        self.body = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.also_open)
        layout.addWidget(self.placeholder)
        layout.addWidget(splitter, 1)
        splitter.hide()

        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS)
        self._refresh_timer.timeout.connect(lambda: spawn(self.reload()))
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self.details.tick)
        self._tick.start()
        self.thread.post_requested.connect(lambda body, visibility: spawn(self._post(body, visibility)))
        self.crew_chat.thread_changed.connect(lambda: spawn(self.reload()))
        self.crew_chat.form_opening.connect(self._open_dialog)
        self.crew_chat.editing_changed.connect(lambda on: self.presence.set_editing("crew_chat", on))
        self.thread.editor.textChanged.connect(
            lambda: self.presence.set_editing("thread", bool(self.thread.editor.toPlainText().strip()))
        )
        self.presence.changed.connect(self._show_presence)
        store.add_listener(self._on_store_change)
        store.add_event_listener(self._on_event)

    # --- showing ------------------------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def case(self) -> Case | None:
        return self._detail.case if self._detail else None

    def show_case(self, case_id: int) -> None:
        if case_id != self._case_id:
            self.banner.hide()
            self._case_id = case_id
            self.crew_chat.set_case(case_id)
            self.presence.set_case(case_id)
            self._show_presence(case_id)
            self.case_shown.emit(case_id)
        spawn(self.reload())

    async def reload(self) -> CaseDetail | None:
        case_id = self._case_id
        if case_id is None:
            return None
        detail_or_error, receipts = await asyncio.gather(
            self._client.get_case(case_id), self.crew_chat.fetch_receipts(case_id), return_exceptions=True
        )
        if isinstance(detail_or_error, ApiError):
            self.show_banner(describe(detail_or_error))
            return None
        if isinstance(detail_or_error, BaseException):
            raise detail_or_error
        if case_id != self._case_id:
            return None  # the operator moved on meanwhile
        if isinstance(receipts, list):
            self.crew_chat.take_receipts(receipts)
        self._render(detail_or_error)
        return detail_or_error

    def _render(self, detail: CaseDetail) -> None:
        self._detail = detail
        case = detail.case
        reference = self._store.reference
        duplicate = self._store.cases.get(case.duplicate_of_id or -1)
        self.details.show_case(
            case,
            reference,
            duplicate.tracking_number if duplicate else "",
            crew=self._crew_text(case),
            escalation=next(
                (
                    str(e.data.get("reason") or "")
                    for e in reversed(detail.timeline)
                    if e.type == "case.escalated"
                ),
                "",
            ),
        )
        self.thread.show_messages(detail.thread)
        role = self._store.me.role if self._store.me else ""
        self.thread.allow_visibilities({"crew"} if role == "responder" else {"internal", "public", "crew"})
        self.timeline.show_events(detail.timeline, reference)
        self._enable_actions(case)
        self.crew_chat.show_detail(detail)
        self.placeholder.hide()
        self.body.show()
        if self.isVisible():
            self.crew_chat.mark_read(detail)  # the thread is on screen: read

    def _crew_text(self, case: Case) -> str:
        """The dispatched crew and what it last reported, from the crew board (events keep it current)."""
        if case.assignee_crew_id is None:
            return ""
        crew = self._store.crews.get(case.assignee_crew_id)
        if crew is None:
            return f"#{case.assignee_crew_id}"
        return f"{crew.name} · {crew_status_label(crew.status)}"

    def _enable_actions(self, case: Case) -> None:
        me = self._store.me
        role = me.role if me else ""
        can_act = role in ("operator", "lead", "admin") or (
            role == "unit_staff" and me and me.unit_code == case.owner_unit_code
        )
        moves = set(self._store.reference.transitions.get(case.status, ()))
        open_case = case.is_open
        self.buttons["triage"].setEnabled(can_act and "triaged" in moves and case.status == "new")
        self.buttons["assign"].setEnabled(bool(can_act and open_case))
        self.buttons["transfer"].setEnabled(bool(can_act and open_case))
        self.buttons["status"].setEnabled(
            bool(moves - set(self._store.reference.set_by_action_only)) and (can_act or role == "responder")
        )
        self.buttons["priority"].setEnabled(bool(can_act and case.status not in FINAL_STATUSES))
        self.buttons["category"].setEnabled(bool(can_act and case.status not in FINAL_STATUSES))
        self.buttons["merge"].setEnabled(bool(can_act and open_case))
        self.buttons["pause"].setEnabled(bool(can_act and open_case))
        self.buttons["pause"].setText(self.tr("Resume SLA…") if case.sla_paused_at else self.tr("Pause SLA…"))
        self.buttons["reporters"].setEnabled(
            role in ("operator", "lead", "admin", "unit_staff") and case.reporter_count > 0
        )
        self.buttons["dispatch"].setVisible(role == "lead")
        self.buttons["dispatch"].setEnabled(role == "lead" and open_case)

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    # --- live updates -------------------------------------------------------------------------------------

    def _on_store_change(self, change: StoreChange) -> None:
        if self._case_id is None:
            return
        if self._case_id in change.removed:
            self.show_banner(self.tr("This case is no longer visible to you (it moved to another unit)."))
        elif self._case_id in change.updated:
            self._refresh_timer.start()

    def _on_event(self, event: Event) -> None:
        if event.case_id is None or event.case_id != self._case_id:
            return
        if event.type == "message.read":
            self.crew_chat.on_read_event(event)
        elif event.type == "presence.changed":
            self._show_presence(event.case_id)
        elif event.type not in _NO_RELOAD:
            self._refresh_timer.start()  # messages and timeline entries, debounced

    # --- crew chat, read receipts, presence ---------------------------------------------------------------

    def _show_presence(self, case_id: int) -> None:
        if case_id != self._case_id:
            return
        others = self.presence.others()
        if not others:
            self.also_open.hide()
            return
        names = [
            (p.full_name or p.username) + (f" ({self.tr('editing')})" if p.mode == "editing" else "")
            for p in others
        ]
        self.also_open.setText(self.tr("Also open by: %1").replace("%1", ", ".join(names)))
        self.also_open.show()

    def _open_dialog(self, dialog: QDialog) -> None:
        """Open a form; while it is open this console is "editing" the case."""
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: self.presence.set_editing("dialog", False))
        if isinstance(dialog, ActionDialog):
            self._dialog = dialog
        self.presence.set_editing("dialog", True)
        dialog.open()

    # --- actions ------------------------------------------------------------------------------------------

    def start_action(self, name: str) -> ActionDialog | None:
        case = self.case
        if case is None:
            return None
        if name == "triage":
            spawn(self._quick(lambda c: self._client.set_status(c.id, c.version, "triaged")))
            return None
        if name == "reporters":
            spawn(self._show_reporters(case))
            return None
        if name == "dispatch":
            self.dispatch_requested.emit(case.id)
            return None
        built = self._build_dialog(name, case)
        if built is None:
            return None
        dialog, action = built
        seen = [case]  # the version the form was opened on (a refresh behind the form is not "seen")
        dialog.submitted.connect(lambda values: spawn(self._submit(dialog, values, action, seen)))
        self._open_dialog(dialog)
        return dialog

    def _build_dialog(self, name: str, case: Case) -> tuple[ActionDialog, Action] | None:
        ref = self._store.reference
        c = self._client
        note = Text("note", self.tr("Note"), lines=2)
        if name == "assign":
            people = [
                u
                for u in ref.users.values()
                if u.unit_code == case.owner_unit_code or u.role in ("lead", "operator")
            ]
            options = [
                (u.id, f"{u.full_name} ({name_of(ref.units.get(u.unit_code or ''), u.unit_code or '')})")
                for u in sorted(people, key=lambda u: u.full_name)
            ]
            fields: list[Choice | Text] = [
                Choice("user_id", self.tr("Person"), options, case.assignee_user_id),
                note,
            ]
            return ActionDialog(self.tr("Assign %1").replace("%1", case.tracking_number), fields, self), (
                lambda cs, v: c.assign(cs.id, cs.version, v["user_id"], v["note"])
            )
        if name == "transfer":
            units = [
                (u.code, name_of(u))
                for u in sorted(ref.units.values(), key=name_of)
                if u.active and u.code != case.owner_unit_code
            ]
            reasons = [(code, transfer_reason_label(code, ref)) for code in ref.transfer_reasons]
            fields = [
                Choice("unit_code", self.tr("To unit"), units),
                Choice("reason_code", self.tr("Reason"), reasons),
                note,
            ]
            return ActionDialog(self.tr("Transfer %1").replace("%1", case.tracking_number), fields, self), (
                lambda cs, v: c.transfer(cs.id, cs.version, v["unit_code"], v["reason_code"], v["note"])
            )
        if name == "status":
            moves = [s for s in ref.transitions.get(case.status, ()) if s not in ref.set_by_action_only]
            fields = [
                Choice("status", self.tr("New status"), [(s, status_label(s)) for s in moves]),
                Text(
                    "note",
                    self.tr("Public note to the citizen"),
                    lines=3,
                    required_when={"status": set(ref.needs_public_note)},
                ),
            ]
            return ActionDialog(self.tr("Status of %1").replace("%1", case.tracking_number), fields, self), (
                lambda cs, v: c.set_status(cs.id, cs.version, v["status"], v["note"])
            )
        if name == "priority":
            fields = [
                Choice(
                    "priority",
                    self.tr("Priority"),
                    [(p, priority_label(p)) for p in ref.priorities],
                    case.priority,
                ),
                Text("reason", self.tr("Reason"), lines=2),
            ]
            return ActionDialog(
                self.tr("Priority of %1").replace("%1", case.tracking_number), fields, self
            ), (lambda cs, v: c.patch_case(cs.id, cs.version, priority=v["priority"], reason=v["reason"]))
        if name == "category":
            categories = [
                (k.id, name_of(k)) for k in sorted(ref.categories.values(), key=name_of) if k.active
            ]
            fields = [
                Choice("category_id", self.tr("Category (routes again)"), categories, case.category_id),
                Text("reason", self.tr("Reason"), lines=2),
            ]
            return ActionDialog(
                self.tr("Category of %1").replace("%1", case.tracking_number), fields, self
            ), (
                lambda cs, v: c.patch_case(
                    cs.id, cs.version, category_id=v["category_id"], reason=v["reason"]
                )
            )
        if name == "merge":
            fields = [
                Text(
                    "into",
                    self.tr("Duplicate of (tracking number)"),
                    required=True,
                    lines=1,
                    placeholder="SOF-2026-000123",
                ),
                note,
            ]
            return ActionDialog(
                self.tr("Merge %1").replace("%1", case.tracking_number), fields, self
            ), self._merge
        if name == "pause":
            if case.sla_paused_at is not None:
                return ActionDialog(
                    self.tr("Resume SLA of %1").replace("%1", case.tracking_number), [note], self
                ), (lambda cs, v: c.resume(cs.id, cs.version, v["note"]))
            fields = [Text("reason", self.tr("Waiting for (third party)"), required=True, lines=2)]
            return ActionDialog(
                self.tr("Pause SLA of %1").replace("%1", case.tracking_number), fields, self
            ), (lambda cs, v: c.pause(cs.id, cs.version, v["reason"]))
        return None

    async def _merge(self, case: Case, values: dict[str, Any]) -> Case:
        number = str(values["into"]).strip().upper()
        target = next((k for k in self._store.cases.values() if k.tracking_number == number), None)
        if target is None:
            found, _cursor = await self._client.list_cases(q=number, limit=1)
            target = found[0] if found and found[0].tracking_number == number else None
        if target is None:
            raise LookupError(self.tr("No case with the number %1").replace("%1", number))
        return await self._client.merge(case.id, case.version, target.id, values["note"])

    async def _submit(
        self, dialog: ActionDialog, values: dict[str, Any], action: Action, seen: list[Case]
    ) -> None:
        """Run an action with the version the operator saw when the form opened; on 412 show what changed
        and keep the form (confirming again then acts on the version the message described)."""
        before = seen[0]
        try:
            updated = await action(before, values)
        except StaleError as error:
            fresh = await self.reload()
            if fresh is not None:
                seen[0] = fresh.case
            changed = what_changed(before, fresh.case, self._store.reference) if fresh else ""
            dialog.failed(describe(error) + "\n" + changed)
            return
        except (ApiError, LookupError) as error:
            dialog.failed(describe(error) if isinstance(error, ApiError) else str(error))
            return
        self._store.upsert(updated)
        dialog.succeeded()
        self.case_changed.emit(updated.id)
        await self.reload()

    async def _quick(self, call: Callable[[Case], Awaitable[Case]]) -> None:
        seen = self.case
        if seen is None:
            return
        try:
            updated = await call(seen)
        except StaleError as error:
            fresh = await self.reload()
            changed = what_changed(seen, fresh.case, self._store.reference) if fresh else ""
            self.show_banner(describe(error) + "\n" + changed)
            return
        except ApiError as error:
            self.show_banner(describe(error))
            return
        self.banner.hide()
        self._store.upsert(updated)
        await self.reload()

    async def _post(self, body: str, visibility: str) -> None:
        case = self.case
        if case is None:
            return
        try:
            await self._client.post_message(case.id, body, visibility)
        except ApiError as error:
            self.thread.failed(describe(error))
            return
        self.thread.sent()
        await self.reload()

    async def _show_reporters(self, case: Case) -> None:
        try:
            reporters = await self._client.reporters(case.id)
        except ApiError as error:
            self.show_banner(describe(error))
            return
        lines = [
            ", ".join(p for p in (r.name, r.phone_e164 or r.phone_raw, r.email) if p)
            + (f" ({self.tr('follower')})" if r.is_follower else "")
            for r in reporters
        ]
        self.details.show_reporters("\n".join(lines) or "—")
