"""The crew board's table: one row per crew of the store (the user's units), live from crew events.

Rows are crew ids; what a cell shows is read from ``store.crews`` when Qt asks. Times in status and position
ages tick locally (``tick()`` once a second). With a case selected (``set_case``), the case's owner unit's
crews come first, ranked by :func:`dispatcher.crews.rank_crews`, and the suggested one (nearest available
crew on duty) is highlighted. A case dragged from the queue and dropped on a row asks for a dispatch
(``case_dropped``); only a model that may dispatch accepts drops.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from dispatcher.crews import Candidate, on_duty_now, position_is_stale, rank_crews
from dispatcher.models import Crew
from dispatcher.store import Store, StoreChange
from ui.labels import name_of
from ui.map.crews import crew_status_label
from ui.queue.model import CASE_ID_MIME
from ui.timefmt import SOFIA, format_duration, local_time

# Enum lookups are slow in PySide6: resolve them once (PITFALLS.md).
DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
FONT = Qt.ItemDataRole.FontRole
CREW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HORIZONTAL = Qt.Orientation.Horizontal
COPY = Qt.DropAction.CopyAction
BASE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
DROP_FLAGS = BASE_FLAGS | Qt.ItemFlag.ItemIsDropEnabled

COLUMNS = ("crew", "unit", "status", "case", "in_status", "position", "duty", "distance")
COL = {name: n for n, name in enumerate(COLUMNS)}
TICKING = (COL["in_status"], COL["position"], COL["duty"])

STATUS_BRUSHES = {  # lighter tints of the map's crew colours
    "available": QBrush(QColor("#c8e6c9")),
    "en_route": QBrush(QColor("#bbdefb")),
    "on_site": QBrush(QColor("#e1bee7")),
    "off_duty": QBrush(QColor("#e0e0e0")),
}
SUGGESTED_BRUSH = QBrush(QColor("#fff59d"))
STALE_BRUSH = QBrush(QColor("#9e9e9e"))
SUGGESTED_MARK = "★ "


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_distance(metres: float | None) -> str:
    if metres is None:
        return ""
    return f"{metres / 1000:.1f} km" if metres >= 1000 else f"{round(metres / 10) * 10:.0f} m"


class CrewBoardModel(QAbstractTableModel):
    case_dropped = Signal(int, int)
    """A case (its id) was dropped on a crew (its id): the lead asks to dispatch it."""

    def __init__(
        self,
        store: Store,
        parent: QObject | None = None,
        *,
        can_dispatch: bool = False,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.now = now
        """The clock the board judges duty, staleness and times in status by (the board's form too)."""
        self.can_dispatch = can_dispatch
        self._case_id: int | None = None
        self._ranking: dict[int, Candidate] = {}
        self._suggested: int | None = None
        self._ids: list[int] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._headers = self._header_labels()
        self._ids = self._ordered()
        store.add_crew_listener(self._on_crews)
        store.add_listener(self._on_cases)

    # --- Qt model interface ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == HORIZONTAL and 0 <= section < len(COLUMNS):
            return self._headers[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.can_dispatch else Qt.ItemFlag.NoItemFlags
        return DROP_FLAGS if self.can_dispatch else BASE_FLAGS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        crew = self._store.crews.get(self._ids[index.row()])
        if crew is None:
            return None
        column = index.column()
        if role == DISPLAY:
            return self._display(crew, column)
        if role == CREW_ID_ROLE:
            return crew.id
        suggested = crew.id == self._suggested
        if role == BACKGROUND:
            if column == COL["status"]:
                return STATUS_BRUSHES.get(crew.status)
            return SUGGESTED_BRUSH if suggested else None
        if role == FONT:
            if suggested:
                return self._bold
            if column == COL["position"] and position_is_stale(crew, self.now()):
                return self._italic
            return None
        if role == FOREGROUND and column == COL["position"] and position_is_stale(crew, self.now()):
            return STALE_BRUSH
        if role == TOOLTIP:
            return self._tooltip(crew, column, suggested)
        return None

    # --- drops from the queue -------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CASE_ID_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return COPY

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        return self._drop_target(data, row, parent) is not None

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        target = self._drop_target(data, row, parent)
        if target is None:
            return False
        self.case_dropped.emit(*target)
        return True

    def _drop_target(
        self, data: QMimeData, row: int, parent: QModelIndex | QPersistentModelIndex
    ) -> tuple[int, int] | None:
        """(case id, crew id) of a drop this model takes: a case on a crew row (never between rows) of the
        case's owner unit. Another unit's crew is refused while dragging: the dispatch form offers only the
        owner unit's crews, and would quietly preselect one the lead did not drop on."""
        if not self.can_dispatch or not data.hasFormat(CASE_ID_MIME):
            return None
        target = parent.row() if parent.isValid() else row
        if not 0 <= target < len(self._ids):
            return None
        try:
            case_id = int(bytes(data.data(CASE_ID_MIME).data()).decode("ascii"))
        except ValueError:
            return None
        crew_id = self._ids[target]
        case, crew = self._store.cases.get(case_id), self._store.crews.get(crew_id)
        if case is not None and crew is not None and crew.unit_code != case.owner_unit_code:
            return None
        return case_id, crew_id

    # --- what the board asks --------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def suggested_crew_id(self) -> int | None:
        return self._suggested

    def candidate(self, crew_id: int) -> Candidate | None:
        return self._ranking.get(crew_id)

    def crew_id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, crew_id: int) -> int | None:
        try:
            return self._ids.index(crew_id)
        except ValueError:
            return None

    def set_case(self, case_id: int | None) -> None:
        """The case the lead is looking at: its unit's crews first, the suggested one highlighted."""
        self._case_id = case_id
        self._relayout()

    def tick(self) -> None:
        """Once a second: times tick; staleness and duty (and so the suggestion) follow the clock."""
        if not self._ids:
            return
        if self._case_id is not None:
            self._relayout()
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    # --- keeping up with the store --------------------------------------------------------------------

    def _on_crews(self, crew_ids: frozenset[int]) -> None:
        if set(self._store.crews) != set(self._ids):
            self.beginResetModel()  # a crew created (rare): rebuild
            self._rank()
            self._ids = self._ordered()
            self.endResetModel()
            return
        self._relayout()
        for crew_id in crew_ids:
            row = self.row_of(crew_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _on_cases(self, change: StoreChange) -> None:
        touched = change.inserted | change.updated | change.removed
        if self._case_id in touched:
            self._relayout()  # the selected case moved, changed unit or closed
        busy = [row for row, crew_id in enumerate(self._ids) if self._current_case(crew_id) in touched]
        for row in busy:
            index = self.index(row, COL["case"])
            self.dataChanged.emit(index, index)

    def _current_case(self, crew_id: int) -> int | None:
        crew = self._store.crews.get(crew_id)
        return crew.current_case_id if crew else None

    def _rank(self) -> None:
        case = self._store.cases.get(self._case_id) if self._case_id is not None else None
        if case is None:
            self._ranking, self._suggested = {}, None
            return
        ranked = rank_crews(case, self._store.crews.values(), self.now())
        self._ranking = {c.crew.id: c for c in ranked}
        self._suggested = ranked[0].crew.id if ranked and ranked[0].suggestible and case.is_open else None

    def _ordered(self) -> list[int]:
        crews = self._store.crews
        ranked = [crew_id for crew_id in self._ranking if crew_id in crews]
        others = (c for c in crews.values() if c.id not in self._ranking)
        rest = sorted(others, key=lambda c: (c.unit_code, c.name, c.id))
        return ranked + [c.id for c in rest]

    def _relayout(self) -> None:
        before_suggested = self._suggested
        self._rank()
        order = self._ordered()
        if order == self._ids:
            if before_suggested != self._suggested and self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.crew_id_at(index.row()) for index in old]
        self._ids = order
        position = {crew_id: row for row, crew_id in enumerate(order)}
        new = [
            self.index(position[crew_id], index.column()) if crew_id in position else QModelIndex()
            for index, crew_id in zip(old, old_ids, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # --- texts ----------------------------------------------------------------------------------------

    def _display(self, crew: Crew, column: int) -> str:
        now = self.now()
        if column == COL["crew"]:
            return (SUGGESTED_MARK if crew.id == self._suggested else "") + crew.name
        if column == COL["unit"]:
            return name_of(self._store.reference.units.get(crew.unit_code), crew.unit_code)
        if column == COL["status"]:
            return crew_status_label(crew.status)
        if column == COL["case"]:
            if crew.current_case_id is None:
                return ""
            case = self._store.cases.get(crew.current_case_id)
            return case.tracking_number if case else f"#{crew.current_case_id}"
        if column == COL["in_status"]:
            changed = crew.status_changed_at
            return format_duration((now - changed).total_seconds()) if changed else ""
        if column == COL["position"]:
            if crew.position_at is None:
                return self.tr("no position")
            age = format_duration(max(0.0, (now - crew.position_at).total_seconds()))
            return age + (" ⚠" if position_is_stale(crew, now) else "")
        if column == COL["duty"]:
            return self._duty(crew, now)
        if column == COL["distance"]:
            candidate = self._ranking.get(crew.id)
            return format_distance(candidate.distance_m) if candidate else ""
        return ""

    def _duty(self, crew: Crew, now: datetime) -> str:
        if on_duty_now(crew, now):
            ends = crew.shift_ends_at if crew.shift_ends_at and crew.shift_ends_at > now else None
            if ends is None:
                return self.tr("on duty")
            return self.tr("on duty until %1").replace("%1", _short_time(ends, now))
        if crew.next_shift_at is not None:
            return self.tr("next shift %1").replace("%1", _short_time(crew.next_shift_at, now))
        return self.tr("no shift this week")

    def _tooltip(self, crew: Crew, column: int, suggested: bool) -> str:
        lines = []
        if suggested:
            case = self._store.cases.get(self._case_id or -1)
            lines.append(
                self.tr("Suggested for %1: the nearest available crew on duty").replace(
                    "%1", case.tracking_number if case else ""
                )
            )
        if column == COL["crew"]:
            members = ", ".join(m.full_name for m in crew.members) or self.tr("no members")
            lines.append(self.tr("Members: %1").replace("%1", members))
        elif column == COL["position"]:
            if crew.position_at is not None:
                lines.append(self.tr("Last position: %1").replace("%1", local_time(crew.position_at)))
            if position_is_stale(crew, self.now()):
                lines.append(self.tr("Stale: no position for more than 10 minutes"))
        elif column == COL["duty"] and crew.next_shift_at is not None:
            lines.append(self.tr("Next shift: %1").replace("%1", local_time(crew.next_shift_at)))
        return "\n".join(lines)

    def _header_labels(self) -> list[str]:
        return [
            self.tr("Crew"),
            self.tr("Unit"),
            self.tr("Status"),
            self.tr("Case"),
            self.tr("In status"),
            self.tr("Position age"),
            self.tr("Duty"),
            self.tr("Distance"),
        ]


def _short_time(moment: datetime, now: datetime) -> str:
    """ "20:00" today, "Thu 08:00" within a week (weekday in the interface language), else the date."""
    local, today = moment.astimezone(SOFIA), now.astimezone(SOFIA)
    if local.date() == today.date():
        return local.strftime("%H:%M")
    days = (local.date() - today.date()).days
    if 0 < days < 7:
        from PySide6.QtCore import QLocale

        weekday = QLocale().dayName(local.isoweekday(), QLocale.FormatType.ShortFormat)
        return f"{weekday} {local.strftime('%H:%M')}"
    return local.strftime("%d.%m %H:%M")
