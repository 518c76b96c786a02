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
