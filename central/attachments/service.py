"""The rules of attachments: upload (strip, store, de-duplicate), who may read one, and claiming uploads
for a case or a message."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.attachments.images import FORMATS, ImageRejected, clean_image
from central.attachments.models import Attachment
from central.attachments.schemas import AttachmentInfo, AttachmentOut, GpsOut
from central.attachments.storage import AttachmentStore
from central.auth import permissions
from central.cases.models import Case, Message
from central.cases.schemas import MAX_ID
from central.context import Ctx
from central.errors import DomainError, Forbidden, NotFound, ValidationFailed

MAX_PER_REQUEST = 20  # photos per case or message
_EXTENSION_BY_TYPE = {content_type: extension for content_type, extension in FORMATS.values()}
# Extensions a sender's file name may carry; replaced by the one of the format actually stored.
_IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".heic", ".heif", ".gif", ".bmp", ".tif", ".tiff"}
)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"\\/]+")


class PayloadTooLarge(DomainError):
    status_code = 413


def store_for(ctx: Ctx) -> AttachmentStore:
    return AttachmentStore(ctx.settings.attachments_folder())


# --- upload ----------------------------------------------------------------------------------------------


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise PayloadTooLarge(f"the file is larger than the {_megabytes(limit)} allowed for a photo")


def upload(ctx: Ctx, store: AttachmentStore, filename: str, data: bytes) -> tuple[Attachment, bool]:
    """Store a photo for the current user. Returns (attachment, created); the same bytes sent again by the
    same user give (the first attachment, False), whatever became of it since."""
    reason = permissions.can_upload_attachment(ctx.user)
    if reason:
        raise Forbidden(reason)
    check_size(len(data), ctx.settings.max_attachment_bytes)
    upload_sha256 = hashlib.sha256(data).hexdigest()
    earlier = _earlier_upload(ctx.session, ctx.user.id, upload_sha256)
    if earlier is not None:
        return earlier, False
    if not data:
        raise ValidationFailed({"file": "the file is empty"})
    try:
        image = clean_image(data)
    except ImageRejected as error:
        raise ValidationFailed({"file": str(error)}) from None
    sha256 = hashlib.sha256(image.data).hexdigest()
    store.put(sha256, image.extension, image.data)
    attachment = Attachment(
        uploader_user_id=ctx.user.id,
        upload_sha256=upload_sha256,
        sha256=sha256,
        filename=safe_filename(filename, image.extension),
        content_type=image.content_type,
        size=len(image.data),
        width=image.width,
        height=image.height,
        gps_lat=image.gps[0] if image.gps else None,
        gps_lon=image.gps[1] if image.gps else None,
        created_at=ctx.now,
    )
    ctx.session.add(attachment)
    try:
        ctx.session.flush()
    except IntegrityError:
        # The same upload, sent twice at once (a retry racing the first try): serve the winner.
        ctx.session.rollback()
        earlier = _earlier_upload(ctx.session, ctx.user.id, upload_sha256)
        if earlier is None:
            raise
        return earlier, False
    return attachment, True


def _earlier_upload(session: Session, user_id: int, upload_sha256: str) -> Attachment | None:
    return session.scalar(
        sa.select(Attachment).where(
            Attachment.uploader_user_id == user_id, Attachment.upload_sha256 == upload_sha256
        )
    )


def safe_filename(name: str, extension: str) -> str:
    """The sender's file name without folders or control characters, with the extension of what we store
    ("IMG_0042.HEIC" that was really a JPEG → "IMG_0042.jpg")."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/")
    base = _UNSAFE.sub(" ", PurePosixPath(name).name).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if dot and f".{suffix.lower()}" in _IMAGE_SUFFIXES:
        base = stem.strip(" .")
    base = base[: 200 - len(extension)] or "photo"
    return f"{base}{extension}"


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.0f} MB" if size >= 1_048_576 else f"{size} bytes"


def attachment_out(attachment: Attachment) -> AttachmentOut:
    gps = None
    if attachment.gps_lat is not None and attachment.gps_lon is not None:
        gps = GpsOut(lat=attachment.gps_lat, lon=attachment.gps_lon)
    return AttachmentOut(
        id=attachment.id,
        filename=attachment.filename,
        content_type=attachment.content_type,
        size=attachment.size,
        width=attachment.width,
        height=attachment.height,
        gps=gps,
    )


