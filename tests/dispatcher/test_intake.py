"""The intake form's rules without a screen: caller numbers, the category type-ahead over the real
categories (from the server's seed file), the POST body, drafts, and where the server's 422s go."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dispatcher.intake import CategoryMatcher, IntakeForm, check_phone, form_field, format_phone
from dispatcher.models import Category

CATEGORIES_CSV = Path(__file__).resolve().parents[2] / "central" / "seed" / "data" / "categories.csv"


def _categories() -> dict[int, Category]:
    with CATEGORIES_CSV.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return {
        int(row["id"]): Category(
            id=int(row["id"]),
            name_bg=row["name_bg"],
            name_en=row["name_en"],
            group=row["group"],
            synonyms=tuple(s for s in row["synonyms"].split("|") if s),
            default_priority=row["default_priority"],
            routing_scope=row["routing_scope"],
            active=row["active"] == "true",
        )
        for row in rows
    }


@pytest.fixture(scope="module")
def matcher() -> CategoryMatcher:
    return CategoryMatcher(_categories())


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0888 123 456", "+359888123456"),
        ("+359 888 123 456", "+359888123456"),
        ("00359888123456", "+359888123456"),
        ("088-812-3456", "+359888123456"),
        ("02 981 2345", "+35929812345"),
        ("(02) 981 23 45", "+35929812345"),
    ],
)
def test_bulgarian_forms_become_e164(raw: str, e164: str) -> None:
    phone = check_phone(raw)
    assert phone.valid and phone.e164 == e164
    assert not phone.invalid


def test_a_number_being_typed_is_not_flagged_yet() -> None:
    assert not check_phone("").complete
    for partial in ("0", "0888", "0888 12"):
        phone = check_phone(partial)
        assert not phone.valid and not phone.invalid, partial


def test_a_wrong_number_is_flagged_not_refused() -> None:
    phone = check_phone("0111 111 111 111")
    assert phone.invalid and phone.e164 is None
    form = IntakeForm(phone="0111 111 111 111", category_id=3, description="дупка")
    assert form.validate() == {}  # filed anyway: the number as dictated
    assert form.body()["reporter"]["phone"] == "0111 111 111 111"


def test_numbers_are_read_back_in_the_national_form() -> None:
    assert format_phone("+359888123456") == "088 812 3456"
    assert format_phone("+35929812345") == "02 981 2345"
    assert format_phone("+441632960961").startswith("+44")


@pytest.mark.parametrize(
    ("typed", "category_id"),
    [
        ("дупка", 3),
        ("дуп", 3),
        ("дупката", 3),
        ("асвалт", 3),  # a typo
        ("клон", 6),
        ("клонът", 6),
        ("паднало дърво", 6),
        ("кола на тротоара", 5),
        ("паркир", 5),
        ("светофар", 4),
        ("лампа", 28),
        ("не свети", 28),
        ("бездомни кучета", 22),
        ("контейнер", 27),
        ("сметище", 30),
        ("люлка", 32),
        ("Parking", 5),
        ("street light", 28),
        ("чистота", 1),
    ],
)
def test_category_type_ahead(matcher: CategoryMatcher, typed: str, category_id: int) -> None:
    hits = matcher.search(typed)
    assert hits, typed
    assert hits[0].category_id == category_id, [(h.category_id, h.matched, h.score) for h in hits[:3]]


def test_type_ahead_skips_inactive_categories_and_nonsense(matcher: CategoryMatcher) -> None:
    assert all(hit.category_id != 39 for hit in matcher.search("ковид"))  # COVID-19 is inactive
    assert matcher.search("") == []
    assert matcher.search("   ") == []
    assert matcher.search("qqqqzzzz") == []


def test_the_body_of_a_report() -> None:
    form = IntakeForm(
        phone="0888 123 456",
        name=" Иван Петров ",
        category_id=3,
        description="  Дупка на платното  ",
        address="бул. Витоша 10",
        lat=42.69,
        lon=23.32,
        notify_sms=True,
    )
    assert form.validate() == {}
    assert form.body() == {
        "channel": "phone",
        "category_id": 3,
        "description": "Дупка на платното",
        "address": "бул. Витоша 10",
        "lat": 42.69,
        "lon": 23.32,
        "reporter": {"name": "Иван Петров", "phone": "+359888123456", "email": ""},
        "notify": ["sms"],
    }


def test_an_anonymous_report_carries_no_personal_data() -> None:
    form = IntakeForm(
        phone="0888 123 456",
        name="Иван",
        anonymous=True,
        category_id=1,
        description="боклук",
        notify_sms=True,
    )
    body = form.body()
    assert body["anonymous"] is True
    assert "reporter" not in body and "notify" not in body


def test_validation_names_the_fields() -> None:
    errors = IntakeForm(email="not-an-address", notify_sms=True, description="x" * 5001).validate()
    assert set(errors) == {"category_id", "description", "reporter.email", "notify"}
    assert IntakeForm(category_id=1, description="  ").validate() == {"description": "Describe the problem."}
    errors = IntakeForm(category_id=1, description="x", notify_email=True).validate()
    assert errors == {"notify": "An email needs the caller's email address."}
    errors = IntakeForm(category_id=1, description="x", photos=["/no/such/photo.jpg"]).validate()
    assert set(errors) == {"photos"}


def test_drafts_round_trip_and_survive_garbage() -> None:
    form = IntakeForm(
        phone="0888", category_id=5, category_text="кола", lat=42.7, lon=23.3, photos=["/a.jpg"]
    )
    assert IntakeForm.from_draft(form.to_draft()) == form
    broken = IntakeForm.from_draft(
        {"phone": 5, "category_id": "3", "lat": "x", "photos": "a.jpg", "anonymous": "yes", "future": 1}
    )
    assert broken == IntakeForm(phone="", category_id=None, lat=None, photos=[], anonymous=False)
    assert IntakeForm().empty and not form.empty


def test_server_field_errors_map_to_form_fields() -> None:
    assert form_field("reporter.phone") == "reporter.phone"
    assert form_field("body.description") == "description"
    assert form_field("lat") == "address"
    assert form_field("category_id") == "category_id"
    assert form_field("attachment_ids.0") == "photos"
    assert form_field("") is None
    assert form_field("something_else") is None
