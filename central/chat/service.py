"""Read receipts and publishing a crew message to the citizen. Messages themselves are posted through
``cases.service.post_message`` (the thread belongs to the case)."""

from __future__ import annotations

import sqlalchemy as sa

from central.auth import permissions
from central.auth.models import User
from central.cases import service as cases
from central.cases.models import Case, Message
from central.cases.schemas import MAX_ID, MessageIn
from central.chat.models import MessageRead
from central.chat.schemas import PublishIn, ReadIn, ReadReceipt
from central.context import Ctx
from central.errors import Forbidden, NotFound, ValidationFailed
from central.events.service import append_event


def _visible_message(ctx: Ctx, case: Case, message_id: int) -> Message:
    message = ctx.session.get(Message, message_id) if 1 <= message_id <= MAX_ID else None
    visible = permissions.visible_message_visibilities(ctx.user)
    if message is None or message.case_id != case.id or message.visibility not in visible:
        raise NotFound(f"no message {message_id} in this thread that you may see")
    return message


def mark_read(ctx: Ctx, case: Case, body: ReadIn) -> ReadReceipt:
    """Record that the user has read the thread up to a message; receipts only move forward, and only a
    move forward is an event (``message.read``, seen by whoever may see that message)."""
    message = _visible_message(ctx, case, body.message_id)
    row = ctx.session.get(MessageRead, (case.id, ctx.user.id))
    if row is not None and row.message_id >= message.id:
        return _receipt(ctx.user, row.message_id, row)
    if row is None:
        row = MessageRead(case_id=case.id, user_id=ctx.user.id, message_id=message.id, read_at=ctx.now)
        ctx.session.add(row)
    else:
        row.message_id, row.read_at = message.id, ctx.now
    receipt = _receipt(ctx.user, message.id, row)
    append_event(
        ctx.session,
        "message.read",
        {"case_id": case.id} | receipt.model_dump(mode="json"),
        now=ctx.now,
        actor=ctx.user,
        case_id=case.id,
        unit_code=case.owner_unit_code,
        assignee_user_id=case.assignee_user_id,
        crew_id=case.assignee_crew_id,
        audience=message.visibility,
    )
    return receipt


def _receipt(user: User, message_id: int, row: MessageRead) -> ReadReceipt:
    return ReadReceipt(
        user_id=user.id,
        username=user.username,
        full_name=user.full_name,
        message_id=message_id,
        read_at=row.read_at,
    )


def receipts(ctx: Ctx, case: Case) -> list[ReadReceipt]:
    """Everyone's receipt on the thread, each pointing at the newest message this user may see that the
    other has read (a receipt never reveals a message the user may not see)."""
    visible = permissions.visible_message_visibilities(ctx.user)
    ids = sorted(
        ctx.session.scalars(
            sa.select(Message.id).where(Message.case_id == case.id, Message.visibility.in_(visible))
        )
    )
    rows = ctx.session.execute(
        sa.select(MessageRead, User)
        .join(User, User.id == MessageRead.user_id)
        .where(MessageRead.case_id == case.id)
        .order_by(User.username)
    ).all()
    found = []
    for row, user in rows:
        seen = [i for i in ids if i <= row.message_id]
        if seen:
            found.append(_receipt(user, seen[-1], row))
    return found


def publish(ctx: Ctx, case: Case, message_id: int, body: PublishIn) -> Message:
    """Turn a crew message into a public update for the citizen (as given, or in the words of ``body``)."""
    source = _visible_message(ctx, case, message_id)
    if source.visibility != "crew":
        raise ValidationFailed(
            {"message_id": f"message {message_id} is {source.visibility}, not a crew message"}
        )
    if "public" not in permissions.allowed_message_visibilities(ctx.user):
        raise Forbidden("your role may not post public messages")
    message = cases.post_message(ctx, case, MessageIn(body=body.body or source.body, visibility="public"))
    append_event(
        ctx.session,
        "message.published",
        {"case_id": case.id, "message_id": message.id, "source_message_id": source.id},
        now=ctx.now,
        actor=ctx.user,
        case_id=case.id,
        unit_code=case.owner_unit_code,
        assignee_user_id=case.assignee_user_id,
        crew_id=case.assignee_crew_id,
        audience="crew",
    )
    return message
