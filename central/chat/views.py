"""HTTP routes of the crew chat: read receipts, and publishing a crew message to the citizen."""

from __future__ import annotations

from fastapi import APIRouter

from central.api import CtxDep
from central.cases import service as cases
from central.cases.schemas import MessageOut
from central.chat import service
from central.chat.schemas import PublishIn, ReadIn, ReadReceipt

router = APIRouter(tags=["cases"])


@router.post(
    "/cases/{case_id}/messages/read", response_model=ReadReceipt, summary="Read the thread up to a message"
)
def mark_read(ctx: CtxDep, case_id: int, body: ReadIn) -> ReadReceipt:
    receipt = service.mark_read(ctx, cases.get_case(ctx, case_id), body)
    ctx.session.commit()
    return receipt


@router.get(
    "/cases/{case_id}/messages/read", response_model=list[ReadReceipt], summary="How far each user has read"
)
def receipts(ctx: CtxDep, case_id: int) -> list[ReadReceipt]:
    return service.receipts(ctx, cases.get_case(ctx, case_id))


@router.post(
    "/cases/{case_id}/messages/{message_id}/publish",
    response_model=MessageOut,
    status_code=201,
    summary="Turn a crew message into a public update for the citizen",
)
def publish(ctx: CtxDep, case_id: int, message_id: int, body: PublishIn) -> MessageOut:
    message = service.publish(ctx, cases.get_case(ctx, case_id, for_update=True), message_id, body)
    ctx.session.commit()
    return cases.message_answer(ctx, message)
