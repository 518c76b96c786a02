"""Bulgarian phone numbers to E.164 (``0888 123 456``, ``+359 888 123 456``, ``02 …``)."""

from __future__ import annotations

import phonenumbers


def to_e164(raw: str, region: str = "BG") -> str | None:
    """The E.164 form of a valid number, or None when it is not a valid number."""
    if not raw or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164: str, region: str = "BG") -> bool:
    """Whether a valid number can receive an SMS (a mobile number, or one that may be either)."""
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
