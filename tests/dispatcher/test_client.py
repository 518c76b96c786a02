"""CentralClient against a live server: typed answers, the error tree, idempotency, paging, every action."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest

from dispatcher.client import CentralClient
from dispatcher.errors import (
    ApiError,
    AuthError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ServerError,
    StaleError,
    UnreachableError,
    ValidationError,
    error_from_response,
)
from dispatcher.models import Case, Reference, User
from tests.dispatcher.conftest import Login
from tests.dispatcher.helpers import MLADOST, new_case
from tests.live_server import LiveServer
from tests.support import DEMO_PASSWORD


async def test_login_me_and_reference(live_server: LiveServer) -> None:
    client = CentralClient(live_server.base_url + "/")  # a trailing slash is harmless
    try:
        assert await client.health()
        session = await client.login("operator", DEMO_PASSWORD)
        assert client.token == session.token
        assert session.server_url == live_server.base_url
        assert session.user.username == "operator" and session.user.role == "operator"
        assert session.expires_at.tzinfo is not None and session.expires_at > datetime(2026, 1, 1, tzinfo=UTC)

        me = await client.me()
        assert me == session.user

        reference = await client.reference()
        assert isinstance(reference, Reference)
        assert {"RA-15", "CGM", "SI", "CC"} <= set(reference.units)
        assert 3 in reference.categories and reference.categories[3].name_bg
        assert isinstance(reference.categories[3].synonyms, tuple)
        assert len(reference.districts) == 24
        assert {"operator", "mladost", "responder"} <= {u.username for u in reference.users.values()}
        assert all(isinstance(u, User) for u in reference.users.values())
        assert "triaged" in reference.transitions["new"]
        assert "resolved" in reference.needs_public_note
        assert "not_competent" in reference.transfer_reasons

        geojson = await client.districts_geojson()
        assert geojson["type"] == "FeatureCollection" and len(geojson["features"]) == 24
    finally:
        await client.aclose()


async def test_auth_errors(live_server: LiveServer) -> None:
    client = CentralClient(live_server.base_url)
    try:
        with pytest.raises(AuthError) as wrong:
            await client.login("operator", "not-the-password")
        assert wrong.value.status == 401 and "wrong user name or password" in wrong.value.message
        assert client.token is None
        with pytest.raises(AuthError):
            await client.me()  # no token at all
        client.set_token("forged-token")
        with pytest.raises(AuthError) as expired:
            await client.reference()
        assert "log in again" in expired.value.message
    finally:
        await client.aclose()


async def test_refusals_map_to_the_error_tree(login: Login) -> None:
    operator = await login("operator")
    responder = await login("responder")
    case, _ = await operator.create_case(new_case())

    with pytest.raises(ForbiddenError) as forbidden:
        await responder.create_case(new_case())
    assert forbidden.value.status == 403
    assert forbidden.value.message == "responders do not file cases"  # the server's reason, verbatim

    with pytest.raises(NotFoundError) as missing:
        await operator.get_case(987654)
    assert missing.value.status == 404 and "987654" in missing.value.message

    with pytest.raises(StaleError) as stale:
        await operator.set_status(case.id, case.version + 5, "triaged")
    assert stale.value.status == 412 and stale.value.current_version == case.version

    triaged = await operator.set_status(case.id, case.version, "triaged")
    with pytest.raises(ConflictError) as conflict:
        await operator.set_status(triaged.id, triaged.version, "triaged")
    assert conflict.value.status == 409 and "already triaged" in conflict.value.message

    with pytest.raises(ValidationError) as invalid:
        await operator.create_case(new_case(description="", reporter={"email": "not-an-email"}))
    assert invalid.value.status == 422
    assert set(invalid.value.field_errors) == {"description", "reporter.email"}
    assert invalid.value.field_errors["reporter.email"] == "not an email address"

    with pytest.raises(ValidationError) as resolve_without_note:
        await operator.set_status(triaged.id, triaged.version, "rejected")
    assert "note" in resolve_without_note.value.field_errors

    # A mutation without If-Match (only possible through the escape hatch) is 428: a plain ApiError.
    with pytest.raises(ApiError) as precondition:
        await operator.call("POST", f"/cases/{case.id}/pause", json={"reason": "чакаме ЧЕЗ"})
    assert type(precondition.value) is ApiError and precondition.value.status == 428
    assert "If-Match" in precondition.value.message

    with pytest.raises(TypeError, match="unknown case filter"):
        await operator.list_cases(stauts="new")


async def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = CentralClient(f"http://127.0.0.1:{port}", timeout=2.0)
    try:
        assert not await client.health()
        with pytest.raises(UnreachableError) as error:
            await client.login("operator", DEMO_PASSWORD)
        assert error.value.status == 0 and isinstance(error.value, ApiError)
    finally:
        await client.aclose()


async def test_an_address_we_cannot_use_is_not_unreachable() -> None:
    # Retrying would never help: the outbox must not keep such a request for later.
    for address in ("ftp://central.sofia.bg", "http://[::1"):
        client = CentralClient(address)
        try:
            with pytest.raises(ApiError) as error:
                await client.me()
            assert not isinstance(error.value, UnreachableError) and error.value.status == 0
        finally:
            await client.aclose()


def test_answers_from_proxies_and_odd_bodies_still_map() -> None:
    bad_gateway = error_from_response(502, b"<html>Bad Gateway</html>", "Bad Gateway")
    assert isinstance(bad_gateway, ServerError) and bad_gateway.message == "Bad Gateway"
    unavailable = error_from_response(503, b'{"detail": "maintenance"}')
    assert isinstance(unavailable, ServerError) and unavailable.message == "maintenance"
    stale = error_from_response(412, b"")
    assert isinstance(stale, StaleError) and stale.current_version == -1
    fastapi_default = error_from_response(422, b'{"detail": [{"msg": "field required"}]}')
    assert isinstance(fastapi_default, ValidationError) and fastapi_default.field_errors == {}
    assert "field required" in fastapi_default.message
    teapot = error_from_response(418, b"")
    assert type(teapot) is ApiError and teapot.message == "HTTP 418"


async def test_create_with_an_idempotency_key_is_replayed(login: Login) -> None:
    operator = await login("operator")
    body = new_case("Счупена шахта", reporter={"name": "Иван", "phone": "0888 123 456"})
    first, replayed_first = await operator.create_case(body, idempotency_key="intake-0001-abcdef")
    again, replayed_again = await operator.create_case(body, idempotency_key="intake-0001-abcdef")
    assert (replayed_first, replayed_again) == (False, True)
    assert again.id == first.id and again.tracking_number == first.tracking_number
    assert isinstance(first, Case) and first.owner_unit_code == "RA-15" and first.reporter_count == 1

    with pytest.raises(ConflictError):  # the same key for a different report
        await operator.create_case(new_case("Друго"), idempotency_key="intake-0001-abcdef")
    pages = [page async for page in operator.iter_cases()]
    assert sum(len(p) for p in pages) == 1


async def test_iter_cases_pages_until_the_end(login: Login) -> None:
    operator = await login("operator")
    created = [(await operator.create_case(new_case(f"Сигнал {n}")))[0] for n in range(7)]
    pages = [page async for page in operator.iter_cases(limit=3)]
    assert [len(p) for p in pages] == [3, 3, 1]
    ids = [case.id for page in pages for case in page]
    assert ids == sorted((c.id for c in created), reverse=True)  # newest first, each once

    first, cursor = await operator.list_cases(limit=2, sort="due")
    assert len(first) == 2 and cursor is not None
    by_status, _ = await operator.list_cases(
        status=["new", "triaged"], open=True, updated_since=created[0].created_at
    )
    assert len(by_status) == 7
    none_left, _ = await operator.list_cases(status="closed")
    assert none_left == []


async def test_every_action_round_trips(login: Login) -> None:
    operator, mladost = await login("operator"), await login("mladost")
    reference = await operator.reference()
    users = {u.username: u for u in reference.users.values()}

    case, _ = await operator.create_case(
        new_case("Паднал клон", address="бул. Александър Малинов 1", reporter={"phone": "+359888111222"})
    )
    assert (case.status, case.version, case.owner_unit_code) == ("new", 1, "RA-15")

    case = await operator.patch_case(case.id, case.version, priority="high", reason="пречи на движението")
    assert (case.priority, case.version) == ("high", 2)

    case = await mladost.assign(case.id, case.version, users["mladost"].id, note="поемам")
    assert (case.status, case.assignee_user_id, case.version) == ("assigned", users["mladost"].id, 3)

    case = await mladost.pause(case.id, case.version, "чакаме Топлофикация")
    assert case.sla_paused_at is not None and case.sla_paused_reason == "чакаме Топлофикация"
    case = await mladost.resume(case.id, case.version, note="Топлофикация приключи")
    assert case.sla_paused_at is None

    case = await mladost.set_status(case.id, case.version, "in_progress")
    assert case.status == "in_progress"

    message = await mladost.post_message(case.id, "Екип е на място", "internal")
    assert (message.case_id, message.visibility, message.author_kind) == (case.id, "internal", "user")

    detail = await operator.get_case(case.id)
    assert detail.case == case
    assert [m.body for m in detail.thread] == ["Екип е на място"]
    assert [e.type for e in detail.timeline][:2] == ["case.created", "case.updated"]
    assert "case.sla_resumed" in {e.type for e in detail.timeline}

    reporters = await operator.reporters(case.id)
    assert [r.phone_e164 for r in reporters] == ["+359888111222"]
    history = await operator.caller_history("0888 111 222")
    assert [row["id"] for row in history] == [case.id]

    nearby = await operator.nearby(MLADOST["lat"], MLADOST["lon"], category=3)  # type: ignore[arg-type]
    assert [(c.id, distance) for c, distance in nearby] == [(case.id, 0.0)]

    places = await operator.geocode("42.6975, 23.3242")
    assert places and places[0]["kind"] == "coordinates"

    moved = await operator.transfer(case.id, case.version, "SI", "not_competent", note="към СИ")
    assert (moved.owner_unit_code, moved.status, moved.assignee_user_id) == ("SI", "triaged", None)

    survivor, _ = await operator.create_case(new_case("Същият клон"))
    merged = await operator.merge(moved.id, moved.version, survivor.id, note="дубликат")
    assert (merged.status, merged.duplicate_of_id) == ("duplicate", survivor.id)
    assert merged.closed_at is not None and not merged.is_open


async def test_an_injected_http_client_is_used_and_left_open(live_server: LiveServer) -> None:
    import httpx

    async with httpx.AsyncClient(timeout=5.0) as http:
        client = CentralClient(live_server.base_url, http=http)
        assert client.http is http
        await client.login("lead", DEMO_PASSWORD)
        assert (await client.me()).role == "lead"
        await client.aclose()
        assert not http.is_closed  # whoever injected it closes it
