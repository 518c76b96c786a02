"""The phone-intake calls of CentralClient against a live server: photos, category suggestions, following
an existing case, and notifications asked for with a new case."""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path

import pytest
from PIL import Image

from dispatcher.errors import ConflictError, ForbiddenError, ValidationError
from dispatcher.models import Attachment, Case, CategorySuggestion
from tests.central.attachments.images import LAT, LON, jpeg
from tests.dispatcher.conftest import Login
from tests.dispatcher.helpers import new_case

CALLER = {"name": "Петър Петров", "phone": "0888 765 432", "email": "petar@example.org"}


async def test_photos_go_up_once_and_come_back_stripped(login: Login, tmp_path: Path) -> None:
    operator = await login("operator")
    photo = jpeg((40, 30))
    uploaded = await operator.upload_attachment(photo, "IMG_1234.JPG", "image/jpeg")
    assert isinstance(uploaded, Attachment)
    assert uploaded.gps == (pytest.approx(LAT, abs=1e-6), pytest.approx(LON, abs=1e-6))
    assert (uploaded.filename, uploaded.content_type, uploaded.width, uploaded.height) == (
        "IMG_1234.jpg",
        "image/jpeg",
        40,
        30,
    )
    # A retry after a lost answer (here: from a file with the same bytes) is the same attachment.
    path = tmp_path / "снимка.jpg"
    path.write_bytes(photo)
    assert (await operator.upload_attachment(path)).id == uploaded.id
    second = await operator.upload_attachment(jpeg((40, 30), color="yellow", gps={}), "second.jpg")
    assert second.gps is None and second.id != uploaded.id

    case, replayed = await operator.create_case(
        new_case("Дупка, снимката е от гражданина", attachment_ids=[uploaded.id, second.id])
    )
    assert not replayed
    detail = await operator.get_case(case.id)
    assert [a.id for a in detail.attachments] == [uploaded.id, second.id]
    assert detail.attachments[0].message_id is None and detail.attachments[0].size == uploaded.size

    stored = await operator.attachment_bytes(uploaded.id)
    assert b"SecretCam" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif()

    third = await operator.upload_attachment(jpeg(color="blue"), "crew.jpg", "image/jpeg")
    message = await operator.post_message(case.id, "Снимка за екипа", "crew", attachment_ids=[third.id])
    assert message.attachment_ids == (third.id,)
    assert (await operator.get_case(case.id)).thread[-1].attachment_ids == (third.id,)


async def test_refused_uploads_raise_the_error_tree(login: Login) -> None:
    operator, other = await login("operator"), await login("operator2")
    with pytest.raises(ValidationError) as not_an_image:
        await operator.upload_attachment(b"%PDF-1.7 not a photo", "scan.pdf", "application/pdf")
    assert "file" in not_an_image.value.field_errors
    theirs = await other.upload_attachment(jpeg(color="green"), "theirs.jpg")
    with pytest.raises(ValidationError) as not_mine:
        await operator.create_case(new_case(attachment_ids=[theirs.id]))
    assert "attachment_ids" in not_mine.value.field_errors
    with pytest.raises(ForbiddenError):
        await operator.attachment_bytes(theirs.id)


async def test_category_suggestions(login: Login) -> None:
    operator = await login("operator")
    found = await operator.suggest_categories("паркирал на тротоара", limit=3)
    assert all(isinstance(s, CategorySuggestion) for s in found)
    assert found[0].code == 5 and found[0].name_bg == "Паркиране" and found[0].matched == "паркирал"
    assert [s.code for s in await operator.suggest_categories("дупките", limit=1)] == [3]
    assert (await operator.suggest_categories("клонът"))[0].code == 6
    assert await operator.suggest_categories("   ") == []


async def test_a_second_caller_follows_instead_of_filing_a_duplicate(login: Login) -> None:
    operator = await login("operator")
    case, _ = await operator.create_case(new_case())
    followed = await operator.follow_case(
        case.id, CALLER["name"], CALLER["phone"], CALLER["email"], "Обади се втори път", "follow-key-000001"
    )
    assert isinstance(followed, Case)
    assert followed.reporter_count == case.reporter_count + 1 and followed.version == case.version + 1
    again = await operator.follow_case(
        case.id, CALLER["name"], CALLER["phone"], CALLER["email"], "Обади се втори път", "follow-key-000001"
    )
    assert again.reporter_count == followed.reporter_count  # the retry added nobody
    reporters = await operator.reporters(case.id)
    assert [r.phone_e164 for r in reporters if r.is_follower] == ["+359888765432"]
    by_email = await operator.follow_case(case.id, email="x@example.org", channel="email")
    assert by_email.reporter_count == followed.reporter_count + 1

    with pytest.raises(ValidationError) as bad:
        await operator.follow_case(case.id, email="not-an-email")
    assert "email" in bad.value.field_errors
    with pytest.raises(ForbiddenError):
        await (await login("mladost")).follow_case(case.id, name="x")
    closed = await operator.set_status(case.id, by_email.version, "rejected", "Не е проблем на общината")
    with pytest.raises(ConflictError):
        await operator.follow_case(closed.id, name="Трети")


async def test_notify_travels_with_the_case_body(login: Login) -> None:
    operator = await login("operator")
    with pytest.raises(ValidationError) as no_phone:
        await operator.create_case(new_case(reporter={"name": "Без телефон"}, notify=["sms"]))
    assert "notify" in no_phone.value.field_errors
    case, _ = await operator.create_case(new_case(reporter=CALLER, notify=["sms"]))
    # The server's default gateway logs the SMS; the outcome comes back on the case's timeline.
    deadline = time.monotonic() + 5.0
    while True:
        types = [event.type for event in (await operator.get_case(case.id)).timeline]
        if "case.notification_sent" in types:
            break
        assert time.monotonic() < deadline, types
        await asyncio.sleep(0.05)
