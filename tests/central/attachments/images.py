"""Real photos for the tests, made with Pillow: EXIF with a camera, a time and a GPS position."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image, PngImagePlugin
from PIL.TiffImagePlugin import IFDRational

# 42°41'51.00" N, 23°19'27.00" E: the Largo, in the centre of Sofia.
LAT, LON = 42 + 41 / 60 + 51 / 3600, 23 + 19 / 60 + 27 / 3600
CAMERA_MAKE, CAMERA_MODEL, TAKEN_AT = "SecretCam", "Model-X 9000", "2026:11:30 17:45:12"


def camera_exif(*, gps: dict | None = None, orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    exif[ExifTags.Base.Model] = CAMERA_MODEL
    exif[ExifTags.Base.DateTime] = TAKEN_AT
    exif[ExifTags.Base.Artist] = "Ivan Petrov"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if gps is None:
        gps = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (IFDRational(42, 1), IFDRational(41, 1), IFDRational(5100, 100)),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (IFDRational(23, 1), IFDRational(19, 1), IFDRational(27, 1)),
        }
    if gps:
        exif[ExifTags.IFD.GPSInfo] = gps
    return exif


def jpeg(
    size: tuple[int, int] = (64, 32),
    *,
    color: str = "red",
    gps: dict | None = None,
    orientation: int | None = None,
    exif: bool = True,
) -> bytes:
    """A JPEG as a phone writes it: EXIF (camera, time, GPS, owner), a comment; ``gps={}`` for none."""
    image = Image.new("RGB", size, color)
    image.paste((0, 0, 255), (0, 0, 8, 8))  # a blue marker in the top-left corner, to check the orientation
    out = io.BytesIO()
    options = {"exif": camera_exif(gps=gps, orientation=orientation)} if exif else {}
    image.save(out, "JPEG", comment=b"taken by Ivan Petrov", quality=95, **options)
    return out.getvalue()


def png_with_metadata() -> bytes:
    """A PNG with text chunks, an eXIf chunk and an ICC profile (all metadata), and transparency."""
    image = Image.new("RGBA", (20, 10), (0, 128, 0, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ivan Petrov")
    info.add_text("Comment", "my street")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=camera_exif(), icc_profile=b"fake-icc-profile-bytes")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims to be huge (a decompression bomb): IHDR and an empty IDAT."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )
