"""Dispatch on a real server: a lead sends a crew, the crew reports from the field and chats about the case;
everything arrives live on the event stream of whoever may see it, and nobody else's."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from PIL import Image

from tests.central.crews.conftest import ROUND_THE_CLOCK, make_crew, ok
from tests.central.events.live import Live, Received, drain_all, newest_event_id

CENTRE = {"lat": 42.6876, "lon": 23.3357}


def _types(events: list[Received]) -> list[str]:
    return [e.event for e in events]


def _report(api, crew: dict[str, Any], status: str, **fields: Any) -> Any:  # type: ignore[no-untyped-def]
    return api.post(f"/crews/{crew['id']}/status", {"status": status, **fields}, version=crew["version"])


def test_dispatch_reports_and_chat_arrive_live_for_the_crew_and_the_unit(
    live: Live, cgm_crew: dict[str, Any]
) -> None:
    operator, lead, responder = live.api("operator"), live.api("lead"), live.api("responder")
    case = operator.create_case(category_id=5, description="Кола на тротоара", **CENTRE)  # → ЦГМ
    internal = ok(
        operator.post(f"/cases/{case['id']}/messages", {"body": "Само за нас", "visibility": "internal"}), 201
    )
    assert responder.get(f"/cases/{case['id']}").status_code == 403  # not theirs yet
    before = newest_event_id(live.database_url)

    with contextlib.ExitStack() as stack:
        streams = {
            name: stack.enter_context(live.stream(name, last_event_id=before))
            for name in ("responder", "cgm", "operator", "mladost")
        }
        for stream in streams.values():
            assert stream.next().event == "stream.ready"

        dispatched = ok(
            lead.post(
                f"/cases/{case['id']}/dispatch",
                {"crew_id": cgm_crew["id"], "note": "Вход откъм двора"},
                version=case["version"],
            )
        )
        assert (dispatched["assignee_crew_id"], dispatched["status"]) == (cgm_crew["id"], "assigned")
        # The crew hears it live: the crew became busy, the crew note, the dispatch itself.
        got = streams["responder"].take(3)
        assert _types(got) == ["crew.status_changed", "message.posted", "case.dispatched"]
        assert got[0].data["data"]["crew"]["current_case_id"] == case["id"]
        assert got[1].data["data"]["message"]["body"] == "Вход откъм двора"
        assert got[2].data["data"]["case"]["assignee_crew_id"] == cgm_crew["id"]
        seen = ok(responder.get(f"/cases/{case['id']}"))
        assert [m["body"] for m in seen["thread"]] == ["Вход откъм двора"]  # never the internal note

        crew = ok(responder.get(f"/crews/{cgm_crew['id']}"))
        crew = ok(_report(responder, crew, "en_route", note="Тръгваме"))
        assert (crew["status"], crew["current_case_id"]) == ("en_route", case["id"])
        got = streams["cgm"].take(6)  # the dispatch (3), then the report: its note, the crew, the case
        assert _types(got)[-3:] == ["message.posted", "crew.status_changed", "case.status_changed"]
        assert got[-1].data["data"]["case"]["status"] == "in_progress"
        assert got[-2].data["data"]["changes"]["status"] == ["off_duty", "en_route"]

        # Chat: the crew writes, the operator reads live and answers; receipts go both ways.
        note = ok(
            responder.post(
                f"/cases/{case['id']}/messages", {"body": "Колата е още тук", "visibility": "crew"}
            ),
            201,
        )
        got = streams["operator"].drain()
        posted = [e for e in got if e.event == "message.posted"]
        assert posted[-1].data["data"]["message"]["body"] == "Колата е още тук"
        ok(operator.post(f"/cases/{case['id']}/messages/read", {"message_id": note["id"]}))
        read = streams["responder"].drain()
        assert [e.event for e in read if e.event == "message.read"] == ["message.read"]
        receipt = next(e for e in read if e.event == "message.read").data["data"]
        assert (receipt["username"], receipt["message_id"]) == ("operator", note["id"])
        # reading the same again is no news
        ok(operator.post(f"/cases/{case['id']}/messages/read", {"message_id": note["id"]}))
        receipts = ok(responder.get(f"/cases/{case['id']}/messages/read"))
        assert [(r["username"], r["message_id"]) for r in receipts] == [("operator", note["id"])]
        # a responder may neither read receipts pointing at internal messages nor mark them
        refused = responder.post(f"/cases/{case['id']}/messages/read", {"message_id": internal["id"]})
        assert refused.status_code == 404

        # One action turns the crew's message into a public update (a responder may not do it).
        assert responder.post(f"/cases/{case['id']}/messages/{note['id']}/publish", {}).status_code == 403
        public = ok(operator.post(f"/cases/{case['id']}/messages/{note['id']}/publish", {}), 201)
        assert (public["visibility"], public["body"]) == ("public", "Колата е още тук")
        not_crew = operator.post(f"/cases/{case['id']}/messages/{public['id']}/publish", {})
        assert not_crew.status_code == 422

        crew = ok(_report(responder, crew, "on_site"))
        # done needs the public resolution note; without it nothing changes
        refused = _report(responder, crew, "done", note="Готово")
        assert refused.status_code == 422 and "resolution" in refused.json()["errors"]
        assert ok(responder.get(f"/crews/{cgm_crew['id']}"))["version"] == crew["version"]
        crew = ok(_report(responder, crew, "done", note="Репатрирана", resolution="Автомобилът е преместен."))
        assert (crew["status"], crew["current_case_id"]) == ("available", None)
        resolved = ok(responder.get(f"/cases/{case['id']}"))  # still theirs to see: they did the work
        assert resolved["case"]["status"] == "resolved"
        assert resolved["thread"][-1]["visibility"] == "public"
        assert resolved["thread"][-1]["body"] == "Автомобилът е преместен."
        seen = drain_all(streams)

    mine = _types(seen["responder"])
    assert "case.status_changed" in mine and mine.count("crew.status_changed") >= 2
    assert "Само за нас" not in "".join(e.raw for e in seen["responder"])
    assert seen["mladost"] == []  # another unit hears nothing of ЦГМ's crews and cases
    assert {e.event for e in seen["cgm"]} >= {"message.published", "message.read", "case.status_changed"}


def test_dispatch_is_a_leads_decision_and_checks_the_crew(
    live: Live, cgm_crew: dict[str, Any], user_ids: dict[str, int]
) -> None:
    operator, lead, admin = live.api("operator"), live.api("lead"), live.api("admin")
    case = operator.create_case(category_id=5, **CENTRE)
    body = {"crew_id": cgm_crew["id"]}
    refused = operator.post(f"/cases/{case['id']}/dispatch", body, version=case["version"])
    assert refused.status_code == 403 and refused.json()["detail"] == "only a lead dispatches crews"
    assert lead.post(f"/cases/{case['id']}/dispatch", body).status_code == 428
    assert lead.post(f"/cases/{case['id']}/dispatch", body, version=case["version"] + 1).status_code == 412
    unknown = lead.post(f"/cases/{case['id']}/dispatch", {"crew_id": 999}, version=case["version"])
    assert unknown.status_code == 422

    # a crew of another unit: transfer first
    si_crew = make_crew(admin, "SI", "СИ-1", [], ROUND_THE_CLOCK)
    other = lead.post(f"/cases/{case['id']}/dispatch", {"crew_id": si_crew["id"]}, version=case["version"])
    assert other.status_code == 422 and "transfer the case first" in other.json()["errors"]["crew_id"]

    sent = ok(lead.post(f"/cases/{case['id']}/dispatch", body, version=case["version"]))
    again = lead.post(f"/cases/{case['id']}/dispatch", body, version=sent["version"])
    assert again.status_code == 409 and "already on case" in again.json()["detail"]
    second = operator.create_case(category_id=5, **CENTRE)
    busy = lead.post(f"/cases/{second['id']}/dispatch", body, version=second["version"])
    assert busy.status_code == 409 and "busy with case" in busy.json()["detail"]

    # Transferred away, the case leaves the crew: the crew is free and hears why.
    moved = ok(
        operator.post(
            f"/cases/{case['id']}/transfer",
            {"unit_code": "SI", "reason_code": "not_competent"},
            version=sent["version"],
        )
    )
    assert moved["assignee_crew_id"] is None
    crew = ok(lead.get(f"/crews/{cgm_crew['id']}"))
    assert crew["current_case_id"] is None
    ok(lead.post(f"/cases/{second['id']}/dispatch", body, version=second["version"]))

    # The crew leaves a case unfinished: it says why, and the case goes back to its unit.
    responder = live.api("responder")
    crew = ok(responder.get(f"/crews/{cgm_crew['id']}"))
    assert _report(responder, crew, "available").status_code == 422  # why?
    assert _report(responder, crew, "off_duty").status_code == 409  # not with a case
    crew = ok(_report(responder, crew, "available", note="Нужен е паяк"))
    assert crew["current_case_id"] is None
    back = ok(lead.get(f"/cases/{second['id']}"))["case"]
    assert (back["status"], back["assignee_crew_id"]) == ("triaged", None)
    assert responder.get(f"/cases/{second['id']}").status_code == 403
    # others may not report for the crew
    stranger = live.api("mladost").post(
        f"/crews/{cgm_crew['id']}/status", {"status": "available"}, version=crew["version"]
    )
    assert stranger.status_code == 403
    assert user_ids["responder"] in [m["id"] for m in crew["members"]]


def test_positions_reach_the_board_and_old_fixes_change_nothing(live: Live, cgm_crew: dict[str, Any]) -> None:
    responder, cgm = live.api("responder"), live.api("cgm")
    before = newest_event_id(live.database_url)
    with live.stream("cgm", last_event_id=before) as stream:
        assert stream.next().event == "stream.ready"
        moved = ok(responder.post(f"/crews/{cgm_crew['id']}/position", {"lat": 42.69, "lon": 23.32}))
        assert (moved["lat"], moved["lon"]) == (42.69, 23.32)
        event = stream.next()
        assert event.event == "crew.position"
        assert event.data["data"] == {
            "crew_id": cgm_crew["id"],
            "lat": 42.69,
            "lon": 23.32,
            "at": moved["position_at"].replace("Z", "+00:00"),
        }
        old = ok(
            responder.post(
                f"/crews/{cgm_crew['id']}/position", {"lat": 1.0, "lon": 2.0, "at": "2020-01-01T00:00:00Z"}
            )
        )
        assert (old["lat"], old["lon"]) == (42.69, 23.32)
    future = responder.post(
        f"/crews/{cgm_crew['id']}/position", {"lat": 1.0, "lon": 2.0, "at": "2099-01-01T00:00:00Z"}
    )
    assert future.status_code == 422
    board = ok(cgm.get("/crews"))
    assert [(c["name"], c["on_duty"], c["lat"]) for c in board] == [("ЦГМ-1", True, 42.69)]
    assert ok(live.api("mladost").get("/crews")) == []  # another unit's board is empty
    reference = ok(live.api("operator").get("/reference"))
    assert reference["crews"] == [
        {
            "id": cgm_crew["id"],
            "unit_code": "CGM",
            "name": "ЦГМ-1",
            "active": True,
            "member_ids": [m["id"] for m in cgm_crew["members"]],
        }
    ]


def test_a_report_carries_the_crews_photos_into_the_crew_thread(live: Live, cgm_crew: dict[str, Any]) -> None:
    operator, lead, responder = live.api("operator"), live.api("lead"), live.api("responder")
    case = operator.create_case(category_id=5, **CENTRE)
    ok(lead.post(f"/cases/{case['id']}/dispatch", {"crew_id": cgm_crew["id"]}, version=case["version"]))
    image = io.BytesIO()
    Image.new("RGB", (16, 8), "red").save(image, "JPEG")
    photo = ok(
        responder.client.post(
            "/api/v1/attachments",
            files={"file": ("IMG_1.JPG", image.getvalue(), "image/jpeg")},
            headers=responder.headers(),
        ),
        201,
    )
    crew = ok(responder.get(f"/crews/{cgm_crew['id']}"))
    ok(
        _report(
            responder, crew, "on_site", note="Ето колата", attachment_ids=[photo["id"]], case_id=case["id"]
        )
    )
    thread = ok(lead.get(f"/cases/{case['id']}"))["thread"]
    assert (thread[-1]["body"], thread[-1]["visibility"], thread[-1]["attachment_ids"]) == (
        "Ето колата",
        "crew",
        [photo["id"]],
    )
    assert lead.get(f"/attachments/{photo['id']}").status_code == 200
