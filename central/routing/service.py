"""Automatic routing: which unit owns a case, and why. The citizen never has to know.

Order of precedence (most specific first):
1. a point outside Sofia → the triage unit (flagged, never dropped);
2. a rule for (category, this district);
3. a district-scoped category → the administration of the district the point lies in;
4. a rule for (category, any district);
5. otherwise → the triage unit, saying why.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.reference.models import Category, District, Meta, Unit
from central.reference.service import bump_reference_version
from central.routing.models import RoutingRule
from central.seed.reference import ReferenceFileError, read_csv_rows

TRIAGE_UNIT_KEY = "triage_unit_code"
DEFAULT_TRIAGE_UNIT = "CC"


@dataclass(frozen=True)
class RoutingDecision:
    unit_code: str
    rule_id: int | None
    reason: str


def triage_unit_code(session: Session) -> str:
    meta = session.get(Meta, TRIAGE_UNIT_KEY)
    return meta.value if meta else DEFAULT_TRIAGE_UNIT


def route(
    session: Session, category: Category, district_code: str | None, *, outside_sofia: bool = False
) -> RoutingDecision:
    triage = triage_unit_code(session)
    triage_unit = session.get(Unit, triage)
    if triage_unit is None:
        raise LookupError(f"triage unit {triage!r} does not exist; import units first")
    where = _place_words(session, district_code, outside_sofia)
    prefix = f"{category.name_bg} {where}"

    if outside_sofia:
        return RoutingDecision(
            triage, None, f"{prefix} → {triage_unit.name_bg}: точката е извън Столична община"
        )

    rules = session.scalars(
        sa.select(RoutingRule).where(
            RoutingRule.category_id == category.id,
            sa.or_(RoutingRule.district_code == district_code, RoutingRule.district_code.is_(None)),
        )
    ).all()
    specific = next((r for r in rules if district_code and r.district_code == district_code), None)
    general = next((r for r in rules if r.district_code is None), None)

    if specific is not None:
        return _by_rule(session, prefix, specific)
    if category.routing_scope == "district" and district_code:
        admin = session.scalar(sa.select(Unit).where(Unit.district_code == district_code, Unit.active))
        if admin is not None:
            return RoutingDecision(
                admin.code,
                None,
                f"{prefix} → {admin.name_bg}: категорията се обработва от районните администрации",
            )
    if general is not None:
        return _by_rule(session, prefix, general)
    why = (
        "няма местоположение за районна категория" if category.routing_scope == "district" else "няма правило"
    )
    return RoutingDecision(triage, None, f"{prefix} → {triage_unit.name_bg}: {why}, триаж от оператор")


def _by_rule(session: Session, prefix: str, rule: RoutingRule) -> RoutingDecision:
    unit = session.get(Unit, rule.unit_code)
    assert unit is not None  # foreign key
    scope = (
        "всички райони"
        if rule.district_code is None
        else f"район {_district_name(session, rule.district_code)}"
    )
    note = f" — {rule.note}" if rule.note else ""
    return RoutingDecision(
        unit.code, rule.id, f"{prefix} → {unit.name_bg}: правило №{rule.id} ({scope}){note}"
    )


def _district_name(session: Session, code: str) -> str:
    district = session.get(District, code)
    return district.name_bg if district else code


def _place_words(session: Session, district_code: str | None, outside_sofia: bool) -> str:
    if outside_sofia:
        return "извън София"
    if district_code is None:
        return "без местоположение"
    return f"в район {_district_name(session, district_code)}"


# --- editing the rules as data ------------------------------------------------------------------------

RULE_COLUMNS = ("category_id", "district_code", "unit_code", "note")


def validate_rule(session: Session, category_id: int, district_code: str | None, unit_code: str) -> list[str]:
    """Problems with a rule, as messages (empty when it is fine)."""
    problems = []
    if session.get(Category, category_id) is None:
        problems.append(f"unknown category {category_id}")
    if district_code and session.get(District, district_code) is None:
        problems.append(f"unknown district {district_code!r}")
    if session.get(Unit, unit_code) is None:
        problems.append(f"unknown unit {unit_code!r}")
    return problems


def upsert_rule(
    session: Session, category_id: int, district_code: str | None, unit_code: str, note: str = ""
) -> RoutingRule:
    rule = session.scalar(
        sa.select(RoutingRule).where(
            RoutingRule.category_id == category_id,
            RoutingRule.district_code.is_(None)
            if district_code is None
            else RoutingRule.district_code == district_code,
        )
    )
    if rule is None:
        rule = RoutingRule(
            category_id=category_id, district_code=district_code, unit_code=unit_code, note=note
        )
        session.add(rule)
    else:
        rule.unit_code, rule.note = unit_code, note
    session.flush()
    bump_reference_version(session)
    return rule


def import_rules(session: Session, path: Path, *, replace: bool = False) -> int:
    """Load rules from CSV (``category_id,district_code,unit_code,note``; empty district = any).

    The whole file is checked before anything is written: a bad line changes nothing.
    """
    parsed: list[tuple[int, str | None, str, str]] = []
    for line, row in read_csv_rows(path, ("category_id", "district_code", "unit_code")):
        where = f"{path.name}:{line}"
        try:
            category_id = int(row["category_id"])
        except ValueError:
            raise ReferenceFileError(f"{where}: category_id must be a number") from None
        district = row["district_code"] or None
        problems = validate_rule(session, category_id, district, row["unit_code"])
        if problems:
            raise ReferenceFileError(f"{where}: {'; '.join(problems)}")
        parsed.append((category_id, district, row["unit_code"], row.get("note", "")))
    if replace:
        session.execute(sa.delete(RoutingRule))
    for category_id, district, unit_code, note in parsed:
        upsert_rule(session, category_id, district, unit_code, note)
    return len(parsed)


def export_rules_csv(session: Session) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RULE_COLUMNS)
    rules = session.scalars(
        sa.select(RoutingRule).order_by(RoutingRule.category_id, RoutingRule.district_code.nulls_first())
    ).all()
    for rule in rules:
        writer.writerow([rule.category_id, rule.district_code or "", rule.unit_code, rule.note])
    return out.getvalue()
