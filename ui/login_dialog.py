"""Log in to a central server: server, user name, password, remember me."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class LoginDialog(QDialog):
    def __init__(
        self,
        server_url: str,
        username: str,
        remember: bool,
        keyring_problem: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Call Sofia — log in"))
        self.server = QLineEdit(server_url)
        self.server.setAccessibleName(self.tr("Server"))
        self.username = QLineEdit(username)
        self.username.setAccessibleName(self.tr("User name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.remember = QCheckBox(self.tr("Remember me on this computer"))
        self.remember.setChecked(remember)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel { color: #b71c1c; }")
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.remember)
        if keyring_problem:
            self.remember.setEnabled(False)
            self.remember.setChecked(False)
            note = QLabel(
                self.tr(
                    "No system keyring is available, so the login is kept for this session only: %1"
                ).replace("%1", keyring_problem)
            )
            note.setWordWrap(True)
            form.addRow("", note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.password.selectAll()
        self.password.setFocus()
