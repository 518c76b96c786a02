"""The case thread: public / internal / crew messages, clearly told apart, and the composer.

Citizen text is data, never markup: every body and name is HTML-escaped before it reaches the
QTextBrowser, which also refuses to load anything remote.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dispatcher.models import Message
from ui.labels import visibility_label
from ui.timefmt import local_time

# Colours per visibility: green the citizen sees; yellow stays inside the municipality; blue is the crew.
VISIBILITY_STYLE = {
    "public": ("#e8f5e9", "#2e7d32"),
    "internal": ("#fff8e1", "#8d6e00"),
    "crew": ("#e3f2fd", "#1565c0"),
}


def render_thread(messages: tuple[Message, ...] | list[Message]) -> str:
    """HTML for the thread; every piece of text from people is escaped."""
    if not messages:
        return (
            "<p style='color:#777'>"
            + html.escape(QCoreApplication.translate("ThreadPanel", "No messages yet."))
            + "</p>"
        )
    parts = []
    for message in messages:
        background, accent = VISIBILITY_STYLE.get(message.visibility, ("#f5f5f5", "#555"))
        author = html.escape(message.author_name or message.author_kind)
        badge = html.escape(visibility_label(message.visibility))
        when = html.escape(local_time(message.created_at))
        body = html.escape(message.body).replace("\n", "<br>")
        parts.append(
            f"<table width='100%' cellspacing='0' cellpadding='6' style='background:{background};"
            f"border-left:4px solid {accent}; margin-bottom:6px'><tr><td>"
            f"<b style='color:{accent}'>[{badge}]</b> <b>{author}</b> <span style='color:#777'>{when}</span>"
            f"<br>{body}</td></tr></table>"
        )
    return "".join(parts)


class ThreadPanel(QWidget):
    post_requested = Signal(str, str)
    """The operator sends a message: (body, visibility)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(self.tr("Case thread"))
        self.visibility = QComboBox()
        self.visibility.setAccessibleName(self.tr("Message visibility"))
        for code in ("internal", "public", "crew"):
            self.visibility.addItem(visibility_label(code), code)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(self.tr("Write a message… (Ctrl+Enter sends)"))
        self.editor.setAccessibleName(self.tr("Message text"))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(70)
        self.send_button = QPushButton(self.tr("Send"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.send_button.clicked.connect(self._send)
        QShortcut(QKeySequence("Ctrl+Return"), self.editor, activated=self._send)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Visible to:")))
        row.addWidget(self.visibility)
        row.addStretch(1)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.editor)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def allow_visibilities(self, allowed: set[str]) -> None:
        """Offer only what the user may post (a responder writes to the crew thread only)."""
        current = self.visibility.currentData()
        self.visibility.clear()
        for code in ("internal", "public", "crew"):
            if code in allowed:
                self.visibility.addItem(visibility_label(code), code)
        index = self.visibility.findData(current)
        self.visibility.setCurrentIndex(max(index, 0))

    def show_messages(self, messages: tuple[Message, ...]) -> None:
        bar = self.browser.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        self.browser.setHtml(render_thread(messages))
        if at_bottom:
            bar.setValue(bar.maximum())

    def _send(self) -> None:
        body = self.editor.toPlainText().strip()
        if not body:
            self.status.setText(self.tr("Write something first."))
            return
        self.send_button.setEnabled(False)
        self.post_requested.emit(body, self.visibility.currentData())

    def sent(self) -> None:
        self.editor.clear()
        self.status.clear()
        self.send_button.setEnabled(True)

    def failed(self, text: str) -> None:
        """Keep what was typed; say why it did not go."""
        self.status.setText(text)
        self.send_button.setEnabled(True)
