"""``central simulate-crews``: crews that move across Sofia, report their status and answer their chat.

It talks to a server only through the public HTTP API (httpx), as the crews' mobile app would, so it runs
against any server: the embedded demo, a test server, production-like staging. Each step, every crew it
drives does one thing a real crew would:

- on duty by the roster and off duty → reports available (and off duty again when its shift ends);
- dispatched → reports en route and drives towards the case, posting positions; on arrival reports on
  site; a couple of steps later reports done, with a public resolution note;
- idle → drifts a little around where it is;
- a new crew message from someone else on its case → answers it and marks the thread read.

Nothing here imports the server: only the JSON of the API.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

log = logging.getLogger(__name__)

SOFIA_CENTRE = (42.6977, 23.3219)
METRES_PER_DEGREE = 111_320.0
ON_SITE_STEPS = 2  # steps spent on site before reporting done


class SimulatorError(RuntimeError):
    """The server refused something the simulator needs (bad login, unknown server)."""


@dataclass
class SimCrew:
    """What the simulator remembers of one crew between steps."""

    id: int
    name: str
    api: Api
    lat: float
    lon: float
    version: int = 0
    status: str = "off_duty"
    case_id: int | None = None
    target: tuple[float, float] | None = None
    on_site_steps: int = 0
    answered: set[int] = field(default_factory=set)


class Api:
    """A logged-in user of the server (one token), over one httpx client."""

    def __init__(self, http: httpx.Client, base_url: str, token: str, user: dict[str, Any]) -> None:
        self.http = http
        self.base = base_url.rstrip("/") + "/api/v1"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.user = user

    @classmethod
    def login(cls, http: httpx.Client, base_url: str, username: str, password: str) -> Api:
        response = http.post(
            base_url.rstrip("/") + "/api/v1/auth/token", json={"username": username, "password": password}
        )
        if response.status_code != 200:
            raise SimulatorError(f"cannot log in as {username}: {response.status_code} {_detail(response)}")
        body = response.json()
        return cls(http, base_url, body["access_token"], body["user"])

    def get(self, path: str, **params: Any) -> Any:
        response = self.http.get(self.base + path, params=params, headers=self.headers)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: dict[str, Any], version: int | None = None) -> httpx.Response:
        headers = dict(self.headers)
        if version is not None:
            headers["If-Match"] = str(version)
        return self.http.post(self.base + path, json=body, headers=headers)


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", ""))
    except ValueError:
        return response.text[:200]


def _toward(lat: float, lon: float, target: tuple[float, float], metres: float) -> tuple[float, float, float]:
    """A step of ``metres`` from (lat, lon) towards ``target``: (lat, lon, metres left after the step)."""
    dy = (target[0] - lat) * METRES_PER_DEGREE
    dx = (target[1] - lon) * METRES_PER_DEGREE * math.cos(math.radians(lat))
    distance = math.hypot(dx, dy)
    if distance <= metres:
        return target[0], target[1], 0.0
    share = metres / distance
    return lat + (target[0] - lat) * share, lon + (target[1] - lon) * share, distance - metres


class Simulator:
    """Drives the crews that its users may report for. :meth:`step` does one round; :meth:`run` loops."""

    def __init__(
        self,
        apis: list[Api],
        *,
        speed_m: float = 400.0,
        crew_ids: set[int] | None = None,
        seed: int = 2026,
        say: Callable[[str], None] = print,
    ) -> None:
        self.rng = random.Random(seed)
        self.speed_m = speed_m
        self.say = say
        self.crews: dict[int, SimCrew] = {}
        for api in apis:
            for crew in api.get("/crews"):
                if (
                    crew["id"] in self.crews
                    or (crew_ids and crew["id"] not in crew_ids)
                    or not crew["active"]
                ):
                    continue
                if not self._may_drive(api.user, crew):
                    continue
                lat = crew["lat"] if crew["lat"] is not None else SOFIA_CENTRE[0] + self.rng.gauss(0, 0.02)
                lon = crew["lon"] if crew["lon"] is not None else SOFIA_CENTRE[1] + self.rng.gauss(0, 0.03)
                self.crews[crew["id"]] = SimCrew(crew["id"], crew["name"], api, lat, lon)

    @staticmethod
    def _may_drive(user: dict[str, Any], crew: dict[str, Any]) -> bool:
        role = user["role"]
        if role in ("lead", "admin"):
            return True
        if role == "unit_staff":
            return user.get("unit_code") == crew["unit_code"]
        return role == "responder" and user.get("crew_id") == crew["id"]

    def run(self, *, interval: float = 2.0, steps: int | None = None) -> None:
        done = 0
        while steps is None or done < steps:
            self.step()
            done += 1
            if steps is None or done < steps:
                time.sleep(interval)

    def step(self) -> None:
        for crew in self.crews.values():
            try:
                self._step(crew)
            except httpx.HTTPError as error:  # one crew's trouble must not stop the others
                self.say(f"{crew.name}: {error}")

    # --- one crew -----------------------------------------------------------------------------------------

    def _step(self, crew: SimCrew) -> None:
        state = crew.api.get(f"/crews/{crew.id}")
        crew.version, crew.status = state["version"], state["status"]
        if state["current_case_id"] != crew.case_id:
            crew.case_id, crew.target, crew.on_site_steps = state["current_case_id"], None, 0
        if crew.case_id is None:
            if state["on_duty"] and crew.status == "off_duty":
                self._report(crew, "available", note="Започваме смяна.")
            elif not state["on_duty"] and crew.status == "available":
                self._report(crew, "off_duty", note="Край на смяната.")
            elif crew.status != "off_duty":
                crew.lat += self.rng.gauss(0, 0.0006)  # idle: a little drift around the base
                crew.lon += self.rng.gauss(0, 0.0008)
                self._position(crew)
            return
        self._answer_chat(crew)
        if crew.target is None:
            case = crew.api.get(f"/cases/{crew.case_id}")["case"]
            jitter = (self.rng.gauss(0, 0.004), self.rng.gauss(0, 0.005))
            crew.target = (
                case["lat"] if case["lat"] is not None else crew.lat + jitter[0],
                case["lon"] if case["lon"] is not None else crew.lon + jitter[1],
            )
        if crew.status in ("available", "off_duty"):
            self._report(crew, "en_route", note="Тръгваме към адреса.")
        elif crew.status == "en_route":
            crew.lat, crew.lon, left = _toward(crew.lat, crew.lon, crew.target, self.speed_m)
            self._position(crew)
            if left == 0.0:
                self._report(crew, "on_site", note="На място сме, оглеждаме.")
        elif crew.status == "on_site":
            crew.on_site_steps += 1
            if crew.on_site_steps >= ON_SITE_STEPS:
                self._report(
                    crew,
                    "done",
                    note="Приключихме на място.",
                    resolution="Екипът отстрани проблема на място. Благодарим за сигнала!",
                )

    def _report(self, crew: SimCrew, status: str, **fields: str) -> None:
        body = {"status": status, **fields}
        response = crew.api.post(f"/crews/{crew.id}/status", body, version=crew.version)
        if response.status_code == 412:  # changed meanwhile (a dispatch): once more with the new version
            crew.version = response.json()["current_version"]
            response = crew.api.post(f"/crews/{crew.id}/status", body, version=crew.version)
        if response.status_code != 200:
            self.say(f"{crew.name}: {status} refused: {response.status_code} {_detail(response)}")
            return
        state = response.json()
        crew.version, crew.status = state["version"], state["status"]
        if status == "done":
            crew.case_id, crew.target = None, None
        self.say(
            f"{crew.name}: {status}"
            + (f" (case {state['current_case_id']})" if state["current_case_id"] else "")
        )

    def _position(self, crew: SimCrew) -> None:
        response = crew.api.post(
            f"/crews/{crew.id}/position", {"lat": round(crew.lat, 6), "lon": round(crew.lon, 6)}
        )
        if response.status_code != 200:
            self.say(f"{crew.name}: position refused: {response.status_code} {_detail(response)}")

    def _answer_chat(self, crew: SimCrew) -> None:
        assert crew.case_id is not None
        messages = crew.api.get(f"/cases/{crew.case_id}/messages")
        me = crew.api.user["id"]
        unanswered = [
            m
            for m in messages
            if m["visibility"] == "crew" and m["author_user_id"] != me and m["id"] not in crew.answered
        ]
        for message in unanswered:
            crew.answered.add(message["id"])
        if unanswered:
            crew.api.post(
                f"/cases/{crew.case_id}/messages",
                {"body": f"Прието, екип „{crew.name}“.", "visibility": "crew"},
            )
            self.say(f"{crew.name}: answered {unanswered[-1]['body']!r}")
        if messages:
            crew.api.post(f"/cases/{crew.case_id}/messages/read", {"message_id": messages[-1]["id"]})


def simulate(
    server: str,
    users: list[str],
    password: str,
    *,
    interval: float,
    steps: int | None,
    speed_m: float,
    crew_ids: set[int] | None,
) -> int:
    """The command: log in, find the crews, run. Returns how many crews were driven."""
    with httpx.Client(timeout=15.0) as http:
        try:
            apis = [Api.login(http, server, user, password) for user in users]
        except httpx.HTTPError as error:
            raise SimulatorError(f"cannot reach {server}: {error}") from None
        simulator = Simulator(apis, speed_m=speed_m, crew_ids=crew_ids)
        if not simulator.crews:
            raise SimulatorError("these users may drive no active crew (responders drive their own crew)")
        print(f"driving {len(simulator.crews)} crews: {', '.join(c.name for c in simulator.crews.values())}")
        simulator.run(interval=interval, steps=steps)
        return len(simulator.crews)
