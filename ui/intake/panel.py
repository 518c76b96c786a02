"""The phone-intake panel: the operator files a caller's report while the caller is on the line.

Keyboard first. The fields in their natural tab order: caller number, name, email, anonymous, category,
location, description, photos, "send the tracking number by SMS / email". Enter in a field moves on to the
next field the report needs (the number → the category → the location → the description); Enter in the
category or location search takes the highlighted match; Ctrl+Enter files the report from anywhere;
Ctrl+D adds the call to the highlighted possible duplicate instead.

While the operator types, the panel looks up the caller's earlier cases (once the number is complete),
category suggestions from the description (server), places (server gazetteer) and possible duplicates
(open cases of the same category nearby). Every answer is checked against what is in the form *now*, so a
slow answer never overwrites a newer one.

Filing goes through the outbox (``dispatcher.outbox.submit``): the report is on disk before any network
call, so a server that is down loses nothing. The form is saved as a draft every few seconds, so a crash
loses nothing either.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dispatcher.client import CentralClient
from dispatcher.drafts import DraftStore
from dispatcher.errors import ApiError, UnreachableError, ValidationError
from dispatcher.intake import DRAFT_NAME, CategoryMatcher, IntakeForm, check_phone, form_field, format_phone
from dispatcher.outbox import Outbox, OutboxItem, submit
from dispatcher.store import Store
from ui.async_tools import spawn
from ui.errors import describe
from ui.intake.case_list import CaseList
from ui.intake.result import ResultView
from ui.intake.search_field import SearchField
from ui.labels import name_of, status_label
from ui.timefmt import local_time

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000
DUPLICATE_RADIUS_M = 150
SUGGEST_AFTER_MS = 600  # a pause in typing the description
PHOTO_FILTER = "*.jpg *.jpeg *.png *.webp *.heic *.JPG *.JPEG *.PNG"
WARNING_STYLE = "QLabel { color: #c62828; }"
NOTE_STYLE = "QLabel { color: #555; }"


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(WARNING_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class IntakePanel(QWidget):
    open_case_requested = Signal(int)
    """Show this case in the case view (from the caller's history or the duplicates)."""
    pick_on_map_requested = Signal()
    """The operator wants to click the location on the map; answer with :meth:`set_location_from_map`."""
    filed = Signal(str)
    """A report was filed or queued, or a call was added to a case (a line for the status bar)."""

    def __init__(
        self,
        client: CentralClient,
        store: Store,
        outbox: Outbox,
        drafts: DraftStore,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("IntakePanel")
        self._client = client
        self._store = store
        self._outbox = outbox
        self._drafts = drafts
        self._matcher = CategoryMatcher(store.reference.categories)
        self.form = IntakeForm()
        self._dirty = False
        self._busy = False  # filing or following right now: no second submit
        self._searches: dict[str, int] = {}  # kind → number of the latest request (older answers dropped)
        self._history_for: str | None = None
        self._server_suggestions: list[int] = []
        self._editing_key: str | None = None  # the refused outbox item the form was loaded from
        self._build()
        self._autosave = QTimer(self, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self._save_draft)
        self._autosave.start()
        self._suggest_timer = QTimer(self, singleShot=True, interval=SUGGEST_AFTER_MS)
        self._suggest_timer.timeout.connect(lambda: spawn(self._suggest_categories()))

    # --- building ----------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.draft_banner = self._build_draft_banner()

        self.phone = QLineEdit()
        self.phone.setAccessibleName(self.tr("Caller's phone number"))
        self.phone.setPlaceholderText("0888 123 456")
        self.phone_note = QLabel()
        self.phone_note.setTextFormat(Qt.TextFormat.PlainText)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Caller's name"))
        self.email = QLineEdit()
        self.email.setAccessibleName(self.tr("Caller's email"))
        self.anonymous = QCheckBox(self.tr("Anon&ymous report"))
        self.anonymous.setAccessibleName(self.tr("Anonymous report"))

        self.category = SearchField(self.tr("Category"), debounce_ms=0)
        self.category.edit.setPlaceholderText(self.tr("дупка, клон, кола на тротоара…"))
        self.category_note = QLabel()
        self.category_note.setTextFormat(Qt.TextFormat.PlainText)
        self.category_note.setWordWrap(True)

        self.location = SearchField(self.tr("Location"), debounce_ms=250)
        self.location.edit.setPlaceholderText(self.tr("Address, place or coordinates (42.69, 23.32)"))
        self.pick_button = QPushButton(self.tr("Pick on map (Ctrl+M)"))
        self.pick_button.setToolTip(self.tr("Click the place on the map; Esc cancels"))
        self.pick_button.clicked.connect(self.pick_on_map_requested)
        self.location_note = QLabel()
        self.location_note.setTextFormat(Qt.TextFormat.PlainText)
        self.location_note.setWordWrap(True)

        self.description = QPlainTextEdit()
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(self.tr("What the caller reports, in their words"))
        self.description.setMinimumHeight(90)

        self.add_photos = QPushButton(self.tr("Add ph&otos…"))
        self.photos = QListWidget()
        self.photos.setAccessibleName(self.tr("Photos (Delete removes one)"))
        self.photos.setMaximumHeight(60)
        self.photos.hide()
        self.add_photos.clicked.connect(self._choose_photos)
        QShortcut(QKeySequence.StandardKey.Delete, self.photos, activated=self._remove_photo)

        self.notify_sms = QCheckBox(self.tr("Send the tracking number by &SMS"))
        self.notify_email = QCheckBox(self.tr("… and by e&mail"))
        self.submit_button = QPushButton(self.tr("File the report (Ctrl+Enter)"))
        self.submit_button.setDefault(False)
        self.submit_button.setAutoDefault(False)
        self.submit_button.clicked.connect(lambda: spawn(self.submit()))
        self.clear_button = QPushButton(self.tr("New report (Ctrl+N)"))
        self.clear_button.clicked.connect(self.new_report)
        self.general_error = _error_label()
        self.field_errors: dict[str, QLabel] = {
            name: _error_label()
            for name in (
                "reporter.phone",
                "reporter.name",
                "reporter.email",
                "category_id",
                "address",
                "description",
                "photos",
                "notify",
            )
        }

        self.history = CaseList(
            self.tr("Earlier cases of this caller (Enter adds the call, Space opens)"),
            [self.tr("Number"), self.tr("Status"), self.tr("Category"), self.tr("Address"), self.tr("Filed")],
        )
        self.duplicates = CaseList(
            self.tr("Possible duplicates nearby (Ctrl+D adds the call to the highlighted one)"),
            [
                self.tr("Number"),
                self.tr("Distance"),
                self.tr("Status"),
                self.tr("Address"),
                self.tr("Description"),
            ],
        )
        self.result = ResultView()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(form, self.tr("&Phone"), self.phone, self.phone_note, self.field_errors["reporter.phone"])
        form.addRow(self.history)  # right under the number it belongs to
        self._row(form, self.tr("N&ame"), self.name, self.field_errors["reporter.name"])
        self._row(form, self.tr("&Email"), self.email, self.field_errors["reporter.email"])
        form.addRow("", self.anonymous)
        self._row(
            form, self.tr("&Category"), self.category, self.category_note, self.field_errors["category_id"]
        )
        location_row = QHBoxLayout()
        location_row.addWidget(self.location, 1)
        location_row.addWidget(self.pick_button, 0, Qt.AlignmentFlag.AlignTop)
        location_box = QWidget()
        location_box.setLayout(location_row)
        location_row.setContentsMargins(0, 0, 0, 0)
        location_box.setFocusProxy(self.location)
        self._row(form, self.tr("&Location"), location_box, self.location_note, self.field_errors["address"])
        self._row(form, self.tr("&Description"), self.description, self.field_errors["description"])
        form.addRow(self.duplicates)  # under the facts that find them (category, place)
        photos_box = QVBoxLayout()
        photos_box.addWidget(self.add_photos, 0, Qt.AlignmentFlag.AlignLeft)
        photos_box.addWidget(self.photos)
        photos_box.addWidget(self.field_errors["photos"])
        form.addRow(self.tr("Photos"), photos_box)
        notify_box = QHBoxLayout()
        notify_box.addWidget(self.notify_sms)
        notify_box.addWidget(self.notify_email)
        notify_box.addStretch(1)
        form.addRow(self.tr("Notify"), notify_box)
        form.addRow("", self.field_errors["notify"])
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)

        # One column (the dock is often narrow): what to read out on top, then the form.
        column = QVBoxLayout()
        column.addWidget(self.draft_banner)
        column.addWidget(self.result)
        column.addLayout(form)
        column.addWidget(self.general_error)
        column.addLayout(buttons)
        column.addStretch(1)
        inner = QWidget()
        inner.setLayout(column)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        # Natural tab order: top to bottom, the lists after the form.
        order = [
            self.phone,
            self.name,
            self.email,
            self.anonymous,
            self.category.edit,
            self.location.edit,
            self.pick_button,
            self.description,
            self.add_photos,
            self.photos,
            self.notify_sms,
            self.notify_email,
            self.submit_button,
            self.clear_button,
            self.history.tree,
            self.duplicates.tree,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

        self._connect()

    def _row(self, form: QFormLayout, label: str, field: QWidget, *notes: QWidget) -> None:
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(field)
        for note in notes:
            box.addWidget(note)
        caption = QLabel(label)
        caption.setBuddy(field)  # Alt+letter focuses the field
        form.addRow(caption, box)

    def _build_draft_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("DraftBanner")
        banner.setStyleSheet("QFrame#DraftBanner { background: #fff8e1; border: 1px solid #ffb300; }")
        self.draft_text = QLabel()
        self.draft_text.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("&Restore it"))
        self.restore_button.clicked.connect(lambda: spawn(self.restore_draft()))
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.clicked.connect(lambda: spawn(self.discard_draft()))
        row = QHBoxLayout(banner)
        row.addWidget(self.draft_text, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        banner.hide()
        return banner

    def _connect(self) -> None:
        self.phone.textChanged.connect(self._phone_changed)
        self.phone.returnPressed.connect(self.category.setFocus)
        for field in (self.name, self.email):
            field.textChanged.connect(self._changed)
            field.returnPressed.connect(self.category.setFocus)
        self.email.textChanged.connect(self._update_notify)
        self.anonymous.toggled.connect(self._anonymous_toggled)
        self.category.query_changed.connect(self._search_categories)
        self.category.edit.textEdited.connect(self._category_edited)
        self.category.chosen.connect(self._category_chosen)
        self.category.submitted_without_match.connect(lambda _text: self.location.setFocus())
        self.location.query_changed.connect(lambda text: spawn(self._search_places(text)))
        self.location.edit.textEdited.connect(self._location_edited)
        self.location.chosen.connect(self._place_chosen)
        self.location.submitted_without_match.connect(self._address_typed)
        self.description.textChanged.connect(self._description_changed)
        self.notify_sms.toggled.connect(self._changed)
        self.notify_email.toggled.connect(self._changed)
        self.history.follow_requested.connect(lambda case_id: spawn(self.follow(case_id)))
        self.history.open_requested.connect(self.open_case_requested)
        self.duplicates.follow_requested.connect(lambda case_id: spawn(self.follow(case_id)))
        self.duplicates.open_requested.connect(self.open_case_requested)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=lambda: spawn(self.submit()), context=context)
        QShortcut(QKeySequence("Ctrl+D"), self, activated=self._follow_top_duplicate, context=context)
        QShortcut(QKeySequence("Ctrl+M"), self, activated=self.pick_on_map_requested.emit, context=context)
        self._update_notify()

    # --- the operator's keys and fields ------------------------------------------------------------------

    def start(self) -> None:
        """Ctrl+N / F2: the panel is shown; the cursor goes to the caller's number (or where it was)."""
        if self.form.empty and not self.phone.text() or not self.isAncestorOf(self.focusWidget()):
            self.phone.setFocus()

    def _changed(self, *_args: object) -> None:
        self._dirty = True
        self.general_error.hide()

    def _phone_changed(self, text: str) -> None:
        self._changed()
        self.field_errors["reporter.phone"].hide()
        phone = check_phone(text)
        if phone.valid:
            assert phone.e164 is not None
            self.phone_note.setText("✓ " + format_phone(phone.e164))
            self.phone_note.setStyleSheet("QLabel { color: #2e7d32; }")
            if phone.e164 != self._history_for:
                self._history_for = phone.e164
                spawn(self._load_history(phone.e164))
        else:
            if phone.invalid:
                self.phone_note.setText(
                    self.tr("⚠ This does not look like a valid number; check it with the caller.")
                )
                self.phone_note.setStyleSheet("QLabel { color: #ef6c00; }")
            else:
                self.phone_note.setText("")
            self._history_for = None
            self.history.set_rows([])
        self._update_notify()

    def _anonymous_toggled(self, anonymous: bool) -> None:
        self._changed()
        for field in (self.phone, self.name, self.email):
            field.setEnabled(not anonymous)
        self._update_notify()

    def _update_notify(self, *_args: object) -> None:
        anonymous = self.anonymous.isChecked()
        can_sms = not anonymous and check_phone(self.phone.text()).valid
        can_email = not anonymous and "@" in self.email.text()
        self.notify_sms.setEnabled(can_sms)
        self.notify_email.setEnabled(can_email)
        if not can_sms:
            self.notify_sms.setChecked(False)
        if not can_email:
            self.notify_email.setChecked(False)

    def _search_categories(self, text: str) -> None:
        reference = self._store.reference
        rows: list[tuple[str, Any]] = []
        if text.strip():
            for hit in self._matcher.search(text):
                name = name_of(reference.categories.get(hit.category_id))
                shown = (
                    name
                    if hit.matched in (name, reference.categories[hit.category_id].name_bg)
                    else (f"{name}  ({hit.matched})")
                )
                rows.append((shown, hit.category_id))
        else:
            rows = self._suggestion_rows()
        self.category.set_matches(rows)

    def _suggestion_rows(self) -> list[tuple[str, Any]]:
        categories = self._store.reference.categories
        return [
            (self.tr("%1  (from the description)").replace("%1", name_of(categories[i])), i)
            for i in self._server_suggestions
            if i in categories
        ]

    def _category_edited(self, _text: str) -> None:
        self._changed()
        self.field_errors["category_id"].hide()
        if self.form.category_id is not None:
            self.form.category_id = None  # typing again means choosing again
            self.category_note.setText("")
            self.duplicates.set_rows([])

    def _category_chosen(self, category_id: int) -> None:
        self._set_category(category_id)
        self.location.setFocus()

    def _set_category(self, category_id: int | None) -> None:
        self._changed()
        self.form.category_id = category_id
        category = self._store.reference.categories.get(category_id) if category_id is not None else None
        if category is None:
            self.category_note.setText("")
            return
        self.category.set_text(name_of(category))
        self.category_note.setText("✓ " + name_of(category) + f"  · {category.group}")
        self.category_note.setStyleSheet("QLabel { color: #2e7d32; }")
        self.field_errors["category_id"].hide()
        spawn(self._find_duplicates())

    async def _search_places(self, text: str) -> None:
        number = self._next("places")
        if len(text.strip()) < 2:
            self.location.busy = False
            self.location.set_matches([])
            return
        self.location.busy = True
        try:
            places = await self._client.geocode(text, limit=8)
        except ApiError as error:
            if self._latest("places", number):
                self.location_note.setText(
                    self.tr("Address search is not available (%1); the address is kept as typed.").replace(
                        "%1", describe(error)
                    )
                )
                self.location_note.setStyleSheet(NOTE_STYLE)
                self.location.search_done()
            return
        if not self._latest("places", number):
            return
        self.location.busy = False
        self.location.set_matches([(self._place_text(place), place) for place in places])
        if not places:
            self.location_note.setText(
                self.tr("No such place in Sofia's gazetteer; Enter keeps the address.")
            )
            self.location_note.setStyleSheet(NOTE_STYLE)

    def _place_text(self, place: dict[str, Any]) -> str:
        district = self._store.reference.districts.get(place.get("district_code") or "")
        where = name_of(district) if district is not None else ""
        if place.get("outside_sofia"):
            where = self.tr("outside Sofia")
        return f"{place['label']}  · {where}" if where else str(place["label"])

    def _location_edited(self, _text: str) -> None:
        self._changed()
        self.field_errors["address"].hide()
        if self.form.lat is not None:  # the typed text no longer is the chosen place
            self.form.lat = self.form.lon = None
            self.form.district_code = None
            self.form.outside_sofia = False
            self.duplicates.set_rows([])
        self.location_note.setText("")

    def _place_chosen(self, place: dict[str, Any]) -> None:
        self._set_place(
            str(place.get("label", "")),
            float(place["lat"]),
            float(place["lon"]),
            place.get("district_code"),
            bool(place.get("outside_sofia")),
        )
        self.description.setFocus()

    def _set_place(
        self, address: str, lat: float, lon: float, district_code: str | None, outside: bool
    ) -> None:
        self._changed()
        self.form.address = address
        self.form.lat, self.form.lon = lat, lon
        self.form.district_code = district_code
        self.form.outside_sofia = outside
        self.location.set_text(address)
        self._show_place_note()
        spawn(self._find_duplicates())

    def _show_place_note(self) -> None:
        form = self.form
        if form.lat is None or form.lon is None:
            self.location_note.setText(
                self.tr("No map point: the case goes to triage for a place.") if form.address else ""
            )
            self.location_note.setStyleSheet(NOTE_STYLE)
            return
        if form.outside_sofia:
            self.location_note.setText(
                self.tr("⚠ This point is outside Sofia Municipality: the case goes to triage.")
            )
            self.location_note.setStyleSheet("QLabel { color: #ef6c00; font-weight: bold; }")
            return
        district = self._store.reference.districts.get(form.district_code or "")
        self.location_note.setText(
            "✓ "
            + self.tr("District %1").replace("%1", name_of(district, form.district_code or "?"))
            + f"  ({form.lat:.5f}, {form.lon:.5f})"
        )
        self.location_note.setStyleSheet("QLabel { color: #2e7d32; }")

    def _address_typed(self, text: str) -> None:
        """Enter with no match: keep the address as the caller said it (no point; triage places it)."""
        self._changed()
        self.form.address = text.strip()
        self.form.lat = self.form.lon = None
        self.form.district_code = None
        self.form.outside_sofia = False
        self._show_place_note()
        self.description.setFocus()

    def set_location_from_map(self, lat: float, lon: float) -> None:
        """The map's "pick" answer: the point, then its district (and nearest address) from the server."""
        spawn(self._locate_point(lat, lon))

    async def _locate_point(self, lat: float, lon: float) -> None:
        self._set_place(self.location.text() or f"{lat:.6f}, {lon:.6f}", lat, lon, None, False)
        try:
            places = await self._client.geocode(f"{lat:.6f}, {lon:.6f}", limit=1)
        except ApiError as error:
            self.location_note.setText(
                self.tr("The district will be set by the server (%1).").replace("%1", describe(error))
            )
            return
        if places and self.form.lat == lat and self.form.lon == lon:
            place = places[0]
            self.form.district_code = place.get("district_code")
            self.form.outside_sofia = bool(place.get("outside_sofia"))
            self._show_place_note()
        self.description.setFocus()

    def _description_changed(self) -> None:
        self._changed()
        self.field_errors["description"].hide()
        self._suggest_timer.start()

    async def _suggest_categories(self) -> None:
        text = self.description.toPlainText().strip()
        number = self._next("suggest")
        if len(text) < 3:
            return
        try:
            suggestions = await self._client.suggest_categories(text, limit=3)
        except ApiError:
            return  # a hint, not a need: the type-ahead works without it
        if not self._latest("suggest", number):
            return
        self._server_suggestions = [s.code for s in suggestions]
        if self.form.category_id is None:
            rows = self._suggestion_rows()
            if rows:
                self.category_note.setText(
                    self.tr("Suggested: %1 — Enter in Category takes it").replace("%1", rows[0][0])
                )
                self.category_note.setStyleSheet(NOTE_STYLE)
            if not self.category.text().strip():
                self.category.set_matches(rows)

    def _choose_photos(self) -> None:
        dialog = QFileDialog(self, self.tr("Photos from the caller"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr("Images (%1)").replace("%1", PHOTO_FILTER))
        dialog.filesSelected.connect(self.add_photo_files)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # never exec() under qasync

    def add_photo_files(self, paths: list[str]) -> None:
        for path in paths:
            if path not in self.form.photos:
                self.form.photos.append(path)
                self.photos.addItem(Path(path).name)
        self.photos.setVisible(bool(self.form.photos))
        self.field_errors["photos"].hide()
        self._changed()
        if self.form.lat is None:
            spawn(self._position_from_photos(list(paths)))

    async def _position_from_photos(self, paths: list[str]) -> None:
        """A photo taken on the spot may carry its GPS position: the server reads it (and strips the rest
        of the metadata). Only a form without a point takes it, and the operator sees where it came from."""
        for path in paths:
            try:
                attachment = await self._client.upload_attachment(
                    Path(path).read_bytes(), Path(path).name, _content_type(path)
                )
            except (ApiError, OSError) as error:
                log.info("photo %s not uploaded for its position: %s", path, error)
                return
            if attachment.gps is not None and self.form.lat is None:
                lat, lon = attachment.gps
                await self._locate_point(lat, lon)
                self.location_note.setText(
                    self.location_note.text() + "  " + self.tr("(from the photo's GPS position)")
                )
                return

    def _remove_photo(self) -> None:
        row = self.photos.currentRow()
        if row >= 0:
            self.photos.takeItem(row)
            del self.form.photos[row]
            self.photos.setVisible(bool(self.form.photos))
            self._changed()

    # --- looking things up ---------------------------------------------------------------------------

    def _next(self, kind: str) -> int:
        self._searches[kind] = self._searches.get(kind, 0) + 1
        return self._searches[kind]

    def _latest(self, kind: str, number: int) -> bool:
        return self._searches.get(kind) == number

    async def _load_history(self, e164: str) -> None:
        number = self._next("history")
        try:
            cases = await self._client.caller_history(e164)
        except ApiError as error:
            log.info("caller history not available: %s", error)
            return
        if not self._latest("history", number) or self._history_for != e164:
            return
        categories = self._store.reference.categories
        rows = [
            (
                int(case["id"]),
                [
                    case["tracking_number"],
                    status_label(case["status"]),
                    name_of(categories.get(case["category_id"])),
                    case.get("address") or "",
                    local_time(_parse_time(case.get("created_at"))),
                ],
            )
            for case in cases
        ]
        self.history.set_rows(rows)

    async def _find_duplicates(self) -> None:
        form = self.form
        number = self._next("duplicates")
        if form.category_id is None or form.lat is None or form.lon is None:
            self.duplicates.set_rows([])
            return
        try:
            nearby = await self._client.nearby(
                form.lat, form.lon, category=form.category_id, radius_m=DUPLICATE_RADIUS_M
            )
        except ApiError as error:
            log.info("duplicates not available: %s", error)
            return
        if not self._latest("duplicates", number):
            return
        self.duplicates.set_rows(
            [
                (
                    case.id,
                    [
                        case.tracking_number,
                        self.tr("%1 m").replace("%1", str(round(distance))),
                        status_label(case.status),
                        case.address,
                        case.description[:120],
                    ],
                )
                for case, distance in nearby
            ]
        )

    # --- filing --------------------------------------------------------------------------------------

    def collect(self) -> IntakeForm:
        """The form as the fields show it now."""
        form = self.form
        form.phone = self.phone.text()
        form.name = self.name.text()
        form.email = self.email.text()
        form.anonymous = self.anonymous.isChecked()
        form.category_text = self.category.text()
        if form.lat is None:
            form.address = self.location.text()
        form.description = self.description.toPlainText()
        form.notify_sms = self.notify_sms.isChecked()
        form.notify_email = self.notify_email.isChecked()
        return form

    async def submit(self) -> None:
        """Ctrl+Enter: file the report (into the outbox first, then to the server)."""
        if self._busy:
            return
        form = self.collect()
        errors = form.validate()
        if errors:
            self._show_errors(errors, local=True)
            return
        self._set_busy(True)
        try:
            result = await submit(
                self._outbox,
                self._client,
                form.body(),
                files=[Path(p) for p in form.photos],
                store=self._store,
            )
        except OSError as error:  # a photo vanished before the outbox could copy it
            self._show_errors({"photos": str(error)}, local=False)
            return
        except Exception as error:
            log.exception("filing the report failed")
            self.general_error.setText(describe(error))
            self.general_error.show()
            return
        finally:
            self._set_busy(False)
        if result.failed:
            # The server refused the report itself: the form still has everything; fix and file again.
            await self._outbox.aremove(result.item.idempotency_key)
            errors = {(form_field(name) or ""): message for name, message in result.field_errors.items()}
            if not errors and result.error is not None:
                errors[""] = describe(result.error)
            self._show_errors(errors, local=False)
            return
        await self._finished_editing_outbox_item()
        if result.delivered and result.case is not None:
            self.result.show_case(result.case, self._store.reference)
            self.filed.emit(self.tr("Filed %1").replace("%1", result.case.tracking_number))
        else:
            reason = describe(result.error) if result.error is not None else ""
            self.result.show_queued(result.item.idempotency_key, reason)
            self.filed.emit(self.tr("The report is queued and will be sent when the server is back"))
        await self._clear_form()
        self.phone.setFocus()

    def outbox_delivered(self, key: str, case: Any) -> None:
        """The outbox sender delivered a queued report: if its "pending" result is still shown, replace it
        with the tracking number."""
        if self.result.queued_key == key:
            self.result.show_case(case, self._store.reference)

    def _follow_top_duplicate(self) -> None:
        if self.history.tree.hasFocus() and self.history.count():
            case_id = self.history.current_case_id()
        else:
            case_id = self.duplicates.current_case_id()
        if case_id is not None:
            spawn(self.follow(case_id))

    async def follow(self, case_id: int) -> None:
        """Add this call to an existing case: the caller becomes a follower, with an internal note."""
        if self._busy:
            return
        form = self.collect()
        phone = check_phone(form.phone)
        self._set_busy(True)
        try:
            case = await self._client.follow_case(
                case_id,
                name="" if form.anonymous else form.name.strip(),
                phone="" if form.anonymous else (phone.e164 or form.phone.strip()),
                email="" if form.anonymous else form.email.strip(),
                note=form.description.strip(),
                idempotency_key=str(uuid.uuid4()),
            )
        except ValidationError as error:
            self._show_errors(
                {(form_field(k) or ""): v for k, v in error.field_errors.items()} or {"": describe(error)},
                local=False,
            )
            return
        except ApiError as error:
            message = describe(error)
            if isinstance(error, UnreachableError):
                message = self.tr(
                    "The server cannot be reached, so the call cannot be added to a case now. File it as a "
                    "new report (Ctrl+Enter): it is kept and sent later."
                )
            self.general_error.setText(message)
            self.general_error.show()
            return
        finally:
            self._set_busy(False)
        self._store.upsert(case)
        self.result.show_case(case, self._store.reference, followed=True)
        self.filed.emit(self.tr("The call was added to %1").replace("%1", case.tracking_number))
        await self._finished_editing_outbox_item()
        await self._clear_form()
        self.phone.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)

    def _show_errors(self, errors: dict[str, str], *, local: bool) -> None:
        """Messages at their fields; the first field with a problem gets the cursor."""
        for label in self.field_errors.values():
            label.hide()
        self.general_error.hide()
        focus_order = {
            "reporter.phone": self.phone,
            "reporter.name": self.name,
            "reporter.email": self.email,
            "category_id": self.category,
            "address": self.location,
            "description": self.description,
            "photos": self.add_photos,
            "notify": self.notify_sms,
        }
        first: QWidget | None = None
        general = []
        for name, message in errors.items():
            text = self._translated_error(name, message) if local else message
            label = self.field_errors.get(name)
            if label is None:
                general.append(text)
                continue
            label.setText(text)
            label.show()
        for name, widget in focus_order.items():
            if name in errors:
                first = widget
                break
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first is not None:
            first.setFocus()

    def _translated_error(self, name: str, message: str) -> str:
        known = {
            "category_id": self.tr("Choose a category (type a word, Enter takes the top match)."),
            "description": self.tr("Describe the problem in the caller's words."),
            "reporter.email": self.tr("This is not an email address."),
        }
        if name == "notify":
            return (
                self.tr("An SMS needs a valid phone number.")
                if "SMS" in message
                else self.tr("An email needs the caller's email address.")
            )
        if name == "photos":
            return self.tr("A photo is no longer there: remove it or add it again.")
        if message.startswith("At most"):
            return self.tr("Too long: %1").replace("%1", message.removeprefix("At most ").rstrip("."))
        return known.get(name, message)

    # --- drafts and a fresh form ---------------------------------------------------------------------

    def new_report(self) -> None:
        """Ctrl+N in the panel: an empty form (the draft of the old one is discarded)."""
        spawn(self._new_report())

    async def _new_report(self) -> None:
        await self._clear_form()
        self.result.hide()
        self.phone.setFocus()

    async def _clear_form(self) -> None:
        self.form = IntakeForm()
        self._server_suggestions = []
        self._history_for = None
        self._editing_key = None
        for name in self._searches:
            self._next(name)  # answers still on their way are for the old form
        self._suggest_timer.stop()
        self._fill(self.form)
        self._dirty = False
        await self._drafts.adiscard(DRAFT_NAME)

    def _fill(self, form: IntakeForm) -> None:
        """Show ``form`` in the fields (a restored draft, a refused report to fix, or an empty form)."""
        self.form = form
        for field, text in ((self.phone, form.phone), (self.name, form.name), (self.email, form.email)):
            field.setText(text)
        self.anonymous.setChecked(form.anonymous)
        category = self._store.reference.categories.get(form.category_id) if form.category_id else None
        self.category.set_text(name_of(category) if category is not None else form.category_text)
        self.category.clear_matches()
        self.category_note.setText("")
        if category is not None:
            self._set_category(category.id)
        self.location.set_text(form.address)
        self.location.clear_matches()
        self._show_place_note()
        self.description.setPlainText(form.description)
        self.photos.clear()
        for path in form.photos:
            self.photos.addItem(Path(path).name)
        self.photos.setVisible(bool(form.photos))
        self._update_notify()
        self.notify_sms.setChecked(form.notify_sms and self.notify_sms.isEnabled())
        self.notify_email.setChecked(form.notify_email and self.notify_email.isEnabled())
        for label in self.field_errors.values():
            label.hide()
        self.general_error.hide()
        if form.empty:
            self.duplicates.set_rows([])
            self.history.set_rows([])

    def _save_draft(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        form = self.collect()
        if form.empty:
            spawn(self._drafts.adiscard(DRAFT_NAME))
        else:
            spawn(self._drafts.asave(DRAFT_NAME, form.to_draft()))

    async def save_draft_now(self) -> None:
        """Save what is typed at once (before the console closes)."""
        form = self.collect()
        if not form.empty:
            await self._drafts.asave(DRAFT_NAME, form.to_draft())
            self._dirty = False

    async def offer_draft(self) -> bool:
        """At start: a draft left by a crash is offered for restoring. True if there is one."""
        data = await self._drafts.aload(DRAFT_NAME)
        if not data:
            return False
        form = IntakeForm.from_draft(data)
        if form.empty:
            await self._drafts.adiscard(DRAFT_NAME)
            return False
        self._pending_draft = form
        saved_at = data.get("saved_at")
        self.draft_text.setText(
            self.tr("An unfinished report from %1 was found (%2). Restore it?")
            .replace("%1", local_time(saved_at) if saved_at else "?")
            .replace("%2", form.description[:60] or form.phone or form.address)
        )
        self.draft_banner.show()
        self.restore_button.setFocus()
        return True

    async def restore_draft(self) -> None:
        form = getattr(self, "_pending_draft", None)
        self.draft_banner.hide()
        if form is None:
            return
        self._pending_draft = None
        self._fill(form)
        self._dirty = True
        self.phone.setFocus()

    async def discard_draft(self) -> None:
        self._pending_draft = None
        self.draft_banner.hide()
        await self._drafts.adiscard(DRAFT_NAME)
        self.phone.setFocus()

    async def edit_outbox_item(self, item: OutboxItem) -> None:
        """Load a refused report from the outbox into the form to fix it; filing it again removes the
        refused one."""
        body = item.body
        reporter = body.get("reporter") or {}
        form = IntakeForm(
            phone=str(reporter.get("phone", "")),
            name=str(reporter.get("name", "")),
            email=str(reporter.get("email", "")),
            anonymous=bool(body.get("anonymous", False)),
            category_id=body.get("category_id") if isinstance(body.get("category_id"), int) else None,
            address=str(body.get("address", "")),
            lat=body.get("lat"),
            lon=body.get("lon"),
            description=str(body.get("description", "")),
            photos=list(item.files),
            notify_sms="sms" in (body.get("notify") or []),
            notify_email="email" in (body.get("notify") or []),
        )
        self.result.hide()
        self._fill(form)
        self._editing_key = item.idempotency_key
        if item.field_errors:
            self._show_errors({(form_field(k) or ""): v for k, v in item.field_errors.items()}, local=False)
        elif item.last_error:
            self._show_errors({"": item.last_error}, local=False)
        self._dirty = True

    async def _finished_editing_outbox_item(self) -> None:
        if self._editing_key is not None:
            await self._outbox.aremove(self._editing_key)
            self._editing_key = None


def _content_type(path: str) -> str:
    import mimetypes

    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def _parse_time(value: object):  # type: ignore[no-untyped-def]
    from datetime import datetime

    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None
