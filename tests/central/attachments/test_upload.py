"""POST /attachments: real photos in, stripped photos stored, the GPS position read before stripping."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

from central.attachments.images import clean_image, read_gps
from tests.central.attachments.conftest import LIMIT
from tests.central.attachments.images import (
    CAMERA_MAKE,
    CAMERA_MODEL,
    LAT,
    LON,
    TAKEN_AT,
    jpeg,
    png_header_only,
    png_with_metadata,
)

PERSONAL = (CAMERA_MAKE.encode(), CAMERA_MODEL.encode(), TAKEN_AT.encode(), b"Ivan Petrov", b"my street")


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def assert_no_metadata(data: bytes) -> None:
    for secret in PERSONAL:
        assert secret not in data, secret
    assert b"Exif" not in data and b"eXIf" not in data and b"iCCP" not in data and b"tEXt" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif(), dict(image.getexif())
        assert not {"exif", "comment", "icc_profile", "xmp", "Author", "Comment"} & set(image.info)


def test_a_phone_photo_is_stored_without_any_metadata_and_its_gps_is_returned(
    operator: Any, upload: Any, attachments_dir: Path
) -> None:
    original = jpeg((64, 32), orientation=6)  # stored sideways, "turn me 90°" in the EXIF
    assert CAMERA_MAKE.encode() in original  # the test photo really carries what we strip

    response = upload(operator, original, filename="../../etc/IMG_0042.JPG")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["gps"] == {"lat": pytest.approx(LAT, abs=1e-6), "lon": pytest.approx(LON, abs=1e-6)}
    assert body["content_type"] == "image/jpeg"
    assert body["filename"] == "IMG_0042.jpg"  # no folders from the sender's side
    assert (body["width"], body["height"]) == (32, 64)  # turned upright
    assert set(body) == {"id", "filename", "content_type", "size", "width", "height", "gps"}
    assert response.headers["Location"] == f"/api/v1/attachments/{body['id']}"

    files = stored_files(attachments_dir)
    assert len(files) == 1 and files[0].suffix == ".jpg"
    stored = files[0].read_bytes()
    assert body["size"] == len(stored)
    assert_no_metadata(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (32, 64)
        # The blue corner pixel moved with the rotation (top-left → top-right for orientation 6).
        red, green, blue = image.convert("RGB").getpixel((28, 3))
        assert blue > 150 and red < 100

    served = operator.client.get(f"/api/v1/attachments/{body['id']}", headers=operator.headers())
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.content == stored


def test_png_stays_png_and_loses_its_text_exif_and_icc(
    operator: Any, upload: Any, attachments_dir: Path
) -> None:
    response = upload(operator, png_with_metadata(), filename="screenshot.png", content_type="image/png")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["content_type"] == "image/png" and body["filename"] == "screenshot.png"
    assert body["gps"] == {"lat": pytest.approx(LAT, abs=1e-6), "lon": pytest.approx(LON, abs=1e-6)}
    (stored,) = stored_files(attachments_dir)
    assert stored.suffix == ".png"
    assert_no_metadata(stored.read_bytes())
    with Image.open(stored) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0)) == (0, 128, 0, 128)


def test_the_claimed_type_is_not_trusted(operator: Any, upload: Any) -> None:
    response = upload(operator, jpeg(gps={}), filename="photo.png", content_type="image/png")
    assert response.status_code == 201
    assert response.json()["content_type"] == "image/jpeg"
    assert response.json()["filename"] == "photo.jpg"
    assert response.json()["gps"] is None


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "report.pdf", "not a readable image"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "x.svg",
            "not a readable",
        ),
        (jpeg()[:300], "cut.jpg", "not a readable image"),  # a truncated upload
        (b"", "empty.jpg", "empty"),
    ],
)
def test_what_is_not_an_image_is_refused(
    operator: Any, upload: Any, attachments_dir: Path, data: bytes, filename: str, expected: str
) -> None:
    response = upload(operator, data, filename=filename)
    assert response.status_code == 422, response.text
    assert expected in response.json()["errors"]["file"]
    assert stored_files(attachments_dir) == []


def test_other_image_formats_are_refused_with_the_accepted_ones_named(operator: Any, upload: Any) -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "GIF")
    response = upload(operator, out.getvalue(), filename="anim.gif", content_type="image/gif")
    assert response.status_code == 422
    assert "JPEG, PNG or WebP" in response.json()["errors"]["file"]


def test_decompression_bombs_are_refused_before_decoding(operator: Any, upload: Any) -> None:
    big = upload(operator, png_header_only(10_000, 8_000), filename="big.png", content_type="image/png")
    assert big.status_code == 422 and "megapixels" in big.json()["errors"]["file"]
    huge = upload(operator, png_header_only(100_000, 100_000), filename="bomb.png", content_type="image/png")
    assert huge.status_code == 422, huge.text


def test_oversize_files_get_413_whether_or_not_the_length_was_announced(
    operator: Any, upload: Any, attachments_dir: Path
) -> None:
    just_over = upload(operator, b"\xff\xd8" + b"x" * LIMIT, filename="big.jpg")  # within the envelope slack
    assert just_over.status_code == 413, just_over.text
    assert "MB" in just_over.json()["detail"] or "bytes" in just_over.json()["detail"]
    far_over = upload(operator, b"x" * (LIMIT * 3), filename="huge.jpg")  # refused from Content-Length
    assert far_over.status_code == 413
    assert stored_files(attachments_dir) == []


def test_the_same_bytes_from_the_same_user_are_the_same_attachment(
    login: Any, upload: Any, attachments_dir: Path
) -> None:
    operator, other = login("operator"), login("operator2")
    photo = jpeg()
    first = upload(operator, photo)
    again = upload(operator, photo, filename="renamed.jpg")
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    by_other = upload(other, photo)
    assert by_other.status_code == 201 and by_other.json()["id"] != first.json()["id"]
    assert len(stored_files(attachments_dir)) == 1  # one photo, stored once


def test_only_the_uploader_sees_an_upload_until_a_case_claims_it(login: Any, upload: Any) -> None:
    operator, other, staff = login("operator"), login("operator2"), login("mladost")
    photo_id = upload(operator, jpeg()).json()["id"]
    path = f"/api/v1/attachments/{photo_id}"
    assert operator.client.get(path, headers=operator.headers()).status_code == 200
    refused = other.client.get(path, headers=other.headers())
    assert refused.status_code == 403 and "not attached to a case" in refused.json()["detail"]
    assert staff.client.get(path, headers=staff.headers()).status_code == 403
    assert operator.client.get("/api/v1/attachments/999999", headers=operator.headers()).status_code == 404
    assert operator.client.get(path).status_code == 401  # no token


def test_every_role_may_upload(login: Any, upload: Any) -> None:
    for username in ("operator", "lead", "mladost", "responder", "admin"):
        response = upload(login(username), jpeg(color="green"))
        assert response.status_code in (200, 201), (username, response.text)


def test_gps_reading_copes_with_southern_western_and_broken_blocks() -> None:
    def gps_of(gps: dict) -> tuple[float, float] | None:
        return clean_image(jpeg(gps=gps)).gps

    south_west = {
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (IFDRational(33, 1), IFDRational(52, 1), IFDRational(4, 1)),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (IFDRational(151, 1), IFDRational(12, 1), IFDRational(3600, 100)),
    }
    lat, lon = gps_of(south_west)  # type: ignore[misc]
    assert lat == pytest.approx(-(33 + 52 / 60 + 4 / 3600), abs=1e-6)
    assert lon == pytest.approx(-(151 + 12 / 60 + 36 / 3600), abs=1e-6)
    decimal_minutes = {  # degrees and decimal minutes, as some phones write
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (IFDRational(42, 1), IFDRational(418500, 10000), IFDRational(0, 1)),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (IFDRational(23, 1), IFDRational(194500, 10000), IFDRational(0, 1)),
    }
    assert gps_of(decimal_minutes) == (pytest.approx(LAT, abs=1e-6), pytest.approx(LON, abs=1e-6))
    no_fix = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (IFDRational(0, 1), IFDRational(0, 1), IFDRational(0, 1)),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (IFDRational(0, 1), IFDRational(0, 1), IFDRational(0, 1)),
    }
    assert gps_of(no_fix) is None
    zero_denominator = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (IFDRational(42, 0), IFDRational(41, 1), IFDRational(51, 1)),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (IFDRational(23, 1), IFDRational(19, 1), IFDRational(27, 1)),
    }
    assert gps_of(zero_denominator) is None
    swapped_refs = {
        ExifTags.GPS.GPSLatitudeRef: "E",
        ExifTags.GPS.GPSLatitude: (IFDRational(42, 1), IFDRational(41, 1), IFDRational(51, 1)),
        ExifTags.GPS.GPSLongitudeRef: "N",
        ExifTags.GPS.GPSLongitude: (IFDRational(23, 1), IFDRational(19, 1), IFDRational(27, 1)),
    }
    assert gps_of(swapped_refs) is None
    assert gps_of({ExifTags.GPS.GPSLatitudeRef: "N"}) is None
    assert clean_image(jpeg(exif=False)).gps is None


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_a_broken_exif_block_is_ignored_not_fatal() -> None:
    photo = bytearray(jpeg())
    start = photo.index(b"Exif\x00\x00") + 6
    photo[start + 4 : start + 40] = b"\xff" * 36  # garbage where the IFD offsets and entries are
    cleaned = clean_image(bytes(photo))
    assert cleaned.format == "JPEG"
    assert_no_metadata(cleaned.data)
    with Image.open(io.BytesIO(bytes(photo))) as image:
        assert read_gps(image) is None
