"""The chat with the dispatched crew: the case's ``crew`` messages, who has read how far, a composer, and
publishing a crew message to the citizen.

Messages are rows of a small list model (plain tuples); a list view shows them as plain text, so whatever a
crew or a citizen wrote is never markup. "Read by … at …" is shown under the newest crew message each
other person has read (the server's receipts, kept current by ``message.read`` events).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispatcher.client import CentralClient
from dispatcher.errors import ApiError
from dispatcher.models import CaseDetail, Crew, Event, Message, ReadReceipt
from dispatcher.store import Store
from ui.async_tools import spawn
from ui.case.action_dialog import ActionDialog, Text
from ui.errors import describe
from ui.map.crews import crew_status_label
from ui.timefmt import local_time

log = logging.getLogger(__name__)

DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
MESSAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PUBLISH_SHORTCUT = "Ctrl+Shift+U"
FROM_CREW = QBrush(QColor("#e3f2fd"))  # the crew's side, blue as crew messages in the thread
FROM_STAFF = QBrush(QColor("#f5f5f5"))
POSTING_ROLES = frozenset({"operator", "lead", "admin", "unit_staff", "responder"})
PUBLISHING_ROLES = frozenset({"operator", "lead", "admin", "unit_staff"})  # who may post public messages


@dataclass(frozen=True, slots=True)
class ChatRow:
    message: Message
    from_crew: bool
    read_by: str  # "Иван 12:31, Мария 12:35" (others who read up to this message), or ""


def chat_rows(
    messages: tuple[Message, ...],
    receipts: dict[int, ReadReceipt],
    crew_side: set[int],
    me_id: int | None,
) -> list[ChatRow]:
    """The crew messages in order; each reader (not me) shown at the newest crew message their receipt
    covers that someone else wrote. A crew that answers and then reads the thread has its own answer as
    the newest read message: the receipt still says it read what was written to it."""
    crew_messages = [m for m in messages if m.visibility == "crew"]
    readers: dict[int, list[ReadReceipt]] = {}
    for receipt in receipts.values():
        if receipt.user_id == me_id:
            continue
        covered = [
            m for m in crew_messages if m.id <= receipt.message_id and m.author_user_id != receipt.user_id
        ]
        if covered:
            readers.setdefault(covered[-1].id, []).append(receipt)
    rows = []
    for message in crew_messages:
        seen = sorted(readers.get(message.id, ()), key=lambda r: r.read_at)
        text = ", ".join(f"{r.full_name or r.username} {local_time(r.read_at)[-5:]}" for r in seen)
        rows.append(ChatRow(message, message.author_user_id in crew_side, text))
    return rows


class CrewChatModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ChatRow] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        message = row.message
        if role == DISPLAY:
            head = f"{message.author_name or message.author_kind} · {local_time(message.created_at)}"
            text = f"{head}\n{message.body}"
            if row.read_by:
                text += "\n✓ " + self.tr("read by %1").replace("%1", row.read_by)
            return text
        if role == BACKGROUND:
            return FROM_CREW if row.from_crew else FROM_STAFF
        if role == MESSAGE_ID_ROLE:
            return message.id
        if role == TOOLTIP and row.read_by:
            return self.tr("Read by %1").replace("%1", row.read_by)
        return None

    def set_rows(self, rows: list[ChatRow]) -> None:
        if [(r.message.id, r.read_by) for r in rows] == [(r.message.id, r.read_by) for r in self.rows]:
            return
        same_messages = [r.message.id for r in rows] == [r.message.id for r in self.rows]
        if same_messages:  # only who has read changed
            self.rows = rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()  # a handful of messages per case: a reset is cheap
        self.rows = rows
        self.endResetModel()

    def row_of(self, message_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.message.id == message_id), None)


class CrewChat(QWidget):
    thread_changed = Signal()
    """A message was posted or published from here: the case view reloads the thread."""
    form_opening = Signal(QDialog)
    """A form (publish to the citizen) is about to open: the case view opens it and counts it as editing."""
    editing_changed = Signal(bool)
    """The composer started or stopped holding text."""
    published = Signal(int)
    """A crew message (its id) was published to the citizen."""

    def __init__(self, client: CentralClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._case_id: int | None = None
        self._detail: CaseDetail | None = None
        self._receipts: dict[int, ReadReceipt] = {}  # user id → how far they have read this thread
        self._read_up_to = 0  # the newest message this console has marked read
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.model = CrewChatModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Crew chat"))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(2)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(self.tr("Message to the crew… (Ctrl+Enter sends)"))
        self.editor.setAccessibleName(self.tr("Message to the crew"))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(56)
        self.send_button = QPushButton(self.tr("Send to crew"))
        self.publish_button = QPushButton(self.tr("Publish to citizen…"))
        self.publish_button.setToolTip(
            self.tr("Publish the selected crew message (else the crew's newest) as a public update")
            + f" ({PUBLISH_SHORTCUT})"
        )
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.send_button.clicked.connect(self._send)
        self.publish_button.clicked.connect(self.publish_selected)
        QShortcut(QKeySequence("Ctrl+Return"), self.editor, activated=self._send)
        self.publish_shortcut = QShortcut(
            QKeySequence(PUBLISH_SHORTCUT), self, activated=self.publish_selected
        )
        self.publish_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._had_text = False
        self.editor.textChanged.connect(self._on_text)

        buttons = QHBoxLayout()
        buttons.addWidget(self.publish_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    # --- the case and its receipts ----------------------------------------------------------------------

    def set_case(self, case_id: int | None) -> None:
        """Another case is shown: forget this one's receipts (its detail follows with ``show_detail``)."""
        if case_id != self._case_id:
            self._case_id, self._detail = case_id, None
            self._receipts, self._read_up_to = {}, 0
            self.status.clear()

    async def fetch_receipts(self, case_id: int) -> list[ReadReceipt]:
        return await self._client.read_receipts(case_id)

    def take_receipts(self, receipts: list[ReadReceipt]) -> None:
        for receipt in receipts:
            known = self._receipts.get(receipt.user_id)
            if known is None or receipt.message_id >= known.message_id:
                self._receipts[receipt.user_id] = receipt

    def on_read_event(self, event: Event) -> None:
        """``message.read`` of the shown case: someone read further (no reload needed)."""
        try:
            receipt = ReadReceipt.from_json(event.data)
        except (KeyError, TypeError, ValueError):
            return
        self.take_receipts([receipt])
        self._render()

    def show_detail(self, detail: CaseDetail) -> None:
        self._detail = detail
        self._render()

    def mark_read(self, detail: CaseDetail) -> None:
        """The thread is on screen: all of it counts as read (receipts only move forward)."""
        newest = max((m.id for m in detail.thread), default=0)
        me = self._store.me
        mine = self._receipts.get(me.id) if me else None
        if newest <= max(self._read_up_to, mine.message_id if mine else 0):
            return
        self._read_up_to = newest
        spawn(self._send_read(detail.case.id, newest))

    async def _send_read(self, case_id: int, message_id: int) -> None:
        try:
            receipt = await self._client.mark_read(case_id, message_id)
        except ApiError as error:
            log.info("marking case %d read: %s", case_id, error)
            self._read_up_to = 0  # again at the next render
            return
        if case_id == self._case_id:
            self.take_receipts([receipt])

    def _render(self) -> None:
        detail = self._detail
        if detail is None:
            return
        crew = self._store.crews.get(detail.case.assignee_crew_id or -1)
        crew_side = {m.id for m in crew.members} if crew else set()
        crew_side |= {u.id for u in self._store.reference.users.values() if u.role == "responder"}
        me = self._store.me
        role = me.role if me else ""
        self.show_chat(
            detail.thread,
            self._receipts,
            crew,
            crew_side,
            me.id if me else None,
            can_post=role in POSTING_ROLES,
            can_publish=role in PUBLISHING_ROLES,
        )

    def show_chat(
        self,
        messages: tuple[Message, ...],
        receipts: dict[int, ReadReceipt],
        crew: Crew | None,
        crew_side: set[int],
        me_id: int | None,
        *,
        can_post: bool,
        can_publish: bool,
    ) -> None:
        if crew is None:
            self.header.setText(self.tr("No crew is dispatched to this case."))
        else:
            members = ", ".join(m.full_name for m in crew.members)
            text = self.tr("Crew: %1 · %2").replace("%1", crew.name)
            text = text.replace("%2", crew_status_label(crew.status))
            self.header.setText(text + (f" ({members})" if members else ""))
        selected = self.selected_message_id(fallback=False)
        bar = self.list.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        self.model.set_rows(chat_rows(messages, receipts, crew_side, me_id))
        if selected is not None and (row := self.model.row_of(selected)) is not None:
            self.list.setCurrentIndex(self.model.index(row))
        if at_bottom:
            self.list.scrollToBottom()
        self.editor.setEnabled(can_post)
        self.send_button.setEnabled(can_post)
        self.publish_button.setVisible(can_publish)
        self.publish_shortcut.setEnabled(can_publish)
        self.publish_button.setEnabled(can_publish and any(r.from_crew for r in self.model.rows))

    def selected_message_id(self, *, fallback: bool = True) -> int | None:
        """The selected message; with ``fallback``, else the crew's newest message."""
        # The selection, not the current index: a list that gets the focus by keyboard makes its first row
        # current without selecting it, and the oldest message is not what the user picked.
        selected = self.list.selectionModel().selectedIndexes()
        if selected and 0 <= selected[0].row() < len(self.model.rows):
            return self.model.rows[selected[0].row()].message.id
        if not fallback:
            return None
        from_crew = [r.message.id for r in self.model.rows if r.from_crew]
        return from_crew[-1] if from_crew else None

    def message(self, message_id: int) -> Message | None:
        thread = self._detail.thread if self._detail else ()
        return next((m for m in thread if m.id == message_id), None)

    # --- writing to the crew ----------------------------------------------------------------------------

    @property
    def has_text(self) -> bool:
        return bool(self.editor.toPlainText().strip())

    def _on_text(self) -> None:
        if self.has_text != self._had_text:
            self._had_text = self.has_text
            self.editing_changed.emit(self._had_text)

    def _send(self) -> None:
        body = self.editor.toPlainText().strip()
        if not body:
            self.status.setText(self.tr("Write something first."))
            return
        if self._case_id is None:
            return
        self.send_button.setEnabled(False)
        spawn(self._post(self._case_id, body))

    async def _post(self, case_id: int, body: str) -> None:
        try:
            await self._client.post_message(case_id, body, "crew")
        except ApiError as error:
            self.status.setText(describe(error))  # what was typed stays
            self.send_button.setEnabled(True)
            return
        self.editor.clear()
        self.status.clear()
        self.send_button.setEnabled(True)
        self.thread_changed.emit()

    # --- publishing to the citizen ----------------------------------------------------------------------

    def publish_selected(self) -> ActionDialog | None:
        """Ctrl+Shift+U: a form with the selected crew message's words (else the crew's newest), editable,
        to publish as a public update for the citizen."""
        message_id = self.selected_message_id()
        source = self.message(message_id) if message_id is not None else None
        if self._detail is None or source is None:
            self.status.setText(self.tr("No crew message to publish yet."))
            return None
        case = self._detail.case
        text = Text("body", self.tr("Public text for the citizen"), required=True, lines=4)
        title = self.tr("Publish to the citizen: %1").replace("%1", case.tracking_number)
        dialog = ActionDialog(title, [text], self)
        editor = dialog.widget("body")
        assert isinstance(editor, QPlainTextEdit)
        editor.setPlainText(source.body)
        dialog.submitted.connect(lambda values: spawn(self._publish(dialog, case.id, source, values["body"])))
        self.form_opening.emit(dialog)
        return dialog

    async def _publish(self, dialog: ActionDialog, case_id: int, source: Message, body: str) -> None:
        try:
            await self._client.publish_message(case_id, source.id, None if body == source.body else body)
        except ApiError as error:
            dialog.failed(describe(error))
            return
        dialog.succeeded()
        self.published.emit(source.id)
        self.thread_changed.emit()
