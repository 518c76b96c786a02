"""Settings: the interface language, the server and the map's tile source (all take effect at the next
start)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dispatcher.settings import OSM_TILE_URL
from ui.settings_store import load_settings, save_settings


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._settings = load_settings()
        self.language = QComboBox()
        self.language.addItem("Български", "bg")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(self._settings.language), 0))
        self.language.setAccessibleName(self.tr("Language"))
        self.server = QLineEdit(self._settings.server_url or "")
        self.server.setPlaceholderText(self.tr("empty: embedded demo server"))
        self.server.setAccessibleName(self.tr("Server"))
        self.map_tiles = QLineEdit(self._settings.map_tile_url)
        self.map_tiles.setPlaceholderText(self.tr("empty: no tiles, districts on a plain background"))
        self.map_tiles.setToolTip(
            self.tr("A {z}/{x}/{y} tile URL, e.g. the municipal tile server. Default: %1").replace(
                "%1", OSM_TILE_URL
            )
        )
        self.map_tiles.setAccessibleName(self.tr("Map tiles"))
        self.map_attribution = QLineEdit(self._settings.map_tile_attribution)
        self.map_attribution.setAccessibleName(self.tr("Map tile attribution"))
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Map tiles"), self.map_tiles)
        form.addRow(self.tr("Map tile attribution"), self.map_attribution)
        note = QLabel(self.tr("Changes take effect the next time the console starts."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _save(self) -> None:
        self._settings.language = self.language.currentData()
        self._settings.server_url = self.server.text().strip() or None
        self._settings.map_tile_url = self.map_tiles.text().strip()
        self._settings.map_tile_attribution = self.map_attribution.text().strip()
        save_settings(self._settings)
        self.accept()
