"""Turning an uploaded photo into one that is safe to keep and show: decoded by Pillow (so it is an image),
the EXIF GPS position read, turned upright, and encoded again without any metadata.

A phone photo's EXIF carries the camera, the time to the second, often the owner's name and the exact
place: the position is useful to the operator (where is the pothole?) and is returned once, the rest is
personal data nobody asked us to keep. Re-encoding (rather than deleting EXIF segments) also drops XMP,
comments, ICC profiles and anything hidden in vendor blocks.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

# What we keep, and as what: the format of the upload is kept (a screenshot stays a lossless PNG).
FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
# 50 megapixels (a 200 MP phone sensor saves 12-50 MP photos). Checked from the header, before decoding:
# a 40 KB PNG can claim 30000 x 30000 pixels and ask for gigabytes of memory (a decompression bomb).
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 90


class ImageRejected(ValueError):
    """The upload is not an image we keep; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class CleanImage:
    data: bytes  # the re-encoded image, without metadata
    format: str  # a key of FORMATS
    width: int  # after turning it upright
    height: int
    gps: tuple[float, float] | None  # (lat, lon) in decimal degrees, from the original EXIF

    @property
    def content_type(self) -> str:
        return FORMATS[self.format][0]

    @property
    def extension(self) -> str:
        return FORMATS[self.format][1]


def clean_image(data: bytes) -> CleanImage:
    """Decode ``data``, read its GPS position, orient it and encode it again without metadata.

    Raises :class:`ImageRejected` for anything that is not a whole JPEG, PNG or WebP image of at most
    :data:`MAX_PIXELS`.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            if image.format not in FORMATS:
                raise ImageRejected(
                    f"{image.format or 'this'} images are not accepted; send a JPEG, PNG or WebP photo"
                )
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(
                    f"the image is {width} x {height} pixels; at most {MAX_PIXELS // 1_000_000} megapixels"
                )
            gps = read_gps(image)
            image.load()  # a truncated or corrupt file fails here
            upright = _upright(image)
            encoded = _encode(upright, image.format)
    except ImageRejected:
        raise
    except Image.DecompressionBombError as error:
        raise ImageRejected(f"the image is too large to decode safely ({error})") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        # Pillow reports broken files with any of these; which one says nothing useful to the sender.
        raise ImageRejected("the file is not a readable image (JPEG, PNG or WebP)") from error
    return CleanImage(encoded, image.format, upright.width, upright.height, gps)


def _upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says (phones store it sideways and set a flag)."""
    try:
        return ImageOps.exif_transpose(image) or image
    except Exception:  # broken EXIF: keep the pixels as they are rather than refuse the photo
        return image


def _encode(image: Image.Image, format_: str) -> bytes:
    transparency = image.info.get("transparency")
    # Pillow's encoders fall back to the image's own info for some metadata (a PNG's ICC profile, a
    # JPEG's comment); an empty info dict makes sure nothing is carried over.
    image.info = {}
    options: dict[str, Any] = {}
    if format_ == "JPEG":
        if image.mode not in ("L", "RGB", "CMYK"):
            image = image.convert("RGB")
        options = {"quality": JPEG_QUALITY, "optimize": True}
    elif format_ == "PNG":
        options = {"optimize": True}
        if transparency is not None:
            options["transparency"] = transparency  # pixel data (which palette entry is clear), not metadata
    else:
        options = {"quality": JPEG_QUALITY}
    out = io.BytesIO()
    image.save(out, format=format_, **options)
    return out.getvalue()


# --- EXIF GPS ---------------------------------------------------------------------------------------------


def read_gps(image: Image.Image) -> tuple[float, float] | None:
    """(lat, lon) in decimal degrees from the EXIF GPS block; None when absent, broken or implausible."""
    try:
        gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        if not gps:
            return None
        lat = _coordinate(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef), "NS", 90)
        lon = _coordinate(
            gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef), "EW", 180
        )
    except Exception:  # EXIF written by anything: a malformed block is no reason to refuse the photo
        return None
    if lat is None or lon is None or (lat == 0.0 and lon == 0.0):
        return None  # (0, 0) is what some cameras write when they had no fix
    return round(lat, 7), round(lon, 7)


def _coordinate(value: Any, ref: Any, letters: str, limit: float) -> float | None:
    """Degrees (+ minutes + seconds) and a hemisphere letter → signed decimal degrees."""
    if value is None:
        return None
    parts: Sequence[Any] = value if isinstance(value, tuple | list) else (value,)
    if not 1 <= len(parts) <= 3:
        return None
    numbers = [_number(part) for part in parts]
    if any(n is None or not math.isfinite(n) or n < 0 for n in numbers[1:]):
        return None
    degrees = numbers[0]
    if degrees is None or not math.isfinite(degrees):
        return None
    minutes = numbers[1] if len(numbers) > 1 else 0.0
    seconds = numbers[2] if len(numbers) > 2 else 0.0
    assert minutes is not None and seconds is not None
    if minutes >= 60 or seconds >= 60:
        return None
    sign = -1.0 if degrees < 0 else 1.0
    result = sign * (abs(degrees) + minutes / 60 + seconds / 3600)
    letter = _ref_letter(ref)
    if letter is not None:
        if letter not in letters:
            return None  # "E" as a latitude reference: the block is not what it claims
        if letter == letters[1]:
            result = -abs(result)
    return result if abs(result) <= limit else None


def _number(value: Any) -> float | None:
    """A rational as EXIF readers give it: IFDRational, (numerator, denominator), int or float."""
    if isinstance(value, tuple | list):
        if len(value) != 2 or not value[1]:
            return None
        return float(value[0]) / float(value[1])
    try:
        return float(value)  # IFDRational, int, float; a zero denominator gives nan
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def _ref_letter(ref: Any) -> str | None:
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if not isinstance(ref, str):
        return None
    ref = ref.strip("\x00 ").upper()
    return ref[:1] or None
