"""The live queue: a QAbstractTableModel over the store's cases, sorted and filtered in Python.

Rows are plain tuples (:class:`QueueRow`); the model keeps ``_view``, the row indices in display order.
Sorting and filtering work on that list (a Python-side QSortFilterProxyModel is 50-500x slower, see
PITFALLS.md). Live changes from the store insert, move, update or remove single rows; only a bulk load
resets the model.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from dispatcher.store import Store, StoreChange
from ui.labels import sla_state_label
from ui.queue.rows import QueueRow, build_row, format_duration, sla_state

# Enum lookups are slow in PySide6: resolve them once (PITFALLS.md).
DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ASCENDING = Qt.SortOrder.AscendingOrder
HORIZONTAL = Qt.Orientation.Horizontal

COLUMNS = (
    "tracking",
    "sla",
    "priority",
    "category",
    "district",
    "address",
    "status",
    "unit",
    "assignee",
    "channel",
    "age",
)
COL_SLA, COL_AGE = COLUMNS.index("sla"), COLUMNS.index("age")

# What each column sorts by (a field of QueueRow). Age sorts newest first when ascending.
_SORT_FIELD = {
    "tracking": "tracking",
    "sla": "due",
    "priority": "priority_rank",
    "category": "category",
    "district": "district",
    "address": "address",
    "status": "status",
    "unit": "unit",
    "assignee": "assignee",
    "channel": "channel",
}

# Where the shown text differs from the sort key (priority sorts by rank, shows its label).
_DISPLAY_FIELD = {"priority": "priority"}

SLA_BRUSHES = {
    "overdue": QBrush(QColor("#ef9a9a")),
    "due_soon": QBrush(QColor("#ffe082")),
    "ok": QBrush(QColor("#c8e6c9")),
    "paused": QBrush(QColor("#e0e0e0")),
    "breached": QBrush(QColor("#f8bbd0")),
}

PRESETS = ("all_open", "new", "my_unit", "assigned_to_me", "due_soon", "overdue", "all")
TIME_BASED_PRESETS = frozenset({"due_soon", "overdue"})


class _Descending:
    """Inverts comparisons, so bisect can search a list sorted in descending order."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return other.key < self.key


