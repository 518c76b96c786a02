"""Settings: the interface language and the server (both take effect at the next start)."""

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
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Server"), self.server)
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
        save_settings(self._settings)
        self.accept()
