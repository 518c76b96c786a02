"""Saying what changed between the version an operator saw and the current one (after a 412)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from dispatcher.models import Case, Reference
from ui.labels import name_of, priority_label, status_label
from ui.timefmt import local_time

_MARKED = (  # for lupdate: the texts below are translated through t()
    QT_TRANSLATE_NOOP("Changes", "Status"),
    QT_TRANSLATE_NOOP("Changes", "Priority"),
    QT_TRANSLATE_NOOP("Changes", "Owner unit"),
    QT_TRANSLATE_NOOP("Changes", "Assignee"),
    QT_TRANSLATE_NOOP("Changes", "Crew"),
    QT_TRANSLATE_NOOP("Changes", "Category"),
    QT_TRANSLATE_NOOP("Changes", "Deadline"),
    QT_TRANSLATE_NOOP("Changes", "Description or address edited"),
    QT_TRANSLATE_NOOP("Changes", "SLA clock paused"),
    QT_TRANSLATE_NOOP("Changes", "SLA clock resumed"),
    QT_TRANSLATE_NOOP("Changes", "Only its history changed (e.g. a message)."),
)


def what_changed(old: Case, new: Case, reference: Reference) -> str:
    def t(text: str) -> str:
        return QCoreApplication.translate("Changes", text)

    lines = []
    if old.status != new.status:
        lines.append(f"{t('Status')}: {status_label(old.status)} → {status_label(new.status)}")
    if old.priority != new.priority:
        lines.append(f"{t('Priority')}: {priority_label(old.priority)} → {priority_label(new.priority)}")
    if old.owner_unit_code != new.owner_unit_code:
        before = name_of(reference.units.get(old.owner_unit_code), old.owner_unit_code)
        after = name_of(reference.units.get(new.owner_unit_code), new.owner_unit_code)
        lines.append(f"{t('Owner unit')}: {before} → {after}")
    if old.assignee_user_id != new.assignee_user_id:
        before_user = reference.users.get(old.assignee_user_id or -1)
        after_user = reference.users.get(new.assignee_user_id or -1)
        lines.append(
            f"{t('Assignee')}: {before_user.full_name if before_user else '—'} → "
            f"{after_user.full_name if after_user else '—'}"
        )
    if old.assignee_crew_id != new.assignee_crew_id:
        before_crew = reference.crews.get(old.assignee_crew_id or -1)
        after_crew = reference.crews.get(new.assignee_crew_id or -1)
        before_name = before_crew.name if before_crew else "—"
        lines.append(f"{t('Crew')}: {before_name} → {after_crew.name if after_crew else '—'}")
    if old.category_id != new.category_id:
        before = name_of(reference.categories.get(old.category_id), str(old.category_id))
        after = name_of(reference.categories.get(new.category_id), str(new.category_id))
        lines.append(f"{t('Category')}: {before} → {after}")
    if old.due_at != new.due_at:
        lines.append(f"{t('Deadline')}: {local_time(old.due_at)} → {local_time(new.due_at)}")
    if old.description != new.description or old.address != new.address:
        lines.append(t("Description or address edited"))
    if (old.sla_paused_at is None) != (new.sla_paused_at is None):
        lines.append(t("SLA clock paused") if new.sla_paused_at else t("SLA clock resumed"))
    return "\n".join(lines) or t("Only its history changed (e.g. a message).")
