"""The live queue: a QAbstractTableModel over the store's cases, sorted and filtered in Python.

Data lives in :class:`QueueColumns` (one list per field). The model keeps two lists of row indices:
``_order`` (every live row, in display order) and ``_view`` (the rows that pass the preset and the text
filter, same order). Sorting is one ``list.sort`` with a C-level key; filtering chains ``map``/``compress``
over ``_order`` (a Python-side QSortFilterProxyModel is 50-500x slower, see PITFALLS.md). Live changes
from the store insert, move, update or remove single rows; only a bulk load resets the model.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from itertools import compress
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon

from dispatcher.models import Event
from dispatcher.store import Store, StoreChange
from ui.labels import sla_state_label
from ui.queue.columns import Labels, QueueColumns
from ui.queue.text_index import TextIndex
from ui.timefmt import format_duration

# Enum lookups are slow in PySide6: resolve them once (PITFALLS.md).
DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
DECORATION = Qt.ItemDataRole.DecorationRole
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DRAG_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
# A case dragged out of the queue (onto the crew board): its id as ASCII digits.
CASE_ID_MIME = "application/x-callsofia-case-id"
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
COL_TRACKING = COLUMNS.index("tracking")  # also shows who else has the case open (an icon)
# The column list each header sorts by, and the one it shows (priority sorts by rank, shows its label).
_SORT_BY = {
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
    "age": "created",
}
_SHOWN = {
    "tracking": "tracking",
    "priority": "priority",
    "category": "category",
    "district": "district",
    "address": "address",
    "status": "status",
    "unit": "unit",
    "assignee": "assignee",
    "channel": "channel",
}

SLA_BRUSHES = {
    "overdue": QBrush(QColor("#ef9a9a")),
    "due_soon": QBrush(QColor("#ffe082")),
    "ok": QBrush(QColor("#c8e6c9")),
    "paused": QBrush(QColor("#e0e0e0")),
    "breached": QBrush(QColor("#f8bbd0")),
}

PRESETS = ("all_open", "new", "my_unit", "assigned_to_me", "due_soon", "overdue", "all")
TIME_BASED_PRESETS = frozenset({"due_soon", "overdue"})
BULK_CHANGE = 2000  # more changes than this at once (a page load) reset the model instead
SEARCH_CHUNK = 50_000  # rows of search text prepared per idle tick after a bulk load
REBUILD_INDEX_AFTER = 20_000  # changed rows before the text index is rebuilt
SMALL_VIEW = 5_000  # narrowing a view this small checks its rows directly


def presence_icons() -> dict[str, QIcon]:
    """A small dot: blue while others view a case, orange while someone edits it."""
    from PySide6.QtGui import QPainter, QPixmap

    icons = {}
    for mode, colour in (("viewing", "#1565c0"), ("editing", "#ef6c00")):
        pixmap = QPixmap(12, 12)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(colour))
        painter.setPen(QColor("#ffffff"))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icons[mode] = QIcon(pixmap)
    return icons


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
        self._cols = QueueColumns()
        self._labels = Labels(store.reference)
        self._row_of: dict[int, int] = {}  # case id → row index in the columns
        self._order: list[int] = []  # every live row, display order
        self._position_of: np.ndarray | None = None  # row → position in _order, when known
        self._view: list[int] = []  # the visible rows, display order
        self._sort_column = COL_SLA
        self._sort_order = ASCENDING
        self._preset = "all_open"
        self._text = ""
        self._headers = self._header_labels()
        # The text index is prepared in the background after a bulk load (typing finishes it if needed).
        self._index: TextIndex | None = None
        self._pending_texts: list[str] = []
        self._search_builder = QTimer(self, interval=0)
        self._search_builder.timeout.connect(self._build_index_chunk)
        store.add_listener(self._on_store_change)
        store.add_event_listener(self._on_event)
        self._presence_icons: dict[str, QIcon] | None = None  # made on first use (needs the application)
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
        row = self._view[index.row()]
        column = index.column()
        if role == DISPLAY:
            return self._display(row, column)
        if role == CASE_ID_ROLE:
            return self._cols.ids[row]
        if column == COL_TRACKING and role in (DECORATION, TOOLTIP):
            return self._presence_data(self._cols.ids[row], role)
        if column == COL_SLA and role in (BACKGROUND, TOOLTIP):
            state = self.sla_state_of(row)
            return SLA_BRUSHES.get(state) if role == BACKGROUND else sla_state_label(state)
        return None

    def _display(self, row: int, column: int) -> str:
        cols = self._cols
        if column == COL_SLA:
            if not cols.is_open[row]:
                return sla_state_label(cols.final_sla[row])
            if cols.paused[row]:
                return sla_state_label("paused")
            return format_duration(cols.due[row] - self._now())
        if column == COL_AGE:
            return format_duration(self._now() - cols.created[row])
        return getattr(cols, _SHOWN[COLUMNS[column]])[row]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return DRAG_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [CASE_ID_MIME]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        """A dragged row: the case id (for the crew board) and its tracking number as text."""
        data = QMimeData()
        case_id = self.case_id_at(indexes[0].row()) if indexes else None
        if case_id is not None:
            data.setData(CASE_ID_MIME, str(case_id).encode("ascii"))
            data.setText(self._cols.tracking[self._row_of[case_id]])
        return data

    def others_on(self, case_id: int) -> list[tuple[str, str]]:
        """Who else has the case open now: (full name, mode)."""
        return [(p.full_name or p.username, p.mode) for p in self._store.others_on(case_id)]

    def _presence_data(self, case_id: int, role: int) -> Any:
        others = self.others_on(case_id) if self._store.presence else []
        if not others:
            return None
        if role == TOOLTIP:
            return self.tr("Also open by: %1").replace("%1", ", ".join(name for name, _mode in others))
        if self._presence_icons is None:
            self._presence_icons = presence_icons()
        editing = any(mode == "editing" for _name, mode in others)
        return self._presence_icons["editing" if editing else "viewing"]

    def _on_event(self, event: Event) -> None:
        """Someone opened, edited or left a case: its marker changes."""
        if event.type != "presence.changed" or event.case_id is None:
            return
        row = self.view_row_of(event.case_id)
        if row is not None:
            index = self.index(row, COL_TRACKING)
            self.dataChanged.emit(index, index, [DECORATION, TOOLTIP])

    def sort(self, column: int, order: Qt.SortOrder = ASCENDING) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old_ids = self._persistent_ids()
        self._sort_order_list()
        self._view = self._filtered(self._order)
        self._restore_persistent(old_ids)
        self.layoutChanged.emit()

    # --- what the views ask ---------------------------------------------------------------------------

    def case_id_at(self, view_row: int) -> int | None:
        if 0 <= view_row < len(self._view):
            return self._cols.ids[self._view[view_row]]
        return None

    def view_row_of(self, case_id: int) -> int | None:
        row = self._row_of.get(case_id)
        if row is None:
            return None
        try:
            return self._view.index(row)  # a C-speed scan: ~1 ms per 100k rows
        except ValueError:
            return None

    def visible_case_ids(self) -> list[int]:
        return list(map(self._cols.ids.__getitem__, self._view))

    def sla_state_of(self, row: int) -> str:
        """ok / due_soon / overdue / paused for open cases, computed locally so the queue ticks offline."""
        cols = self._cols
        if not cols.is_open[row]:
            return cols.final_sla[row]
        if cols.paused[row]:
            return "paused"
        left = cols.due[row] - self._now()
        if left <= 0:
            return "overdue"
        total = cols.due[row] - cols.created[row]
        return "due_soon" if total > 0 and left < total * self._due_soon_ratio else "ok"

    def sla_of_case(self, case_id: int) -> tuple[str, float | None] | None:
        """The case's SLA state as the queue shows it, and when (epoch seconds) time alone will change it
        (None: only an event can); None for a case the model does not hold. The map colours by this."""
        row = self._row_of.get(case_id)
        if row is None:
            return None
        state = self.sla_state_of(row)
        cols = self._cols
        if state == "due_soon":
            return state, cols.due[row]
        if state == "ok":
            total = cols.due[row] - cols.created[row]
            return state, cols.due[row] - total * self._due_soon_ratio if total > 0 else cols.due[row]
        return state, None

    @property
    def preset(self) -> str:
        return self._preset

    def set_preset(self, preset: str) -> None:
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}")
        self._preset = preset
        self._apply_filter(narrowing=False)

    def set_text_filter(self, text: str) -> None:
        text = text.strip().casefold()
        # Typing more of the same word can only remove rows: look only at what is visible now.
        narrowing = bool(self._text) and self._text in text
        self._text = text
        self._apply_filter(narrowing=narrowing)

    def refilter(self) -> None:
        self._apply_filter(narrowing=False)

    def tick(self) -> None:
        """Once a second: the countdowns move, computed locally (no network call)."""
        if self._view:
            self.dataChanged.emit(self.index(0, COL_SLA), self.index(len(self._view) - 1, COL_AGE), [DISPLAY])

    def reload(self) -> None:
        """Rebuild every row from the store (bulk load, language change)."""
        self.beginResetModel()
        self._headers = self._header_labels()
        self._labels = Labels(self._store.reference)
        cases = list(self._store.cases.values())
        self._cols = QueueColumns.build(cases, self._labels)
        self._row_of = dict(zip(self._cols.ids, range(len(cases)), strict=True))
        self._order = list(range(len(cases)))
        self._sort_order_list()
        self._view = self._filtered(self._order)
        self.endResetModel()
        self._index, self._pending_texts = None, []
        self._search_builder.start()
        self.filter_changed.emit()

    # --- filtering and sorting ------------------------------------------------------------------------

    def _apply_filter(self, *, narrowing: bool) -> None:
        self.layoutAboutToBeChanged.emit()
        old_ids = self._persistent_ids()
        self._view = self._filtered(self._view if narrowing else self._order)
        self._restore_persistent(old_ids)
        self.layoutChanged.emit()
        self.filter_changed.emit()

    def _filtered(self, rows: list[int]) -> list[int]:
        """The rows (kept in their order) that pass the preset and the text filter; C-level loops only."""
        mask = self._preset_mask()
        # Always a new list: the view must never be the order list itself (both change independently).
        rows = list(rows) if mask is None else list(compress(rows, map(mask.__getitem__, rows)))
        text = self._text
        if not text or not rows:
            return rows
        if len(rows) <= SMALL_VIEW:
            search_text = self._cols.search_text
            return [row for row in rows if text in search_text(row)]
        matching = self._text_index().matching_rows(text, self._cols.search_text)
        if len(matching) * 4 > len(rows):
            return list(compress(rows, map(matching.__contains__, rows)))
        # Few hits (the usual case once a word is typed): put them in display order directly instead of
        # walking every row. ``rows`` is the whole order or the view being narrowed; either way a hit only
        # has to be alive and in the preset (when narrowing, every hit is already in the view).
        alive = self._cols.alive
        if mask is None:
            hits = [row for row in matching if alive[row]]
        else:
            hits = [row for row in matching if alive[row] and mask[row]]
        if not hits:
            return []
        found = np.fromiter(hits, dtype=np.int64, count=len(hits))
        return found[np.argsort(self._positions()[found], kind="stable")].tolist()

    def _positions(self) -> np.ndarray:
        """Row index → its position in ``_order`` (rebuilt after a sort or a live insert/removal)."""
        if self._position_of is None:
            positions = np.zeros(len(self._cols), dtype=np.int64)
            positions[np.fromiter(self._order, dtype=np.int64, count=len(self._order))] = np.arange(
                len(self._order)
            )
            self._position_of = positions
        return self._position_of

    def _preset_mask(self) -> list[bool] | None:
        """Per row: does it belong to the preset view? None: every live row does."""
        cols, me, preset = self._cols, self._store.me, self._preset
        if preset == "all":
            return None
        if preset == "all_open":
            return cols.is_open
        if preset == "new":
            return [code == "new" for code in cols.status_code]
        if preset == "my_unit":
            unit = me.unit_code if me else None
            return [o and u == unit for o, u in zip(cols.is_open, cols.unit_code, strict=True)]
        if preset == "assigned_to_me":  # in person, or dispatched to my crew
            user_id = me.id if me else None
            crew = me.crew_id if me else None
            return [
                o and (a == user_id or (crew is not None and c == crew))
                for o, a, c in zip(cols.is_open, cols.assignee_id, cols.crew_id, strict=True)
            ]
        wanted = "due_soon" if preset == "due_soon" else "overdue"
        return [self.sla_state_of(row) == wanted for row in range(len(cols))]

    def _passes(self, row: int) -> bool:
        return bool(self._filtered([row]))

    def _sort_key(self) -> Callable[[int], Any]:
        return getattr(self._cols, _SORT_BY[COLUMNS[self._sort_column]]).__getitem__

    def _descending(self) -> bool:
        # Age ascending means youngest first, i.e. the latest creation time first.
        descending = self._sort_order != ASCENDING
        return not descending if COLUMNS[self._sort_column] == "age" else descending

    def _sort_order_list(self) -> None:
        self._order.sort(key=self._sort_key(), reverse=self._descending())
        self._position_of = None

    def _position_in(self, rows: list[int], row: int) -> int:
        key = self._sort_key()
        if not self._descending():
            return bisect.bisect_left(rows, key(row), key=key)
        return bisect.bisect_left(rows, _Descending(key(row)), key=lambda r: _Descending(key(r)))

    def _persistent_ids(self) -> list[int | None]:
        return [self.case_id_at(index.row()) for index in self.persistentIndexList()]

    def _restore_persistent(self, old_ids: list[int | None]) -> None:
        old = self.persistentIndexList()
        if not old:
            return
        position = {row: n for n, row in enumerate(self._view)}
        new = []
        for index, case_id in zip(old, old_ids, strict=True):
            row = self._row_of.get(case_id) if case_id is not None else None
            view_row = position.get(row) if row is not None else None
            new.append(self.index(view_row, index.column()) if view_row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)

    def _text_index(self) -> TextIndex:
        """The index over every row's search text (finishing the background build if typing came first)."""
        if self._index is None or len(self._index.dirty) > REBUILD_INDEX_AFTER:
            while not self._build_index_chunk(limit=None):
                pass
        assert self._index is not None
        return self._index

    def _build_index_chunk(self, limit: int | None = SEARCH_CHUNK) -> bool:
        """Prepare the next rows' search text; when all are ready, build the index. True when built."""
        if self._index is not None and len(self._index.dirty) <= REBUILD_INDEX_AFTER:
            self._search_builder.stop()
            return True
        if self._index is not None:  # too many rows changed since: start over
            self._index, self._pending_texts = None, []
        start = len(self._pending_texts)
        stop = len(self._cols) if limit is None else min(len(self._cols), start + limit)
        self._pending_texts.extend(self._cols.search_texts(start, stop))
        if len(self._pending_texts) < len(self._cols):
            return False
        self._index, self._pending_texts = TextIndex(self._pending_texts), []
        self._search_builder.stop()
        return True

    # --- live changes ---------------------------------------------------------------------------------

    def _on_store_change(self, change: StoreChange) -> None:
        if len(change.inserted) + len(change.updated) > BULK_CHANGE:
            self.reload()  # a bulk load: one reset beats thousands of single inserts
            return
        for case_id in change.removed:
            self._remove(case_id)
        for case_id in change.updated:
            self._update(case_id)
        for case_id in change.inserted:
            self._insert(case_id)

    def _remove(self, case_id: int) -> None:
        row = self._row_of.pop(case_id, None)
        if row is None:
            return
        self._hide(row)
        self._order.remove(row)
        self._position_of = None
        self._cols.kill(row)

    def _hide(self, row: int) -> None:
        try:
            position = self._view.index(row)
        except ValueError:
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._view[position]
        self.endRemoveRows()

    def _show(self, row: int) -> None:
        if not self._passes(row):
            return
        position = self._position_in(self._view, row)
        self.beginInsertRows(QModelIndex(), position, position)
        self._view.insert(position, row)
        self.endInsertRows()

    def _insert(self, case_id: int) -> None:
        if case_id in self._row_of:
            self._update(case_id)
            return
        case = self._store.cases.get(case_id)
        if case is None:
            return
        row = self._cols.append(case, self._labels)
        self._mark_text_changed(row)
        self._row_of[case_id] = row
        self._order.insert(self._position_in(self._order, row), row)
        self._position_of = None
        self._show(row)

    def _update(self, case_id: int) -> None:
        row = self._row_of.get(case_id)
        case = self._store.cases.get(case_id)
        if row is None or case is None:
            self._insert(case_id)
            return
        try:
            position: int | None = self._view.index(row)
        except ValueError:
            position = None
        self._cols.set(row, case, self._labels)
        self._mark_text_changed(row)
        if position is not None and self._passes(row) and self._in_order(self._view, position):
            self._reposition(row)  # keep _order sorted too (its neighbours may differ from the view's)
            self.dataChanged.emit(self.index(position, 0), self.index(position, len(COLUMNS) - 1))
            return
        # It moved, or it entered or left the filter: take it out and put it where it belongs.
        self._hide(row)
        self._reposition(row)
        self._show(row)

    def _reposition(self, row: int) -> None:
        self._order.remove(row)
        self._order.insert(self._position_in(self._order, row), row)
        self._position_of = None

    def _mark_text_changed(self, row: int) -> None:
        if self._index is not None:
            self._index.mark_dirty(row)
        elif row < len(self._pending_texts):
            self._pending_texts[row] = self._cols.search_text(row)

    def _in_order(self, rows: list[int], position: int) -> bool:
        key = self._sort_key()
        me = key(rows[position])
        before = key(rows[position - 1]) if position > 0 else None
        after = key(rows[position + 1]) if position + 1 < len(rows) else None
        if not self._descending():
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
