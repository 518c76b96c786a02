"""The phone-intake form without Qt: what the operator typed, checked, turned into a ``POST /cases`` body
and into a draft, plus the two searches that run on the console itself (caller number, category).

The panel in ``ui/intake/`` shows these; keeping them here makes them testable without a screen and keeps
the rules (what is required, what an anonymous report may carry) in one place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers
from rapidfuzz import fuzz

from dispatcher.models import Category

DESCRIPTION_MAX = 5000  # as the server's CaseCreate
ADDRESS_MAX = 300
NAME_MAX = 200
PHONE_REGION = "BG"
DRAFT_NAME = "intake"

# --- caller number ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneCheck:
    """What a typed number is: empty, still being typed, a valid number (E.164), or complete but invalid.

    An invalid number is flagged, never refused: the caller may have dictated it wrong, and the operator
    files the report anyway."""

    raw: str
    e164: str | None = None  # set when valid
    complete: bool = False  # enough digits for a Bulgarian number (valid or not)

    @property
    def empty(self) -> bool:
        return not self.raw.strip()

    @property
    def valid(self) -> bool:
        return self.e164 is not None

    @property
    def invalid(self) -> bool:
        """Complete but not a number that exists: worth a warning at the field."""
        return self.complete and not self.valid


def check_phone(raw: str) -> PhoneCheck:
    """Bulgarian forms (0888 123 456, +359 888 123 456, 00359…, 02 …) → E.164 with ``phonenumbers``."""
    text = raw.strip()
    if not text:
        return PhoneCheck(raw)
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return PhoneCheck(raw, complete=len(re.sub(r"\D", "", text)) >= 9)
    if phonenumbers.is_valid_number(number):
        return PhoneCheck(raw, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), True)
    if number.country_code != 359:
        return PhoneCheck(raw, complete=phonenumbers.is_possible_number(number))
    # Bulgarian numbers vary in length, so "possible" says little; mobiles (8x, 9x) have nine digits
    # after the 0, Sofia's landlines eight. Fewer is "still typing", not a warning.
    digits = str(number.national_number)
    return PhoneCheck(raw, complete=len(digits) >= (9 if digits[0] in "89" else 8))


def format_phone(e164: str) -> str:
    """A number as the operator reads it back to the caller: ``0888 123 456`` for Bulgarian numbers."""
    try:
        number = phonenumbers.parse(e164, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 359:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# --- category type-ahead ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: what the category search compares."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch) or ch == "\u0306")  # keep й
    text = unicodedata.normalize("NFC", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@dataclass(frozen=True)
class CategoryHit:
    category_id: int
    score: float  # 0-100
    matched: str  # the name or synonym that matched, as written in the reference data


class CategoryMatcher:
    """Type-ahead over the active categories' names (bg, en) and Bulgarian synonyms, on the console, so the
    list follows every keystroke without a network call. Prefixes of words count most ("дуп" → дупка),
    then fuzzy similarity (rapidfuzz), so typos and inflections ("дупки", "клонът") still find their
    category."""

    def __init__(self, categories: dict[int, Category]) -> None:
        self._terms: list[tuple[int, str, str]] = []  # (category id, folded term, term as written)
        for category in categories.values():
            if not category.active:
                continue
            for term in (category.name_bg, category.name_en, *category.synonyms):
                folded = fold(term)
                if folded:
                    self._terms.append((category.id, folded, term))

    def search(self, query: str, limit: int = 8) -> list[CategoryHit]:
        needle = fold(query)
        if not needle:
            return []
        best: dict[int, CategoryHit] = {}
        for category_id, term, written in self._terms:
            score = self._score(needle, term)
            if score < 60:
                continue
            known = best.get(category_id)
            if known is None or score > known.score:
                best[category_id] = CategoryHit(category_id, score, written)
        return sorted(best.values(), key=lambda hit: (-hit.score, hit.matched))[:limit]

    @staticmethod
    def _score(needle: str, term: str) -> float:
        if term == needle:
            return 100.0
        if term.startswith(needle):
            return 95.0 + 4.0 * len(needle) / len(term)
        words = term.split()
        if any(word.startswith(needle) for word in words):
            return 90.0 + 4.0 * len(needle) / len(term)
        if needle.startswith(term) and len(term) >= 4:  # an inflected form: "дупката" → "дупка"
            return 88.0
        # Typos and word order: compare with the whole term and with its prefix of the needle's length.
        return max(
            fuzz.ratio(needle, term),
            fuzz.ratio(needle, term[: len(needle)]) - 8 if len(needle) >= 4 else 0,
            fuzz.token_set_ratio(needle, term) - 5,
        )


# --- the form --------------------------------------------------------------------------------------------


@dataclass
class IntakeForm:
    """Everything the operator typed. ``photos`` are local file paths; the outbox uploads them."""

    phone: str = ""
    name: str = ""
    email: str = ""
    anonymous: bool = False
    category_id: int | None = None
    category_text: str = ""  # what is in the search box (a draft restores it as typed)
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    district_code: str | None = None
    outside_sofia: bool = False
    description: str = ""
    photos: list[str] = field(default_factory=list)
    notify_sms: bool = False
    notify_email: bool = False

    @property
    def empty(self) -> bool:
        return self == IntakeForm()

    def validate(self) -> dict[str, str]:
        """Field → message for what the server would refuse (in English; the panel translates by field).

        Only what is certain is refused here; the server's 422 has the last word and maps to the same
        field names."""
        errors: dict[str, str] = {}
        if self.category_id is None:
            errors["category_id"] = "Choose a category."
        if not self.description.strip():
            errors["description"] = "Describe the problem."
        elif len(self.description) > DESCRIPTION_MAX:
            errors["description"] = f"At most {DESCRIPTION_MAX} characters."
        if len(self.address) > ADDRESS_MAX:
            errors["address"] = f"At most {ADDRESS_MAX} characters."
        if len(self.name) > NAME_MAX:
            errors["reporter.name"] = f"At most {NAME_MAX} characters."
        email = self.email.strip()
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            errors["reporter.email"] = "Not an email address."
        if self.notify_sms and not check_phone(self.phone).valid:
            errors["notify"] = "An SMS needs a valid phone number."
        elif self.notify_email and not email:
            errors["notify"] = "An email needs the caller's email address."
        for photo in self.photos:
            if not Path(photo).is_file():
                errors["photos"] = f"The photo {Path(photo).name} is no longer there."
                break
        return errors

    def body(self) -> dict[str, Any]:
        """The ``POST /cases`` body (without attachments: the outbox uploads the photos and adds them)."""
        body: dict[str, Any] = {
            "channel": "phone",
            "category_id": self.category_id,
            "description": self.description.strip(),
            "address": self.address.strip(),
        }
        if self.lat is not None and self.lon is not None:
            body["lat"], body["lon"] = self.lat, self.lon
        if self.anonymous:
            body["anonymous"] = True
        else:
            phone = check_phone(self.phone)
            reporter = {
                "name": self.name.strip(),
                "phone": phone.e164 or self.phone.strip(),  # an invalid number is kept as dictated
                "email": self.email.strip(),
            }
            if any(reporter.values()):
                body["reporter"] = reporter
        notify = [channel for channel, on in (("sms", self.notify_sms), ("email", self.notify_email)) if on]
        if notify and not self.anonymous:
            body["notify"] = notify
        return body

    def to_draft(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_draft(cls, data: dict[str, Any]) -> IntakeForm:
        """A draft saved by any version: unknown keys are ignored, wrong types fall back to the default."""
        form = cls()
        for name, default in asdict(cls()).items():
            value = data.get(name, default)
            if name in ("lat", "lon"):
                ok = value is None or isinstance(value, int | float)
            elif name == "category_id":
                ok = value is None or (isinstance(value, int) and not isinstance(value, bool))
            elif name == "district_code":
                ok = value is None or isinstance(value, str)
            elif name == "photos":
                ok = isinstance(value, list) and all(isinstance(p, str) for p in value)
            else:
                ok = isinstance(value, type(default))
            setattr(form, name, value if ok else default)
        return form


# Field names of the server's 422 (``reporter.phone``, ``body.description``…) → the form's fields.
_SERVER_FIELDS = {
    "channel": "category_id",
    "category_id": "category_id",
    "description": "description",
    "address": "address",
    "lat": "address",
    "lon": "address",
    "reporter.name": "reporter.name",
    "reporter.phone": "reporter.phone",
    "reporter.email": "reporter.email",
    "reporter": "reporter.phone",
    "anonymous": "reporter.phone",
    "notify": "notify",
    "attachment_ids": "photos",
}


def form_field(server_field: str) -> str | None:
    """The form field a server-side error belongs to (None: the form as a whole)."""
    name = server_field.removeprefix("body.")
    if name in _SERVER_FIELDS:
        return _SERVER_FIELDS[name]
    head = name.split(".")[0]
    return _SERVER_FIELDS.get(head)