class QueueModel(QAbstractTableModel):
    filter_changed = Signal()
    """The set of visible cases changed because the preset or the text filter changed (not per event)."""

    def __init__(
        self,
        store: Store,
        parent: QObject | None = None,
        *,
        now: Callable[[], float] = time.time,
        due_soon_ratio: float = 0.2,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._now = now
        self._due_soon_ratio = due_soon_ratio
        self._rows: list[QueueRow | None] = []  # None: a removed case (kept so indices stay valid)
        self._row_of: dict[int, int] = {}  # case id → index in _rows
        self._view: list[int] = []  # indices into _rows, in display order
        self._sort_column = COLUMNS.index("sla")
        self._sort_order = ASCENDING
        self._preset = "all_open"
        self._text = ""
        self._headers = self._header_labels()
        store.add_listener(self._on_store_change)
        self.reload()

    # --- Qt model interface ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._view)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == HORIZONTAL and 0 <= section < len(COLUMNS):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self._rows[self._view[index.row()]]
        assert row is not None
        column = index.column()
        if role == DISPLAY:
            return self._display(row, column)
        if role == CASE_ID_ROLE:
            return row.id
        if role == BACKGROUND and column == COL_SLA:
            return SLA_BRUSHES.get(sla_state(row, self._now(), self._due_soon_ratio))
        if role == TOOLTIP and column == COL_SLA:
            return sla_state_label(sla_state(row, self._now(), self._due_soon_ratio))
        return None

    def _display(self, row: QueueRow, column: int) -> str:
        name = COLUMNS[column]
        if name == "sla":
            if not row.is_open:
                return sla_state_label(row.final_sla)
            if row.paused:
                return sla_state_label("paused")
            return format_duration(row.due - self._now())
        if name == "age":
            return format_duration(self._now() - row.created)
        return getattr(row, _DISPLAY_FIELD.get(name) or _SORT_FIELD[name])

    def sort(self, column: int, order: Qt.SortOrder = ASCENDING) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old_ids = self._persistent_ids()
        self._sort_view()
        self._restore_persistent(old_ids)
        self.layoutChanged.emit()

    # --- what the views ask ---------------------------------------------------------------------------

    def case_id_at(self, view_row: int) -> int | None:
        if 0 <= view_row < len(self._view):
            row = self._rows[self._view[view_row]]
            return row.id if row else None
        return None

    def view_row_of(self, case_id: int) -> int | None:
        index = self._row_of.get(case_id)
        if index is None:
            return None
        try:
            return self._view.index(index)  # a C-speed scan: ~1 ms per 100k rows
        except ValueError:
            return None

    def visible_case_ids(self) -> list[int]:
        return [self._rows[i].id for i in self._view]  # type: ignore[union-attr]

    @property
    def preset(self) -> str:
        return self._preset

    def set_preset(self, preset: str) -> None:
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}")
        self._preset = preset
        self.refilter()

    def set_text_filter(self, text: str) -> None:
        self._text = text.strip().casefold()
        self.refilter()

    def refilter(self) -> None:
        self.layoutAboutToBeChanged.emit()
        old_ids = self._persistent_ids()
        self._view = self._filtered(range(len(self._rows)))
        self._sort_view()
        self._restore_persistent(old_ids)
        self.layoutChanged.emit()
        self.filter_changed.emit()

    def tick(self) -> None:
        """Once a second: the countdowns move, computed locally (no network call)."""
        if self._view:
            self.dataChanged.emit(self.index(0, COL_SLA), self.index(len(self._view) - 1, COL_AGE), [DISPLAY])

    def reload(self) -> None:
        """Rebuild every row from the store (bulk load, language change)."""
        self.beginResetModel()
        self._headers = self._header_labels()
        reference = self._store.reference
        self._rows = [build_row(case, reference) for case in self._store.cases.values()]
        self._row_of = {row.id: i for i, row in enumerate(self._rows) if row is not None}
        self._view = self._filtered(range(len(self._rows)))
        self._sort_view()
        self.endResetModel()
        self.filter_changed.emit()

    # --- filtering and sorting ------------------------------------------------------------------------

    def _filtered(self, candidates: range | list[int]) -> list[int]:
        rows = self._rows
        keep = self._preset_test()
        text = self._text
        if text:
            return [i for i in candidates if (r := rows[i]) is not None and text in r.search and keep(r)]
        return [i for i in candidates if (r := rows[i]) is not None and keep(r)]

    def _preset_test(self) -> Callable[[QueueRow], bool]:
        preset, me = self._preset, self._store.me
        now, ratio = self._now(), self._due_soon_ratio
        if preset == "all":
            return lambda r: True
        if preset == "new":
            return lambda r: r.status_code == "new"
        if preset == "my_unit":
            unit = me.unit_code if me else None
            return lambda r: r.is_open and r.unit_code == unit
        if preset == "assigned_to_me":
            user_id = me.id if me else None
            return lambda r: r.is_open and r.assignee_id == user_id
        if preset == "due_soon":
            return lambda r: r.is_open and sla_state(r, now, ratio) == "due_soon"
        if preset == "overdue":
            return lambda r: r.is_open and sla_state(r, now, ratio) == "overdue"
        return lambda r: r.is_open

    def _sort_key(self) -> Callable[[int], Any]:
        rows = self._rows
        name = COLUMNS[self._sort_column]
        if name == "age":
            return lambda i: (-rows[i].created, rows[i].id)  # type: ignore[union-attr]
        position = QueueRow._fields.index(_SORT_FIELD[name])
        return lambda i: (rows[i][position], rows[i][0])  # type: ignore[index]

    def _sort_view(self) -> None:
        self._view.sort(key=self._sort_key(), reverse=self._sort_order != ASCENDING)

    def _insert_position(self, index: int) -> int:
        key = self._sort_key()
        if self._sort_order == ASCENDING:
            return bisect.bisect_left(self._view, key(index), key=key)
        return bisect.bisect_left(self._view, _Descending(key(index)), key=lambda i: _Descending(key(i)))

    def _persistent_ids(self) -> list[int | None]:
        return [self.case_id_at(index.row()) for index in self.persistentIndexList()]

    def _restore_persistent(self, old_ids: list[int | None]) -> None:
        old = self.persistentIndexList()
        if not old:
            return
        position = {row_index: n for n, row_index in enumerate(self._view)}
        new = []
        for index, case_id in zip(old, old_ids, strict=True):
            row_index = self._row_of.get(case_id) if case_id is not None else None
            view_row = position.get(row_index) if row_index is not None else None
            new.append(self.index(view_row, index.column()) if view_row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)

    # --- live changes ---------------------------------------------------------------------------------

    def _on_store_change(self, change: StoreChange) -> None:
        if len(change.inserted) + len(change.updated) > 2000:
            self.reload()  # a bulk load: one reset beats thousands of single inserts
            return
        for case_id in change.removed:
            self._remove(case_id)
        for case_id in change.updated:
            self._update(case_id)
        for case_id in change.inserted:
            self._insert(case_id)

    def _remove(self, case_id: int) -> None:
        index = self._row_of.pop(case_id, None)
        if index is None:
            return
        self._take_from_view(index)
        self._rows[index] = None

    def _take_from_view(self, index: int) -> None:
        try:
            position = self._view.index(index)
        except ValueError:
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._view[position]
        self.endRemoveRows()

    def _insert(self, case_id: int) -> None:
        if case_id in self._row_of:
            self._update(case_id)
            return
        case = self._store.cases.get(case_id)
        if case is None:
            return
        self._rows.append(build_row(case, self._store.reference))
        index = len(self._rows) - 1
        self._row_of[case_id] = index
        self._show(index)

    def _show(self, index: int) -> None:
        if not self._filtered([index]):
            return
        position = self._insert_position(index)
        self.beginInsertRows(QModelIndex(), position, position)
        self._view.insert(position, index)
        self.endInsertRows()

    def _update(self, case_id: int) -> None:
        index = self._row_of.get(case_id)
        case = self._store.cases.get(case_id)
        if index is None or case is None:
            self._insert(case_id)
            return
        self._rows[index] = build_row(case, self._store.reference)
        try:
            position = self._view.index(index)
        except ValueError:
            self._show(index)  # it may match the filter now
            return
        if not self._filtered([index]):
            self._take_from_view(index)
            return
        if self._in_order(position):
            self.dataChanged.emit(self.index(position, 0), self.index(position, len(COLUMNS) - 1))
            return
        self._take_from_view(index)  # its sort key moved: take it out and put it where it belongs
        self._show(index)

    def _in_order(self, position: int) -> bool:
        key = self._sort_key()
        me = key(self._view[position])
        before = key(self._view[position - 1]) if position > 0 else None
        after = key(self._view[position + 1]) if position + 1 < len(self._view) else None
        if self._sort_order == ASCENDING:
            return (before is None or before <= me) and (after is None or me <= after)
        return (before is None or me <= before) and (after is None or after <= me)

    def _header_labels(self) -> list[str]:
        return [
            self.tr("Number"),
            self.tr("SLA"),
            self.tr("Priority"),
            self.tr("Category"),
            self.tr("District"),
            self.tr("Address"),
            self.tr("Status"),
            self.tr("Owner unit"),
            self.tr("Assignee"),
            self.tr("Channel"),
            self.tr("Age"),
        ]