# --- reading ---------------------------------------------------------------------------------------------


def readable_file(ctx: Ctx, store: AttachmentStore, attachment_id: int) -> tuple[Attachment, Path]:
    """The attachment and its file, if the current user may see it (its case, its message's visibility;
    an unlinked upload: only its uploader)."""
    attachment = ctx.session.get(Attachment, attachment_id) if 1 <= attachment_id <= MAX_ID else None
    if attachment is None:
        raise NotFound(f"attachment {attachment_id} does not exist")
    case = ctx.session.get(Case, attachment.case_id) if attachment.case_id is not None else None
    visibility = None
    if attachment.message_id is not None:
        visibility = ctx.session.scalar(
            sa.select(Message.visibility).where(Message.id == attachment.message_id)
        )
    reason = permissions.can_read_attachment(ctx.user, attachment.uploader_user_id, case, visibility)
    if reason:
        raise Forbidden(reason)
    path = store.path(attachment.sha256, _EXTENSION_BY_TYPE[attachment.content_type])
    if not path.is_file():
        raise NotFound(f"the file of attachment {attachment_id} is missing from the server's storage")
    return attachment, path


def case_attachments(session: Session, case_id: int, visibilities: Iterable[str]) -> list[AttachmentInfo]:
    """A case's attachments that the reader may see: the case's own, and those of visible messages."""
    rows = session.execute(
        sa.select(Attachment)
        .outerjoin(Message, Message.id == Attachment.message_id)
        .where(
            Attachment.case_id == case_id,
            sa.or_(Attachment.message_id.is_(None), Message.visibility.in_(list(visibilities))),
        )
        .order_by(Attachment.id)
    ).scalars()
    return [AttachmentInfo.model_validate(row, from_attributes=True) for row in rows]


def ids_by_message(session: Session, message_ids: list[int]) -> dict[int, list[int]]:
    if not message_ids:
        return {}
    found: dict[int, list[int]] = {}
    rows = session.execute(
        sa.select(Attachment.message_id, Attachment.id)
        .where(Attachment.message_id.in_(message_ids))
        .order_by(Attachment.id)
    )
    for message_id, attachment_id in rows:
        found.setdefault(message_id, []).append(attachment_id)
    return found


# --- claiming --------------------------------------------------------------------------------------------


def claimable(ctx: Ctx, attachment_ids: list[int], case: Case | None) -> list[Attachment]:
    """The attachments named in a request, locked, after checking each is the caller's own unlinked upload
    or already on ``case``; otherwise 422 on ``attachment_ids``. Call before writing anything."""
    wanted = list(dict.fromkeys(attachment_ids))
    if not wanted:
        return []
    if len(wanted) > MAX_PER_REQUEST:
        raise ValidationFailed({"attachment_ids": f"at most {MAX_PER_REQUEST} photos at a time"})
    rows = {
        row.id: row
        for row in ctx.session.scalars(
            sa.select(Attachment).where(Attachment.id.in_(wanted)).with_for_update()
        )
    }
    problems = []
    for attachment_id in wanted:
        row = rows.get(attachment_id)
        if row is not None and case is not None and row.case_id == case.id:
            continue
        if row is None or row.uploader_user_id != ctx.user.id:
            # Someone else's upload is answered like a missing one: its existence is not ours to learn.
            problems.append(f"{attachment_id} is not one of your uploads")
        elif row.case_id is not None:
            problems.append(f"{attachment_id} is already attached to another case")
    if problems:
        raise ValidationFailed({"attachment_ids": "attachment " + "; ".join(problems)})
    return [rows[attachment_id] for attachment_id in wanted]


def link(attachments: list[Attachment], case_id: int, message_id: int | None = None) -> list[int]:
    """Attach the unlinked ones to the case (and message); those already on the case stay where they are.
    Returns the ids now attached to ``message_id`` (or to the case itself when no message is given)."""
    linked = []
    for attachment in attachments:
        if attachment.case_id is None:
            attachment.case_id = case_id
            attachment.message_id = message_id
        if attachment.message_id == message_id:
            linked.append(attachment.id)
    return linked
