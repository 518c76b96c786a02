"""Administration API: routing rules are data, editable without code (also via the CLI)."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from central.api import CtxDep
from central.auth.permissions import can_admin
from central.context import Ctx
from central.errors import Forbidden, NotFound, ValidationFailed
from central.events.service import append_event
from central.reference.service import bump_reference_version
from central.routing.models import RoutingRule
from central.routing.service import export_rules_csv, upsert_rule, validate_rule

router = APIRouter(prefix="/admin", tags=["admin"])


class RuleIn(BaseModel):
    category_id: int = Field(ge=1, le=2_147_483_647)
    district_code: str | None = Field(
        None, max_length=32, pattern=r"^[^\x00]*$", description="None: any district"
    )
    unit_code: str = Field(min_length=1, max_length=32, pattern=r"^[^\x00]*$")
    note: str = Field("", max_length=500, pattern=r"^[^\x00]*$")


class RuleOut(RuleIn):
    id: int


def _require_admin(ctx: Ctx) -> None:
    reason = can_admin(ctx.user)
    if reason:
        raise Forbidden(reason)


@router.get("/routing-rules", response_model=list[RuleOut], summary="All routing rules")
def list_rules(ctx: CtxDep) -> list[RuleOut]:
    _require_admin(ctx)
    rules = ctx.session.scalars(
        sa.select(RoutingRule).order_by(RoutingRule.category_id, RoutingRule.id)
    ).all()
    return [RuleOut.model_validate(r, from_attributes=True) for r in rules]


@router.get("/routing-rules.csv", summary="Routing rules as CSV (the import format)")
def export_rules(ctx: CtxDep) -> Response:
    _require_admin(ctx)
    return Response(export_rules_csv(ctx.session), media_type="text/csv; charset=utf-8")


@router.put(
    "/routing-rules", response_model=RuleOut, summary="Create or replace the rule for (category, district)"
)
def put_rule(ctx: CtxDep, body: RuleIn) -> RuleOut:
    _require_admin(ctx)
    problems = validate_rule(ctx.session, body.category_id, body.district_code, body.unit_code)
    if problems:
        raise ValidationFailed({"rule": "; ".join(problems)})
    rule = upsert_rule(ctx.session, body.category_id, body.district_code, body.unit_code, body.note)
    append_event(
        ctx.session,
        "routing.rule_changed",
        {"rule": body.model_dump() | {"id": rule.id}},
        now=ctx.now,
        actor=ctx.user,
        audience="audit",
    )
    ctx.session.commit()
    return RuleOut.model_validate(rule, from_attributes=True)


@router.delete("/routing-rules/{rule_id}", status_code=204, summary="Delete a routing rule")
def delete_rule(ctx: CtxDep, rule_id: int) -> None:
    _require_admin(ctx)
    rule = ctx.session.get(RoutingRule, rule_id) if 1 <= rule_id <= 2_147_483_647 else None
    if rule is None:
        raise NotFound(f"routing rule {rule_id} does not exist")
    ctx.session.delete(rule)
    bump_reference_version(ctx.session)
    append_event(
        ctx.session,
        "routing.rule_deleted",
        {"rule_id": rule_id},
        now=ctx.now,
        actor=ctx.user,
        audience="audit",
    )
    ctx.session.commit()
