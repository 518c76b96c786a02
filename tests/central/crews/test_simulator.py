"""The responder simulator against a real server, through the public HTTP API only."""

from __future__ import annotations

from typing import Any

import httpx

from central.crews.simulator import Api, Simulator
from tests.central.crews.conftest import ok
from tests.central.events.live import Live
from tests.support import DEMO_PASSWORD

CENTRE = {"lat": 42.6876, "lon": 23.3357}


def test_a_simulated_crew_answers_drives_reports_and_resolves(live: Live, cgm_crew: dict[str, Any]) -> None:
    operator, lead = live.api("operator"), live.api("lead")
    case = operator.create_case(category_id=5, **CENTRE)
    ok(
        lead.post(
            f"/cases/{case['id']}/dispatch",
            {"crew_id": cgm_crew["id"], "note": "Спешно"},
            version=case["version"],
        )
    )
    said: list[str] = []
    with httpx.Client(timeout=10.0) as http:
        # The responder drives their own crew; a lead among the users changes nothing (one driver per crew).
        apis = [Api.login(http, live.base_url, name, DEMO_PASSWORD) for name in ("responder", "lead")]
        simulator = Simulator(apis, speed_m=50_000, say=said.append)
        assert [c.name for c in simulator.crews.values()] == ["ЦГМ-1"]
        assert simulator.crews[cgm_crew["id"]].api.user["username"] == "responder"

        simulator.step()  # answers the dispatch note, sets off
        crew = ok(lead.get(f"/crews/{cgm_crew['id']}"))
        assert (crew["status"], crew["current_case_id"]) == ("en_route", case["id"])
        simulator.step()  # arrives
        crew = ok(lead.get(f"/crews/{cgm_crew['id']}"))
        assert crew["status"] == "on_site"
        assert (round(crew["lat"], 4), round(crew["lon"], 4)) == (42.6876, 23.3357)
        simulator.step()
        simulator.step()  # done
    crew = ok(lead.get(f"/crews/{cgm_crew['id']}"))
    assert (crew["status"], crew["current_case_id"]) == ("available", None)
    detail = ok(lead.get(f"/cases/{case['id']}"))
    assert detail["case"]["status"] == "resolved"
    thread = [(m["visibility"], m["body"]) for m in detail["thread"]]
    assert ("crew", "Прието, екип „ЦГМ-1“.") in thread
    assert thread[-1] == ("public", "Екипът отстрани проблема на място. Благодарим за сигнала!")
    receipts = ok(lead.get(f"/cases/{case['id']}/messages/read"))
    assert [r["username"] for r in receipts] == ["responder"]
    assert any("done" in line for line in said)
