"""The queue dock: preset views, a debounced text filter and the table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.queue.model import COLUMNS, PRESETS, TIME_BASED_PRESETS, QueueModel

FILTER_DEBOUNCE_MS = 150
REFILTER_TIME_PRESETS_MS = 30_000


class QueueTable(QTableView):
    """A table where Enter opens the current case."""

    open_requested = Signal(int)
    """Enter (or a double click) on a row: the view row to open."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class QueueWidget(QWidget):
    case_selected = Signal(int)
    """The operator moved the selection to a case (its id)."""
    case_opened = Signal(int)
    """The operator asked to open a case (Enter or double click)."""

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.preset_box = QComboBox()
        self.preset_box.setAccessibleName(self.tr("Queue view"))
        for preset in PRESETS:
            self.preset_box.addItem(self._preset_label(preset), preset)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter: number, address, text, unit… (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Queue filter"))
        self.count_label = QLabel()
        self.table = QueueTable()
        self.table.setModel(model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMNS.index("sla"), Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed row height and column widths: never measure every row (slow at 100k rows).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in zip(COLUMNS, (130, 80, 90, 170, 110, 200, 100, 170, 130, 80, 60), strict=True):
            header.resizeSection(COLUMNS.index(column), width)
        header.setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Case queue"))
        # A row can be dragged onto the crew board (a lead dispatches the case to the crew it is dropped on).
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setDefaultDropAction(Qt.DropAction.CopyAction)

        top = QHBoxLayout()
        top.addWidget(self.preset_box)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)

        self._debounce = QTimer(self, singleShot=True, interval=FILTER_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._apply_filter)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(model.tick)
        self._tick.start()
        self._refilter = QTimer(self, interval=REFILTER_TIME_PRESETS_MS)
        self._refilter.timeout.connect(self._refilter_time_presets)
        self._refilter.start()

        self.filter_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.preset_box.currentIndexChanged.connect(
            lambda _i: model.set_preset(self.preset_box.currentData())
        )
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.open_requested.connect(self._open_row)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
            signal.connect(self._update_count)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_filter)
        for number, preset in enumerate(PRESETS, start=1):
            QShortcut(QKeySequence(f"Alt+{number}"), self, activated=lambda p=preset: self.select_preset(p))
        self._update_count()

    def _preset_label(self, preset: str) -> str:
        return {
            "all_open": self.tr("All open"),
            "new": self.tr("New / untriaged"),
            "my_unit": self.tr("My unit"),
            "assigned_to_me": self.tr("Assigned to me"),
            "due_soon": self.tr("Due soon"),
            "overdue": self.tr("Overdue"),
            "all": self.tr("All loaded"),
        }[preset]

    def select_preset(self, preset: str) -> None:
        self.preset_box.setCurrentIndex(PRESETS.index(preset))

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def select_case(self, case_id: int) -> bool:
        row = self.model.view_row_of(case_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_case_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.case_id_at(index.row()) if index.isValid() else None

    def _apply_filter(self) -> None:
        self.model.set_text_filter(self.filter_edit.text())

    def _refilter_time_presets(self) -> None:
        if self.model.preset in TIME_BASED_PRESETS:
            self.model.refilter()

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            case_id = self.model.case_id_at(indexes[0].row())
            if case_id is not None:
                self.case_selected.emit(case_id)

    def _open_row(self, row: int) -> None:
        case_id = self.model.case_id_at(row)
        if case_id is not None:
            self.case_opened.emit(case_id)

    def _update_count(self, *_args: object) -> None:
        self.count_label.setText(self.tr("%n case(s)", "", self.model.rowCount(QModelIndex())))
