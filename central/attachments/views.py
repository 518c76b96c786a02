"""``POST /attachments`` (a photo, stripped of its metadata) and ``GET /attachments/{id}`` (the image)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from central.api import CtxDep
from central.attachments import service
from central.attachments.schemas import AttachmentOut
from central.context import Ctx
from central.errors import ValidationFailed

router = APIRouter(tags=["attachments"])

# Room for the multipart envelope (boundaries, part headers, a file name) around the file itself.
_MULTIPART_SLACK = 64 * 1024

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A JPEG, PNG or WebP photo (CENTRAL_MAX_ATTACHMENT_BYTES, 15 MB)",
                        }
                    },
                }
            }
        },
    }
}


@router.post(
    "/attachments",
    response_model=AttachmentOut,
    status_code=201,
    summary="Upload a photo (metadata stripped; EXIF GPS returned); the same bytes again → the same one",
    openapi_extra=_UPLOAD_BODY,
    responses={413: {"description": "Larger than CENTRAL_MAX_ATTACHMENT_BYTES"}},
)
async def upload(ctx: CtxDep, request: Request, response: Response) -> AttachmentOut:
    limit = ctx.settings.max_attachment_bytes
    declared = request.headers.get("content-length", "")
    # Refused before the body is read: the multipart parser would otherwise spool it all to disk first.
    if declared.isdigit():
        service.check_size(int(declared) - _MULTIPART_SLACK, limit)
    async with request.form(max_files=1, max_fields=2) as form:
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise ValidationFailed({"file": "send the photo as the multipart/form-data field 'file'"})
        data = await file.read(limit + 1)
        service.check_size(len(data), limit)
        # Decoding and re-encoding a photo takes tens of milliseconds: off the event loop, with the
        # request's database session.
        return await run_in_threadpool(_store, ctx, file.filename or "", data, response)


def _store(ctx: Ctx, filename: str, data: bytes, response: Response) -> AttachmentOut:
    attachment, created = service.upload(ctx, service.store_for(ctx), filename, data)
    ctx.session.commit()
    response.headers["Location"] = f"/api/v1/attachments/{attachment.id}"
    if not created:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return service.attachment_out(attachment)


@router.get(
    "/attachments/{attachment_id}",
    response_class=FileResponse,
    summary="The stripped image (for whoever may see its case; an unlinked upload: its uploader)",
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}}},
)
def download(ctx: CtxDep, attachment_id: Annotated[int, Path()]) -> FileResponse:
    attachment, path = service.readable_file(ctx, service.store_for(ctx), attachment_id)
    # End the read transaction now: the session closes only after the response is sent, and on SQLite an
    # open transaction holds the write lock while a slow phone downloads the photo.
    ctx.session.commit()
    return FileResponse(
        path,
        media_type=attachment.content_type,
        filename=attachment.filename,
        content_disposition_type="inline",
        headers={
            # The bytes never change (content-addressed), but who may read them can: cache privately.
            "Cache-Control": "private, max-age=3600",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'",
        },
    )
