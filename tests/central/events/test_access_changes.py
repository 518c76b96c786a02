"""A stream lives for hours: what it carries must follow logouts, deactivations and reassignments."""

from __future__ import annotations

import httpx
import sqlalchemy as sa

from tests.central.events.live import Live, Stream
from tests.support import DEMO_PASSWORD


def _fresh_token(live: Live, username: str) -> str:
    response = live.http().post("/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def test_logout_or_deactivation_ends_the_users_stream(live: Live) -> None:
    operator = live.api("operator")
    leaving, deactivated = _fresh_token(live, "operator2"), _fresh_token(live, "mladost")
    with (
        live.stream("operator") as kept,
        Stream(live.http(), leaving, last_event_id=None, params={}) as logged_out,
        Stream(live.http(), deactivated, last_event_id=None, params={}) as disabled,
    ):
        for stream in (kept, logged_out, disabled):
            assert stream.next().event == "stream.ready"
        out = live.http().post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {leaving}"})
        assert out.status_code == 204
        from central.db import make_engine

        engine = make_engine(live.database_url)
        with engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE users SET active = :no WHERE username = 'mladost'"), {"no": False}
            )
        engine.dispose()

        assert logged_out.until_closed() == []
        assert disabled.until_closed() == []
        case = operator.create_case(category_id=3, lat=42.6475, lon=23.3817, description="След изхода")
        assert kept.next().data["case_id"] == case["id"]  # everybody else carries on

    for token in (leaving, deactivated):
        response = live.http().get("/api/v1/events", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


def test_responder_hears_that_a_case_was_taken_away(live: Live) -> None:
    operator, responder = live.api("operator"), live.api("responder")
    responder_id = responder.get("/me").json()["id"]
    cgm_id = live.api("cgm").get("/me").json()["id"]
    case = operator.create_case(description="Кола на тротоара")  # parking → CGM, the responder's unit
    assigned = operator.post(
        f"/cases/{case['id']}/assign", {"user_id": responder_id}, version=case["version"]
    )
    assert assigned.status_code == 200, assigned.text
    with live.stream("responder") as stream:
        assert stream.next().event == "stream.ready"
        moved = operator.post(
            f"/cases/{case['id']}/assign", {"user_id": cgm_id}, version=assigned.json()["version"]
        )
        assert moved.status_code == 200, moved.text
        try:
            event = stream.next(timeout=2.0)
        except (AssertionError, httpx.ReadTimeout):
            event = None
    assert event is not None and event.event == "case.assigned"
    assert event.data["data"]["case"]["assignee_user_id"] == cgm_id
